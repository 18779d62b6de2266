"""The differential fuzzer's machinery: random straight-line programs, the engines that run them,
and the tolerance model that compares them (``test_fuzz.py`` holds the tests).

A program is a list of steps ``v{k} = <expression>`` over the inputs ``x0, x1, x2``. Every step
is drawn from :data:`SPECS` (every primitive of the registry and autodiff.scipy's composites,
with valid domains) and written one of four ways: ``ad.f(v)`` (or ``autodiff.scipy``'s
``special``, ``stats``, ``linalg``, ``signal``, ``integrate``), ``v.f()``, ``np.f(v)`` (``np.fft``
and ``np.linalg`` included) or a Python operator. The same program has three sources:

- the *tested* source, run on tensors by every engine;
- the *reference* source, plain numpy/scipy, run in float64 by finite differences (it never goes
  through autodiff's rules);
- the *torch* source, when every step has a PyTorch equivalent.

Every engine runs the tested source (float64 programs also through ``ad.jit``, recorded and
replayed). Stateful PyTorch-style programs (in-place writes, views, ``no_grad``) are
``fuzz_twins.py``'s.

A failure message carries a one-line repro: the program inlined into one lambda, and the inputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import scipy.integrate as sint
import scipy.linalg as sla
import scipy.signal as ssig
import scipy.special as sps
import scipy.stats as sst

import autodiff as ad
import autodiff.scipy.integrate as adint
import autodiff.scipy.linalg as adl
import autodiff.scipy.signal as adsig
import autodiff.scipy.special as ads
import autodiff.scipy.stats as adst

_TORCH = []


def torch_module():
    """PyTorch when it is installed (imported on first use: it is slow to import), else None."""
    if not _TORCH:
        try:
            import torch
        except Exception:              # noqa: BLE001  (any import problem means "no torch")
            torch = None
        _TORCH.append(torch)
    return _TORCH[0]

WAYS = ("ad", "method", "np", "op")


# == op specs =====================================================================================
@dataclass
class Spec:
    """One op the fuzzer can draw.

    ``ways`` maps a way of reaching the op (``"ad"``, ``"method"``, ``"np"``, ``"op"``) to a
    template over the arguments ``{0}, {1}`` and the drawn parameters ``{axis}`` etc.; ``ref`` is
    the same op in plain numpy/scipy; ``torch`` in PyTorch (None: no equivalent). ``prep`` maps
    each argument into the op's domain with smooth numpy (``"(1.25 + np.sin({}))"``), written in
    every source alike. ``params(rng_draw, shapes)`` draws static parameters or returns None
    when the op does not apply to these shapes. ``kink(*args, **params)`` gives the distance of
    the reference arguments to the nearest point where the op is not differentiable (a kink, a
    tie), so points too close are skipped. ``order``: highest derivative order that is smooth.
    """
    name: str
    arity: int
    ways: dict
    ref: str
    torch: str | None = None
    prep: tuple = ()
    params: Callable | None = None
    kink: Callable | None = None
    order: int = 2
    complex_ok: bool = False
    dtypes: tuple = ()           # the program dtypes it is drawn in (empty: all)
    engine_rtol: float = 1e-10   # engines against each other (a numerical solver's adjoint: more)


SPECS: list[Spec] = []


class R:
    """Reference helpers where numpy/scipy alone would mean something else."""

    @staticmethod
    def logsumexp(x, axis=None, keepdims=False):
        # scipy's gives shape (1,) for a 0-d x with axis=()
        m = np.max(x, axis=axis, keepdims=True) if np.size(x) else np.zeros(())
        s = np.sum(np.exp(x - m), axis=axis, keepdims=keepdims)
        return np.log(s) + np.reshape(m, np.shape(s)) if np.size(m) == np.size(s) else \
            np.log(s) + np.squeeze(m)

    @staticmethod
    def running(func, x, axis):
        """numpy's running total, with PyTorch's dim 0 of a 0-d tensor (the tensor itself)."""
        if np.ndim(x) == 0 and axis is not None:
            return np.asarray(x)
        return func(x, axis=axis)

POS = "(1.25 + np.sin({}))"          # (0.25, 2.25)
UNIT = "(0.9 * np.sin({}))"          # (-0.9, 0.9)
GT1 = "(1.2 + np.square({}))"        # [1.2, inf)
OPEN01 = "(0.5 + 0.4 * np.sin({}))"  # (0.1, 0.9)


def unary(name, *, ad_=None, method=None, np_=None, op=None, ref=None, torch=None, prep=None,
          kink=None, order=2, complex_ok=False):
    ways = {}
    if ad_:
        ways["ad"] = ad_ + "({0})"
    if method:
        ways["method"] = "{0}." + method + "()"
    if np_:
        ways["np"] = np_ + "({0})"
    if op:
        ways["op"] = op
    SPECS.append(Spec(name, 1, ways, ref or (np_ + "({0})"), torch,
                      (prep,) if prep else (), None, kink, order, complex_ok))


def _abs_dist(x, **kw):
    return np.abs(x)


for _n, _kw in [
        ("exp", dict(torch="T.exp({0})", complex_ok=True)),
        ("log", dict(prep=POS, torch="T.log({0})")),
        ("sin", dict(torch="T.sin({0})", complex_ok=True)),
        ("cos", dict(torch="T.cos({0})", complex_ok=True)),
        ("tanh", dict(torch="T.tanh({0})", complex_ok=True)),
        ("sqrt", dict(prep=POS, torch="T.sqrt({0})")),
        ("abs", dict(torch="T.abs({0})", op="abs({0})", kink=_abs_dist, order=1)),
        ("expm1", dict(torch="T.expm1({0})")),
        ("log1p", dict(prep=UNIT, torch="T.log1p({0})")),
        ("log2", dict(prep=POS, torch="T.log2({0})")),
        ("log10", dict(prep=POS, torch="T.log10({0})")),
        ("cbrt", dict(method=None, prep=POS, torch="T.pow({0}, 1 / 3)")),
        ("square", dict(torch="T.square({0})", complex_ok=True)),
        ("reciprocal", dict(prep=POS, torch="T.reciprocal({0})")),
        ("tan", dict(prep=UNIT, torch="T.tan({0})")),
        ("arcsin", dict(prep=UNIT, torch="T.asin({0})")),
        ("arccos", dict(prep=UNIT, torch="T.acos({0})")),
        ("arctan", dict(torch="T.atan({0})")),
        ("sinh", dict(torch="T.sinh({0})")),
        ("cosh", dict(torch="T.cosh({0})")),
        ("arcsinh", dict(torch="T.asinh({0})", method=None)),
        ("arccosh", dict(prep=GT1, torch="T.acosh({0})", method=None)),
        ("arctanh", dict(prep=UNIT, torch="T.atanh({0})", method=None)),
        ("negative", dict(op="(-{0})", torch="(-{0})", complex_ok=True))]:
    _method = _kw.pop("method", _n)
    if _method and not hasattr(ad.Tensor, _method):
        _method = None
    unary(_n, ad_=f"ad.{_n}" if hasattr(ad, _n) else None, method=_method, np_=f"np.{_n}",
          **_kw)

unary("sigmoid", ad_="ad.sigmoid", method="sigmoid", np_="sps.expit", torch="T.sigmoid({0})")
unary("relu", ad_="ad.relu", method="relu", ref="np.maximum({0}, 0)", torch="T.relu({0})",
      kink=_abs_dist, order=1)
unary("softplus", ad_="ad.softplus", ref="np.logaddexp({0}, 0)",
      torch="T.nn.functional.softplus({0})")
unary("erf", ad_="ad.erf", method="erf", np_="sps.erf", torch="T.erf({0})")
unary("erfc", ad_="ad.erfc", method="erfc", np_="sps.erfc", torch="T.erfc({0})")
unary("gammaln", ad_="ad.gammaln", method="lgamma", np_="sps.gammaln", prep=POS,
      torch="T.lgamma({0})")
unary("digamma", ad_="ad.digamma", method="digamma", np_="sps.digamma", prep=POS,
      torch="T.digamma({0})")
unary("logit", ad_="ad.logit", method="logit", np_="sps.logit", prep=OPEN01,
      torch="T.logit({0})")


def binary(name, ways, ref, torch=None, prep=(), kink=None, order=2, complex_ok=False):
    SPECS.append(Spec(name, 2, ways, ref, torch, prep, None, kink, order, complex_ok))


binary("add", {"ad": "ad.add({0}, {1})", "np": "np.add({0}, {1})", "op": "({0} + {1})"},
       "({0} + {1})", "({0} + {1})", complex_ok=True)
binary("subtract", {"ad": "ad.subtract({0}, {1})", "np": "np.subtract({0}, {1})",
                    "op": "({0} - {1})"}, "({0} - {1})", "({0} - {1})", complex_ok=True)
binary("multiply", {"ad": "ad.multiply({0}, {1})", "np": "np.multiply({0}, {1})",
                    "op": "({0} * {1})"}, "({0} * {1})", "({0} * {1})", complex_ok=True)
binary("divide", {"ad": "ad.divide({0}, {1})", "np": "np.divide({0}, {1})",
                  "op": "({0} / {1})"}, "({0} / {1})", "({0} / {1})", prep=("{}", POS))
binary("power", {"ad": "ad.power({0}, {1})", "np": "np.power({0}, {1})", "method":
                 "{0}.pow({1})", "op": "({0} ** {1})"}, "({0} ** {1})", "({0} ** {1})",
       prep=(POS, "{}"))
binary("maximum", {"ad": "ad.maximum({0}, {1})", "np": "np.maximum({0}, {1})"},
       "np.maximum({0}, {1})", "T.maximum({0}, {1})",
       kink=lambda a, b: np.abs(a - b), order=1)
binary("minimum", {"ad": "ad.minimum({0}, {1})", "np": "np.minimum({0}, {1})"},
       "np.minimum({0}, {1})", "T.minimum({0}, {1})",
       kink=lambda a, b: np.abs(a - b), order=1)
binary("arctan2", {"ad": "ad.arctan2({0}, {1})", "np": "np.arctan2({0}, {1})",
                   "method": "{0}.arctan2({1})"}, "np.arctan2({0}, {1})", "T.atan2({0}, {1})",
       prep=("{}", POS))
binary("hypot", {"ad": "ad.hypot({0}, {1})", "np": "np.hypot({0}, {1})",
                 "method": "{0}.hypot({1})"}, "np.hypot({0}, {1})", "T.hypot({0}, {1})",
       prep=("{}", POS))
binary("logaddexp", {"ad": "ad.logaddexp({0}, {1})", "np": "np.logaddexp({0}, {1})",
                     "method": "{0}.logaddexp({1})"}, "np.logaddexp({0}, {1})",
       "T.logaddexp({0}, {1})")
binary("xlogy", {"ad": "ad.xlogy({0}, {1})", "np": "sps.xlogy({0}, {1})",
                 "method": "{0}.xlogy({1})"}, "sps.xlogy({0}, {1})", "T.xlogy({0}, {1})",
       prep=("{}", POS))
binary("where", {"ad": "ad.where({0} > 0.3, {0}, {1})", "np": "np.where({0} > 0.3, {0}, {1})"},
       "np.where({0} > 0.3, {0}, {1})", "T.where({0} > 0.3, {0}, {1})",
       kink=lambda a, b: np.broadcast_to(np.abs(a - 0.3), np.broadcast_shapes(a.shape, b.shape)),
       complex_ok=False)


# -- reductions and ops along an axis --------------------------------------------------------
def _axis_params(draw, shapes, way, allow_none=True, allow_tuple=True, keepdims=True,
                 need_nonempty=False):
    (shape,) = shapes
    nd = len(shape)
    if need_nonempty and 0 in shape:
        return None
    choices = ["None"] if allow_none else []
    if nd:
        choices += [str(a) for a in range(-nd, nd)]
    elif way != "np":                 # PyTorch's dim=0/-1 of a 0-d tensor; numpy refuses it
        choices += ["0", "-1"]
    if allow_tuple and nd >= 2:
        choices += ["(0, 1)", "(-1, 0)"]
    if not choices:
        return None
    axis = draw(choices)
    kd = draw([False, True]) if keepdims else False
    return {"axis": axis, "keepdims": kd}


def _norm_axis(axis, nd):
    if axis is None:
        return tuple(range(nd))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(a % nd for a in axis) if nd else ()


def _ref_axis(axis, nd):
    """The reference's axis: numpy refuses axis 0 of a 0-d array, PyTorch accepts it."""
    return axis if nd or axis is None else ()


def _gap_along(x, axis):
    """Smallest gap between the largest (and smallest) value and the next, along ``axis``: how
    far a max/min reduction is from a tie."""
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0 or x.ndim == 0:
        return np.array([np.inf])
    axes = _norm_axis(axis, x.ndim)
    if not axes:
        return np.array([np.inf])
    keep = [i for i in range(x.ndim) if i not in axes]
    flat = np.transpose(x, keep + list(axes)).reshape(
        tuple(x.shape[i] for i in keep) + (-1,))
    if flat.shape[-1] < 2:
        return np.array([np.inf])
    s = np.sort(flat, axis=-1)
    return np.minimum(s[..., -1] - s[..., -2], s[..., 1] - s[..., 0])


def reduction(name, ways, ref, torch=None, prep=(), kink=None, order=2, need_nonempty=False,
              allow_tuple=True, keepdims=True, allow_none=True, complex_ok=False):
    SPECS.append(Spec(name, 1, ways, ref, torch, prep,
                      lambda draw, shapes, way: _axis_params(draw, shapes, way, allow_none,
                                                             allow_tuple, keepdims,
                                                             need_nonempty),
                      kink, order, complex_ok))


reduction("sum", {"ad": "ad.sum({0}, {axis}, keepdim={keepdims})",
                  "method": "{0}.sum({axis}, keepdim={keepdims})",
                  "np": "np.sum({0}, axis={axis}, keepdims={keepdims})"},
          "np.sum({0}, axis={raxis}, keepdims={keepdims})",
          "T.sum({0}, {tdim}, keepdim={keepdims})", complex_ok=True)
reduction("mean", {"ad": "ad.mean({0}, {axis}, keepdim={keepdims})",
                   "method": "{0}.mean({axis}, keepdim={keepdims})",
                   "np": "np.mean({0}, axis={axis}, keepdims={keepdims})"},
          "np.mean({0}, axis={raxis}, keepdims={keepdims})",
          "T.mean({0}, {tdim}, keepdim={keepdims})", need_nonempty=True, complex_ok=True)
reduction("prod", {"ad": "ad.prod({0}, {axis}, keepdim={keepdims})",
                   "np": "np.prod({0}, axis={axis}, keepdims={keepdims})"},
          "np.prod({0}, axis={raxis}, keepdims={keepdims})", None, complex_ok=True)
reduction("amax", {"ad": "ad.amax({0}, axis={axis}, keepdims={keepdims})",
                   "np": "np.max({0}, axis={axis}, keepdims={keepdims})"},
          "np.max({0}, axis={raxis}, keepdims={keepdims})",
          "T.amax({0}, {tdim}, keepdim={keepdims})", need_nonempty=True,
          kink=lambda x, axis, keepdims: _gap_along(x, axis), order=1)
reduction("amin", {"ad": "ad.amin({0}, axis={axis}, keepdims={keepdims})",
                   "np": "np.min({0}, axis={axis}, keepdims={keepdims})"},
          "np.min({0}, axis={raxis}, keepdims={keepdims})",
          "T.amin({0}, {tdim}, keepdim={keepdims})", need_nonempty=True,
          kink=lambda x, axis, keepdims: _gap_along(x, axis), order=1)
reduction("var", {"ad": "ad.var({0}, {axis}, keepdim={keepdims}, correction=0)",
                  "method": "{0}.var({axis}, keepdim={keepdims}, correction=0)",
                  "np": "np.var({0}, axis={axis}, keepdims={keepdims})"},
          "np.var({0}, axis={raxis}, keepdims={keepdims})",
          "T.var({0}, {tdim}, keepdim={keepdims}, correction=0)", need_nonempty=True)
reduction("std", {"ad": "ad.std({0}, {axis}, keepdim={keepdims}, correction=0)",
                  "method": "{0}.std({axis}, keepdim={keepdims}, correction=0)",
                  "np": "np.std({0}, axis={axis}, keepdims={keepdims})"},
          "np.std({0}, axis={raxis}, keepdims={keepdims})",
          "T.std({0}, {tdim}, keepdim={keepdims}, correction=0)", need_nonempty=True,
          # std is not differentiable where the spread is 0 (one element: PyTorch's nan)
          kink=lambda x, axis, keepdims: np.atleast_1d(np.std(x, axis=_ref_axis(axis, x.ndim)))
          if x.size and np.size(x) // max(1, np.size(np.std(x, axis=_ref_axis(axis, x.ndim))))
          > 1 else np.array([0.0]))
reduction("logsumexp", {"ad": "ad.logsumexp({0}, {axis}, keepdim={keepdims})",
                        "method": "{0}.logsumexp({axis}, keepdim={keepdims})"},
          "R.logsumexp({0}, axis={raxis}, keepdims={keepdims})",
          "T.logsumexp({0}, {tdim}, keepdim={keepdims})", need_nonempty=True)
reduction("norm", {"ad": "ad.norm({0}, dim={axis}, keepdim={keepdims})",
                   "np": "np.linalg.norm({0}, axis={axis}, keepdims={keepdims})"},
          "np.sqrt(np.sum(np.square(np.abs({0})), axis={raxis}, keepdims={keepdims}))",
          "T.linalg.vector_norm({0}, 2, {tdim}, keepdim={keepdims})",
          kink=lambda x, axis, keepdims: np.atleast_1d(np.sqrt(np.sum(
              np.square(np.abs(x)), axis=_ref_axis(axis, x.ndim)))), allow_tuple=False)
reduction("cumsum", {"ad": "ad.cumsum({0}, {axis})", "method": "{0}.cumsum({axis})",
                     "np": "np.cumsum({0}, axis={axis})"},
          "R.running(np.cumsum, {0}, {axis})", None, allow_tuple=False, keepdims=False)
reduction("cumprod", {"ad": "ad.cumprod({0}, {axis})", "method": "{0}.cumprod({axis})",
                      "np": "np.cumprod({0}, axis={axis})"},
          "R.running(np.cumprod, {0}, {axis})", None, allow_tuple=False, keepdims=False)
reduction("softmax", {"ad": "ad.softmax({0}, {axis})", "method": "{0}.softmax({axis})"},
          "sps.softmax({0}, axis={raxis})", "T.softmax({0}, {tdim0})", allow_tuple=False,
          keepdims=False, allow_none=False)
reduction("log_softmax", {"ad": "ad.log_softmax({0}, {axis})",
                          "method": "{0}.log_softmax({axis})"},
          "sps.log_softmax({0}, axis={raxis})", "T.log_softmax({0}, {tdim0})",
          allow_tuple=False, keepdims=False, allow_none=False)
reduction("sort", {"ad": "ad.sort({0}, {axis}).values", "np": "np.sort({0}, axis={axis})"},
          "np.sort({0}, axis={axis})", "T.sort({0}, {tdim0})[0]", allow_tuple=False,
          keepdims=False, allow_none=False,
          kink=lambda x, axis, keepdims: _sorted_gaps(x, axis), order=1)
reduction("flip", {"ad": "ad.flip({0}, {axis})", "method": "{0}.flip({axis})",
                   "np": "np.flip({0}, {axis})"}, "np.flip({0}, {axis})",
          "T.flip({0}, {tdimall})", keepdims=False, allow_tuple=False, complex_ok=True)
reduction("roll", {"ad": "ad.roll({0}, 1, {axis})", "np": "np.roll({0}, 1, {axis})",
                   "method": "{0}.roll(1, {axis})"},
          "np.roll({0}, 1, {axis})", None, keepdims=False, allow_tuple=False, complex_ok=True)


def _sorted_gaps(x, axis):
    x = np.asarray(x)
    if x.ndim == 0 or x.size == 0 or x.shape[axis] < 2:
        return np.array([np.inf])
    return np.diff(np.sort(x, axis=axis), axis=axis)


# -- shape ops ---------------------------------------------------------------------------------
def shape_op(name, ways, ref, torch=None, params=None, complex_ok=True):
    SPECS.append(Spec(name, 1, ways, ref, torch, (), params, None, 2, complex_ok))


shape_op("reshape", {"ad": "ad.reshape({0}, (-1,))", "method": "{0}.reshape(-1)",
                     "np": "np.reshape({0}, (-1,))"}, "np.reshape({0}, (-1,))",
         "{0}.reshape(-1)")
shape_op("transpose", {"np": "np.transpose({0})", "op": "{0}.T"}, "np.transpose({0})",
         "{0}.permute(*reversed(range({0}.ndim)))")
shape_op("expand_dims", {"ad": "ad.expand_dims({0}, 0)", "np": "np.expand_dims({0}, 0)",
                         "method": "{0}.unsqueeze(0)"}, "np.expand_dims({0}, 0)",
         "{0}.unsqueeze(0)")
shape_op("squeeze", {"ad": "ad.squeeze({0})", "np": "np.squeeze({0})",
                     "method": "{0}.squeeze()"}, "np.squeeze({0})", "{0}.squeeze()")
shape_op("getitem", {"op": "{0}[..., ::-1]"}, "{0}[..., ::-1]", "{0}.flip(-1)",
         params=lambda draw, shapes, way: {} if len(shapes[0]) else None)
shape_op("getitem_int", {"op": "{0}[0]"}, "{0}[0]", "{0}[0]",
         params=lambda draw, shapes, way: {} if len(shapes[0]) and shapes[0][0] else None)
shape_op("tile", {"ad": "ad.tile({0}, 2)", "np": "np.tile({0}, 2)"}, "np.tile({0}, 2)", None)
shape_op("repeat", {"ad": "ad.repeat({0}, 2)", "np": "np.repeat({0}, 2)"}, "np.repeat({0}, 2)",
         "T.repeat_interleave({0}.reshape(-1), 2)")
shape_op("diff", {"ad": "ad.diff({0})", "np": "np.diff({0})", "method": "{0}.diff()"},
         "np.diff({0})", "T.diff({0})",
         params=lambda draw, shapes, way: {} if len(shapes[0]) else None)
shape_op("stack", {"ad": "ad.stack([{0}, 2 * {0}])", "np": "np.stack([{0}, 2 * {0}])"},
         "np.stack([{0}, 2 * {0}])", "T.stack([{0}, 2 * {0}])")
shape_op("concatenate", {"ad": "ad.concatenate([{0}, np.sin({0})])",
                         "np": "np.concatenate([{0}, np.sin({0})])"},
         "np.concatenate([{0}, np.sin({0})])", "T.cat([{0}, T.sin({0})])",
         params=lambda draw, shapes, way: {} if len(shapes[0]) else None, complex_ok=True)
shape_op("clip", {"ad": "ad.clip({0}, -0.5, 0.7)", "np": "np.clip({0}, -0.5, 0.7)",
                  "method": "{0}.clip(-0.5, 0.7)"}, "np.clip({0}, -0.5, 0.7)",
         "T.clamp({0}, -0.5, 0.7)", complex_ok=False)
SPECS[-1].kink = lambda x: np.minimum(np.abs(x + 0.5), np.abs(x - 0.7))
SPECS[-1].order = 1
shape_op("tril", {"ad": "ad.tril({0})", "np": "np.tril({0})", "method": "{0}.tril()"},
         "np.tril({0})", "T.tril({0})",
         params=lambda draw, shapes, way: {} if len(shapes[0]) >= 2 else None)
shape_op("trace", {"ad": "ad.trace({0})", "np": "np.trace({0})", "method": "{0}.trace()"},
         "np.trace({0})", "T.trace({0})",
         params=lambda draw, shapes, way: {} if len(shapes[0]) == 2 else None)
shape_op("diagonal", {"ad": "ad.diagonal({0})", "np": "np.diagonal({0})"},
         "np.diagonal({0})", "T.diagonal({0})",
         params=lambda draw, shapes, way: {} if len(shapes[0]) >= 2 else None)
shape_op("cross", {"ad": "ad.cross({0}, np.cos({0}), dim=-1)", "np": "np.cross({0}, np.cos({0}))"},
         "np.cross({0}, np.cos({0}))", "T.linalg.cross({0}, T.cos({0}))",
         params=lambda draw, shapes, way: {} if len(shapes[0]) and shapes[0][-1] == 3 else None,
         complex_ok=False)


# -- contractions and linear algebra -----------------------------------------------------------
def _matmul_ok(draw, shapes, way):
    a, b = shapes
    if not a or not b:
        return None
    try:
        np.matmul(np.zeros(a), np.zeros(b))
    except ValueError:
        return None
    return {}


SPECS.append(Spec("matmul", 2, {"ad": "ad.matmul({0}, {1})", "np": "np.matmul({0}, {1})",
                                "op": "({0} @ {1})", "method": "{0}.matmul({1})"},
                  "({0} @ {1})", "({0} @ {1})", (), _matmul_ok, complex_ok=True))
SPECS.append(Spec("einsum", 2, {"ad": "ad.einsum('...i,...i->...', {0}, {1})",
                                "np": "np.einsum('...i,...i->...', {0}, {1})"},
                  "np.einsum('...i,...i->...', {0}, {1})",
                  "T.einsum('...i,...i->...', {0}, {1})", (),
                  lambda draw, shapes, way: {} if all(len(s) for s in shapes) and shapes[0][-1]
                  == shapes[1][-1] and _bcast(shapes[0][:-1], shapes[1][:-1]) else None,
                  complex_ok=True))
SPECS.append(Spec("outer", 2, {"ad": "ad.outer({0}, {1})", "np": "np.outer({0}, {1})"},
                  "np.outer({0}, {1})", "T.outer({0}.reshape(-1), {1}.reshape(-1))", (),
                  lambda draw, shapes, way: {} if all(int(np.prod(s)) <= 6 for s in shapes)
                  else None,
                  complex_ok=True))


def _square(draw, shapes, way):
    s = shapes[0]
    return {} if len(s) >= 2 and s[-1] == s[-2] and s[-1] >= 1 else None


# float32 identities: they keep a float32 program float32 and promote under float64
WELL = "({0} * 0.3 + 2.0 * np.eye({n}, dtype=np.float32))"
for _n, _ways, _ref, _t in [
        ("det", {"np": "np.linalg.det({0})", "ad": "ad.det({0})", "method": "{0}.det()"},
         "np.linalg.det({0})", "T.linalg.det({0})"),
        ("inv", {"np": "np.linalg.inv({0})", "ad": "ad.inv({0})", "method": "{0}.inverse()"},
         "np.linalg.inv({0})", "T.linalg.inv({0})"),
        ("logabsdet", {"np": "np.linalg.slogdet({0})[1]", "ad": "ad.slogdet({0})[1]"},
         "np.linalg.slogdet({0})[1]", "T.linalg.slogdet({0})[1]"),
        ("solve", {"np": "np.linalg.solve({0}, np.sin({0}))",
                   "ad": "ad.solve({0}, np.sin({0}))"},
         "np.linalg.solve({0}, np.sin({0}))", "T.linalg.solve({0}, T.sin({0}))")]:
    SPECS.append(Spec(_n, 1, _ways, _ref, _t, (WELL,), _square))
SPECS.append(Spec("eigvalsh", 1, {"np": "np.linalg.eigvalsh({0})", "ad": "ad.eigvalsh({0})"},
                  "np.linalg.eigvalsh({0})", "T.linalg.eigvalsh({0})",
                  # symmetric input: PyTorch symmetrizes the gradient, numpy (and autodiff) read
                  # one triangle; they agree on symmetric matrices only
                  ("(({0} + np.swapaxes({0}, -1, -2)) / 2)",), _square,
                  kink=lambda a: _eig_gaps((a + np.swapaxes(a, -1, -2)) / 2)))
SPECS.append(Spec("cholesky", 1, {"np": "np.linalg.cholesky({0})", "ad": "ad.cholesky({0})"},
                  "np.linalg.cholesky({0})", "T.linalg.cholesky({0})",
                  ("({0} @ np.swapaxes({0}, -1, -2) * 0.1 + np.eye({n}, dtype=np.float32))",),
                  _square))
SPECS.append(Spec("svdvals", 1, {"np": "np.linalg.svd({0}, compute_uv=False)",
                                 "ad": "ad.svdvals({0})"},
                  "np.linalg.svd({0}, compute_uv=False)", "T.linalg.svdvals({0})", (),
                  lambda draw, shapes, way: {} if len(shapes[0]) >= 2 and min(shapes[0][-2:]) >= 1
                  else None, kink=lambda a: _sv_gaps(a)))


def _eig_gaps(a):
    w = np.linalg.eigvalsh(a)
    return np.diff(w, axis=-1) if w.shape[-1] > 1 else np.array([np.inf])


def _sv_gaps(a):
    s = np.linalg.svd(a, compute_uv=False)
    d = np.diff(s, axis=-1) if s.shape[-1] > 1 else np.array([np.inf])
    return np.concatenate([np.abs(d).ravel(), s.ravel()])   # repeated or zero singular values


def _bcast(*shapes):
    try:
        np.broadcast_shapes(*shapes)
        return True
    except ValueError:
        return False


# -- the rest of the op table: piecewise constant ops, remainders, products, rearranging -------
def _to_int(x):
    return np.abs(x - np.round(x))


for _n, _t, _kink in [("floor", "T.floor({0})", _to_int), ("ceil", "T.ceil({0})", _to_int),
                      ("round", "T.round({0})", lambda x: _to_int(x + 0.5)),
                      ("sign", "T.sign({0})", _abs_dist)]:
    unary(_n, ad_=f"ad.{_n}", method=_n if hasattr(ad.Tensor, _n) else None, np_=f"np.{_n}",
          torch=_t, kink=_kink)
binary("remainder", {"ad": "ad.remainder({0}, {1})", "np": "np.remainder({0}, {1})",
                     "op": "({0} % {1})"}, "np.remainder({0}, {1})", "T.remainder({0}, {1})",
       prep=("{}", POS), kink=lambda a, b: _to_int(a / b) * np.abs(b))
SPECS.append(Spec("polygamma", 1, {"ad": "ad.polygamma(1, {0})"}, "sps.polygamma(1, {0})",
                  "T.polygamma(1, {0})", (POS,)))
binary("kron", {"ad": "ad.kron({0}, {1})", "np": "np.kron({0}, {1})",
                "method": "{0}.kron({1})"}, "np.kron({0}, {1})", "T.kron({0}, {1})",
       complex_ok=True)
SPECS[-1].params = lambda draw, shapes, way: {} if all(int(np.prod(s)) <= 6 for s in shapes) \
    else None
SPECS.append(Spec("vdot", 2, {"ad": "ad.vdot({0}, {1})", "np": "np.vdot({0}, {1})"},
                  "np.vdot({0}, {1})", "T.dot({0}.reshape(-1), {1}.reshape(-1))", (),
                  lambda draw, shapes, way: {} if int(np.prod(shapes[0])) ==
                  int(np.prod(shapes[1])) else None))
SPECS.append(Spec("inner", 2, {"ad": "ad.inner({0}, {1})", "np": "np.inner({0}, {1})",
                               "method": "{0}.inner({1})"},
                  "np.inner({0}, {1})", "T.inner({0}, {1})", (),
                  lambda draw, shapes, way: {} if all(len(s) for s in shapes)
                  and shapes[0][-1] == shapes[1][-1] else None, complex_ok=True))
SPECS.append(Spec("tensordot", 2, {"ad": "ad.tensordot({0}, {1}, 1)",
                                   "np": "np.tensordot({0}, {1}, 1)"},
                  "np.tensordot({0}, {1}, 1)", "T.tensordot({0}, {1}, 1)", (),
                  lambda draw, shapes, way: {} if all(len(s) for s in shapes)
                  and shapes[0][-1] == shapes[1][0] else None, complex_ok=True))
SPECS.append(Spec("average", 2, {"ad": "ad.average({0}, weights={1})",
                                 "np": "np.average({0}, weights={1})"},
                  "np.average({0}, weights={1})", "({0} * {1}).sum() / {1}.sum()", ("{}", POS),
                  lambda draw, shapes, way: {} if shapes[0] == shapes[1] and
                  int(np.prod(shapes[0])) else None))
SPECS.append(Spec("matrix_power", 1, {"ad": "ad.matrix_power({0}, 3)",
                                      "np": "np.linalg.matrix_power({0}, 3)"},
                  "np.linalg.matrix_power({0}, 3)", "T.linalg.matrix_power({0}, 3)", (),
                  _square, complex_ok=True))
SPECS.append(Spec("matrix_power_neg", 1, {"ad": "ad.matrix_power({0}, -2)",
                                          "np": "np.linalg.matrix_power({0}, -2)"},
                  "np.linalg.matrix_power({0}, -2)", "T.linalg.matrix_power({0}, -2)", (WELL,),
                  _square))
SPECS.append(Spec("matrix_norm", 1, {"ad": "ad.matrix_norm({0})", "np": "np.linalg.norm({0}, "
                                     "'fro', axis=(-2, -1))"},
                  "np.linalg.norm({0}, 'fro', axis=(-2, -1))", "T.linalg.matrix_norm({0})", (),
                  lambda draw, shapes, way: {} if len(shapes[0]) >= 2 else None,
                  kink=lambda a: np.atleast_1d(np.linalg.norm(a, axis=(-2, -1)))))
SPECS.append(Spec("nuclear_norm", 1, {"np": "np.linalg.norm({0}, 'nuc', axis=(-2, -1))"},
                  "np.linalg.norm({0}, 'nuc', axis=(-2, -1))",
                  "T.linalg.matrix_norm({0}, 'nuc')", (),
                  lambda draw, shapes, way: {} if len(shapes[0]) >= 2 and min(shapes[0][-2:])
                  else None, kink=lambda a: _sv_gaps(a)))
SPECS.append(Spec("qr_r", 1, {"np": "np.linalg.qr({0})[1]", "ad": "ad.qr({0})[1]"},
                  "np.linalg.qr({0})[1]", "T.linalg.qr({0})[1]", (WELL,), _square,
                  # LAPACK picks R's diagonal signs: away from a flip (|r_ii| not small)
                  kink=lambda a: np.abs(np.diagonal(np.linalg.qr(a)[1], axis1=-2, axis2=-1))))
for _n, _ways, _ref, _t, _ok in [
        ("swapaxes", {"ad": "ad.swapaxes({0}, 0, -1)", "np": "np.swapaxes({0}, 0, -1)"},
         "np.swapaxes({0}, 0, -1)", "T.swapaxes({0}, 0, -1)", 1),
        ("moveaxis", {"ad": "ad.moveaxis({0}, 0, -1)", "np": "np.moveaxis({0}, 0, -1)",
                      "method": "{0}.moveaxis(0, -1)"},
         "np.moveaxis({0}, 0, -1)", "T.movedim({0}, 0, -1)", 1),
        ("broadcast_to", {"ad": "ad.broadcast_to({0}, (2,) + {0}.shape)",
                          "np": "np.broadcast_to({0}, (2,) + {0}.shape)"},
         "np.broadcast_to({0}, (2,) + {0}.shape)", "{0}.expand((2,) + tuple({0}.shape))", 0),
        ("take", {"ad": "ad.take({0}, [0, 0])", "np": "np.take({0}, [0, 0])",
                  "method": "{0}.take([0, 0])"}, "np.take({0}, [0, 0])",
         "T.take({0}, T.tensor([0, 0]))", "size"),
        ("take_along_axis", {"ad": "ad.take_along_axis({0}, np.zeros((1,) * {0}.ndim, int), -1)",
                             "np": "np.take_along_axis({0}, np.zeros((1,) * {0}.ndim, int), -1)"},
         "np.take_along_axis({0}, np.zeros((1,) * {0}.ndim, int), -1)", None, "size1"),
        ("pad", {"ad": "ad.pad({0}, 1)", "np": "np.pad({0}, 1)"}, "np.pad({0}, 1)",
         None, 0),
        ("pad_reflect", {"ad": "ad.pad({0}, 1, mode='reflect')",
                         "np": "np.pad({0}, 1, mode='reflect')"},
         "np.pad({0}, 1, mode='reflect')", None, "side2"),
        ("pad_edge", {"ad": "ad.pad({0}, 1, mode='edge')", "np": "np.pad({0}, 1, mode='edge')"},
         "np.pad({0}, 1, mode='edge')", None, "size"),
        ("triu", {"ad": "ad.triu({0}, 1)", "np": "np.triu({0}, 1)", "method": "{0}.triu(1)"},
         "np.triu({0}, 1)", "T.triu({0}, 1)", 2),
        ("atleast_2d", {"ad": "ad.atleast_2d({0})", "np": "np.atleast_2d({0})"},
         "np.atleast_2d({0})", "T.atleast_2d({0})", 0),
        ("hstack", {"ad": "ad.hstack([{0}, {0}])", "np": "np.hstack([{0}, {0}])"},
         "np.hstack([{0}, {0}])", "T.hstack([{0}, {0}])", 0),
        ("vstack", {"ad": "ad.vstack([{0}, {0}])", "np": "np.vstack([{0}, {0}])"},
         "np.vstack([{0}, {0}])", "T.vstack([{0}, {0}])", 0),
        ("append", {"ad": "ad.append({0}, {0})", "np": "np.append({0}, {0})"},
         "np.append({0}, {0})", "T.cat([{0}.reshape(-1), {0}.reshape(-1)])", 0),
        ("split", {"ad": "ad.array_split({0}, 2, axis=-1)[0]",
                   "np": "np.array_split({0}, 2, axis=-1)[0]"},
         "np.array_split({0}, 2, axis=-1)[0]", None, 1),
        ("ravel", {"ad": "ad.ravel({0})", "np": "np.ravel({0})", "method": "{0}.ravel()"},
         "np.ravel({0})", "{0}.ravel()", 0),
        ("slogdet", {"np": "np.linalg.slogdet({0})[1]", "ad": "ad.logdet({0})"},
         "np.linalg.slogdet({0})[1]", "T.linalg.slogdet({0})[1]", "sq"),
]:
    _params = {0: None,
               1: lambda draw, shapes, way: {} if len(shapes[0]) >= 1 else None,
               2: lambda draw, shapes, way: {} if len(shapes[0]) >= 2 else None,
               "size": lambda draw, shapes, way: {} if int(np.prod(shapes[0])) else None,
               "size1": lambda draw, shapes, way: {} if len(shapes[0]) and
               int(np.prod(shapes[0])) else None,
               "side2": lambda draw, shapes, way: {} if shapes[0] and min(shapes[0]) >= 2
               else None,
               "sq": _square}[_ok]
    SPECS.append(Spec(_n, 1, _ways, _ref, _t, (WELL,) if _ok == "sq" else (), _params,
                      complex_ok=_ok != "sq"))


# -- the rest of the registry: elementwise specials, comparisons and logic, fft, the remaining
# decompositions, and autodiff.scipy's composites (special, stats, linalg, signal) -------------
DOM02 = "(1.0 + 0.9 * np.sin({}))"   # (0.1, 1.9): erfcinv
for _n, _kw in [
        ("exp2", dict(np_="np.exp2", torch="T.exp2({0})")),
        ("deg2rad", dict(np_="np.deg2rad", torch="T.deg2rad({0})")),
        ("radians", dict(np_="np.radians", torch="T.deg2rad({0})")),
        ("rad2deg", dict(np_="np.rad2deg", torch="T.rad2deg({0})")),
        ("degrees", dict(np_="np.degrees", torch="T.rad2deg({0})")),
        ("positive", dict(np_="np.positive", op="(+{0})", torch="(+{0})")),
        ("sinc", dict(np_="np.sinc", torch="T.sinc({0})")),
        ("rint", dict(np_="np.rint", torch="T.round({0})", kink=lambda x: _to_int(x + 0.5))),
        ("trunc", dict(np_="np.trunc", torch="T.trunc({0})", kink=_to_int)),
        ("gamma", dict(ad_="ads.gamma", ref="sps.gamma({0})", prep=POS,
                       torch="T.exp(T.lgamma({0}))")),
        ("rgamma", dict(ad_="ads.rgamma", ref="sps.rgamma({0})", prep=POS,
                        torch="T.exp(-T.lgamma({0}))")),
        ("gammasgn", dict(ad_="ads.gammasgn", ref="sps.gammasgn({0})", torch=None,
                          kink=lambda x: np.where(x <= 0, _to_int(x), np.inf))),
        ("entr", dict(ad_="ads.entr", ref="sps.entr({0})", prep=POS,
                      torch="T.special.entr({0})")),
        ("erfinv", dict(ad_="ads.erfinv", ref="sps.erfinv({0})", prep=UNIT,
                        torch="T.erfinv({0})")),
        ("erfcinv", dict(ad_="ads.erfcinv", ref="sps.erfcinv({0})", prep=DOM02,
                         torch="T.erfinv(1 - {0})")),
        ("ndtr", dict(ad_="ads.ndtr", ref="sps.ndtr({0})", torch="T.special.ndtr({0})")),
        ("log_ndtr", dict(ad_="ads.log_ndtr", ref="sps.log_ndtr({0})",
                          torch="T.special.log_ndtr({0})")),
        ("ndtri", dict(ad_="ads.ndtri", ref="sps.ndtri({0})", prep=OPEN01,
                       torch="T.special.ndtri({0})")),
        ("expit", dict(ad_="ads.expit", ref="sps.expit({0})", torch="T.sigmoid({0})")),
        ("psi", dict(ad_="ads.psi", ref="sps.psi({0})", prep=POS, torch="T.digamma({0})")),
        ("i0", dict(ad_="ads.i0", ref="sps.i0({0})", torch="T.special.i0({0})")),
        ("i0e", dict(ad_="ads.i0e", ref="sps.i0e({0})", torch="T.special.i0e({0})")),
        ("i1", dict(ad_="ads.i1", ref="sps.i1({0})", torch="T.special.i1({0})")),
        ("i1e", dict(ad_="ads.i1e", ref="sps.i1e({0})", torch="T.special.i1e({0})")),
        # (PyTorch's bessel_j0 and friends have no derivative: no torch comparison)
        ("j0", dict(ad_="ads.j0", ref="sps.j0({0})")),
        ("j1", dict(ad_="ads.j1", ref="sps.j1({0})")),
        ("y0", dict(ad_="ads.y0", ref="sps.y0({0})", prep=POS)),
        ("y1", dict(ad_="ads.y1", ref="sps.y1({0})", prep=POS)),
        ("real", dict(np_="np.real", torch="T.real({0})", complex_ok=True)),
        ("imag_plus", dict(ref="({0} + np.imag({0}))", torch=None, complex_ok=True)),
]:
    unary(_n, **_kw)
SPEC_BY_NAME_ = {s.name: s for s in SPECS}
SPEC_BY_NAME_["imag_plus"].ways = {"np": "({0} + np.imag({0}))"}
for _n, _f, _order in [("jv", "jv", 1.5), ("iv", "iv", 1.5), ("ive", "ive", 0.5),
                       ("yv", "yv", 1.5), ("kv", "kv", 0.5), ("jn", "jn", 2),
                       ("yn", "yn", 1)]:
    _prep = POS if _n in ("yv", "kv", "yn") else None
    # a fractional order: x^order near 0, a second derivative that blows up there
    unary(_n, ad_=None, ref=f"sps.{_f}({_order}, {{0}})", torch=None, prep=_prep,
          kink=_abs_dist if _n in ("jv", "iv", "ive") else None)
    SPECS[-1].ways = {"ad": f"ads.{_f}({_order}, {{0}})"}
    if _n == "yn":
        SPECS[-1].dtypes = ("float64",)  # scipy's yn(int, float32) is float64
unary("multigammaln", ref="sps.multigammaln({0}, 2)", prep=GT1, torch="T.mvlgamma({0}, 2)")
SPECS[-1].ways = {"ad": "ads.multigammaln({0}, 2)"}
unary("polygamma2", ref="sps.polygamma(2, {0})", prep=POS, torch="T.polygamma(2, {0})")
SPECS[-1].ways = {"ad": "ads.polygamma(2, {0})", "method": "{0}.polygamma(2)"
                  if hasattr(ad.Tensor, "polygamma") else "ads.polygamma(2, {0})"}
unary("float_power", np_=None, ref="np.float_power({0}, 3)", torch="T.float_power({0}, 3)")
SPECS[-1].ways = {"np": "np.float_power({0}, 3)"}
SPECS[-1].dtypes = ("float64",)          # float_power computes in float64 whatever its input


def _cmp_kink(a, b):
    return np.abs(a - b)


for _n, _ad, _np, _op, _t in [("gt", "ad.gt", "np.greater", ">", "T.gt"),
                              ("ge", "ad.ge", "np.greater_equal", ">=", "T.ge"),
                              ("lt", "ad.lt", "np.less", "<", "T.lt"),
                              ("le", "ad.le", "np.less_equal", "<=", "T.le")]:
    binary(f"where_{_n}", {"ad": f"ad.where({_ad}({{0}}, {{1}}), {{0}}, 2 * {{1}})",
                           "np": f"np.where({_np}({{0}}, {{1}}), {{0}}, 2 * {{1}})",
                           "op": f"ad.where({{0}} {_op} {{1}}, {{0}}, 2 * {{1}})"},
           f"np.where({{0}} {_op} {{1}}, {{0}}, 2 * {{1}})",
           f"T.where({_t}({{0}}, {{1}}), {{0}}, 2 * {{1}})",
           kink=lambda a, b: np.broadcast_to(np.abs(a - b), np.broadcast_shapes(a.shape, b.shape)),
           order=1)
    # a bool tensor times a float one: the product is the float's dtype
    binary(f"mask_{_n}", {"op": f"({{0}} * ({{0}} {_op} {{1}}))",
                          "ad": f"({{0}} * {_ad}({{0}}, {{1}}))",
                          "np": f"np.multiply({{0}}, {_np}({{0}}, {{1}}))"},
           f"({{0}} * ({{0}} {_op} {{1}}))", f"({{0}} * {_t}({{0}}, {{1}}))",
           kink=lambda a, b: np.broadcast_to(np.abs(a - b), np.broadcast_shapes(a.shape, b.shape)),
           order=1)
binary("mask_ne", {"ad": "({0} + ad.ne({0}, {1}))", "np": "({0} + np.not_equal({0}, {1}))",
                   "op": "({0} + ({0} != {1}))"}, "({0} + ({0} != {1}))",
       "({0} + T.ne({0}, {1}))")
# an int tensor (2 * bool) added to a float one
binary("mask_eq", {"ad": "({0} + 2 * ad.eq({0}, {1}))", "np": "({0} + 2 * np.equal({0}, {1}))",
                   "op": "({0} + 2 * ({0} == {1}))"}, "({0} + 2 * ({0} == {1}))",
       "({0} + 2 * T.eq({0}, {1}))")
for _n, _t in [("logical_and", "T.logical_and"), ("logical_or", "T.logical_or"),
               ("logical_xor", "T.logical_xor")]:
    binary(_n, {"np": f"np.where(np.{_n}({{0}} > 0, {{1}} > 0), {{0}}, {{1}})",
                "ad": f"ad.where(ad.{_n}({{0}} > 0, {{1}} > 0), {{0}}, {{1}})"
                if hasattr(ad, _n) else f"np.where(np.{_n}({{0}} > 0, {{1}} > 0), {{0}}, {{1}})"},
           f"np.where(np.{_n}({{0}} > 0, {{1}} > 0), {{0}}, {{1}})",
           f"T.where({_t}({{0}} > 0, {{1}} > 0), {{0}}, {{1}})",
           kink=lambda a, b: np.broadcast_to(np.minimum(np.abs(a), np.abs(b)),
                                             np.broadcast_shapes(a.shape, b.shape)), order=1)
unary("logical_not", ref="({0} * np.logical_not({0} > 0.2))",
      torch="({0} * T.logical_not({0} > 0.2))", kink=lambda x: np.abs(x - 0.2), order=1)
SPECS[-1].ways = {"np": "({0} * np.logical_not({0} > 0.2))",
                  "ad": "({0} * ad.logical_not({0} > 0.2))"}
unary("signbit", ref="({0} * np.signbit({0}))", torch="({0} * T.signbit({0}))", kink=_abs_dist,
      order=1)
SPECS[-1].ways = {"np": "({0} * np.signbit({0}))"}
unary("isfinite", ref="np.where(np.isfinite({0}), {0}, 0.0)",
      torch="T.where(T.isfinite({0}), {0}, 0.0)")
SPECS[-1].ways = {"np": "np.where(np.isfinite({0}), {0}, 0.0)",
                  "ad": "ad.where(ad.isfinite({0}), {0}, 0.0)"}
unary("isnan_isinf", ref="np.where(np.isnan({0}) | np.isinf({0}), 0.0, {0})",
      torch="T.where(T.isnan({0}) | T.isinf({0}), 0.0, {0})")
SPECS[-1].ways = {"np": "np.where(np.isnan({0}) | np.isinf({0}), 0.0, {0})",
                  "ad": "ad.where(ad.isnan({0}) | ad.isinf({0}), 0.0, {0})"}

for _n, _ways, _ref, _t, _prep, _kink, _order, _f64 in [
        ("copysign", {"np": "np.copysign({0}, {1})"}, "np.copysign({0}, {1})",
         "T.copysign({0}, {1})", (), lambda a, b: np.broadcast_to(
             np.minimum(np.abs(a), np.abs(b)), np.broadcast_shapes(a.shape, b.shape)), 1, False),
        ("fmax", {"np": "np.fmax({0}, {1})", "ad": "ad.fmax({0}, {1})"}, "np.fmax({0}, {1})",
         "T.fmax({0}, {1})", (), _cmp_kink, 1, False),
        ("fmin", {"np": "np.fmin({0}, {1})", "ad": "ad.fmin({0}, {1})"}, "np.fmin({0}, {1})",
         "T.fmin({0}, {1})", (), _cmp_kink, 1, False),
        ("fmod", {"np": "np.fmod({0}, {1})"}, "np.fmod({0}, {1})", "T.fmod({0}, {1})",
         ("{}", POS), lambda a, b: _to_int(a / b) * np.abs(b), 2, False),
        ("floor_divide", {"np": "np.floor_divide({0}, {1})", "op": "({0} // {1})",
                          "ad": "ad.floor_divide({0}, {1})"},
         "np.floor_divide({0}, {1})", "T.floor_divide({0}, {1})", ("{}", POS),
         lambda a, b: _to_int(a / b) * np.abs(b), 2, False),
        ("logaddexp2", {"np": "np.logaddexp2({0}, {1})", "ad": "ad.logaddexp2({0}, {1})"},
         "np.logaddexp2({0}, {1})", "T.logaddexp2({0}, {1})", (), None, 2, False),
        ("xlog1py", {"ad": "ads.xlog1py({0}, {1})"}, "sps.xlog1py({0}, {1})",
         "T.special.xlog1py({0}, {1})", ("{}", UNIT), None, 2, False),
        ("beta", {"ad": "ads.beta({0}, {1})"}, "sps.beta({0}, {1})",
         "T.exp(T.lgamma({0}) + T.lgamma({1}) - T.lgamma({0} + {1}))", (POS, POS), None, 2,
         False),
        ("betaln", {"ad": "ads.betaln({0}, {1})"}, "sps.betaln({0}, {1})",
         "(T.lgamma({0}) + T.lgamma({1}) - T.lgamma({0} + {1}))", (POS, POS), None, 2, False),
        # the shape parameters' derivatives are refused (NoClosedFormError): constants here
        ("betainc", {"ad": "ads.betainc(0.7, 1.5, {0})"}, "sps.betainc(0.7, 1.5, {0})", None,
         (OPEN01,), None, 2, False),
        ("gammainc", {"ad": "ads.gammainc(1.5, {0})"}, "sps.gammainc(1.5, {0})", None,
         (POS,), None, 2, False),
        ("gammaincc", {"ad": "ads.gammaincc(0.7, {0})"}, "sps.gammaincc(0.7, {0})", None,
         (POS,), None, 2, False),
        ("stdtr", {"ad": "ads.stdtr(3.0, {0})"}, "sps.stdtr(3.0, {0})", None,
         (), None, 2, False),
        # scipy.stats: logpdf(x, loc, scale) and friends
        ("norm_logpdf", {"ad": "adst.norm.logpdf({0}, {1}, 1.5)"},
         "sst.norm.logpdf({0}, {1}, 1.5)", None, (), None, 2, False),
        ("norm_cdf", {"ad": "adst.norm.cdf({0}, {1}, 1.5)"}, "sst.norm.cdf({0}, {1}, 1.5)",
         None, (), None, 2, False),
        ("norm_logsf", {"ad": "adst.norm.logsf({0}, 0.0, {1})"},
         "sst.norm.logsf({0}, 0.0, {1})", None, ("{}", POS), None, 2, False),
        ("t_logpdf", {"ad": "adst.t.logpdf({0}, {1})"}, "sst.t.logpdf({0}, {1})", None,
         ("{}", POS), None, 2, False),
        ("cauchy_logpdf", {"ad": "adst.cauchy.logpdf({0}, 0.0, {1})"},
         "sst.cauchy.logpdf({0}, 0.0, {1})", None, ("{}", POS), None, 2, False),
        ("logistic_logpdf", {"ad": "adst.logistic.logpdf({0}, {1})"},
         "sst.logistic.logpdf({0}, {1})", None, (), None, 2, False),
        ("logistic_cdf", {"ad": "adst.logistic.cdf({0}, {1})"},
         "sst.logistic.cdf({0}, {1})", None, (), None, 2, False),
        ("laplace_logpdf", {"ad": "adst.laplace.logpdf({0}, {1})"},
         "sst.laplace.logpdf({0}, {1})", None, (), _cmp_kink, 1, False),
        ("gamma_logpdf", {"ad": "adst.gamma.logpdf({0}, {1})"},
         "sst.gamma.logpdf({0}, {1})", None, (POS, POS), None, 2, False),
        ("gamma_cdf", {"ad": "adst.gamma.cdf({0}, 1.5, {1})"},
         "sst.gamma.cdf({0}, 1.5, {1})", None, (POS, "{}"), None, 2, False),
        ("chi2_logpdf", {"ad": "adst.chi2.logpdf({0}, {1})"}, "sst.chi2.logpdf({0}, {1})",
         None, (POS, POS), None, 2, False),
        ("beta_logpdf", {"ad": "adst.beta.logpdf({0}, {1}, 1.5)"},
         "sst.beta.logpdf({0}, {1}, 1.5)", None, (OPEN01, POS), None, 2, False),
        ("expon_logpdf", {"ad": "adst.expon.logpdf({0}, 0.0, {1})"},
         "sst.expon.logpdf({0}, 0.0, {1})", None, (POS, POS), None, 2, False),
        ("uniform_logpdf", {"ad": "adst.uniform.logpdf({0}, -2.0, {1})"},
         "sst.uniform.logpdf({0}, -2.0, {1})", None, ("{}", "(4.0 + np.sin({}))"), None, 2,
         False),
        ("poisson_logpmf", {"ad": "adst.poisson.logpmf(2.0, {0})"}, "sst.poisson.logpmf(2.0, {0})",
         None, (POS,), None, 2, False),
        ("binom_logpmf", {"ad": "adst.binom.logpmf(2.0, 5.0, {0})"},
         "sst.binom.logpmf(2.0, 5.0, {0})", None, (OPEN01,), None, 2, False),
        ("bernoulli_logpmf", {"ad": "adst.bernoulli.logpmf(1.0, {0})"},
         "sst.bernoulli.logpmf(1.0, {0})", None, (OPEN01,), None, 2, False),
]:
    binary(_n, _ways, _ref, _t, prep=_prep, kink=_kink, order=_order)
    if _ref.count("{1}") == 0:
        SPECS[-1].arity = 1
    if _n in ("poisson_logpmf", "binom_logpmf", "bernoulli_logpmf", "gammainc", "gammaincc",
              "gamma_cdf"):
        # float64 whatever the input, as scipy's (a float64 count; gammainc has no float32
        # loop)
        SPECS[-1].dtypes = ("float64",)
    if _f64:
        # series and continued fractions: their derivatives in the parameters are accurate to
        # about 1e-8, so the float64 comparison's tolerance does not fit them in float32 either
        SPECS[-1].dtypes = ("float64",)


def _sym(x):
    return "(({0} + np.swapaxes({0}, -1, -2)) / 2)".replace("{0}", x)


SPD = "({0} @ np.swapaxes({0}, -1, -2) * 0.1 + np.eye({n}, dtype=np.float32))"
SYM = "(({0} + np.swapaxes({0}, -1, -2)) / 2)"
LOWER = "(np.tril({0}) * 0.3 + 2.0 * np.eye({n}, dtype=np.float32))"


def _mat(draw, shapes, way):
    s = shapes[0]
    return {} if len(s) >= 2 and min(s[-2:]) >= 1 else None


def _square2d(draw, shapes, way):
    s = shapes[0]
    return {} if len(s) == 2 and s[0] == s[1] and s[0] >= 1 else None


for _n, _ways, _ref, _t, _prep, _params, _kink, _cplx in [
        ("eigh_vectors", {"np": "(np.linalg.eigh({0})[1] ** 2)",
                          "ad": "(ad.eigh({0})[1] ** 2)"},
         "(np.linalg.eigh({0})[1] ** 2)", "(T.linalg.eigh({0})[1] ** 2)", (SYM,), _square,
         lambda a: _eig_gaps((a + np.swapaxes(a, -1, -2)) / 2), False),
        ("eig_vectors", {"np": "np.real(np.linalg.eig({0})[1] ** 2)"},
         "np.real(np.linalg.eig({0})[1] ** 2)", None, (SYM,), _square,
         lambda a: _eig_gaps((a + np.swapaxes(a, -1, -2)) / 2), False),
        ("eigvals", {"np": "np.sort(np.real(np.linalg.eigvals({0})), axis=-1)",
                     "ad": "np.sort(np.real(ad.eigvals({0})), axis=-1)"},
         "np.sort(np.real(np.linalg.eigvals({0})), axis=-1)", None, (SYM,), _square,
         lambda a: _eig_gaps((a + np.swapaxes(a, -1, -2)) / 2), False),
        ("svd_u", {"np": "(np.linalg.svd({0}, full_matrices=False)[0] ** 2)",
                   "ad": "(ad.svd({0}, full_matrices=False)[0] ** 2)"},
         "(np.linalg.svd({0}, full_matrices=False)[0] ** 2)",
         "(T.linalg.svd({0}, full_matrices=False)[0] ** 2)", (), _mat, _sv_gaps, False),
        ("svd_vh", {"np": "(np.linalg.svd({0}, full_matrices=False)[2] ** 2)"},
         "(np.linalg.svd({0}, full_matrices=False)[2] ** 2)",
         "(T.linalg.svd({0}, full_matrices=False)[2] ** 2)", (), _mat, _sv_gaps, False),
        ("pinv", {"np": "np.linalg.pinv({0})", "ad": "ad.pinv({0})"}, "np.linalg.pinv({0})",
         "T.linalg.pinv({0})", (), _mat, _sv_gaps, False),
        ("expm", {"ad": "adl.expm({0})"}, "sla.expm({0})", "T.linalg.matrix_exp({0})", (),
         _square2d, None, False),
        ("sqrtm", {"ad": "adl.sqrtm({0})"}, "np.real(sla.sqrtm({0}))", None, (SPD,), _square2d,
         None, False),
        ("solve_triangular", {"ad": "adl.solve_triangular({0}, np.sin({0}), lower=True)"},
         "sla.solve_triangular({0}, np.sin({0}), lower=True)",
         "T.linalg.solve_triangular({0}, T.sin({0}), upper=False)", (LOWER,), _square2d, None,
         False),
        ("solve_sylvester", {"ad": "adl.solve_sylvester({0}, {0}.T, np.sin({0}))"},
         "sla.solve_sylvester({0}, {0}.T, np.sin({0}))", None, (WELL,), _square2d, None,
         False),
        ("lu_factor", {"ad": "adl.lu_factor({0})[0]"}, "sla.lu_factor({0})[0]", None, (WELL,),
         _square2d, None, False),
        ("lu_solve", {"ad": "adl.lu_solve(adl.lu_factor({0}), np.cos({0}))"},
         "sla.lu_solve(sla.lu_factor({0}), np.cos({0}))", None, (WELL,), _square2d, None,
         False),
        ("cho_solve", {"ad": "adl.cho_solve(adl.cho_factor({0}), np.cos({0}))"},
         "sla.cho_solve(sla.cho_factor({0}), np.cos({0}))", None, (SPD,), _square2d, None,
         False),
        ("scipy_det", {"ad": "adl.det({0})"}, "sla.det({0})", "T.linalg.det({0})", (WELL,),
         _square2d, None, False),
        ("scipy_inv", {"ad": "adl.inv({0})"}, "sla.inv({0})", "T.linalg.inv({0})", (WELL,),
         _square2d, None, False),
        ("scipy_cholesky", {"ad": "adl.cholesky({0}, lower=True)"},
         "sla.cholesky({0}, lower=True)", "T.linalg.cholesky({0})", (SPD,), _square2d, None,
         False),
        ("rfft", {"np": "np.real(np.fft.rfft({0}))"}, "np.real(np.fft.rfft({0}))",
         "T.fft.rfft({0}).real", (), lambda d, s, w: {} if s[0] and s[0][-1] else None, None,
         False),
        ("fft_imag", {"np": "np.imag(np.fft.fft({0}))"}, "np.imag(np.fft.fft({0}))",
         "T.fft.fft({0}).imag", (), lambda d, s, w: {} if s[0] and s[0][-1] else None, None,
         False),
        ("irfft", {"np": "np.fft.irfft(np.fft.rfft({0}), {0}.shape[-1])"},
         "np.fft.irfft(np.fft.rfft({0}), {0}.shape[-1])",
         "T.fft.irfft(T.fft.rfft({0}), {0}.shape[-1])", (),
         lambda d, s, w: {} if s[0] and s[0][-1] else None, None, False),
        ("fft", {"np": "np.fft.ifft(np.fft.fft({0}) * 2)"}, "np.fft.ifft(np.fft.fft({0}) * 2)",
         "T.fft.ifft(T.fft.fft({0}) * 2)", (), lambda d, s, w: {} if s[0] and s[0][-1] else
         None, None, True),
        ("fft2", {"np": "np.fft.fft2({0})"}, "np.fft.fft2({0})", "T.fft.fft2({0})", (),
         lambda d, s, w: {} if len(s[0]) >= 2 and min(s[0][-2:]) else None, None, True),
        ("signal_convolve", {"ad": "adsig.convolve({0}, np.cos({0}))"},
         "ssig.convolve({0}, np.cos({0}))", None, (),
         lambda d, s, w: {} if s[0] and min(s[0]) else None, None, False),
        ("signal_correlate", {"ad": "adsig.correlate({0}, np.cos({0}), mode='same')"},
         "ssig.correlate({0}, np.cos({0}), mode='same')", None, (),
         lambda d, s, w: {} if s[0] and min(s[0]) else None, None, False),
        ("np_convolve", {"np": "np.convolve(np.ravel({0}), np.ravel(np.cos({0})))"},
         "np.convolve(np.ravel({0}), np.ravel(np.cos({0})))", None, (),
         lambda d, s, w: {} if int(np.prod(s[0])) else None, None, False),
        # an ODE whose rate is the argument: dy/dt = -k y + sin t, y(0) = 1, at t = 0.5, 1
        ("odeint", {"ad": "adint.odeint(lambda y, t, k: -k * y + np.sin(t), np.ones({0}.shape), "
                          "np.array([0.0, 0.5, 1.0]), {0}, rtol=1e-11, atol=1e-11)[1:]"},
         "sint.odeint(lambda y, t, k: -k * y + np.sin(t), np.ones({0}.shape), "
         "np.array([0.0, 0.5, 1.0]), ({0},), rtol=1e-11, atol=1e-11)[1:]", None, (), lambda d, s, w: {}
         if len(s[0]) == 1 and s[0][0] else None, None, False),
        ("mvn_logpdf", {"ad": "adst.multivariate_normal.logpdf({0}, np.zeros({n}, np.float32), {1})"},
         "sst.multivariate_normal.logpdf({0}, np.zeros({n}, np.float32), {1})", None, ("{}", SPD), None,
         None, False),
]:
    SPECS.append(Spec(_n, 1, _ways, _ref, _t, _prep, _params, _kink, 2, _cplx))
    if _n == "odeint":
        SPECS[-1].dtypes = ("float64",)     # scipy's solver works in float64
        SPECS[-1].engine_rtol = 1e-6
        SPECS[-1].order = 1                 # (second order through the solver: the same)
    if _n in ("fft", "fft2"):
        SPECS[-1].dtypes = ("complex128",)     # a complex result: complex programs only
    if _n == "mvn_logpdf":
        SPECS[-1].arity = 2
        SPECS[-1].params = lambda draw, shapes, way: {} if len(shapes[0]) == 1 and shapes[0][0] \
            and shapes[1] == (shapes[0][0], shapes[0][0]) else None
        SPECS[-1].prep = ("{}", SPD)


# numpy accepts complex input for these too, so complex programs draw them as well.
for _s in SPECS:
    if _s.name in ("abs", "var", "std", "svdvals", "norm", "log", "sqrt", "divide", "reciprocal",
                   "power", "eigvalsh", "det", "inv", "solve", "cumsum", "cumprod",
                   "trace", "diagonal", "tril", "triu", "getitem", "getitem_int"):
        _s.complex_ok = True

SPEC_BY_NAME = {s.name: s for s in SPECS}

# Ops the fuzzer does not draw (the exclusion list): each entry cites the repro that keeps it
# out, so it comes back as soon as the cause is fixed. Keys are "op" or "op:way".
EXCLUDED: dict[str, str] = {}


def _env():
    """The names a program's sources use: numpy/scipy for the reference, autodiff's surfaces for
    the tested source."""
    return {"np": np, "sps": sps, "sla": sla, "sst": sst, "ssig": ssig, "sint": sint, "R": R,
            "ad": ad, "ads": ads, "adl": adl, "adst": adst, "adsig": adsig, "adint": adint}


# == programs =====================================================================================
@dataclass
class Step:
    spec: Spec
    way: str
    args: tuple          # indices into the value list
    params: dict

    def render(self, names, kind):
        """The step's expression over ``names`` in the source ``kind`` ("test", "ref",
        "torch")."""
        args = list(names)
        for i, a in enumerate(args):
            p = self.spec.prep[i] if i < len(self.spec.prep) else "{}"
            if p != "{}":
                n = self.params.get("_n", 1)
                prep = p.replace("{0}", "{}").replace("{n}", str(n))
                if kind == "torch":
                    prep = prep.replace("np.sin", "T.sin").replace("np.square", "T.square") \
                        .replace("np.eye", "T.eye").replace("np.float32", "T.float32") \
                        .replace("np.swapaxes", "T.transpose").replace("np.tril", "T.tril")
                args[i] = prep.format(*([a] * prep.count("{}")))
        params = {k: v for k, v in self.params.items() if not k.startswith("_")}
        if "axis" in params:
            nd = self.params["_ndim"]
            axis = params["axis"]
            params["raxis"] = "()" if nd == 0 and axis != "None" else axis
            params["tdim"] = f"tuple(range({args[0]}.ndim))" if axis == "None" else axis
            params["tdim0"] = axis
            params["tdimall"] = "tuple(range({}.ndim))".format(args[0]) if axis == "None" \
                else f"({axis},)"
        template = {"test": self.spec.ways.get(self.way), "ref": self.spec.ref,
                    "torch": self.spec.torch}[kind]
        return template.format(*args, **params, n=self.params.get("_n", 1))


@dataclass
class Program:
    shapes: list
    steps: list
    dtype: str = "float64"
    seed: int = 0
    out_shapes: list = field(default_factory=list)

    @property
    def n_inputs(self):
        return len(self.shapes)

    def lines(self, kind):
        names = [f"x{i}" for i in range(self.n_inputs)]
        out = []
        for k, step in enumerate(self.steps):
            expr = step.render([names[a] for a in step.args], kind)
            out.append(f"v{k} = {expr}")
            names.append(f"v{k}")
        return out, names[-1]

    def source(self, kind):
        body, last = self.lines(kind)
        args = ", ".join(f"x{i}" for i in range(self.n_inputs))
        return "\n".join([f"def program({args}):"] + ["    " + b for b in body]
                         + [f"    return {last}"])

    def one_line(self, kind="test"):
        """The program inlined into one expression (a repro that fits on a line)."""
        body, last = self.lines(kind)
        args = ", ".join(f"x{i}" for i in range(self.n_inputs))
        if len(body) == 1:
            return f"lambda {args}: {body[0].split(' = ', 1)[1]}"
        walrus = ", ".join(b.replace(" = ", " := ", 1) for b in body)
        return f"lambda {args}: [{walrus}][-1]"

    def function(self, kind):
        env = dict(_env(), T=torch_module() if kind == "torch" else None)
        exec(self.source(kind), env)             # noqa: S102  (our own generated code)
        return env["program"]

    def has_torch(self):
        return all(s.spec.torch for s in self.steps) and torch_module() is not None

    def order(self):
        return min([s.spec.order for s in self.steps], default=2)


def _shape_of_step(step, shapes):
    """The output shape of ``step`` on arguments of ``shapes`` (None: it does not apply)."""
    names = [f"a{i}" for i in range(len(shapes))]
    env = _env()
    for n, s in zip(names, shapes):
        env[n] = np.full(s, 0.5)
    try:
        with np.errstate(all="ignore"):
            out = eval(step.render(names, "ref"), env)      # noqa: S307
    except Exception:                                         # noqa: BLE001
        return None
    out = np.asarray(out)
    if out.size > 64 or out.ndim > 4:
        return None
    return out.shape


# == drawing programs =============================================================================
def draw_program(draw, st, hnp, dtypes=("float64", "float32"), complex_=False):
    """A random :class:`Program` (``draw`` is hypothesis's, inside ``st.composite``)."""
    n = draw(st.integers(1, 3))
    min_side = 0 if draw(st.integers(0, 7)) == 0 else 1        # an empty input now and then
    shapes = list(draw(hnp.mutually_broadcastable_shapes(
        num_shapes=n, min_dims=0, max_dims=3, min_side=min_side, max_side=3)).input_shapes)
    dtype = draw(st.sampled_from(list(dtypes) + (["complex128"] if complex_ else [])))
    specs = [s for s in SPECS if s.name not in EXCLUDED
             and (dtype != "complex128" or s.complex_ok) and (not s.dtypes or dtype in s.dtypes)]
    values = list(shapes)
    steps = []
    n_steps = draw(st.integers(3, 15))

    def pick(choices):
        return draw(st.sampled_from(list(choices)))

    for _ in range(n_steps):
        for _attempt in range(4):
            spec = draw(st.sampled_from(specs))
            ways = [w for w in WAYS if w in spec.ways
                    and f"{spec.name}:{w}" not in EXCLUDED]
            if not ways:
                continue
            way = pick(ways)
            # the newest value first: shrinking towards it keeps programs connected
            args = tuple(len(values) - 1 - draw(st.integers(0, len(values) - 1))
                         for _ in range(spec.arity))
            arg_shapes = [values[a] for a in args]
            if spec.arity == 2 and not _bcast(*arg_shapes) and spec.name not in (
                    "matmul", "einsum", "outer"):
                continue
            params = {} if spec.params is None else spec.params(pick, arg_shapes, way)
            if params is None:
                continue
            params = dict(params, _ndim=len(arg_shapes[0]),
                          _n=arg_shapes[0][-1] if arg_shapes[0] else 1)
            step = Step(spec, way, args, params)
            shape = _shape_of_step(step, arg_shapes)
            if shape is None:
                continue
            steps.append(step)
            values.append(shape)
            break
    seed = draw(st.integers(0, 2 ** 32 - 1))
    return Program(shapes, steps, dtype, seed, values[len(shapes):])


# == running programs =============================================================================
class Skip(Exception):
    """The point is not a fair test (near a kink, a domain edge, overflow, ill-conditioned)."""


class Disagreement(AssertionError):
    """Two engines (or an engine and the reference) disagree, or an engine crashed."""


# Disagreements whose cause is outside the op rules (engines, transforms, tensor): each entry is
# (name, repro, predicate(program, engine) -> bool). A matching failure is not reported, so the
# quick profile stays green while the cause waits for its fix; remove an entry once fixed.
def _has_empty(program):
    return any(0 in s for s in list(program.shapes) + list(program.out_shapes))


KNOWN_ENGINE_BUGS: list[tuple[str, str, Callable]] = [
    # (name, one-line repro, predicate(program, engine)): none open. The two this list held
    # (jacfwd of an empty argument, matmul's batch rule on an empty operand) are fixed and
    # pinned in tests/test_reliability.py.
]


_MIXED_PRODUCT = re.compile(r"expected (both vectors|m1 and m2) to have (the )?same dtype")


def _known(program, engine):
    for name, _repro, pred in KNOWN_ENGINE_BUGS:
        if pred(program, engine):
            return name
    return None


def _inputs(program):
    rng = np.random.default_rng(program.seed)
    xs = []
    for s in program.shapes:
        x = rng.uniform(-1.5, 1.5, s)
        if program.dtype == "complex128":
            x = x + 1j * rng.uniform(-1.5, 1.5, s)
        elif program.dtype == "float32":
            x = x.astype(np.float32).astype(np.float64)   # the float32 point, exactly
        xs.append(x)
    return xs, rng


def _ref_trace(program, xs):
    """The reference's intermediate values (float64 numpy), with the checks that decide whether
    the point is a fair test."""
    env = _env()
    names = []
    for i, x in enumerate(xs):
        env[f"x{i}"] = x
        names.append(f"x{i}")
    values = list(xs)
    with np.errstate(all="ignore"):
        for k, step in enumerate(program.steps):
            argnames = [names[a] for a in step.args]
            try:
                v = np.asarray(eval(step.render(argnames, "ref"), env))    # noqa: S307
            except (TypeError, ValueError, np.linalg.LinAlgError) as e:
                raise Skip(f"numpy refuses step {k}: {e}") from e
            if not np.all(np.isfinite(v)) or (v.size and np.max(np.abs(v)) > 1e3):
                raise Skip(f"step {k} overflows or leaves the domain")
            if step.spec.kink is not None:
                args = [values[a] for a in step.args]
                kw = {}
                if "axis" in step.params:
                    nd = step.params["_ndim"]
                    axis = eval(step.params["axis"])                   # noqa: S307
                    kw = {"axis": axis if nd or axis is None else (),
                          "keepdims": step.params.get("keepdims", False)}
                d = np.asarray(step.spec.kink(*args, **kw), dtype=np.float64)
                if d.size and np.min(d) < 2e-2:
                    raise Skip(f"step {k} ({step.spec.name}) is near a kink")
            env[f"v{k}"] = v
            names.append(f"v{k}")
            values.append(v)
    return values[-1]


def _fd(fun, x, direction, h):
    """4-point central difference of ``fun`` along ``direction`` at ``x``."""
    def f(t):
        v = np.asarray(fun(x + t * direction))
        return v.astype(np.complex128 if np.iscomplexobj(v) else np.float64)
    return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h)


def _fd_gradient(loss, xs, h=1e-3):
    """Finite-difference gradient of ``loss(*xs)`` per input, and an error estimate (the
    difference between steps h and h/2)."""
    grads, errs = [], []
    for i, x in enumerate(xs):
        g = np.zeros(x.shape)
        e = np.zeros(x.shape)
        for idx in np.ndindex(x.shape):
            d = np.zeros(x.shape)
            d[idx] = 1.0

            def f(xi, i=i):
                return loss(*xs[:i], xi, *xs[i + 1:])
            a, b = _fd(f, x, d, h), _fd(f, x, d, h / 2)
            g[idx], e[idx] = b, abs(a - b)
        grads.append(g)
        errs.append(e)
    return grads, errs


def _close(actual, expected, atol, rtol, what, program, xs, extra=""):
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    if actual.shape != expected.shape:
        raise Disagreement(_report(program, xs, f"{what}: shape {actual.shape} != "
                                                f"{expected.shape}" + extra))
    scale = float(np.max(np.abs(expected), initial=0.0))
    err = np.abs(actual.astype(np.complex128) - expected)
    bound = atol + rtol * scale
    if not np.all(err <= bound):
        raise Disagreement(_report(
            program, xs, f"{what}: max error {np.max(err):.3g} > {bound:.3g}\n"
                         f"  got      {np.array2string(actual.ravel()[:8], precision=6)}\n"
                         f"  expected {np.array2string(expected.ravel()[:8], precision=6)}"
            + extra))


def _report(program, xs, message):
    cast = "" if program.dtype == "float64" else f".astype(np.{program.dtype})"
    inputs = ", ".join(f"np.array({np.asarray(x).tolist()!r}){cast}" for x in xs)
    return (f"{message}\n  repro ({program.dtype}): f = {program.one_line()}\n"
            f"  inputs: ({inputs},)\n  program:\n{program.source('test')}")


def _np(t):
    if t is None:
        return None
    return np.asarray(t.numpy() if hasattr(t, "numpy") and not isinstance(t, np.ndarray) else t)


class Run:
    """One program's checks; ``engines`` limits which run (all by default)."""

    def __init__(self, program, torch=True, second_order=True):
        self.p = program
        self.torch = torch and program.has_torch()
        self.second_order = second_order and program.order() >= 2
        self.f = program.function("test")
        self.ref = program.function("ref")

    def engine(self, name, thunk):
        try:
            return thunk()
        except Disagreement:
            raise
        except Skip:
            raise
        except Exception as e:                              # noqa: BLE001
            if _known(self.p, name):
                raise Skip(f"known engine bug: {_known(self.p, name)}") from e
            if isinstance(e, RuntimeError) and _MIXED_PRODUCT.search(str(e)):
                # PyTorch's rule, which the tensor surface follows: a product of two dtypes is
                # refused (a complex value met a real one); numpy's reference promotes instead.
                raise Skip("a product of mixed dtypes, refused as PyTorch does") from e
            raise Disagreement(_report(self.p, self.xs, f"{name} crashed: "
                                       f"{type(e).__name__}: {e}")) from e

    def check(self, name, actual, expected, atol, rtol, extra=""):
        try:
            _close(actual, expected, atol, rtol, name, self.p, self.xs, extra)
        except Disagreement:
            if _known(self.p, name):
                raise Skip(f"known engine bug: {_known(self.p, name)}") from None
            raise

    def run(self):
        p = self.p
        xs, rng = _inputs(p)
        self.xs = xs
        out_ref = _ref_trace(p, xs)                 # may raise Skip
        W = rng.uniform(-1, 1, np.shape(out_ref))
        V = [rng.uniform(-1, 1, np.shape(x)) for x in xs]
        if p.dtype == "complex128":
            return self.run_complex(xs, out_ref, W, V)
        ref_loss = lambda *a: np.sum(self.ref(*a) * W)
        with np.errstate(all="ignore"):
            fd, fd_err = _fd_gradient(ref_loss, xs)
        scale = max(1.0, *(float(np.max(np.abs(g), initial=0)) for g in fd))
        for g, e in zip(fd, fd_err):
            if np.any(e > 1e-6 * scale):
                raise Skip("finite differences are unstable (a kink or a steep region)")
        self.check_float64(xs, out_ref, W, V, fd, fd_err, scale)
        if p.dtype == "float32":
            self.check_float32(xs, out_ref, W, V)

    # -- float64: every engine against finite differences and each other ----------------------
    def check_float64(self, xs, out_ref, W, V, fd, fd_err, scale):
        f, n = self.f, len(xs)
        argnums = tuple(range(n))
        loss = lambda *a: (f(*a) * W).sum()
        # forward and reverse through a numerical solver (odeint: the adjoint ODE is solved to
        # the solver's tolerance) agree to that tolerance, not to rounding
        tol = max(s.spec.engine_rtol for s in self.p.steps) * scale if self.p.steps else \
            1e-10 * scale

        out = self.engine("value", lambda: _np(f(*[ad.tensor(x) for x in xs])))
        self.check("value", out, out_ref, 1e-12 * max(1, np.max(np.abs(out_ref), initial=0)),
                   1e-9)
        g_fd = fd
        self.check_jit(xs, loss, argnums, tol)

        def fd_atol(i):
            return 1e-6 * scale + 100 * float(np.max(fd_err[i], initial=0))

        g_grad = self.engine("grad", lambda: ad.grad(loss, argnums)(*xs))
        for i in range(n):
            self.check(f"grad[{i}] vs finite differences", g_grad[i], g_fd[i], fd_atol(i), 1e-6)

        def vjp():
            o, fn = ad.vjp(f, *xs)
            return fn(W)
        g_vjp = self.engine("vjp", vjp)
        for i in range(n):
            self.check(f"vjp[{i}] vs grad", g_vjp[i], g_grad[i], tol, 1e-9)

        def backward():
            ts = [ad.tensor(x, requires_grad=True) for x in xs]
            y = loss(*ts)
            if not y.requires_grad:
                # a piecewise constant program (round, sign, ...): PyTorch would record zero
                # gradients, autodiff records nothing; both mean a zero gradient
                return [np.zeros(x.shape) for x in xs]
            y.backward()
            return [np.zeros(x.shape) if t.grad is None else _np(t.grad) for t, x in zip(ts, xs)]
        g_bw = self.engine("backward", backward)
        for i in range(n):
            self.check(f"backward[{i}] vs grad", g_bw[i], g_grad[i], tol, 1e-9)

        o_jvp, t_jvp = self.engine("jvp", lambda: ad.jvp(f, tuple(xs), tuple(V)))
        self.check("jvp value", o_jvp, out_ref, 1e-12, 1e-9)
        with np.errstate(all="ignore"):
            t_fd = _fd(lambda s: self.ref(*[x + s * v for x, v in zip(xs, V)]), 0.0, 1.0, 1e-3)
        self.check("jvp vs finite differences", t_jvp, t_fd,
                   1e-6 * scale + 100 * float(np.max(np.abs(t_fd - _fd(
                       lambda s: self.ref(*[x + s * v for x, v in zip(xs, V)]), 0.0, 1.0,
                       5e-4)), initial=0)), 1e-6)
        self.check("jvp . W vs grad . V", np.sum(np.asarray(t_jvp) * W),
                   sum(np.sum(g * v) for g, v in zip(g_grad, V)), tol * 10, 1e-9)

        def dual():
            with ad.forward.dual_level():
                duals = [ad.forward.make_dual(ad.tensor(x), ad.tensor(v)) for x, v in zip(xs, V)]
                _, t = ad.forward.unpack_dual(f(*duals))
                return np.zeros(np.shape(out_ref)) if t is None else _np(t)
        t_dual = self.engine("dual numbers", dual)
        self.check("dual numbers vs jvp", t_dual, t_jvp, tol, 1e-9)

        J_fwd = self.engine("jacfwd", lambda: ad.jacfwd(f, argnums)(*xs))
        J_rev = self.engine("jacrev", lambda: ad.jacrev(f, argnums)(*xs))
        nd = np.ndim(out_ref)
        for i in range(n):
            self.check(f"jacfwd[{i}] vs jacrev", J_fwd[i], J_rev[i], tol, 1e-9)
            self.check(f"W . jacrev[{i}] vs grad", np.tensordot(W, J_rev[i], axes=nd),
                       g_grad[i], tol, 1e-9)

        if self.second_order:
            self.check_second_order(xs, loss, g_grad, scale)
        if self.torch:
            self.check_torch(xs, out_ref, W, g_grad, scale)

    def check_jit(self, xs, loss, argnums, tol):
        """``ad.jit`` of the program and of its gradient against eager autodiff: the first call
        records, the second replays on other values of the same shapes (a value baked into the
        recording, or a replay that skips a step, shows there)."""
        f = self.f
        xs2 = [x * 0.875 + 0.0625 for x in xs]
        jf, jg = ad.jit(f), ad.jit(ad.grad(loss, argnums))
        for k, point in enumerate((xs, xs2)):
            with np.errstate(all="ignore"):
                eager = _np(f(*[ad.tensor(x) for x in point]))
                g_eager = ad.grad(loss, argnums)(*point)
            if not np.all(np.isfinite(eager)):
                return
            try:
                out = self.engine("jit", lambda: _np(jf(*[ad.tensor(x) for x in point])))
            except Disagreement as e:
                cause = e.__cause__
                if isinstance(cause, ad.ConcretizationError) and "indices" in str(cause):
                    # PyTorch's sort/topk/max(dim) read values to choose indices, which a
                    # recording refuses with this error (np.sort, a primitive, is recorded)
                    return
                raise
            self.check(f"jit value (call {k + 1}) vs eager", out, eager,
                       1e-12 * max(1, float(np.max(np.abs(eager), initial=0))), 1e-9)
            if np.asarray(out).dtype != np.asarray(eager).dtype:
                raise Disagreement(_report(self.p, xs, f"jit value dtype {np.asarray(out).dtype}"
                                                       f" != eager {np.asarray(eager).dtype}"))
            g = self.engine("jit(grad)", lambda: jg(*point))
            for i in range(len(point)):
                self.check(f"jit(grad)[{i}] (call {k + 1}) vs eager grad", g[i], g_eager[i],
                           tol + 1e-9 * float(np.max(np.abs(g_eager[i]), initial=0)), 1e-9)

    def check_second_order(self, xs, loss, g_grad, scale):
        rest = xs[1:]
        loss0 = lambda x0: loss(x0, *[ad.tensor(r) for r in rest])
        x0 = xs[0]
        rng = np.random.default_rng(self.p.seed + 1)
        U = rng.uniform(-1, 1, x0.shape)
        H = self.engine("hessian", lambda: ad.hessian(loss0)(x0))
        Hu = np.tensordot(np.asarray(H), U, axes=x0.ndim) if x0.ndim else np.asarray(H) * U
        grad0 = ad.grad(loss0)
        with np.errstate(all="ignore"):
            a = _fd(lambda z: grad0(z), x0, U, 1e-3)
            b = _fd(lambda z: grad0(z), x0, U, 5e-4)
        hscale = max(1.0, float(np.max(np.abs(b), initial=0)))
        self.check("hessian . u vs finite differences of grad", Hu, b,
                   1e-6 * hscale + 100 * float(np.max(np.abs(a - b), initial=0)), 1e-6)
        if x0.ndim == 2 or x0.ndim == 1 or x0.ndim == 0:
            Hm = np.asarray(H).reshape(x0.size, x0.size)
            self.check("hessian symmetric", Hm, Hm.T, 1e-9 * hscale, 1e-9)

        def double_backward():
            t = ad.tensor(x0, requires_grad=True)
            y = loss(t, *[ad.tensor(r) for r in rest])
            if not y.requires_grad:
                return np.zeros(x0.shape)
            y.backward(create_graph=True)
            g = t.grad
            if g is None or not g.requires_grad:
                return np.zeros(x0.shape)
            t.grad = None
            (g * ad.tensor(U)).sum().backward()
            return np.zeros(x0.shape) if t.grad is None else _np(t.grad)
        Hu_bw = self.engine("double backward", double_backward)
        self.check("double backward vs hessian . u", Hu_bw, Hu, 1e-9 * hscale, 1e-9)

    def check_torch(self, xs, out_ref, W, g_grad, scale):
        T = torch_module()
        ft = self.p.function("torch")
        try:
            ts = [T.tensor(x, dtype=T.float64, requires_grad=True) for x in xs]
            out = ft(*ts)
            (out * T.tensor(W)).sum().backward()
        except Exception as e:                              # noqa: BLE001
            raise Skip(f"torch refuses the program ({type(e).__name__}: {e})") from e
        o = out.detach().numpy()
        if o.shape != np.shape(out_ref) or not np.allclose(o, out_ref, rtol=1e-9, atol=1e-12):
            raise Skip("the torch program means something else (shape or value)")
        for i, t in enumerate(ts):
            g = np.zeros(xs[i].shape) if t.grad is None else t.grad.numpy()
            self.check(f"grad[{i}] vs torch", g_grad[i], g, 1e-9 * scale, 1e-8)

    # -- float32: every first-order engine against the float64 result at the same point ---------
    def check_float32(self, xs, out_ref, W, V):
        f, n = self.f, len(xs)
        argnums = tuple(range(n))
        x32 = [x.astype(np.float32) for x in xs]
        W32 = W.astype(np.float32)
        loss64 = lambda *a: (f(*a) * W).sum()
        loss32 = lambda *a: (f(*a) * W32).sum()
        g64 = ad.grad(loss64, argnums)(*xs)
        o32 = self.engine("value float32", lambda: _np(f(*[ad.tensor(x) for x in x32])))
        if o32.dtype != np.float32:
            raise Disagreement(_report(self.p, xs, f"value float32: dtype {o32.dtype} for "
                                                    f"float32 inputs"))
        # conditioning: how much float32 rounding already moved the value
        oscale = max(1.0, float(np.max(np.abs(out_ref), initial=0)))
        rel = float(np.max(np.abs(o32 - out_ref), initial=0)) / oscale
        if rel > 1e-4:
            raise Skip("ill-conditioned in float32")
        gscale = max(1.0, *(float(np.max(np.abs(g), initial=0)) for g in g64))
        atol = max(1e-3, 1e3 * rel) * gscale

        def grads32():
            return ad.grad(loss32, argnums)(*x32)

        def backward32():
            ts = [ad.tensor(x, requires_grad=True) for x in x32]
            y = loss32(*ts)
            if not y.requires_grad:
                return [np.zeros(x.shape, np.float32) for x in x32]
            y.backward()
            return [np.zeros(x.shape, np.float32) if t.grad is None else _np(t.grad)
                    for t, x in zip(ts, x32)]

        def vjp32():
            return ad.vjp(f, *x32)[1](W32)
        for name, thunk in [("grad float32", grads32), ("backward float32", backward32),
                            ("vjp float32", vjp32)]:
            gs = self.engine(name, thunk)
            for i in range(n):
                self.check(f"{name}[{i}] vs float64", gs[i], g64[i], atol, 1e-3)
                if np.asarray(gs[i]).dtype != np.float32:
                    raise Disagreement(_report(self.p, xs, f"{name}[{i}]: dtype "
                                               f"{np.asarray(gs[i]).dtype} for float32 input"))
        _, t64 = ad.jvp(f, tuple(xs), tuple(V))
        tscale = max(1.0, float(np.max(np.abs(_np(t64)), initial=0)))
        _, t32 = self.engine("jvp float32", lambda: ad.jvp(
            f, tuple(x32), tuple(v.astype(np.float32) for v in V)))
        self.check("jvp float32 vs float64", t32, t64, max(1e-3, 1e3 * rel) * tscale, 1e-3)
        if np.asarray(_np(t32)).dtype != np.float32:
            raise Disagreement(_report(self.p, xs, f"jvp float32: tangent dtype "
                                                    f"{np.asarray(_np(t32)).dtype}"))
        J = self.engine("jacfwd float32", lambda: ad.jacfwd(f, argnums)(*x32))
        Jr = self.engine("jacrev float32", lambda: ad.jacrev(f, argnums)(*x32))
        for i in range(n):
            self.check(f"jacfwd float32[{i}] vs jacrev", J[i], Jr[i],
                       max(1e-3, 1e3 * rel) * gscale, 1e-3)

    # -- complex: jvp against finite differences, vjp by the transpose identity ---------------
    def run_complex(self, xs, out_ref, W, V):
        f = self.f
        V = [v + 1j * np.random.default_rng(self.p.seed + 2).uniform(-1, 1, v.shape) for v in V]
        _, t = self.engine("jvp complex", lambda: ad.jvp(f, tuple(xs), tuple(V)))
        with np.errstate(all="ignore"):
            g = lambda s: self.ref(*[x + s * v for x, v in zip(xs, V)])
            a, b = _fd(g, 0.0, 1.0, 1e-3), _fd(g, 0.0, 1.0, 5e-4)
        scale = max(1.0, float(np.max(np.abs(b), initial=0)))
        self.check("jvp complex vs finite differences", t, b,
                   1e-6 * scale + 100 * float(np.max(np.abs(a - b), initial=0)), 1e-6)
        # the transpose convention: Re<W, J v> == Re<vjp(W), v> (no conjugate; the real parts,
        # since a non-holomorphic op (abs, norm) is only real-linear)
        _, fn = self.engine("vjp complex", lambda: ad.vjp(f, *xs))
        out = np.asarray(_np(t))
        W = W.astype(np.complex128) if out.dtype.kind == "c" else W.astype(np.float64)
        cts = self.engine("vjp complex", lambda: fn(W))
        self.check("vjp complex: <W, Jv> vs <vjp(W), v>",
                   np.real(sum(np.sum(np.asarray(c) * v) for c, v in zip(cts, V))),
                   np.real(np.sum(W * out)), 1e-8 * scale, 1e-8)
