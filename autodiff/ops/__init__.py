"""The library's primitives, registered through the public :func:`autodiff.primitive`.

Each module groups one family of ops; every op's numpy implementation, JVP rule and VJP rule
stand side by side. Rules are written with these same ops and Python operators, so they run on
raw numpy arrays when nothing traces them and are differentiated again when something does.
"""
from .comparison import *  # noqa: F401,F403
from .unary import *  # noqa: F401,F403
from .arithmetic import *  # noqa: F401,F403
from .shape import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .elementwise import *  # noqa: F401,F403
from .special import *  # noqa: F401,F403
from .rearrange import *  # noqa: F401,F403
from .products import *  # noqa: F401,F403
from .statistics import *  # noqa: F401,F403
from .contractions import *  # noqa: F401,F403
from .decompositions import *  # noqa: F401,F403
from .norms import *  # noqa: F401,F403
from .composites import *  # noqa: F401,F403
from .complex_parts import *  # noqa: F401,F403
from .numpy_elementwise import *  # noqa: F401,F403
from .arranging import *  # noqa: F401,F403
from .building import *  # noqa: F401,F403
from .calculus import *  # noqa: F401,F403
from .eig import *  # noqa: F401,F403
from .pseudo_inverse import *  # noqa: F401,F403
from .fourier import *  # noqa: F401,F403
from .sample_statistics import *  # noqa: F401,F403
from .interpolation import *  # noqa: F401,F403
from .convolution import *  # noqa: F401,F403
from .entropy_terms import *  # noqa: F401,F403
from .error_family import *  # noqa: F401,F403
from .gamma_family import *  # noqa: F401,F403
from .bessel import *  # noqa: F401,F403
from .scipy_linalg import *  # noqa: F401,F403
from .signal import *  # noqa: F401,F403
from .box_probability import *  # noqa: F401,F403
from .numpy_more import *  # noqa: F401,F403
from .exponential_integrals import *  # noqa: F401,F403
from .near_zero import *  # noqa: F401,F403
from .boxcox import *  # noqa: F401,F403
from .robust_losses import *  # noqa: F401,F403
from .zeta import *  # noqa: F401,F403
from .hypergeometric import *  # noqa: F401,F403
from .lambert import *  # noqa: F401,F403
from .circular import *  # noqa: F401,F403
