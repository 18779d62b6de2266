"""``autodiff.linalg``: the linear algebra of ``numpy.linalg`` and ``torch.linalg`` in one place,
plus scipy.linalg's matrix functions and solvers (the same functions as
:mod:`autodiff.scipy.linalg`: one implementation).

``cholesky`` and ``eigh`` keep numpy's and PyTorch's conventions here (lower factor, no ``b``);
``autodiff.scipy.linalg.cholesky``/``eigh`` take scipy's signatures (upper factor by default,
generalized problems).

Every function here is differentiable in both engines; see :mod:`autodiff.ops.decompositions`
and :mod:`autodiff.ops.scipy_linalg` for the rules.
"""
from .ops import (cholesky, cross, det, eigh, eigvalsh, inv, matmul, matrix_norm, matrix_power,
                  qr, slogdet, solve, svd, svdvals)
from .ops.norms import linalg_norm as norm
from .ops.norms import norm as vector_norm
from .scipy.linalg import (cho_factor, cho_solve, expm, lu_factor, lu_solve, solve_banded,
                           solve_sylvester, solve_triangular, sqrtm)

matrix_exp = expm     # torch.linalg's name

__all__ = ["cho_factor", "cho_solve", "cholesky", "cross", "det", "eigh", "eigvalsh", "expm",
           "inv", "lu_factor", "lu_solve", "matmul", "matrix_exp", "matrix_norm", "matrix_power",
           "norm", "qr", "slogdet", "solve", "solve_banded", "solve_sylvester",
           "solve_triangular", "sqrtm", "svd", "svdvals", "vector_norm"]
