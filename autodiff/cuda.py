"""``torch.cuda`` as a CPU-only build has it: no GPU is ever available.

D2L's helpers ask ``torch.cuda.device_count()`` and fall back to the CPU; that works unchanged.
"""
from __future__ import annotations

from .device import DeviceUnavailableError

__all__ = ["is_available", "device_count", "is_initialized", "manual_seed", "manual_seed_all",
           "current_device", "synchronize", "empty_cache"]


def is_available() -> bool:
    """False: autodiff computes with numpy on the CPU."""
    return False


def device_count() -> int:
    """0: there is no GPU."""
    return 0


def is_initialized() -> bool:
    """False: there is nothing to initialise."""
    return False


def manual_seed(seed) -> None:
    """Nothing to seed (PyTorch ignores it too when no GPU is present)."""


def manual_seed_all(seed) -> None:
    """Nothing to seed (PyTorch ignores it too when no GPU is present)."""


def empty_cache() -> None:
    """Nothing to free."""


def _refuse(what):
    raise DeviceUnavailableError(f"torch.cuda.{what}(): autodiff computes with numpy on the CPU "
                                 f"and has no CUDA device (autodiff.cuda.is_available() is False)")


def current_device() -> int:
    """Refused: there is no CUDA device."""
    _refuse("current_device")


def synchronize(device=None) -> None:
    """Refused: there is no CUDA device."""
    _refuse("synchronize")
