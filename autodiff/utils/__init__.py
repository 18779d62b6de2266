"""Utilities, as ``torch.utils``: :mod:`~autodiff.utils.data` (datasets and the DataLoader)."""
from . import data

__all__ = ["data"]
