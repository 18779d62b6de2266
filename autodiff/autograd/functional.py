"""PyTorch's ``torch.autograd.functional``: Jacobians, Hessians and products of a function.

Each takes a function of tensors and a tensor or tuple of tensors, as PyTorch does, and runs
autodiff's transforms (:mod:`autodiff.transforms`, :mod:`autodiff.jacobians`). The results are
detached unless ``create_graph=True``, in which case inputs that require grad keep their graph,
so the results can be differentiated again.

``vectorize`` is accepted for PyTorch's signature; autodiff computes every Jacobian and Hessian
in one batched pass already, so it changes nothing. Hessians are forward over reverse whatever
``outer_jacobian_strategy`` says, which gives the same values.
"""
from __future__ import annotations

import numpy as np

from ..core import Tensor, lift
from ..jacobians import hessian as _hessian
from ..jacobians import jacfwd, jacrev
from ..transforms import Args, grad as _grad_transform, jvp as _jvp, record

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]


def _inputs(inputs, who):
    """``(is_tuple, tuple of tensors)``, refusing anything else as PyTorch does."""
    is_tuple = isinstance(inputs, (tuple, list))
    items = tuple(inputs) if is_tuple else (inputs,)
    for x in items:
        if not isinstance(x, Tensor):
            raise TypeError(f"The inputs given to {who} must be either a Tensor or a tuple of "
                            f"Tensors but the value at index {items.index(x)} has type "
                            f"{type(x).__name__}.")
    return is_tuple, items


def _vectors(v, like, is_tuple, who, what):
    """The user's ``v`` (one per ``like``), or ones when every ``like`` has one element."""
    if v is None:
        if all(x.numel() == 1 for x in like):
            return tuple(lift(np.ones(tuple(x.shape), x.dtype)) for x in like)
        raise RuntimeError(f"The vector v can only be None if the {what} to the user-provided "
                           f"function is a single Tensor with a single element.")
    vs = tuple(v) if isinstance(v, (tuple, list)) else (v,)
    if len(vs) != len(like):
        raise RuntimeError(f"{who}: v has {len(vs)} tensors, the {what} {len(like)}")
    for k, (a, b) in enumerate(zip(vs, like)):
        if tuple(a.shape) != tuple(b.shape):
            raise RuntimeError(f"Mismatch in shape: v[{k}] has a shape of {list(a.shape)} but "
                               f"the {what}[{k}] has a shape of {list(b.shape)}")
    return vs


def _finish(values, create_graph):
    """Detach the results unless the caller wants to differentiate them again."""
    if isinstance(values, tuple):
        return tuple(_finish(v, create_graph) for v in values)
    if values is None or not isinstance(values, Tensor):
        return values if values is None else lift(np.asarray(values))
    return values if create_graph else values.detach()


def _pack(values: tuple, is_tuple: bool):
    return values if is_tuple else values[0]


_OUTPUT = "Output {i} of the user-provided function is independent of input {k}."
_HESSIAN = ("The hessian of the user-provided function with respect to input {i} is independent "
            "of input {k}.")


def _check_strict(call, xs, message=_OUTPUT):
    """Raise if some output of ``call`` does not depend on some input: read from the recorded
    tape (no path from the input to the output), not from values that happen to be zero."""
    spec = Args(xs, tuple(range(len(xs))), "strict")
    rec = record(call, spec, False, "strict")
    for i, out in enumerate(rec.outputs):
        cts = [None] * len(rec.outputs)
        cts[i] = np.ones(tuple(out.shape), out.dtype)
        for k, c in enumerate(rec.tape.pull(cts)):
            if c is None:
                raise RuntimeError(message.format(i=i, k=k) + " This is not allowed in strict "
                                   "mode.")


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T J)``: the vector-Jacobian product, as PyTorch's ``vjp``.

    Parameters
    ----------
    func : callable
        Tensors in, a tensor or tuple of tensors out.
    inputs : Tensor or tuple of Tensor
    v : Tensor or tuple of Tensor, optional
        Shaped like the output; may be omitted for a one-element output.
    create_graph : bool
        Keep the graph of the results (for higher derivatives).
    strict : bool
        Raise if an output does not depend on an input (the product would be all zeros).

    Returns
    -------
    (output, vjp)
        ``vjp`` has the structure of ``inputs``.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.autograd.functional.vjp(lambda x: x ** 2, ad.tensor([1.0, 2.0]), ad.tensor([1.0, 1.0]))
    (tensor([1., 4.]), tensor([2., 4.]))
    """
    is_tuple, xs = _inputs(inputs, "vjp")
    spec = Args(xs, tuple(range(len(xs))), "vjp")
    rec = record(lambda *a: func(*a) if is_tuple else func(a[0]), spec, False, "vjp")
    outs = rec.outputs
    vs = _vectors(v, [lift(o) if not isinstance(o, Tensor) else o for o in outs],
                  isinstance(v, (tuple, list)), "vjp", "outputs")
    cts = rec.tape.pull([x._data if isinstance(x, Tensor) and not create_graph else x
                         for x in vs])
    if strict:
        _check_strict(lambda *a: func(*a) if is_tuple else func(a[0]), xs)
    grads = tuple(lift(np.zeros(tuple(x.shape), x.dtype)) if c is None else lift(c)
                  for c, x in zip(cts, xs))
    out = [lift(o) for o in outs]
    out = tuple(out) if rec.out_tree.kind != "leaf" else out[0]
    return _finish(out, create_graph), _pack(_finish(grads, create_graph), is_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), J v)``: the Jacobian-vector product, as PyTorch's ``jvp``.

    Parameters
    ----------
    func : callable
    inputs : Tensor or tuple of Tensor
    v : Tensor or tuple of Tensor, optional
        Shaped like ``inputs``; may be omitted for one one-element input.
    create_graph, strict
        As in :func:`vjp`.

    Returns
    -------
    (output, jvp)
        ``jvp`` has the structure of the output.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.autograd.functional.jvp(lambda x: x ** 2, ad.tensor([1.0, 2.0]), ad.tensor([1.0, 0.0]))
    (tensor([1., 4.]), tensor([2., 0.]))
    """
    is_tuple, xs = _inputs(inputs, "jvp")
    vs = _vectors(v, xs, is_tuple, "jvp", "input")
    out, tangent = _jvp(lambda *a: func(*a) if is_tuple else func(a[0]), xs, vs)
    if strict:
        _check_strict(lambda *a: func(*a) if is_tuple else func(a[0]), xs)
    return _finish(out, create_graph), _finish(tangent, create_graph)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``, as PyTorch's ``jacobian``.

    Parameters
    ----------
    func : callable
        Tensors in, a tensor or tuple of tensors out.
    inputs : Tensor or tuple of Tensor
    create_graph : bool
        Keep the graph of the result.
    strict : bool
        Raise if an output does not depend on an input.
    vectorize : bool
        Accepted for PyTorch's signature; the Jacobian is always one batched pass here.
    strategy : {"reverse-mode", "forward-mode"}
        Which engine builds it (reverse mode pulls the output's basis back, forward mode pushes
        the input's basis forward).

    Returns
    -------
    Tensor, or tuples of them
        ``out.shape + in.shape`` for each output and input; a tuple over inputs (and outputs)
        where those are tuples.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.autograd.functional.jacobian(lambda x: x ** 2, ad.tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(f'Expected strategy to be either "forward-mode" or "reverse-mode", '
                         f'got {strategy!r}')
    is_tuple, xs = _inputs(inputs, "jacobian")
    transform = jacrev if strategy == "reverse-mode" else jacfwd
    argnums = tuple(range(len(xs))) if is_tuple else 0
    jac = transform(lambda *a: func(*a) if is_tuple else func(a[0]), argnums=argnums)(*xs)
    if strict:
        _check_strict(lambda *a: func(*a) if is_tuple else func(a[0]), xs)
    return _finish(jac, create_graph)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of scalar ``func`` at ``inputs``, as PyTorch's ``hessian``.

    Parameters
    ----------
    func : callable
        Tensors in, a one-element tensor out.
    inputs : Tensor or tuple of Tensor
    create_graph, strict, vectorize
        As in :func:`jacobian`.
    outer_jacobian_strategy : {"reverse-mode", "forward-mode"}
        Accepted for PyTorch's signature; the Hessian is forward over reverse here, the same
        values.

    Returns
    -------
    Tensor, or a tuple of tuples of Tensor for tuple inputs

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.autograd.functional.hessian(lambda x: (x ** 3).sum(), ad.tensor([1.0, 2.0]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    if outer_jacobian_strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(f'Expected strategy to be either "forward-mode" or "reverse-mode", '
                         f'got {outer_jacobian_strategy!r}')
    is_tuple, xs = _inputs(inputs, "hessian")
    argnums = tuple(range(len(xs))) if is_tuple else 0
    hess = _hessian(lambda *a: func(*a) if is_tuple else func(a[0]), argnums=argnums)(*xs)
    if strict:
        _check_strict(_grad(func, xs, is_tuple), xs, _HESSIAN)
    return _finish(hess, create_graph)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), H v)``: the Hessian-vector product, as PyTorch's ``hvp``.

    Parameters
    ----------
    func : callable
        Tensors in, a one-element tensor out.
    inputs : Tensor or tuple of Tensor
    v : Tensor or tuple of Tensor, optional
        Shaped like ``inputs``.
    create_graph, strict
        As in :func:`vjp`.

    Returns
    -------
    (output, hvp)

    Examples
    --------
    >>> import autodiff as ad
    >>> f = lambda x: (x ** 3).sum()
    >>> ad.autograd.functional.hvp(f, ad.tensor([1.0, 2.0]), ad.tensor([1.0, 1.0]))
    (tensor(9.), tensor([ 6., 12.]))
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T H)``: the vector-Hessian product, as PyTorch's ``vhp`` (equal to
    :func:`hvp` for the symmetric Hessians of twice-differentiable functions).

    Parameters
    ----------
    func, inputs, v, create_graph, strict
        As in :func:`hvp`.

    Returns
    -------
    (output, vhp)

    Examples
    --------
    >>> import autodiff as ad
    >>> f = lambda x: (x ** 3).sum()
    >>> ad.autograd.functional.vhp(f, ad.tensor([1.0, 2.0]), ad.tensor([1.0, 1.0]))
    (tensor(9.), tensor([ 6., 12.]))
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def _hessian_product(func, inputs, v, create_graph, strict, who):
    is_tuple, xs = _inputs(inputs, who)
    vs = _vectors(v, xs, is_tuple, who, "input")
    if strict:
        _check_strict(_grad(func, xs, is_tuple), xs, _HESSIAN)
    call = (lambda *a: func(*a)) if is_tuple else (lambda a: func(a))
    hess = _hessian(call, argnums=tuple(range(len(xs))))(*xs)
    products = []
    for k, x in enumerate(xs):
        # (H v)_k = sum_j H[k][j] v_j; v^T H is the same sum over the transposed blocks.
        total = 0
        for j, vj in enumerate(vs):
            block = hess[k][j] if who == "hvp" else _transposed(hess[j][k], x, vj)
            n, m = int(np.prod(x.shape)), int(np.prod(vj.shape))
            flat = block.reshape((n, m)) @ vj.reshape((m,))
            total = total + flat.reshape(tuple(x.shape))
        products.append(total)
    out = func(*xs) if is_tuple else func(xs[0])
    return _finish(out, create_graph), _pack(_finish(tuple(products), create_graph), is_tuple)


def _grad(func, xs, is_tuple):
    """The gradient of ``func`` as a function of all the inputs (for the strict checks)."""
    return _grad_transform(lambda *a: func(*a) if is_tuple else func(a[0]),
                           argnums=tuple(range(len(xs))))


def _transposed(block, x, v):
    """``block`` (shape ``v.shape + x.shape``) as ``x.shape + v.shape``."""
    n, m = int(np.prod(x.shape)), int(np.prod(v.shape))
    return block.reshape((m, n)).T
