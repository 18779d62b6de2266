"""Dropout (Srivastava et al. 2014): :class:`Dropout`."""
from __future__ import annotations

from ..core import Tensor
from . import functional as F
from .module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """In training mode, zero each element with probability ``p`` and scale the rest by
    ``1 / (1 - p)``; in evaluation mode (:meth:`~autodiff.nn.Module.eval`), pass the input on.

    Parameters
    ----------
    p : float
        The probability of an element being zeroed.
    inplace : bool
        Accepted for PyTorch's signature; the result is a new tensor.

    Notes
    -----
    The masks come from the default generator as PyTorch's CPU kernel draws them; see
    :func:`autodiff.nn.functional.dropout` for when they equal PyTorch's.

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> ad.nn.Dropout(0.5)(ad.ones(6))
    tensor([0., 0., 2., 0., 0., 0.])
    """

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        """``dropout(input, p, training)``."""
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        """``p=..., inplace=...``."""
        return f"p={self.p}, inplace={self.inplace}"
