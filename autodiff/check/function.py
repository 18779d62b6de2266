"""The checked function seen as the checker needs it: float64 inputs, one flat output vector."""
from __future__ import annotations

import numpy as np

from ..core import Tensor
from .errors import GradcheckInputError

__all__ = ["Point", "as_point", "output_array", "numpy_function", "complex_function"]


class Point:
    """The inputs of a check, converted to float64, and the flattening between them and a vector.

    Parameters
    ----------
    arrays : list of ndarray
        One float64 array per positional argument.
    original_dtypes : list of numpy.dtype
        The dtypes the caller gave (float32 inputs are checked in float64).
    """

    def __init__(self, arrays, original_dtypes):
        self.arrays = arrays
        self.original_dtypes = original_dtypes
        self.shapes = [a.shape for a in arrays]
        self.sizes = [a.size for a in arrays]
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.size = int(self.offsets[-1])

    def flat(self) -> np.ndarray:
        """All inputs as one vector."""
        return np.concatenate([a.ravel() for a in self.arrays])

    def split(self, vector) -> list:
        """A vector of all inputs (or a row of a Jacobian) back into one array per input."""
        return [np.asarray(vector[self.offsets[k]:self.offsets[k + 1]]).reshape(s)
                for k, s in enumerate(self.shapes)]

    def owner(self, flat_index: int) -> tuple:
        """``(input number, index within that input)`` of an element of the flat vector."""
        k = int(np.searchsorted(self.offsets, flat_index, side="right") - 1)
        return k, tuple(int(i) for i in np.unravel_index(flat_index - self.offsets[k],
                                                          self.shapes[k]))


def as_point(inputs) -> Point:
    """Validate the inputs of a check and convert them to float64.

    Raises
    ------
    GradcheckInputError
        For no inputs, non-numeric inputs, integer or boolean inputs, or non-finite values.
    """
    if not inputs:
        raise GradcheckInputError("gradcheck needs at least one input: gradcheck(f, x)")
    arrays, dtypes = [], []
    for k, x in enumerate(inputs):
        value = x._data if isinstance(x, Tensor) else x
        try:
            value = np.asarray(value)
        except (ValueError, TypeError) as exc:   # ragged lists and the like
            raise GradcheckInputError(f"input {k} is not an array ({exc}); pass a numpy array "
                                      f"or a tensor") from None
        if value.dtype.kind in "biu":
            raise GradcheckInputError(
                f"input {k} has integer dtype {value.dtype}; derivatives need floating-point "
                f"inputs: pass np.asarray(x, dtype=float) (or 1.0 instead of 1)")
        if value.dtype.kind == "c":
            raise GradcheckInputError(f"input {k} is complex; gradcheck checks real functions: "
                                      f"pass the real and imaginary parts as separate inputs")
        if value.dtype.kind != "f":
            raise GradcheckInputError(f"input {k} has dtype {value.dtype}, not numbers; pass a "
                                      f"floating-point numpy array or tensor")
        if not np.all(np.isfinite(value)):
            raise GradcheckInputError(f"input {k} contains nan or inf; check the function at "
                                      f"finite values")
        dtypes.append(value.dtype)
        arrays.append(value.astype(np.float64))
    return Point(arrays, dtypes)


def output_array(result, who: str = "the function") -> np.ndarray:
    """The function's result as a float64 array, or a one-line error saying what to return.

    Raises
    ------
    GradcheckInputError
        When the result is not an array, a tensor or a float, or holds integers or booleans.
    """
    if isinstance(result, Tensor):
        value = np.asarray(result._data)
    elif isinstance(result, (np.ndarray, np.generic, float)):
        value = np.asarray(result)
    else:
        kind = type(result).__name__
        hint = " (one output only: concatenate several into one array)" \
            if isinstance(result, (tuple, list)) else ""
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        raise GradcheckInputError(f"{who} returned {article} {kind}; it must return a numpy "
                                  f"array, a tensor or a float{hint}")
    if value.dtype.kind != "f":
        raise GradcheckInputError(f"{who} returned values of dtype {value.dtype}; derivatives "
                                  f"need a floating-point output (did it return a comparison "
                                  f"or an index?)")
    return value


def numpy_function(f, point: Point, name: str = "the function"):
    """``f`` as a map from a flat float64 vector to a flat float64 vector.

    The inputs reach ``f`` as tensors (no engine traces them), so functions written with tensor
    methods (``b.norm()``) and with numpy functions both run.
    """
    def flat_f(vector):
        """``f`` at the point given as one flat vector, its output raveled."""
        args = [Tensor(a) for a in point.split(np.asarray(vector, dtype=np.float64))]
        out = output_array(f(*args), name)
        flat_f.out_shape, flat_f.out_dtype = out.shape, out.dtype
        return out.astype(np.float64).ravel()

    flat_f.out_shape = flat_f.out_dtype = None
    return flat_f


def complex_function(f, point: Point, name: str = "the function"):
    """``f`` as a map from a flat complex vector to a flat complex vector (for the complex step).

    Raises
    ------
    GradcheckInputError
        When ``f`` returns real values for complex inputs (an ``abs``, a norm or a cast dropped
        the imaginary part), so the complex step cannot see its derivative.
    """
    def flat_f(vector):
        """``f`` at the point given as one flat vector, its output raveled."""
        args = [Tensor(np.asarray(a, dtype=np.complex128)) for a in point.split(vector)]
        result = f(*args)
        value = np.asarray(result._data if isinstance(result, Tensor) else result)
        if value.dtype.kind != "c":
            raise GradcheckInputError(
                f"{name} returns {value.dtype} values for complex inputs, so the complex step "
                f"cannot see its derivative; use reference='richardson'")
        return value.ravel()

    return flat_f
