"""Function transforms built from the two engines: grad, vjp, jvp, Jacobians, Hessians.

Each transform opens its own level, so they nest in any order. Plain numpy in gives plain numpy
out; a result that still depends on a value an enclosing transform traces stays a tensor, so
the enclosing transform sees its derivative.
"""
from __future__ import annotations

import functools

import numpy as np

from . import ops
from .forward import ForwardTrace, fit_tangent
from .reverse import Node, ReverseTrace, _lift, backprop, box
from .tensor import Tensor, _is_float

__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacfwd", "jacrev", "jacobian", "hessian",
           "hvp"]


# -- values in and out ------------------------------------------------------------------------
def _primal_in(x, who: str):
    """A differentiable argument as an engine value: a tensor stays, the rest becomes numpy."""
    if isinstance(x, Tensor):
        value = x
    else:
        value = np.asarray(x)
        if value.dtype.kind == "O":
            raise TypeError(f"{who}: expected an array or a number, got {type(x).__name__}")
    if not _is_float(value.dtype):
        raise TypeError(f"{who} requires floating-point inputs, got dtype {value.dtype}; pass "
                        f"e.g. np.asarray(x, dtype=float)")
    return value


def _traced(value) -> bool:
    return isinstance(value, Tensor) and (value._trace.level > 0 or value._requires_grad)


def _out(value, numpy_in: bool):
    """Return ``value`` in the kind the caller gave: numpy unless it is still traced."""
    if isinstance(value, Tensor):
        if numpy_in and not _traced(value):
            return value._data
        return value
    value = value if value.__class__ is np.ndarray else np.asarray(value)
    return value if numpy_in else _lift(value)


def _argnums_tuple(argnums, nargs, who):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for i in nums:
        if not -nargs <= i < nargs:
            raise ValueError(f"{who}: argnums {argnums} out of range for a function called with "
                             f"{nargs} positional argument(s)")
    return tuple(i % nargs for i in nums)


def _unbox(value, trace):
    """(value one level below ``trace``, its node at ``trace`` or None if it is constant)."""
    if isinstance(value, Tensor) and value._trace is trace:
        return value._primal, value._node
    if isinstance(value, Tensor) or isinstance(value, np.ndarray):
        return value, None
    if isinstance(value, (int, float, np.generic)):
        return np.asarray(value), None
    raise TypeError(f"the function must return an array or a tensor, got {type(value).__name__}")


def _zeros_like(value):
    return np.zeros(tuple(value.shape), value.dtype)


# -- reverse mode -------------------------------------------------------------------------------
def _vjp_core(f, args, argnums, has_aux, who):
    trace = ReverseTrace()
    primals = [_primal_in(args[i], who) for i in argnums]
    leaves = [Node(None, (), {}, None, ()) for _ in argnums]
    boxed = list(args)
    for i, p, leaf in zip(argnums, primals, leaves):
        boxed[i] = box(trace, p, node=leaf)
    try:
        result = f(*boxed)
    finally:
        trace.active = False
    if has_aux:
        if not (isinstance(result, tuple) and len(result) == 2):
            raise TypeError(f"{who}(has_aux=True): the function must return a pair "
                            f"(output, aux)")
        result, aux = result
    else:
        aux = None
    out_primal, out_node = _unbox(result, trace)

    def pullback(ct):
        if out_node is None:
            return [_zeros_like(p) for p in primals]
        leaf_cts = backprop(out_node, ct, base=False)
        return [leaf_cts[leaf] if leaf in leaf_cts else _zeros_like(p)
                for leaf, p in zip(leaves, primals)]

    return out_primal, pullback, primals, aux


def _numpy_in(args, argnums):
    return not any(isinstance(args[i], Tensor) for i in argnums)


def _cotangent_in(ct, out_primal, who):
    value = ct if isinstance(ct, Tensor) else np.asarray(ct, dtype=out_primal.dtype)
    if tuple(value.shape) != tuple(out_primal.shape):
        raise ValueError(f"{who}: the cotangent has shape {tuple(value.shape)} but the output "
                         f"has shape {tuple(out_primal.shape)}")
    return value


def vjp(f, *primals, has_aux=False):
    """Evaluate ``f`` and return its vector-Jacobian product function.

    Parameters
    ----------
    f : callable
        A function of arrays returning an array.
    *primals : array_like or Tensor
        The point to differentiate at.
    has_aux : bool
        ``f`` returns ``(output, aux)``; aux is returned as a third value, undifferentiated.

    Returns
    -------
    out : array or Tensor
        ``f(*primals)``.
    vjp_fn : callable
        ``vjp_fn(cotangent)`` returns a tuple with one cotangent per primal.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> out, vjp_fn = ad.vjp(np.sin, np.array([0.0, np.pi]))
    >>> vjp_fn(np.ones(2))[0]
    array([ 1., -1.])
    """
    argnums = tuple(range(len(primals)))
    out_primal, pullback, _, aux = _vjp_core(f, primals, argnums, has_aux, "vjp")
    numpy_in = _numpy_in(primals, argnums)

    def vjp_fn(cotangent):
        ct = _cotangent_in(cotangent, out_primal, "vjp")
        return tuple(_out(c, numpy_in) for c in pullback(ct))

    out = _out(out_primal, numpy_in)
    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


def value_and_grad(f, argnums=0, has_aux=False):
    """A function returning ``(f(*args), gradient of f at args)``.

    Parameters
    ----------
    f : callable
        Returns a scalar (a one-element array).
    argnums : int or tuple of int
        Which positional arguments to differentiate; a tuple gives a tuple of gradients.
    has_aux : bool
        ``f`` returns ``(scalar, aux)``; the value is then ``(scalar, aux)``.

    Returns
    -------
    callable
    """
    @functools.wraps(f)
    def value_and_grad_f(*args):
        nums = _argnums_tuple(argnums, len(args), "grad")
        out_primal, pullback, _, aux = _vjp_core(f, args, nums, has_aux, "grad")
        size = int(np.prod(out_primal.shape))
        if size != 1:
            raise TypeError(f"grad requires a function with a scalar output (one element); it "
                            f"returned shape {tuple(out_primal.shape)}. Reduce it (e.g. .sum()) "
                            f"or use ad.jacrev / ad.vjp for non-scalar outputs")
        if not _is_float(out_primal.dtype):
            raise TypeError(f"grad requires a floating-point output, got {out_primal.dtype}")
        numpy_in = _numpy_in(args, nums)
        grads = [_out(g, numpy_in) for g in pullback(np.ones(tuple(out_primal.shape),
                                                              out_primal.dtype))]
        g = grads[0] if isinstance(argnums, int) else tuple(grads)
        value = _out(out_primal, numpy_in)
        return ((value, aux), g) if has_aux else (value, g)

    return value_and_grad_f


def grad(f, argnums=0, has_aux=False):
    """A function returning the gradient of scalar-valued ``f``.

    Parameters
    ----------
    f : callable
        Returns a scalar (a one-element array).
    argnums : int or tuple of int
        Which positional arguments to differentiate.
    has_aux : bool
        ``f`` returns ``(scalar, aux)``; the new function then returns ``(gradient, aux)``.

    Returns
    -------
    callable
        Same arguments as ``f``; numpy in, numpy out.

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.grad(lambda x: (x ** 2).sum())(np.array([1.0, 2.0]))
    array([2., 4.])
    """
    vg = value_and_grad(f, argnums, has_aux)

    @functools.wraps(f)
    def grad_f(*args):
        value, g = vg(*args)
        return (g, value[1]) if has_aux else g

    return grad_f


# -- forward mode -------------------------------------------------------------------------------
def _jvp_core(f, primals, tangents, who):
    trace = ForwardTrace()
    boxed = []
    for p, t in zip(primals, tangents):
        tv = t if isinstance(t, Tensor) else np.asarray(t, dtype=p.dtype)
        if tuple(tv.shape) != tuple(p.shape):
            raise ValueError(f"{who}: a tangent has shape {tuple(tv.shape)} but its primal has "
                             f"shape {tuple(p.shape)}")
        boxed.append(box(trace, p, tangent=fit_tangent(tv, p)))
    try:
        result = f(*boxed)
    finally:
        trace.active = False
    if isinstance(result, tuple):
        pairs = [_split_dual(r, trace) for r in result]
        return tuple(p for p, _ in pairs), tuple(t for _, t in pairs)
    return _split_dual(result, trace)


def _split_dual(result, trace):
    if isinstance(result, Tensor) and result._trace is trace:
        return result._primal, result._tangent
    out, _ = _unbox(result, trace)
    return out, _zeros_like(out)


def jvp(f, primals, tangents):
    """Evaluate ``f`` and its Jacobian-vector product in one forward pass.

    Parameters
    ----------
    f : callable
    primals, tangents : tuple
        One point and one tangent direction per positional argument of ``f``.

    Returns
    -------
    (out, tangent_out)

    Examples
    --------
    >>> import numpy as np, autodiff as ad
    >>> ad.jvp(np.sin, (np.array(0.0),), (np.array(2.0),))
    (array(0.), array(2.))
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp: primals and tangents must be tuples, e.g. jvp(f, (x,), (v,))")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    values = [_primal_in(p, "jvp") for p in primals]
    out, tangent = _jvp_core(f, values, tangents, "jvp")
    numpy_in = not any(isinstance(p, Tensor) for p in primals)
    if isinstance(out, tuple):
        return (tuple(_out(o, numpy_in) for o in out),
                tuple(_out(t, numpy_in) for t in tangent))
    return _out(out, numpy_in), _out(tangent, numpy_in)


# -- Jacobians and Hessians -----------------------------------------------------------------
def _size(shape) -> int:
    return int(np.prod(shape)) if len(shape) else 1


def _basis(shape, dtype):
    n = _size(shape)
    eye = np.eye(n, dtype=dtype)
    return [eye[k].reshape(shape) for k in range(n)]


def _assemble(columns, out_shape, in_shape, numpy_in, rows_are_outputs):
    """Stack per-direction results into an array of shape ``out_shape + in_shape``."""
    stacked = ops.stack(columns, axis=0) if any(_traced(c) for c in columns) else \
        np.stack([np.asarray(c._data if isinstance(c, Tensor) else c) for c in columns])
    if rows_are_outputs:   # stacked: (out_size, *in_shape)
        jac = ops.reshape(stacked, tuple(out_shape) + tuple(in_shape))
    else:                  # stacked: (in_size, *out_shape)
        flat = ops.reshape(stacked, (_size(in_shape), _size(out_shape)))
        jac = ops.reshape(ops.transpose(flat), tuple(out_shape) + tuple(in_shape))
    return _out(jac, numpy_in)


def jacrev(f, argnums=0):
    """The Jacobian of ``f`` by reverse mode: one VJP per output element.

    Returns a function whose result has shape ``out.shape + in.shape``; a tuple ``argnums``
    gives a tuple of Jacobians.
    """
    @functools.wraps(f)
    def jac_f(*args):
        nums = _argnums_tuple(argnums, len(args), "jacrev")
        out_primal, pullback, primals, _ = _vjp_core(f, args, nums, False, "jacrev")
        numpy_in = _numpy_in(args, nums)
        per_output = [pullback(ct) for ct in _basis(tuple(out_primal.shape), out_primal.dtype)]
        jacs = [_assemble([cts[k] for cts in per_output], out_primal.shape, p.shape, numpy_in,
                          rows_are_outputs=True) for k, p in enumerate(primals)]
        return jacs[0] if isinstance(argnums, int) else tuple(jacs)

    return jac_f


def jacfwd(f, argnums=0):
    """The Jacobian of ``f`` by forward mode: one JVP per input element.

    Returns a function whose result has shape ``out.shape + in.shape``; a tuple ``argnums``
    gives a tuple of Jacobians.
    """
    @functools.wraps(f)
    def jac_f(*args):
        nums = _argnums_tuple(argnums, len(args), "jacfwd")
        numpy_in = _numpy_in(args, nums)
        jacs = []
        for k in nums:
            primal = _primal_in(args[k], "jacfwd")

            def f_k(x, k=k):
                full = list(args)
                full[k] = x
                return f(*full)

            columns, out = [], None
            for direction in _basis(tuple(primal.shape), primal.dtype):
                out, tangent = _jvp_core(f_k, [primal], [direction], "jacfwd")
                columns.append(tangent)
            jacs.append(_assemble(columns, out.shape, primal.shape, numpy_in,
                                  rows_are_outputs=False))
        return jacs[0] if isinstance(argnums, int) else tuple(jacs)

    return jac_f


def jacobian(f, argnums=0, mode="auto"):
    """The Jacobian of ``f``, by forward mode, reverse mode, or whichever is cheaper.

    Parameters
    ----------
    f : callable
    argnums : int or tuple of int
    mode : {"auto", "fwd", "rev"}
        ``"auto"`` uses forward mode when the inputs have fewer elements than the output and
        reverse mode otherwise.
    """
    if mode not in ("auto", "fwd", "rev"):
        raise ValueError(f"jacobian: mode must be 'auto', 'fwd' or 'rev', got {mode!r}")

    @functools.wraps(f)
    def jac_f(*args):
        chosen = mode
        if mode == "auto":
            nums = _argnums_tuple(argnums, len(args), "jacobian")
            n_in = sum(_size(np.shape(args[i]._data if isinstance(args[i], Tensor) else args[i]))
                       for i in nums)
            with_eval = f(*args)
            n_out = _size(tuple(np.shape(with_eval._data if isinstance(with_eval, Tensor)
                                         else with_eval)))
            chosen = "fwd" if n_in < n_out else "rev"
        return (jacfwd if chosen == "fwd" else jacrev)(f, argnums)(*args)

    return jac_f


def hessian(f, argnums=0):
    """The Hessian of scalar ``f``: forward mode over reverse mode (``jacfwd(grad(f))``)."""
    return jacfwd(jacrev(f, argnums), argnums)


def hvp(f, primals, tangents):
    """Gradient and Hessian-vector product of scalar ``f``, forward over reverse.

    Parameters
    ----------
    f : callable
    primals, tangents : tuple

    Returns
    -------
    (gradient, hessian_vector_product)
        Each one per primal when ``f`` takes several arguments.
    """
    argnums = 0 if len(primals) == 1 else tuple(range(len(primals)))
    return jvp(grad(f, argnums), tuple(primals), tuple(tangents))
