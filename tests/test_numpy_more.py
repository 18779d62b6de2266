"""The rest of numpy on tensors: functions that move elements (run by numpy on tags), numpy 2's
new names, NaN-aware reductions, polynomials, set functions, applied functions, histograms and
the composite ufuncs. Values against numpy; reverse mode against central finite differences;
forward mode against reverse mode."""
import numpy as np
import pytest

import autodiff as ad

rng = np.random.default_rng(7)
X = rng.standard_normal((3, 4))
V = rng.standard_normal(4)
POS = np.abs(V) + 0.5
DISTINCT = np.array([3.0, 1.0, 3.5, 2.0])
SAMPLE = np.array([[0.1, 0.2], [0.45, 0.8], [0.9, 0.45], [0.3, 0.65]])   # none on a bin edge


def _as_tuple(out):
    return tuple(out) if isinstance(out, tuple) else (out,)


def _weights(ref):
    return [np.cos(np.arange(np.size(r)) + 1.0).reshape(np.shape(r)) for r in _as_tuple(ref)]


def check(f, *args, atol=1e-7, fd=True):
    """f's value is numpy's; its gradient is finite differences'; jvp agrees with grad."""
    ours, ref = f(*[ad.tensor(a) for a in args]), f(*args)
    for a, b in zip(_as_tuple(ours), _as_tuple(ref)):
        b = np.asarray(b)
        assert np.asarray(a).dtype == b.dtype
        np.testing.assert_allclose(np.asarray(a), b, rtol=1e-12, atol=1e-13)
    w = _weights(ref)

    def loss(*xs):
        """A weighted sum of every output (real parts)."""
        return sum(ad.sum(ad.real(o) * wi) for o, wi in zip(_as_tuple(f(*xs)), w))

    grads = ad.grad(loss, argnums=tuple(range(len(args))))(*args)
    if fd:
        for i, (a, g) in enumerate(zip(args, grads)):
            num = np.zeros_like(a)
            for idx in np.ndindex(a.shape):
                e = np.zeros_like(a)
                e[idx] = 1e-6
                up = [b + e if j == i else b for j, b in enumerate(args)]
                down = [b - e if j == i else b for j, b in enumerate(args)]
                num[idx] = (np.real(loss(*up)) - np.real(loss(*down))) / 2e-6
            np.testing.assert_allclose(g, num, atol=atol, rtol=1e-6)
    tangents = [rng.standard_normal(np.shape(a)) for a in args]
    _, tangent = ad.jvp(loss, tuple(args), tuple(tangents))
    np.testing.assert_allclose(tangent, sum(np.sum(g * t) for g, t in zip(grads, tangents)),
                               atol=1e-9)


CASES = {
    # moved by numpy on tags
    "delete": (lambda a: np.delete(a, [0, 2], axis=1), X),
    "delete flat": (lambda a: np.delete(a, -5), X),
    "insert": (lambda a, b: np.insert(a, 1, b, axis=0), X, V),
    "insert several": (lambda a, b: np.insert(a, [1, 3], b[:2]), X, V),
    "insert broadcast": (lambda a, b: np.insert(a, 2, b[0], axis=1), X, V),
    "resize": (lambda a: np.resize(a, (5, 5)), X),
    "compress": (lambda a: np.compress([True, False, True], a, axis=0), X),
    "extract": (lambda a: np.extract(X > 0, a), X),
    "choose": (lambda a, b: np.choose(np.array([[0, 1, 0, 1]] * 3), [a, b]), X, V),
    "diagflat": (lambda a: np.diagflat(a, 1), V),
    "sort_complex": (lambda a: np.sort_complex(a), V),
    "unstack": (lambda a: np.unstack(a, axis=1), X),
    # aliases and shapes
    "broadcast_arrays": (lambda a, b: np.broadcast_arrays(a, b), X, V),
    "ediff1d": (lambda a, b: np.ediff1d(a, to_end=b[:2], to_begin=b[0]), X, V),
    "concat": (lambda a, b: np.concat([a, b[None]]), X, V),
    "permute_dims": (lambda a: np.permute_dims(a, (1, 0)), X),
    "matrix_transpose": (lambda a: np.matrix_transpose(a), X),
    "linalg.matmul": (lambda a: np.linalg.matmul(a, a.T), X),
    "linalg.tensordot": (lambda a: np.linalg.tensordot(a, a, axes=2), X),
    "linalg.trace": (lambda a: np.linalg.trace(a[:3, :3], offset=1), X),
    "linalg.diagonal": (lambda a: np.linalg.diagonal(a), X),
    "linalg.cross": (lambda a, b: np.linalg.cross(a[:3], b[1:]), V, V),
    "linalg.vector_norm": (lambda a: np.linalg.vector_norm(a), X),
    "linalg.vector_norm axis": (lambda a: np.linalg.vector_norm(a, axis=1, ord=3,
                                                                keepdims=True), X),
    # sequences
    "logspace": (lambda a, b: np.logspace(a[0], b[0], 5), V, POS),
    "logspace base 2": (lambda a, b: np.logspace(a[0], b[0], 5, base=2.0, endpoint=False), V,
                        POS),
    "geomspace": (lambda a, b: np.geomspace(a[0], b[1], 6), POS, 3 * POS),
    "geomspace arrays": (lambda a, b: np.geomspace(a[:2], b[1:3], 4, axis=1), POS, 3 * POS),
    "geomspace negative": (lambda a, b: np.geomspace(-a[:2], -b[1:3], 4, endpoint=False), POS,
                           3 * POS),
    "vander": (lambda a: np.vander(a), V),
    "vander increasing": (lambda a: np.vander(a, 3, increasing=True), V),
    "unwrap": (lambda a: np.unwrap(5 * a), V),
    # NaN-aware
    "nancumsum": (lambda a: np.nancumsum(a, axis=1), X),
    "nancumprod": (lambda a: np.nancumprod(a), X),
    "nanprod": (lambda a: np.nanprod(a, axis=0), X),
    "nanvar": (lambda a: np.nanvar(a, axis=1, ddof=1), X),
    "nanstd": (lambda a: np.nanstd(a), X),
    "nanmedian": (lambda a: np.nanmedian(a, axis=1), X),
    "nanquantile": (lambda a: np.nanquantile(a, [0.2, 0.7], axis=0), X),
    "nanpercentile": (lambda a: np.nanpercentile(a, 30, axis=1, keepdims=True), X),
    # polynomials
    "polyadd": (lambda a, b: np.polyadd(a, b[:2]), V, V),
    "polysub": (lambda a, b: np.polysub(a[:2], b), V, V),
    "polymul": (lambda a, b: np.polymul(a, b[:3]), V, V),
    "polyder": (lambda a: np.polyder(a, 2), V),
    "polyint": (lambda a: np.polyint(a, 2, k=[1.0, 2.0]), V),
    "polydiv": (lambda a, b: np.polydiv(a, b[:2]), V, POS),
    "polyfit": (lambda a, b: np.polyfit(a, b, 2), np.linspace(0, 1, 6), rng.standard_normal(6)),
    "polyfit weighted": (lambda a, b, w: np.polyfit(a, b, 1, w=w), np.linspace(0, 1, 6),
                         rng.standard_normal(6), np.linspace(1, 2, 6)),
    "polyfit 2-D y": (lambda a, b: np.polyfit(a, b, 2), np.linspace(0, 1, 6),
                      rng.standard_normal((6, 2))),
    "roots": (lambda a: np.roots(a), np.array([1.0, -3.0, 2.0])),
    "poly": (lambda a: np.poly(a), V),
    "poly of a matrix": (lambda a: np.poly(a), X[:3, :3]),
    # applied functions
    "apply_along_axis": (lambda a: np.apply_along_axis(lambda r: r[:2] * r.sum(), 1, a), X),
    "apply_along_axis scalar": (lambda a: np.apply_along_axis(np.sum, 0, a), X),
    "apply_over_axes": (lambda a: np.apply_over_axes(np.sum, a, [0, 1]), X),
    "piecewise": (lambda a: np.piecewise(a, [X < 0, X > 0.5], [lambda t: t ** 2,
                                                               lambda t: 3 * t, 7.0]), X),
    # counting with weights
    "bincount": (lambda w: np.bincount(np.array([0, 2, 2, 5]), weights=w), V),
    "histogram weights": (lambda a, w: np.histogram(a, 3, weights=w),
                          np.array([0.1, 0.5, 0.9, 0.3]), V),
    "histogram density": (lambda a: np.histogram(a, 3, density=True),
                          np.array([0.1, 0.5, 0.9, 0.3])),
    "histogram auto bins": (lambda a: np.histogram(a, "auto"), np.array([0.1, 0.5, 0.9, 0.3])),
    "histogram range": (lambda a, w: np.histogram(a, 4, range=(0, 1), weights=w), SAMPLE[:, 0],
                        V),
    "histogram_bin_edges": (lambda a: np.histogram_bin_edges(a, 5), SAMPLE[:, 0]),
    "histogram_bin_edges one value": (lambda a: np.histogram_bin_edges(a[:1] * np.ones(3), 5),
                                      SAMPLE[:, 0]),
    "histogram2d": (lambda x, y, w: np.histogram2d(x, y, 2, weights=w), SAMPLE[:, 0],
                    SAMPLE[:, 1], V),
    "histogram2d density": (lambda x, y: np.histogram2d(x, y, [2, 3], density=True),
                            SAMPLE[:, 0], SAMPLE[:, 1]),
    "histogramdd": (lambda s, w: (lambda h: (h[0], *h[1]))(np.histogramdd(s, 2, weights=w)),
                    SAMPLE, V),
    "histogramdd range": (lambda s: np.histogramdd(s, 2, range=[(0, 1), (0, 1)])[0], SAMPLE),
    # linear algebra, fft, special
    "cond": (lambda a: np.linalg.cond(a), X[:3, :3]),
    "cond -2": (lambda a: np.linalg.cond(a, -2), X[:3, :3]),
    "cond fro": (lambda a: np.linalg.cond(a, "fro"), X[:3, :3]),
    "tensorinv": (lambda a: np.linalg.tensorinv(a.reshape(4, 2, 2, 4) + 3 * np.eye(8).reshape(
        4, 2, 2, 4), ind=2), rng.standard_normal((4, 2, 8))),
    "tensorsolve": (lambda a, b: np.linalg.tensorsolve(a + 3 * np.eye(6).reshape(6, 2, 3), b),
                    rng.standard_normal((6, 2, 3)), rng.standard_normal(6)),
    "fft.hfft": (lambda a: np.fft.hfft(a, 6), V),
    "fft.ihfft": (lambda a: np.fft.ihfft(a, norm="ortho"), V),
    "i0": (lambda a: np.i0(a), V),
    # set functions on distinct values
    "unique": (lambda a: np.unique(a), DISTINCT),
    "unique with counts": (lambda a: np.unique(a, return_index=True, return_counts=True)[0],
                           DISTINCT),
    "union1d": (lambda a, b: np.union1d(a, b), DISTINCT[:3], np.array([2.0, 1.5])),
    "intersect1d": (lambda a, b: np.intersect1d(a, b), DISTINCT, np.array([2.0, 1.0, 3.0])),
    "setdiff1d": (lambda a, b: np.setdiff1d(a, b), DISTINCT, np.array([2.0, 1.0])),
    "setxor1d": (lambda a, b: np.setxor1d(a, b), DISTINCT[:3], np.array([2.0, 1.0])),
    "unique_values": (lambda a: np.unique_values(a), DISTINCT),
    # composite ufuncs
    "ldexp": (lambda a: np.ldexp(a, np.array([1, 2, -1, 0])), V),
    "frexp": (lambda a: np.frexp(a)[0], 10 * V),
    "modf": (lambda a: np.modf(3 * a), V),
    "divmod": (lambda a, b: np.divmod(a, b)[1], 3 * V, POS),
    "nextafter": (lambda a: np.nextafter(a, 0.0), V),
    "heaviside away from 0": (lambda a, b: np.heaviside(a, b), V, POS),
}


# Equal elements in both arguments decide these results: a finite-difference step on one of
# them changes the result's length, so only the two modes are compared there.
NO_FINITE_DIFFERENCES = {"intersect1d", "setdiff1d", "setxor1d"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_value_gradient_and_forward_mode(name):
    f, *args = CASES[name]
    check(f, *args, fd=name not in NO_FINITE_DIFFERENCES)


def test_set_functions_send_the_derivative_to_the_first_occurrence():
    x = np.array([3.0, 1.0, 3.0, 2.0])
    g = ad.grad(lambda a: ad.sum(np.unique(a) * np.array([10.0, 20.0, 30.0])))(x)
    np.testing.assert_array_equal(g, [30.0, 10.0, 0.0, 20.0])


def test_heaviside_takes_the_derivative_of_its_value_at_zero():
    g = ad.grad(lambda h: ad.sum(np.heaviside(np.array([-1.0, 0.0, 2.0, 0.0]), h)))(
        np.array([0.5, 0.3, 0.2, 0.1]))
    np.testing.assert_array_equal(g, [0.0, 1.0, 0.0, 1.0])


def test_trim_zeros_keeps_numpy_shape_and_the_kept_elements_derivative():
    a = np.array([0.0, 0.0, 1.5, 2.0, 0.0, 3.0, 0.0])
    np.testing.assert_array_equal(np.trim_zeros(ad.tensor(a)), np.trim_zeros(a))
    np.testing.assert_array_equal(np.trim_zeros(ad.tensor(a), "f"), np.trim_zeros(a, "f"))
    g = ad.grad(lambda t: ad.sum(np.trim_zeros(t) * np.arange(1.0, 5.0)))(a)
    np.testing.assert_array_equal(g, [0, 0, 1, 2, 3, 4, 0])
    z = np.zeros((4, 5))
    z[1:3, 1:4] = 1.0
    assert np.trim_zeros(ad.tensor(z), axis=1).shape == np.trim_zeros(z, axis=1).shape


def test_values_only_functions_give_numpys_values():
    x = ad.tensor(np.array([np.inf, -np.inf, 1.0, np.nan]))
    np.testing.assert_array_equal(np.isposinf(x), [True, False, False, False])
    np.testing.assert_array_equal(np.nanargmax(ad.tensor(V)), np.nanargmax(V))
    np.testing.assert_array_equal(np.digitize(ad.tensor(V), [0.0]), np.digitize(V, [0.0]))
    np.testing.assert_array_equal(np.bincount(ad.tensor(np.array([0, 2, 2]))), [1, 0, 2])
    assert np.linalg.matrix_rank(ad.tensor(X)) == np.linalg.matrix_rank(X)


@pytest.mark.parametrize("call, hint", [
    (lambda t: np.put(t, [0], 3.0), "t\\[idx\\] = v"),
    (lambda t: np.copyto(t, 1.0), "assign the result"),
    (lambda t: np.fill_diagonal(t, 1.0), "ad.where"),
    (lambda t: np.polyfit(t[0], t[1], 1, full=True), "full"),
    (lambda t: np.place(t, t > 0, 1.0), "ad.where"),
])
def test_in_place_and_unsupported_requests_say_what_to_do(call, hint):
    with pytest.raises(TypeError, match=hint):
        call(ad.tensor(X))


def test_the_coverage_table_lists_every_numpy_function_and_why_some_raise():
    from autodiff.numpy_api import coverage
    table = coverage()
    assert table["numpy.delete"] == "differentiated"
    assert table["numpy.acos"] == "differentiated"         # numpy 2's alias of arccos
    assert table["numpy.isposinf"] == "values only"
    assert table["numpy.put"] == "raises TypeError (writes in place)"
    for name, func in [(n, getattr(np, n)) for n in dir(np) if not n.startswith("_")]:
        if isinstance(func, np.ufunc) or hasattr(func, "_implementation"):
            assert f"numpy.{name}" in table, name
