"""Adagrad: per-coordinate step sizes shrinking with the sum of the squared gradients."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .optimizer import Optimizer, advance, fma, new_state, scalar, step_counter, values_of

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad, as ``torch.optim.Adagrad``.

    .. math::
        \tilde\gamma &\leftarrow \gamma / (1 + (t - 1)\eta) \\
        s_t &\leftarrow s_{t-1} + g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \tilde\gamma \frac{g_t}{\sqrt{s_t} + \epsilon}

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters to optimize, or parameter groups (dicts).
    lr : float
        Learning rate :math:`\gamma`.
    lr_decay : float
        Learning-rate decay :math:`\eta`.
    weight_decay : float
        L2 penalty added to the gradient.
    initial_accumulator_value : float
        Starting value of the sum :math:`s_0`.
    eps : float
        Added to the denominator for numerical stability.
    maximize : bool
        Ascend instead of descend.
    """

    def __init__(self, params: Iterable, lr=1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, foreach=None, *,
                 maximize: bool = False, differentiable: bool = False, fused=None) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        # Adagrad's state exists from the start (PyTorch creates it here, not at the first step).
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group["initial_accumulator_value"])

    def _init_state(self, p, initial_accumulator_value) -> None:
        state = self.state[p]
        state["step"] = step_counter()
        state["sum"] = new_state(np.full_like(values_of(p), initial_accumulator_value))

    def _update_group(self, group) -> None:
        lr, lr_decay = scalar(group["lr"]), scalar(group["lr_decay"])
        eps, weight_decay = scalar(group["eps"]), scalar(group["weight_decay"])
        for p, grad in self._with_grads(group):
            state = self.state[p]
            if len(state) == 0:     # a parameter added later with add_param_group
                self._init_state(p, self.defaults["initial_accumulator_value"])
            param, state_sum = values_of(p), values_of(state["sum"])
            step = advance(state["step"])
            if group["maximize"]:
                grad = -grad
            if weight_decay != 0:
                grad = fma(weight_decay, param, grad)
            clr = lr / (1 + (step - 1) * lr_decay)
            state_sum[...] = fma(grad, grad, state_sum)
            std = np.sqrt(state_sum) + eps
            p.copy_(param + (-clr) * grad / std)
