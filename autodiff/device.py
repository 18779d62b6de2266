"""Devices, PyTorch style: everything here computes with numpy on the CPU.

PyTorch code names devices (``torch.device("cuda:0")``, ``x.to(device)``, ``device=`` on creation
functions, D2L's ``try_gpu()``). These names work, so that code runs unchanged: a ``device``
object can name any device PyTorch knows, as in PyTorch, but only the CPU holds tensors; putting
a tensor anywhere else is refused with :class:`DeviceUnavailableError`.
"""
from __future__ import annotations

__all__ = ["device", "DeviceUnavailableError", "check_device", "CPU"]

# The device types PyTorch's parser accepts, in its order (its error message lists them).
_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
          "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


class DeviceUnavailableError(RuntimeError, AssertionError):
    """A tensor was sent to a device other than the CPU.

    A RuntimeError; also an AssertionError, which is what PyTorch built without CUDA raises
    (``Torch not compiled with CUDA enabled``), so code that catches that still does.
    """


class device:
    """Where a tensor lives: ``device("cpu")``, ``device("cuda", 0)``, ``device("cuda:1")``.

    Any device type PyTorch knows can be named (D2L's helpers build ``device("cuda:0")`` only
    after asking :func:`autodiff.cuda.device_count`); only ``"cpu"`` can hold tensors.

    Examples
    --------
    >>> import autodiff as ad
    >>> ad.device("cpu")
    device(type='cpu')
    >>> ad.ones(2).device
    device(type='cpu')
    """

    __slots__ = ("_type", "_index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            if index is not None:
                raise TypeError("device(device, index): give the index inside the device")
            self._type, self._index = type._type, type._index
            return
        if isinstance(type, int) and not isinstance(type, bool):
            type, index = "cuda", type      # PyTorch reads a bare ordinal as a CUDA device
        if not isinstance(type, str):
            raise TypeError(f"device() expects a string or a device, got {type.__class__.__name__}")
        name, sep, ordinal = type.partition(":")
        if name not in _TYPES:
            raise RuntimeError(f"Expected one of {', '.join(_TYPES)} device type at start of "
                               f"device string: {type}")
        if sep:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was "
                                   f"passed explicitly: {type}")
            if not ordinal.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(ordinal)
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative, got {index}")
        self._type, self._index = name, index

    @property
    def type(self) -> str:
        """The device type, ``"cpu"`` or ``"cuda"``..."""
        return self._type

    @property
    def index(self):
        """The device's ordinal, or None."""
        return self._index

    def __repr__(self):
        if self._index is None:
            return f"device(type='{self._type}')"
        return f"device(type='{self._type}', index={self._index})"

    def __str__(self):
        return self._type if self._index is None else f"{self._type}:{self._index}"

    def __eq__(self, other):
        if not isinstance(other, device):
            return NotImplemented
        return (self._type, self._index) == (other._type, other._index)

    def __hash__(self):
        return hash((self._type, self._index))

    def __reduce__(self):
        return (device, (self._type, self._index))


CPU = device("cpu")


def check_device(where) -> device:
    """``where`` as a :class:`device` on which tensors can live (the CPU), or a clear refusal.

    None means the CPU, as PyTorch's default device.
    """
    if where is None:
        return CPU
    d = where if isinstance(where, device) else device(where)
    if d.type != "cpu":
        hint = (" (autodiff.cuda.is_available() is False)" if d.type == "cuda" else "")
        raise DeviceUnavailableError(
            f"autodiff computes with numpy on the CPU; device '{d}' is not available{hint}. "
            f"Use device='cpu' (or leave device= out), or pick the device with "
            f"torch.cuda.is_available() as D2L's try_gpu() does.")
    return CPU
