"""``torch.nn.utils``: clipping the gradients a backward pass left in ``.grad``."""
from __future__ import annotations

import math

import numpy as np

from ..core import Tensor
from ..creation import tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _grads(parameters) -> list:
    """The gradients the parameters hold (those without one are skipped)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p.grad for p in params if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                    foreach=None) -> Tensor:
    """Scale the gradients of ``parameters`` in place so that their joint norm is at most
    ``max_norm`` (PyTorch's ``clip_grad_norm_``).

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
    max_norm : float
    norm_type : float
        The order of the norm, ``inf`` for the largest absolute value.
    error_if_nonfinite : bool
        Raise if the total norm is nan or infinite (else the gradients become nan).
    foreach : None
        Accepted for PyTorch's signature; the loop is the same either way.

    Returns
    -------
    Tensor
        The total norm before clipping (0-d).
    """
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return tensor(0.0)
    values = [np.asarray(g._data) for g in grads]
    if math.isinf(norm_type):
        total = max(float(np.max(np.abs(v))) if v.size else 0.0 for v in values)
    else:
        total = float(sum(np.sum(np.abs(v) ** norm_type) for v in values)) ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                           f"`parameters` is non-finite, so it cannot be clipped. To disable "
                           f"this error and scale the gradients by the non-finite norm anyway, "
                           f"set `error_if_nonfinite=False`")
    scale = min(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g._data *= g._data.dtype.type(scale)
    return tensor(total, dtype=grads[0].dtype)


def clip_grad_value_(parameters, clip_value, foreach=None) -> None:
    """Clip every gradient of ``parameters`` in place to ``[-clip_value, clip_value]``
    (PyTorch's ``clip_grad_value_``).

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
    clip_value : float
    foreach : None
        Accepted for PyTorch's signature.
    """
    for g in _grads(parameters):
        np.clip(g._data, -clip_value, clip_value, out=g._data)
