"""``autodiff.special``: scipy.special's (and ``torch.special``'s) functions, differentiable."""
from .ops import (digamma, erf, erfc, expit, gammaln, log_softmax, logit, logsumexp, polygamma,
                  softmax, xlogy)

__all__ = ["digamma", "erf", "erfc", "expit", "gammaln", "log_softmax", "logit", "logsumexp",
           "polygamma", "softmax", "xlogy"]
