"""Optimizers, as ``torch.optim``: :class:`SGD`, :class:`Adam`, :class:`AdamW`,
:class:`Adagrad`, :class:`RMSprop`, :class:`Adadelta` over a shared :class:`Optimizer` base,
and the learning-rate schedules of :mod:`~autodiff.optim.lr_scheduler`.

Each updates its parameters in place from their ``.grad`` when ``step()`` is called, with
PyTorch's update formulas, so a training loop written for ``torch.optim`` runs unchanged::

    opt = ad.optim.SGD(params, lr=0.03)
    for X, y in data:
        loss = loss_fn(net(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
"""
from . import adadelta, adagrad, adam, adamw, lr_scheduler, optimizer, rmsprop, sgd
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "Adagrad", "Adadelta", "RMSprop", "adadelta",
           "adagrad", "adam", "adamw", "lr_scheduler", "optimizer", "rmsprop", "sgd"]
