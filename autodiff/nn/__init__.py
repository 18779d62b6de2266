"""Neural-network layers, as ``torch.nn``: modules that own parameters, and their losses.

A surface over autodiff's operations, for the chapters of *Dive into Deep Learning* after
autograd (``from autodiff import nn``)::

    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    loss = nn.CrossEntropyLoss()
    trainer = autodiff.optim.SGD(net.parameters(), lr=0.1)

The package, one job a module:

- :mod:`~autodiff.nn.parameter`: :class:`Parameter`;
- :mod:`~autodiff.nn.module`: :class:`Module`, the tree of modules and parameters;
- :mod:`~autodiff.nn.container`: :class:`Sequential`, :class:`ModuleList`;
- :mod:`~autodiff.nn.linear`, :mod:`~autodiff.nn.flatten`, :mod:`~autodiff.nn.activation`,
  :mod:`~autodiff.nn.dropout`, :mod:`~autodiff.nn.loss`: the layers;
- :mod:`~autodiff.nn.functional` (``F``): the same computations as functions;
- :mod:`~autodiff.nn.init`: in-place initializations;
- :mod:`~autodiff.nn.utils`: gradient clipping.

Initializations and dropout masks draw from autodiff's PyTorch-compatible generator, so after
``autodiff.manual_seed(s)`` a new ``nn.Linear`` holds PyTorch's values.
"""
from . import functional, init, parameter, utils
from .activation import LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .container import ModuleList, Sequential
from .dropout import Dropout
from .flatten import Flatten
from .linear import Identity, LazyLinear, Linear
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from .module import Module
from .parameter import Parameter, UninitializedParameter

__all__ = ["Parameter", "UninitializedParameter", "Module", "Sequential", "ModuleList",
           "Identity", "Linear", "LazyLinear", "Flatten", "ReLU", "Sigmoid", "Tanh", "Softmax",
           "LogSoftmax", "Dropout", "MSELoss", "L1Loss", "NLLLoss", "CrossEntropyLoss",
           "BCELoss", "BCEWithLogitsLoss", "functional", "init", "parameter"]
