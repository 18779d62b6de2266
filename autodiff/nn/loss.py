"""Loss layers: each holds its options and calls its :mod:`~autodiff.nn.functional` twin."""
from __future__ import annotations

from ..core import Tensor
from . import functional as F
from .module import Module

__all__ = ["MSELoss", "L1Loss", "NLLLoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss"]


class _Loss(Module):
    """The options every loss has: ``reduction`` (or PyTorch's deprecated ``size_average`` and
    ``reduce``)."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            reduction = F.legacy_reduction(size_average, reduce)
        self.reduction = reduction


class _WeightedLoss(_Loss):
    """A loss with a per-class ``weight``, kept as a buffer (saved in ``state_dict``)."""

    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """The mean (or summed) squared error, ``(input - target) ** 2``.

    Parameters
    ----------
    reduction : {"mean", "sum", "none"}
    size_average, reduce : bool, optional
        PyTorch's deprecated spelling of ``reduction``.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.nn.MSELoss()(ad.tensor([1.0, 2.0]), ad.tensor([1.0, 4.0]))
    tensor(2.)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against ``target``."""
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """The mean (or summed) absolute error, ``|input - target|`` (options as :class:`MSELoss`)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of ``input`` against ``target``."""
        return F.l1_loss(input, target, reduction=self.reduction)


class NLLLoss(_WeightedLoss):
    """The negative log-likelihood of class indices given log-probabilities (see
    :func:`~autodiff.nn.functional.nll_loss`)."""

    def __init__(self, weight: Tensor | None = None, size_average=None, ignore_index: int = -100,
                 reduce=None, reduction: str = "mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of log-probabilities ``input`` against class indices ``target``."""
        return F.nll_loss(input, target, self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """The cross-entropy of logits and class indices (or class probabilities), as
    ``torch.nn.CrossEntropyLoss``: ``log_softmax`` and the negative log-likelihood in one,
    computed stably.

    Parameters
    ----------
    weight : Tensor, optional
        A weight for each class.
    ignore_index : int
        A class index that contributes nothing.
    reduction : {"mean", "sum", "none"}
        D2L's from-scratch training loop uses ``"none"`` and sums itself.
    label_smoothing : float
        Mix the targets with the uniform distribution by this amount.

    Examples
    --------
    >>> import autodiff as ad
    >>> loss = ad.nn.CrossEntropyLoss(reduction="none")
    >>> loss(ad.tensor([[2.0, 0.0], [0.0, 2.0]]), ad.tensor([0, 0]))
    tensor([0.1269, 2.1269])
    """

    def __init__(self, weight: Tensor | None = None, size_average=None, ignore_index: int = -100,
                 reduce=None, reduction: str = "mean", label_smoothing: float = 0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of logits ``input`` against ``target``."""
        return F.cross_entropy(input, target, self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class BCELoss(_WeightedLoss):
    """The binary cross-entropy of probabilities (see
    :func:`~autodiff.nn.functional.binary_cross_entropy`); prefer :class:`BCEWithLogitsLoss`."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of probabilities ``input`` against ``target``."""
        return F.binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """The binary cross-entropy of ``sigmoid(input)``, computed stably from the logits.

    Parameters
    ----------
    weight : Tensor, optional
        Multiplies each element's loss.
    reduction : {"mean", "sum", "none"}
    pos_weight : Tensor, optional
        The weight of positive examples, one per class (the last dimension).
    """

    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean", pos_weight: Tensor | None = None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of logits ``input`` against probabilities ``target``."""
        return F.binary_cross_entropy_with_logits(input, target, self.weight,
                                                  reduction=self.reduction,
                                                  pos_weight=self.pos_weight)
