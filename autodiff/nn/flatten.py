"""Reshaping layers: :class:`Flatten`."""
from __future__ import annotations

from ..core import Tensor
from .module import Module

__all__ = ["Flatten"]


class Flatten(Module):
    """Flatten dimensions ``start_dim`` .. ``end_dim`` into one, as ``torch.nn.Flatten``.

    Parameters
    ----------
    start_dim : int
        Default 1: a batch of images ``(N, C, H, W)`` becomes ``(N, C*H*W)``.
    end_dim : int

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.nn.Flatten()(ad.ones(2, 3, 4)).shape
    Size([2, 12])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        """``input.flatten(start_dim, end_dim)``."""
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        """``start_dim=..., end_dim=...``."""
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
