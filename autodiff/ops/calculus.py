"""Calculus on sampled values: ``numpy.gradient`` (second-order central differences inside,
one-sided ones at the edges) and ``numpy.trapezoid`` (the trapezoidal rule).

Both are linear in the samples, so they are written with slices and arithmetic; the spacing
(scalars or coordinate arrays) may be traced too.
"""
import numpy as np

from ._util import dtype_of, normalize_axis, shape_of
from .contractions import moveaxis
from .reductions import sum_
from .shape import astype, concatenate, getitem, reshape

__all__ = ["gradient", "trapezoid"]


def _along(f, a, b):
    """``f[a:b]`` along the first axis."""
    return getitem(f, (slice(a, b),))


def _column(c, ndim):
    """A per-sample coefficient (1-D) shaped to broadcast along the first of ``ndim`` axes."""
    if len(shape_of(c)) == 0:
        return c
    return reshape(c, (-1,) + (1,) * (ndim - 1))


def _uniform(f, h, edge_order):
    inner = (_along(f, 2, None) - _along(f, None, -2)) / (2.0 * h)
    f0, f1, f2 = _along(f, 0, 1), _along(f, 1, 2), _along(f, 2, 3)
    l0, l1, l2 = _along(f, -1, None), _along(f, -2, -1), _along(f, -3, -2)
    if edge_order == 1:
        first, last = (f1 - f0) / h, (l0 - l1) / h
    else:
        first = (-1.5 * f0 + 2.0 * f1 - 0.5 * f2) / h
        last = (0.5 * l2 - 2.0 * l1 + 1.5 * l0) / h
    return concatenate(first, inner, last, axis=0)


def _coordinates(f, x, edge_order):
    nd = len(shape_of(f))
    dx = getitem(x, (slice(1, None),)) - getitem(x, (slice(None, -1),))
    dx1, dx2 = getitem(dx, (slice(None, -1),)), getitem(dx, (slice(1, None),))
    a = _column(-dx2 / (dx1 * (dx1 + dx2)), nd)
    b = _column((dx2 - dx1) / (dx1 * dx2), nd)
    c = _column(dx1 / (dx2 * (dx1 + dx2)), nd)
    inner = a * _along(f, None, -2) + b * _along(f, 1, -1) + c * _along(f, 2, None)
    f0, f1, f2 = _along(f, 0, 1), _along(f, 1, 2), _along(f, 2, 3)
    l0, l1, l2 = _along(f, -1, None), _along(f, -2, -1), _along(f, -3, -2)
    d = [getitem(dx, i) for i in (0, 1, -2, -1)]
    if edge_order == 1:
        first, last = (f1 - f0) / d[0], (l0 - l1) / d[3]
    else:
        p, q = d[0], d[1]
        first = (-(2.0 * p + q) / (p * (p + q)) * f0 + (p + q) / (p * q) * f1
                 - p / (q * (p + q)) * f2)
        p, q = d[2], d[3]
        last = (q / (p * (p + q)) * l2 - (q + p) / (p * q) * l1
                + (2.0 * q + p) / (q * (p + q)) * l0)
    return concatenate(first, inner, last, axis=0)


def gradient(f, *varargs, axis=None, edge_order=1):
    """The gradient of sampled values ``f`` (``numpy.gradient``), differentiable in ``f`` and
    in the spacing.

    Parameters
    ----------
    f : Tensor or array_like
    *varargs : scalars or 1-D coordinate arrays
        None: unit spacing; one scalar: the spacing of every axis; else one per axis.
    axis : int or tuple of int, optional
    edge_order : {1, 2}

    Returns
    -------
    Tensor, or a tuple of them (one per axis) when more than one axis is differentiated.
    """
    shape = shape_of(f)
    axes = normalize_axis(axis, len(shape))
    if len(set(axes)) != len(axes):
        raise ValueError("duplicate value in 'axis'")
    if len(varargs) == 0:
        spacing = [1.0] * len(axes)
    elif len(varargs) == 1 and len(shape_of(varargs[0])) == 0:
        spacing = [varargs[0]] * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise TypeError("invalid number of arguments")
    if edge_order not in (1, 2):
        raise ValueError("'edge_order' greater than 2 not supported")
    if np.dtype(dtype_of(f)).kind not in "fc":
        f = astype(f, np.float64)
    out = []
    for ax, h in zip(axes, spacing):
        if shape[ax] < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at "
                             "least (edge_order + 1) elements are required.")
        moved = moveaxis(f, ax, 0)
        if len(shape_of(h)) == 0:
            g = _uniform(moved, h, edge_order)
        else:
            if shape_of(h)[0] != shape[ax]:
                raise ValueError("when 1d, distances must match the length of the "
                                 "corresponding dimension")
            g = _coordinates(moved, h, edge_order)
        out.append(moveaxis(g, 0, ax))
    return out[0] if len(out) == 1 else tuple(out)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral of samples ``y`` by the trapezoidal rule (``numpy.trapezoid``), differentiable in
    ``y`` and in the sample points ``x`` (or the spacing ``dx``)."""
    nd = len(shape_of(y))
    axis = normalize_axis(axis, nd)[0]
    moved = moveaxis(y, axis, -1)
    if x is None:
        d = dx
    else:
        d = getitem(x, (Ellipsis, slice(1, None))) - getitem(x, (Ellipsis, slice(None, -1)))
        if len(shape_of(x)) > 1:
            d = moveaxis(d, axis, -1)
    mids = (getitem(moved, (Ellipsis, slice(1, None)))
            + getitem(moved, (Ellipsis, slice(None, -1)))) * 0.5
    return sum_(d * mids, axis=-1)
