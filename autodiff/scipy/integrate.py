"""``autodiff.scipy.integrate.odeint``: scipy's ``odeint`` (LSODA), differentiable in the initial
state, the times and the extra arguments ``args``.

Reverse mode uses the adjoint method, as HIPS autograd and JAX do: it does not differentiate
through the solver's steps but integrates, backward in time from the last time to the first,
the state together with its adjoint ``a`` and the parameters' cotangent,

    dy/dt = f(y, t, *args),   da/dt = -a^T df/dy,   d(args_bar)/dt = -a^T df/dargs,

adding the output's cotangent at each requested time. Forward mode integrates the forward
sensitivity ``d(dy)/dt = df/dy dy + df/dargs dargs`` beside the state. The times enter through
the right-hand side alone: moving ``t_i`` moves ``y(t_i)`` by ``f(y(t_i), t_i) dt_i``, and moving
the initial time ``t_0`` is moving the initial state by ``-f(y_0, t_0) dt_0``. Both are again calls of
the same primitive on an augmented system whose right-hand side differentiates ``func`` with
:func:`autodiff.vjp` / :func:`autodiff.jvp`, so the rules differentiate again (second order,
when ``func`` is written with autodiff or numpy operations on its arguments).

The primitive lives here, not in ``autodiff/ops``, because its rules call the function
transforms on the user's ``func``.
"""
import importlib

import numpy as np

from ..core import Tensor, primitive
from ..ops import (astype, concatenate, cumsum, moveaxis, reshape, stack, sum_,
                  trapezoid as _trapezoid)
from ..ops.shape import getitem
from ..transforms import jvp as _jvp, vjp as _vjp

__all__ = ["odeint"]


def _odeint_impl(y0, t, *args, func, options):
    # LSODA's state is float64; the parameters join it in float64 too, so the user's function
    # sees one dtype (a tensor's `@` wants the same dtype on both sides, as PyTorch's does).
    wide = [astype(a, np.float64) if getattr(a, "dtype", None) == np.float32 else a
            for a in args]

    def rhs(y, tt):
        """The user's right-hand side on LSODA's float64 state."""
        return np.asarray(func(y, tt, *wide), dtype=np.float64)
    # scipy.integrate is loaded on the first integration, not with autodiff (a quarter second).
    lsoda = importlib.import_module("scipy.integrate").odeint
    out = lsoda(rhs, np.asarray(y0, dtype=np.float64), np.asarray(t, dtype=np.float64),
                **dict(options))
    # LSODA computes in float64; the result takes the inputs' float dtype, as a ufunc's would
    dtypes = [a.dtype for a in (y0, *args) if hasattr(a, "dtype")]
    dtype = np.result_type(*dtypes, 0.0) if dtypes else np.dtype(np.float64)
    return out.astype(dtype if dtype.kind == "f" else np.float64, copy=False)


_odeint = primitive(_odeint_impl, name="odeint", grad_fn_name="OdeintBackward0")


def _flat(values):
    """One vector of the arguments' entries (the augmented systems carry them as state)."""
    parts = [reshape(v, (-1,)) for v in values]
    if not parts:
        return np.zeros(0)
    return concatenate(*parts) if len(parts) > 1 else parts[0]


def _slopes(ans, t, args, func):
    """``f(y(t_i), t_i)`` at every requested time, one row each (the user's ``func`` takes one
    state at a time)."""
    return stack([func(getitem(ans, i), getitem(t, i), *args) for i in range(np.shape(t)[0])])


def _unflat(vector, likes):
    out, start = [], 0
    for like in likes:
        shape = np.shape(like)
        size = int(np.prod(shape))
        out.append(reshape(getitem(vector, slice(start, start + size)), shape))
        start += size
    return out


@_odeint.defjvp
def _odeint_jvp(tangents, ans, y0, t, *args, func, options):
    n, m = np.shape(y0)[0], len(args)
    dy0, dt = tangents[0], tangents[1]
    dy0 = dy0 if dy0 is not None else np.zeros(np.shape(y0))
    dargs = [d if d is not None else np.zeros(np.shape(a)) for d, a in zip(tangents[2:], args)]
    if dt is not None:
        dy0 = dy0 - func(y0, getitem(t, 0), *args) * getitem(dt, 0)

    def sensitivity(state, tt, *params):
        """The state and its tangent moved together (forward sensitivities)."""
        y, dy = getitem(state, slice(0, n)), getitem(state, slice(n, 2 * n))
        ps, dps = params[:m], params[m:]
        fy, dfy = _jvp(lambda y_, *ps_: func(y_, tt, *ps_), (y, *ps), (dy, *dps))
        return concatenate(fy, dfy)

    out = _odeint(concatenate(y0, dy0), t, *args, *dargs, func=sensitivity, options=options)
    out = getitem(out, (slice(None), slice(n, 2 * n)))
    if dt is not None:
        out = out + _slopes(ans, t, args, func) * reshape(dt, (-1, 1))
    return out


@_odeint.defvjp
def _odeint_vjp(g, ans, y0, t, *args, func, options):
    n = np.shape(y0)[0]
    sizes = [int(np.size(a)) for a in args]
    k = sum(sizes)

    def adjoint(state, tt, *params):
        """The state, its adjoint and the parameters' cotangent, integrated backward."""
        y, a = getitem(state, slice(0, n)), getitem(state, slice(n, 2 * n))
        fy, pull = _vjp(lambda y_, *ps_: func(y_, tt, *ps_), y, *params)
        cts = pull(a)
        return concatenate(fy, -cts[0], -_flat(cts[1:])) if k else concatenate(fy, -cts[0])

    y_bar = getitem(g, -1)
    args_bar = np.zeros(k)
    for i in range(np.shape(t)[0] - 1, 0, -1):
        state = concatenate(getitem(ans, i), y_bar, args_bar) if k else concatenate(
            getitem(ans, i), y_bar)
        segment = stack([getitem(t, i), getitem(t, i - 1)])
        out = getitem(_odeint(state, segment, *args, func=adjoint, options=options), -1)
        y_bar = getitem(out, slice(n, 2 * n)) + getitem(g, i - 1)
        if k:
            args_bar = getitem(out, slice(2 * n, 2 * n + k))
    # d/dt_i: the output's cotangent along the slope there; t_0 also moves the start (above)
    t_bar = sum_(g * _slopes(ans, t, args, func), axis=-1)
    t_bar = t_bar - _start_term(y_bar, y0, t, args, func)
    return (y_bar, t_bar, *(_unflat(args_bar, args) if k else []))


def _start_term(y_bar, y0, t, args, func):
    """``y_bar . f(y_0, t_0)`` in the first entry of a vector shaped like ``t``."""
    slope = sum_(y_bar * func(y0, getitem(t, 0), *args))
    return slope * np.eye(1, np.shape(t)[0])[0]


def odeint(func, y0, t, args=(), Dfun=None, col_deriv=0, full_output=0, ml=None, mu=None,
           rtol=None, atol=None, tcrit=None, h0=0.0, hmax=0.0, hmin=0.0, ixpr=0, mxstep=0,
           mxhnil=0, mxordn=12, mxords=5, printmessg=0, tfirst=False):
    """Integrate ``dy/dt = func(y, t, *args)`` from ``y0`` and return ``y`` at the times ``t``
    (``scipy.integrate.odeint``), differentiable in ``y0``, ``t`` and ``args``.

    Parameters
    ----------
    func : callable
        ``func(y, t, *args)`` (``func(t, y, *args)`` when ``tfirst``), written with autodiff or
        numpy operations so that it can be differentiated.
    y0 : Tensor or array_like
        Initial state, 1-D (a scalar is one state).
    t : Tensor or array_like
        Monotonic times, ``t[0]`` the initial one; differentiable (moving ``t_i`` moves
        ``y(t_i)`` along ``func``; moving ``t[0]`` moves the start).
    args : tuple
        Extra arguments of ``func``: arrays or scalars, each differentiable.
    rtol, atol, h0, hmax, hmin, mxstep, tcrit, ...
        Passed to scipy's solver (also for the adjoint and sensitivity systems). ``Dfun``,
        ``col_deriv``, ``ml``, ``mu`` are accepted and not used (they only help the solver).

    Returns
    -------
    Tensor or ndarray, shape ``(len(t), len(y0))``
    """
    if full_output:
        raise ValueError("odeint: full_output is not supported on the differentiable "
                                  "path; call scipy.integrate.odeint on plain arrays for it")
    if not isinstance(t, Tensor) and not _traced(t):
        t = np.asarray(t, dtype=np.float64)
    t = reshape(t, (-1,)) if np.ndim(t) != 1 else t
    if not isinstance(args, tuple):
        args = (args,)
    if any(np.iscomplexobj(getattr(v, "_data", v)) for v in (y0, *args)):
        # scipy's LSODA is real: it would drop the imaginary parts with only a warning.
        raise TypeError("odeint integrates real systems; write a complex system as its real and "
                        "imaginary parts (a real state of twice the length)")
    user = func
    if tfirst:
        def func(y, tt, *a):
            """The user's ``func(t, y, ...)`` called as ``func(y, t, ...)``."""
            return user(tt, y, *a)
    options = {"rtol": rtol, "atol": atol, "tcrit": tcrit, "h0": h0, "hmax": hmax, "hmin": hmin,
               "ixpr": ixpr, "mxstep": mxstep, "mxhnil": mxhnil, "mxordn": mxordn,
               "mxords": mxords, "printmessg": printmessg}
    options = tuple(sorted(options.items()))
    y0 = reshape(y0, (-1,)) if np.ndim(y0) != 1 else y0
    return _odeint(y0, t, *args, func=func, options=options)


def _traced(x) -> bool:
    return getattr(x, "_trace", None) is not None and getattr(x._trace, "level", 0) > 0


# == Quadrature of samples (what jax.scipy.integrate has beside odeint) =======================
__all__ += ["trapezoid", "cumulative_trapezoid", "simpson"]


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The trapezoidal rule along ``axis`` (``scipy.integrate.trapezoid``); differentiable in
    ``y``, ``x`` and ``dx``."""
    return _trapezoid(y, x=x, dx=dx, axis=axis)


def cumulative_trapezoid(y, x=None, dx=1.0, axis=-1, initial=None):
    """The running trapezoidal integral along ``axis`` (``scipy.integrate.
    cumulative_trapezoid``); ``initial`` (0 only, as scipy) prepends the empty integral.

    Parameters
    ----------
    y : Tensor or array_like
    x : Tensor or array_like, optional
        Sample points along ``axis`` (1-D, or ``y``'s shape); else spacing ``dx``.
    dx : float or Tensor
    axis : int
    initial : 0 or None
    """
    if initial is not None and not (np.ndim(initial) == 0 and float(initial) == 0.0):
        raise ValueError("`initial` must be `None` or `0`.")
    ndim = np.ndim(y._data if isinstance(y, Tensor) else y)
    ax = axis % ndim
    y = moveaxis(y, ax, -1)
    n = np.shape(y._data if isinstance(y, Tensor) else y)[-1]
    if x is None:
        widths = dx
    else:
        xv = x if np.ndim(x._data if isinstance(x, Tensor) else x) == 1 else moveaxis(x, ax, -1)
        widths = getitem(xv, (Ellipsis, slice(1, None))) - getitem(xv, (Ellipsis,
                                                                         slice(None, -1)))
    pieces = (getitem(y, (Ellipsis, slice(1, None))) + getitem(y, (Ellipsis,
                                                                    slice(None, n - 1)))) * 0.5
    out = cumsum(pieces * widths, axis=-1)
    if initial is not None:
        shape = np.shape(out._data if isinstance(out, Tensor) else out)[:-1] + (1,)
        out = concatenate(np.zeros(shape, (out._data if isinstance(out, Tensor) else
                                           np.asarray(out)).dtype), out, axis=-1)
    return moveaxis(out, -1, ax)


def simpson(y, x=None, *, dx=1.0, axis=-1):
    """Simpson's rule along ``axis`` (``scipy.integrate.simpson``, with scipy's treatment of an
    even number of samples); differentiable in ``y`` (and ``dx``). The rule is linear in ``y``:
    its weights are scipy's own result on the unit vectors, so the values are scipy's.

    Parameters
    ----------
    y : Tensor or array_like
    x : array_like, optional
        Sample points, a constant (the weights' dependence on ``x`` is not differentiated: a
        traced ``x`` raises TypeError).
    dx : float or Tensor
    axis : int
    """
    if x is not None and isinstance(x, Tensor):
        raise TypeError("simpson: x must be a constant array here (its derivative is not "
                        "implemented); pass the sample points as numbers")
    ndim = np.ndim(y._data if isinstance(y, Tensor) else y)
    moved = moveaxis(y, axis % ndim, -1)
    n = np.shape(moved._data if isinstance(moved, Tensor) else moved)[-1]
    xs = None if x is None else np.asarray(x, dtype=float)
    if xs is not None and xs.ndim != 1:
        raise TypeError("simpson: on tensors x must be 1-D (the sample points along axis)")
    # scipy.integrate loads on first use, not with autodiff
    weights = importlib.import_module("scipy.integrate").simpson(np.eye(n), x=xs, dx=1.0,
                                                                  axis=-1)
    out = sum_(moved * weights, axis=-1)
    return out * dx if xs is None else out
