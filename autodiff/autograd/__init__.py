"""PyTorch's ``torch.autograd`` for readers who go on past the document.

:func:`grad` computes gradients without touching any ``.grad``, :func:`backward` accumulates from
several outputs at once, :mod:`~autodiff.autograd.functional` holds PyTorch's functional API
(``jacobian``, ``hessian``, ``vjp``, ``jvp``, ``hvp``, ``vhp``), and ``forward_ad`` is
:mod:`autodiff.forward`. The engine behind all of it is :mod:`autodiff.engines.reverse`.
"""
from __future__ import annotations

from .. import forward as forward_ad
from ..core import (Tensor, enable_grad, inference_mode, is_grad_enabled, no_grad,
                    set_grad_enabled)
from ..engines import reverse as _reverse
from . import functional

__all__ = ["backward", "enable_grad", "forward_ad", "functional", "grad", "inference_mode",
           "is_grad_enabled", "no_grad", "set_grad_enabled"]


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=False):
    """The gradients of ``outputs`` with respect to ``inputs``, as PyTorch's ``autograd.grad``.

    Nothing is accumulated into ``.grad``.

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        What to differentiate.
    inputs : Tensor or sequence of Tensor
        Tensors that require grad (leaves or intermediate results) to differentiate with
        respect to.
    grad_outputs : Tensor or sequence of (Tensor or None), optional
        The cotangent ``v`` for each output of ``v^T J``; None (for a one-element output) means
        ones.
    retain_graph : bool, optional
        Keep the saved values for another pass; defaults to ``create_graph``.
    create_graph : bool
        Record the pass, so the gradients can be differentiated again.
    allow_unused : bool
        Return None for an input the outputs do not depend on, instead of raising.

    Returns
    -------
    tuple of Tensor
        One gradient per input (``None`` for unused inputs when ``allow_unused``).

    Examples
    --------
    >>> import autodiff as ad
    >>> x = ad.tensor([1.0, 2.0], requires_grad=True)
    >>> ad.autograd.grad((x ** 3).sum(), x)
    (tensor([ 3., 12.]),)
    """
    return _reverse.gradients(outputs, inputs, grad_outputs, retain_graph, create_graph,
                              allow_unused)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the leaves' ``.grad``, as PyTorch's
    ``autograd.backward``: one backward pass from all of them at once.

    Parameters
    ----------
    tensors : Tensor or sequence of Tensor
    grad_tensors : Tensor or sequence of (Tensor or None), optional
        One cotangent per tensor; None for a one-element tensor means 1.
    retain_graph, create_graph
        As in :meth:`Tensor.backward <autodiff.Tensor.backward>`.
    inputs : Tensor or sequence of Tensor, optional
        Accumulate only into these leaves.

    Examples
    --------
    >>> import autodiff as ad
    >>> x = ad.tensor([1.0, 2.0], requires_grad=True)
    >>> ad.autograd.backward([(x * x).sum(), x.sum()])
    >>> x.grad
    tensor([3., 5.])
    """
    _reverse.backward(tensors, grad_tensors, retain_graph, create_graph, inputs)
