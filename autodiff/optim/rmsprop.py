"""RMSprop: steps scaled by a running average of the squared gradient."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .adam import lerp_
from .optimizer import Optimizer, advance, fma, new_state, scalar, step_counter, values_of

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop, as ``torch.optim.RMSprop``.

    .. math::
        v_t &\leftarrow \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        \bar g_t &\leftarrow \alpha \bar g_{t-1} + (1 - \alpha) g_t
            \quad\text{(centered; then } v_t - \bar g_t^2 \text{ replaces } v_t\text{)} \\
        b_t &\leftarrow \mu b_{t-1} + g_t / (\sqrt{v_t} + \epsilon) \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma b_t

    (without momentum, :math:`b_t = g_t / (\sqrt{v_t} + \epsilon)`).

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters to optimize, or parameter groups (dicts).
    lr : float
        Learning rate :math:`\gamma`.
    alpha : float
        Smoothing constant :math:`\alpha`.
    eps : float
        Added to the denominator for numerical stability.
    weight_decay : float
        L2 penalty added to the gradient.
    momentum : float
        Momentum factor :math:`\mu`.
    centered : bool
        Normalize by an estimate of the gradient's variance instead of its second moment.
    maximize : bool
        Ascend instead of descend.
    """

    def __init__(self, params: Iterable, lr=1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False,
                 capturable: bool = False, foreach=None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                        maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update_group(self, group) -> None:
        lr, alpha, eps = scalar(group["lr"]), scalar(group["alpha"]), scalar(group["eps"])
        weight_decay, momentum = scalar(group["weight_decay"]), scalar(group["momentum"])
        for p, grad in self._with_grads(group):
            state = self.state[p]
            if len(state) == 0:
                state["step"] = step_counter()
                state["square_avg"] = new_state(np.zeros_like(values_of(p)))
                if momentum > 0:
                    state["momentum_buffer"] = new_state(np.zeros_like(values_of(p)))
                if group["centered"]:
                    state["grad_avg"] = new_state(np.zeros_like(values_of(p)))
            param, square_avg = values_of(p), values_of(state["square_avg"])
            if group["maximize"]:
                grad = -grad
            advance(state["step"])
            if weight_decay != 0:
                grad = fma(weight_decay, param, grad)

            square_avg[...] = fma((1 - alpha) * grad, grad, square_avg * alpha)
            if group["centered"]:
                grad_avg = values_of(state["grad_avg"])
                lerp_(grad_avg, grad, 1 - alpha)
                avg = np.sqrt(fma(-grad_avg, grad_avg, square_avg))
            else:
                avg = np.sqrt(square_avg)
            avg = avg + eps

            if momentum > 0:
                buf = values_of(state["momentum_buffer"])
                buf *= momentum
                buf += grad / avg
                p.copy_(fma(-lr, buf, param))
            else:
                p.copy_(param + (-lr) * grad / avg)
