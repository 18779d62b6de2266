"""AdamW: Adam with weight decay applied to the parameters, not added to the gradient."""
from __future__ import annotations

from typing import Iterable

from .adam import Adam

__all__ = ["AdamW"]


class AdamW(Adam):
    r"""AdamW, as ``torch.optim.AdamW``: before Adam's update the parameters shrink,
    :math:`\theta \leftarrow \theta (1 - \gamma\lambda)`, and the gradient stays as it is.

    Parameters are those of :class:`Adam`; ``weight_decay`` defaults to ``1e-2``.
    """

    def __init__(self, params: Iterable, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False,
                 foreach=None, capturable: bool = False, differentiable: bool = False,
                 fused=None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state) -> None:
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
