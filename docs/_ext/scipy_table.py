"""The differentiable scipy functions, found by differentiating each one at build time.

Every public function of ``autodiff.scipy.{special, stats, linalg, signal, integrate}`` is
called at a sample point (below) and differentiated with respect to each argument, in forward
mode (``ad.jvp``) and in reverse mode (``ad.vjp``). The table says which arguments have a
derivative, which raise :class:`~autodiff.scipy.special.NoClosedFormError` (and why, from the
error itself), and which are integers (counts, orders) that only take whole values. Nothing in
the table is written by hand: a new function without a sample point, or one whose derivative
fails any other way, stops the docs build.

Used by ``autodiff_docs`` at build time and by ``tests/test_docs_html.py``.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect

import numpy as np

MODULES = ("special", "stats", "linalg", "signal", "integrate")

_SPD = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.2]])
_VEC = np.array([0.3, -0.2, 0.5])
_BAND = np.array([[0.0, 0.4, 0.3], [2.0, 1.8, 1.6], [0.2, 0.1, 0.0]])   # (1, 1) band

# Sample points by argument name, for the functions whose arguments are scalars.
_SCALARS = {"x": 0.4, "q": 0.3, "a": 2.5, "b": 1.5, "df": 4.0, "loc": 0.2, "scale": 1.3,
            "mu": 2.5, "p": 0.3, "k": 2, "n": 5, "v": 1.5, "z": 0.7, "t": 0.4, "y": 0.7,
            "d": 2, "s": 0.8, "c": 0.5, "kappa": 2.0, "beta": 1.5, "m": 1.5}
# Argument names of scipy.special's functions with more than one argument (scipy's spelling,
# the one NoClosedFormError uses); one-argument functions take ``x``.
_SPECIAL_ARGS = {
    "beta": "ab", "betaln": "ab", "betainc": "abx", "gammainc": "ax", "gammaincc": "ax",
    "stdtr": ("df", "t"), "xlogy": "xy", "xlog1py": "xy", "jv": "vz", "yv": "vz", "iv": "vz",
    "ive": "vz", "kv": "vz", "jn": "nx", "yn": "nx", "polygamma": "nx", "multigammaln": "ad",
    "expn": "nx", "zeta": "xq", "poch": "zm", "factorial": "n", "rel_entr": "xy", "kl_div": "xy",
    "huber": ("delta", "r"), "pseudo_huber": ("delta", "r"), "boxcox": ("x", "lmbda"),
    "boxcox1p": ("x", "lmbda"), "inv_boxcox": ("y", "lmbda"), "inv_boxcox1p": ("y", "lmbda"),
    "kve": "vz", "hyp1f1": "abx", "owens_t": ("h", "a"), "ndtri_exp": "y",
    "gammaincinv": "ay", "gammainccinv": "ay", "betaincinv": "aby", "kn": "nx",
    "hyp2f1": "abcz", "wrightomega": "z", "stdtrit": ("df", "p"),
}
_SPECIAL_SAMPLES = {"polygamma": {"n": 1}, "jn": {"n": 2}, "yn": {"n": 2}, "multigammaln":
                    {"a": 2.5, "d": 2}, "expn": {"n": 2}, "zeta": {"x": 3.5, "q": 1.5},
                    "poch": {"m": 1.5}, "factorial": {"n": 3.5},
                    "huber": {"delta": 1.0, "r": 1.6}, "pseudo_huber": {"delta": 1.0, "r": 0.4},
                    "boxcox": {"lmbda": 0.5}, "boxcox1p": {"lmbda": 0.5},
                    "inv_boxcox": {"lmbda": 0.5}, "inv_boxcox1p": {"lmbda": 0.5},
                    "owens_t": {"h": 0.5, "a": 0.7}, "ndtri_exp": {"y": -0.7},
                    "hyp2f1": {"c": 3.0, "z": 0.4}}
_STATS_SAMPLES = {"bernoulli": {"k": 0, "loc": 0}, "binom": {"loc": 0}, "poisson": {"loc": 0},
                  "pareto": {"x": 2.5}, "truncnorm": {"a": -0.5, "b": 1.5},
                  "geom": {"loc": 0}, "nbinom": {"loc": 0, "n": 2.5},
                  "betabinom": {"loc": 0}}


def _first(out):
    """The first array of a function's result (``cho_factor`` gives ``(c, lower)``)."""
    while isinstance(out, tuple):
        out = out[0]
    return out


# Functions whose arguments are arrays: (argument names, sample values, call).
_ARRAYS = {
    "special.logsumexp": (("a", "b"), (_VEC, np.array([1.0, 2.0, 0.5])),
                          lambda m, a, b: m.logsumexp(a, b=b)),
    "special.softmax": (("x",), (_VEC,), lambda m, x: m.softmax(x)),
    "special.log_softmax": (("x",), (_VEC,), lambda m, x: m.log_softmax(x)),
    "stats.dirichlet.logpdf": (("x", "alpha"), (np.array([0.2, 0.3, 0.5]), _VEC + 1.0),
                               lambda m, x, a: m.logpdf(x, a)),
    "stats.dirichlet.pdf": (("x", "alpha"), (np.array([0.2, 0.3, 0.5]), _VEC + 1.0),
                            lambda m, x, a: m.pdf(x, a)),
    "stats.dirichlet.mean": (("alpha",), (_VEC + 1.0,), lambda m, a: m.mean(a)),
    "stats.dirichlet.var": (("alpha",), (_VEC + 1.0,), lambda m, a: m.var(a)),
    "stats.dirichlet.entropy": (("alpha",), (_VEC + 1.0,), lambda m, a: m.entropy(a)),
    "stats.multivariate_normal.logpdf": (("x", "mean", "cov"), (_VEC, 0.5 * _VEC, _SPD),
                                         lambda m, x, mu, c: m.logpdf(x, mu, c)),
    "stats.multivariate_normal.pdf": (("x", "mean", "cov"), (_VEC, 0.5 * _VEC, _SPD),
                                      lambda m, x, mu, c: m.pdf(x, mu, c)),
    "stats.multivariate_normal.cdf": (
        ("x", "mean", "cov", "lower_limit"), (_VEC, 0.5 * _VEC, _SPD[:2, :2], _VEC - 2.0),
        lambda m, x, mu, c, lo: m.cdf(x[:2], mu[:2], c, lower_limit=lo[:2])),
    "stats.multivariate_normal.logcdf": (
        ("x", "mean", "cov", "lower_limit"), (_VEC, 0.5 * _VEC, _SPD[:2, :2], _VEC - 2.0),
        lambda m, x, mu, c, lo: m.logcdf(x[:2], mu[:2], c, lower_limit=lo[:2])),
    "stats.multivariate_normal.entropy": (("mean", "cov"), (_VEC, _SPD),
                                          lambda m, mu, c: m.entropy(mu, c)),
    "stats.entropy": (("pk", "qk"), (_VEC + 1.0, np.array([0.5, 1.0, 2.0])),
                      lambda m, p, q: m.entropy(p, q)),
    "stats.zscore": (("a",), (_VEC,), lambda m, a: m.zscore(a)),
    "stats.gmean": (("a", "weights"), (_VEC + 1.0, np.array([0.5, 1.0, 2.0])),
                    lambda m, a, w: m.gmean(a, weights=w)),
    "stats.hmean": (("a", "weights"), (_VEC + 1.0, np.array([0.5, 1.0, 2.0])),
                    lambda m, a, w: m.hmean(a, weights=w)),
    "stats.skew": (("a",), (np.append(_VEC, 1.0),), lambda m, a: m.skew(a)),
    "stats.kurtosis": (("a",), (np.append(_VEC, 1.0),), lambda m, a: m.kurtosis(a)),
    "stats.moment": (("a", "center"), (_VEC, 0.1), lambda m, a, c: m.moment(a, 3, center=c)),
    "stats.sem": (("a",), (_VEC,), lambda m, a: m.sem(a)),
    "stats.variation": (("a",), (_VEC + 1.0,), lambda m, a: m.variation(a)),
    "linalg.cho_factor": (("a",), (_SPD,), lambda m, a: m.cho_factor(a)),
    "linalg.cho_solve": (("c", "b"), (np.linalg.cholesky(_SPD).T, _VEC),
                         lambda m, c, b: m.cho_solve((c, False), b)),
    "linalg.cholesky": (("a",), (_SPD,), lambda m, a: m.cholesky(a)),
    "linalg.det": (("a",), (_SPD,), lambda m, a: m.det(a)),
    "linalg.eigh": (("a", "b"), (_SPD, np.eye(3) + 0.1 * _SPD),
                    lambda m, a, b: m.eigh(a, b, eigvals_only=True)),
    "linalg.expm": (("A",), (0.3 * _SPD,), lambda m, a: m.expm(a)),
    "linalg.inv": (("a",), (_SPD,), lambda m, a: m.inv(a)),
    "linalg.lu_factor": (("a",), (_SPD,), lambda m, a: m.lu_factor(a)),
    "linalg.lu_solve": (("lu", "b"), (_SPD, _VEC),
                        lambda m, a, b: m.lu_solve(m.lu_factor(a), b)),
    "linalg.solve_banded": (("ab", "b"), (_BAND, _VEC),
                            lambda m, ab, b: m.solve_banded((1, 1), ab, b)),
    "linalg.solve_sylvester": (("a", "b", "q"), (_SPD, 0.5 * _SPD, np.outer(_VEC, _VEC)),
                               lambda m, a, b, q: m.solve_sylvester(a, b, q)),
    "linalg.solve_triangular": (("a", "b"), (np.triu(_SPD), _VEC),
                                lambda m, a, b: m.solve_triangular(a, b)),
    "linalg.sqrtm": (("a",), (_SPD,), lambda m, a: m.sqrtm(a)),
    "linalg.block_diag": (("a", "b"), (_SPD[:2, :2], _VEC[:, None]),
                          lambda m, a, b: m.block_diag(a, b)),
    "linalg.circulant": (("c",), (_VEC,), lambda m, c: m.circulant(c)),
    "linalg.toeplitz": (("c", "r"), (_VEC, _VEC[::-1]), lambda m, c, r: m.toeplitz(c, r)),
    "linalg.hankel": (("c", "r"), (_VEC, _VEC[::-1]), lambda m, c, r: m.hankel(c, r)),
    "linalg.eig": (("a",), (_SPD,), lambda m, a: m.eig(a)[0]),
    "linalg.eigvals": (("a",), (_SPD,), lambda m, a: m.eigvals(a)),
    "linalg.lstsq": (("a", "b"), (np.vstack([_SPD, _VEC]), np.arange(4.0)),
                     lambda m, a, b: m.lstsq(a, b)[0]),
    "linalg.norm": (("a",), (_SPD,), lambda m, a: m.norm(a)),
    "linalg.pinv": (("a",), (_SPD[:, :2],), lambda m, a: m.pinv(a)),
    "linalg.polar": (("a",), (_SPD,), lambda m, a: m.polar(a)[1]),
    "linalg.qr": (("a",), (_SPD,), lambda m, a: m.qr(a)[1]),
    "linalg.svd": (("a",), (_SPD,), lambda m, a: m.svd(a, compute_uv=False)),
    "signal.convolve2d": (("in1", "in2"), (np.outer(_VEC, _VEC), _SPD[:2, :2]),
                          lambda m, a, b: m.convolve2d(a, b)),
    "signal.correlate2d": (("in1", "in2"), (np.outer(_VEC, _VEC), _SPD[:2, :2]),
                           lambda m, a, b: m.correlate2d(a, b)),
    "signal.fftconvolve": (("in1", "in2"), (np.arange(5.0), _VEC),
                           lambda m, a, b: m.fftconvolve(a, b)),
    "signal.oaconvolve": (("in1", "in2"), (np.arange(5.0), _VEC),
                          lambda m, a, b: m.oaconvolve(a, b)),
    "integrate.trapezoid": (("y", "x"), (_VEC, np.array([0.0, 0.4, 1.0])),
                            lambda m, y, x: m.trapezoid(y, x)),
    "integrate.cumulative_trapezoid": (("y", "x"), (_VEC, np.array([0.0, 0.4, 1.0])),
                                       lambda m, y, x: m.cumulative_trapezoid(y, x)),
    "integrate.simpson": (("y", "x"), (_VEC, np.array([0.0, 0.4, 1.0])),
                          lambda m, y, x: m.simpson(y, x)),
    "stats.multinomial.logpmf": (("x", "n", "p"), (np.array([1, 2, 2]), 5,
                                                   np.array([0.2, 0.3, 0.5])),
                                 lambda m, x, n, p: m.logpmf(x, n, p)),
    "stats.multinomial.pmf": (("x", "n", "p"), (np.array([1, 2, 2]), 5,
                                                np.array([0.2, 0.3, 0.5])),
                              lambda m, x, n, p: m.pmf(x, n, p)),
    "signal.convolve": (("in1", "in2"), (np.arange(5.0), _VEC),
                        lambda m, a, b: m.convolve(a, b)),
    "signal.correlate": (("in1", "in2"), (np.arange(5.0), _VEC),
                         lambda m, a, b: m.correlate(a, b)),
    "integrate.odeint": (("y0", "t", "args"), (np.array([1.0, 0.5]), np.array([0.0, 0.5]),
                                               np.array([-0.5, 0.2])),
                         lambda m, y0, t, a: m.odeint(lambda y, s, c: c * y, y0, t, (a,))),
}


@dataclasses.dataclass
class Entry:
    name: str                       # e.g. "stats.norm.logpdf"
    differentiable: list[str]
    zero: list[str]                 # a zero derivative in both modes (``gammasgn``, ``loc``
                                    # of an entropy)
    no_closed_form: list[str]       # NoClosedFormError, in both modes
    not_implemented: list[str]      # refused with an error that says so
    integer: list[str]              # counts and orders: whole values only


def _functions():
    """``(dotted name, module object, function name)`` of every public scipy function."""
    for mod_name in MODULES:
        mod = importlib.import_module(f"autodiff.scipy.{mod_name}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.ismodule(obj):                    # a stats distribution
                for fn in obj.__all__:
                    if not inspect.isclass(getattr(obj, fn)):       # an error class
                        yield f"{mod_name}.{name}.{fn}", obj, fn
            elif callable(obj) and not inspect.isclass(obj):
                yield f"{mod_name}.{name}", mod, name


def _sample(dotted: str, owner, fn_name: str):
    """Argument names, sample values and a call ``call(*values)`` for one function."""
    if dotted in _ARRAYS:
        names, values, call = _ARRAYS[dotted]
        return names, values, lambda *v: call(owner, *v)
    fn = getattr(owner, fn_name)
    if dotted.startswith("special."):
        names = tuple(_SPECIAL_ARGS.get(fn_name, "x"))
        samples = {**_SCALARS, **_SPECIAL_SAMPLES.get(fn_name, {})}
        return names, tuple(samples[a] for a in names), fn
    params = [p for p in inspect.signature(fn).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    missing = [p.name for p in params if p.name not in _SCALARS]
    if missing:
        raise RuntimeError(f"scipy_table: no sample value for {dotted}({', '.join(missing)}); "
                           f"add it to docs/_ext/scipy_table.py")
    names = tuple(p.name for p in params)
    samples = {**_SCALARS, **_STATS_SAMPLES.get(dotted.split(".")[1], {})}
    return names, tuple(samples[a] for a in names), fn


def _probe(call, values, i):
    """Differentiate ``call`` in argument ``i`` in both modes: "yes", "zero" (both modes give an
    exactly zero derivative: piecewise constant, or independent of it) or "no closed form"."""
    import autodiff as ad
    from autodiff.core import MissingRuleError
    from autodiff.scipy.special import NoClosedFormError

    def along(v):
        """The function of argument ``i`` alone, reduced to one number."""
        args = list(values)
        args[i] = v
        out = _first(call(*args))
        weights = np.cos(np.arange(np.size(out)) + 1.0).reshape(np.shape(out))
        return ad.sum(weights * out)             # weighted: the sum of a softmax is constant

    x = np.asarray(values[i], dtype=np.float64)
    try:
        _, tangent = ad.jvp(along, (x,), (np.ones_like(x),))
        _, pull = ad.vjp(along, x)
        cotangent = pull(np.float64(1.0))
    except NoClosedFormError:
        return "no closed form"
    except (MissingRuleError, TypeError) as err:
        if "not implemented" not in str(err):
            raise
        return "not implemented"
    flat = np.concatenate([np.ravel(tangent), np.ravel(cotangent)])
    return "zero" if not np.any(flat) else "yes"


def entries() -> list[Entry]:
    """One entry per public function of ``autodiff.scipy``."""
    out = []
    for dotted, owner, fn_name in _functions():
        names, values, call = _sample(dotted, owner, fn_name)
        entry = Entry(dotted, [], [], [], [], [])
        for i, (name, value) in enumerate(zip(names, values)):
            if isinstance(value, int) or np.asarray(value).dtype.kind in "iu":
                entry.integer.append(name)
                continue
            try:
                with np.errstate(all="raise"):
                    kind = _probe(call, values, i)
            except Exception as err:             # a bug to fix, not a table entry to hide
                raise RuntimeError(f"scipy_table: differentiating {dotted} in '{name}' "
                                   f"failed: {type(err).__name__}: {err}") from err
            {"yes": entry.differentiable, "zero": entry.zero,
             "no closed form": entry.no_closed_form,
             "not implemented": entry.not_implemented}[kind].append(name)
        out.append(entry)
    return out


def _cell(names):
    return " ".join(f"``{n}``" for n in names) if names else "--"


def rst() -> str:
    """The tables, one per module, as reStructuredText."""
    all_entries = entries()
    parts = [f"{len(all_entries)} functions, each differentiated at build time in every "
             f"argument, in both modes.\n"]
    for mod_name in MODULES:
        rows = [e for e in all_entries if e.name.split(".")[0] == mod_name]
        parts += [f".. list-table:: ``autodiff.scipy.{mod_name}``", "   :header-rows: 1",
                  "   :widths: 26 24 14 22 14", "",
                  "   * - function", "     - differentiable in",
                  "     - zero derivative",
                  "     - raises", "     - integers only"]
        for e in rows:
            raises = [f"``{n}`` (no closed form)" for n in e.no_closed_form] + [
                f"``{n}`` (not implemented)" for n in e.not_implemented]
            parts += [f"   * - ``{e.name.split('.', 1)[1]}``",
                      f"     - {_cell(e.differentiable)}", f"     - {_cell(e.zero)}",
                      f"     - {' '.join(raises) or '--'}", f"     - {_cell(e.integer)}"]
        parts.append("")
    return "\n".join(parts)
