"""Affine layers: :class:`Linear`, :class:`LazyLinear`, and :class:`Identity`."""
from __future__ import annotations

import math

import numpy as np

from ..core import Tensor, get_default_dtype, no_grad
from ..device import check_device
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter, UninitializedParameter

__all__ = ["Identity", "Linear", "LazyLinear"]


def _empty(shape, device, dtype) -> Parameter:
    check_device(device)
    return Parameter(np.empty(shape, dtype=dtype or get_default_dtype()))


class Identity(Module):
    """Returns its input; takes (and ignores) any constructor arguments.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.nn.Identity(54, unused="argument")(ad.ones(2))
    tensor([1., 1.])
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:
        """``input``, unchanged."""
        return input


class Linear(Module):
    """``y = x W^T + b``, as ``torch.nn.Linear``.

    Parameters
    ----------
    in_features, out_features : int
        The sizes of each input and output sample.
    bias : bool
        Learn an additive bias.
    device : str or autodiff.device, optional
        Only the CPU.
    dtype : dtype, optional
        Defaults to the default float dtype.

    Attributes
    ----------
    weight : Parameter
        ``(out_features, in_features)``, initialized from ``U(-k, k)``, ``k = 1 /
        sqrt(in_features)`` (PyTorch's ``kaiming_uniform_(a=sqrt(5))``).
    bias : Parameter or None
        ``(out_features,)``, from ``U(-k, k)``.

    Notes
    -----
    The weight is drawn first, then the bias, from the default generator, as PyTorch does: after
    ``autodiff.manual_seed(s)`` a new layer holds the values PyTorch's would.

    Examples
    --------
    >>> import autodiff as ad
    >>> _ = ad.manual_seed(0)
    >>> layer = ad.nn.Linear(3, 2)
    >>> layer.weight
    Parameter containing:
    tensor([[-0.0043,  0.3097, -0.4752],
            [-0.4249, -0.2224,  0.1548]], requires_grad=True)
    >>> layer(ad.ones(4, 3)).shape
    Size([4, 2])
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None,
                 dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = _empty((out_features, in_features), device, dtype)
        if bias:
            self.bias = _empty((out_features,), device, dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again, with PyTorch's default initialization."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1]
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        """``input @ weight.T + bias``."""
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        """``in_features=..., out_features=..., bias=...``."""
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class LazyLinear(Linear):
    """A :class:`Linear` layer whose ``in_features`` is read from its first input.

    Until that first call the weight and bias are :class:`UninitializedParameter`; the call
    gives them their shapes in place, initializes them as :class:`Linear` does (drawing from
    the generator at that moment, as PyTorch does) and turns the module into a
    :class:`Linear`.

    Parameters
    ----------
    out_features : int
    bias : bool
    device, dtype : optional
        As for :class:`Linear`.

    Examples
    --------
    >>> import autodiff as ad
    >>> layer = ad.nn.LazyLinear(2)
    >>> layer
    LazyLinear(in_features=0, out_features=2, bias=True)
    >>> layer(ad.ones(4, 3)).shape
    Size([4, 2])
    >>> layer
    Linear(in_features=3, out_features=2, bias=True)
    """

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None):
        Module.__init__(self)
        check_device(device)
        self.in_features = 0
        self.out_features = out_features
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)
        else:
            self.register_parameter("bias", None)

    def has_uninitialized_params(self) -> bool:
        """Whether the first call has yet to come."""
        return any(isinstance(p, UninitializedParameter) for p in self._parameters.values())

    def reset_parameters(self) -> None:
        """Initialize as :class:`Linear` does, once the shapes are known."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:
        """Take ``in_features`` from ``input``'s last dimension and initialize."""
        if not self.has_uninitialized_params():
            return
        with no_grad():
            self.in_features = input.shape[-1]
            self.weight.materialize((self.out_features, self.in_features))
            if self.bias is not None:
                self.bias.materialize((self.out_features,))
            self.reset_parameters()
        self.__class__ = self.cls_to_become

    def forward(self, input: Tensor) -> Tensor:
        """Initialize from ``input`` on the first call, then ``input @ weight.T + bias``."""
        self.initialize_parameters(input)
        return F.linear(input, self.weight, self.bias)
