"""autodiff: forward- and reverse-mode automatic differentiation over numpy.

Two engines share one op registry: dual numbers push tangents forward through each op's JVP rule
(:mod:`autodiff.engines.forward`), a tape pulls cotangents back through its VJP rule
(:mod:`autodiff.engines.reverse`). The package is a one-way house: :mod:`autodiff.core` (the value
box, levels, the registry), :mod:`autodiff.engines`, :mod:`autodiff.ops` (the primitives), and the
surfaces on top (the Tensor's methods, numpy's protocols, the transforms, the checker). The tensor
surface follows PyTorch, so ``import autodiff as torch`` runs the code of *Dive into Deep
Learning*'s section 2.5; the function transforms follow JAX.
"""
import numpy as _np

from . import core, engines, ops
from . import tensor_methods  # noqa: F401  (gives the Tensor its methods and operators)
from . import forward, graph
from .core import get_default_dtype, set_default_dtype
from .creation import (arange, as_tensor, empty, eye, from_numpy, full, full_like, linspace,
                       manual_seed, normal, ones, ones_like, rand, randn, tensor, zeros,
                       zeros_like)
from .creation import (bernoulli, binomial, get_rng_state, initial_seed, multinomial, poisson,
                       rand_like, randint, randint_like, randn_like, randperm, seed,
                       set_rng_state)
from .generator import Generator, default_generator
from . import random_methods
from .ops import (abs, amax, amin, astype, broadcast_to, cat, concatenate, cos, dot, eq, exp,
                  expand_dims, ge, gt, index_update, le, log, lt, matmul, maximum, mean, minimum,
                  ne, norm, outer, power, relu, reshape, sigmoid, sign, sin, sqrt, squeeze, stack,
                  sum, swapaxes, tanh, transpose, where)
from .ops import add, divide, floor_divide, multiply, negative, remainder, subtract
from .ops import (arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, cbrt, clamp, clip,
                  cosh, expm1, hypot, log1p, log2, log10, logaddexp, reciprocal, sinh, softplus,
                  square, tan)
from .ops import (digamma, erf, erfc, expit, gammaln, lgamma, log_softmax, logit, polygamma,
                  softmax, xlogy)
from .ops import cumprod, cumsum, logsumexp, prod, std, var
from .ops import (cholesky, det, diag, diagonal, eigh, eigvalsh, einsum, inner, inv, logdet,
                  matrix_norm, qr, slogdet, solve, svd, svdvals, tensordot, trace, vdot)
from .ops import (array_split, flip, moveaxis, pad, repeat, repeat_interleave, roll, sort, split,
                  take, take_along_axis, tile)
from .ops import ceil, floor, round
from .ops import (append, atleast_1d, atleast_2d, atleast_3d, average, column_stack, cross, diff,
                  hstack, kron, matrix_power, ravel, tril, triu, vstack)
# numpy's names with numpy's semantics; those PyTorch spells differently (select, median,
# meshgrid, quantile, asarray) are reached as np.NAME(tensor) or autodiff.ops.NAME instead
from .ops import (angle, array, c_, conj, conjugate, convolve, corrcoef, correlate, cov,
                  deg2rad, dsplit, dstack, eig, eigvals, exp2, fliplr, flipud, fmax, fmin, hsplit,
                  imag, interp, logaddexp2, lstsq, nan_to_num, nanmean, nansum, partition,
                  percentile, pinv, polyval, ptp, r_, rad2deg, real, real_if_close, rollaxis,
                  rot90, sinc, trapezoid, vsplit)
from . import linalg, scipy, special
from .core import (MissingRuleError, Primitive, Size, Tensor, enable_grad, inference_mode,
                   is_grad_enabled, is_inference_mode_enabled, no_grad, primitive,
                   set_grad_enabled)
from .engines import batching
from .transforms import grad, jvp, linearize, value_and_grad, vjp
from .jacobians import hessian, hvp, jacfwd, jacobian, jacrev
from .staging import ConcretizationError, jit
from .check import GradcheckError, GradcheckInputError, GradcheckReport, gradcheck
from . import optimize, pytree
from .pytree import tree_flatten, tree_map, tree_unflatten
from . import autograd, distributions, optim

__version__ = "0.1.0"

float32 = _np.dtype(_np.float32)
float64 = _np.dtype(_np.float64)
int32 = _np.dtype(_np.int32)
int64 = _np.dtype(_np.int64)
bool_ = _np.dtype(_np.bool_)
float = float32   # PyTorch spells the default float dtype torch.float
double = float64
long = int64

pow = power
mul = multiply
sub = subtract
div = divide
neg = negative
max = amax
min = amin
permute = transpose
movedim = moveaxis
asin, acos, atan, atan2 = arcsin, arccos, arctan, arctan2
asinh, acosh, atanh = arcsinh, arccosh, arctanh


def is_tensor(obj) -> bool:
    """True when ``obj`` is an :class:`autodiff.Tensor`."""
    return isinstance(obj, Tensor)


def numel(x) -> int:
    """Number of elements of ``x``."""
    return int(_np.size(x))     # a tensor answers from its shape, traced or not
