"""The default floating dtype, float32 like PyTorch's."""
import numpy as np

_default = [np.dtype(np.float32)]


def set_default_dtype(dtype) -> None:
    """Set the dtype that new float tensors get (float32 unless changed).

    Parameters
    ----------
    dtype : numpy dtype or type
        ``np.float32`` or ``np.float64``.
    """
    dtype = np.dtype(dtype)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"only floating-point types are supported as the default type, "
                        f"got {dtype}")
    _default[0] = dtype


def get_default_dtype() -> np.dtype:
    """The dtype new float tensors get."""
    return _default[0]
