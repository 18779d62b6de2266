"""Parity with HIPS autograd: everything autograd differentiates, autodiff differentiates too,
with the same values and the right derivatives.

The sweep enumerates autograd's registered primitives (``autograd.core.primitive_vjps`` and
``primitive_jvps``, walked through the public modules ``autograd.numpy``, ``.linalg``, ``.fft``,
``autograd.scipy.special``, ``.linalg``, ``.signal``, ``.integrate`` and ``.stats.*``) plus the
functions autograd's numpy wrapper builds by composition (``stack``, ``concatenate``, ...).
Every such function must have at least one case in ``CASES`` (``test_every_autograd_function_
has_a_case``). Each case calls the same function both ways a user would: on autograd's wrapped
numpy, and on ``autodiff`` (numpy's own function on tensors, through the protocols, or
``autodiff.scipy.*``), and checks

- the value against autograd's;
- reverse mode (``ad.grad`` of a weighted sum of the outputs, real and imaginary parts) against
  finite differences and against ``autograd.grad``;
- forward mode (``ad.jvp`` along a random tangent) against finite differences;
- order 2 (``ad.jvp`` of ``ad.grad``) against finite differences of ``ad.grad``.

Finite differences are the judge: where autograd disagrees with them and autodiff does not,
the case is listed in ``AUTOGRAD_WRONG`` with the evidence, and the test checks that it still is.

Run ``python tests/test_autograd_parity.py`` for the table (``-v`` lists every case).
"""
from __future__ import annotations

import importlib
import sys
import types
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytest

import autodiff as ad
import autodiff.scipy.integrate
import autodiff.scipy.linalg
import autodiff.scipy.signal
import autodiff.scipy.special
import autodiff.scipy.stats

try:
    import autograd
    import autograd.numpy as anp
    import autograd.numpy.fft
    import autograd.numpy.linalg
    import autograd.scipy.integrate
    import autograd.scipy.linalg
    import autograd.scipy.signal
    import autograd.scipy.special
    import autograd.scipy.stats as _ag_stats
    from autograd.core import primitive_jvps, primitive_vjps
    _STATS = ("norm", "t", "beta", "gamma", "chi2", "poisson", "dirichlet", "multivariate_normal")
    for _m in _STATS:
        importlib.import_module("autograd.scipy.stats." + _m)
except ImportError:        # the module's table still imports; the tests skip
    autograd = None

import scipy.integrate
import scipy.linalg
import scipy.signal
import scipy.special

# ---------------------------------------------------------------------------------------------
# The two namespaces a case is written against.

AD = types.SimpleNamespace(np=np, linalg=np.linalg, fft=np.fft, special=autodiff.scipy.special,
                           stats=autodiff.scipy.stats, slinalg=autodiff.scipy.linalg,
                           signal=autodiff.scipy.signal, integrate=autodiff.scipy.integrate)
if autograd is not None:
    AG = types.SimpleNamespace(np=anp, linalg=anp.linalg, fft=anp.fft,
                               special=autograd.scipy.special, stats=_ag_stats,
                               slinalg=autograd.scipy.linalg, signal=autograd.scipy.signal,
                               integrate=autograd.scipy.integrate)


@dataclass
class Case:
    """One call: ``build(ns)`` gives the function of the float array ``args`` (those at
    ``argnums`` differentiated, the others held fixed)."""
    id: str                         # "numpy.sum axis=1"
    covers: str                     # the autograd name, "numpy.sum"
    build: object
    args: tuple
    argnums: tuple = (0,)
    order2: bool = True
    rtol: float = 1e-5
    autograd: bool = True           # False: autograd cannot call it this way (say why in note)
    note: str = ""


rng = np.random.default_rng(2024)


def _r(*shape, lo=-1.0, hi=1.0):
    return rng.uniform(lo, hi, shape) if shape else np.array(rng.uniform(lo, hi))


def _pos(*shape, lo=0.5, hi=2.0):
    return _r(*shape, lo=lo, hi=hi)


def _c(*shape):
    return _r(*shape) + 1j * _r(*shape)


def _spd(n, batch=()):
    a = rng.normal(size=(*batch, n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def _wellcond(n, batch=()):
    return rng.normal(size=(*batch, n, n)) + 3 * np.eye(n)


CASES: list[Case] = []


def _quiet(f, *args):
    """``f(*args)`` without its DeprecationWarning (numpy 2's ``row_stack``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return f(*args)


def case(id, build, *args, covers=None, **kw):
    """Add a case; ``covers`` defaults to the id's first word."""
    CASES.append(Case(id, covers or id.split()[0], build, args, **kw))


def unary(name, *inputs, ns="np", prefix="numpy", kwargs_list=({},), **kw):
    """The same unary function over several inputs and keyword sets."""
    for x in inputs:
        for kwargs in kwargs_list:
            label = " ".join([f"{prefix}.{name}", "x" + "x".join(map(str, np.shape(x)))
                              if np.ndim(x) else "0-d", "complex" if np.iscomplexobj(x) else "",
                              " ".join(f"{k}={v!r}" for k, v in kwargs.items())]).strip()
            case(label, lambda S, name=name, kwargs=kwargs: (
                lambda x: getattr(getattr(S, ns), name)(x, **kwargs)), x,
                covers=f"{prefix}.{name}", **kw)


# --- numpy elementwise ------------------------------------------------------------------------
X0, X1, X2, X3 = _r(), _r(4), _r(3, 4), _r(2, 3, 4)
P0, P2 = _pos(), _pos(3, 4)
Z1, Z2 = _c(4), _c(3, 4)
for _n in ("sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "exp2", "expm1", "negative",
           "square", "conj", "conjugate", "sinc", "arctan", "arcsinh", "atan", "asinh"):
    unary(_n, X0, X2, Z2)
for _n in ("deg2rad", "rad2deg", "degrees", "radians"):       # numpy refuses complex here
    unary(_n, X0, X2)
for _n in ("log", "log2", "log10", "log1p", "sqrt", "reciprocal"):
    unary(_n, P0, P2, Z2)
for _n in ("arcsin", "arccos", "arctanh", "asin", "acos", "atanh"):
    unary(_n, 0.9 * X0, 0.9 * X2, 0.5 * Z2)
for _n in ("arccosh", "acosh"):
    unary(_n, P0 + 1, P2 + 1, Z2 + 2)
unary("abs", X0, X2, Z2)
unary("absolute", X2, Z2)
unary("fabs", X2)
unary("real", X2, Z2)
unary("imag", X2, Z2)
unary("angle", Z2)
unary("angle", Z2, kwargs_list=({"deg": True},))
unary("real_if_close", X2)
unary("nan_to_num", X2)
case("numpy.astype float64", lambda S: lambda x: S.np.astype(x, np.float64), X2)
case("numpy.astype complex", lambda S: lambda x: S.np.astype(x, np.complex128), X2)
for _n in ("add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "fmax",
           "fmin", "logaddexp", "logaddexp2", "arctan2", "atan2", "hypot", "remainder", "mod"):
    case(f"numpy.{_n} x3x4,x4", lambda S, n=_n: getattr(S.np, n), _r(3, 4), _pos(4) + 0.2,
         argnums=(0, 1))
    case(f"numpy.{_n} 0-d,x3x1", lambda S, n=_n: getattr(S.np, n), _r(), _pos(3, 1) + 0.2,
         argnums=(0, 1))
for _n in ("add", "subtract", "multiply", "divide", "true_divide"):
    case(f"numpy.{_n} complex", lambda S, n=_n: getattr(S.np, n), Z2, _c(4) + 2, argnums=(0, 1))
for _n in ("power", "pow"):
    case(f"numpy.{_n}", lambda S, n=_n: getattr(S.np, n), P2, _r(4), argnums=(0, 1))
    case(f"numpy.{_n} 0-d", lambda S, n=_n: getattr(S.np, n), P0, _r(), argnums=(0, 1))
    case(f"numpy.{_n} complex", lambda S, n=_n: getattr(S.np, n), Z2 + 2, _c(4), argnums=(0, 1))
    case(f"numpy.{_n} integer exponent", lambda S, n=_n: lambda x: getattr(S.np, n)(x, 3), X2)
case("numpy.clip", lambda S: lambda x: S.np.clip(x, -0.5, 0.5), X2)
case("numpy.clip one-sided", lambda S: lambda x: S.np.clip(x, -0.5, None), X2)
case("numpy.where", lambda S: lambda x, y: S.np.where(X2 > 0, x, y), X2, _r(4), argnums=(0, 1))

# --- reductions -------------------------------------------------------------------------------
for _n in ("sum", "mean", "prod", "max", "min", "amax", "amin"):
    for _kw in ({}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"axis": (0, 2)},
                {"axis": -1}):
        case(f"numpy.{_n} {_kw}", lambda S, n=_n, kw=_kw: lambda x: getattr(S.np, n)(x, **kw),
             X3 if "axis" in _kw and _kw["axis"] == (0, 2) else X2)
    case(f"numpy.{_n} 0-d", lambda S, n=_n: lambda x: getattr(S.np, n)(x), X0)
for _n in ("sum", "mean", "prod"):
    case(f"numpy.{_n} complex", lambda S, n=_n: lambda x: getattr(S.np, n)(x, axis=1), Z2)
for _n in ("var", "std"):
    for _kw in ({}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"ddof": 1},
                {"axis": 0, "ddof": 1}):
        case(f"numpy.{_n} {_kw}", lambda S, n=_n, kw=_kw: lambda x: getattr(S.np, n)(x, **kw),
             X2)
    case(f"numpy.{_n} complex", lambda S, n=_n: lambda x: getattr(S.np, n)(x, axis=0), Z2)
case("numpy.cumsum", lambda S: lambda x: S.np.cumsum(x), X2)
case("numpy.cumsum axis=1", lambda S: lambda x: S.np.cumsum(x, axis=1), X2)
case("numpy.cumsum complex", lambda S: lambda x: S.np.cumsum(x, axis=0), Z2)
case("numpy.trace", lambda S: S.np.trace, X2)
case("numpy.trace offset", lambda S: lambda x: S.np.trace(x, offset=1), X2)
case("numpy.trace 3-d", lambda S: lambda x: S.np.trace(x, axis1=1, axis2=2), X3)
case("numpy.diff", lambda S: S.np.diff, X2)
case("numpy.diff n=2 axis=0", lambda S: lambda x: S.np.diff(x, n=2, axis=0), X2)
case("numpy.gradient", lambda S: lambda x: S.np.gradient(x), X1)
case("numpy.gradient 2-d axis", lambda S: lambda x: S.np.gradient(x, axis=1), X2)
case("numpy.sort", lambda S: S.np.sort, X2)
case("numpy.sort axis=0", lambda S: lambda x: S.np.sort(x, axis=0), X2)
case("numpy.partition", lambda S: lambda x: S.np.partition(x, 2), X2)

# --- products ---------------------------------------------------------------------------------
case("numpy.dot 1-d", lambda S: S.np.dot, X1, _r(4), argnums=(0, 1))
case("numpy.dot 2-d", lambda S: S.np.dot, X2, _r(4, 2), argnums=(0, 1))
case("numpy.dot 0-d", lambda S: S.np.dot, X0, X2, argnums=(0, 1))
case("numpy.dot N-d", lambda S: S.np.dot, X3, _r(2, 4, 3), argnums=(0, 1))
case("numpy.dot complex", lambda S: S.np.dot, Z2, _c(4), argnums=(0, 1))
case("numpy.matmul", lambda S: S.np.matmul, X2, _r(4, 2), argnums=(0, 1))
case("numpy.matmul batched", lambda S: S.np.matmul, X3, _r(4, 2), argnums=(0, 1))
case("numpy.matmul vector", lambda S: S.np.matmul, X3, _r(4), argnums=(0, 1))
case("numpy.matmul complex", lambda S: S.np.matmul, Z2, _c(4, 2), argnums=(0, 1))
case("numpy.inner", lambda S: S.np.inner, X2, _r(2, 4), argnums=(0, 1))
case("numpy.outer", lambda S: S.np.outer, X1, _r(3), argnums=(0, 1))
case("numpy.tensordot", lambda S: lambda a, b: S.np.tensordot(a, b, axes=([1, 2], [0, 1])),
     X3, _r(3, 4, 2), argnums=(0, 1))
case("numpy.tensordot int", lambda S: lambda a, b: S.np.tensordot(a, b, 1), X2, _r(4, 2),
     argnums=(0, 1))
case("numpy.kron", lambda S: S.np.kron, X2, _r(2, 2), argnums=(0, 1))
case("numpy.cross", lambda S: S.np.cross, _r(4, 3), _r(3), argnums=(0, 1))
case("numpy.einsum", lambda S: lambda a, b: S.np.einsum("ij,jk->ik", a, b), X2, _r(4, 2),
     argnums=(0, 1))
case("numpy.einsum trace", lambda S: lambda a: S.np.einsum("ii", a), _r(3, 3))
case("numpy.einsum batched", lambda S: lambda a, b: S.np.einsum("bij,bj->bi", a, b), X3,
     _r(2, 4), argnums=(0, 1))
case("numpy.einsum ellipsis", lambda S: lambda a: S.np.einsum("...ij->...ji", a), X3)

# --- shapes and arranging ---------------------------------------------------------------------
_SHAPE_CASES = [
    ("reshape", lambda S: lambda x: S.np.reshape(x, (4, 3)), X2),
    ("reshape -1", lambda S: lambda x: S.np.reshape(x, -1), X2),
    ("ravel", lambda S: S.np.ravel, X2),
    ("transpose", lambda S: S.np.transpose, X3),
    ("transpose axes", lambda S: lambda x: S.np.transpose(x, (1, 0, 2)), X3),
    ("permute_dims", lambda S: lambda x: S.np.permute_dims(x, (2, 0, 1)), X3),
    ("swapaxes", lambda S: lambda x: S.np.swapaxes(x, 0, 2), X3),
    ("moveaxis", lambda S: lambda x: S.np.moveaxis(x, 0, -1), X3),
    ("rollaxis", lambda S: lambda x: S.np.rollaxis(x, 2), X3),
    ("squeeze", lambda S: S.np.squeeze, _r(3, 1, 4)),
    ("squeeze axis", lambda S: lambda x: S.np.squeeze(x, axis=1), _r(3, 1, 4)),
    ("expand_dims", lambda S: lambda x: S.np.expand_dims(x, 1), X2),
    ("broadcast_to", lambda S: lambda x: S.np.broadcast_to(x, (2, 3, 4)), X1),
    ("atleast_1d", lambda S: S.np.atleast_1d, X0),
    ("atleast_2d", lambda S: S.np.atleast_2d, X1),
    ("atleast_3d", lambda S: S.np.atleast_3d, X2),
    ("diag", lambda S: S.np.diag, X1),
    ("diag of matrix", lambda S: S.np.diag, _r(3, 3)),
    ("diag offset", lambda S: lambda x: S.np.diag(x, 1), X1),
    ("diagonal", lambda S: S.np.diagonal, X2),
    ("diagonal offset axes", lambda S: lambda x: S.np.diagonal(x, 1, 1, 2), X3),
    ("tril", lambda S: S.np.tril, X2),
    ("tril k", lambda S: lambda x: S.np.tril(x, -1), X3),
    ("triu", lambda S: lambda x: S.np.triu(x, 1), X2),
    ("fliplr", lambda S: S.np.fliplr, X2),
    ("flipud", lambda S: S.np.flipud, X2),
    ("rot90", lambda S: S.np.rot90, X2),
    ("rot90 k axes", lambda S: lambda x: S.np.rot90(x, 3, (1, 2)), X3),
    ("roll", lambda S: lambda x: S.np.roll(x, 2), X2),
    ("roll axis", lambda S: lambda x: S.np.roll(x, -1, axis=1), X2),
    ("repeat", lambda S: lambda x: S.np.repeat(x, 2), X2),
    ("repeat axis", lambda S: lambda x: S.np.repeat(x, 3, axis=0), X2),
    ("tile", lambda S: lambda x: S.np.tile(x, (2, 1)), X2),
    ("tile int", lambda S: lambda x: S.np.tile(x, 2), X1),
    ("pad", lambda S: lambda x: S.np.pad(x, ((1, 0), (2, 1)), "constant"), X2),
    ("pad int", lambda S: lambda x: S.np.pad(x, 1, "constant"), X2),
    ("split", lambda S: lambda x: S.np.split(x, 2, axis=1), X2),
    ("split indices", lambda S: lambda x: S.np.split(x, [1, 3]), X1),
    ("array_split", lambda S: lambda x: S.np.array_split(x, 3, axis=1), X2),
    ("hsplit", lambda S: lambda x: S.np.hsplit(x, 2), X2),
    ("vsplit", lambda S: lambda x: S.np.vsplit(x, [1]), X2),
    ("dsplit", lambda S: lambda x: S.np.dsplit(x, 2), X3),
    # numpy.full and numpy.array read a tensor's values before any protocol is asked (their
    # like= aside): autodiff's user calls ad.full and ad.array, as autograd's calls anp.full
    ("full", lambda S: lambda x: (ad if S is AD else S.np).full((2, 3), x), X0),
    ("linspace", lambda S: lambda a, b: S.np.linspace(a, b, 5), X0, _r()),
    ("linspace vector", lambda S: lambda a, b: S.np.linspace(a, b, 4), X1, _r(4)),
    ("getitem", lambda S: lambda x: x[1:, ::2], X2),
    ("getitem fancy", lambda S: lambda x: x[[0, 2, 2], 1], X2),
    ("getitem mask", lambda S: lambda x: x[X2 > 0], X2),
    ("stack", lambda S: lambda a, b: S.np.stack([a, b], axis=1), X2, _r(3, 4)),
    ("concatenate", lambda S: lambda a, b: S.np.concatenate([a, b], axis=1), X2, _r(3, 2)),
    ("concatenate axis None", lambda S: lambda a, b: S.np.concatenate([a, b], axis=None), X2,
     _r(3, 2)),
    ("hstack", lambda S: lambda a, b: S.np.hstack([a, b]), X1, _r(2)),
    ("vstack", lambda S: lambda a, b: S.np.vstack([a, b]), X1, _r(4)),
    ("row_stack", lambda S: lambda a, b: _quiet(S.np.row_stack, [a, b]), X1, _r(4)),
    ("column_stack", lambda S: lambda a, b: S.np.column_stack([a, b]), X1, _r(4, 2)),
    ("append", lambda S: lambda a, b: S.np.append(a, b), X2, _r(3)),
    ("append axis", lambda S: lambda a, b: S.np.append(a, b, axis=0), X2, _r(1, 4)),
    ("array", lambda S: lambda a, b: (ad if S is AD else S.np).array([[a, b], [b, a]]), X0,
     _r()),
    ("array of arrays", lambda S: lambda a, b: (ad if S is AD else S.np).array([a, b]), X1,
     _r(4)),
    ("array like", lambda S: lambda a, b: S.np.array([a, b], like=a) if S is AD else
     S.np.array([a, b]), X1, _r(4)),
    ("select", lambda S: lambda a, b: S.np.select([X2 > 0.3, X2 < -0.3], [a, b], 0.5), X2,
     _r(3, 4)),
]
for _label, _build, *_args in _SHAPE_CASES:
    _name = _label.split()[0]
    case(f"numpy.{_label}", _build, *_args, covers=f"numpy.{_name}" if _name != "getitem"
         else "numpy.__getitem__", argnums=tuple(range(len(_args))))

# --- numpy.linalg -----------------------------------------------------------------------------
M3, SPD3, B3 = _wellcond(3), _spd(3), _wellcond(3, (2,))
SYM = lambda S, f: lambda a: f(0.5 * (a + S.np.swapaxes(a, -1, -2)))         # noqa: E731
case("numpy.linalg.inv", lambda S: S.linalg.inv, M3)
case("numpy.linalg.inv batched", lambda S: S.linalg.inv, B3)
case("numpy.linalg.inv complex", lambda S: S.linalg.inv, _c(3, 3) + 3 * np.eye(3))
case("numpy.linalg.det", lambda S: S.linalg.det, M3)
case("numpy.linalg.det batched", lambda S: S.linalg.det, B3)
case("numpy.linalg.det complex", lambda S: S.linalg.det, _c(3, 3) + 3 * np.eye(3))
case("numpy.linalg.slogdet", lambda S: lambda a: S.linalg.slogdet(a)[1], M3)
case("numpy.linalg.slogdet batched", lambda S: lambda a: S.linalg.slogdet(a)[1], B3)
case("numpy.linalg.slogdet negative", lambda S: lambda a: S.linalg.slogdet(a)[1],
     -M3 - 6 * np.eye(3))
case("numpy.linalg.solve", lambda S: S.linalg.solve, M3, _r(3), argnums=(0, 1))
case("numpy.linalg.solve matrix", lambda S: S.linalg.solve, M3, _r(3, 2), argnums=(0, 1))
case("numpy.linalg.solve batched", lambda S: S.linalg.solve, B3, _r(2, 3, 2), argnums=(0, 1))
case("numpy.linalg.cholesky", lambda S: SYM(S, S.linalg.cholesky), SPD3)
case("numpy.linalg.cholesky batched", lambda S: SYM(S, S.linalg.cholesky), _spd(3, (2,)))
case("numpy.linalg.eigh values", lambda S: SYM(S, lambda a: S.linalg.eigh(a)[0]), SPD3)
case("numpy.linalg.eigh vectors", lambda S: SYM(S, lambda a: S.linalg.eigh(a)[1] ** 2), SPD3,
     covers="numpy.linalg.eigh")
case("numpy.linalg.eigh batched", lambda S: SYM(S, lambda a: S.linalg.eigh(a)[1] ** 2),
     _spd(3, (2,)), covers="numpy.linalg.eigh")
case("numpy.linalg.eigh UPLO=U", lambda S: lambda a: S.linalg.eigh(a, UPLO="U")[0], SPD3,
     covers="numpy.linalg.eigh")
case("numpy.linalg.eig values", lambda S: lambda a: S.np.real(S.linalg.eig(a)[0]),
     M3 + np.diag([0, 2.0, 5.0]), covers="numpy.linalg.eig")
case("numpy.linalg.eig vectors", lambda S: lambda a: S.np.abs(S.linalg.eig(a)[1]) ** 2,
     M3 + np.diag([0, 2.0, 5.0]), covers="numpy.linalg.eig")
case("numpy.linalg.svd values", lambda S: lambda a: S.linalg.svd(a, compute_uv=False), X2,
     covers="numpy.linalg.svd")
case("numpy.linalg.svd reduced", lambda S: lambda a: [
    u ** 2 for u in S.linalg.svd(a, full_matrices=False)], X2, covers="numpy.linalg.svd")
case("numpy.linalg.svd batched", lambda S: lambda a: [
    u ** 2 for u in S.linalg.svd(a, full_matrices=False)], X3, covers="numpy.linalg.svd")
case("numpy.linalg.svd square", lambda S: lambda a: [u ** 2 for u in S.linalg.svd(a)], M3,
     covers="numpy.linalg.svd")
case("numpy.linalg.svd complex values",
     lambda S: lambda a: S.linalg.svd(a, compute_uv=False), Z2, covers="numpy.linalg.svd")
case("numpy.linalg.pinv", lambda S: S.linalg.pinv, X2)
case("numpy.linalg.pinv batched", lambda S: S.linalg.pinv, X3)
for _kw, _x in [({}, X1), ({}, X2), ({"ord": 1}, X1), ({"ord": 2}, X1), ({"ord": np.inf}, X1),
                ({"ord": 3}, X1), ({"ord": "fro"}, X2), ({"ord": "nuc"}, X2), ({"ord": 2}, X2),
                ({"axis": 1}, X2), ({"axis": 0, "keepdims": True}, X2),
                ({"ord": 1, "axis": 1}, X2), ({"ord": 3, "axis": 0}, X2),
                ({"axis": (1, 2)}, X3), ({"ord": "fro", "axis": (0, 2)}, X3),
                ({"ord": "nuc", "axis": (1, 2)}, X3), ({}, Z2), ({"ord": 2}, Z1)]:
    case(f"numpy.linalg.norm x{'x'.join(map(str, _x.shape))}"
         f"{' complex' if np.iscomplexobj(_x) else ''} {_kw}",
         lambda S, kw=_kw: lambda x: S.linalg.norm(x, **kw), _x)

# --- numpy.fft --------------------------------------------------------------------------------
for _n, _x, _kw in [("fft", Z1, {}), ("fft", X2, {"n": 6}), ("fft", Z2, {"axis": 0}),
                    ("fft", Z1, {"norm": "ortho"}), ("ifft", Z2, {}), ("ifft", Z1, {"n": 3}),
                    ("fft2", Z2, {}), ("fft2", _c(2, 3, 4), {"axes": (0, 2)}), ("ifft2", Z2, {}),
                    ("fftn", Z2, {}), ("fftn", _c(2, 3, 4), {"s": (2, 3)}), ("ifftn", Z2, {}),
                    ("rfft", X1, {}), ("rfft", X2, {"axis": 0}), ("rfft", X1, {"n": 6}),
                    ("rfft2", X2, {}), ("rfftn", X3, {}), ("rfftn", X3, {"axes": (0, 1)}),
                    ("irfft", _c(3), {}), ("irfft", Z2, {"n": 5}), ("irfft2", Z2, {}),
                    ("irfftn", _c(2, 3, 3), {}), ("fftshift", X2, {}), ("ifftshift", X2, {}),
                    ("fftshift", Z2, {"axes": 0})]:
    case(f"numpy.fft.{_n} x{'x'.join(map(str, _x.shape))} {_kw}",
         lambda S, n=_n, kw=_kw: lambda x: getattr(S.fft, n)(x, **kw), _x)

# --- scipy.special ----------------------------------------------------------------------------
for _n in ("erf", "erfc", "expit", "gammaln", "digamma", "psi", "i0", "i1", "j0", "j1", "y0",
           "y1", "gamma", "rgamma", "gammasgn"):
    _x = (_pos(3, 4) + 0.5) if _n in ("gammaln", "digamma", "psi", "y0", "y1") else \
        _r(3, 4, lo=0.2, hi=3.0)
    unary(_n, _x, np.array(_x.flat[0]), ns="special", prefix="scipy.special")
unary("erfinv", 0.9 * X2, ns="special", prefix="scipy.special")
unary("erfcinv", X2 + 1, ns="special", prefix="scipy.special")
unary("logit", _r(3, 4, lo=0.1, hi=0.9), ns="special", prefix="scipy.special")
case("scipy.special.erf complex", lambda S: S.special.erf, 0.5 * Z2, autograd=True)
for _n in ("beta", "betaln"):
    case(f"scipy.special.{_n}", lambda S, n=_n: getattr(S.special, n), _pos(3, 4), _pos(4),
         argnums=(0, 1))
for _n in ("gammainc", "gammaincc"):
    case(f"scipy.special.{_n}", lambda S, n=_n: lambda a, x: getattr(S.special, n)(a, x),
         _pos(3, 4), _pos(4), argnums=(1,))
    case(f"scipy.special.{_n} wrt a", lambda S, n=_n: lambda a, x: getattr(S.special, n)(a, x),
         _pos(3, 4), _pos(4), argnums=(0, 1), autograd=False, rtol=1e-4,
         note="autograd has no derivative in the shape parameter a")
case("scipy.special.betainc", lambda S: lambda a, b, x: S.special.betainc(a, b, x),
     _pos(4), _pos(4), _r(4, lo=0.1, hi=0.9), argnums=(2,))
case("scipy.special.betainc wrt a,b", lambda S: lambda a, b, x: S.special.betainc(a, b, x),
     _pos(4), _pos(4), _r(4, lo=0.1, hi=0.9), argnums=(0, 1, 2), autograd=False, rtol=1e-4,
     note="autograd has no derivative in a and b")
for _n in ("jv", "yv", "iv", "ive"):
    case(f"scipy.special.{_n}", lambda S, n=_n: lambda v, x: getattr(S.special, n)(v, x),
         np.array([0.0, 1.0, 2.5]), _pos(3, 1) + 0.5, argnums=(1,),
         covers=f"scipy.special.{_n}", autograd=_n not in ("jv", "yv"),
         note=f"autograd has no {_n}" if _n in ("jv", "yv") else "")
for _n in ("jn", "yn"):
    case(f"scipy.special.{_n}", lambda S, n=_n: lambda x: getattr(S.special, n)(2, x),
         _pos(3, 4) + 0.5)
case("scipy.special.polygamma", lambda S: lambda x: S.special.polygamma(1, x), _pos(3, 4))
case("scipy.special.polygamma orders", lambda S: lambda x: S.special.polygamma(
    np.array([0, 1, 2]), x), _pos(4, 1))
case("scipy.special.multigammaln", lambda S: lambda a: S.special.multigammaln(a, 3),
     _pos(4) + 2)
case("scipy.special.multigammaln 0-d", lambda S: lambda a: S.special.multigammaln(a, 2),
     np.array(3.3))
for _kw in ({}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"b": _pos(3, 4)},
            {"axis": (0, 1)}):
    case(f"scipy.special.logsumexp {sorted(_kw)}",
         lambda S, kw=_kw: lambda x: S.special.logsumexp(x, **kw), X2)
case("scipy.special.logsumexp 0-d", lambda S: S.special.logsumexp, X0)
case("scipy.special.logsumexp return_sign",
     lambda S: lambda x: S.special.logsumexp(x, b=np.array([1.0, -0.5, 0.2, 0.3]),
                                             return_sign=True)[0], X1)

# --- scipy.linalg -----------------------------------------------------------------------------
case("scipy.linalg.sqrtm", lambda S: S.slinalg.sqrtm, _spd(3) / 3, rtol=1e-4)
case("scipy.linalg.solve_sylvester", lambda S: S.slinalg.solve_sylvester, _spd(3),
     _spd(2), _r(3, 2), argnums=(0, 1, 2))
case("scipy.linalg.solve_triangular", lambda S: lambda a, b: S.slinalg.solve_triangular(
    np.tril(a), b, lower=True), M3, _r(3, 2), argnums=(0, 1))
case("scipy.linalg.solve_triangular trans", lambda S: lambda a, b: S.slinalg.solve_triangular(
    np.triu(a), b, trans=1), M3, _r(3), argnums=(0, 1))
_BANDED = np.array([[0.0, 1.0, 0.5, 0.3], [4.0, 5.0, 6.0, 7.0], [0.2, 0.4, 0.1, 0.0]])
case("scipy.linalg.solve_banded", lambda S: lambda ab, b: S.slinalg.solve_banded(
    (1, 1), ab, b), _BANDED, _r(4), argnums=(0, 1))

# --- scipy.signal -----------------------------------------------------------------------------
for _mode in ("full", "valid", "same"):
    case(f"scipy.signal.convolve {_mode}", lambda S, m=_mode: lambda a, b: S.signal.convolve(
        a, b, mode=m), _r(6), _r(3), argnums=(0, 1))
    case(f"scipy.signal.convolve 2-d {_mode}", lambda S, m=_mode: lambda a, b: S.signal.convolve(
        a, b, mode=m), _r(4, 5), _r(2, 3), argnums=(0, 1))

# --- scipy.integrate --------------------------------------------------------------------------
_T = np.linspace(0.0, 1.0, 4)
case("scipy.integrate.odeint", lambda S: lambda y0, k: S.integrate.odeint(
    lambda y, t, k: -k * y + S.np.sin(t), y0, _T, (k,), rtol=1e-11, atol=1e-11),
     _pos(2), _pos(2), argnums=(0, 1), rtol=1e-4, order2=False)

# --- scipy.stats ------------------------------------------------------------------------------
XS, LOC, SC = _r(3, 4), _r(4), _pos(4)
for _m in ("pdf", "logpdf", "cdf", "logcdf", "sf", "logsf"):
    case(f"scipy.stats.norm.{_m}", lambda S, m=_m: getattr(S.stats.norm, m), XS, LOC, SC,
         argnums=(0, 1, 2))
    case(f"scipy.stats.norm.{_m} 0-d", lambda S, m=_m: getattr(S.stats.norm, m), X0,
         covers=f"scipy.stats.norm.{_m}")
for _m in ("pdf", "logpdf", "cdf", "logcdf"):
    case(f"scipy.stats.t.{_m}", lambda S, m=_m: getattr(S.stats.t, m), XS, _pos(4) + 1, LOC,
         SC, argnums=(0, 1, 2, 3) if "pdf" in _m else (0, 2, 3), rtol=1e-4)
for _m in ("pdf", "logpdf"):
    case(f"scipy.stats.beta.{_m}", lambda S, m=_m: getattr(S.stats.beta, m),
         _r(3, 4, lo=0.1, hi=0.9), _pos(4) + 1, _pos(4) + 1, argnums=(0, 1, 2))
    case(f"scipy.stats.gamma.{_m}", lambda S, m=_m: getattr(S.stats.gamma, m),
         _pos(3, 4), _pos(4) + 1, argnums=(0, 1))
    case(f"scipy.stats.chi2.{_m}", lambda S, m=_m: getattr(S.stats.chi2, m),
         _pos(3, 4), _pos(4) + 1, argnums=(0, 1))
case("scipy.stats.beta.cdf", lambda S: S.stats.beta.cdf, _r(3, 4, lo=0.1, hi=0.9), _pos(4) + 1,
     _pos(4) + 1, argnums=(0,))
case("scipy.stats.gamma.cdf", lambda S: S.stats.gamma.cdf, _pos(3, 4), _pos(4) + 1,
     argnums=(0,))
case("scipy.stats.chi2.cdf", lambda S: S.stats.chi2.cdf, _pos(3, 4), _pos(4) + 1, argnums=(0,))
_K = np.array([0.0, 1.0, 3.0, 5.0])
for _m in ("pmf", "logpmf", "cdf"):
    case(f"scipy.stats.poisson.{_m}", lambda S, m=_m: lambda mu: getattr(S.stats.poisson, m)(
        _K, mu), _pos(3, 4) + 1)
_ALPHA, _SIMPLEX = _pos(3) + 1, np.array([0.2, 0.5, 0.3])
for _m in ("pdf", "logpdf"):
    case(f"scipy.stats.dirichlet.{_m}", lambda S, m=_m: lambda s, a: getattr(
        S.stats.dirichlet, m)(s / S.np.sum(s), a), _SIMPLEX, _ALPHA, argnums=(0, 1))
_MU, _COV = _r(3), _spd(3)
for _m in ("pdf", "logpdf"):
    case(f"scipy.stats.multivariate_normal.{_m}",
         lambda S, m=_m: lambda x, mu, cov: getattr(S.stats.multivariate_normal, m)(
             x, mu, 0.5 * (cov + cov.T)), _r(4, 3), _MU, _COV, argnums=(0, 1, 2))
    case(f"scipy.stats.multivariate_normal.{_m} 1 point",
         lambda S, m=_m: lambda x, mu, cov: getattr(S.stats.multivariate_normal, m)(
             x, mu, 0.5 * (cov + cov.T)), _r(3), _MU, _COV, argnums=(0, 1, 2))
    case(f"scipy.stats.multivariate_normal.{_m} allow_singular",
         lambda S, m=_m: lambda x, mu, cov: getattr(S.stats.multivariate_normal, m)(
             x, mu, 0.5 * (cov + cov.T), allow_singular=True), _r(4, 3), _MU, _COV,
         argnums=(0, 1, 2))
case("scipy.stats.multivariate_normal.entropy",
     lambda S: lambda mu, cov: S.stats.multivariate_normal.entropy(mu, 0.5 * (cov + cov.T)),
     _MU, _COV, argnums=(1,))

# --- harder corners: complex linear algebra, more keywords and shapes ------------------------
ZM3 = _c(3, 3) + 3 * np.eye(3)
HPD3 = ZM3 @ ZM3.conj().T + np.eye(3)
HERM = lambda S, f: lambda a: f(0.5 * (a + S.np.conj(S.np.swapaxes(a, -1, -2))))  # noqa: E731
case("numpy.linalg.solve complex", lambda S: S.linalg.solve, ZM3, _c(3, 2), argnums=(0, 1))
case("numpy.linalg.slogdet complex", lambda S: lambda a: S.linalg.slogdet(a)[1], ZM3)
case("numpy.linalg.cholesky complex", lambda S: HERM(S, S.linalg.cholesky), HPD3)
case("numpy.linalg.eigh complex values", lambda S: HERM(S, lambda a: S.linalg.eigh(a)[0]), HPD3,
     covers="numpy.linalg.eigh")
case("numpy.linalg.eigh complex vectors", lambda S: HERM(S, lambda a: S.np.abs(
    S.linalg.eigh(a)[1]) ** 2), HPD3, covers="numpy.linalg.eigh")
case("numpy.linalg.svd complex vectors", lambda S: lambda a: [
    S.np.abs(u) ** 2 for u in S.linalg.svd(a, full_matrices=False)], Z2,
     covers="numpy.linalg.svd")
case("numpy.linalg.svd wide", lambda S: lambda a: [
    u ** 2 for u in S.linalg.svd(a, full_matrices=False)], X2.T, covers="numpy.linalg.svd")
case("numpy.linalg.eig complex", lambda S: lambda a: S.linalg.eig(a)[0], ZM3,
     covers="numpy.linalg.eig")
case("numpy.linalg.eig batched", lambda S: lambda a: S.np.real(S.linalg.eig(a)[0]),
     _wellcond(3, (2,)) + np.diag([0, 2.0, 5.0]), covers="numpy.linalg.eig")
case("numpy.linalg.pinv complex", lambda S: S.linalg.pinv, Z2)
case("numpy.linalg.inv 0 batch", lambda S: S.linalg.inv, _wellcond(2, (2, 2)))
for _kw in ({"ord": -np.inf}, {"ord": 0.5}, {"ord": -1}):
    case(f"numpy.linalg.norm x4 {_kw}", lambda S, kw=_kw: lambda x: S.linalg.norm(x, **kw),
         _pos(4))
for _kw in ({"ord": 1}, {"ord": np.inf}, {"ord": -2}, {"ord": -1}, {"ord": "fro"}):
    case(f"numpy.linalg.norm x3x3 {_kw}", lambda S, kw=_kw: lambda x: S.linalg.norm(x, **kw),
         M3)
case("numpy.linalg.norm complex nuc", lambda S: lambda x: S.linalg.norm(x, "nuc"), Z2)
case("numpy.linalg.norm 0-d", lambda S: S.linalg.norm, X0)
case("numpy.prod with a zero", lambda S: lambda x: S.np.prod(x, axis=1),
     np.array([[0.0, 2.0, 3.0], [1.5, 0.5, -2.0]]))
case("numpy.sum dtype", lambda S: lambda x: S.np.sum(x, dtype=np.float64), X2)
case("numpy.mean keepdims", lambda S: lambda x: S.np.mean(x, axis=(0, 1), keepdims=True), X3)
case("numpy.max complex-free ties-free 3-d", lambda S: lambda x: S.np.max(x, axis=(1, 2)), X3,
     covers="numpy.max")
case("numpy.cumsum 0-d", lambda S: S.np.cumsum, X0)
case("numpy.var complex 2", lambda S: lambda x: S.np.var(x), Z2, covers="numpy.var")
for _n, _kw in [("fft", {"norm": "forward"}), ("ifft", {"norm": "ortho"}),
                ("rfft", {"norm": "ortho"}), ("irfft", {"norm": "forward"}),
                ("fft2", {"s": (2, 5)}), ("ifftn", {"axes": (0,)}), ("rfft2", {"s": (3, 6)}),
                ("irfftn", {"s": (3, 4), "axes": (0, 1)}), ("irfft", {"n": 6, "axis": 0}),
                ("ifftshift", {"axes": (1,)})]:
    _x = X2 if _n.startswith("rfft") or _n == "ifftshift" else Z2
    case(f"numpy.fft.{_n} x3x4 {_kw}", lambda S, n=_n, kw=_kw: lambda x: getattr(S.fft, n)(
        x, **kw), _x)
case("numpy.fft.fft batched rows", lambda S: lambda x: S.fft.fft(x, axis=-1), _c(2, 3, 4),
     covers="numpy.fft.fft")
case("numpy.fft.rfft odd", lambda S: S.fft.rfft, _r(5), covers="numpy.fft.rfft")
case("numpy.fft.irfft odd n", lambda S: lambda z: S.fft.irfft(z, n=5), _c(3),
     covers="numpy.fft.irfft")
case("numpy.einsum three operands", lambda S: lambda a, b, c: S.np.einsum(
    "ij,jk,k->i", a, b, c), X2, _r(4, 2), _r(2), argnums=(0, 1, 2), covers="numpy.einsum")
case("numpy.einsum complex", lambda S: lambda a, b: S.np.einsum("ij,j->i", a, b), Z2, Z1,
     argnums=(0, 1), covers="numpy.einsum")
case("numpy.tensordot complex", lambda S: lambda a, b: S.np.tensordot(a, b, 1), Z2, _c(4, 2),
     argnums=(0, 1), covers="numpy.tensordot")
case("numpy.inner complex", lambda S: S.np.inner, Z2, _c(2, 4), argnums=(0, 1))
case("numpy.outer complex", lambda S: S.np.outer, Z1, _c(3), argnums=(0, 1))
case("numpy.kron complex", lambda S: S.np.kron, Z1, _c(2), argnums=(0, 1))
case("numpy.cross complex", lambda S: S.np.cross, _c(2, 3), _c(2, 3), argnums=(0, 1))
case("numpy.where complex", lambda S: lambda x, y: S.np.where(X2 > 0, x, y), Z2, _c(3, 4),
     argnums=(0, 1))
case("numpy.sort 0-d-free 1-d", lambda S: S.np.sort, X1, covers="numpy.sort")
case("numpy.linspace endpoint", lambda S: lambda a, b: S.np.linspace(a, b, 4, endpoint=False),
     X0, _r(), argnums=(0, 1), covers="numpy.linspace")
case("numpy.diag 2-d offset", lambda S: lambda x: S.np.diag(x, -1), _r(3, 3),
     covers="numpy.diag")
case("numpy.pad per-axis int pairs", lambda S: lambda x: S.np.pad(x, (1, 2)), X1,
     covers="numpy.pad")
case("numpy.pad constant_values", lambda S: lambda x: S.np.pad(x, 1, constant_values=2.0), X1,
     covers="numpy.pad")
case("numpy.repeat per-element", lambda S: lambda x: S.np.repeat(x, [1, 0, 2], axis=0), X2,
     covers="numpy.repeat")
case("numpy.squeeze 0-d", lambda S: S.np.squeeze, _r(1, 1), covers="numpy.squeeze")
case("numpy.abs 0-d complex", lambda S: S.np.abs, np.array(0.3 - 0.4j), covers="numpy.abs")
case("numpy.sqrt 0-d complex", lambda S: S.np.sqrt, np.array(-0.3 + 0.4j), covers="numpy.sqrt")
case("numpy.power complex 0-d base real exponent", lambda S: S.np.power, np.array(0.3 + 0.8j),
     _r(), argnums=(0, 1), covers="numpy.power")
case("numpy.stack complex", lambda S: lambda a, b: S.np.stack([a, b]), Z2, _c(3, 4),
     argnums=(0, 1), covers="numpy.stack")
case("numpy.clip array bounds", lambda S: lambda x: S.np.clip(x, -X1 * 0.5 - 0.1, 0.6), X2,
     covers="numpy.clip")
case("numpy.trace complex", lambda S: S.np.trace, ZM3, covers="numpy.trace")
case("numpy.diff complex", lambda S: S.np.diff, Z2, covers="numpy.diff")
case("numpy.roll tuple", lambda S: lambda x: S.np.roll(x, (1, -2), axis=(0, 1)), X2,
     covers="numpy.roll")
case("scipy.special.logsumexp complex-free b broadcast", lambda S: lambda x, b: S.special.logsumexp(
    x, b=b, axis=1), X2, _pos(4), argnums=(0, 1), covers="scipy.special.logsumexp")
case("scipy.special.expit 0-d big", lambda S: S.special.expit, np.array(30.0),
     covers="scipy.special.expit")
case("scipy.special.gammaln negative", lambda S: S.special.gammaln, np.array([-0.5, -1.3, -2.7]),
     covers="scipy.special.gammaln")
case("scipy.special.digamma negative", lambda S: S.special.digamma, np.array([-0.5, -1.3]),
     covers="scipy.special.digamma")
case("scipy.special.polygamma 0-d", lambda S: lambda x: S.special.polygamma(2, x),
     np.array(1.7), covers="scipy.special.polygamma")
case("scipy.special.jn negative x", lambda S: lambda x: S.special.jn(3, x), -_pos(4),
     covers="scipy.special.jn")
case("scipy.special.iv negative order", lambda S: lambda x: S.special.iv(-1.5, x), _pos(4),
     covers="scipy.special.iv")
case("scipy.special.beta 0-d", lambda S: S.special.beta, np.array(1.5), np.array(2.5),
     argnums=(0, 1), covers="scipy.special.beta")
case("scipy.stats.norm.logcdf far tail", lambda S: S.stats.norm.logcdf,
     np.array([-30.0, -8.0, 5.0]), covers="scipy.stats.norm.logcdf")
case("scipy.stats.norm.logsf far tail", lambda S: S.stats.norm.logsf,
     np.array([30.0, 8.0, -5.0]), covers="scipy.stats.norm.logsf")
case("scipy.stats.t.logpdf 0-d", lambda S: S.stats.t.logpdf, X0, np.array(3.0),
     argnums=(0, 1), covers="scipy.stats.t.logpdf")
case("scipy.stats.gamma.logpdf scale", lambda S: lambda x, a, sc: S.stats.gamma.logpdf(
    x, a, 0.0, sc), _pos(4), _pos(4) + 1, _pos(4), argnums=(0, 1, 2),
     covers="scipy.stats.gamma.logpdf", autograd=False,
     note="autograd's gamma.logpdf has no derivative in loc or scale")
case("scipy.stats.beta.logpdf loc scale", lambda S: lambda x, a, b, sc: S.stats.beta.logpdf(
    x, a, b, 0.0, sc), _r(4, lo=0.1, hi=0.9), _pos(4) + 1, _pos(4) + 1, _pos(4) + 1,
     argnums=(0, 1, 2, 3), covers="scipy.stats.beta.logpdf", autograd=False,
     note="autograd's beta.logpdf has no derivative in loc or scale")
case("scipy.stats.poisson.logpmf loc", lambda S: lambda mu: S.stats.poisson.logpmf(
    _K + 1, mu, 1), _pos(4) + 1, covers="scipy.stats.poisson.logpmf")
case("scipy.stats.dirichlet.logpdf batch", lambda S: lambda s, a: S.stats.dirichlet.logpdf(
    s / S.np.sum(s, axis=0), a), np.array([[0.2, 0.3], [0.5, 0.4], [0.3, 0.3]]), _ALPHA,
     argnums=(0, 1), covers="scipy.stats.dirichlet.logpdf")
case("scipy.stats.multivariate_normal.logpdf diagonal cov", lambda S: lambda x, mu, d:
     S.stats.multivariate_normal.logpdf(x, mu, d), _r(4, 3), _MU, _pos(3), argnums=(0, 1, 2),
     covers="scipy.stats.multivariate_normal.logpdf", autograd=False,
     note="autograd's multivariate_normal needs a 2-d cov")
case("scipy.stats.multivariate_normal.logpdf scalar cov", lambda S: lambda x, mu, v:
     S.stats.multivariate_normal.logpdf(x, mu, v), _r(4, 3), _MU, np.array(1.7),
     argnums=(0, 1, 2), covers="scipy.stats.multivariate_normal.logpdf", autograd=False,
     note="autograd's multivariate_normal needs a 2-d cov")
case("scipy.stats.multivariate_normal.entropy mean", lambda S: lambda cov:
     S.stats.multivariate_normal.entropy(None, 0.5 * (cov + cov.T)), _COV,
     covers="scipy.stats.multivariate_normal.entropy")
case("scipy.signal.convolve complex", lambda S: lambda a, b: S.signal.convolve(a, b), _c(5),
     _c(3), argnums=(0, 1), covers="scipy.signal.convolve")
case("scipy.signal.convolve 3-d valid", lambda S: lambda a, b: S.signal.convolve(
    a, b, mode="valid"), X3, _r(1, 2, 2), argnums=(0, 1), covers="scipy.signal.convolve")
case("scipy.linalg.sqrtm complex-free nonsymmetric", lambda S: S.slinalg.sqrtm,
     _wellcond(3) / 3 + np.eye(3), rtol=1e-4, covers="scipy.linalg.sqrtm")
case("scipy.linalg.solve_sylvester nonsymmetric", lambda S: S.slinalg.solve_sylvester,
     _wellcond(3), _wellcond(2), _r(3, 2), argnums=(0, 1, 2),
     covers="scipy.linalg.solve_sylvester")
case("scipy.integrate.odeint vector field with matrix", lambda S: lambda y0, A: S.integrate.odeint(
    lambda y, t, A: S.np.dot(A, y), y0, _T, (A,), rtol=1e-11, atol=1e-11), _pos(2),
     -_spd(2) / 4, argnums=(0, 1), rtol=1e-4, order2=False, covers="scipy.integrate.odeint")

# ---------------------------------------------------------------------------------------------
# What autograd registers that is no numpy or scipy function a user calls: its own helpers,
# reached through the public functions above.
AUTOGRAD_INTERNAL = {
    "numpy.array_from_args": "numpy.array", "numpy.concatenate_args": "numpy.concatenate",
    "numpy.make_diagonal": "autograd's own (not numpy); numpy.diag covers the use",
    "numpy.fft.truncate_pad": "the fft's n= argument",
}
# The functions autograd's numpy wrapper builds from its primitives (differentiable by
# composition), which a user calls like any other.
AUTOGRAD_COMPOSITES = ("numpy.append", "numpy.array", "numpy.column_stack", "numpy.concatenate",
                       "numpy.hstack", "numpy.mean", "numpy.row_stack", "numpy.select",
                       "numpy.stack", "numpy.std", "numpy.var", "numpy.vstack",
                       "numpy.where", "numpy.__getitem__")

# Cases where autograd is wrong and autodiff right, judged by finite differences; the sweep
# checks both claims every run. id -> the evidence.
AUTOGRAD_WRONG: dict[str, str] = {
    "numpy.where": "the gradient of y (shape (4,), broadcast against (3, 4)) comes back with "
                   "shape (3, 4): autograd does not sum it over the broadcast axis",
    "numpy.cross": "the same for b, shape (3,) against a of shape (4, 3)",
    "numpy.split": "split into two equal halves along axis 1: autograd's gradient repeats the "
                   "first half's columns (0.9885, -2.7979, 0.9885, -2.7979 where FD gives "
                   "0.9885, -2.7979, -1.9129, 2.5871)",
    "numpy.hsplit": "the same defect as numpy.split",
    "numpy.dsplit": "the same defect as numpy.split",
    "numpy.linalg.norm x4 {'ord': inf}": "autograd's gradient is all nan (it divides by "
                                         "ans ** (ord - 1)); FD gives sign(x) at the largest "
                                         "|x| and 0 elsewhere",
    "numpy.linalg.norm x3x4 {'axis': 0, 'keepdims': True}": "autograd's gradient has shape "
                                                            "(1, 3, 4), not x's (3, 4)",
    "numpy.fft.rfft x4 {'n': 6}": "zero-padding (n > len): autograd's gradient is off by up to "
                                  "50% (0.8867 where FD gives 0.9548)",
    "numpy.fft.irfft x3x4 {'norm': 'forward'}": "autograd's irfft gradient ignores norm=",
    "numpy.linalg.cholesky complex": "autograd's cholesky gradient is the real formula: wrong "
                                     "for a Hermitian complex matrix",
    "numpy.linalg.pinv complex": "autograd's pinv gradient misses the conjugate transposes",
    "numpy.prod with a zero": "autograd computes g * prod / x: nan where x == 0; FD gives the "
                              "product of the others",
    "scipy.special.iv": "x (3, 1) against v (3,): autograd's gradient comes back (3, 3), not "
                        "summed over the broadcast axis",
    "scipy.special.ive": "the same defect as scipy.special.iv",
    "scipy.special.polygamma orders": "the same broadcast defect for x against n",
}

# Cases beyond autograd (it has no derivative there) that autodiff refuses with a clear
# error naming the argument: the derivative in a shape parameter has no closed form.
BEYOND_AUTOGRAD: dict[str, str] = {
    "scipy.special.gammainc wrt a": "NoClosedFormError", "scipy.special.gammaincc wrt a":
    "NoClosedFormError", "scipy.special.betainc wrt a,b": "NoClosedFormError",
}

# Cases autodiff fails today, owned by someone else's work in progress. id -> who.
FIXED_ELSEWHERE: dict[str, str] = {}


# ---------------------------------------------------------------------------------------------
# The sweep.

def autograd_functions() -> set:
    """The public names of everything autograd has a derivative rule for (VJP or JVP), each
    function once (aliases such as ``acos``/``arccos`` are both kept: a user may call either)."""
    rules = set(primitive_vjps) | set(primitive_jvps)
    seen, names = set(), set()
    mods = ["numpy", "numpy.linalg", "numpy.fft", "scipy.special", "scipy.linalg",
            "scipy.signal", "scipy.integrate"] + [f"scipy.stats.{m}" for m in _STATS]
    for mod_name in mods:
        mod = importlib.import_module("autograd." + mod_name)
        for attr in sorted(dir(mod)):
            value = getattr(mod, attr)
            try:
                if attr.startswith("_") or value not in rules:
                    continue
            except TypeError:
                continue
            # scipy.stats.t re-exports special.psi and so on: counted once, where it lives
            if id(value) in seen and mod_name.startswith("scipy.stats"):
                continue
            seen.add(id(value))
            names.add(f"{mod_name}.{attr}")
    names -= set(AUTOGRAD_INTERNAL)
    return names | set(AUTOGRAD_COMPOSITES)


def _leaves(out):
    if isinstance(out, (list, tuple)):
        return [leaf for o in out for leaf in _leaves(o)]
    return [out]


def _plain(out):
    return [np.asarray(leaf._data if isinstance(leaf, ad.Tensor) else leaf) for leaf in
            _leaves(out)]


def _weights(values, seed):
    wr = np.random.default_rng(seed)
    return [(wr.normal(size=np.shape(v)), wr.normal(size=np.shape(v))
             if np.iscomplexobj(v) else None) for v in values]


def _scalar(f, weights, S):
    """``sum(w * re f) + sum(w' * im f)`` over the outputs, in namespace ``S``."""
    def loss(*args):
        """The weighted sum of ``f``'s outputs."""
        total = 0.0
        for leaf, (wr, wi) in zip(_leaves(f(*args)), weights):
            total = total + S.np.sum(wr * S.np.real(leaf))
            if wi is not None:
                total = total + S.np.sum(wi * S.np.imag(leaf))
        return total
    return loss


def _fd_grad(loss, args, i, eps):
    """Central differences of the real ``loss`` in ``args[i]``: ``dL/dx - i dL/dy`` for a
    complex argument (the convention of ``ad.grad`` and autograd)."""
    x = np.asarray(args[i])
    g = np.zeros(x.shape, dtype=x.dtype)
    parts = (1.0, 1j) if np.iscomplexobj(x) else (1.0,)
    for idx in np.ndindex(x.shape or ()):
        for part in parts:
            h = eps * max(1.0, abs(x[idx]))
            plus, minus = x.copy(), x.copy()
            plus[idx] += part * h
            minus[idx] -= part * h
            d = (float(np.real(loss(*args[:i], plus, *args[i + 1:])))
                 - float(np.real(loss(*args[:i], minus, *args[i + 1:])))) / (2 * h)
            g[idx] += d if part == 1.0 else -1j * d
    return g


def _fd_dir(f, args, argnums, tangents, eps):
    def shifted(s):
        """``f`` with the differentiated arguments moved by ``s`` along the tangents."""
        moved = list(args)
        for i, t in zip(argnums, tangents):
            moved[i] = args[i] + s * t
        return _plain(f(*moved))
    return [(p - m) / (2 * eps) for p, m in zip(shifted(eps), shifted(-eps))]


def _close(a, b, rtol):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(b), initial=0.0)))
    return bool(np.allclose(a, b, rtol=rtol, atol=rtol * scale, equal_nan=True))


def _err(e):
    return f"{type(e).__name__}: {str(e).splitlines()[0][:150] if str(e) else ''}"


def run_case(c: Case) -> dict:
    """Check one case; returns ``{"status": ..., "detail": ...}``. Statuses: ``ok``,
    ``missing`` (autodiff refuses the call), ``value``, ``rev``, ``fwd``, ``order2`` (that
    check disagrees with finite differences), ``autograd-wrong`` (autodiff agrees with finite
    differences, autograd does not)."""
    f_ad = c.build(AD)
    f_ag = c.build(AG) if c.autograd else None
    f_np = c.build(AG) if c.autograd else f_ad          # autograd's wrappers run plain numpy
    args = tuple(np.asarray(a) for a in c.args)
    report = {"case": c.id, "covers": c.covers, "status": "ok", "detail": "", "autograd": ""}
    try:
        ref = _plain(f_np(*args))
    except Exception as e:          # noqa: BLE001 - the reference itself cannot run
        return dict(report, status="reference", detail=_err(e))
    try:
        got = _plain(f_ad(*args))
    except Exception as e:          # noqa: BLE001
        return dict(report, status="missing", detail=_err(e))
    if len(got) != len(ref) or not all(_close(g, r, 1e-7) for g, r in zip(got, ref)):
        return dict(report, status="value", detail=f"{got} vs {ref}")
    weights = _weights(ref, hash(c.id) % 2**32)
    loss_ad, loss_np = _scalar(f_ad, weights, AD), _scalar(f_np, weights, AG if c.autograd
                                                             else AD)
    eps = 1e-6
    try:
        fd = [_fd_grad(loss_np if c.autograd else loss_ad, args, i, eps) for i in c.argnums]
    except Exception as e:          # noqa: BLE001
        return dict(report, status="reference", detail="finite differences: " + _err(e))
    try:
        rev = ad.grad(loss_ad, argnums=tuple(c.argnums))(*args)
    except Exception as e:          # noqa: BLE001
        return dict(report, status="missing", detail="grad: " + _err(e))
    bad = [i for i, r, d in zip(c.argnums, rev, fd) if not _close(r, d, c.rtol)]
    if c.autograd:
        try:
            agg = [autograd.grad(loss_np, i)(*args) for i in c.argnums]
            wrong = [i for i, a, d in zip(c.argnums, agg, fd) if not _close(a, d, c.rtol)]
            if wrong:
                report["autograd"] = f"autograd's grad in args {wrong} disagrees with FD"
        except Exception as e:      # noqa: BLE001
            report["autograd"] = "autograd raises " + _err(e)
    if bad:
        return dict(report, status="rev", detail=f"args {bad}: {rev} vs FD {fd}")
    tr = np.random.default_rng(7)
    tangents = [tr.normal(size=args[i].shape) + (1j * tr.normal(size=args[i].shape)
                if np.iscomplexobj(args[i]) else 0) for i in c.argnums]

    def only(*xs):
        """``f`` of the differentiated arguments alone."""
        full = list(args)
        for i, x in zip(c.argnums, xs):
            full[i] = x
        return f_ad(*full)
    try:
        out, tan = ad.jvp(only, tuple(args[i] for i in c.argnums), tuple(tangents))
    except Exception as e:          # noqa: BLE001
        return dict(report, status="missing", detail="jvp: " + _err(e))
    fd_dir = _fd_dir(f_np, args, c.argnums, tangents, eps)
    tan = _plain(tan)
    if len(tan) != len(fd_dir) or not all(_close(t, d, c.rtol) for t, d in zip(tan, fd_dir)):
        return dict(report, status="fwd", detail=f"{tan} vs FD {fd_dir}")
    if c.order2:
        grad_ad = ad.grad(loss_ad, argnums=tuple(c.argnums))
        try:
            _, hv = ad.jvp(lambda *xs: grad_ad(*[
                xs[c.argnums.index(i)] if i in c.argnums else a for i, a in enumerate(args)]),
                tuple(args[i] for i in c.argnums), tuple(tangents))
        except Exception as e:      # noqa: BLE001
            return dict(report, status="order2", detail="jvp of grad: " + _err(e))
        h = 1e-5

        def moved(s):
            """``ad.grad`` at the arguments moved by ``s`` along the tangents."""
            full = list(args)
            for i, t in zip(c.argnums, tangents):
                full[i] = args[i] + s * t
            return [np.asarray(g) for g in grad_ad(*full)]
        fd2 = [(p - m) / (2 * h) for p, m in zip(moved(h), moved(-h))]
        if not all(_close(a, b, 1e3 * c.rtol) for a, b in zip(_plain(hv), fd2)):
            return dict(report, status="order2", detail=f"{_plain(hv)} vs FD {fd2}")
    if report["autograd"].startswith("autograd's grad"):
        report["status"] = "autograd-wrong"
    return report


def quietly(check, *args):
    """``check(*args)`` without floating-point warnings (autograd's nan gradients warn)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        return check(*args)


def sweep(cases=None) -> list[dict]:
    """Run every case (or those given); one report each."""
    return [quietly(run_case, c) for c in (CASES if cases is None else cases)]


def summary(results) -> dict:
    """Functions covered (every case of theirs passes, autograd's errors aside) out of the
    enumerated total, and the cases that disagree."""
    total = autograd_functions()
    failing = {r["covers"] for r in results if r["status"] not in ("ok", "autograd-wrong")
               and r["case"] not in BEYOND_AUTOGRAD}
    having = {r["covers"] for r in results}
    return {"functions": len(total), "with a case": len(total & having),
            "all cases pass": len((total & having) - failing), "cases": len(results),
            "cases failing": sum(r["status"] not in ("ok", "autograd-wrong")
                                 and r["case"] not in BEYOND_AUTOGRAD for r in results),
            "beyond autograd, refused": sum(r["case"] in BEYOND_AUTOGRAD
                                            and r["status"] != "ok" for r in results),
            "autograd wrong": sum(r["status"] == "autograd-wrong" for r in results),
            "no case": sorted(total - having)}


# ---------------------------------------------------------------------------------------------
# The tests.

needs_autograd = pytest.mark.skipif(autograd is None, reason="HIPS autograd is not installed")


@needs_autograd
def test_every_autograd_function_has_a_case():
    missing = autograd_functions() - {c.covers for c in CASES}
    assert not missing, f"autograd differentiates these, the sweep has no case: {sorted(missing)}"


@needs_autograd
@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_parity(c):
    result = quietly(run_case, c)
    if c.id in FIXED_ELSEWHERE and result["status"] != "ok":
        pytest.xfail(FIXED_ELSEWHERE[c.id])
    if c.id in AUTOGRAD_WRONG:
        assert result["status"] == "autograd-wrong", (result, AUTOGRAD_WRONG[c.id])
        return
    if c.id in BEYOND_AUTOGRAD and result["status"] == "missing":
        assert BEYOND_AUTOGRAD[c.id] in result["detail"], result
        return
    assert result["status"] == "ok", result


def main(argv):
    """Print the sweep's table: every failing case (``-v``: every case) and the summary."""
    results = sweep()
    for r in results:
        if "-v" in argv or r["status"] != "ok":
            print(f"{r['status']:15} {r['case']:55} {r['detail'][:200]} {r['autograd']}")
    for key, value in summary(results).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
