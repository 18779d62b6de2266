"""Adadelta: steps scaled by the ratio of running averages of squared updates and gradients."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .optimizer import Optimizer, advance, fma, new_state, scalar, step_counter, values_of

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""Adadelta, as ``torch.optim.Adadelta``.

    .. math::
        v_t &\leftarrow \rho v_{t-1} + (1 - \rho) g_t^2 \\
        \Delta_t &\leftarrow \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} g_t \\
        u_t &\leftarrow \rho u_{t-1} + (1 - \rho) \Delta_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma \Delta_t

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters to optimize, or parameter groups (dicts).
    lr : float
        Factor :math:`\gamma` scaling the update.
    rho : float
        Decay rate :math:`\rho` of both running averages.
    eps : float
        Added inside the square roots for numerical stability.
    weight_decay : float
        L2 penalty added to the gradient.
    maximize : bool
        Ascend instead of descend.
    """

    def __init__(self, params: Iterable, lr=1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach=None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update_group(self, group) -> None:
        lr, rho, eps = scalar(group["lr"]), scalar(group["rho"]), scalar(group["eps"])
        weight_decay = scalar(group["weight_decay"])
        for p, grad in self._with_grads(group):
            state = self.state[p]
            if len(state) == 0:
                state["step"] = step_counter()
                state["square_avg"] = new_state(np.zeros_like(values_of(p)))
                state["acc_delta"] = new_state(np.zeros_like(values_of(p)))
            param = values_of(p)
            square_avg, acc_delta = values_of(state["square_avg"]), values_of(state["acc_delta"])
            advance(state["step"])
            if group["maximize"]:
                grad = -grad
            if weight_decay != 0:
                grad = fma(weight_decay, param, grad)
            square_avg[...] = fma((1 - rho) * grad, grad, square_avg * rho)
            std = np.sqrt(square_avg + eps)
            delta = np.sqrt(acc_delta + eps) / std * grad
            acc_delta[...] = fma((1 - rho) * delta, delta, acc_delta * rho)
            p.copy_(fma(-lr, delta, param))
