"""Stochastic gradient descent, with momentum, dampening, Nesterov momentum and weight decay."""
from __future__ import annotations

from typing import Iterable

from .optimizer import Optimizer, fma, new_state, scalar, values_of

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent (optionally with momentum), as ``torch.optim.SGD``.

    With gradient :math:`g_t` of parameter :math:`\theta_{t-1}`:

    .. math::
        g &\leftarrow g_t + \lambda\theta_{t-1} \\
        b_t &\leftarrow \mu b_{t-1} + (1 - \tau) g \quad (b_1 = g) \\
        g &\leftarrow g + \mu b_t \text{ (nesterov) or } b_t \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma g

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters to optimize, or parameter groups (dicts).
    lr : float
        Learning rate :math:`\gamma`.
    momentum : float
        Momentum factor :math:`\mu`.
    dampening : float
        Dampening :math:`\tau` of the momentum.
    weight_decay : float
        L2 penalty :math:`\lambda`.
    nesterov : bool
        Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``).
    maximize : bool
        Ascend instead of descend.

    Examples
    --------
    >>> import autodiff as ad
    >>> w = ad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ad.optim.SGD([w], lr=0.1, momentum=0.9)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(self, params: Iterable, lr=1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False,
                 foreach=None, differentiable: bool = False, fused=None) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _update_group(self, group) -> None:
        lr, weight_decay = scalar(group["lr"]), scalar(group["weight_decay"])
        momentum, dampening = scalar(group["momentum"]), scalar(group["dampening"])
        for p, grad in self._with_grads(group):
            param = values_of(p)
            if group["maximize"]:
                grad = -grad
            if weight_decay != 0:
                grad = fma(weight_decay, param, grad)
            if momentum != 0:
                state = self.state[p]
                if state.get("momentum_buffer") is None:
                    state["momentum_buffer"] = new_state(grad.copy())
                    buf = values_of(state["momentum_buffer"])
                else:
                    buf = values_of(state["momentum_buffer"])
                    buf[...] = fma(1 - dampening, grad, buf * momentum)
                grad = fma(momentum, buf, grad) if group["nesterov"] else buf
            p.copy_(fma(-lr, grad, param))
