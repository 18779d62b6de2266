"""More of PyTorch's top-level functions: ``ad.median``, ``ad.quantile``, ``ad.cummax``,
``ad.addmm``, ``ad.unique``, ``ad.chunk``, ``ad.cdist``, ...

Like :mod:`autodiff.torch_api`, these are thin wrappers with PyTorch's signatures (``dim``,
``keepdim``, named-tuple results, PyTorch's dtypes) over the ops, written as composites of
differentiable ops, so both engines and higher orders work without rules of their own. Where
PyTorch chooses elements by value (``median``, ``kthvalue``, ``mode``, ``cummax``) the choice is
made on the values with numpy, and the result is a differentiable gather of the chosen elements:
the gradient goes to the returned index, as in PyTorch. Functions PyTorch does not differentiate
(``unique``, ``histc``, ``bucketize``, ``nonzero``, the tests) return plain tensors.
"""
from __future__ import annotations

import builtins
import itertools

import numpy as np

from . import ops as _ops
from .core import Size, Tensor, get_default_dtype
from .core.trace import lift
from .promotion import float_result, promote, result_type
from .scipy.linalg import lu_factor as _lu_factor
from .scipy.linalg import solve_triangular as _solve_triangular
from .torch_api import (_ReturnType, _chosen_by_value, _data, _joined, bmm, return_types,
                        type_name)

__all__ = [
    "trunc", "fix", "frac", "fmod", "erfinv", "copysign", "nextafter", "ldexp", "frexp",
    "float_power", "rsqrt", "heaviside", "gcd", "lcm", "isclose", "allclose", "equal",
    "count_nonzero", "clamp_min", "clamp_max", "logaddexp2", "sgn", "signbit", "positive",
    "negative", "absolute",
    "median", "nanmedian", "quantile", "nanquantile", "kthvalue", "mode", "cummax", "cummin",
    "logcumsumexp", "std_mean", "var_mean", "aminmax", "msort",
    "take_along_dim", "narrow", "chunk", "tensor_split", "unbind", "select", "index_copy",
    "index_fill", "masked_select", "masked_scatter", "nonzero", "argwhere", "swapdims",
    "row_stack", "broadcast_tensors", "broadcast_shapes", "diag_embed", "tril_indices",
    "triu_indices", "block_diag", "cartesian_prod", "combinations",
    "unique", "unique_consecutive", "histc", "bucketize", "searchsorted",
    "addmm", "addmv", "baddbmm", "addbmm", "ger", "dist", "cdist", "renorm", "matrix_exp",
    "pinverse", "cholesky_solve", "triangular_solve", "lu",
    "logspace", "cumulative_trapezoid", "gradient",
    "is_complex", "complex", "polar", "view_as_real", "view_as_complex",
    "vander", "diff", "rot90", "hsplit", "vsplit", "dsplit", "slogdet",
    "atleast_1d", "atleast_2d", "atleast_3d", "fliplr", "flipud", "moveaxis", "movedim",
    "column_stack", "hstack", "vstack", "dstack", "matrix_power",
]


# -- helpers -------------------------------------------------------------------------------------
def _dim(dim, ndim):
    """``dim`` counted from the front, with PyTorch's message when it is out of range."""
    n = builtins.max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n


def _tensor(x):
    return x if isinstance(x, Tensor) else lift(np.asarray(x))


def _named(name, fields):
    """A named tuple printed as PyTorch's ``torch.return_types.NAME``."""
    def __new__(cls, *values):
        return tuple.__new__(cls, values)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"autodiff.return_types.{name}(\n{body})"

    def __reduce__(self):
        return (type(self), tuple(self))

    attrs = {"__new__": __new__, "__repr__": __repr__, "__reduce__": __reduce__,
             "_name": name, "_fields": tuple(fields),
             "__doc__": f"What ``{name}`` returns: ``({', '.join(fields)})``, a named tuple as "
                        f"in PyTorch."}
    for i, field in enumerate(fields):
        attrs[field] = property(lambda self, i=i: tuple.__getitem__(self, i),
                                doc=f"The ``{field}`` part of the result.")
    return type(name, (tuple,), attrs)


for _name in ("mode", "cummax", "cummin", "nanmedian"):
    setattr(return_types, _name, type(_name, (_ReturnType,), {
        "_name": _name, "__doc__": f"What ``{_name}`` returns: ``(values, indices)``, a named "
                                   f"tuple as in PyTorch."}))
return_types.aminmax = _named("aminmax", ("min", "max"))
return_types.frexp = _named("frexp", ("mantissa", "exponent"))
return_types.triangular_solve = _named("triangular_solve", ("solution", "cloned_coefficient"))
return_types.slogdet = _named("slogdet", ("sign", "logabsdet"))
return_types.linalg_slogdet = _named("linalg_slogdet", ("sign", "logabsdet"))
return_types.linalg_eig = _named("linalg_eig", ("eigenvalues", "eigenvectors"))
return_types.linalg_lstsq = _named("linalg_lstsq", ("solution", "residuals", "rank",
                                                    "singular_values"))
return_types.linalg_lu = _named("linalg_lu", ("P", "L", "U"))
return_types.linalg_lu_factor_ex = _named("linalg_lu_factor_ex", ("LU", "pivots", "info"))
return_types.linalg_cholesky_ex = _named("linalg_cholesky_ex", ("L", "info"))
return_types.linalg_inv_ex = _named("linalg_inv_ex", ("inverse", "info"))
return_types.linalg_solve_ex = _named("linalg_solve_ex", ("result", "info"))


def _gather_along(x, index, dim, keepdim):
    """``x``'s elements at ``index`` (one per slice, keepdim-shaped) along ``dim``:
    differentiable, the gradient going to the chosen elements."""
    values = _ops.take_along_axis(x, index, dim)
    if not keepdim:
        values = _ops.squeeze(values, (dim,))
        index = np.squeeze(index, dim)
    return values, lift(np.asarray(index, dtype=np.int64))


# -- elementwise ---------------------------------------------------------------------------------
def trunc(input):
    """The values rounded toward zero (integers stay as they are); its gradient is zero.

    Parameters
    ----------
    input : Tensor

    Returns
    -------
    Tensor
        Same dtype as ``input``.
    """
    if _data(input).dtype.kind in "biu":
        return _ops.astype(input, _data(input).dtype, copy=True)
    return _ops.trunc(input)


fix = trunc


def frac(input):
    """The fractional part, ``input - trunc(input)`` (sign of ``input``); gradient one.

    Parameters
    ----------
    input : Tensor
        A floating tensor (PyTorch refuses integers, as here).

    Returns
    -------
    Tensor
    """
    if _data(input).dtype.kind in "biu":
        raise NotImplementedError(f"\"frac_cpu\" not implemented for "
                                  f"'{type_name(_data(input).dtype)}'")
    return _ops.subtract(input, _ops.trunc(input))      # trunc's gradient is zero


def _binary(op, name, doc, to_float=False):
    def func(input, other):
        """The PyTorch function (its docstring is set below)."""
        args, _ = promote(input, other, to_float=to_float)
        return op(*args)
    func.__name__ = name
    func.__doc__ = (doc + "\n\nParameters\n----------\ninput, other : Tensor or number\n    "
                    "Promoted as in PyTorch.\n\nReturns\n-------\nTensor\n")
    return func


fmod = _binary(_ops.fmod, "fmod", "The C remainder ``input - trunc(input / other) * other`` "
               "(the sign of ``input``).")
copysign = _binary(_ops.copysign, "copysign", "``|input|`` with the sign of ``other``; "
                   "integers give the default float dtype.", to_float=True)
def logaddexp2(input, other):
    """``log2(2**input + 2**other)``, computed stably; floating tensors only, as PyTorch.

    Parameters
    ----------
    input, other : Tensor or number
        Promoted as in PyTorch.

    Returns
    -------
    Tensor
    """
    (a, b), dtype = promote(input, other)
    if dtype is not None and dtype.kind in "biu":
        raise NotImplementedError(f"\"logaddexp2_cpu\" not implemented for '{type_name(dtype)}'")
    return _ops.logaddexp2(a, b)


def erfinv(input):
    """The inverse error function; integers give the default float dtype.

    Parameters
    ----------
    input : Tensor

    Returns
    -------
    Tensor
    """
    return _ops.erfinv(float_result(input))


def rsqrt(input):
    """``1 / sqrt(input)``; integers give the default float dtype.

    Parameters
    ----------
    input : Tensor

    Returns
    -------
    Tensor
    """
    return _ops.reciprocal(_ops.sqrt(float_result(input)))


def nextafter(input, other):
    """The next floating point value after ``input`` toward ``other`` (no gradient).

    Parameters
    ----------
    input, other : Tensor
        Floating tensors.

    Returns
    -------
    Tensor
    """
    (a, b), dtype = promote(input, other)
    if dtype is not None and dtype.kind != "f":
        raise NotImplementedError(f"\"nextafter_cpu\" not implemented for '{type_name(dtype)}'")
    return lift(np.nextafter(_data(a), _data(b)))


def ldexp(input, other):
    """``input * 2 ** other``; the result is floating (the default float dtype for integers).

    Parameters
    ----------
    input : Tensor
    other : Tensor
        Exponents (integers).

    Returns
    -------
    Tensor
    """
    dtype = result_type(input, other)
    if dtype.kind in "biu":
        dtype = get_default_dtype()
    scale = np.power(2.0, _data(other).astype(np.float64)).astype(dtype)
    (x,), _ = promote(_ops.astype(input, dtype) if isinstance(input, Tensor) else input)
    return _ops.multiply(x, lift(scale))


def frexp(input):
    """Mantissa in ``[0.5, 1)`` and int32 exponent, ``input = mantissa * 2 ** exponent``.

    Parameters
    ----------
    input : Tensor
        A floating tensor.

    Returns
    -------
    return_types.frexp
        ``(mantissa, exponent)``; the mantissa is differentiable.
    """
    raw = _data(input)
    if raw.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = np.frexp(raw)
    scale = np.ldexp(np.ones_like(raw), -exponent)
    return return_types.frexp(_ops.multiply(input, lift(scale)),
                              lift(exponent.astype(np.int32)))


def float_power(input, exponent):
    """``input ** exponent`` in double precision (complex128 when either is complex).

    Parameters
    ----------
    input, exponent : Tensor or number

    Returns
    -------
    Tensor
        float64 or complex128.
    """
    complex_ = any(np.iscomplexobj(_data(a)) for a in (input, exponent))
    dtype = np.dtype(np.complex128 if complex_ else np.float64)
    args = [_ops.astype(a, dtype) if isinstance(a, Tensor) else np.asarray(a, dtype)
            for a in (input, exponent)]
    return _ops.power(*args)


def heaviside(input, values):
    """The Heaviside step: 0 below zero, 1 above, ``values`` at zero (no gradient).

    Parameters
    ----------
    input, values : Tensor
        Of one dtype, as PyTorch requires.

    Returns
    -------
    Tensor
    """
    a, b = _data(input), _data(values)
    if a.dtype != b.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    if a.dtype.kind == "c":
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    return lift(np.where(a == 0, b, a > 0).astype(a.dtype))


def _integer_pair(name, npfunc):
    def func(input, other):
        """The PyTorch function (its docstring is set below)."""
        (a, b), dtype = promote(input, other)
        if dtype is None or dtype.kind not in "iu":
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for "
                               f"'{type_name(dtype or np.float32)}'")
        return lift(npfunc(_data(a), _data(b)).astype(dtype))
    func.__name__ = name
    what = "greatest common divisor" if name == "gcd" else "least common multiple"
    func.__doc__ = (f"Elementwise {what} of integer tensors.\n\nParameters\n----------\ninput, other : "
                    f"Tensor\n    Integer tensors.\n\nReturns\n-------\nTensor\n")
    return func


gcd = _integer_pair("gcd", np.gcd)
lcm = _integer_pair("lcm", np.lcm)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Where ``|input - other| <= atol + rtol * |other|`` (a bool tensor).

    Parameters
    ----------
    input, other : Tensor
        Of one dtype, as PyTorch requires.
    rtol, atol : float
    equal_nan : bool
        Whether two NaNs count as close.

    Returns
    -------
    Tensor
        bool.
    """
    a, b = _data(input), _data(other)
    if isinstance(other, Tensor) and a.dtype != b.dtype:
        raise RuntimeError(f"{type_name(a.dtype)} did not match {type_name(b.dtype)}")
    if a.dtype.kind == "b":
        return lift(np.asarray(a == b))
    return lift(np.asarray(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """Whether every element of ``input`` is close to ``other`` (see :func:`isclose`).

    Returns
    -------
    bool
    """
    return bool(np.all(_data(isclose(input, other, rtol, atol, equal_nan))))


def equal(input, other) -> bool:
    """Whether the two tensors have the same shape and the same values.

    Returns
    -------
    bool
    """
    a, b = _data(input), _data(other)
    return a.shape == b.shape and bool(np.all(a == b))


def count_nonzero(input, dim=None):
    """The number of non-zero values over ``dim`` (all elements by default), as int64.

    Parameters
    ----------
    input : Tensor
    dim : int or tuple of ints, optional

    Returns
    -------
    Tensor
        int64.
    """
    raw = _data(input)
    axis = tuple(dim) if isinstance(dim, (list, tuple)) else dim
    return lift(np.asarray(np.count_nonzero(raw, axis=axis), dtype=np.int64))


def clamp_min(input, min):
    """The values limited from below by ``min`` (dtypes promote as in PyTorch; NaN stays NaN;
    at ``input == min`` the gradient goes to ``input``, as PyTorch's).

    Parameters
    ----------
    input : Tensor
    min : Tensor or number

    Returns
    -------
    Tensor
    """
    (x, bound), _ = promote(input, min)
    return _ops.where(_ops.logical_not(_ops.lt(x, bound)), x, bound)


def clamp_max(input, max):
    """The values limited from above by ``max`` (dtypes promote as in PyTorch; NaN stays NaN;
    at ``input == max`` the gradient goes to ``input``, as PyTorch's).

    Parameters
    ----------
    input : Tensor
    max : Tensor or number

    Returns
    -------
    Tensor
    """
    (x, bound), _ = promote(input, max)
    return _ops.where(_ops.logical_not(_ops.gt(x, bound)), x, bound)


def sgn(input):
    """The sign of real values; ``input / |input|`` (0 at 0) for complex ones.

    Parameters
    ----------
    input : Tensor

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.dtype.kind != "c":
        return _ops.sign(input)
    magnitude = _ops.abs(input)
    zero = _data(magnitude) == 0
    safe = _ops.where(lift(zero), lift(np.ones((), raw.real.dtype)), magnitude)
    return _ops.where(lift(zero), lift(np.zeros((), raw.dtype)),
                      _ops.divide(input, _ops.astype(safe, raw.dtype)))


def signbit(input):
    """Where the sign bit is set (negative values, ``-0.0``), a bool tensor.

    Parameters
    ----------
    input : Tensor

    Returns
    -------
    Tensor
        bool.
    """
    raw = _data(input)
    if raw.dtype.kind == "c":
        raise RuntimeError("signbit is not implemented for complex tensors.")
    return lift(np.signbit(raw))


def positive(input):
    """``input`` itself (``+input``); refused for bool tensors, as in PyTorch.

    Returns
    -------
    Tensor
    """
    if _data(input).dtype.kind == "b":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def negative(input):
    """``-input``; refused for bool tensors, as in PyTorch.

    Returns
    -------
    Tensor
    """
    if _data(input).dtype.kind == "b":
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If "
                           "you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    return _ops.negative(input)


def absolute(input):
    """``|input|`` (PyTorch's alias of ``abs``).

    Returns
    -------
    Tensor
    """
    return _ops.abs(input)


# -- reductions that choose elements by value ----------------------------------------------------
def _full_median(input, ignore_nan):
    """The lower median of all elements; ties share the gradient evenly, as PyTorch's
    full-reduction ``median`` does."""
    raw = _chosen_by_value(input, "median's choice")
    flat = raw.reshape(-1)
    if ignore_nan:
        flat = flat[~np.isnan(flat)] if flat.dtype.kind in "fc" else flat
    if flat.size == 0 or (flat.dtype.kind in "fc" and np.isnan(flat).any()):
        value = np.asarray(np.nan, raw.dtype)
        mask = np.isnan(raw) if raw.size and not ignore_nan else np.zeros(raw.shape, bool)
    else:
        value = np.sort(flat)[(flat.size - 1) // 2]
        mask = raw == value
    if raw.dtype.kind not in "fc" or not mask.any():
        return _ops.astype(_ops.sum(_ops.multiply(input, lift(np.zeros((), raw.dtype)))),
                           raw.dtype) + lift(np.asarray(value, raw.dtype))
    # exactly the median, whatever the rounding of a mean over the ties; the gradient 1/ties
    share = _ops.where(lift(mask), _ops.subtract(input, lift(np.asarray(value, raw.dtype))),
                       lift(np.zeros((), raw.dtype)))
    total = _ops.divide(_ops.sum(share), lift(np.asarray(mask.sum(), raw.dtype)))
    return _ops.add(total, lift(np.asarray(value, raw.dtype)))


def _kth_index(raw, dim, position, nan_wins):
    """The index (keepdim-shaped) of the element at sorted ``position`` along ``dim``; a NaN
    in a slice wins when ``nan_wins`` (PyTorch's ``median``), else NaNs sort last."""
    order = np.argsort(raw, axis=dim, kind="stable")
    if np.ndim(position) == 0:
        position = np.full(np.delete(raw.shape, dim) if raw.ndim else (), position)
        position = np.expand_dims(position, dim) if raw.ndim else position
    index = np.take_along_axis(order, np.asarray(position, np.int64), dim) if raw.ndim \
        else order
    if nan_wins and raw.dtype.kind in "fc":
        nans = np.isnan(raw)
        has = nans.any(axis=dim, keepdims=True)
        index = np.where(has, np.argmax(nans, axis=dim, keepdims=True), index)
    return index


def median(input, dim=None, keepdim=False):
    """The lower median (of an even count, the smaller of the two middle values), as PyTorch.

    ``median(input)``: of all elements; its gradient is shared by the elements equal to it.
    ``median(input, dim, keepdim=False)``: ``(values, indices)`` along ``dim``, a named tuple;
    the gradient goes to the element at the returned index. A NaN in a slice is its median.

    Parameters
    ----------
    input : Tensor
    dim : int, optional
    keepdim : bool

    Returns
    -------
    Tensor or return_types.median
    """
    if dim is None:
        return _full_median(input, ignore_nan=False)
    return _median_along(input, dim, keepdim, ignore_nan=False, result=return_types.median)


def nanmedian(input, dim=None, keepdim=False):
    """:func:`median` ignoring NaNs (NaN only where a slice holds nothing else).

    Parameters
    ----------
    input : Tensor
    dim : int, optional
    keepdim : bool

    Returns
    -------
    Tensor or return_types.nanmedian
    """
    if dim is None:
        return _full_median(input, ignore_nan=True)
    return _median_along(input, dim, keepdim, ignore_nan=True, result=return_types.nanmedian)


def _median_along(input, dim, keepdim, ignore_nan, result):
    raw = _chosen_by_value(input, "median's indices")
    if raw.ndim == 0:
        return result(input, lift(np.zeros((), np.int64)))
    dim = _dim(dim, raw.ndim)
    if raw.shape[dim] == 0:
        raise IndexError(f"median(): Expected reduction dim {dim} to have non-zero size.")
    if ignore_nan and raw.dtype.kind in "fc":
        count = (~np.isnan(raw)).sum(axis=dim, keepdims=True)
        position = np.maximum(count - 1, 0) // 2
    else:
        position = (raw.shape[dim] - 1) // 2
    index = _kth_index(raw, dim, position, nan_wins=not ignore_nan)
    return result(*_gather_along(input, index, dim, keepdim))


def kthvalue(input, k, dim=-1, keepdim=False):
    """The ``k``-th smallest value along ``dim`` (``k`` counts from 1) and its index.

    Parameters
    ----------
    input : Tensor
    k : int
    dim : int
    keepdim : bool

    Returns
    -------
    return_types.kthvalue
        ``(values, indices)``; the gradient goes to the element at the index.
    """
    raw = _chosen_by_value(input, "kthvalue's indices")
    dim = _dim(dim, raw.ndim)
    n = raw.shape[dim] if raw.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    if raw.ndim == 0:
        return return_types.kthvalue(input, lift(np.zeros((), np.int64)))
    index = _kth_index(raw, dim, k - 1, nan_wins=False)
    return return_types.kthvalue(*_gather_along(input, index, dim, keepdim))


def mode(input, dim=-1, keepdim=False):
    """The most frequent value along ``dim`` (the smallest among equally frequent ones) and
    the index of its last occurrence, as PyTorch on the CPU.

    Parameters
    ----------
    input : Tensor
    dim : int
    keepdim : bool

    Returns
    -------
    return_types.mode
        ``(values, indices)``; the gradient goes to the element at the index.
    """
    raw = _chosen_by_value(input, "mode's indices")
    if raw.ndim == 0:
        return return_types.mode(input, lift(np.zeros((), np.int64)))
    dim = _dim(dim, raw.ndim)
    rows = np.moveaxis(raw, dim, -1)
    flat = rows.reshape(-1, rows.shape[-1])
    index = np.empty(flat.shape[0], np.int64)
    for r, row in enumerate(flat):
        values, counts = np.unique(row, return_counts=True)
        value = values[np.argmax(counts)]
        index[r] = np.flatnonzero(row == value)[-1] if value == value else \
            np.flatnonzero(np.isnan(row))[-1]
    index = np.expand_dims(index.reshape(rows.shape[:-1]), dim)
    return return_types.mode(*_gather_along(input, index, dim, keepdim))


def _cumulative_extreme(name, better):
    result = getattr(return_types, name)

    def func(input, dim):
        """The PyTorch function (its docstring is set below)."""
        raw = _chosen_by_value(input, f"{name}'s indices")
        if raw.ndim == 0:
            return result(input, lift(np.zeros((), np.int64)))
        dim = _dim(dim, raw.ndim)
        rows = np.moveaxis(raw, dim, -1)
        index = np.zeros(rows.shape, np.int64)
        best = rows[..., 0].copy()
        at = np.zeros(rows.shape[:-1], np.int64)
        floating = raw.dtype.kind in "fc"
        for i in range(rows.shape[-1]):
            v = rows[..., i]
            # PyTorch: a NaN takes over, and only a later NaN replaces it
            if floating:
                take = np.isnan(v) | (~np.isnan(best) & better(v, best))
            else:
                take = better(v, best)
            best = np.where(take, v, best)
            at = np.where(take, i, at)
            index[..., i] = at
        index = np.moveaxis(index, -1, dim)
        return result(_ops.take_along_axis(input, index, dim), lift(index))
    func.__name__ = name
    func.__doc__ = (f"The running {name[3:]}imum along ``dim`` and the index where it was found "
                    f"(the last of equal values; a NaN takes over), as a named tuple; the "
                    f"gradient goes to the indexed elements.\n\nParameters\n----------\ninput : "
                    f"Tensor\ndim : int\n\nReturns\n-------\nreturn_types.{name}\n")
    return func


cummax = _cumulative_extreme("cummax", np.greater_equal)
cummin = _cumulative_extreme("cummin", np.less_equal)


def logcumsumexp(input, dim):
    """``log(cumsum(exp(input)))`` along ``dim``, computed stably.

    Parameters
    ----------
    input : Tensor
    dim : int

    Returns
    -------
    Tensor
    """
    if _data(input).dtype.kind in "biu":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for "
                                  f"'{type_name(_data(input).dtype)}'")
    x = input
    raw = _data(x)
    if raw.ndim == 0:
        return x
    dim = _dim(dim, raw.ndim)
    if raw.shape[dim] == 0:
        return x
    # shift by the running maximum's final value per slice (a constant: the result does not
    # depend on it), in double precision so that small terms do not underflow
    shift = np.max(np.where(np.isfinite(raw), raw, -np.inf), axis=dim, keepdims=True)
    shift = np.where(np.isfinite(shift), shift, 0).astype(np.float64)
    wide = _ops.astype(x, np.float64) if raw.dtype == np.float32 else x
    out = _ops.log(_ops.cumsum(_ops.exp(_ops.subtract(wide, lift(shift))), axis=dim))
    out = _ops.add(out, lift(shift))
    return _ops.astype(out, raw.dtype) if out.dtype != raw.dtype else out


def _statistic_mean(stat, name):
    def func(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
        """The PyTorch function (its docstring is set below)."""
        if isinstance(dim, bool):            # std_mean(input, unbiased)
            dim, unbiased = None, dim
        spread = stat(input, dim, unbiased, keepdim, correction=correction)
        return spread, _ops.mean(input, dim, keepdim)
    func.__name__ = name
    func.__doc__ = (f"``({name.split('_')[0]}, mean)`` over ``dim`` (all elements by default); "
                    f"``correction=1`` (unbiased) by default, as PyTorch.\n\nParameters\n"
                    f"----------\ninput : Tensor\ndim : int or tuple of ints, optional\n"
                    f"correction : int, optional\nkeepdim : bool\n\nReturns\n-------\n"
                    f"tuple of Tensor\n")
    return func


std_mean = _statistic_mean(_ops.std, "std_mean")
var_mean = _statistic_mean(_ops.var, "var_mean")


def aminmax(input, *, dim=None, keepdim=False):
    """``(min, max)`` over ``dim`` (all elements by default), a named tuple; ties share the
    gradient, as ``amin``/``amax``.

    Parameters
    ----------
    input : Tensor
    dim : int, optional
    keepdim : bool

    Returns
    -------
    return_types.aminmax
    """
    raw = _data(input)
    if raw.size == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    if dim is None:
        low, high = _ops.amin(input), _ops.amax(input)
        if keepdim:
            shape = (1,) * raw.ndim
            low, high = _ops.reshape(low, shape), _ops.reshape(high, shape)
        return return_types.aminmax(low, high)
    return return_types.aminmax(_ops.amin(input, dim, keepdim)[0],
                                _ops.amax(input, dim, keepdim)[0])


def msort(input):
    """The values sorted along the first dimension.

    Parameters
    ----------
    input : Tensor

    Returns
    -------
    Tensor
    """
    raw = _chosen_by_value(input, "msort's order")
    if raw.ndim == 0:
        return input
    return _ops.take_along_axis(input, np.argsort(raw, axis=0, kind="stable"), 0)


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan):
    name = "nanquantile" if ignore_nan else "quantile"
    raw = _chosen_by_value(input, f"{name}'s choice")
    if raw.dtype not in (np.float32, np.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    qs = np.asarray(_data(q), dtype=np.float64)
    if qs.ndim > 1:
        raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if isinstance(q, Tensor) and q.dtype != raw.dtype:
        raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
    for value in qs.reshape(-1):
        if not 0 <= value <= 1:
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {value:g}"
                               if qs.ndim == 0 else
                               f"{name}() q values must be in the range [0, 1]")
    x = input
    if dim is None:
        x, data = _ops.reshape(input, (-1,)), raw.reshape(-1)
        axis = 0
    else:
        axis, data = _dim(dim, raw.ndim), raw
        if raw.ndim == 0:
            x, data, axis = _ops.reshape(input, (1,)), raw.reshape(1), 0
    if data.shape[axis] == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    x = _ops.moveaxis(x, axis, -1)
    data = np.moveaxis(data, axis, -1)
    order = np.argsort(data, axis=-1, kind="stable")           # NaNs last
    nans = np.isnan(data)
    valid = (~nans).sum(-1, keepdims=True) if ignore_nan else np.full(
        data.shape[:-1] + (1,), data.shape[-1])
    flat_q = qs.reshape(-1)
    ranks = flat_q * (np.maximum(valid, 1) - 1)                 # (..., nq)
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)                                 # half to even, as PyTorch
    below = np.floor(ranks).astype(np.int64)
    above = np.ceil(ranks).astype(np.int64)
    weights = (ranks - below) if interpolation != "midpoint" else \
        np.where(above > below, 0.5, 0.0) + 0 * ranks
    # a slice with a NaN (or, ignoring NaNs, with nothing else) gives NaN: point at a NaN
    poison = nans.any(-1, keepdims=True) if not ignore_nan else (valid == 0)
    if poison.any():
        last = data.shape[-1] - 1
        below = np.where(poison, last, below)
        above = np.where(poison, last, above)
    low = _ops.take_along_axis(x, np.take_along_axis(order, below, -1), -1)
    high = _ops.take_along_axis(x, np.take_along_axis(order, above, -1), -1)
    w = lift(weights.astype(raw.dtype))
    # PyTorch's lerp: from the nearer end, so that weights 0 and 1 give the ends exactly
    near_low = lift(weights < 0.5)
    out = _ops.where(near_low, low + w * (high - low), high - (high - low) * (1 - w))
    if qs.ndim == 0:
        out = _ops.squeeze(out, (-1,))
    else:
        out = _ops.moveaxis(out, -1, 0)
    if keepdim:
        if dim is None:
            shape = (1,) * raw.ndim
        else:
            shape = list(raw.shape)
            if raw.ndim:
                shape[axis] = 1
            shape = tuple(shape)
        out = _ops.reshape(out, (len(flat_q),) + shape if qs.ndim else shape)
    return out


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-th quantiles over ``dim`` (all elements by default), interpolated as PyTorch
    (``linear``, ``lower``, ``higher``, ``midpoint``, ``nearest``); NaN where a slice holds
    NaN. A 1-D ``q`` adds a leading dimension.

    Parameters
    ----------
    input : Tensor
        float32 or float64.
    q : float or Tensor
        In ``[0, 1]``.
    dim : int, optional
    keepdim : bool
    interpolation : str

    Returns
    -------
    Tensor
    """
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=False)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """:func:`quantile` ignoring NaNs (NaN only where a slice holds nothing else).

    Parameters
    ----------
    input : Tensor
    q : float or Tensor
    dim : int, optional
    keepdim : bool
    interpolation : str

    Returns
    -------
    Tensor
    """
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=True)


# -- picking, splitting, writing -----------------------------------------------------------------
def take_along_dim(input, indices, dim=None):
    """``input``'s values at ``indices`` along ``dim`` (of the flattened tensor when ``dim`` is
    None); the other dimensions broadcast. Differentiable in ``input``.

    Parameters
    ----------
    input : Tensor
    indices : Tensor
        int64 indices.
    dim : int, optional

    Returns
    -------
    Tensor
    """
    idx = np.asarray(_data(indices))
    if idx.dtype.kind not in "iu":
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be int64 but got "
                           f"{np.dtype(idx.dtype).name}")
    if dim is None:
        return _ops.take_along_axis(_ops.reshape(input, (-1,)), idx.reshape(-1), 0)
    raw = _data(input)
    dim = _dim(dim, raw.ndim)
    if idx.ndim != raw.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {raw.ndim} dimensions for input, and "
                           f"{idx.ndim} dimensions for indices")
    a, b = list(raw.shape), list(idx.shape)
    a[dim] = b[dim] = 1
    shape = np.broadcast_shapes(tuple(a), tuple(b))
    x_shape = shape[:dim] + (raw.shape[dim],) + shape[dim + 1:]
    i_shape = shape[:dim] + (idx.shape[dim],) + shape[dim + 1:]
    x = input if raw.shape == x_shape else _ops.broadcast_to(input, x_shape)
    return _ops.take_along_axis(x, np.broadcast_to(idx, i_shape) % builtins.max(
        raw.shape[dim], 1), dim)


def narrow(input, dim, start, length):
    """The slice ``start:start + length`` of ``input`` along ``dim``.

    Parameters
    ----------
    input : Tensor
    dim, start, length : int

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim = _dim(dim, raw.ndim)
    start = int(_data(start)) if isinstance(start, Tensor) else start
    size = raw.shape[dim]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                         f"but got {start})")
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    return _ops.getitem(input, (slice(None),) * dim + (slice(start, start + length),))


def chunk(input, chunks, dim=0):
    """At most ``chunks`` pieces along ``dim``, each ``ceil(size / chunks)`` long (the last may
    be shorter, and there may be fewer pieces), as PyTorch.

    Parameters
    ----------
    input : Tensor
    chunks : int
    dim : int

    Returns
    -------
    tuple of Tensor
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    raw = _data(input)
    if raw.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    dim = _dim(dim, raw.ndim)
    size = raw.shape[dim]
    step = builtins.max(-(-size // chunks), 1)
    starts = list(range(0, size, step)) or [0]
    return tuple(narrow(input, dim, s, builtins.min(step, size - s)) for s in starts)


def tensor_split(input, indices_or_sections, dim=0):
    """Pieces along ``dim``: an int ``n`` gives ``n`` pieces whose sizes differ by at most one
    (the first ones longer), a list gives the split points, as ``numpy.array_split``.

    Parameters
    ----------
    input : Tensor
    indices_or_sections : int, list of ints or Tensor
    dim : int

    Returns
    -------
    tuple of Tensor
    """
    raw = _data(input)
    if raw.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    dim = _dim(dim, raw.ndim)
    spec = indices_or_sections
    if isinstance(spec, Tensor):
        spec = spec.tolist()
    size = raw.shape[dim]
    if isinstance(spec, (int, np.integer)):
        if spec <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {spec}")
        base, extra = divmod(size, int(spec))
        sizes = [base + 1] * extra + [base] * (int(spec) - extra)
        points = list(itertools.accumulate(sizes))[:-1]
    else:
        points = list(spec)
    bounds = [0] + points + [size]
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        lo, hi = builtins.min(builtins.max(lo, 0), size), builtins.min(builtins.max(hi, 0), size)
        out.append(_ops.getitem(input, (slice(None),) * dim + (slice(lo, builtins.max(lo, hi)),)))
    return tuple(out)


def select(input, dim, index):
    """The slice at ``index`` along ``dim`` (that dimension removed).

    Parameters
    ----------
    input : Tensor
    dim, index : int

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = _dim(dim, raw.ndim)
    size = raw.shape[dim]
    index = int(index)
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"[{', '.join(map(str, raw.shape))}] at dimension {dim}")
    return _ops.getitem(input, (slice(None),) * dim + (index % size,))


def unbind(input, dim=0):
    """The slices along ``dim``, as a tuple.

    Parameters
    ----------
    input : Tensor
    dim : int

    Returns
    -------
    tuple of Tensor
    """
    raw = _data(input)
    if raw.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = _dim(dim, raw.ndim)
    return tuple(select(input, dim, i) for i in range(raw.shape[dim]))


def _slices_at(raw, dim, index, name):
    idx = np.asarray(_data(index))
    if idx.ndim > 1 or idx.dtype.kind not in "iu":
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    dim = _dim(dim, raw.ndim)
    return (slice(None),) * dim + (idx.reshape(-1),), dim


def index_copy(input, dim, index, source):
    """A copy of ``input`` with the slices at ``index`` along ``dim`` replaced by ``source``'s;
    differentiable in both.

    Parameters
    ----------
    input : Tensor
    dim : int
    index : Tensor
        1-D int64.
    source : Tensor

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    where, _ = _slices_at(raw, dim, index, "index_copy_")
    if _data(source).dtype != raw.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, "
                           f"but got (self) {type_name(raw.dtype)} and (source) "
                           f"{type_name(_data(source).dtype)}")
    return _ops.index_update(input, where, source)


def index_fill(input, dim, index, value):
    """A copy of ``input`` with the slices at ``index`` along ``dim`` set to ``value``.

    Parameters
    ----------
    input : Tensor
    dim : int
    index : Tensor
        1-D int64.
    value : number or 0-d Tensor

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    where, _ = _slices_at(raw, dim, index, "index_fill_")
    if isinstance(value, Tensor):
        value = value if value.dtype == raw.dtype else _ops.astype(value, raw.dtype)
    else:
        value = raw.dtype.type(value)
    return _ops.index_update(input, where, value)


def masked_select(input, mask):
    """The values where ``mask`` (broadcast with ``input``) holds, as a 1-D tensor.

    Parameters
    ----------
    input : Tensor
    mask : Tensor
        bool.

    Returns
    -------
    Tensor
    """
    m = np.asarray(_data(mask))
    if m.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = np.broadcast_shapes(_data(input).shape, m.shape)
    x = input if _data(input).shape == shape else _ops.broadcast_to(input, shape)
    return _ops.getitem(x, np.broadcast_to(m, shape))


def masked_scatter(input, mask, source):
    """A copy of ``input`` with ``source``'s first values written, in order, where ``mask``
    holds; differentiable in both.

    Parameters
    ----------
    input : Tensor
    mask : Tensor
        bool, broadcastable to ``input``.
    source : Tensor
        At least as many elements as ``mask`` holds ``True``.

    Returns
    -------
    Tensor
    """
    m = np.asarray(_data(mask))
    if m.dtype != np.bool_:
        raise RuntimeError("masked_scatter_ only supports boolean masks, but got mask with "
                           f"dtype {np.dtype(m.dtype).name}")
    raw = _data(input)
    m = np.broadcast_to(m, raw.shape)
    count = int(m.sum())
    if _data(source).size < count:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    values = _ops.getitem(_ops.reshape(source, (-1,)), slice(0, count))
    if values.dtype != raw.dtype:
        values = _ops.astype(values, raw.dtype)
    return _ops.index_update(input, np.nonzero(m), values)


def nonzero(input, *, as_tuple=False):
    """The indices of the non-zero values: an ``(n, ndim)`` int64 tensor, or with
    ``as_tuple=True`` one 1-D tensor per dimension.

    Parameters
    ----------
    input : Tensor
    as_tuple : bool

    Returns
    -------
    Tensor or tuple of Tensor
    """
    raw = np.asarray(_chosen_by_value(input, "nonzero's indices"))
    if as_tuple:
        if raw.ndim == 0:
            return (lift(np.zeros(int(raw != 0), np.int64)),)
        return tuple(lift(i.astype(np.int64)) for i in np.nonzero(raw))
    return lift(np.argwhere(raw).astype(np.int64).reshape(-1, raw.ndim))


def argwhere(input):
    """The indices of the non-zero values, an ``(n, ndim)`` int64 tensor.

    Returns
    -------
    Tensor
    """
    return nonzero(input)


def swapdims(input, dim0, dim1):
    """``input`` with dimensions ``dim0`` and ``dim1`` exchanged.

    Returns
    -------
    Tensor
    """
    return _ops.swapaxes(input, dim0, dim1)


def broadcast_shapes(*shapes):
    """The shape the given shapes broadcast to.

    Returns
    -------
    Size
    """
    shapes = [(s,) if isinstance(s, int) else tuple(s) for s in shapes]
    result = list(shapes[0]) if shapes else []
    for j, shape in enumerate(shapes[1:], 1):
        if len(shape) > len(result):
            result = [1] * (len(shape) - len(result)) + result
        for i in range(-1, -len(shape) - 1, -1):
            if shape[i] == 1 or shape[i] == result[i]:
                continue
            if result[i] != 1:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {shape[i]} at "
                                   f"{i}! Mismatching argument at index {j} had {shape}; but "
                                   f"expected shape should be broadcastable to {result}")
            result[i] = shape[i]
    return Size(tuple(result))


def broadcast_tensors(*tensors):
    """The tensors broadcast to one shape; differentiable.

    Returns
    -------
    tuple of Tensor
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = np.broadcast_shapes(*[_data(t).shape for t in tensors])
    return tuple(t if _data(t).shape == shape else _ops.broadcast_to(t, shape) for t in tensors)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matrices with ``input``'s last dimension on their ``offset`` diagonal, in dimensions
    ``dim1`` and ``dim2`` of the result; differentiable.

    Parameters
    ----------
    input : Tensor
    offset, dim1, dim2 : int

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.ndim == 0:
        input, raw = _ops.reshape(input, (1,)), raw.reshape(1)
    ndim = raw.ndim + 1
    d1, d2 = _dim(dim1, ndim), _dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    k = raw.shape[-1]
    n = k + abs(offset)
    rows = np.arange(k) + builtins.max(-offset, 0)
    cols = np.arange(k) + builtins.max(offset, 0)
    batch = raw.shape[:-1]
    out = _ops.add_at(batch + (n, n), (Ellipsis, rows, cols), input)
    # out's last two dimensions are (dim1, dim2) in that order; move them into place
    rest = [i for i in range(ndim) if i not in (d1, d2)]
    order = [0] * ndim
    for src, dst in zip(range(ndim - 2), rest):
        order[dst] = src
    order[d1], order[d2] = ndim - 2, ndim - 1
    return _ops.transpose(out, tuple(order)) if order != list(range(ndim)) else out


def _indices(npfunc, name):
    def func(row, col, offset=0, *, dtype=np.int64, device=None, layout=None):
        """The PyTorch function (its docstring is set below)."""
        rows, cols = npfunc(row, offset, col)
        return lift(np.stack([rows, cols]).astype(dtype).reshape(2, -1))
    func.__name__ = name
    part = "lower" if name.startswith("tril") else "upper"
    func.__doc__ = (f"The coordinates of the {part} triangle of a ``row x col`` matrix (from "
                    f"the ``offset`` diagonal), a ``(2, n)`` int64 tensor, row by row."
                    f"\n\nParameters\n----------\nrow, col, offset : int\n\nReturns\n-------\n"
                    f"Tensor\n")
    return func


tril_indices = _indices(np.tril_indices, "tril_indices")
triu_indices = _indices(np.triu_indices, "triu_indices")


def block_diag(*tensors):
    """A block-diagonal matrix of the given tensors (0-d and 1-D ones count as one row);
    dtypes promote as in PyTorch; differentiable.

    Returns
    -------
    Tensor
    """
    mats = []
    for t in tensors:
        t = _tensor(t)
        nd = t.ndim
        if nd > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer "
                               f"dimensions. Input {len(mats)} has {nd} dimensions")
        mats.append(_ops.reshape(t, (1, -1) if nd < 2 else _data(t).shape) if nd < 2 else t)
    if not mats:
        return lift(np.zeros((1, 0), get_default_dtype()))
    dtype = result_type(*mats)
    rows = builtins.sum(_data(m).shape[0] for m in mats)
    cols = builtins.sum(_data(m).shape[1] for m in mats)
    out = None
    r = c = 0
    for m in mats:
        h, w = _data(m).shape
        m = m if m.dtype == dtype else _ops.astype(m, dtype)
        part = _ops.add_at((rows, cols), (slice(r, r + h), slice(c, c + w)), m)
        out = part if out is None else _ops.add(out, part)
        r, c = r + h, c + w
    return out


def cartesian_prod(*tensors):
    """Every combination of one element from each 1-D tensor, as rows of an ``(n, k)`` tensor
    (a single tensor is returned as it is); differentiable.

    Returns
    -------
    Tensor
    """
    if len(tensors) == 1:
        return tensors[0]
    grids = [_ops.reshape(g, (-1,)) for g in _meshgrid_ij(tensors)]
    return _ops.stack(grids, 1)


def _meshgrid_ij(tensors):
    sizes = [_data(t).shape[0] for t in tensors]
    out = []
    for i, t in enumerate(tensors):
        shape = [1] * len(tensors)
        shape[i] = sizes[i]
        out.append(_ops.broadcast_to(_ops.reshape(t, tuple(shape)), tuple(sizes)))
    return out


def combinations(input, r=2, with_replacement=False):
    """The length-``r`` combinations of a 1-D tensor's elements, as rows (in
    ``itertools.combinations`` order); differentiable.

    Parameters
    ----------
    input : Tensor
        1-D.
    r : int
    with_replacement : bool

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape [{', '.join(map(str, raw.shape))}]")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return lift(np.zeros((0,), raw.dtype))
    make = itertools.combinations_with_replacement if with_replacement else \
        itertools.combinations
    index = np.asarray(list(make(range(raw.shape[0]), r)), np.int64).reshape(-1, r)
    if index.shape[0] == 0:
        return lift(np.zeros((0, r), raw.dtype)) if r > 1 else lift(np.zeros((0,), raw.dtype))
    out = _ops.take(input, index, 0)
    return _ops.reshape(out, (-1,)) if r == 1 else out


# -- sets and bins (not differentiable, as in PyTorch) -------------------------------------------
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values (sorted), optionally with the inverse indices and the counts.

    Parameters
    ----------
    input : Tensor
    sorted : bool
        PyTorch's CPU result is sorted either way.
    return_inverse, return_counts : bool
    dim : int, optional
        Unique slices along ``dim`` instead of elements.

    Returns
    -------
    Tensor or tuple of Tensor
    """
    raw = np.asarray(_chosen_by_value(input, "unique's values"))
    axis = None if dim is None else _dim(dim, raw.ndim)
    values, inverse, counts = np.unique(raw, return_inverse=True, return_counts=True, axis=axis)
    if axis is None:
        inverse = inverse.reshape(raw.shape)
    else:
        inverse = inverse.reshape(-1)
    out = [lift(values)]
    if return_inverse:
        out.append(lift(inverse.astype(np.int64)))
    if return_counts:
        out.append(lift(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """The values with consecutive repeats collapsed, optionally with the inverse indices and
    the run lengths.

    Parameters
    ----------
    input : Tensor
    return_inverse, return_counts : bool
    dim : int, optional
        Collapse repeated slices along ``dim`` instead of elements.

    Returns
    -------
    Tensor or tuple of Tensor
    """
    raw = np.asarray(_chosen_by_value(input, "unique_consecutive's values"))
    if dim is None:
        flat = raw.reshape(-1)
        if flat.size == 0:
            starts = np.zeros(0, bool)
        else:
            starts = np.concatenate([[True], flat[1:] != flat[:-1]])
        values = flat[starts]
        inverse = (np.cumsum(starts) - 1).reshape(raw.shape)
    else:
        axis = _dim(dim, raw.ndim)
        rows = np.moveaxis(raw, axis, 0).reshape(raw.shape[axis], -1)
        starts = np.concatenate([[True], np.any(rows[1:] != rows[:-1], axis=1)]) \
            if rows.shape[0] else np.zeros(0, bool)
        values = np.compress(starts, raw, axis=axis)
        inverse = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), starts.size))
    out = [lift(values)]
    if return_inverse:
        out.append(lift(inverse.astype(np.int64)))
    if return_counts:
        out.append(lift(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def histc(input, bins=100, min=0, max=0):
    """A histogram of ``bins`` equal bins over ``[min, max]`` (the data's range when both are
    0); values outside are ignored, the last bin includes its right edge.

    Parameters
    ----------
    input : Tensor
        Floating.
    bins : int
    min, max : float

    Returns
    -------
    Tensor
        Of ``input``'s dtype.
    """
    raw = np.asarray(_chosen_by_value(input, "histc's counts"))
    if raw.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for "
                                  f"'{type_name(raw.dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histc(): bins must be > 0, but got {bins} for dimension 0")
    lo, hi = float(min), float(max)
    if lo == hi and raw.size:
        lo, hi = float(raw.min()), float(raw.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError(f"torch.histc(): max must be larger than min, but got min {min} "
                           f"max {max}")
    counts, _ = np.histogram(raw[np.isfinite(raw)], bins=bins, range=(lo, hi))
    return lift(counts.astype(raw.dtype))


def _search(sequence, values, right):
    side = "right" if right else "left"
    if sequence.ndim <= 1:
        return np.searchsorted(sequence, values, side=side)
    seq = sequence.reshape(-1, sequence.shape[-1])
    vals = values.reshape(seq.shape[0], -1)
    out = np.stack([np.searchsorted(s, v, side=side) for s, v in zip(seq, vals)])
    return out.reshape(values.shape)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """Where ``input``'s values would go in ``sorted_sequence`` (along its last dimension, the
    leading ones matching ``input``'s) to keep it sorted.

    Parameters
    ----------
    sorted_sequence : Tensor
    input : Tensor or number
    out_int32, right : bool
    side : {"left", "right"}, optional
    sorter : Tensor, optional
        Indices that sort ``sorted_sequence``.

    Returns
    -------
    Tensor
        int64 (int32 with ``out_int32``).
    """
    seq = np.asarray(_data(sorted_sequence))
    values = np.asarray(_data(input))
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but "
                               f"got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites,"
                               " got side of left while right was True")
        right = side == "right"
    if sorter is not None:
        seq = np.take_along_axis(seq, np.asarray(_data(sorter)), -1)
    if seq.ndim > 1 and seq.shape[:-1] != values.shape[:-1]:
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or "
                           f"the first N-1 dimensions of boundaries tensor and input value "
                           f"tensor must match, but we got boundaries tensor "
                           f"[{', '.join(map(str, seq.shape))}] and input value tensor "
                           f"[{', '.join(map(str, values.shape))}]")
    out = _search(seq, values, right)
    return lift(np.asarray(out, np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value by the 1-D sorted ``boundaries``: ``i`` with
    ``boundaries[i-1] < x <= boundaries[i]`` (``right=True``: ``<= x <``).

    Parameters
    ----------
    input : Tensor or number
    boundaries : Tensor
        1-D, sorted.
    out_int32, right : bool

    Returns
    -------
    Tensor
        int64 (int32 with ``out_int32``).
    """
    b = np.asarray(_data(boundaries))
    if b.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({b.ndim})")
    out = np.searchsorted(b, np.asarray(_data(input)), side="right" if right else "left")
    return lift(np.asarray(out, np.int32 if out_int32 else np.int64))


# -- products and distances ----------------------------------------------------------------------
def _scaled_sum(input, product, beta, alpha, name):
    """``beta * input + alpha * product``; with ``beta == 0`` ``input`` is ignored (its NaNs
    do not propagate), as PyTorch."""
    if alpha != 1:
        product = _ops.multiply(product, alpha)
    if beta == 0:
        shape = _data(product).shape
        np.broadcast_shapes(_data(input).shape, shape)
        return product
    base = input if beta == 1 else _ops.multiply(input, beta)
    (base, product), _ = promote(base, product)
    return _ops.add(base, product)


def _one_dtype(tensors, message):
    """PyTorch's products want one dtype: the message names the dtypes when they differ."""
    names = [type_name(_data(t).dtype) for t in tensors]
    if len(set(names)) > 1:
        raise RuntimeError(message(names))


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)`` for matrices (``input`` broadcasts).

    Parameters
    ----------
    input : Tensor
    mat1, mat2 : Tensor
        2-D.
    beta, alpha : number

    Returns
    -------
    Tensor
    """
    from_mm = _mm_checked(mat1, mat2)
    for other in (mat1, mat2):
        _one_dtype((input, other), lambda n: f"self and mat2 must have the same dtype, but got "
                   f"{n[0]} and {n[1]}")
    return _scaled_sum(input, from_mm, beta, alpha, "addmm")


def _mm_checked(mat1, mat2):
    a, b = _data(mat1), _data(mat2)
    if a.ndim != 2:
        raise RuntimeError("mat1 must be a matrix, got {}-D tensor".format(a.ndim))
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix, got {}-D tensor".format(b.ndim))
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]}"
                           f" and {b.shape[0]}x{b.shape[1]})")
    return _ops.matmul(mat1, mat2)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat @ vec)``.

    Parameters
    ----------
    input : Tensor
    mat : Tensor
        2-D.
    vec : Tensor
        1-D.
    beta, alpha : number

    Returns
    -------
    Tensor
    """
    a, v = _data(mat), _data(vec)
    if a.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {_data(input).ndim}, "
                           f"{a.ndim}, {v.ndim}")
    if a.shape[1] != v.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({_data(input).shape[0] if _data(input).ndim else 1}), "
                           f"mat ({a.shape[0]}x{a.shape[1]}), vec ({v.shape[0]})")
    _one_dtype((input, mat, vec), lambda n: f"addmv input tensors must have the same dtype, but "
               f"got {n[0]}, {n[1]}, and {n[2]}")
    return _scaled_sum(input, _ops.matmul(mat, vec), beta, alpha, "addmv")


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * (batch1 @ batch2)`` for stacks of matrices.

    Parameters
    ----------
    input : Tensor
    batch1, batch2 : Tensor
        3-D.
    beta, alpha : number

    Returns
    -------
    Tensor
    """
    product = bmm(batch1, batch2)
    _one_dtype((input, batch1), lambda n: f"expected scalar type {n[1]} but found {n[0]}")
    return _scaled_sum(input, product, beta, alpha, "baddbmm")


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * sum_i (batch1[i] @ batch2[i])``.

    Parameters
    ----------
    input : Tensor
    batch1, batch2 : Tensor
        3-D.
    beta, alpha : number

    Returns
    -------
    Tensor
    """
    product = _ops.sum(bmm(batch1, batch2), 0)
    return _scaled_sum(input, product, beta, alpha, "addbmm")


def ger(input, vec2):
    """The outer product of two 1-D tensors (PyTorch's older name of ``outer``).

    Returns
    -------
    Tensor
    """
    a, b = _data(input), _data(vec2)
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {a.ndim}-D"
                           if a.ndim != 1 else
                           f"outer: Expected 1-D argument vec2, but got {b.ndim}-D")
    (x, y), _ = promote(input, vec2)
    return _ops.outer(x, y)


def dist(input, other, p=2):
    """The ``p``-norm of ``input - other`` (broadcast); the gradient is zero where they are
    equal, as PyTorch.

    Parameters
    ----------
    input, other : Tensor
    p : float

    Returns
    -------
    Tensor
        0-d.
    """
    (a, b), _ = promote(input, other)
    diff = _ops.reshape(_ops.subtract(a, b), (-1,))
    return _ops.vector_norm(diff, ord=float(p))


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The ``p``-norm distances between the rows of ``x1`` (``..., P, M``) and of ``x2``
    (``..., R, M``): a ``..., P, R`` tensor.

    Parameters
    ----------
    x1, x2 : Tensor
    p : float
    compute_mode : str
        Accepted; the distances are always computed directly.

    Returns
    -------
    Tensor
    """
    a, b = _data(x1), _data(x2)
    if a.ndim < 2 or b.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {a.ndim}D")
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} "
                           f"X2: {b.shape[-1]}")
    if a.dtype.kind != "f" or b.dtype.kind != "f":
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: "
                           f"{type_name(a.dtype)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    diff = _ops.subtract(_ops.expand_dims(x1, -2), _ops.expand_dims(x2, -3))
    return _ops.vector_norm(diff, axis=-1, ord=float(p))


def renorm(input, p, dim, maxnorm):
    """Each slice along ``dim`` scaled down to ``p``-norm ``maxnorm`` where its norm exceeds
    it (by ``maxnorm / (norm + 1e-7)``, as PyTorch); differentiable.

    Parameters
    ----------
    input : Tensor
    p : float
    dim : int
    maxnorm : float

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.dtype.kind != "f":
        raise RuntimeError(f"renorm: expected a floating point or complex input, but got "
                           f"{type_name(raw.dtype)}")
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    dim = _dim(dim, raw.ndim)
    axes = tuple(i for i in range(raw.ndim) if i != dim)
    norms = _ops.vector_norm(input, axis=axes, keepdims=True, ord=float(p)) if axes else \
        _ops.abs(input)
    over = lift(_data(norms) > maxnorm)
    factor = _ops.where(over, _ops.divide(lift(np.asarray(maxnorm, raw.dtype)),
                                          _ops.add(norms, lift(np.asarray(1e-7, raw.dtype)))),
                        lift(np.ones((), raw.dtype)))
    return _ops.multiply(input, factor)


def matrix_exp(input):
    """The matrix exponential of a square matrix (of each in a batch).

    Returns
    -------
    Tensor
    """
    return _ops.expm(input)


def pinverse(input, rcond=1e-15):
    """The Moore-Penrose pseudo-inverse; singular values below ``rcond`` times the largest are
    treated as zero.

    Returns
    -------
    Tensor
    """
    return _ops.pinv(input, rcond=rcond)


def _tri_solve(a, b, lower, trans=0, unit=False):
    return _solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)


def cholesky_solve(B, L, upper=False):
    """Solve ``A X = B`` given ``A``'s Cholesky factor ``L`` (lower; upper with ``upper``).

    Parameters
    ----------
    B : Tensor
        ``(..., n, k)``.
    L : Tensor
        ``(..., n, n)``.
    upper : bool

    Returns
    -------
    Tensor
    """
    if _data(B).ndim < 2 or _data(L).ndim < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {_data(B).ndim} "
                           f"dimensions instead")
    if upper:                                   # A = U^T U
        y = _tri_solve(L, B, lower=False, trans=1)
        return _tri_solve(L, y, lower=False)
    y = _tri_solve(L, B, lower=True)            # A = L L^T
    return _tri_solve(L, y, lower=True, trans=1)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """Solve ``A X = b`` (``A^T X = b`` with ``transpose``) for a triangular ``A``.

    Parameters
    ----------
    b : Tensor
        ``(..., n, k)``.
    A : Tensor
        ``(..., n, n)``; only its upper (or lower) triangle is read.
    upper, transpose, unitriangular : bool

    Returns
    -------
    return_types.triangular_solve
        ``(solution, cloned_coefficient)``.
    """
    if _data(b).ndim < 2 or _data(A).ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected b to have at least 2 dimensions, "
                           f"but it has {_data(b).ndim} dimensions instead")
    x = _tri_solve(A, b, lower=not upper, trans=1 if transpose else 0, unit=unitriangular)
    return return_types.triangular_solve(x, _ops.astype(A, _data(A).dtype, copy=True))


def lu(A, pivot=True, get_infos=False):
    """The packed LU factorization with partial pivoting: ``(A_LU, pivots)`` (pivots int32,
    counting from 1, as LAPACK and PyTorch), and the int32 infos with ``get_infos``.

    Parameters
    ----------
    A : Tensor
        ``(..., n, n)``.
    pivot : bool
        Only ``True`` (pivoting) is supported, as on PyTorch's CPU.
    get_infos : bool

    Returns
    -------
    tuple of Tensor
    """
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    raw = _data(A)
    if raw.ndim < 2:
        raise RuntimeError(f"torch.linalg.lu_factor: Expected tensor with 2 or more dimensions. "
                           f"Got size: [{', '.join(map(str, raw.shape))}] instead")
    batch = raw.shape[:-2]
    flat = _ops.reshape(A, (-1,) + raw.shape[-2:])
    factors, pivots = [], []
    for i in range(int(np.prod(batch, dtype=np.int64))):
        packed, piv = _lu_factor(_ops.getitem(flat, i))
        factors.append(packed)
        pivots.append(np.asarray(piv) + 1)
    k = builtins.min(raw.shape[-2:])
    if factors:
        packed = _ops.reshape(_ops.stack(factors), raw.shape)
        piv = np.stack(pivots).reshape(batch + (k,)).astype(np.int32)
    else:
        packed, piv = A, np.zeros(batch + (k,), np.int32)
    out = (packed, lift(piv))
    if get_infos:
        out += (lift(np.zeros(batch, np.int32)),)
    return out


# -- creation and calculus -----------------------------------------------------------------------
def logspace(start, end, steps, base=10.0, *, dtype=None, requires_grad=False, device=None,
             layout=None, out=None):
    """``steps`` values from ``base ** start`` to ``base ** end``, evenly spaced in the
    exponent.

    Parameters
    ----------
    start, end : float
    steps : int
    base : float
    dtype : dtype, optional
        The default float dtype when not given.

    Returns
    -------
    Tensor
    """
    dt = np.dtype(dtype) if dtype is not None else get_default_dtype()
    exponents = np.linspace(float(_data(start)), float(_data(end)), int(steps))
    values = np.power(float(base), exponents)
    out = lift(values.astype(dt))
    if requires_grad:
        out.requires_grad_(True)
    return out


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running integral of ``y`` along ``dim`` by the trapezoidal rule (one element
    shorter than ``y``), with sample points ``x`` or spacing ``dx`` (default 1).

    Parameters
    ----------
    y : Tensor
    x : Tensor, optional
    dx : float, optional
    dim : int

    Returns
    -------
    Tensor
    """
    raw = _data(y)
    if raw.ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    dim = _dim(dim, raw.ndim)
    y = float_result(y)
    n = raw.shape[dim]
    head = (slice(None),) * dim
    mids = _ops.multiply(_ops.add(_ops.getitem(y, head + (slice(1, None),)),
                                  _ops.getitem(y, head + (slice(0, builtins.max(n - 1, 0)),))),
                         0.5)
    if x is not None:
        xr = _data(x)
        xdim = dim if xr.ndim == raw.ndim else 0
        xhead = (slice(None),) * xdim
        steps = _ops.subtract(_ops.getitem(x, xhead + (slice(1, None),)),
                              _ops.getitem(x, xhead + (slice(0, builtins.max(n - 1, 0)),)))
        if xr.ndim == 1 and raw.ndim > 1:
            shape = [1] * raw.ndim
            shape[dim] = builtins.max(n - 1, 0)
            steps = _ops.reshape(steps, tuple(shape))
        mids = _ops.multiply(mids, steps)
    elif dx is not None:
        mids = _ops.multiply(mids, dx)
    return _ops.cumsum(mids, axis=dim)


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The gradient by central differences (one-sided at the ends), one tensor per dimension
    in ``dim`` (all by default), as ``numpy.gradient``.

    Parameters
    ----------
    input : Tensor
    spacing : number, list of numbers, or list of coordinate tensors
    dim : int or list of ints, optional
    edge_order : {1, 2}

    Returns
    -------
    tuple of Tensor
    """
    raw = _data(input)
    dims = list(range(raw.ndim)) if dim is None else \
        ([dim] if isinstance(dim, int) else list(dim))
    dims = [_dim(d, raw.ndim) for d in dims]
    for d in dims:
        if raw.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least "
                               "edge_order+1")
    if isinstance(spacing, (list, tuple)):
        varargs = [s if isinstance(s, Tensor) else float(s) for s in spacing]
        if len(varargs) == 1 and len(dims) > 1:
            varargs = varargs * len(dims)
    else:
        varargs = [float(_data(spacing))] * len(dims)
    x = float_result(input)
    out = _ops.gradient(x, *varargs, axis=tuple(dims), edge_order=edge_order)
    if isinstance(out, (list, tuple)):
        return tuple(out)
    return (out,)


# -- complex numbers -----------------------------------------------------------------------------
def is_complex(input) -> bool:
    """Whether ``input``'s dtype is complex.

    Returns
    -------
    bool
    """
    return np.dtype(_data(input).dtype).kind == "c"


_COMPLEX_OF = {np.dtype(np.float32): np.dtype(np.complex64),
               np.dtype(np.float64): np.dtype(np.complex128),
               np.dtype(np.float16): np.dtype(np.complex64)}


def complex(real, imag):
    """The complex tensor ``real + 1j * imag`` (both float32 or both float64); differentiable.

    Returns
    -------
    Tensor
    """
    a, b = _data(real), _data(imag)
    if a.dtype != b.dtype:
        raise RuntimeError(f"Expected object of scalar type {type_name(a.dtype)} but got scalar "
                           f"type {type_name(b.dtype)} for second argument")
    if a.dtype not in _COMPLEX_OF:
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                           f"{type_name(a.dtype)} and {type_name(b.dtype)}")
    dtype = _COMPLEX_OF[a.dtype]
    return _ops.add(_ops.astype(real, dtype),
                    _ops.multiply(_ops.astype(imag, dtype), lift(np.asarray(1j, dtype))))


def polar(abs, angle):
    """The complex tensor ``abs * (cos(angle) + 1j * sin(angle))``; differentiable.

    Returns
    -------
    Tensor
    """
    return complex(_ops.multiply(abs, _ops.cos(angle)), _ops.multiply(abs, _ops.sin(angle)))


def view_as_real(input):
    """A complex tensor as a real one with a last dimension of 2 (real, imaginary). A copy
    here, not a view: writes to it do not reach ``input``.

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _ops.stack([_ops.real(input), _ops.imag(input)], -1)


def view_as_complex(input):
    """A real tensor whose last dimension is 2 as a complex one (a copy here, not a view).

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.dtype not in (np.float32, np.float64):
        raise RuntimeError(f"view_as_complex is only supported for float and double tensors, "
                           f"but got a tensor of scalar type: {type_name(raw.dtype)}")
    if raw.ndim == 0 or raw.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    return complex(_ops.getitem(input, (Ellipsis, 0)), _ops.getitem(input, (Ellipsis, 1)))


# -- PyTorch's spelling of functions numpy also has ----------------------------------------------
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D tensor: columns ``x ** (N-1), ..., x ** 0`` (increasing
    powers with ``increasing``); differentiable.

    Returns
    -------
    Tensor
    """
    if _data(x).ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    if N is not None and N < 0:
        raise RuntimeError("N must be non-negative.")
    if _data(x).dtype.kind == "b":
        x = _ops.astype(x, np.int64)
    return _ops.vander(x, N, increasing)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim``, ``prepend`` and ``append`` joined to
    ``input`` first; differentiable.

    Returns
    -------
    Tensor
    """
    raw = _data(input)
    if raw.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    dim = _dim(dim, raw.ndim)
    parts = [t for t in (prepend, input, append) if t is not None]
    x = _ops.cat(parts, dim) if len(parts) > 1 else input
    for _ in range(n):
        size = _data(x).shape[dim]
        head = (slice(None),) * dim
        later = _ops.getitem(x, head + (slice(1, None),))
        earlier = _ops.getitem(x, head + (slice(0, builtins.max(size - 1, 0)),))
        x = _ops.logical_xor(later, earlier) if _data(x).dtype.kind == "b" else \
            _ops.subtract(later, earlier)
    return x


def rot90(input, k=1, dims=(0, 1)):
    """``input`` rotated by ``k`` quarter turns in the plane of ``dims``, from the first toward
    the second.

    Returns
    -------
    Tensor
    """
    dims = tuple(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    return _ops.rot90(input, k, axes=dims)


_SPLIT_DIMS = {"hsplit": (1, 1), "vsplit": (2, 0), "dsplit": (3, 2)}


def _splitter(name):
    least, along = _SPLIT_DIMS[name]

    def split(input, indices_or_sections):
        """The PyTorch function (its docstring is set below)."""
        raw = _data(input)
        if raw.ndim < least:
            raise RuntimeError(f"torch.{name} requires a tensor with at least {least} dimension, "
                               f"but got a tensor with {raw.ndim} dimensions!")
        dim = 0 if name == "hsplit" and raw.ndim == 1 else along
        spec = indices_or_sections
        if isinstance(spec, Tensor):
            spec = spec.tolist()
        if isinstance(spec, (int, np.integer)):
            size = raw.shape[dim]
            if spec == 0 or size % spec:
                raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but "
                                   f"the size of the dimension {size} is not divisible by the "
                                   f"split_size {spec}!")
        return tensor_split(input, spec, dim)
    split.__name__ = name
    where = {"hsplit": "the second dimension (the first of a 1-D tensor)",
             "vsplit": "the first dimension", "dsplit": "the third dimension"}[name]
    split.__doc__ = (f"``input`` split along {where}: an int is a number of equal pieces (it "
                     f"must divide the size), a list the split points.\n\nReturns\n-------\n"
                     f"tuple of Tensor\n")
    return split


hsplit = _splitter("hsplit")
vsplit = _splitter("vsplit")
dsplit = _splitter("dsplit")


def slogdet(A):
    """``(sign, logabsdet)`` of the determinant, a named tuple; differentiable.

    Returns
    -------
    return_types.slogdet
    """
    return return_types.slogdet(*_ops.slogdet(A))


def _at_least(op, name):
    def func(*tensors):
        """The PyTorch function (its docstring is set below)."""
        if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
            return tuple(op(_tensor(t)) for t in tensors[0])
        out = tuple(op(_tensor(t)) for t in tensors)
        return out[0] if len(out) == 1 else out
    func.__name__ = name
    func.__doc__ = (f"Each tensor with at least {name[-2]} dimensions (as ``numpy.{name}``); one "
                    f"tensor gives a tensor, several (or a list) a tuple.\n\nReturns\n-------\n"
                    f"Tensor or tuple of Tensor\n")
    return func


atleast_1d = _at_least(_ops.atleast_1d, "atleast_1d")
atleast_2d = _at_least(_ops.atleast_2d, "atleast_2d")
atleast_3d = _at_least(_ops.atleast_3d, "atleast_3d")


def _flipper(op, name, dims):
    def func(input):
        """The PyTorch function (its docstring is set below)."""
        if _data(input).ndim < 2:
            raise RuntimeError("Input must be >= 2-d.")
        return op(input)
    func.__name__ = name
    func.__doc__ = (f"``input`` reversed along its {dims} dimension (at least 2-D).\n\nReturns\n"
                    f"-------\nTensor\n")
    return func


fliplr = _flipper(_ops.fliplr, "fliplr", "second")
flipud = _flipper(_ops.flipud, "flipud", "first")


def moveaxis(input, source, destination):
    """``input`` with the dimensions ``source`` moved to ``destination`` (ints or tuples), the
    others keeping their order.

    Returns
    -------
    Tensor
    """
    ndim = _data(input).ndim
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} "
                           f"dims) should contain the same number of dims as destination "
                           f"({list(dst)} dims)")
    src = tuple(_dim(d, ndim) for d in src)
    dst = tuple(_dim(d, ndim) for d in dst)
    return _ops.moveaxis(input, src, dst)


movedim = moveaxis


def _stacker(op, name, what):
    def func(tensors):
        """The PyTorch function (its docstring is set below)."""
        return op(_joined(tensors))
    func.__name__ = name
    func.__doc__ = (f"The tensors joined {what}; dtypes promote as in PyTorch.\n\nReturns\n"
                    f"-------\nTensor\n")
    return func


column_stack = _stacker(_ops.column_stack, "column_stack", "as columns")
hstack = _stacker(_ops.hstack, "hstack", "horizontally (along the first dimension of 1-D ones)")
vstack = row_stack = _stacker(_ops.vstack, "vstack", "as rows")
dstack = _stacker(_ops.dstack, "dstack", "along the third dimension")


def matrix_power(input, n):
    """The ``n``-th power of a square matrix (of each in a batch); negative ``n`` inverts.

    Returns
    -------
    Tensor
    """
    if _data(input).ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                           "dimensions.")
    return _ops.matrix_power(input, n)
