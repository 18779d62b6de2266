"""Forward-mode AD with dual numbers, PyTorch's ``torch.autograd.forward_ad`` API.

Open a level with :func:`dual_level`, attach tangents with :func:`make_dual`, compute as usual,
read tangents with :func:`unpack_dual`. The engine behind it is
:mod:`autodiff.engines.forward`.
"""
from .engines.forward import UnpackedDualTensor, dual_level, make_dual, unpack_dual

__all__ = ["dual_level", "make_dual", "unpack_dual", "UnpackedDualTensor"]
