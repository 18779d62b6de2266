"""Parameters: tensors a :class:`~autodiff.nn.Module` registers as its learnable state."""
from __future__ import annotations

import numpy as np

from ..core import Tensor, get_default_dtype

__all__ = ["Parameter", "UninitializedParameter"]


class Parameter(Tensor):
    """A tensor that is a module's parameter, as ``torch.nn.Parameter``.

    Assigning a Parameter to an attribute of a :class:`~autodiff.nn.Module` registers it, so
    that it appears in ``parameters()`` and ``state_dict()``. A Parameter is a leaf: made from
    a tensor that has a graph, it shares that tensor's values but not its history.

    Parameters
    ----------
    data : Tensor or array_like, optional
        The values (shared, not copied, when a tensor or numpy array). Defaults to an empty
        tensor.
    requires_grad : bool
        Whether the parameter is trained (default True).

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.nn.Parameter(ad.zeros(2))
    Parameter containing:
    tensor([0., 0.], requires_grad=True)
    """

    def __init__(self, data=None, requires_grad: bool = True):
        if data is None:
            data = np.empty(0, dtype=get_default_dtype())
        elif isinstance(data, Tensor):
            data = data.detach().numpy()
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        return (type(self), (self.detach().numpy().copy(), self.requires_grad))

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.detach().numpy().copy(), self.requires_grad)
        return memo[id(self)]


class UninitializedParameter(Parameter):
    """A parameter whose shape is not known yet (a lazy module's, before its first call).

    :meth:`materialize` gives it a shape and turns it into a plain :class:`Parameter` in place,
    so an optimizer built before the first call holds the very object that is trained.
    """

    def __init__(self, requires_grad: bool = True, dtype=None):
        super().__init__(np.empty(0, dtype=dtype or get_default_dtype()), requires_grad)

    def materialize(self, shape) -> None:
        """Give the parameter ``shape`` (uninitialized values) and make it a :class:`Parameter`."""
        self.data = np.empty(tuple(shape), dtype=self.dtype)
        self.__class__ = Parameter

    def __repr__(self):
        return "<UninitializedParameter>"

    __str__ = __repr__
