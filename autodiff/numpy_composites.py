"""More of numpy on tensors, each function written with the primitives (no rules of its own).

numpy 2's new names for old functions, the remaining NaN-aware reductions, polynomials,
``broadcast_arrays``, ``geomspace``/``logspace``, ``unwrap``, ``apply_along_axis``,
``piecewise``, ``histogram`` weights, the Hermitian FFTs, the tensor solves and the set
functions (their values gathered from the first occurrence, so the derivative reaches the
element each value came from). Functions that decide from the values (the set functions,
``unwrap``, ``piecewise``'s conditions) read them once, as constants; everything the result is
computed from keeps its derivative.
"""
from __future__ import annotations

import math

import numpy as np

from . import ops
from .core import Tensor
from .ops import building

__all__ = ["COMPOSITES", "UFUNC_COMPOSITES", "VALUES_ONLY"]


def _value(x, what):
    """The value of ``x`` where it only decides (no derivative flows through the decision)."""
    if isinstance(x, Tensor):
        x._check_value(f"{what} computed from a traced value")
        return x._data
    return np.asarray(x)


def _dtype(a):
    return a.dtype if hasattr(a, "dtype") else np.result_type(a)


def _float(a):
    """``a`` as numpy's float functions see it: integers become float64."""
    return a if np.dtype(_dtype(a)).kind in "fc" else ops.astype(a, np.float64)


def _no(name, **flags):
    wrong = [k for k, v in flags.items() if v]
    if wrong:
        raise TypeError(f"numpy.{name}: {', '.join(wrong)} is not supported on tensors (it "
                        f"writes into an array or returns diagnostics without a derivative); "
                        f"call numpy on plain arrays for it")


# -- shapes and aliases --------------------------------------------------------------------------
def _broadcast_arrays(*args, subok=False):
    shape = np.broadcast_shapes(*[np.shape(a) for a in args])
    return tuple(ops.broadcast_to(a, shape) for a in args)


def _ediff1d(ary, to_end=None, to_begin=None):
    parts = [ops.reshape(p, (-1,)) for p in (to_begin,) if p is not None]
    parts.append(ops.diff(ops.reshape(ary, (-1,))))
    parts += [ops.reshape(p, (-1,)) for p in (to_end,) if p is not None]
    dtype = _dtype(ary)
    parts = [ops.astype(p, dtype) if _dtype(p) != dtype else p for p in parts]
    return ops.concatenate(*parts) if len(parts) > 1 else parts[0]


# -- sequences -----------------------------------------------------------------------------------
def _logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    y = building.linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    out = np.power(base, y)                       # numpy's own formula, to the last bit
    return ops.astype(out, dtype) if dtype is not None else out


def _geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    # numpy's steps: rotate to positive, 10 ** linspace of the log10s, exact ends, rotate back
    start_v, stop_v = _value(start, "geomspace"), _value(stop, "geomspace")
    if np.any(start_v == 0) or np.any(stop_v == 0):
        raise ValueError("Geometric sequence cannot include zero")
    if np.iscomplexobj(start_v) or np.iscomplexobj(stop_v) or np.any(
            np.sign(start_v) != np.sign(stop_v)):
        raise TypeError("numpy.geomspace on tensors: complex endpoints or endpoints of "
                        "different signs are not supported; use positive (or both negative) "
                        "real endpoints")
    sign = np.sign(start_v)
    start, stop = _float(start / sign), _float(stop / sign)
    out = _logspace(np.log10(start), np.log10(stop), num=num, endpoint=endpoint, base=10.0)
    if num > 0:
        shape = np.shape(out)[1:]
        ends = [ops.reshape(ops.broadcast_to(start, shape), (1,) + shape)]
        if num > 1:
            stop_row = ops.reshape(ops.broadcast_to(stop, shape), (1,) + shape)
            ends += [out[1:-1], stop_row] if endpoint else [out[1:]]
        out = ops.concatenate(*[ops.astype(e, _dtype(out)) for e in ends])
    out = out * sign
    if axis != 0:
        out = ops.moveaxis(out, 0, axis)
    return ops.astype(out, dtype) if dtype is not None else out


def _vander(x, N=None, increasing=False):
    x = ops.reshape(x, (-1,))
    n = np.shape(x)[0] if N is None else int(N)
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    columns = [np.ones(np.shape(x), _dtype(x)) if p == 0 else x ** int(p) for p in powers]
    return ops.stack(columns, axis=1) if n else ops.reshape(x[:0], (np.shape(x)[0], 0))


def _unwrap(p, discont=None, axis=-1, *, period=2 * np.pi):
    # The correction numpy adds is a multiple of the period chosen from the values: a constant.
    values = _value(p, "numpy.unwrap's correction")
    correction = np.unwrap(values, discont=discont, axis=axis, period=period) - values
    return p + correction


# -- NaN-aware reductions ------------------------------------------------------------------------
def _zeroed(a, fill):
    a = _float(a)
    return ops.where(ops.isnan(a), fill, a)


def _nancumsum(a, axis=None, dtype=None, out=None):
    _no("nancumsum", out=out is not None)
    return ops.cumsum(_zeroed(a, 0.0), axis=axis, dtype=dtype)


def _nancumprod(a, axis=None, dtype=None, out=None):
    _no("nancumprod", out=out is not None)
    return ops.cumprod(_zeroed(a, 1.0), axis=axis, dtype=dtype)


def _nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    _no("nanprod", out=out is not None)
    kw = {} if initial is None else {"initial": initial}
    if where is not True:
        kw["where"] = where
    return np.prod(_zeroed(a, 1.0), axis=axis, dtype=dtype, keepdims=keepdims, **kw)


def _nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
            mean=None, correction=None):
    _no("nanvar", out=out is not None, mean=mean is not None)
    if correction is not None:
        ddof = correction
    a = _float(a)
    present = ~ops.isnan(a) if where is True else (~ops.isnan(a)) & where
    count = np.sum(_value(present, "nanvar's count"), axis=axis, keepdims=True)
    centre = ops.sum(ops.where(present, a, 0.0), axis=axis, keepdims=True) / count
    dev = ops.where(present, a - centre, 0.0)
    sq = dev * ops.conj(dev) if np.dtype(_dtype(a)).kind == "c" else dev * dev
    total = ops.sum(ops.real(sq) if np.dtype(_dtype(a)).kind == "c" else sq, axis=axis,
                    keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        dof = np.maximum(count - ddof, 0)
    out = total / dof
    if not keepdims:
        out = ops.squeeze(out, axis=axis) if axis is not None else ops.reshape(out, ())
    return ops.astype(out, dtype) if dtype is not None else out


def _nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
            mean=None, correction=None):
    return ops.sqrt(_nanvar(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                            correction=correction))


def _nan_along(reduce, a, axis, keepdims):
    """``reduce`` (a function of one 1-D array) applied to the non-NaN entries of each slice
    along ``axis`` (every entry when None)."""
    values = _value(a, "the NaN positions")
    if axis is None:
        flat = ops.reshape(a, (-1,))
        out = reduce(flat[np.flatnonzero(~np.isnan(values.ravel()))])
        return ops.reshape(out, np.shape(out) + (1,) * values.ndim) if keepdims else out
    axis = axis % values.ndim
    moved = ops.moveaxis(a, axis, -1)
    rest = np.shape(moved)[:-1]
    rows = ops.reshape(moved, (-1, values.shape[axis]))
    keep = ~np.isnan(np.moveaxis(values, axis, -1).reshape(-1, values.shape[axis]))
    results = [reduce(rows[i][np.flatnonzero(keep[i])]) for i in range(keep.shape[0])]
    stacked = ops.stack(results, axis=-1)                       # q's shape, then the rows
    out = ops.reshape(stacked, np.shape(stacked)[:-1] + rest)
    return ops.expand_dims(out, axis + np.ndim(stacked) - 1) if keepdims else out


def _nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                 keepdims=False, *, weights=None, interpolation=None):
    _no("nanquantile", out=out is not None, weights=weights is not None)
    method = interpolation or method
    return _nan_along(lambda row: ops.quantile(row, q, method=method), a, axis, keepdims)


def _nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                   keepdims=False, *, weights=None, interpolation=None):
    q = np.true_divide(_value(q, "percentile's q") if isinstance(q, Tensor) else q, 100)
    return _nanquantile(a, q, axis, out, overwrite_input, method, keepdims, weights=weights,
                        interpolation=interpolation)


def _nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _nanquantile(a, 0.5, axis, out, overwrite_input, "linear", keepdims)


# -- polynomials (highest power first, as numpy's poly* functions) ------------------------------
def _poly_pad(p, n):
    p = ops.reshape(p, (-1,))
    k = np.shape(p)[0]
    return ops.concatenate(np.zeros(n - k, _dtype(p)), p) if k < n else p


def _polyadd(a1, a2):
    n = max(np.size(a1), np.size(a2))
    return _poly_pad(a1, n) + _poly_pad(a2, n)


def _polysub(a1, a2):
    n = max(np.size(a1), np.size(a2))
    return _poly_pad(a1, n) - _poly_pad(a2, n)


def _polymul(a1, a2):
    return ops.convolve(ops.reshape(a1, (-1,)), ops.reshape(a2, (-1,)))


def _polyder(p, m=1):
    p = ops.reshape(_float(p), (-1,))
    for _ in range(int(m)):
        n = np.shape(p)[0] - 1
        p = p[:-1] * np.arange(n, 0, -1) if n > 0 else p[:0]
    return p if np.shape(p)[0] else np.zeros(1, _dtype(p))


def _polyint(p, m=1, k=None):
    p = ops.reshape(_float(p), (-1,))
    ks = np.zeros(m) if k is None else np.broadcast_to(k, (m,)) if np.ndim(k) == 0 else k
    for i in range(int(m)):
        n = np.shape(p)[0]
        p = ops.concatenate(p / np.arange(n, 0, -1), ops.reshape(ks[i], (1,)))
    return p


def _polydiv(u, v):
    u, v = ops.reshape(_float(u), (-1,)), ops.reshape(_float(v), (-1,))
    m, n = np.shape(u)[0] - 1, np.shape(v)[0] - 1
    scale = 1.0 / v[0]
    rem = [u[i] for i in range(m + 1)]
    quot = []
    for k in range(max(m - n + 1, 0)):
        d = scale * rem[k]
        quot.append(d)
        for j in range(n + 1):
            rem[k + j] = rem[k + j] - d * v[j]
    q = ops.stack(quot) if quot else np.zeros(1)
    r = ops.stack(rem[max(m - n + 1, 0):]) if m >= n else ops.stack(rem)
    # numpy strips the remainder's leading (near-)zeros
    r_val = _value(r, "polydiv's remainder length")
    lead = 0
    while lead < r_val.shape[0] - 1 and np.allclose(r_val[lead], 0, rtol=1e-14, atol=0):
        lead += 1
    return q, r[lead:]


def _polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    _no("polyfit", full=full, cov=cov)
    x, y = _float(x), _float(y)
    order = int(deg) + 1
    lhs = _vander(x, order)
    rhs = y
    if w is not None:
        lhs = lhs * ops.expand_dims(w, -1)
        rhs = rhs * (w if np.ndim(y) == 1 else ops.expand_dims(w, -1))
    if rcond is None:
        rcond = np.shape(x)[0] * np.finfo(np.float64).eps
    # numpy scales the columns to unit norm before solving (better conditioning)
    scale = ops.sqrt(ops.sum(lhs * lhs, axis=0))
    c = ops.lstsq(lhs / scale, rhs, rcond=rcond)[0]
    return c / scale if np.ndim(y) == 1 else c / ops.expand_dims(scale, -1)


def _roots(p):
    values = np.atleast_1d(_value(p, "numpy.roots' leading and trailing zeros"))
    if values.ndim != 1:
        raise ValueError("Input must be a rank-1 array.")
    nonzero = np.flatnonzero(values)
    if nonzero.size == 0:
        return np.array([])
    trailing = values.size - nonzero[-1] - 1
    p = ops.reshape(p, (-1,))[int(nonzero[0]):int(nonzero[-1]) + 1]
    n = np.shape(p)[0]
    if n > 1:
        first = ops.reshape(-p[1:] / p[0], (1, n - 1))
        companion = ops.concatenate(first, np.eye(n - 2, n - 1), axis=0)
        found = ops.eigvals(companion)
    else:
        found = np.zeros(0, _dtype(p))
    return ops.concatenate(found, np.zeros(trailing, _dtype(found))) if trailing else found


def _poly(seq_of_zeros):
    shape = np.shape(seq_of_zeros)
    if len(shape) == 2 and shape[0] == shape[1] and shape[0] != 0:
        seq_of_zeros = ops.eigvals(seq_of_zeros)
    elif len(shape) != 1:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    coeffs = np.ones(1)
    for k in range(np.shape(seq_of_zeros)[0]):
        coeffs = ops.convolve(coeffs, ops.stack([np.ones((), _dtype(seq_of_zeros)),
                                                 -seq_of_zeros[k]]))
    values = _value(seq_of_zeros, "numpy.poly's conjugate-pair test")
    if np.iscomplexobj(values):
        roots = np.asarray(values, dtype=complex)
        if np.array_equal(np.sort(roots[roots.imag > 0]), np.sort(np.conj(roots[roots.imag < 0]))):
            coeffs = ops.real(coeffs)
    return coeffs


# -- functions applied along axes, piecewise -----------------------------------------------------
def _apply_along_axis(func1d, axis, arr, *args, **kwargs):
    nd = np.ndim(arr)
    axis = axis % nd
    moved = ops.moveaxis(arr, axis, -1)
    outer = np.shape(moved)[:-1]
    results = [func1d(moved[index], *args, **kwargs) for index in np.ndindex(*outer)]
    if not results:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    stacked = ops.stack([r if isinstance(r, Tensor) else np.asarray(r) for r in results])
    inner = np.shape(stacked)[1:]
    out = ops.reshape(stacked, outer + inner)
    # numpy puts the function's result axes where the iterated axis was
    for i in range(len(inner)):
        out = ops.moveaxis(out, len(outer) + i, axis + i)
    return out


def _apply_over_axes(func, a, axes):
    for axis in np.atleast_1d(axes):
        axis = int(axis) % np.ndim(a)
        res = func(a, axis)
        if np.ndim(res) == np.ndim(a) - 1:
            res = ops.expand_dims(res, axis)
        elif np.ndim(res) != np.ndim(a):
            raise ValueError("function is not returning an array of the correct shape")
        a = res
    return a


def _piecewise(x, condlist, funclist, *args, **kw):
    shape = np.shape(x)
    conds = [np.asarray(_value(c, "numpy.piecewise's conditions"), dtype=bool)
             for c in (condlist if isinstance(condlist, (list, tuple)) else [condlist])]
    conds = [np.broadcast_to(c, shape) for c in conds]
    if len(funclist) == len(conds) + 1:                  # the last one: "otherwise"
        conds.append(~np.any(conds, axis=0) if conds else np.ones(shape, bool))
    if len(funclist) != len(conds):
        raise ValueError(f"with {len(conds)} condition(s), either {len(conds)} or "
                         f"{len(conds) + 1} functions are expected")
    dtype = _dtype(x)
    out = np.zeros(shape, dtype)
    for cond, func in zip(conds, funclist):
        if not np.any(cond):
            continue
        picked = func(x[cond], *args, **kw) if callable(func) else func
        values = ops.astype(ops.broadcast_to(picked, (int(cond.sum()),)), dtype)
        where = np.zeros(shape, np.int64)
        where[cond] = np.arange(1, int(cond.sum()) + 1)
        placed = ops.take(ops.concatenate(np.zeros(1, dtype), values), where)
        out = ops.where(cond, placed, out)
    return out


# -- counting with weights -----------------------------------------------------------------------
def _bincount(x, weights=None, minlength=0):
    index = np.asarray(_value(x, "numpy.bincount's bins"))
    if weights is None:
        return np.bincount(index, minlength=minlength)
    n = max(int(index.max()) + 1 if index.size else 0, int(minlength))
    return ops.add_at((n,), index, ops.reshape(_float(weights), (-1,)))


def _outer_edges(a, values, n_edges):
    """numpy's bin edges from the data's range (its smallest and largest value, widened by a
    half on each side when they are equal), which move with those two values."""
    lo, hi = np.min(a), np.max(a)
    if values.min() == values.max():
        lo, hi = lo - 0.5, hi + 0.5
    return building.linspace(_float(lo), _float(hi), n_edges)


def _edges(a, values, bins, range, edges):
    """The bin edges numpy found, as a function of ``a`` where they depend on it."""
    from_data = (isinstance(bins, (int, np.integer, str)) and range is None and values.size)
    return _outer_edges(a, values, len(edges)) if from_data else edges


def _bin_index(values, edges):
    """Each value's bin as numpy assigns it (the last bin closed), -1 outside."""
    n = len(edges) - 1
    index = np.searchsorted(edges, values, side="right") - 1
    index[values == edges[-1]] = n - 1
    index[(index < 0) | (index >= n)] = -1
    return index


def _histogram_bin_edges(a, bins=10, range=None, weights=None):
    values = np.asarray(_value(a, "numpy.histogram_bin_edges' bins")).ravel()
    edges = np.histogram_bin_edges(values, bins, range, weights=_value(weights, "weights")
                                   if weights is not None else None)
    return _edges(ops.reshape(a, (-1,)), values, bins, range, edges)


def _histogram(a, bins=10, range=None, density=None, weights=None):
    values = np.asarray(_value(a, "numpy.histogram's bins")).ravel()
    counts, edges = np.histogram(values, bins, range)
    if weights is not None:
        index = _bin_index(values, edges)
        inside = index >= 0
        counts = ops.add_at((len(edges) - 1,), index[inside],
                            ops.reshape(_float(weights), (-1,))[inside])
    edges = _edges(ops.reshape(a, (-1,)), values, bins, range, edges)
    if density:
        counts = counts / ops.sum(counts) / (edges[1:] - edges[:-1])
    return counts, edges


def _histogramdd(sample, bins=10, range=None, density=None, weights=None):
    if isinstance(sample, (list, tuple)):
        sample = ops.stack([ops.reshape(s, (-1,)) for s in sample], axis=1)
    values = np.asarray(_value(sample, "numpy.histogramdd's bins"))
    values = values if values.ndim == 2 else np.atleast_2d(values).T
    sample = ops.reshape(sample, values.shape)
    counts, edges = np.histogramdd(values, bins, range)
    d = values.shape[1]
    per_bins = list(bins) if isinstance(bins, (list, tuple)) else [bins] * d
    per_range = list(range) if range is not None else [None] * d
    if weights is not None:
        indices = [_bin_index(values[:, i], edges[i]) for i in np.arange(d)]
        inside = np.all([ix >= 0 for ix in indices], axis=0)
        counts = ops.add_at(np.shape(counts), tuple(ix[inside] for ix in indices),
                            ops.reshape(_float(weights), (-1,))[inside])
    edges = [_edges(sample[:, i], values[:, i], per_bins[i], per_range[i], edges[i])
             for i in np.arange(d)]
    if density:
        counts = counts / ops.sum(counts)
        for i in np.arange(d):
            shape = [1] * d
            shape[i] = -1
            counts = counts / ops.reshape(edges[i][1:] - edges[i][:-1], shape)
    return counts, edges


def _histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    counts, edges = _histogramdd((x, y), bins, range, density, weights)
    return counts, edges[0], edges[1]


# -- linear algebra and FFT ----------------------------------------------------------------------
def _cond(x, p=None):
    if p is None or p == 2 or p == -2:
        s = ops.svdvals(x)
        big, small = np.max(s, axis=-1), np.min(s, axis=-1)
        return big / small if p != -2 else small / big
    return ops.linalg_norm(x, p, (-2, -1)) * ops.linalg_norm(ops.inv(x), p, (-2, -1))


def _tensorinv(a, ind=2):
    shape = np.shape(a)
    rows = int(np.prod(shape[:ind]))
    inverse = ops.inv(ops.reshape(a, (rows, -1)))
    return ops.reshape(inverse, shape[ind:] + shape[:ind])


def _tensorsolve(a, b, axes=None):
    nd = np.ndim(a)
    if axes is not None:
        axes = [ax % nd for ax in axes]
        a = ops.transpose(a, [ax for ax in range(nd) if ax not in axes] + axes)
    shape = np.shape(a)[-(nd - np.ndim(b)):] if nd - np.ndim(b) else ()
    rows = int(np.prod(np.shape(b)))
    x = ops.solve(ops.reshape(a, (rows, -1)), ops.reshape(b, (rows,)))
    return ops.reshape(x, shape)


_SWAP_NORM = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def _hfft(a, n=None, axis=-1, norm=None, out=None):
    _no("fft.hfft", out=out is not None)
    return ops.irfft(ops.conj(a), n=n, axis=axis, norm=_SWAP_NORM[norm])


def _ihfft(a, n=None, axis=-1, norm=None, out=None):
    _no("fft.ihfft", out=out is not None)
    return ops.conj(ops.rfft(a, n=n, axis=axis, norm=_SWAP_NORM[norm]))


# -- set functions: values gathered from where they first occur ---------------------------------
def _first_positions(values, found):
    """Where each of ``found`` first occurs in the flat ``values``."""
    order = np.argsort(values, kind="stable")
    return order[np.searchsorted(values[order], found)]


def _unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
            equal_nan=True, sorted=True):
    values = np.asarray(_value(ar, "numpy.unique's result"))
    found = np.unique(values, return_index=True, return_inverse=return_inverse,
                      return_counts=return_counts, axis=axis, equal_nan=equal_nan)
    index = found[1]
    picked = ops.take(ar, index, axis=axis) if axis is not None else ops.take(
        ops.reshape(ar, (-1,)), index)
    extras = ((index,) if return_index else ()) + tuple(found[2:])
    return (picked, *extras) if extras else picked


def _union1d(ar1, ar2):
    return _unique(ops.concatenate(ops.reshape(ar1, (-1,)), ops.reshape(ar2, (-1,))))


def _intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    v1, v2 = (np.asarray(_value(a, "numpy.intersect1d's result")).ravel() for a in (ar1, ar2))
    _, i1, i2 = np.intersect1d(v1, v2, assume_unique=assume_unique, return_indices=True)
    picked = ops.take(ops.reshape(ar1, (-1,)), i1)
    return (picked, i1, i2) if return_indices else picked


def _setdiff1d(ar1, ar2, assume_unique=False):
    v1 = np.asarray(_value(ar1, "numpy.setdiff1d's result")).ravel()
    v2 = np.asarray(_value(ar2, "numpy.setdiff1d's result")).ravel()
    found = np.setdiff1d(v1, v2, assume_unique=assume_unique)
    index = np.arange(v1.size)[np.isin(v1, found)] if assume_unique else _first_positions(
        v1, found)
    return ops.take(ops.reshape(ar1, (-1,)), index)


def _setxor1d(ar1, ar2, assume_unique=False):
    v1 = np.asarray(_value(ar1, "numpy.setxor1d's result")).ravel()
    v2 = np.asarray(_value(ar2, "numpy.setxor1d's result")).ravel()
    found = np.setxor1d(v1, v2, assume_unique=assume_unique)
    both = np.concatenate([v1, v2])
    index = _first_positions(both, found)
    return ops.take(ops.concatenate(ops.reshape(ar1, (-1,)), ops.reshape(ar2, (-1,))), index)


def _unique_values(x):
    return _unique(x, equal_nan=False)


def _unique_counts(x):
    picked, counts = _unique(x, return_counts=True, equal_nan=False)
    return np.lib._arraysetops_impl.UniqueCountsResult(picked, counts)


def _unique_inverse(x):
    picked, inverse = _unique(x, return_inverse=True, equal_nan=False)
    return np.lib._arraysetops_impl.UniqueInverseResult(picked, np.reshape(inverse, np.shape(x)))


def _unique_all(x):
    picked, index, inverse, counts = _unique(x, True, True, True, equal_nan=False)
    return np.lib._arraysetops_impl.UniqueAllResult(picked, index,
                                                    np.reshape(inverse, np.shape(x)), counts)


# -- ufuncs that are composites here -------------------------------------------------------------
def _heaviside(x1, x2, **kw):
    x1 = _float(x1)
    step = ops.where(x1 < 0, 0.0, ops.where(x1 > 0, 1.0, x2))
    return ops.where(ops.isnan(x1), x1, step)


def _ldexp(x1, x2, **kw):
    exponent = np.asarray(_value(x2, "numpy.ldexp's exponent"))
    return _float(x1) * np.ldexp(np.ones((), np.dtype(_dtype(_float(x1)))), exponent)


def _frexp(x, **kw):
    mantissa, exponent = np.frexp(np.asarray(_value(x, "numpy.frexp's exponent")))
    return x * np.ldexp(np.ones((), mantissa.dtype), -exponent), exponent


def _modf(x, **kw):
    whole = np.trunc(np.asarray(_value(x, "numpy.modf's integral part")))
    return x - whole, whole


def _nextafter(x1, x2, **kw):
    # the next float after x1: x1 plus a constant step, so its derivative in x1 is one
    v1 = np.asarray(_value(x1, "numpy.nextafter's step"))
    return x1 + (np.nextafter(v1, np.asarray(_value(x2, "numpy.nextafter's direction"))) - v1)


def _divmod(x1, x2, **kw):
    return np.floor_divide(x1, x2), np.remainder(x1, x2)


COMPOSITES = {
    np.broadcast_arrays: _broadcast_arrays, np.ediff1d: _ediff1d, np.logspace: _logspace,
    np.geomspace: _geomspace, np.vander: _vander, np.unwrap: _unwrap,
    np.nancumsum: _nancumsum, np.nancumprod: _nancumprod, np.nanprod: _nanprod,
    np.nanvar: _nanvar, np.nanstd: _nanstd, np.nanquantile: _nanquantile,
    np.nanpercentile: _nanpercentile, np.nanmedian: _nanmedian,
    np.polyadd: _polyadd, np.polysub: _polysub, np.polymul: _polymul, np.polyder: _polyder,
    np.polyint: _polyint, np.polydiv: _polydiv, np.polyfit: _polyfit, np.roots: _roots,
    np.poly: _poly, np.apply_along_axis: _apply_along_axis,
    np.apply_over_axes: _apply_over_axes, np.piecewise: _piecewise, np.bincount: _bincount,
    np.histogram: _histogram, np.histogram_bin_edges: _histogram_bin_edges,
    np.histogramdd: _histogramdd, np.histogram2d: _histogram2d, np.i0: ops.i0,
    np.fix: lambda x, out=None: _no("fix", out=out is not None) or ops.trunc(_float(x)),
    np.linalg.cond: _cond, np.linalg.tensorinv: _tensorinv,
    np.linalg.tensorsolve: _tensorsolve, np.fft.hfft: _hfft, np.fft.ihfft: _ihfft,
    np.unique: _unique, np.union1d: _union1d, np.intersect1d: _intersect1d,
    np.setdiff1d: _setdiff1d, np.setxor1d: _setxor1d,
}
# numpy 2's names (present in the numpy this runs on)
for _owner, _name, _handler in [
        (np, "matrix_transpose", lambda x, /: ops.swapaxes(x, -1, -2)),
        (np, "astype", lambda x, dtype, /, *, copy=True, device=None: ops.astype(x, dtype,
                                                                                 copy=copy)),
        (np, "unique_values", _unique_values), (np, "unique_counts", _unique_counts),
        (np, "unique_inverse", _unique_inverse), (np, "unique_all", _unique_all),
        (np.linalg, "matmul", lambda x1, x2, /: ops.matmul(x1, x2)),
        (np.linalg, "tensordot", lambda x1, x2, /, *, axes=2: ops.tensordot(x1, x2, axes)),
        (np.linalg, "trace", lambda x, /, *, offset=0, dtype=None: ops.trace(
            x, offset, -2, -1) if dtype is None else ops.astype(ops.trace(x, offset, -2, -1),
                                                                 dtype)),
        (np.linalg, "diagonal", lambda x, /, *, offset=0: ops.diagonal(x, offset, -2, -1)),
        (np.linalg, "cross", lambda x1, x2, /, *, axis=-1: ops.cross(x1, x2, axis=axis)),
        (np.linalg, "vector_norm", lambda x, /, *, axis=None, keepdims=False, ord=2:
         _vector_norm(x, axis, keepdims, ord))]:
    if hasattr(_owner, _name):
        COMPOSITES[getattr(_owner, _name)] = _handler


def _vector_norm(x, axis, keepdims, ord):
    if axis is None:
        out = ops.linalg_norm(ops.reshape(x, (-1,)), ord)
        return ops.reshape(out, (1,) * np.ndim(x)) if keepdims else out
    return ops.linalg_norm(x, ord, axis, keepdims)


def _writes_in_place(name, instead):
    def refuse(*args, **kwargs):
        """Refuse: the function writes into its argument behind the engines' back."""
        raise TypeError(f"numpy.{name} writes into its argument in place, which a tensor's "
                        f"recorded history cannot follow; {instead}")
    refuse.refuses = "raises TypeError (writes in place)"
    return refuse


_IN_PLACE = {"copyto": "assign the result instead: dst = np.broadcast_to(src, shape)",
             "fill_diagonal": "build the matrix with ad.where(np.eye(n, dtype=bool), v, a)",
             "place": "use ad.where(mask, values, a)", "put": "use t[idx] = v on a tensor",
             "put_along_axis": "use t[idx] = v on a tensor",
             "putmask": "use ad.where(mask, values, a)"}
COMPOSITES.update({getattr(np, name): _writes_in_place(name, instead)
                   for name, instead in _IN_PLACE.items()})

UFUNC_COMPOSITES = {np.heaviside: _heaviside, np.ldexp: _ldexp, np.frexp: _frexp,
                    np.modf: _modf, np.divmod: _divmod, np.nextafter: _nextafter}

# Results without a derivative (indices, tests, counts, text): run on the values.
VALUES_ONLY = [getattr(np, name) for name in (
    "isneginf", "isposinf", "iscomplex", "isreal", "nanargmax", "nanargmin", "argpartition",
    "lexsort", "digitize", "einsum_path", "array2string", "array_repr", "array_str",
    "array_equiv", "may_share_memory", "shares_memory", "can_cast", "min_scalar_type",
    "common_type", "diag_indices_from", "tril_indices_from", "triu_indices_from", "ix_",
    "ravel_multi_index", "unravel_index", "packbits", "unpackbits", "spacing", "gcd", "lcm",
    "bitwise_and",
    "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift", "bitwise_count",
    "isnat", "busday_count", "busday_offset", "is_busday", "datetime_as_string", "save",
    "savetxt", "savez", "savez_compressed") if hasattr(np, name)] + [np.linalg.matrix_rank]
