"""``autodiff.linalg``: the linear algebra of ``numpy.linalg`` and ``torch.linalg`` in one place.

Every function here is differentiable in both engines; see :mod:`autodiff.ops.decompositions`
for the rules.
"""
from .ops import (cholesky, cross, det, eigh, eigvalsh, inv, matmul, matrix_norm, matrix_power,
                  qr, slogdet, solve, svd, svdvals)
from .ops.norms import linalg_norm as norm
from .ops.norms import norm as vector_norm

__all__ = ["cholesky", "cross", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm",
           "matrix_power", "norm", "qr", "slogdet", "solve", "svd", "svdvals", "vector_norm"]
