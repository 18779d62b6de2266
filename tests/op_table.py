"""The op table: sample inputs for every primitive in the registry.

Each row is a function written the way a scientist writes numpy (``np.sin(x)``,
``np.linalg.solve(a, b)``, ``x @ y``), plus float64 sample inputs and the highest derivative
order to check. The same function runs three ways:

- on plain arrays it is numpy itself: that is what finite differences evaluate, so the reference
  never goes through our rules;
- on tensors it reaches the registry through numpy's protocols (or ``ad.NAME`` where numpy has no
  such function), in forward and reverse mode, nested to second order;
- ``torch`` (optional) is the same function in PyTorch, for ``test_against_torch``.

``op`` names the registry entry a row exercises; every registry entry needs at least one row
(``test_every_registered_op_has_a_row``). Rows for composite functions (vdot, pad, sort, ...)
name the public function instead.

Samples avoid points where the function is not differentiable (kinks, ties, domain edges) except
where a row is about that edge (``edge=True``): those rows use a small finite-difference step.
The edge decisions themselves are tested in ``test_edge_cases.py``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import scipy.special as sps

import autodiff as ad
from autodiff.ops.shape import _scatter_add

# A fixed seed keeps CI deterministic; AUTODIFF_TABLE_SEED=N draws other samples (a quick fuzz).
rng = np.random.default_rng(int(os.environ.get("AUTODIFF_TABLE_SEED", "20261122")))


@dataclass
class Case:
    op: str                      # registry entry (or composite function) this row exercises
    fn: Callable                 # f(*arrays) -> array
    args: tuple                  # float64 sample inputs, one per differentiable argument
    order: int = 2               # highest derivative order checked; 0: no derivative at all
    torch: Callable | None = None  # f(torch, *tensors), the same function in PyTorch
    label: str = ""
    eps: float = 1e-3            # finite-difference step (4-point central stencil)
    rtol: float = 1e-6           # against finite differences
    torch_rtol: float = 1e-10    # against PyTorch
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        shapes = ",".join("x".join(map(str, np.shape(a))) or "0d" for a in self.args)
        return f"{self.op}[{self.label or shapes}]"


CASES: list[Case] = []


def assert_close(actual, expected, rtol, what):
    """``actual == expected`` to ``rtol``, relative to each element and to the largest |expected|
    (so near-zero elements are compared on the scale of the array)."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * scale, err_msg=what)


def row(op, fn, *args, **kw):
    CASES.append(Case(op, fn, tuple(np.asarray(a, dtype=np.float64) for a in args), **kw))


# -- sample makers ---------------------------------------------------------------------------
def r(*shape, lo=-1.0, hi=1.0):
    """Uniform samples in [lo, hi]."""
    return rng.uniform(lo, hi, size=shape)


def pos(*shape, lo=0.5, hi=2.0):
    return r(*shape, lo=lo, hi=hi)


def away(*shape, gap=0.2):
    """Samples in [-1, 1] at least ``gap`` away from 0 (kinks of abs, relu)."""
    x = r(*shape, lo=gap, hi=1.0)
    return x * np.where(rng.uniform(size=shape) < 0.5, -1, 1)


def distinct(*shape):
    """A permutation of well separated values: no ties for max, sort, maximum."""
    n = int(np.prod(shape)) if shape else 1
    return (rng.permutation(n) * 0.37 - n * 0.15 + r(n, lo=0, hi=0.05)).reshape(shape)


def spd(n, batch=()):
    a = r(*batch, n, n)
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def well(n, batch=()):
    """A well-conditioned square matrix."""
    return r(*batch, n, n) + 3 * np.eye(n)


def spread(a):
    """Square matrices with well separated eigenvalues/singular values: the vectors'
    derivatives scale with 1/gap, so close ones would make finite differences inaccurate."""
    m, n = a.shape[-2:]
    return a + np.eye(m, n) * (np.arange(n) * 3.0 + 1.0)


def sym(a):
    """What a symmetric-input op (cholesky, eigh) is given: the symmetric part."""
    return (a + np.swapaxes(a, -1, -2)) / 2


def sign_fixed(v):
    """Eigen/singular vectors are defined up to sign: fix each column's sign by its largest
    component (a constant, no derivative), far from where the sign could flip."""
    big = np.argmax(np.abs(v), axis=-2)[..., None, :]
    return v * np.sign(np.take_along_axis(v, big, axis=-2))


def sign_fixed_t(T, v):
    big = v.abs().argmax(-2, keepdim=True)
    return v * T.sign(T.gather(v, -2, big)).detach()


# == arithmetic ===============================================================================
row("add", lambda x, y: x + y, r(2, 3), r(3), torch=lambda T, x, y: x + y)
row("add", lambda x, y: np.add(x, y), r(), r(2, 1), torch=lambda T, x, y: x + y)
row("subtract", lambda x, y: x - y, r(2, 1), r(1, 3), torch=lambda T, x, y: x - y)
row("subtract", lambda x, y: np.subtract(x, y), r(1), r(), torch=lambda T, x, y: x - y)
row("multiply", lambda x, y: x * y, r(2, 3), r(2, 3), torch=lambda T, x, y: x * y)
row("multiply", lambda x, y: np.multiply(x, y), r(), r(3), torch=lambda T, x, y: x * y)
row("divide", lambda x, y: x / y, r(2, 3), pos(3), torch=lambda T, x, y: x / y)
row("divide", lambda x, y: np.divide(x, y), r(2, 1, 3), away(2, 1), torch=lambda T, x, y: x / y)
row("negative", lambda x: -x, r(2, 3), torch=lambda T, x: -x)
row("negative", lambda x: np.negative(x), r(), torch=lambda T, x: -x)
row("power", lambda x, y: x ** y, pos(2, 3), r(3), torch=lambda T, x, y: x ** y)
row("power", lambda x: x ** 3, r(4), torch=lambda T, x: x ** 3, label="int exponent")
row("power", lambda y: np.power(2.0, y), r(2, 2), torch=lambda T, y: 2.0 ** y,
    label="constant base")
row("power", lambda x: np.sqrt(x) ** 2.5, pos(3), torch=lambda T, x: x.sqrt() ** 2.5,
    label="fractional")
row("maximum", lambda x, y: np.maximum(x, y), distinct(2, 3), distinct(3),
    torch=lambda T, x, y: T.maximum(x, y))
row("minimum", lambda x, y: np.minimum(x, y), distinct(2, 3), distinct(2, 1),
    torch=lambda T, x, y: T.minimum(x, y))
_cond = rng.uniform(size=(2, 3)) < 0.5
row("where", lambda x, y: np.where(_cond, x, y), r(2, 3), r(3),
    torch=lambda T, x, y: T.where(T.as_tensor(_cond), x, y))
row("where", lambda x: np.where(_cond, x, 0.0), r(1, 3), label="scalar branch",
    torch=lambda T, x: T.where(T.as_tensor(_cond), x, T.zeros((), dtype=x.dtype)))
row("remainder", lambda x, y: np.remainder(x, y), np.array([0.3, 1.7, -2.2]),
    np.array([0.7, 0.6, 0.9]),
    torch=lambda T, x, y: T.remainder(x, y))
row("remainder", lambda x: x % 0.7, np.array([[0.3, 1.5], [-0.9, 2.2]]),
    torch=lambda T, x: x % 0.7, label="constant modulus")
row("floor_divide", lambda x, y: np.floor_divide(x, y), r(2, 3) * 5, pos(3), order=0)

# == comparisons and logic: bool results, no derivative ===========================================
for _op, _f in [("eq", lambda x, y: x == y), ("ne", lambda x, y: x != y),
                ("lt", lambda x, y: x < y), ("le", lambda x, y: x <= y),
                ("gt", lambda x, y: x > y), ("ge", lambda x, y: x >= y),
                ("logical_and", lambda x, y: np.logical_and(x > 0, y > 0)),
                ("logical_or", lambda x, y: np.logical_or(x > 0, y > 0))]:
    row(_op, _f, r(2, 3), r(3), order=0)
row("logical_not", lambda x: np.logical_not(x > 0), r(3), order=0)
row("isfinite", lambda x: np.isfinite(x), r(3), order=0)
row("isnan", lambda x: np.isnan(x), r(3), order=0)
for _op in ("sign", "floor", "ceil", "round"):
    row(_op, getattr(np, _op), r(2, 3) * 3, order=0)

# == elementwise: one argument ====================================================================
_unary_rows = [
    # op, numpy function, torch name, domain sampler, edge sample (near the domain's edge)
    ("exp", np.exp, "exp", r, r(3) * 5),
    ("log", np.log, "log", pos, np.array([1e-3, 0.02])),
    ("sin", np.sin, "sin", r, None),
    ("cos", np.cos, "cos", r, None),
    ("tanh", np.tanh, "tanh", r, np.array([-4.0, 5.0])),
    ("sigmoid", ad.sigmoid, "sigmoid", r, np.array([-8.0, 9.0])),
    ("sqrt", np.sqrt, "sqrt", pos, np.array([1e-4, 4e-3])),
    ("abs", np.abs, "abs", away, None),
    ("relu", ad.relu, "relu", away, None),
    ("expm1", np.expm1, "expm1", r, np.array([1e-7, -1e-6])),
    ("log1p", np.log1p, "log1p", lambda *s: r(*s, lo=-0.8), np.array([-0.99, 1e-8])),
    ("log2", np.log2, "log2", pos, None),
    ("log10", np.log10, "log10", pos, None),
    ("cbrt", np.cbrt, None, away, None),
    ("square", np.square, "square", r, None),
    ("reciprocal", np.reciprocal, "reciprocal", away, None),
    ("tan", np.tan, "tan", r, np.array([1.5, -1.5])),
    ("arcsin", np.arcsin, "asin", lambda *s: r(*s, lo=-0.9, hi=0.9), np.array([0.99, -0.995])),
    ("arccos", np.arccos, "acos", lambda *s: r(*s, lo=-0.9, hi=0.9), np.array([0.99, -0.995])),
    ("arctan", np.arctan, "atan", r, None),
    ("sinh", np.sinh, "sinh", r, None),
    ("cosh", np.cosh, "cosh", r, None),
    ("arcsinh", np.arcsinh, "asinh", r, None),
    ("arccosh", np.arccosh, "acosh", lambda *s: r(*s, lo=1.2, hi=3.0), np.array([1.001, 1.01])),
    ("arctanh", np.arctanh, "atanh", lambda *s: r(*s, lo=-0.9, hi=0.9), np.array([0.99, -0.995])),
    ("softplus", ad.softplus, None, lambda *s: r(*s, lo=-5, hi=5), np.array([-15.0, 15.0])),
    ("erf", sps.erf, "erf", r, np.array([3.0, -2.5])),
    ("erfc", sps.erfc, "erfc", r, None),
    ("gammaln", sps.gammaln, "lgamma", pos, np.array([0.01, 30.0])),
    ("digamma", sps.digamma, "digamma", pos, np.array([0.05, 20.0])),
    ("logit", sps.logit, "logit", lambda *s: r(*s, lo=0.1, hi=0.9), np.array([1e-3, 0.999])),
]
# PyTorch's trigamma (polygamma(1, x)) is accurate to about 1e-9 only (scipy's agrees with
# mpmath to 1e-15), so rows whose values or derivatives go through it compare to 1e-8.
_TRIGAMMA = {"gammaln", "digamma", "polygamma"}
for _op, _f, _tname, _sample, _edge in _unary_rows:
    _t = (lambda name: (lambda T, x: getattr(T, name)(x)))(_tname) if _tname else None
    _kw = {"torch_rtol": 1e-8} if _op in _TRIGAMMA else {}
    row(_op, _f, _sample(2, 3), torch=_t, **_kw)
    row(_op, _f, _sample(), torch=_t, **_kw)
    if _edge is not None:
        row(_op, _f, _edge, torch=_t, eps=1e-6, rtol=1e-5, label="edge", **_kw)
row("sigmoid", sps.expit, r(1, 3), torch=lambda T, x: T.sigmoid(x), label="scipy expit")
row("softplus", ad.softplus, r(4), torch=lambda T, x: T.nn.functional.softplus(x),
    label="vs torch")
row("cbrt", np.cbrt, pos(3), torch=lambda T, x: x ** (1 / 3), label="vs torch")
row("polygamma", lambda x: ad.polygamma(1, x), pos(2, 2), torch=lambda T, x: T.polygamma(1, x),
    torch_rtol=1e-8)
row("polygamma", lambda x: ad.polygamma(2, x), pos(3), torch=lambda T, x: T.polygamma(2, x),
    label="n=2", torch_rtol=1e-8)

# clip: constant bounds, and tensor bounds (PyTorch's clamp) differentiable too
row("clip", lambda x: np.clip(x, -0.5, 0.5), np.array([-0.9, -0.2, 0.1, 0.7]),
    torch=lambda T, x: T.clamp(x, -0.5, 0.5))
row("clip", lambda x, lo, hi: np.clip(x, lo, hi), np.array([[-0.9, 0.0, 0.8]]),
    np.array([-0.5, -0.4, -0.3]), np.array([0.5]), torch=lambda T, x, lo, hi: T.clamp(x, lo, hi),
    label="tensor bounds")

# == elementwise: two arguments =============================================================
row("arctan2", lambda y, x: np.arctan2(y, x), r(2, 3), away(3),
    torch=lambda T, y, x: T.atan2(y, x))
row("arctan2", lambda y, x: np.arctan2(y, x), r(), away(2), torch=lambda T, y, x: T.atan2(y, x))
row("hypot", lambda x, y: np.hypot(x, y), r(2, 3), away(2, 1),
    torch=lambda T, x, y: T.hypot(x, y))
row("logaddexp", lambda x, y: np.logaddexp(x, y), r(2, 3) * 3, r(3) * 3,
    torch=lambda T, x, y: T.logaddexp(x, y))
row("logaddexp", lambda x, y: np.logaddexp(x, y), np.array([-30.0, 40.0]), np.array(0.5),
    torch=lambda T, x, y: T.logaddexp(x, y), label="far apart")
row("xlogy", lambda x, y: sps.xlogy(x, y), r(2, 3), pos(3), torch=lambda T, x, y: T.xlogy(x, y))

# == softmax family ===============================================================================
row("softmax", lambda x: ad.softmax(x, axis=-1), r(2, 4) * 3,
    torch=lambda T, x: T.softmax(x, dim=-1))
row("softmax", lambda x: ad.softmax(x, axis=0), r(3, 2, 2),
    torch=lambda T, x: T.softmax(x, dim=0))
row("softmax", lambda x: ad.softmax(x), r(1, 3), torch=lambda T, x: T.softmax(x.reshape(-1), 0)
    .reshape(1, 3), label="all elements")
row("log_softmax", lambda x: ad.log_softmax(x, axis=1), r(2, 4) * 3,
    torch=lambda T, x: T.log_softmax(x, dim=1))
row("log_softmax", lambda x: ad.log_softmax(x, axis=-1), np.array([-50.0, 0.0, 60.0]),
    torch=lambda T, x: T.log_softmax(x, dim=-1), label="large")

# == reductions ===================================================================================
row("sum", lambda x: np.sum(x), r(2, 3), torch=lambda T, x: x.sum())
row("sum", lambda x: np.sum(x, axis=1, keepdims=True), r(2, 3),
    torch=lambda T, x: x.sum(1, keepdim=True))
row("sum", lambda x: x.sum(axis=(0, 2)), r(2, 3, 2), torch=lambda T, x: x.sum((0, 2)))
row("sum", lambda x: np.sum(x), r(), torch=lambda T, x: x.sum())
row("mean", lambda x: np.mean(x, axis=0), r(3, 2), torch=lambda T, x: x.mean(0))
row("mean", lambda x: np.mean(x, axis=-1, keepdims=True), r(2, 1, 3),
    torch=lambda T, x: x.mean(-1, keepdim=True))
row("amax", lambda x: np.max(x, axis=1), distinct(2, 4), torch=lambda T, x: T.amax(x, 1))
row("amax", lambda x: np.max(x), distinct(3, 2), torch=lambda T, x: T.amax(x))
row("amin", lambda x: np.min(x, axis=0, keepdims=True), distinct(3, 2),
    torch=lambda T, x: T.amin(x, 0, keepdim=True))
row("norm2", lambda x: np.linalg.norm(x), r(2, 3), torch=lambda T, x: T.linalg.norm(x))
row("norm2", lambda x: np.linalg.norm(x, axis=1), r(3, 4),
    torch=lambda T, x: T.linalg.vector_norm(x, dim=1))
row("norm", lambda x: ad.norm(x, 1), away(5), torch=lambda T, x: T.linalg.vector_norm(x, 1),
    label="p=1")
row("norm", lambda x: np.linalg.norm(x, np.inf), np.array([0.3, -1.7, 0.9, 1.2, -0.5]),
    torch=lambda T, x: T.linalg.vector_norm(x, float("inf")), label="p=inf")
row("norm", lambda x: np.linalg.norm(x, 3, axis=0), away(3, 2),
    torch=lambda T, x: T.linalg.vector_norm(x, 3, dim=0), label="p=3")
_zeros1 = np.array([[0.5, 0.0, 1.5], [2.0, -1.0, 0.7]])
_zeros2 = np.array([[0.0, 2.0, 0.0, 1.1], [0.3, -1.2, 0.9, 1.4]])
row("prod", lambda x: np.prod(x, axis=1), r(2, 4) + 0.5, torch=lambda T, x: x.prod(1))
row("prod", lambda x: np.prod(x), _zeros1, torch=lambda T, x: x.prod(), label="one zero")
row("prod", lambda x: np.prod(x, axis=1, keepdims=True), _zeros2,
    torch=lambda T, x: x.prod(1, keepdim=True), label="two zeros")
row("prod", lambda x: np.prod(x, axis=(0, 2)), r(2, 2, 3), label="axis pair")
row("prod", lambda x: np.prod(x), r(), torch=lambda T, x: x.prod())
row("var", lambda x: np.var(x, axis=0), r(4, 2), torch=lambda T, x: x.var(0, correction=0))
row("var", lambda x: np.var(x, ddof=1), r(2, 3), torch=lambda T, x: x.var())
row("var", lambda x: np.var(x, axis=(0, 1), keepdims=True), r(2, 2, 3),
    torch=lambda T, x: x.var((0, 1), keepdim=True, correction=0))
row("std", lambda x: np.std(x, axis=1), r(2, 4), torch=lambda T, x: x.std(1, correction=0))
row("std", lambda x: np.std(x, ddof=1, keepdims=True), r(3, 2),
    torch=lambda T, x: x.std(keepdim=True))
row("logsumexp", lambda x: ad.logsumexp(x, axis=1), r(2, 4) * 5,
    torch=lambda T, x: T.logsumexp(x, 1))
row("logsumexp", lambda x: ad.logsumexp(x), np.array([-40.0, 0.0, 35.0]),
    torch=lambda T, x: T.logsumexp(x, 0), label="large")
row("logsumexp", lambda x: ad.logsumexp(x, axis=(0, 2), keepdims=True), r(2, 1, 3),
    torch=lambda T, x: T.logsumexp(x, (0, 2), keepdim=True))
row("cumsum", lambda x: np.cumsum(x, axis=1), r(2, 4), torch=lambda T, x: x.cumsum(1))
row("cumsum", lambda x: np.cumsum(x), r(2, 2), torch=lambda T, x: x.reshape(-1).cumsum(0))
row("cumprod", lambda x: np.cumprod(x, axis=0), r(3, 2) + 0.2, torch=lambda T, x: x.cumprod(0))
row("cumprod", lambda x: np.cumprod(x, axis=-1), _zeros2, torch=lambda T, x: x.cumprod(-1),
    label="zeros")

# == products and contractions ====================================================================
row("dot", lambda x, y: np.dot(x, y), r(4), r(4), torch=lambda T, x, y: T.dot(x, y))
row("dot", lambda x, y: np.dot(x, y), r(2, 3), r(3, 2), torch=lambda T, x, y: x @ y,
    label="matrices")
row("matmul", lambda x, y: x @ y, r(2, 3), r(3, 4), torch=lambda T, x, y: x @ y)
row("matmul", lambda x, y: x @ y, r(2, 2, 3), r(3, 2), torch=lambda T, x, y: x @ y,
    label="batched")
row("matmul", lambda x, y: np.matmul(x, y), r(3, 1, 2, 3), r(2, 3, 2),
    torch=lambda T, x, y: x @ y, label="broadcast batch")
row("matmul", lambda x, y: x @ y, r(3), r(3, 2), torch=lambda T, x, y: x @ y, label="vec@mat")
row("matmul", lambda x, y: x @ y, r(2, 2, 3), r(3), torch=lambda T, x, y: x @ y,
    label="batch@vec")
row("outer", lambda x, y: np.outer(x, y), r(3), r(2), torch=lambda T, x, y: T.outer(x, y))
row("einsum", lambda a, b: np.einsum("ij,jk->ik", a, b), r(2, 3), r(3, 2),
    torch=lambda T, a, b: T.einsum("ij,jk->ik", a, b))
row("einsum", lambda a: np.einsum("ii", a), r(3, 3), torch=lambda T, a: T.einsum("ii", a),
    label="trace")
row("einsum", lambda a: np.einsum("ii->i", a), r(3, 3), torch=lambda T, a: T.einsum("ii->i", a),
    label="diagonal")
row("einsum", lambda a: np.einsum("ij->", a), r(2, 3), torch=lambda T, a: T.einsum("ij->", a),
    label="sum")
row("einsum", lambda a, b: np.einsum("...ij,...jk", a, b), r(2, 2, 3), r(2, 3, 2),
    torch=lambda T, a, b: T.einsum("...ij,...jk", a, b), label="ellipsis")
row("einsum", lambda a, b, c: np.einsum("i,ij,j->", a, b, c), r(2), r(2, 3), r(3),
    torch=lambda T, a, b, c: T.einsum("i,ij,j->", a, b, c), label="three operands")
row("einsum", lambda a, b: np.einsum("bi,bj->bij", a, b), r(2, 3), r(2, 2),
    torch=lambda T, a, b: T.einsum("bi,bj->bij", a, b), label="batched outer")
row("vdot", lambda a, b: np.vdot(a, b), r(2, 3), r(2, 3), torch=lambda T, a, b: T.vdot(
    a.reshape(-1), b.reshape(-1)))
row("inner", lambda a, b: np.inner(a, b), r(2, 3), r(4, 3), torch=lambda T, a, b: T.inner(a, b))
row("tensordot", lambda a, b: np.tensordot(a, b, axes=2), r(2, 3, 4), r(3, 4, 2),
    torch=lambda T, a, b: T.tensordot(a, b, dims=2))
row("tensordot", lambda a, b: np.tensordot(a, b, axes=([0, 2], [1, 0])), r(2, 3, 4), r(4, 2, 3),
    torch=lambda T, a, b: T.tensordot(a, b, dims=([0, 2], [1, 0])), label="axes pairs")
row("trace", lambda a: np.trace(a), r(3, 3), torch=lambda T, a: T.trace(a))
row("trace", lambda a: np.trace(a, offset=1), r(3, 4), label="offset")
row("trace", lambda a: np.trace(a, axis1=1, axis2=2), r(2, 3, 3),
    torch=lambda T, a: T.diagonal(a, dim1=1, dim2=2).sum(-1), label="batched")
row("diag", lambda v: np.diag(v), r(3), torch=lambda T, v: T.diag(v))
row("diag", lambda v: np.diag(v, 1), r(2), torch=lambda T, v: T.diag(v, 1), label="k=1")
row("diag", lambda a: np.diag(a), r(3, 4), torch=lambda T, a: T.diag(a), label="of matrix")
row("diagonal", lambda a: np.diagonal(a, -1, 0, 2), r(3, 2, 3),
    torch=lambda T, a: T.diagonal(a, -1, 0, 2))

# == linear algebra ===============================================================================
row("inv", lambda a: np.linalg.inv(a), well(3), torch=lambda T, a: T.linalg.inv(a))
row("inv", lambda a: np.linalg.inv(a), well(2, (2,)), torch=lambda T, a: T.linalg.inv(a),
    label="batched")
row("solve", lambda a, b: np.linalg.solve(a, b), well(3), r(3, 2),
    torch=lambda T, a, b: T.linalg.solve(a, b))
row("solve", lambda a, b: np.linalg.solve(a, b), well(3), r(3),
    torch=lambda T, a, b: T.linalg.solve(a, b), label="vector b")
row("solve", lambda a, b: np.linalg.solve(a, b), well(2, (2,)), r(2, 2, 1),
    torch=lambda T, a, b: T.linalg.solve(a, b), label="batched")
row("solve", lambda a, b: np.linalg.solve(a, b), well(2, (3,)), r(2),
    torch=lambda T, a, b: T.linalg.solve(a, b), label="batched vector b")
row("det", lambda a: np.linalg.det(a), well(3), torch=lambda T, a: T.linalg.det(a))
row("det", lambda a: np.linalg.det(a), r(2, 2, 2) + np.eye(2), torch=lambda T, a: T.linalg.det(a),
    label="batched")
row("logabsdet", lambda a: np.linalg.slogdet(a)[1], well(3) * np.array([1, -1, 1]),
    torch=lambda T, a: T.linalg.slogdet(a)[1])
row("logabsdet", lambda a: np.linalg.slogdet(a)[1], well(2, (2,)),
    torch=lambda T, a: T.linalg.slogdet(a)[1], label="batched")
row("slogdet_sign", lambda a: np.linalg.slogdet(a)[0], well(3), order=0)
row("cholesky", lambda a: np.linalg.cholesky(sym(a)), spd(3),
    torch=lambda T, a: T.linalg.cholesky((a + a.mT) / 2))
row("cholesky", lambda a: np.linalg.cholesky(sym(a)), spd(2, (2,)),
    torch=lambda T, a: T.linalg.cholesky((a + a.mT) / 2), label="batched")
row("eigvalsh", lambda a: np.linalg.eigh(sym(a))[0], sym(spread(r(3, 3))),
    torch=lambda T, a: T.linalg.eigvalsh((a + a.mT) / 2))
row("eigvalsh", lambda a: np.linalg.eigvalsh(sym(a)), sym(spread(r(2, 3, 3))),
    torch=lambda T, a: T.linalg.eigvalsh((a + a.mT) / 2), label="batched")
row("eigh_vectors", lambda a: sign_fixed(np.linalg.eigh(sym(a))[1]), sym(spread(r(3, 3))),
    torch=lambda T, a: sign_fixed_t(T, T.linalg.eigh((a + a.mT) / 2)[1]))
row("eigh_vectors", lambda a: sign_fixed(np.linalg.eigh(sym(a))[1]), sym(spread(r(2, 3, 3))),
    torch=lambda T, a: sign_fixed_t(T, T.linalg.eigh((a + a.mT) / 2)[1]), label="batched")
row("svdvals", lambda a: np.linalg.svd(a, compute_uv=False), spread(r(3, 2)),
    torch=lambda T, a: T.linalg.svdvals(a))
row("svdvals", lambda a: np.linalg.svd(a, full_matrices=False)[1], spread(r(2, 2, 3)),
    torch=lambda T, a: T.linalg.svdvals(a), label="batched wide")
row("svd_u", lambda a: sign_fixed(np.linalg.svd(a, full_matrices=False)[0]), spread(r(4, 3)),
    torch=lambda T, a: sign_fixed_t(T, T.linalg.svd(a, full_matrices=False)[0]))
row("svd_u", lambda a: sign_fixed(np.linalg.svd(a, full_matrices=False)[0]), spread(r(2, 4)),
    torch=lambda T, a: sign_fixed_t(T, T.linalg.svd(a, full_matrices=False)[0]), label="wide")
row("svd_vh", lambda a: sign_fixed(np.linalg.svd(a, full_matrices=False)[2].T), spread(r(4, 3)),
    torch=lambda T, a: sign_fixed_t(T, T.linalg.svd(a, full_matrices=False)[2].mT))
row("svd_vh", lambda a: sign_fixed(np.swapaxes(np.linalg.svd(a, full_matrices=False)[2], -1, -2)),
    spread(r(2, 2, 3)),
    torch=lambda T, a: sign_fixed_t(T, T.linalg.svd(a, full_matrices=False)[2].mT),
    label="batched wide")
row("svd", lambda a: (lambda u, s, vh: (u * s[..., None, :]) @ vh)(*np.linalg.svd(a)),
    spread(r(3, 3)),
    torch=lambda T, a: (lambda u, s, vh: (u * s[..., None, :]) @ vh)(*T.linalg.svd(a)),
    label="U S Vh")
# LAPACK's QR picks R's diagonal signs from the data, which flips them discontinuously; the
# rows normalize to a positive diagonal (the unique QR) so finite differences stay smooth.
def qr_pos(a):
    q, r_ = np.linalg.qr(a)
    d = np.sign(np.diagonal(r_, axis1=-2, axis2=-1))
    return q * d[..., None, :], r_ * d[..., :, None]


def qr_pos_t(T, a):
    q, r_ = T.linalg.qr(a)
    d = T.sign(T.diagonal(r_, dim1=-2, dim2=-1)).detach()
    return q * d[..., None, :], r_ * d[..., :, None]


row("qr_q", lambda a: qr_pos(a)[0], r(4, 3), torch=lambda T, a: qr_pos_t(T, a)[0])
row("qr_q", lambda a: qr_pos(a)[0], well(3, (2,)),
    torch=lambda T, a: qr_pos_t(T, a)[0], label="batched square")
row("qr_r", lambda a: qr_pos(a)[1], r(4, 3), torch=lambda T, a: qr_pos_t(T, a)[1])
row("qr_r", lambda a: qr_pos(a)[1], well(3),
    torch=lambda T, a: qr_pos_t(T, a)[1], label="square")
row("qr_r", lambda a: np.linalg.qr(a)[1], np.array([[2.0, 0.5], [0.3, -1.5], [0.4, 0.2]]),
    torch=lambda T, a: T.linalg.qr(a)[1], label="LAPACK's signs")
for _ord, _t in [("fro", "fro"), ("nuc", "nuc"), (2, 2), (-2, -2), (1, 1), (-1, -1),
                 (np.inf, float("inf")), (-np.inf, float("-inf"))]:
    row("matrix_norm", (lambda o: lambda a: np.linalg.norm(a, o))(_ord), distinct(3, 4) * 0.3,
        torch=(lambda o: lambda T, a: T.linalg.matrix_norm(a, o))(_t), label=f"ord={_ord}",
        eps=1e-4)
row("norm", lambda a: ad.norm(a, "nuc"), r(2, 3, 2), label="p=nuc batched",
    torch=lambda T, a: T.linalg.matrix_norm(a, "nuc"))
row("matrix_norm", lambda a: np.linalg.norm(a, "nuc", axis=(2, 0)), r(3, 2, 4),
    torch=lambda T, a: T.linalg.matrix_norm(a, "nuc", dim=(2, 0)), label="nuc axes (2,0)",
    eps=1e-4)

# == shape ========================================================================================
row("reshape", lambda x: np.reshape(x, (3, -1)), r(2, 3), torch=lambda T, x: x.reshape(3, -1))
row("reshape", lambda x: x.reshape(1, 1), r(), torch=lambda T, x: x.reshape(1, 1))
row("transpose", lambda x: x.T, r(2, 3), torch=lambda T, x: x.T)
row("transpose", lambda x: np.transpose(x, (1, 2, 0)), r(2, 3, 4),
    torch=lambda T, x: x.permute(1, 2, 0))
row("swapaxes", lambda x: np.swapaxes(x, 0, -1), r(2, 1, 3),
    torch=lambda T, x: x.transpose(0, -1))
row("squeeze", lambda x: np.squeeze(x), r(1, 3, 1), torch=lambda T, x: x.squeeze())
row("expand_dims", lambda x: np.expand_dims(x, 1), r(2, 3), torch=lambda T, x: x.unsqueeze(1))
row("broadcast_to", lambda x: np.broadcast_to(x, (2, 3, 2)), r(3, 1),
    torch=lambda T, x: x.expand(2, 3, 2))
row("moveaxis", lambda x: np.moveaxis(x, 0, -1), r(2, 3, 4),
    torch=lambda T, x: T.movedim(x, 0, -1))
row("astype", lambda x: x.astype(np.float64) * x, r(3), torch=lambda T, x: x.double() * x)
row("concatenate", lambda x, y: np.concatenate([x, y], axis=1), r(2, 1), r(2, 3),
    torch=lambda T, x, y: T.cat([x, y], 1))
row("concatenate", lambda x, y: np.concatenate([x, y]), r(2), r(3),
    torch=lambda T, x, y: T.cat([x, y]), label="1-d")
row("stack", lambda x, y: np.stack([x, y], axis=-1), r(2, 3), r(2, 3),
    torch=lambda T, x, y: T.stack([x, y], -1))
row("stack", lambda x, y: np.stack([x, y]), r(), r(), torch=lambda T, x, y: T.stack([x, y]),
    label="0-d")

# == indexing =====================================================================================
_fancy = np.array([2, 0, 2, 1])
_mask = np.array([[True, False, True], [False, True, True]])
row("getitem", lambda x: x[1], r(3, 2), torch=lambda T, x: x[1], label="int")
row("getitem", lambda x: x[::-1, 1:], r(3, 3), torch=lambda T, x: x.flip(0)[:, 1:],
    label="slices")
row("getitem", lambda x: x[..., None, 0], r(2, 3), torch=lambda T, x: x[..., None, 0],
    label="ellipsis none")
row("getitem", lambda x: x[_fancy], r(3, 2), torch=lambda T, x: x[T.as_tensor(_fancy)],
    label="fancy repeated")
row("getitem", lambda x: x[_mask], r(2, 3), torch=lambda T, x: x[T.as_tensor(_mask)],
    label="bool mask")
row("getitem", lambda x: x[[0, 1], [2, 0]], r(2, 3),
    torch=lambda T, x: x[[0, 1], [2, 0]], label="fancy pairs")
row("tanh_backward", lambda g, y: ad.ops.tanh_backward(g, y), r(3, 2), r(3, 2, lo=-0.9, hi=0.9),
    torch=lambda T, g, y: g * (1 - y * y))
row("tanh_backward", lambda g, y: ad.ops.tanh_backward(g, y), r(2), r(3, 2, lo=-0.9, hi=0.9),
    label="broadcast g", torch=lambda T, g, y: g * (1 - y * y))
row("scatter_add", lambda g: _scatter_add(g, shape=(2, 3), index=(_fancy % 2, _fancy)), r(4),
    torch=lambda T, g: T.zeros(2, 3, dtype=g.dtype).index_put(
        (T.as_tensor(_fancy % 2), T.as_tensor(_fancy)), g, accumulate=True))
row("index_update", lambda x, v: ad.index_update(x, (slice(None), 1), v), r(2, 3), r(2),
    torch=lambda T, x, v: x.index_put((T.arange(2), T.tensor([1, 1])), v))
row("index_update", lambda x, v: ad.index_update(x, _mask, v), r(2, 3), r(),
    torch=lambda T, x, v: x.masked_fill(T.as_tensor(_mask), 0) + T.as_tensor(_mask) * v,
    label="bool mask")
row("index_update", lambda x, v: ad.index_update(x, np.array([1, 0, 1]), v), r(3), r(3),
    label="repeated index: the last write wins")
row("take", lambda x: np.take(x, _fancy), r(2, 2), torch=lambda T, x: T.take(x, T.as_tensor(
    _fancy)))
row("take", lambda x: np.take(x, [1, 0, 1], axis=1), r(2, 3),
    torch=lambda T, x: T.index_select(x, 1, T.tensor([1, 0, 1])), label="axis")
row("take_along_axis", lambda x: np.take_along_axis(x, np.array([[1, 0], [0, 0]]), 1), r(2, 3),
    torch=lambda T, x: T.take_along_dim(x, T.tensor([[1, 0], [0, 0]]), 1))

# == rearranging ==================================================================================
row("flip", lambda x: np.flip(x, 1), r(2, 3), torch=lambda T, x: T.flip(x, (1,)))
row("flip", lambda x: np.flip(x), r(2, 3), torch=lambda T, x: T.flip(x, (0, 1)), label="all")
row("roll", lambda x: np.roll(x, 2, axis=1), r(2, 3), torch=lambda T, x: T.roll(x, 2, 1))
row("roll", lambda x: np.roll(x, -1), r(2, 3), torch=lambda T, x: T.roll(x, -1), label="flat")
row("roll", lambda x: np.roll(x, (1, 2), axis=(0, 1)), r(2, 3),
    torch=lambda T, x: T.roll(x, (1, 2), (0, 1)), label="two axes")
row("tile", lambda x: np.tile(x, (2, 1, 2)), r(2, 3), torch=lambda T, x: x.repeat(2, 1, 2))
row("tile", lambda x: np.tile(x, 3), r(), torch=lambda T, x: x.repeat(3), label="0-d")
row("repeat", lambda x: np.repeat(x, 2, axis=0), r(2, 3),
    torch=lambda T, x: T.repeat_interleave(x, 2, 0))
row("repeat", lambda x: np.repeat(x, [1, 0, 2]), r(3),
    torch=lambda T, x: T.repeat_interleave(x, T.tensor([1, 0, 2])), label="counts")
row("pad", lambda x: np.pad(x, ((1, 0), (2, 1))), r(2, 3),
    torch=lambda T, x: T.nn.functional.pad(x, (2, 1, 1, 0)))
row("pad", lambda x: np.pad(x, 2, mode="reflect"), r(3), label="reflect",
    torch=lambda T, x: T.nn.functional.pad(x[None], (2, 2), mode="reflect")[0])
row("pad", lambda x: np.pad(x, (1, 2), mode="edge"), r(3), label="edge",
    torch=lambda T, x: T.nn.functional.pad(x[None], (1, 2), mode="replicate")[0])
row("pad", lambda x: np.pad(x, 1, mode="wrap"), r(2, 2), label="wrap")
row("sort", lambda x: np.sort(x), distinct(2, 4), torch=lambda T, x: T.sort(x)[0])
row("sort", lambda x: np.sort(x, axis=0), distinct(3, 2), torch=lambda T, x: T.sort(x, 0)[0],
    label="axis 0")
row("split", lambda x: (lambda a, b: a * b)(*np.split(x, 2, axis=1)), r(2, 4),
    torch=lambda T, x: (lambda a, b: a * b)(*T.chunk(x, 2, 1)))
row("split", lambda x: sum((k + 1.0) * p.sum() for k, p in enumerate(np.array_split(x, 3))),
    r(5), torch=lambda T, x: sum((k + 1.0) * p.sum() for k, p in enumerate(
        T.tensor_split(x, 3))), label="array_split")

# == numpy conveniences written with the primitives ===============================================
row("ravel", lambda x: np.ravel(x), r(2, 3), torch=lambda T, x: x.ravel())
row("atleast_2d", lambda x: np.atleast_2d(x), r(3), torch=lambda T, x: T.atleast_2d(x))
row("atleast_3d", lambda x: np.atleast_3d(x), r(2, 3), torch=lambda T, x: T.atleast_3d(x))
row("atleast_1d", lambda x: np.atleast_1d(x), r(), torch=lambda T, x: T.atleast_1d(x))
row("hstack", lambda x, y: np.hstack([x, y]), r(2, 1), r(2, 3),
    torch=lambda T, x, y: T.hstack([x, y]))
row("vstack", lambda x, y: np.vstack([x, y]), r(3), r(2, 3), torch=lambda T, x, y: T.vstack([x, y]))
row("column_stack", lambda x, y: np.column_stack([x, y]), r(3), r(3, 2),
    torch=lambda T, x, y: T.column_stack([x, y]))
row("append", lambda x, y: np.append(x, y), r(2, 2), r(3), torch=lambda T, x, y: T.cat(
    [x.reshape(-1), y]))
row("diff", lambda x: np.diff(x), r(2, 4), torch=lambda T, x: T.diff(x))
row("diff", lambda x: np.diff(x, n=2, axis=0), r(4, 2), torch=lambda T, x: T.diff(x, 2, 0),
    label="n=2 axis 0")
row("tril", lambda x: np.tril(x), r(3, 3), torch=lambda T, x: T.tril(x))
row("triu", lambda x: np.triu(x, 1), r(2, 3, 4), torch=lambda T, x: T.triu(x, 1))
row("kron", lambda a, b: np.kron(a, b), r(2, 2), r(3, 2), torch=lambda T, a, b: T.kron(a, b))
row("kron", lambda a, b: np.kron(a, b), r(3), r(2, 2), torch=lambda T, a, b: T.kron(a, b),
    label="1-d with 2-d")
row("cross", lambda a, b: np.cross(a, b), r(2, 3), r(3),
    torch=lambda T, a, b: T.linalg.cross(a, b.expand(2, 3)))
row("cross", lambda a, b: np.cross(a, b, axis=0), r(3, 2), r(3, 2),
    torch=lambda T, a, b: T.linalg.cross(a, b, dim=0), label="axis 0")
row("average", lambda a, w: np.average(a, axis=1, weights=w), r(2, 3), pos(3),
    torch=lambda T, a, w: (a * w).sum(1) / w.sum())
row("average", lambda a: np.average(a), r(2, 2), torch=lambda T, a: a.mean(), label="unweighted")
row("matrix_power", lambda a: np.linalg.matrix_power(a, 3), r(3, 3),
    torch=lambda T, a: T.linalg.matrix_power(a, 3))
row("matrix_power", lambda a: np.linalg.matrix_power(a, -2), well(2),
    torch=lambda T, a: T.linalg.matrix_power(a, -2), label="negative")
row("astype", lambda x: np.copy(x) * x, r(3), torch=lambda T, x: x.clone() * x, label="np.copy")
