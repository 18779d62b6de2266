"""``autodiff.scipy.linalg`` against scipy.linalg's values (derivatives: the op table's walk)."""
import numpy as np
import pytest
import scipy.linalg as sla

import autodiff as ad
import autodiff.scipy.linalg as asl

rng = np.random.default_rng(5)
A = rng.normal(size=(4, 4))
SPD = A @ A.T + 4 * np.eye(4)
B = rng.normal(size=(4, 2))
B1 = rng.normal(size=4)


def close(x, y, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(x), np.asarray(y), rtol=rtol, atol=1e-12)


def test_matrix_functions():
    close(asl.expm(A), sla.expm(A))
    close(asl.expm(np.stack([A, SPD / 4])), sla.expm(np.stack([A, SPD / 4])))
    close(asl.sqrtm(SPD), sla.sqrtm(SPD))
    q = B @ B.T
    close(asl.solve_sylvester(SPD, SPD.T + 1, q), sla.solve_sylvester(SPD, SPD.T + 1, q))
    close(asl.det(A), sla.det(A))
    close(asl.inv(A), sla.inv(A))
    assert ad.linalg.expm is asl.expm and ad.linalg.matrix_exp is asl.expm


@pytest.mark.parametrize("trans", [0, 1, "T"])
@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("unit", [False, True])
def test_solve_triangular(trans, lower, unit):
    a = A + 4 * np.eye(4)
    for b in (B, B1):
        close(asl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit),
              sla.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit))


@pytest.mark.parametrize("lower", [False, True])
def test_cholesky_family(lower):
    close(asl.cholesky(SPD, lower=lower), sla.cholesky(SPD, lower=lower))
    ours = asl.cho_factor(SPD, lower=lower)
    assert ours[1] == lower
    close(asl.cho_solve(ours, B), sla.cho_solve(sla.cho_factor(SPD, lower=lower), B))
    # scipy's own factor (with arbitrary values in the unused triangle) works too
    close(asl.cho_solve(sla.cho_factor(SPD, lower=lower), B1), np.linalg.solve(SPD, B1))


@pytest.mark.parametrize("trans", [0, 1])
def test_lu(trans):
    lu, piv = asl.lu_factor(A)
    slu, spiv = sla.lu_factor(A)
    close(lu, slu)
    np.testing.assert_array_equal(piv, spiv)
    close(asl.lu_solve((lu, piv), B, trans=trans), sla.lu_solve((slu, spiv), B, trans=trans))
    close(asl.lu_solve((lu, piv), B1, trans=trans), sla.lu_solve((slu, spiv), B1, trans=trans))


def test_solve_banded():
    ab = rng.normal(size=(4, 5))
    ab[1] += 5
    b = rng.normal(size=5)
    close(asl.solve_banded((2, 1), ab, b), sla.solve_banded((2, 1), ab, b))
    close(asl.solve_banded((1, 2), ab, np.c_[b, b]), sla.solve_banded((1, 2), ab, np.c_[b, b]))
    with pytest.raises(ValueError, match="l\\+u\\+1"):
        asl.solve_banded((1, 1), ab, b)


def test_eigh():
    w, v = asl.eigh(SPD)
    sw, sv = sla.eigh(SPD)
    close(w, sw)
    close(np.abs(v), np.abs(sv))
    close(asl.eigh(SPD, eigvals_only=True), sw)
    w, v = asl.eigh(SPD, SPD + np.eye(4))
    sw, sv = sla.eigh(SPD, SPD + np.eye(4))
    close(w, sw)
    close(np.abs(v), np.abs(sv), rtol=1e-10)
    close(asl.eigh(SPD, SPD + np.eye(4), eigvals_only=True), sw)


def test_gradient_of_expm_trace_is_expm_transposed():
    g = ad.grad(lambda a: ad.trace(asl.expm(a)))(A)
    close(g, sla.expm(A).T, rtol=1e-10)


def test_gradient_of_logdet_through_cho_factor():
    """d/dA of sum(log diag(L)) * 2 = log det A is A^-1 (a symmetric-input gradient)."""
    def logdet(a):
        c, _ = asl.cho_factor(a, lower=True)
        return 2 * ad.sum(ad.log(ad.diagonal(c)))
    close(ad.grad(logdet)(SPD), np.linalg.inv(SPD), rtol=1e-10)
