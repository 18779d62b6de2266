"""Activation layers: :class:`ReLU`, :class:`Sigmoid`, :class:`Tanh`, :class:`Softmax`,
:class:`LogSoftmax`, each calling its :mod:`~autodiff.nn.functional` twin."""
from __future__ import annotations

from ..core import Tensor
from . import functional as F
from .module import Module

__all__ = ["ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax"]


class ReLU(Module):
    """``max(x, 0)`` elementwise.

    Parameters
    ----------
    inplace : bool
        Accepted for PyTorch's signature (shown in the repr); the result is a new tensor.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.nn.ReLU()(ad.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        """``relu(input)``."""
        return F.relu(input, self.inplace)

    def extra_repr(self) -> str:
        """``inplace=True`` when set."""
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    """``1 / (1 + exp(-x))`` elementwise."""

    def forward(self, input: Tensor) -> Tensor:
        """``sigmoid(input)``."""
        return F.sigmoid(input)


class Tanh(Module):
    """The hyperbolic tangent, elementwise."""

    def forward(self, input: Tensor) -> Tensor:
        """``tanh(input)``."""
        return F.tanh(input)


class Softmax(Module):
    """Softmax along ``dim``: the values along it are positive and sum to 1.

    Parameters
    ----------
    dim : int, optional
        PyTorch's deprecated implicit choice applies when omitted.
    """

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        """``softmax(input, dim)``."""
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        """``dim=...``."""
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """The logarithm of :class:`Softmax`, computed stably."""

    def forward(self, input: Tensor) -> Tensor:
        """``log_softmax(input, dim)``."""
        return F.log_softmax(input, self.dim)
