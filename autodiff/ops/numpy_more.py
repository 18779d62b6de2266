"""More of numpy as composites (functions JAX's ``jax.numpy`` differentiates that a scientist
reaches for): NaN-ignoring statistics and scans, polynomials, ``vander``, ``ldexp``,
``unwrap``, ``bincount`` weights, ``piecewise``, ``apply_along_axis``, and numpy 2's
``linalg.vector_norm``/``cross``/``trace``/``diagonal``, ``tensorsolve``/``tensorinv``, ``cond``.
(The surface modules ``numpy_gather.py`` and ``numpy_composites.py`` hold the rest.)

Every function is written with the registry's primitives, so both engines differentiate it to
any order; integer and boolean arguments (indices, masks, counts) are constants.
"""
import numpy as np

from ..core import Tensor
from ._util import dtype_of, normalize_axis, shape_of
from .comparison import isnan, where
from .complex_parts import conj as _conj, real as _real
from .composites import cross as _cross, diff as _diff
from .contractions import diagonal as _diagonal, moveaxis, trace as _trace
from .convolution import convolve
from .decompositions import inv as _inv, solve as _solve, svdvals as _svdvals
from .norms import linalg_norm
from .products import cumprod, cumsum, prod
from .reductions import sum_
from .shape import (_scatter_add, astype, broadcast_to, concatenate, getitem, reshape,
                    stack as _stack, transpose as _transpose)

__all__ = ["nanprod", "nanvar", "nanstd", "nancumsum", "nancumprod", "ediff1d", "polyadd",
           "polysub", "polymul", "polyder", "polyint", "vander", "ldexp", "unwrap",
           "vector_norm", "linalg_cross", "linalg_trace", "linalg_diagonal", "tensorsolve",
           "tensorinv", "cond", "diff_with_ends", "bincount", "piecewise", "apply_along_axis",
           "apply_over_axes"]


def _values(x):
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _nan_filled(a, fill):
    return where(isnan(a), fill, a)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, **kw):
    """Product of the entries that are not NaN (``numpy.nanprod``): NaNs count as one."""
    x = a if dtype is None else astype(a, dtype)
    return prod(_nan_filled(x, 1.0), axis=axis, keepdims=keepdims)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
    """Variance of the entries that are not NaN (``numpy.nanvar``)."""
    x = a if dtype is None else astype(a, dtype)
    keep = ~np.isnan(_values(x))
    count = np.sum(keep, axis=axis, keepdims=True)
    filled = _nan_filled(x, 0.0)
    mean = sum_(filled, axis=axis, keepdims=True) / count.astype(np.dtype(dtype_of(x)))
    dev = where(keep, x - mean, 0.0)
    sq = real_square(dev)
    n = np.sum(keep, axis=axis, keepdims=keepdims) - ddof
    return sum_(sq, axis=axis, keepdims=keepdims) / n.astype(np.dtype(dtype_of(sq)))


def real_square(x):
    """``|x|**2`` (``x * x`` for real ``x``)."""
    if np.dtype(dtype_of(x)).kind == "c":
        return _real(x * _conj(x))
    return x * x


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kw):
    """Standard deviation of the entries that are not NaN (``numpy.nanstd``)."""
    return nanvar(a, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims) ** 0.5


def nancumsum(a, axis=None, dtype=None, out=None):
    """Running sum with NaNs counted as zero (``numpy.nancumsum``)."""
    return cumsum(_nan_filled(a, 0.0), axis=axis, dtype=dtype)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Running product with NaNs counted as one (``numpy.nancumprod``)."""
    return cumprod(_nan_filled(a, 1.0), axis=axis, dtype=dtype)


def _flat(x):
    return reshape(x, (-1,))


def diff_with_ends(a, n=1, axis=-1, prepend=None, append=None):
    """``numpy.diff`` with ``prepend``/``append``: the values joined along ``axis`` (a scalar is
    broadcast to one slice) before the ``n``-th difference is taken."""
    parts = []
    shape = list(shape_of(a))
    ax = normalize_axis(axis, len(shape))[0]
    for end in (prepend, append):
        if end is None:
            parts.append(None)
            continue
        if np.ndim(_values(end)) == 0:
            one = list(shape)
            one[ax] = 1
            end = broadcast_to(end, tuple(one))
        parts.append(end)
    joined = [p for p in (parts[0], a, parts[1]) if p is not None]
    x = concatenate(*joined, axis=ax) if len(joined) > 1 else a
    return _diff(x, n=n, axis=ax)


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of consecutive elements of the flattened array, with optional values
    before and after (``numpy.ediff1d``)."""
    flat = _flat(ary)
    d = getitem(flat, slice(1, None)) - getitem(flat, slice(None, -1))
    parts = [_flat(astype_like(to_begin, d))] if to_begin is not None else []
    parts.append(d)
    if to_end is not None:
        parts.append(_flat(astype_like(to_end, d)))
    return concatenate(*parts, axis=0) if len(parts) > 1 else d


def astype_like(x, like):
    """``x`` as an array of ``like``'s dtype (a tensor stays differentiable)."""
    if isinstance(x, Tensor):
        return x
    return np.asarray(x, dtype=np.dtype(dtype_of(like)))


def _poly(p):
    """A coefficient array as a 1-D array (highest power first)."""
    if np.ndim(_values(p)) != 1:
        raise ValueError("polynomial coefficients must be a 1-D array (highest power first)")
    return p


def _padded_front(p, n):
    k = shape_of(p)[0]
    if k == n:
        return p
    return concatenate(np.zeros(n - k, dtype=np.dtype(dtype_of(p))), p, axis=0)


def polyadd(a1, a2):
    """Sum of two polynomials (``numpy.polyadd``; coefficients highest power first)."""
    a1, a2 = _poly(a1), _poly(a2)
    n = max(shape_of(a1)[0], shape_of(a2)[0])
    return _padded_front(a1, n) + _padded_front(a2, n)


def polysub(a1, a2):
    """Difference of two polynomials (``numpy.polysub``)."""
    a1, a2 = _poly(a1), _poly(a2)
    n = max(shape_of(a1)[0], shape_of(a2)[0])
    return _padded_front(a1, n) - _padded_front(a2, n)


def polymul(a1, a2):
    """Product of two polynomials (``numpy.polymul``): the convolution of the coefficients."""
    return convolve(_poly(a1), _poly(a2))


def polyder(p, m=1):
    """The ``m``-th derivative of a polynomial (``numpy.polyder``)."""
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = _poly(p)
    for _ in range(m):
        k = shape_of(p)[0]
        if k <= 1:
            return getitem(p, slice(0, 0)) if k == 0 else p * 0.0
        powers = np.arange(k - 1, 0, -1).astype(np.dtype(dtype_of(p)))
        p = getitem(p, slice(None, -1)) * powers
    return p


def polyint(p, m=1, k=None):
    """The ``m``-th antiderivative of a polynomial with integration constants ``k``
    (``numpy.polyint``)."""
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    p = _poly(p)
    consts = [0.0] * m if k is None else list(np.atleast_1d(k) if not isinstance(k, Tensor)
                                                else [getitem(k, i) for i in range(
                                                    shape_of(k)[0])] if shape_of(k) else [k])
    if len(consts) == 1 and m > 1:
        consts = consts * m
    if len(consts) < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    for i in range(m):
        n = shape_of(p)[0]
        powers = np.arange(n, 0, -1).astype(np.dtype(dtype_of(p)))
        c = consts[i]
        p = concatenate(p / powers, reshape(astype_like(c, p), (1,)), axis=0)
    return p


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of ``x``: columns are powers of ``x`` (``numpy.vander``)."""
    n = shape_of(x)[0] if N is None else N
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    cols = reshape(x, (-1, 1))
    out = [cols ** int(k) if k > 0 else cols * 0 + 1 for k in powers]
    return concatenate(*out, axis=1) if out else reshape(cols, (-1, 0))


def ldexp(x1, x2):
    """``x1 * 2**x2`` (``numpy.ldexp``), ``x2`` integer (no derivative)."""
    e = np.asarray(_values(x2))
    if e.dtype.kind not in "biu":
        raise TypeError("ldexp: the exponent x2 must be an integer array")
    return x1 * np.ldexp(1.0, e).astype(np.dtype(dtype_of(x1)) if np.dtype(
        dtype_of(x1)).kind == "f" else np.float64)


def unwrap(p, discont=None, axis=-1, *, period=2 * np.pi):
    """Phases with jumps larger than ``discont`` replaced by their ``period`` complement
    (``numpy.unwrap``): ``p`` plus a piecewise constant correction, so the derivative is the
    identity."""
    v = _values(p)
    correction = np.unwrap(v, discont=discont, axis=axis, period=period) - v
    return p + correction


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """The vector ``ord``-norm over ``axis`` (all elements, flattened, by default;
    ``numpy.linalg.vector_norm``)."""
    if axis is None:
        out = linalg_norm(_flat(x), ord=ord)
        return reshape(out, (1,) * len(shape_of(x))) if keepdims else out
    if isinstance(axis, tuple) and len(axis) > 1:
        ax = normalize_axis(axis, len(shape_of(x)))
        rest = [i for i in range(len(shape_of(x))) if i not in ax]
        moved = moveaxis(x, list(ax), list(range(len(rest), len(shape_of(x)))))
        flat = reshape(moved, tuple(shape_of(x)[i] for i in rest) + (-1,))
        out = linalg_norm(flat, ord=ord, axis=-1)
        if keepdims:
            shape = [1 if i in ax else d for i, d in enumerate(shape_of(x))]
            out = reshape(out, tuple(shape))
        return out
    return linalg_norm(x, ord=ord, axis=axis, keepdims=keepdims)


def linalg_cross(x1, x2, /, *, axis=-1):
    """Cross product of 3-element vectors along ``axis`` (``numpy.linalg.cross``)."""
    if shape_of(x1)[axis] != 3 or shape_of(x2)[axis] != 3:
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but "
                         "they are {} and {} dimensional instead.".format(
                             shape_of(x1)[axis], shape_of(x2)[axis]))
    return _cross(x1, x2, axis=axis)


def linalg_trace(x, /, *, offset=0, dtype=None):
    """Sum of the diagonal of the last two axes (``numpy.linalg.trace``)."""
    out = _trace(x, offset, -2, -1)
    return out if dtype is None else astype(out, dtype)


def linalg_diagonal(x, /, *, offset=0):
    """The diagonal of the last two axes (``numpy.linalg.diagonal``)."""
    return _diagonal(x, offset, -2, -1)


def tensorsolve(a, b, axes=None):
    """The ``x`` with ``tensordot(a, x, x.ndim) == b`` (``numpy.linalg.tensorsolve``)."""
    nd = len(shape_of(a))
    if axes is not None:
        allaxes = list(range(nd))
        for k in axes:
            allaxes.remove(k)
            allaxes.insert(nd, k)
        a = _transpose(a, allaxes)
    sol_shape = shape_of(a)[len(shape_of(b)):]
    n = int(np.prod(sol_shape))
    if int(np.prod(shape_of(b))) != n or int(np.prod(shape_of(a))) != n * n:
        raise np.linalg.LinAlgError("Input arrays must satisfy the requirement "
                                    "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])")
    x = _solve(reshape(a, (n, n)), reshape(b, (n,)))
    return reshape(x, tuple(sol_shape))


def tensorinv(a, ind=2):
    """The inverse of ``a`` under ``tensordot(., ., ind)`` (``numpy.linalg.tensorinv``)."""
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    shape = shape_of(a)
    out_shape = shape[ind:] + shape[:ind]
    n = int(np.prod(shape[ind:]))
    if int(np.prod(shape[:ind])) != n:
        raise np.linalg.LinAlgError("tensorinv: the first ind axes and the rest must hold "
                                    "the same number of elements")
    return reshape(_inv(reshape(a, (-1, n))), tuple(out_shape))


def cond(x, p=None):
    """The condition number of a matrix (``numpy.linalg.cond``): the ratio of the largest to
    the smallest singular value for ``p`` None, 2 or -2, else ``norm(x, p) * norm(inv(x), p)``.
    """
    if p is None or p in (2, -2):
        s = _svdvals(x)
        big, small = getitem(s, (Ellipsis, 0)), getitem(s, (Ellipsis, -1))
        return small / big if p == -2 else big / small
    return linalg_norm(x, ord=p, axis=(-2, -1)) * linalg_norm(_inv(x), ord=p, axis=(-2, -1))


def bincount(x, weights=None, minlength=0):
    """Sums of ``weights`` per value of the non-negative integers ``x`` (``numpy.bincount``);
    differentiable in ``weights``. Without weights the counts are integers (no derivative)."""
    idx = np.asarray(_values(x))
    if weights is None:
        return np.bincount(idx, minlength=minlength)
    if idx.ndim != 1 or np.ndim(_values(weights)) != 1 or idx.shape != np.shape(
            _values(weights)):
        raise ValueError("bincount: x and weights must be 1-D arrays of the same length")
    n = max(int(idx.max()) + 1 if idx.size else 0, minlength)
    w = weights if np.dtype(dtype_of(weights)).kind in "fc" else astype(weights, np.float64)
    return _scatter_add(w, shape=(n,), index=(idx,))


def piecewise(x, condlist, funclist, *args, **kw):
    """``numpy.piecewise``: each function of ``funclist`` (or constant) where its condition
    holds, the extra one (if given) where none does; differentiable through the functions."""
    shape = shape_of(x)
    # numpy's reading: a scalar, or a sequence whose first item is no array (for non-scalar
    # x), is one condition; otherwise the first axis lists the conditions
    if isinstance(condlist, Tensor):
        condlist = _values(condlist)
    if np.isscalar(condlist) or (len(shape) and not isinstance(
            condlist[0], (list, np.ndarray, Tensor))):
        condlist = [condlist]
    conds = [np.asarray(_values(c), bool) for c in condlist]
    conds = [np.broadcast_to(c, shape) for c in conds]
    if len(funclist) == len(conds) + 1:
        conds.append(~np.any(conds, axis=0) if conds else np.ones(shape, bool))
    elif len(funclist) != len(conds):
        raise ValueError(f"with {len(conds)} condition(s), either {len(conds)} or "
                         f"{len(conds) + 1} functions are expected")
    out = x * 0
    for cond, func in zip(conds, funclist):
        if not cond.any():
            continue
        if callable(func):
            piece = func(x, *args, **kw)       # evaluated everywhere, taken where cond holds
        else:
            piece = func
        out = where(cond, piece, out)
    return out


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """``numpy.apply_along_axis``: ``func1d`` on every 1-D slice along ``axis``, the results
    stacked (differentiable when ``func1d`` is written with differentiable operations)."""
    nd = len(shape_of(arr))
    ax = normalize_axis(axis, nd)[0]
    moved = moveaxis(arr, ax, -1)
    lead = shape_of(moved)[:-1]
    results = [func1d(getitem(moved, idx), *args, **kwargs) for idx in np.ndindex(*lead)]
    if not results:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    out = reshape(_stack(results), tuple(lead) + tuple(shape_of(results[0])))
    res_nd = len(shape_of(results[0]))
    # numpy puts the function's result axes where ``axis`` was
    return moveaxis(out, list(range(len(lead), len(lead) + res_nd)),
                    list(range(ax, ax + res_nd))) if res_nd else out


def apply_over_axes(func, a, axes):
    """``numpy.apply_over_axes``: ``func(a, axis)`` over each axis in turn, keeping the
    number of dimensions."""
    out = a
    for axis in np.atleast_1d(axes):
        res = func(out, int(axis))
        if len(shape_of(res)) == len(shape_of(out)):
            out = res
        elif len(shape_of(res)) == len(shape_of(out)) - 1:
            out = reshape(res, tuple(1 if i == normalize_axis(int(axis), len(shape_of(out)))[0]
                                     else d for i, d in enumerate(shape_of(out))))
        else:
            raise ValueError("function is not returning an array of the correct shape")
    return out
