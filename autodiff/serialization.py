"""``torch.save`` and ``torch.load``: tensors, parameters and state dicts to a file and back.

Python's pickle does the writing (a tensor pickles as its values, dtype and ``requires_grad``).
``load`` with ``weights_only=True`` (PyTorch's default since 2.6) unpickles only tensors,
numpy arrays, numbers, strings and the standard containers, so a file from elsewhere cannot
run code; ``weights_only=False`` unpickles anything, for files you trust.
"""
from __future__ import annotations

import io
import os
import pickle

from .device import check_device

__all__ = ["save", "load"]

_ALLOWED = {
    ("collections", "OrderedDict"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "slice"), ("builtins", "complex"), ("_codecs", "encode"),
    ("numpy", "dtype"), ("numpy", "ndarray"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
}
_ALLOWED_PREFIXES = ("autodiff.core.tensor", "autodiff.nn.parameter", "numpy.dtypes")


class _WeightsUnpickler(pickle.Unpickler):
    """Unpickles tensors, arrays and plain containers only."""

    def find_class(self, module, name):
        """The class or function a pickle names, if it is one of the allowed kinds."""
        if (module, name) in _ALLOWED or module.startswith(_ALLOWED_PREFIXES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Weights only load failed: the file asks for {module}.{name}, which is not a "
            f"tensor, array or plain container. If you trust the file, call "
            f"load(..., weights_only=False)")


def save(obj, f, pickle_module=pickle, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Write ``obj`` (a tensor, a state dict, any picklable object) to ``f``.

    Parameters
    ----------
    obj : object
    f : str, os.PathLike or binary file
    pickle_module : module
        The pickle implementation (Python's by default).
    pickle_protocol : int
    _use_new_zipfile_serialization : bool
        Accepted for PyTorch's signature; the file is a pickle either way, which only
        :func:`load` reads (not PyTorch).
    """
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as out:
            pickle_module.dump(obj, out, protocol=pickle_protocol)
    else:
        pickle_module.dump(obj, f, protocol=pickle_protocol)


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None,
         **pickle_load_args):
    """Read back what :func:`save` wrote.

    Parameters
    ----------
    f : str, os.PathLike or binary file
    map_location : None, "cpu" or a cpu device
        Where tensors go; only the CPU exists here (a CUDA device raises).
    pickle_module : module, optional
        With ``weights_only=False``, the pickle implementation to use.
    weights_only : bool
        Unpickle only tensors, arrays, numbers, strings and containers (PyTorch's default).
    mmap : None
        Memory-mapping is not available; None or False only.
    **pickle_load_args
        Passed to the unpickler (``encoding=``, ...).
    """
    if callable(map_location) or isinstance(map_location, dict):
        raise TypeError("load: map_location as a function or a dict remaps devices, and only "
                        "the CPU exists here; pass None or 'cpu'")
    check_device(map_location)
    if mmap:
        raise ValueError("load(mmap=True) is not supported: the file is read into memory")
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as source:
            data = source.read()
    else:
        data = f.read()
    if weights_only:
        return _WeightsUnpickler(io.BytesIO(data), **pickle_load_args).load()
    return (pickle_module or pickle).loads(data, **pickle_load_args)
