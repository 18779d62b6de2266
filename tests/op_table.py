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
import autodiff.scipy.integrate as asi
import autodiff.scipy.linalg as asl
import autodiff.scipy.signal as asg
import autodiff.scipy.special as asp
import autodiff.scipy.stats as st
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
    component (a constant, no derivative), far from where the sign could flip. Complex vectors
    are defined up to a phase: turn each column so its largest component is real and positive
    (that phase moves with the input, so it is differentiated)."""
    big = np.argmax(np.abs(v), axis=-2)[..., None, :]
    top = np.take_along_axis(v, big, axis=-2)
    if np.iscomplexobj(v):
        return v * (np.conj(top) / np.abs(top))
    return v * np.sign(top)


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
row("stop_gradient", lambda x: ad.ops.stop_gradient(x), r(3), order=0)
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

# == the rest of numpy (issue 11): complex parts, angle units, base 2, NaN handling ================
# A real matrix with the complex eigenvalues 1 +- 2i and the real one 3, well separated.
_rot = np.array([[1.0, 2.0, 0.0], [-2.0, 1.0, 0.0], [0.0, 0.0, 3.0]]) + 0.2 * r(3, 3)
row("real", lambda x: np.real(x), r(2, 3), torch=lambda T, x: T.real(x))
row("real", lambda a: np.real(np.linalg.eigvals(a)), _rot, label="of complex eigenvalues")
# Complex input first: on real input imag is the constant zero, which no rule reaches (the
# checker's mutation test takes the first row of each op).
row("imag", lambda a: np.imag(np.linalg.eigvals(a)), _rot, label="of complex eigenvalues")
row("imag", lambda x: np.imag(x) + x, r(3), label="of reals")
row("conj", lambda x: np.conj(x), r(2, 2), torch=lambda T, x: T.conj(x))
row("conj", lambda a: (lambda w: np.real(np.conjugate(w) * w))(np.linalg.eigvals(a)), _rot,
    label="|w|^2 of complex eigenvalues")
row("angle", lambda a: np.angle(np.linalg.eigvals(a)), _rot, label="of complex eigenvalues")
row("angle", lambda x: np.angle(x, deg=True) + x, away(3), label="of reals")
row("real_if_close", lambda x: np.real_if_close(x * (1 + 0j)) * x, r(3))
row("abs", lambda x: np.fabs(x), away(2, 3), torch=lambda T, x: T.abs(x), label="np.fabs")
for _op, _t in [("deg2rad", "deg2rad"), ("radians", "deg2rad"), ("rad2deg", "rad2deg"),
                ("degrees", "rad2deg")]:
    row(_op, getattr(np, _op), r(2, 3), torch=(lambda n: lambda T, x: getattr(T, n)(x))(_t))
row("positive", lambda x: np.positive(x) * x, r(3), torch=lambda T, x: T.positive(x) * x)
row("exp2", np.exp2, r(2, 3) * 3, torch=lambda T, x: T.exp2(x))
row("exp2", np.exp2, r(), torch=lambda T, x: T.exp2(x))
row("logaddexp2", lambda x, y: np.logaddexp2(x, y), r(2, 3) * 3, r(3) * 3,
    torch=lambda T, x, y: T.logaddexp2(x, y))
row("logaddexp2", lambda x, y: np.logaddexp2(x, y), np.array([-40.0, 50.0]), np.array(0.5),
    torch=lambda T, x, y: T.logaddexp2(x, y), label="far apart")
row("fmax", lambda x, y: np.fmax(x, y), distinct(2, 3), distinct(3),
    torch=lambda T, x, y: T.fmax(x, y))
row("fmax", lambda x, y: np.fmax(x, y), np.array([0.3, np.nan, -0.4]),
    np.array([np.nan, 0.8, 0.1]), torch=lambda T, x, y: T.fmax(x, y), label="NaN loses")
row("fmin", lambda x, y: np.fmin(x, y), distinct(2, 3), distinct(2, 1),
    torch=lambda T, x, y: T.fmin(x, y))
row("fmin", lambda x, y: np.fmin(x, y), np.array([0.3, np.nan, -0.4]),
    np.array([np.nan, 0.8, 0.1]), torch=lambda T, x, y: T.fmin(x, y), label="NaN loses")
row("float_power", lambda x, y: np.float_power(x, y), pos(2, 3), r(3),
    torch=lambda T, x, y: T.float_power(x, y))
row("fmod", lambda x, y: np.fmod(x, y), np.array([0.3, 1.7, -2.2]), np.array([0.7, -0.6, 0.9]),
    torch=lambda T, x, y: T.fmod(x, y))
row("copysign", lambda x, y: np.copysign(x, y), away(2, 3), away(3),
    torch=lambda T, x, y: T.copysign(x, y))
row("nan_to_num", lambda x: np.tanh(np.nan_to_num(x)),
    np.array([0.3, np.nan, np.inf, -np.inf, -0.7]), torch=lambda T, x: T.tanh(T.nan_to_num(
        x, posinf=np.finfo(np.float64).max, neginf=np.finfo(np.float64).min)))
row("nan_to_num", lambda x: np.nan_to_num(x, nan=1.5, posinf=9.0, neginf=-9.0) ** 2,
    np.array([[0.3, np.nan], [np.inf, -0.7]]), label="replacements")
for _op in ("trunc", "rint", "isinf", "signbit"):
    row(_op, getattr(np, _op), r(2, 3) * 3, order=0)
row("logical_xor", lambda x, y: np.logical_xor(x > 0, y > 0), r(2, 3), r(3), order=0)
row("norm", lambda x: np.linalg.norm(x, 0), np.array([0.5, 0.0, -2.0]), order=0, label="p=0")
row("norm", lambda x: np.linalg.norm(x, -1), away(4), label="p=-1",
    torch=lambda T, x: T.linalg.vector_norm(x, -1))
row("norm", lambda x: np.linalg.norm(x, -2, axis=1), away(2, 3), label="p=-2",
    torch=lambda T, x: T.linalg.vector_norm(x, -2, dim=1))
row("norm", lambda x: np.linalg.norm(x, -np.inf), np.array([0.3, -1.7, 0.9]), label="p=-inf",
    torch=lambda T, x: T.linalg.vector_norm(x, float("-inf")))
row("norm", lambda x: np.linalg.norm(x, 0.5), away(3), label="p=0.5",
    torch=lambda T, x: T.linalg.vector_norm(x, 0.5))

# == the rest of numpy: rearranging, building, finite differences =================================
row("flipud", lambda x: np.flipud(x) * x, r(3, 2), torch=lambda T, x: T.flipud(x) * x)
row("fliplr", lambda x: np.fliplr(x) * x, r(2, 3), torch=lambda T, x: T.fliplr(x) * x)
row("rot90", lambda x: np.rot90(x), r(2, 3), torch=lambda T, x: T.rot90(x))
row("rot90", lambda x: np.rot90(x, -1, axes=(1, 2)), r(2, 3, 4),
    torch=lambda T, x: T.rot90(x, -1, (1, 2)), label="k=-1 axes (1,2)")
row("rot90", lambda x: np.rot90(x, 2), r(2, 3), torch=lambda T, x: T.rot90(x, 2), label="k=2")
row("rollaxis", lambda x: np.rollaxis(x, 2), r(2, 3, 4), torch=lambda T, x: T.movedim(x, 2, 0))
row("rollaxis", lambda x: np.rollaxis(x, 0, 3), r(2, 3, 4), label="to the end")
row("hsplit", lambda x: (lambda a, b: a * b)(*np.hsplit(x, 2)), r(3, 4),
    torch=lambda T, x: (lambda a, b: a * b)(*T.hsplit(x, 2)))
row("vsplit", lambda x: (lambda a, b: a * b[:1])(*np.vsplit(x, [2])), r(3, 2),
    torch=lambda T, x: (lambda a, b: a * b[:1])(*T.vsplit(x, [2])))
row("dsplit", lambda x: (lambda a, b: a * b)(*np.dsplit(x, 2)), r(2, 1, 4),
    torch=lambda T, x: (lambda a, b: a * b)(*T.dsplit(x, 2)))
row("partition", lambda x: np.partition(x, 2) * np.arange(5, dtype=np.float32), distinct(5))
row("partition", lambda x: np.partition(x, (0, 2), axis=0) * np.float32([[1], [2], [3]]),
    distinct(3, 2), label="two kth axis 0")
_sel = [np.array([True, False, False, True]), np.array([True, True, False, False])]
row("select", lambda x, y: np.select(_sel, [x, y * y], 0.5), r(4), r(4))
row("select", lambda x, d: np.select(_sel, [x, x ** 3], d), r(2, 4), r(), label="traced default")
row("array", lambda x: np.array([[x[0], x[2]], [x[1] * x[2], x[0]]], like=x), r(3),
    label="np.array(like=)")
row("array", lambda x, y: ad.array([x, y * y, (x[0], y[1])]), r(2), r(2), label="ad.array")
row("r_", lambda x, y: ad.r_[x, 0.5, y[0] * y], r(2), r(3))
row("c_", lambda x, y: ad.c_[x, y * y, x], r(3), r(3, 2))
row("linspace", lambda a, b: np.linspace(a, b, 5), r(), r(),
    torch=lambda T, a, b: a + (b - a) * T.linspace(0, 1, 5, dtype=a.dtype))
row("linspace", lambda a, b: np.linspace(a, b, 4, endpoint=False, axis=1), r(2), r(3, 1),
    label="arrays, axis 1, no endpoint")
row("gradient", lambda f: np.gradient(f), r(6), torch=lambda T, f: T.gradient(f)[0])
row("gradient", lambda f: np.gradient(f, 0.5, axis=1, edge_order=2), r(3, 5),
    torch=lambda T, f: T.gradient(f, spacing=0.5, dim=1, edge_order=2)[0], label="edge order 2")
row("gradient", lambda f: np.gradient(f, np.float32([0.0, 0.3, 1.0, 1.2, 2.0]), edge_order=2),
    r(5), label="coordinates")
row("gradient", lambda f, h: np.gradient(f, h), r(4), pos(), label="traced spacing")
row("gradient", lambda f, x: np.gradient(f, x), r(4), np.array([0.0, 0.4, 1.1, 1.5]),
    label="traced coordinates")
row("gradient", lambda f: sum(np.gradient(f)), r(3, 4), label="every axis")

# == products and linear algebra of the rest of numpy ==============================================
row("dot", lambda x, y: np.dot(x, y), r(2, 3, 4), r(2, 4, 3), label="N-D")
row("dot", lambda x, y: np.dot(x, y), r(2, 4), r(3, 4, 2), label="2-D with 3-D")
row("einsum", lambda a, b: np.einsum(a, [0, 1], b, [1, 2], [0, 2]), r(2, 3), r(3, 2),
    torch=lambda T, a, b: T.einsum(a, [0, 1], b, [1, 2], [0, 2]), label="sublists")
row("einsum", lambda a, b: np.einsum(a, [Ellipsis, 0], b, [Ellipsis, 0]), r(2, 3), r(2, 3),
    label="sublists implicit ellipsis")
_real_eig = spread(r(3, 3))
row("eigvals", lambda a: np.linalg.eigvals(a), _real_eig, torch=lambda T, a: T.linalg.eigvals(
    a).real)
row("eigvals", lambda a: np.linalg.eigvals(a), spread(r(2, 3, 3)), label="batched",
    torch=lambda T, a: T.linalg.eigvals(a).real)
row("eig_vectors", lambda a: sign_fixed(np.linalg.eig(a)[1]), _real_eig,
    torch=lambda T, a: sign_fixed_t(T, T.linalg.eig(a)[1].real))
row("eig_vectors", lambda a: (lambda v: np.real(v * np.conj(v)))(np.linalg.eig(a)[1]), _rot,
    label="|v|^2, complex")
row("eig", lambda a: (lambda w, v: np.real((v * w) @ np.linalg.inv(v)))(*np.linalg.eig(a)), _rot,
    label="V diag(w) V^-1, complex")
row("pinv", lambda a: np.linalg.pinv(a), r(4, 3), torch=lambda T, a: T.linalg.pinv(a))
row("pinv", lambda a: np.linalg.pinv(a), r(2, 4), torch=lambda T, a: T.linalg.pinv(a),
    label="wide")
row("pinv", lambda a: np.linalg.pinv(a), r(2, 3, 2), torch=lambda T, a: T.linalg.pinv(a),
    label="batched")
row("lstsq", lambda a, b: np.linalg.lstsq(a, b)[0], r(5, 3), r(5),
    torch=lambda T, a, b: T.linalg.pinv(a) @ b)
row("lstsq", lambda a, b: np.linalg.lstsq(a, b)[1], r(5, 2), r(5, 2), label="residuals")
row("lstsq", lambda a, b: np.linalg.lstsq(a, b)[0], r(2, 4), r(2, 3), label="underdetermined")
row("dstack", lambda x, y: np.dstack([x, y * y]), r(2, 3), r(2, 3),
    torch=lambda T, x, y: T.dstack([x, y * y]))
row("block", lambda a, b: np.block([[a, b], [b * b, a]]), r(2, 2), r(2, 2))
row("block", lambda a, b: np.block([[a], [b]]) * np.block([a, b])[1:3], r(2), r(2),
    label="1-d blocks")
row("concatenate", lambda x: np.concatenate([x, [x[0] * x[1], x[0]]]), r(2),
    label="a list of tensors inside")

# == numpy.fft and sinc ============================================================================
row("cfft", lambda x: (lambda f: np.real(f) + np.imag(f) ** 2)(np.fft.fft(x)), r(2, 5),
    torch=lambda T, x: (lambda f: f.real + f.imag ** 2)(T.fft.fft(x)))
row("cfft", lambda x, y: np.real(np.fft.ifft2(x + 1j * y, s=(3, 4), norm="ortho")), r(2, 3),
    r(2, 3), torch=lambda T, x, y: T.fft.ifft2(T.complex(x, y), s=(3, 4), norm="ortho").real,
    label="ifft2 of complex, padded")
row("cfft", lambda x: np.imag(np.fft.fftn(x, axes=(0,), norm="forward")), r(4, 2),
    torch=lambda T, x: T.fft.fftn(x, dim=(0,), norm="forward").imag, label="fftn axis 0")
row("rfft", lambda x: (lambda f: np.real(f) * np.imag(f))(np.fft.rfft(x, 7)), r(2, 5),
    torch=lambda T, x: (lambda f: f.real * f.imag)(T.fft.rfft(x, 7)))
row("rfft", lambda x: np.imag(np.fft.rfft2(x, norm="ortho")), r(3, 4),
    torch=lambda T, x: T.fft.rfft2(x, norm="ortho").imag, label="rfft2 ortho")
row("irfft", lambda x, y: np.fft.irfft(x + 1j * y, 7), r(4), r(4),
    torch=lambda T, x, y: T.fft.irfft(T.complex(x, y), 7))
row("irfft", lambda x, y: np.fft.irfftn(x + 1j * y, axes=(0, 1), norm="ortho") ** 2, r(3, 3),
    r(3, 3), torch=lambda T, x, y: T.fft.irfftn(T.complex(x, y), dim=(0, 1), norm="ortho") ** 2,
    label="irfftn ortho")
row("fftshift", lambda x: np.fft.fftshift(x) * np.fft.ifftshift(x, axes=0), r(3, 4),
    torch=lambda T, x: T.fft.fftshift(x) * T.fft.ifftshift(x, dim=0))
row("sinc", lambda x: np.sinc(x), r(2, 3) * 2, torch=lambda T, x: T.sinc(x))
row("sinc", lambda x: np.sinc(x) * x, np.array([0.0, 0.5]), order=1, label="at 0 (first order)")

# == sample statistics, calculus, interpolation, convolution ======================================
row("cov", lambda x: np.cov(x), r(3, 5), torch=lambda T, x: T.cov(x))
row("cov", lambda x, y: np.cov(x, y, rowvar=False, bias=True), r(5, 2), r(5),
    torch=lambda T, x, y: T.cov(T.cat([x, y[:, None]], 1).T, correction=0), label="y, columns")
row("corrcoef", lambda x: np.corrcoef(x), r(3, 6), torch=lambda T, x: T.corrcoef(x))
row("median", lambda x: np.median(x), distinct(2, 3), torch=lambda T, x: T.quantile(
    x.reshape(-1), 0.5))
row("median", lambda x: np.median(x, axis=1, keepdims=True), distinct(3, 5),
    torch=lambda T, x: T.median(x, 1, keepdim=True).values, label="odd, axis 1")
row("quantile", lambda x: np.quantile(x, np.float32([0.1, 0.5, 0.8]), axis=0), distinct(5, 2),
    torch=lambda T, x: T.quantile(x, T.tensor(np.float32([0.1, 0.5, 0.8]), dtype=x.dtype), dim=0))
row("quantile", lambda x, q: np.quantile(x, q), distinct(6), np.array(0.37),
    label="traced q")
row("percentile", lambda x: np.percentile(x, 30, axis=-1), distinct(2, 4),
    torch=lambda T, x: T.quantile(x, 0.3, dim=-1))
row("ptp", lambda x: np.ptp(x, axis=0), distinct(3, 2),
    torch=lambda T, x: x.amax(0) - x.amin(0))
_nans = np.array([[0.3, np.nan, -0.4], [np.nan, 0.8, 0.1]])
row("nansum", lambda x: np.nansum(x, axis=1) ** 2, _nans, torch=lambda T, x: T.nansum(x, 1) ** 2)
row("nanmean", lambda x: np.nanmean(x, axis=0), _nans, torch=lambda T, x: T.nanmean(x, 0))
row("nanmax", lambda x: np.nanmax(x), _nans)
row("nanmin", lambda x: np.nanmin(x, axis=1), _nans)
if hasattr(np, "trapezoid"):        # numpy >= 2.0
    row("trapezoid", lambda y: np.trapezoid(y), r(2, 5), torch=lambda T, y: T.trapezoid(y))
    row("trapezoid", lambda y, x: np.trapezoid(y, x), r(2, 4), np.array([0.0, 0.3, 1.1, 1.5]),
        torch=lambda T, y, x: T.trapezoid(y, x), label="traced x")
    row("trapezoid", lambda y, dx: np.trapezoid(y, dx=dx, axis=0), r(3, 2), pos(),
        label="traced dx axis 0")
_knots = np.array([-1.0, -0.2, 0.5, 1.0])
row("interp", lambda x, fp: np.interp(x, _knots, fp), np.array([-1.3, -0.7, 0.1, 0.9, 1.4]),
    r(4))
row("interp", lambda x, xp, fp: np.interp(x, xp, fp, left=-2.0), np.array([-1.3, -0.7, 0.6]),
    _knots, r(4), label="traced xp, left")
row("polyval", lambda p, x: np.polyval(p, x), r(4), r(2, 3))
row("convolve", lambda a, v: np.convolve(a, v), r(5), r(3), torch=lambda T, a, v: T.nn.functional.
    conv1d(a[None, None], v.flip(0)[None, None], padding=2)[0, 0])
row("convolve", lambda a, v: np.convolve(a, v, "same"), r(3), r(5), label="same, v longer")
row("convolve", lambda a, v: np.convolve(a, v, "valid"), r(6), r(3), label="valid")
row("correlate", lambda a, v: np.correlate(a, v), r(5), r(2))
row("correlate", lambda a, v: np.correlate(a, v, "same"), r(2), r(5), label="same, v longer")
row("meshgrid", lambda x, y: (lambda a, b: a * b ** 2)(*np.meshgrid(x, y)), r(3), r(2),
    torch=lambda T, x, y: (lambda a, b: a * b ** 2)(*T.meshgrid(x, y, indexing="xy")))
row("matmul", lambda a, b, c: np.linalg.multi_dot([a, b, c]), r(3), r(3, 4), r(4, 2),
    torch=lambda T, a, b, c: T.linalg.multi_dot([a, b, c]), label="multi_dot")
if hasattr(np, "cumulative_sum"):   # numpy >= 2.1
    row("cumsum", lambda x: np.cumulative_sum(x, axis=1, include_initial=True), r(2, 3),
        label="cumulative_sum")
    row("sum", lambda a, b: np.linalg.vecdot(a, b), r(2, 3), r(3), label="vecdot",
        torch=lambda T, a, b: T.linalg.vecdot(a, b))
# == autodiff.scipy.special: the gamma family, error-function inverses, entropy terms ============
# scipy's ufuncs on tensors reach the primitives whose implementation they are, so each row is
# scipy itself on arrays (the finite-difference reference) and the registry on tensors.
# PyTorch's gammainc gradient (the gamma density) agrees to about 1e-9 only; ours matches
# mpmath (test_scipy_special_stats.py), so those rows compare to 1e-8.


def _f64(v):
    return lambda T: T.tensor(v, dtype=T.float64)


row("gamma", sps.gamma, pos(2, 3), torch=lambda T, x: T.lgamma(x).exp(), torch_rtol=1e-8)
row("gamma", sps.gamma, np.array([-1.5, -0.3, 3.7]), label="negative")
row("rgamma", sps.rgamma, r(2, 3) * 3)
row("gammasgn", sps.gammasgn, r(2, 3) * 3, order=0)
row("beta", sps.beta, pos(2, 3), pos(3))
row("betaln", sps.betaln, pos(2, 3), pos(2, 1) * 3)
row("gammainc", lambda x: sps.gammainc(np.float32(2.5), x), pos(2, 3),
    torch=lambda T, x: T.special.gammainc(_f64(2.5)(T), x), torch_rtol=1e-8)
row("gammainc", lambda x: sps.gammainc(np.array([0.7, 1.0, 4.0], np.float32), x), pos(2, 3) * 2,
    label="a array")
row("gammaincc", lambda x: sps.gammaincc(np.float32(1.5), x), pos(3),
    torch=lambda T, x: T.special.gammaincc(_f64(1.5)(T), x), torch_rtol=1e-8)
row("betainc", lambda x: sps.betainc(2.5, 1.5, x), r(2, 3, lo=0.1, hi=0.9))
row("betainc", lambda x: sps.betainc(np.array([0.5, 1.0, 3.0], np.float32), 0.8, x),
    r(3, lo=0.1, hi=0.9),
    label="a array")
row("stdtr", lambda t: sps.stdtr(3.5, t), r(2, 3) * 3)
row("erfinv", sps.erfinv, r(2, 3, lo=-0.9, hi=0.9), torch=lambda T, x: T.erfinv(x))
row("erfcinv", sps.erfcinv, r(3, lo=0.1, hi=1.9), torch=lambda T, x: -T.erfinv(x - 1))
row("ndtr", sps.ndtr, r(2, 3) * 3, torch=lambda T, x: T.special.ndtr(x))
row("log_ndtr", sps.log_ndtr, r(2, 3) * 3, torch=lambda T, x: T.special.log_ndtr(x))
row("log_ndtr", sps.log_ndtr, np.array([-30.0, -8.0, 5.0]), label="tails",
    torch=lambda T, x: T.special.log_ndtr(x))
row("ndtri", sps.ndtri, r(2, 3, lo=0.05, hi=0.95), torch=lambda T, x: T.special.ndtri(x))
row("xlog1py", sps.xlog1py, r(2, 3), r(3, lo=-0.5), torch=lambda T, x, y: T.special.xlog1py(x, y))
row("entr", sps.entr, pos(2, 3), torch=lambda T, x: T.special.entr(x))

# == Bessel functions: derivatives in x; the order is a constant ==============================
row("jv", lambda x: sps.jv(1.5, x), pos(2, 3) * 3)
row("jv", lambda x: sps.jn(np.array([0, 1, 3], np.float32), x), r(2, 3) * 4,
    label="jn, integer orders")
row("yv", lambda x: sps.yv(0.5, x), pos(2, 3) * 2)
row("yn", lambda x: sps.yn(np.float32(2), x), pos(3) * 2)
row("iv", lambda x: sps.iv(0.5, x), pos(2, 3))
row("iv", lambda x: sps.iv(2, x), r(3) * 3, label="integer order")
row("ive", lambda x: sps.ive(1.5, x), pos(2, 3) * 3)
row("ive", lambda x: sps.ive(1, x), away(2, 3) * 3, label="integer order, both signs")
row("kv", lambda x: sps.kv(0.7, x), pos(2, 3))
row("j0", sps.j0, r(2, 3) * 5)
row("j1", sps.j1, r(2, 3) * 5)
row("y0", sps.y0, pos(2, 3) * 3)
row("y1", sps.y1, pos(2, 3) * 3)
row("i0", sps.i0, r(2, 3) * 3, torch=lambda T, x: T.special.i0(x))
row("i1", sps.i1, r(2, 3) * 3, torch=lambda T, x: T.special.i1(x))
row("i0e", sps.i0e, away(2, 3) * 3, torch=lambda T, x: T.special.i0e(x))
row("i1e", sps.i1e, away(2, 3) * 3, torch=lambda T, x: T.special.i1e(x))

# == autodiff.scipy: composites with scipy's names (values against scipy in test_scipy.py) =====
row("scipy.special.logsumexp", lambda a, b: asp.logsumexp(a, axis=1, b=b), r(2, 3) * 3, pos(3),
    torch=lambda T, a, b: T.logsumexp(a + T.log(b), 1), label="b=")
row("scipy.special.logsumexp", lambda a, b: asp.logsumexp(a, b=b, return_sign=True)[0],
    r(2, 2) * 3, away(2, 2), label="return_sign")
row("scipy.special.polygamma", lambda x: asp.polygamma(np.array([0, 1, 3]), x), pos(2, 3),
    label="array of orders")
row("scipy.special.multigammaln", lambda a: asp.multigammaln(a, 3), pos(2, 2) + 1.5,
    torch=lambda T, a: T.special.multigammaln(a, 3), torch_rtol=1e-8)

_loc, _scale = r(3), pos(3)


def _D(T):
    return T.distributions


for _name, _x, _tlp in [
        ("norm", r(2, 3) * 2, lambda T, x, l, s: _D(T).Normal(l, s).log_prob(x)),
        ("laplace", away(2, 3) * 2 + _loc, lambda T, x, l, s: _D(T).Laplace(l, s).log_prob(x)),
        ("cauchy", r(2, 3) * 2, lambda T, x, l, s: _D(T).Cauchy(l, s).log_prob(x)),
        ("logistic", r(2, 3) * 2, None),
        ("expon", _loc + pos(2, 3), None),
        ("uniform", _loc + _scale * r(2, 3, lo=0.1, hi=0.9), None)]:
    _mod = getattr(st, _name)
    for _m in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        if _name == "uniform" and _m != "logpdf" and _m != "pdf":
            _m_args = (_loc + _scale * r(2, 3, lo=0.1, hi=0.9), _loc, _scale)
        else:
            _m_args = (_x, _loc, _scale)
        row(f"scipy.stats.{_name}.{_m}", (lambda f: lambda x, l, s: f(x, l, s))(getattr(_mod, _m)),
            *_m_args, torch=_tlp if _m == "logpdf" else None)
    row(f"scipy.stats.{_name}.entropy", (lambda f: lambda l, s: f(l, s))(_mod.entropy), _loc,
        _scale)
row("scipy.stats.norm.cdf", lambda x: st.norm.cdf(x), np.array([-9.0, 0.3, 7.0]), label="tails",
    torch=lambda T, x: _D(T).Normal(0.0, 1.0).cdf(x))
row("scipy.stats.norm.ppf", lambda q, l, s: st.norm.ppf(q, l, s), r(3, lo=0.05, hi=0.95), _loc,
    _scale, torch=lambda T, q, l, s: _D(T).Normal(l, s).icdf(q))
row("scipy.stats.norm.isf", lambda q, l, s: st.norm.isf(q, l, s), r(3, lo=0.05, hi=0.95), _loc,
    _scale)
row("scipy.stats.expon.ppf", lambda q, l, s: st.expon.ppf(q, l, s), r(3, lo=0.05, hi=0.95), _loc,
    _scale)
row("scipy.stats.uniform.ppf", lambda q, l, s: st.uniform.ppf(q, l, s), r(3, lo=0.05, hi=0.95),
    _loc, _scale)

# shape parameters: differentiable in the densities; cdf/sf in x, loc and scale only. Their
# second derivatives go through PyTorch's trigamma (accurate to about 1e-9): torch_rtol 1e-8.
_df = pos(3) * 3
for _m in ("logpdf", "pdf"):
    row(f"scipy.stats.t.{_m}", (lambda f: lambda x, df, l, s: f(x, df, l, s))(getattr(st.t, _m)),
        r(2, 3) * 3, _df, _loc, _scale,
        torch=(lambda T, x, df, l, s: _D(T).StudentT(df, l, s).log_prob(x)) if _m == "logpdf"
        else None, torch_rtol=1e-8)
    row(f"scipy.stats.chi2.{_m}", (lambda f: lambda x, df: f(x, df))(getattr(st.chi2, _m)),
        pos(2, 3) * 2, _df, torch=(lambda T, x, df: _D(T).Chi2(df).log_prob(x))
        if _m == "logpdf" else None, torch_rtol=1e-8)
    row(f"scipy.stats.gamma.{_m}",
        (lambda f: lambda x, a, s: f(x, a, 0.0, s))(getattr(st.gamma, _m)),
        pos(2, 3) * 2, _df, _scale,
        torch_rtol=1e-8,
        torch=(lambda T, x, a, s: _D(T).Gamma(a, 1 / s).log_prob(x)) if _m == "logpdf" else None)
    row(f"scipy.stats.beta.{_m}", (lambda f: lambda x, a, b: f(x, a, b))(getattr(st.beta, _m)),
        r(2, 3, lo=0.1, hi=0.9), pos(3) * 2, pos(3) * 2,
        torch_rtol=1e-8,
        torch=(lambda T, x, a, b: _D(T).Beta(a, b).log_prob(x)) if _m == "logpdf" else None)
for _m in ("cdf", "logcdf", "sf", "logsf"):
    row(f"scipy.stats.t.{_m}", (lambda f: lambda x, l, s: f(x, 3.5, l, s))(getattr(st.t, _m)),
        r(2, 3) * 3, _loc, _scale)
    row(f"scipy.stats.chi2.{_m}", (lambda f: lambda x, s: f(x, 3.5, 0.0, s))(getattr(st.chi2, _m)),
        pos(2, 3) * 2, _scale)
    row(f"scipy.stats.gamma.{_m}",
        (lambda f: lambda x, s: f(x, 2.5, 0.0, s))(getattr(st.gamma, _m)),
        pos(2, 3) * 2, _scale)
    row(f"scipy.stats.beta.{_m}", (lambda f: lambda x: f(x, 2.5, 1.5))(getattr(st.beta, _m)),
        r(2, 3, lo=0.1, hi=0.9))
row("scipy.stats.t.entropy", lambda df, s: st.t.entropy(df, 0.0, s), _df, _scale,
    torch=lambda T, df, s: _D(T).StudentT(df, 0.0, s).entropy(), torch_rtol=1e-8)
row("scipy.stats.chi2.entropy", lambda df: st.chi2.entropy(df), _df,
    torch=lambda T, df: _D(T).Chi2(df).entropy(), torch_rtol=1e-8)
row("scipy.stats.gamma.entropy", lambda a, s: st.gamma.entropy(a, 0.0, s), _df, _scale,
    torch=lambda T, a, s: _D(T).Gamma(a, 1 / s).entropy(), torch_rtol=1e-8)
row("scipy.stats.beta.entropy", lambda a, b: st.beta.entropy(a, b), pos(3) * 2, pos(3) * 2,
    torch=lambda T, a, b: _D(T).Beta(a, b).entropy(), torch_rtol=1e-8)

# discrete: differentiable in the parameters, the counts are constants
_k = np.array([[0.0, 1.0, 3.0], [2.0, 5.0, 4.0]], np.float32)   # float32: keeps float32 data
for _m in ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf"):
    row(f"scipy.stats.poisson.{_m}", (lambda f: lambda mu: f(_k, mu))(getattr(st.poisson, _m)),
        pos(3) * 2, torch=(lambda T, mu: _D(T).Poisson(mu).log_prob(T.tensor(_k, dtype=T.float64)))
        if _m == "logpmf" else None)
    row(f"scipy.stats.binom.{_m}", (lambda f: lambda p: f(_k, 6, p))(getattr(st.binom, _m)),
        r(3, lo=0.2, hi=0.8), torch=(lambda T, p: _D(T).Binomial(6, probs=p).log_prob(
            T.tensor(_k, dtype=T.float64))) if _m == "logpmf" else None)
    _kb = (np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]], np.float32) if "pmf" in _m
           else np.zeros((2, 3), np.float32))
    row(f"scipy.stats.bernoulli.{_m}", (lambda f, k: lambda p: f(k, p))(
        getattr(st.bernoulli, _m), _kb), r(3, lo=0.2, hi=0.8),
        torch=(lambda T, p: _D(T).Bernoulli(probs=p).log_prob(
            T.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]], dtype=T.float64)))
        if _m == "logpmf" else None)
row("scipy.stats.bernoulli.entropy", lambda p: st.bernoulli.entropy(p), r(3, lo=0.2, hi=0.8),
    torch=lambda T, p: _D(T).Bernoulli(probs=p).entropy())
row("scipy.stats.poisson.entropy", lambda mu: st.poisson.entropy(mu), pos(3) * 3,
    torch=lambda T, mu: -(lambda d, k: (d.log_prob(k).exp() * d.log_prob(k)).sum(-1))(
        _D(T).Poisson(mu[:, None]), T.arange(120, dtype=T.float64)))
row("scipy.stats.binom.entropy", lambda p: st.binom.entropy(5, p), np.array(0.3),
    torch=lambda T, p: _D(T).Binomial(5, probs=p).entropy())

# multivariate
_alpha = pos(3) * 2
_simplex = rng.dirichlet(_alpha, size=4).T
# x on the simplex: its first K-1 components vary, the last is 1 - their sum (scipy's K-1 form)
row("scipy.stats.dirichlet.logpdf", lambda x, a: st.dirichlet.logpdf(x, a), _simplex[:2], _alpha,
    torch=lambda T, x, a: _D(T).Dirichlet(a).log_prob(T.cat([x, 1 - x.sum(0, keepdim=True)]).T),
    eps=1e-4, torch_rtol=1e-8)
row("scipy.stats.dirichlet.pdf", lambda a: st.dirichlet.pdf(_simplex[:2, 0].astype(np.float32), a),
    _alpha,
    label="K-1 components")
row("scipy.stats.dirichlet.entropy", lambda a: st.dirichlet.entropy(a), _alpha,
    torch=lambda T, a: _D(T).Dirichlet(a).entropy(), torch_rtol=1e-8)
row("scipy.stats.dirichlet.mean", lambda a: st.dirichlet.mean(a), _alpha)
row("scipy.stats.dirichlet.var", lambda a: st.dirichlet.var(a), _alpha)
row("scipy.stats.multivariate_normal.logpdf",
    lambda x, m, c: st.multivariate_normal.logpdf(x, m, sym(c)), r(4, 3), r(3), spd(3),
    torch=lambda T, x, m, c: _D(T).MultivariateNormal(m, (c + c.mT) / 2).log_prob(x))
row("scipy.stats.multivariate_normal.pdf",
    lambda x, m, c: st.multivariate_normal.pdf(x, m, c), r(3), r(3), pos(3), label="diagonal cov")
row("scipy.stats.multivariate_normal.logpdf",
    lambda x, m, c: st.multivariate_normal.logpdf(x, m, c), r(5), r(), pos(),
    label="one dimension")
_B = r(3, 2) + np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
row("scipy.stats.multivariate_normal.logpdf",
    lambda z, m, b: st.multivariate_normal.logpdf(m + z @ b.T, m, b @ b.T, allow_singular=True),
    r(4, 2), r(3), _B, label="allow_singular, rank 2")
row("scipy.stats.multivariate_normal.entropy",
    lambda m, c: st.multivariate_normal.entropy(m, sym(c)), r(3), spd(3),
    torch=lambda T, m, c: _D(T).MultivariateNormal(m, (c + c.mT) / 2).entropy())
row("scipy.stats.multivariate_normal.entropy",
    lambda b: st.multivariate_normal.entropy(None, b @ b.T), _B, label="singular")
# cdf: the box probability's covariance is read through its symmetric part, so finite
# differences of an unsymmetric perturbation check the symmetric-gradient convention.
row("normal_box", lambda lo, hi, c: ad.ops.normal_box(lo, hi, c), r(4, 2) - 1, r(4, 2) + 1,
    spd(2), label="n=2 batch")
row("normal_box", lambda lo, hi, c: ad.ops.normal_box(lo, hi, c), r(3, 1) - 1, r(3, 1), pos(1, 1),
    label="n=1, upper below lower in places")
row("scipy.stats.multivariate_normal.cdf",
    lambda x, m, c, lo: st.multivariate_normal.cdf(x, m, c, lower_limit=lo), r(5), r(), pos(),
    r() - 1.5, label="one dimension")
row("scipy.stats.multivariate_normal.cdf",
    lambda x, m, c: st.multivariate_normal.cdf(x, m, c), r(4, 2), r(2), spd(2),
    label="two dimensions, exact")
row("scipy.stats.multivariate_normal.cdf",
    lambda x, m, c: st.multivariate_normal.cdf(x, m, c,
                                               lower_limit=np.array([-np.inf, -0.8], x.dtype)),
    r(3, 2) + 0.5, r(2), spd(2), label="two dimensions, one infinite lower limit")
row("scipy.stats.multivariate_normal.logcdf",
    lambda x, m, c, lo: st.multivariate_normal.logcdf(x, m, c, lower_limit=lo), r(3, 2) + 1,
    r(2), spd(2), r(2) - 1.2, label="two dimensions, lower_limit")
# Three dimensions: a fresh seeded generator makes the QMC value a fixed smooth function; the
# derivatives are exact (2-D and 1-D boxes); the lattice rule is accurate far below rtol here.
row("scipy.stats.multivariate_normal.cdf",
    lambda x, m, c, lo: st.multivariate_normal.cdf(
        x, m, c, lower_limit=lo, abseps=1e-12, maxpts=60000, rng=np.random.default_rng(5)),
    r(2, 3) + 0.5, r(3), spd(3), np.array([-np.inf, -1.5, -1.0]),
    label="three dimensions, seeded QMC")

# == autodiff.scipy.linalg ======================================================================
row("expm", lambda a: asl.expm(a), r(3, 3), torch=lambda T, a: T.linalg.matrix_exp(a))
row("expm", lambda a: asl.expm(a), r(2, 2, 2), torch=lambda T, a: T.linalg.matrix_exp(a),
    label="batched")
row("sqrtm", lambda a: asl.sqrtm(a), spd(3))
row("sqrtm", lambda a: asl.sqrtm(a), well(3), label="non-symmetric")
row("solve_sylvester", lambda a, b, q: asl.solve_sylvester(a, b, q), well(3), well(2), r(3, 2))
_tri_up = np.triu(well(3))
for _tr in (0, 1):
    for _lo in (False, True):
        row("solve_triangular", (lambda tr, lo: lambda a, b: asl.solve_triangular(
            a, b, trans=tr, lower=lo))(_tr, _lo), well(3), r(3, 2),
            label=f"trans={_tr} lower={_lo}",
            torch=(lambda tr, lo: lambda T, a, b: T.linalg.solve_triangular(
                (a.tril() if lo else a.triu()).mT if tr else (a.tril() if lo else a.triu()), b,
                upper=(lo == bool(tr))))(_tr, _lo))
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, lower=True, unit_diagonal=True),
    well(3), r(3), label="unit diagonal, vector b")
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, trans="C"), well(3), r(3, 2),
    label="trans=C", torch=lambda T, a, b: T.linalg.solve_triangular(a.triu().mH, b, upper=False))
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, trans="T", lower=True,
                                                          unit_diagonal=True),
    well(3), r(3, 2), label="trans=T unit diagonal")
# scipy's batching: a (..., n, n); b 1-D is one vector for every matrix, b of 2+ dims is (..., n, k)
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, lower=True), well(3, (2,)), r(3),
    label="batched a, 1-D b")
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, trans=1), well(3, (2,)),
    r(2, 3, 2), label="batched a and b, trans=1",
    torch=lambda T, a, b: T.linalg.solve_triangular(a.triu().mT, b, upper=False))
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, unit_diagonal=True), well(3),
    r(2, 3, 2), label="batched b")
row("solve_triangular", lambda a, b: asl.solve_triangular(a, b, lower=True, trans=2),
    well(3, (2, 1)), r(3, 3, 1), label="broadcast batches, trans=2")
row("lu_factor", lambda a: asl.lu_factor(a)[0], well(3))
row("lu_factor", lambda a: asl.lu_factor(a)[0], np.array([[0.1, 2.0, 0.3], [1.5, 0.2, -0.4],
                                                          [0.3, -1.0, 2.5]]), label="pivoting")
row("scipy.linalg.lu_solve", lambda a, b: asl.lu_solve(asl.lu_factor(a), b),
    r(3, 3) + 2 * np.eye(3)[[1, 2, 0]], r(3, 2), torch=lambda T, a, b: T.linalg.solve(a, b))
row("scipy.linalg.lu_solve", lambda a, b: asl.lu_solve(asl.lu_factor(a), b, trans=1), well(3),
    r(3), torch=lambda T, a, b: T.linalg.solve(a.mT, b), label="trans=1")
row("scipy.linalg.cholesky", lambda a: asl.cholesky(sym(a)), spd(3),
    torch=lambda T, a: T.linalg.cholesky((a + a.mT) / 2).mT)
row("scipy.linalg.cho_solve", lambda a, b: asl.cho_solve(asl.cho_factor(sym(a)), b), spd(3),
    r(3, 2), torch=lambda T, a, b: T.linalg.solve((a + a.mT) / 2, b))
row("scipy.linalg.cho_solve", lambda a, b: asl.cho_solve(asl.cho_factor(sym(a), lower=True), b),
    spd(3), r(3), torch=lambda T, a, b: T.linalg.solve((a + a.mT) / 2, b), label="lower")


def band(nlower, nupper, n, batch=()):
    """Diagonal ordered form of a well-conditioned band matrix (a dominant main diagonal)."""
    ab = r(*batch, nlower + nupper + 1, n)
    ab[..., nupper, :] += 4.0
    return ab


row("solve_banded", lambda ab, b: asl.solve_banded((1, 1), ab, b), band(1, 1, 4), r(4),
    label="tridiagonal")
row("solve_banded", lambda ab, b: asl.solve_banded((2, 1), ab, b), band(2, 1, 5), r(5, 2),
    label="(2, 1), 2 right-hand sides")
row("solve_banded", lambda ab, b: asl.solve_banded((0, 2), ab, b), band(0, 2, 5), r(5),
    label="(0, 2): upper triangular")
row("solve_banded", lambda ab, b: asl.solve_banded((3, 1), ab, b), band(3, 1, 3), r(3),
    label="band wider than the matrix")
row("solve_banded", lambda ab, b: asl.solve_banded((1, 2), ab, b), band(1, 2, 4, (2,)), r(4),
    label="batched ab, 1-D b")
row("solve_banded", lambda ab, b: asl.solve_banded((1, 1), ab, b), band(1, 1, 4), r(2, 4, 3),
    label="batched b")
row("scipy.linalg.eigh", lambda a, b: asl.eigh(sym(a), sym(b), eigvals_only=True),
    sym(spread(r(3, 3))), spd(3), label="generalized eigenvalues")
row("scipy.linalg.eigh", lambda a, b: sign_fixed(asl.eigh(sym(a), sym(b))[1]),
    sym(spread(r(3, 3))), spd(3), label="generalized eigenvectors")
row("scipy.linalg.det", lambda a: asl.det(a), well(3), torch=lambda T, a: T.linalg.det(a))
row("scipy.linalg.inv", lambda a: asl.inv(a), well(3), torch=lambda T, a: T.linalg.inv(a))

# == autodiff.scipy.signal ========================================================================
row("convolve_nd", lambda x, y: asg.convolve(x, y), r(5), r(3),
    torch=lambda T, x, y: T.nn.functional.conv1d(x[None, None], y.flip(0)[None, None],
                                                 padding=2)[0, 0])
row("convolve_nd", lambda x, y: asg.convolve(x, y), r(3, 4), r(2, 3), label="2-D")
row("convolve_nd", lambda x, y: asg.convolve(x, y), r(2, 3, 2), r(2, 2, 2), label="3-D")
for _mode in ("same", "valid"):
    row("scipy.signal.convolve", (lambda m: lambda x, y: asg.convolve(x, y, m))(_mode), r(4, 5),
        r(2, 3), label=_mode)
    row("scipy.signal.convolve", (lambda m: lambda x, y: asg.convolve(x, y, m))(_mode), r(3),
        r(5), label=f"{_mode}, in2 larger")
    row("scipy.signal.correlate", (lambda m: lambda x, y: asg.correlate(x, y, m))(_mode), r(6),
        r(3), label=_mode)
row("scipy.signal.correlate", lambda x, y: asg.correlate(x, y, "valid"), r(4, 5), r(2, 3),
    torch=lambda T, x, y: T.nn.functional.conv2d(x[None, None], y[None, None])[0, 0],
    label="valid 2-D")

# == autodiff.scipy.integrate.odeint: the adjoint method (reverse), forward sensitivities ========
_ode_t = np.linspace(0.0, 1.0, 4)
_ode_tol = {"rtol": 1e-12, "atol": 1e-12}


def _linear_ode(y, t, a):
    return a @ y


def _lotka_volterra(y, t, p):
    return ad.stack([p[0] * y[0] - p[1] * y[0] * y[1], -p[2] * y[1] + p[3] * y[0] * y[1]])


row("odeint", lambda y0, a: asi.odeint(_linear_ode, y0, _ode_t, (a,), **_ode_tol),
    np.array([1.0, 0.5]), np.array([[-0.5, 1.0], [-1.0, -0.3]]), label="linear", rtol=1e-5)
row("odeint", lambda y0, p: asi.odeint(_lotka_volterra, y0, _ode_t, (p,), **_ode_tol),
    np.array([1.2, 0.7]), np.array([1.0, 0.5, 0.8, 0.3]), label="Lotka-Volterra", rtol=1e-5)
row("odeint", lambda y0, t, p: asi.odeint(_lotka_volterra, y0, t, (p,), **_ode_tol),
    np.array([1.2, 0.7]), np.array([0.1, 0.4, 0.7, 1.1]), np.array([1.0, 0.5, 0.8, 0.3]),
    label="in the times", rtol=1e-5)

# == more of scipy.special: exponential integrals, zeta, Box-Cox, losses, scaled functions ======
row("erfcx", sps.erfcx, r(2, 3) * 3, torch=lambda T, x: T.special.erfcx(x))
row("erfcx", sps.erfcx, np.array([-2.0, 10.0, 30.0]), label="tails",
    torch=lambda T, x: T.special.erfcx(x))
row("log_expit", sps.log_expit, r(2, 3) * 5, torch=lambda T, x: T.nn.functional.logsigmoid(x))
row("log_expit", sps.log_expit, np.array([-40.0, 40.0]), label="tails",
    torch=lambda T, x: T.nn.functional.logsigmoid(x))
row("exp1", sps.exp1, pos(2, 3) * 2)
row("expi", sps.expi, pos(2, 3) * 2)
row("expi", sps.expi, -pos(3) * 2, label="negative")
row("expn", lambda x: sps.expn(np.array([0, 1, 3], np.float32), x), pos(2, 3) * 2,
    label="n = 0, 1, 3")
row("expn", lambda x: sps.expn(np.float32(2), x), pos(3), label="n = 2")
row("zeta", lambda q: sps.zeta(3.5, q), pos(2, 3) * 2,
    torch=lambda T, q: T.special.zeta(_f64(3.5)(T), q))
row("zeta", lambda q: sps.zeta(np.array([1.5, 2.0, 4.0], np.float32), q), pos(2, 3),
    label="x array")
row("riemann_zeta", sps.zeta, np.array([-1.5, 0.5, 2.0, 3.5]), order=-1)
row("poch", sps.poch, pos(2, 3) * 2, r(3) * 2)
row("scipy.special.factorial", asp.factorial, np.array([0.5, 3.5, -1.5, 2.0]),
    torch=lambda T, n: T.where(n < 0, 0.0, T.lgamma(T.where(n < 0, 1.0, n) + 1).exp()),
    torch_rtol=1e-8)
row("rel_entr", sps.rel_entr, pos(2, 3), pos(3),
    torch=lambda T, x, y: T.nn.functional.kl_div(T.log(y), x, reduction="none"))
row("kl_div", sps.kl_div, pos(2, 3), pos(3),
    torch=lambda T, x, y: T.nn.functional.kl_div(T.log(y), x, reduction="none") + y - x)
row("huber", sps.huber, pos(3), np.array([[-2.5, 0.3, 1.2], [0.1, -0.4, 2.2]]))
row("huber", lambda r_: sps.huber(1.0, r_), np.array([-2.5, 0.3, -0.7, 1.6]), label="vs torch",
    torch=lambda T, r_: T.nn.functional.huber_loss(r_, T.zeros_like(r_), reduction="none",
                                                   delta=1.0))
row("pseudo_huber", sps.pseudo_huber, pos(3), r(2, 3) * 3)
row("boxcox", sps.boxcox, pos(2, 3), r(3) * 2)
row("boxcox", sps.boxcox, pos(4), np.array([0.0, 1e-3, -2e-5, 0.3]), label="lmbda near 0")
row("boxcox1p", sps.boxcox1p, r(2, 3, lo=-0.5, hi=2.0), r(3) * 2)
row("boxcox1p", sps.boxcox1p, pos(3), np.array([0.0, 5e-3, -1e-6]), label="lmbda near 0")
row("inv_boxcox", sps.inv_boxcox, r(2, 3), r(3, lo=-0.4, hi=0.8))
row("inv_boxcox", sps.inv_boxcox, r(3), np.array([0.0, 2e-3, -1e-5]), label="lmbda near 0")
row("inv_boxcox1p", sps.inv_boxcox1p, r(2, 3), r(3, lo=-0.4, hi=0.8))
row("inv_boxcox1p", sps.inv_boxcox1p, r(3), np.array([0.0, 2e-3, -1e-5]), label="lmbda near 0")
row("k0", sps.k0, pos(2, 3) * 2)
row("k1", sps.k1, pos(2, 3) * 2)
row("k0e", sps.k0e, pos(2, 3) * 3)
row("k1e", sps.k1e, pos(2, 3) * 3)
row("kve", lambda x: sps.kve(0.7, x), pos(2, 3) * 2)
row("kve", lambda x: sps.kve(np.array([0.0, 1.0, 2.5], np.float32), x), pos(2, 3) * 4,
    label="v array")
row("spence", sps.spence, pos(2, 3) * 2)
row("spence", sps.spence, np.array([1.0, 0.2, 3.0]), label="at 1", order=1)
row("special_log1p", sps.log1p, r(2, 3, lo=-0.5), torch=lambda T, x: T.log1p(x))
row("special_expm1", sps.expm1, r(2, 3) * 2, torch=lambda T, x: T.expm1(x))
row("cosm1", sps.cosm1, r(2, 3) * 3, torch=lambda T, x: T.cos(x) - 1)
row("exprel", sps.exprel, r(2, 3) * 3, torch=lambda T, x: T.expm1(x) / x)
row("exprel", sps.exprel, np.array([0.0, 1e-3, -8e-3, 0.011, -1e-9]), label="near 0")
row("hyp1f1", lambda x: sps.hyp1f1(1.5, 2.5, x), r(2, 3) * 3)
row("hyp1f1", lambda x: sps.hyp1f1(np.array([-0.5, 1.0, 3.0], np.float32), 1.5, x), r(2, 3),
    label="a array")
row("owens_t", sps.owens_t, r(2, 3) * 2, r(3) * 2)
# scipy's two-result ufuncs: each result is one primitive
row("si", lambda x: sps.sici(x)[0], r(2, 3) * 4)
row("si", lambda x: ad.ops.si(x), np.array([0.0, 1e-3]), label="at 0", order=1)
row("ci", lambda x: sps.sici(x)[1], pos(2, 3) * 3)
row("shi", lambda x: sps.shichi(x)[0], r(2, 3) * 3)
row("chi", lambda x: sps.shichi(x)[1], pos(2, 3) * 2)
row("fresnel_s", lambda z: sps.fresnel(z)[0], r(2, 3) * 2)
row("fresnel_c", lambda z: sps.fresnel(z)[1], r(2, 3) * 2)
row("scipy.special.sici", lambda x: (lambda s, c: s * c)(*asp.sici(x)), pos(3) * 2)

# == scipy.stats' descriptive statistics (values against scipy in test_scipy_stats_more.py) ====
_pk, _qk = pos(4, 3), pos(4, 3)
row("scipy.stats.entropy", lambda p: st.entropy(p), _pk,
    torch=lambda T, p: _D(T).Categorical(probs=p.T).entropy())
row("scipy.stats.entropy", lambda p, q: st.entropy(p, q, base=2, axis=1), _pk, _qk,
    label="qk, base 2, axis 1",
    torch=lambda T, p, q: _D(T).kl_divergence(_D(T).Categorical(probs=p),
                                              _D(T).Categorical(probs=q)) / np.log(2))
row("scipy.stats.zscore", lambda a: st.zscore(a), r(5, 3),
    torch=lambda T, a: (a - a.mean(0)) / a.std(0, unbiased=False))
row("scipy.stats.zscore", lambda a: st.zscore(a, axis=None, ddof=1), r(2, 3), label="axis None")
row("scipy.stats.gmean", lambda a: st.gmean(a), pos(4, 3),
    torch=lambda T, a: T.log(a).mean(0).exp())
row("scipy.stats.gmean", lambda a, w: st.gmean(a, axis=1, weights=w), pos(2, 3), pos(2, 3),
    label="weights")
row("scipy.stats.hmean", lambda a: st.hmean(a, axis=None), pos(2, 3),
    torch=lambda T, a: a.numel() / (1 / a).sum())
row("scipy.stats.hmean", lambda a, w: st.hmean(a, weights=w), pos(3, 2), pos(3, 2),
    label="weights")
row("scipy.stats.skew", lambda a: st.skew(a), r(6, 2))
row("scipy.stats.skew", lambda a: st.skew(a, axis=1, bias=False, keepdims=True), r(2, 5),
    label="unbiased")
row("scipy.stats.kurtosis", lambda a: st.kurtosis(a), r(6, 2))
row("scipy.stats.kurtosis", lambda a: st.kurtosis(a, axis=None, fisher=False, bias=False),
    r(2, 4), label="Pearson, unbiased")
row("scipy.stats.moment", lambda a: st.moment(a, order=3), r(5, 2))
row("scipy.stats.moment", lambda a, c: st.moment(a, order=[0, 1, 2, 4], axis=1, center=c),
    r(2, 4), r(), label="orders, center")
row("scipy.stats.sem", lambda a: st.sem(a), r(5, 2),
    torch=lambda T, a: a.std(0) / np.sqrt(5))
row("scipy.stats.variation", lambda a: st.variation(a, axis=1, ddof=1), pos(2, 4),
    torch=lambda T, a: a.std(1) / a.mean(1))

# == more distributions: continuous ones in x, shape, loc and scale ===========================
_L, _S = r(3), pos(3)
_shape_pos = pos(3) * 0.8 + 0.3
_above = _L + _S * pos(2, 3)              # y = (x - loc) / scale in (0.5, 2)
_DISTS = [  # name, shape parameters, x, torch logpdf (or None), shape differentiable in cdf
    ("lognorm", (_shape_pos,), _above,
     lambda T, x, s, l, sc: _D(T).LogNormal(T.log(sc), s).log_prob(x - l), True),
    ("weibull_min", (pos(3) + 0.5,), _above,
     lambda T, x, c, l, sc: _D(T).Weibull(sc, c).log_prob(x - l), True),
    ("pareto", (pos(3) * 2,), _L + _S * (1 + pos(2, 3)),
     lambda T, x, b, l, sc: _D(T).Pareto(sc, b).log_prob(x - l), True),
    ("halfnorm", (), _above, lambda T, x, l, sc: _D(T).HalfNormal(sc).log_prob(x - l), True),
    ("halfcauchy", (), _above, lambda T, x, l, sc: _D(T).HalfCauchy(sc).log_prob(x - l), True),
    ("gumbel_r", (), r(2, 3) * 2, lambda T, x, l, sc: _D(T).Gumbel(l, sc).log_prob(x), True),
    ("gumbel_l", (), r(2, 3) * 2, None, True),
    ("invgamma", (pos(3) * 2,), _above,
     lambda T, x, a, l, sc: _D(T).InverseGamma(a, sc).log_prob(x - l), False),
]
for _name, _shapes, _x, _tlp, _shape_d in _DISTS:
    _mod = getattr(st, _name)
    _ns = len(_shapes)
    for _m in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        if _m in ("logpdf", "pdf") or _shape_d:
            row(f"scipy.stats.{_name}.{_m}", (lambda f: lambda x, *p: f(x, *p))(getattr(_mod, _m)),
                _x, *_shapes, _L, _S, torch=_tlp if _m == "logpdf" else None, torch_rtol=1e-8)
        else:       # the shape parameter is a constant here (no closed form)
            row(f"scipy.stats.{_name}.{_m}",
                (lambda f, c: lambda x, l, s: f(x, c, l, s))(getattr(_mod, _m),
                                                            np.float32(2.5)),
                _x, _L, _S)
    if "ppf" in _mod.__all__ and _shape_d:     # invgamma's: with the quantile rows below
        row(f"scipy.stats.{_name}.ppf", (lambda f: lambda q, *p: f(q, *p))(_mod.ppf),
            r(3, lo=0.05, hi=0.95), *_shapes, _L, _S)
    row(f"scipy.stats.{_name}.entropy", (lambda f: lambda *p: f(*p))(_mod.entropy), *_shapes,
        _L, _S)
row("scipy.stats.halfnorm.logsf", lambda x: st.halfnorm.logsf(x), np.array([0.5, 9.0, 40.0]),
    label="tail")
row("scipy.stats.weibull_min.logcdf", lambda x, c: st.weibull_min.logcdf(x, c),
    np.array([0.05, 1.0, 6.0]), np.array([1.5, 0.7, 1.2]), label="both ends", eps=1e-4)
row("scipy.stats.vonmises.logpdf", lambda x, k, l, s: st.vonmises.logpdf(x, k, l, s),
    r(2, 3) * 4, pos(3) * 2, _L, _S)
# PyTorch's VonMises computes log I0 from polynomial fits (about 1e-7 relative in its kappa
# gradient); ours goes through scipy's i0e/i1e (to 1e-15), so this row compares to 1e-6.
row("scipy.stats.vonmises.logpdf", lambda x, k: st.vonmises.logpdf(x, k), r(2, 3) * 3,
    np.array([0.3, 2.0, 40.0]), label="vs torch",
    torch=lambda T, x, k: _D(T).VonMises(T.zeros_like(k), k).log_prob(x), torch_rtol=1e-6)
row("scipy.stats.vonmises.pdf", lambda x, k, l: st.vonmises.pdf(x, k, l), r(2, 3) * 3,
    pos(3) * 2, _L)
row("scipy.stats.vonmises.entropy", lambda k, s: st.vonmises.entropy(k, 0.0, s),
    np.array([0.3, 2.0, 40.0]), _S)

# truncnorm: differentiable in x, both bounds, loc and scale; in the tails; an infinite bound
_ta, _tb = -0.3 - pos(3), 0.3 + pos(3)
for _m in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
    _f = getattr(st.truncnorm, _m)
    row(f"scipy.stats.truncnorm.{_m}", (lambda f: lambda x, a, b, l, s: f(x, a, b, l, s))(_f),
        _L + _S * r(2, 3, lo=-0.25, hi=0.25), _ta, _tb, _L, _S)
    row(f"scipy.stats.truncnorm.{_m}", (lambda f: lambda x, a, b: f(x, a, b))(_f),
        np.array([4.3, 5.1, 5.9]), np.array([4.0, 4.5, 3.0]), np.array([6.0, 7.0, 8.0]),
        label="upper tail")
    row(f"scipy.stats.truncnorm.{_m}", (lambda f: lambda x, b: f(x, -np.inf, b))(_f),
        np.array([-3.0, 0.1, 0.6]), np.array([0.7, 0.9, 1.4]), label="a = -inf")
row("scipy.stats.truncnorm.entropy", lambda a, b, l, s: st.truncnorm.entropy(a, b, l, s), _ta,
    _tb, _L, _S)
row("scipy.stats.truncnorm.entropy", lambda a: st.truncnorm.entropy(a, np.inf),
    np.array([-1.0, 0.5, 4.0]), label="b = inf")

# discrete: differentiable in the parameters, the counts are constants
_kg = np.array([[1.0, 2.0, 4.0], [3.0, 7.0, 1.0]], np.float32)
for _m in ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf"):
    row(f"scipy.stats.geom.{_m}", (lambda f: lambda p: f(_kg, p))(getattr(st.geom, _m)),
        r(3, lo=0.2, hi=0.8), torch=(lambda T, p: _D(T).Geometric(probs=p).log_prob(
            T.tensor(_kg - 1, dtype=T.float64))) if _m == "logpmf" else None)
    _nb = (lambda f: lambda n, p: f(_k, n, p)) if _m in ("logpmf", "pmf") else (
        lambda f: lambda p: f(_k, np.float32(2.5), p))
    _nb_args = (pos(3) * 2, r(3, lo=0.2, hi=0.8)) if _m in ("logpmf", "pmf") else (
        r(3, lo=0.2, hi=0.8),)
    row(f"scipy.stats.nbinom.{_m}", _nb(getattr(st.nbinom, _m)), *_nb_args,
        torch=(lambda T, n, p: _D(T).NegativeBinomial(n, probs=1 - p).log_prob(
            T.tensor(_k, dtype=T.float64))) if _m == "logpmf" else None, torch_rtol=1e-8)
row("scipy.stats.geom.entropy", lambda p: st.geom.entropy(p), r(3, lo=0.2, hi=0.8),
    torch=lambda T, p: _D(T).Geometric(probs=p).entropy())
for _m in ("logpmf", "pmf"):
    row(f"scipy.stats.betabinom.{_m}", (lambda f: lambda a, b: f(_k, 6, a, b))(
        getattr(st.betabinom, _m)), pos(3) * 2, pos(3) * 2)

# == scipy.special: imaginary error function, Dawson, log-gamma, inverses of the incomplete
# functions, kn, hyp2f1, Wright omega ===========================================================
row("erfi", sps.erfi, r(2, 3) * 2)
row("dawsn", sps.dawsn, r(2, 3) * 4)
row("ndtri_exp", sps.ndtri_exp, -pos(2, 3) * 3)
row("ndtri_exp", sps.ndtri_exp, np.array([-700.0, -40.0, -1e-3]), label="tails", eps=1e-5)
row("loggamma", sps.loggamma, pos(2, 3) * 3, torch=lambda T, x: T.lgamma(x), torch_rtol=1e-8)
row("gammaincinv", lambda y: sps.gammaincinv(np.float32(2.5), y), r(2, 3, lo=0.1, hi=0.9))
row("gammainccinv", lambda y: sps.gammainccinv(np.array([0.7, 1.0, 4.0], np.float32), y),
    r(2, 3, lo=0.1, hi=0.9))
row("betaincinv", lambda y: sps.betaincinv(2.5, 1.5, y), r(2, 3, lo=0.1, hi=0.9))
row("kn", lambda x: sps.kn(np.array([0, 1, 3], np.float32), x), pos(2, 3) * 2)
# float32 constants: scipy's four-argument ufunc takes Python floats as float64
row("hyp2f1", lambda z: sps.hyp2f1(*np.float32([0.5, 1.5, 2.5]), z), r(2, 3, lo=-0.9, hi=0.9))
row("hyp2f1", lambda z: sps.hyp2f1(np.float32([1.0, -2.0, 0.3]), *np.float32([1.5, 3.0]), z),
    r(2, 3, lo=-0.9, hi=0.9), label="a array")
row("wrightomega", sps.wrightomega, r(2, 3) * 4)

# quantiles through the incomplete functions' inverses: in q, loc and scale (not the shapes)
_q = r(3, lo=0.05, hi=0.95)
for _name, _shapes in [("gamma", (np.float32(2.5),)), ("chi2", (np.float32(3.5),)),
                       ("invgamma", (np.float32(2.5),)),
                       ("beta", (np.float32(2.5), np.float32(1.5)))]:
    for _m in ("ppf", "isf"):
        row(f"scipy.stats.{_name}.{_m}",
            (lambda f, sh: lambda q, l, s: f(q, *sh, l, s))(getattr(getattr(st, _name), _m),
                                                           _shapes), _q, _L, _S)

# the von Mises distribution function: scipy's series, in x, loc and scale (kappa a constant)
_vk = np.float32(1.7)
row("vonmises_cdf", lambda y: ad.ops.vonmises_cdf(y, _vk), r(2, 3) * 3)
for _m in ("cdf", "logcdf", "sf", "logsf"):
    row(f"scipy.stats.vonmises.{_m}",
        (lambda f: lambda x, l, s: f(x, _vk, l, s))(getattr(st.vonmises, _m)),
        _L + _S * r(2, 3, lo=-2.5, hi=2.5), _L, _S)
row("stdtrit", lambda p: sps.stdtrit(4.0, p), r(2, 3, lo=0.1, hi=0.9))
