"""``autodiff.special``: the same functions as :mod:`autodiff.scipy.special` (one
implementation), scipy.special's (and ``torch.special``'s) functions, differentiable."""
from .scipy.special import *  # noqa: F401,F403
from .scipy.special import __all__  # noqa: F401
