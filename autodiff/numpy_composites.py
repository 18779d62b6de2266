"""More of numpy on tensors, each function written with the primitives (no rules of its own).

``broadcast_arrays``, ``geomspace``/``logspace`` (numpy's own steps, bit for bit), the
NaN-aware quantiles, polynomial division, fitting and roots, the histogram family (weights and
edges differentiable), the Hermitian FFTs, the set functions (their values gathered from the
first occurrence, so the derivative reaches the element each value came from), the ufuncs with
two results, the functions without derivative, and the in-place writers, which refuse.
(``ops/numpy_more.py`` holds the composites that live in the ops layer.) Functions that decide
from the values (the set functions, the histogram's bins) read them once, as constants;
everything the result is computed from keeps its derivative.
"""
from __future__ import annotations

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


# -- NaN-aware reductions ------------------------------------------------------------------------


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
    lhs = ops.vander(x, order)
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


# -- histograms -------------------------------------------------------------------------------------

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
    np.broadcast_arrays: _broadcast_arrays, np.logspace: _logspace, np.geomspace: _geomspace,
    np.nanquantile: _nanquantile, np.nanpercentile: _nanpercentile, np.nanmedian: _nanmedian,
    np.polydiv: _polydiv, np.polyfit: _polyfit, np.roots: _roots, np.poly: _poly,
    np.histogram: _histogram, np.histogram_bin_edges: _histogram_bin_edges,
    np.histogramdd: _histogramdd, np.histogram2d: _histogram2d, np.fft.hfft: _hfft,
    np.fft.ihfft: _ihfft, np.unique: _unique, np.union1d: _union1d,
    np.intersect1d: _intersect1d, np.setdiff1d: _setdiff1d, np.setxor1d: _setxor1d,
}
# numpy 2's names (present in the numpy this runs on)
for _owner, _name, _handler in [
        (np, "unique_values", _unique_values), (np, "unique_counts", _unique_counts),
        (np, "unique_inverse", _unique_inverse), (np, "unique_all", _unique_all),
        (np.linalg, "matmul", lambda x1, x2, /: ops.matmul(x1, x2)),
        (np.linalg, "tensordot", lambda x1, x2, /, *, axes=2: ops.tensordot(x1, x2, axes))]:
    if hasattr(_owner, _name):
        COMPOSITES[getattr(_owner, _name)] = _handler


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

UFUNC_COMPOSITES = {np.heaviside: _heaviside, np.frexp: _frexp,
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
