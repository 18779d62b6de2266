"""Adam (and, with decoupled weight decay, AdamW)."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .optimizer import Optimizer, advance, fma, new_state, scalar, step_counter, values_of

__all__ = ["Adam"]


class Adam(Optimizer):
    r"""Adam, as ``torch.optim.Adam``.

    .. math::
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}
            \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters to optimize, or parameter groups (dicts).
    lr : float
        Learning rate :math:`\gamma`.
    betas : (float, float)
        Decay rates :math:`\beta_1, \beta_2` of the running averages of the gradient and of
        its square.
    eps : float
        Added to the denominator for numerical stability.
    weight_decay : float
        L2 penalty added to the gradient (decoupled from it with
        ``decoupled_weight_decay=True``, which is :class:`AdamW`).
    amsgrad : bool
        Use the running maximum of :math:`v_t` (AMSGrad).
    maximize : bool
        Ascend instead of descend.
    """

    def __init__(self, params: Iterable, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach=None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False,
                 fused=None, decoupled_weight_decay: bool = False) -> None:
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, betas=tuple(scalar(b) for b in betas), eps=eps,
                        weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
                        foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _update_group(self, group) -> None:
        lr, eps, weight_decay = scalar(group["lr"]), scalar(group["eps"]), \
            scalar(group["weight_decay"])
        beta1, beta2 = (scalar(b) for b in group["betas"])
        amsgrad = group["amsgrad"]
        for p, grad in self._with_grads(group):
            state = self.state[p]
            if len(state) == 0:
                state["step"] = step_counter()
                state["exp_avg"] = new_state(np.zeros_like(values_of(p)))
                state["exp_avg_sq"] = new_state(np.zeros_like(values_of(p)))
                if amsgrad:
                    state["max_exp_avg_sq"] = new_state(np.zeros_like(values_of(p)))
            param = values_of(p)
            exp_avg, exp_avg_sq = values_of(state["exp_avg"]), values_of(state["exp_avg_sq"])
            if group["maximize"]:
                grad = -grad
            step = advance(state["step"])

            if weight_decay != 0:
                if group["decoupled_weight_decay"]:
                    param = param * (1 - lr * weight_decay)
                else:
                    grad = fma(weight_decay, param, grad)

            lerp_(exp_avg, grad, 1 - beta1)
            exp_avg_sq[...] = fma((1 - beta2) * grad, grad, exp_avg_sq * beta2)

            bias_correction1 = 1 - beta1 ** step
            bias_correction2 = 1 - beta2 ** step
            step_size = lr / bias_correction1
            bias_correction2_sqrt = bias_correction2 ** 0.5
            if amsgrad:
                max_exp_avg_sq = values_of(state["max_exp_avg_sq"])
                np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
                denom = np.sqrt(max_exp_avg_sq) / bias_correction2_sqrt + eps
            else:
                denom = np.sqrt(exp_avg_sq) / bias_correction2_sqrt + eps
            p.copy_(param + (-step_size) * exp_avg / denom)


def lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
    """``start += weight * (end - start)`` in place, computed as PyTorch's ``lerp_`` does (from
    the nearer end, so a weight near 1 loses no precision)."""
    weight = np.asarray(weight, dtype=start.dtype)
    if abs(weight) < 0.5:
        start[...] = fma(weight, end - start, start)
    else:
        start[...] = fma(weight - 1, end - start, end)
