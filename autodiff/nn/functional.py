"""The stateless half of ``torch.nn``, as ``torch.nn.functional``: activations, ``linear``,
``dropout`` and the losses.

Everything is written with autodiff's differentiable operations, so both engines differentiate
it (and differentiate it again); the layers of :mod:`autodiff.nn.modules` call these functions.
The losses follow PyTorch's formulas, argument names, reductions and error messages.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import generator as _random
from .. import torch_api as _torch
from ..core import Tensor

__all__ = ["linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "dropout", "one_hot",
           "mse_loss", "l1_loss", "nll_loss", "cross_entropy", "binary_cross_entropy",
           "binary_cross_entropy_with_logits"]

_REDUCTIONS = ("none", "mean", "sum")


# ----------------------------------------------------------------------------- layers
def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``: the affine map of :class:`~autodiff.nn.Linear`.

    Parameters
    ----------
    input : Tensor
        ``(*, in_features)``.
    weight : Tensor
        ``(out_features, in_features)``.
    bias : Tensor, optional
        ``(out_features,)``.

    Returns
    -------
    Tensor
        ``(*, out_features)``.
    """
    out = input @ weight.T
    return out if bias is None else out + bias


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(input, 0)`` elementwise (``inplace`` is accepted; the result is a new tensor)."""
    return input.relu()


def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + exp(-input))`` elementwise."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    """The hyperbolic tangent, elementwise."""
    return input.tanh()


def _softmax_dim(ndim: int) -> int:
    warnings.warn("Implicit dimension choice for softmax has been deprecated. Change the call "
                  "to include dim=X as an argument.", stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """``exp(x) / exp(x).sum(dim)``, computed stably.

    Parameters
    ----------
    input : Tensor
    dim : int
        The dimension that sums to 1. PyTorch's deprecated implicit choice applies when it is
        omitted (with its warning).
    dtype : dtype, optional
        Cast ``input`` to this dtype first.
    """
    if dim is None:
        dim = _softmax_dim(input.ndim)
    if dtype is not None:
        input = input.to(dtype)
    return _torch.softmax(input, dim)


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:
    """``x - logsumexp(x, dim)``: the logarithm of :func:`softmax`, computed stably."""
    if dim is None:
        dim = _softmax_dim(input.ndim)
    if dtype is not None:
        input = input.to(dtype)
    return _torch.log_softmax(input, dim)


def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the others by ``1 / (1 - p)``.

    Parameters
    ----------
    input : Tensor
        Floating point.
    p : float
        The probability of an element being zeroed.
    training : bool
        When False, ``input`` is returned unchanged.
    inplace : bool
        Accepted for PyTorch's signature; the result is always a new tensor.

    Notes
    -----
    The mask is PyTorch's CPU kernel's (``bernoulli_(1 - p)``: one double uniform an element,
    drawn from the default generator), so after ``autodiff.manual_seed(s)`` it is the mask
    PyTorch draws where PyTorch uses that kernel. PyTorch built with MKL on an Intel processor
    draws Bernoulli samples from an MKL stream instead; there the masks differ.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * 0
    mask = _random.bernoulli(1.0 - p, tuple(input.shape), input.dtype)
    # PyTorch scales the mask in place (noise.div_(1 - p)) and then multiplies.
    noise = mask / input.dtype.type(1.0 - p)
    return input * Tensor(noise)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices as one-hot rows: int64, shape ``tensor.shape + (num_classes,)``.

    ``num_classes=-1`` takes one more than the largest index.
    """
    index = np.asarray(tensor.numpy())
    if index.dtype.kind not in "iu":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        num_classes = int(index.max()) + 1 if index.size else 0
    if index.size and (index.min() < 0 or index.max() >= num_classes):
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor((index[..., None] == np.arange(num_classes)).astype(np.int64))


# ----------------------------------------------------------------------------- losses
def legacy_reduction(size_average=None, reduce=None) -> str:
    """The ``reduction`` that PyTorch's deprecated ``size_average``/``reduce`` pair stands for."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "mean" if size_average and reduce else "sum" if reduce else "none"
    warnings.warn(f"size_average and reduce args will be deprecated, please use "
                  f"reduction='{reduction}' instead.", stacklevel=3)
    return reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduction(reduction, size_average, reduce) -> str:
    if size_average is not None or reduce is not None:
        return legacy_reduction(size_average, reduce)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _warn_if_broadcast(input: Tensor, target: Tensor, stacklevel: int = 3) -> None:
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input "
                      f"size ({input.shape}). This will likely lead to incorrect results due to "
                      f"broadcasting. Please ensure they have the same size.",
                      stacklevel=stacklevel)


def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
             reduction: str = "mean", weight=None) -> Tensor:
    """The squared error ``(input - target) ** 2``, reduced.

    Parameters
    ----------
    input, target : Tensor
        The same shape (a different one broadcasts, with PyTorch's warning).
    reduction : {"mean", "sum", "none"}
    size_average, reduce : bool, optional
        PyTorch's deprecated spelling of ``reduction``.
    weight : Tensor, optional
        Multiplies each squared error before the reduction.

    Returns
    -------
    Tensor
        A scalar, or the elementwise errors for ``reduction="none"``.
    """
    reduction = _reduction(reduction, size_average, reduce)
    _warn_if_broadcast(input, target)
    loss = (input - target) ** 2
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
            reduction: str = "mean", weight=None) -> Tensor:
    """The absolute error ``|input - target|``, reduced (see :func:`mse_loss`)."""
    reduction = _reduction(reduction, size_average, reduce)
    _warn_if_broadcast(input, target)
    loss = (input - target).abs()
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def _class_dim(input: Tensor) -> int:
    return 0 if input.ndim == 1 else 1


def _check_targets(target: np.ndarray, classes: int, ignore_index: int) -> None:
    valid = target != ignore_index
    wrong = valid & ((target < 0) | (target >= classes))
    if np.any(wrong):
        raise IndexError(f"Target {int(target[wrong].flat[0])} is out of bounds.")


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """The negative log-likelihood of class indices, given log-probabilities.

    Parameters
    ----------
    input : Tensor
        Log-probabilities, ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : Tensor
        Integer class indices, ``(N,)``, ``()`` or ``(N, d1, ...)``.
    weight : Tensor, optional
        A weight for each class, ``(C,)``.
    ignore_index : int
        Targets equal to it contribute nothing (and do not count in the mean).
    reduction : {"mean", "sum", "none"}
        ``"mean"`` divides by the total weight of the targets, as PyTorch does.

    Returns
    -------
    Tensor
    """
    reduction = _reduction(reduction, size_average, reduce)
    index = np.asarray(target.numpy())
    if index.dtype.kind not in "iu":
        raise RuntimeError(f"expected scalar type Long but found {np.dtype(index.dtype).name}")
    dim = _class_dim(input)
    classes = input.shape[dim]
    _check_targets(index, classes, ignore_index)
    kept = index != ignore_index
    safe = np.where(kept, index, 0)
    picked = input.gather(dim, Tensor(np.expand_dims(safe, dim))).squeeze(dim)
    kept_weight = Tensor(kept.astype(input.dtype))
    w = kept_weight if weight is None else weight[Tensor(safe)] * kept_weight
    loss = -picked * w
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / w.sum()


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average=None, ignore_index: int = -100, reduce=None,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """The cross-entropy between the softmax of ``input`` (logits) and ``target``.

    Parameters
    ----------
    input : Tensor
        Unnormalized scores (logits), ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target : Tensor
        Class indices (an integer tensor, ``(N,)``...) or class probabilities (a float tensor
        of ``input``'s shape).
    weight : Tensor, optional
        A weight for each class.
    ignore_index : int
        A class index that contributes nothing (class-index targets only).
    reduction : {"mean", "sum", "none"}
    label_smoothing : float
        Mix the targets with the uniform distribution by this amount.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import autodiff as ad
    >>> import autodiff.nn.functional as F
    >>> F.cross_entropy(ad.tensor([[2.0, 0.0, -1.0]]), ad.tensor([0]))
    tensor(0.1698)
    """
    reduction = _reduction(reduction, size_average, reduce)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    dim = _class_dim(input)
    logp = log_softmax(input, dim)
    classes = input.shape[dim]
    class_shape = [1] * input.ndim
    class_shape[dim] = classes
    if target.dtype.kind == "f":                           # class probabilities
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / classes
        terms = logp * target
        if weight is not None:
            terms = terms * weight.reshape(class_shape)
        return _reduce(-terms.sum(dim), reduction)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0:
        return nll
    # Smoothing adds the cross-entropy with the uniform distribution (weighted by class),
    # reduced as the nll term is: a mean divides by the total weight of the kept targets.
    index = np.asarray(target.numpy())
    kept = Tensor((index != ignore_index).astype(input.dtype))
    terms = logp if weight is None else logp * weight.reshape(class_shape)
    smooth = -terms.sum(dim) * kept
    if reduction == "sum":
        smooth = smooth.sum()
    elif reduction == "mean":
        target_weight = kept if weight is None else \
            weight[Tensor(np.where(index != ignore_index, index, 0))] * kept
        smooth = smooth.sum() / target_weight.sum()
    return (1 - label_smoothing) * nll + label_smoothing / classes * smooth


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """``-(t log x + (1 - t) log(1 - x))`` for probabilities ``x``; each log is clamped at
    -100, as PyTorch does, so a 0 or 1 gives a finite loss."""
    reduction = _reduction(reduction, size_average, reduce)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         f"size.")
    loss = -(target * input.log().clamp(min=-100) + (1 - target) * (1 - input).log().clamp(
        min=-100))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None, size_average=None,
                                     reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """The binary cross-entropy of ``sigmoid(input)`` and ``target``, computed stably.

    ``(1 - t) x + w_t * softplus(-x)`` with ``w_t = 1 + (pos_weight - 1) t``, where
    ``softplus(-x) = max(-x, 0) + log1p(exp(-|x|))`` never overflows.

    Parameters
    ----------
    input : Tensor
        Logits.
    target : Tensor
        Probabilities in [0, 1], ``input``'s shape.
    weight : Tensor, optional
        Multiplies each element's loss.
    reduction : {"mean", "sum", "none"}
    pos_weight : Tensor, optional
        The weight of the positive class, broadcast along the last dimension.
    """
    reduction = _reduction(reduction, size_average, reduce)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                         f"({input.shape})")
    softplus_neg = (-input).clamp(min=0) + (-input.abs()).exp().log1p()
    if pos_weight is not None:
        softplus_neg = (1 + (pos_weight - 1) * target) * softplus_neg
    loss = (1 - target) * input + softplus_neg
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)
