"""The graph picture: DOT text with the right nodes and edges, numbers that match the calculus,
and an image with or without Graphviz."""
import re

import numpy as np
import pytest

import autodiff as ad
from autodiff import graph

X0 = 2.0


def exercise5(x0=X0):
    """f(x) = log(x^2) sin x + 1/x with every intermediate named, as in exercise 5."""
    x = ad.tensor(np.array(x0), requires_grad=True)   # a float64 array keeps its dtype
    a = x ** 2
    b = ad.log(a)
    c = ad.sin(x)
    d = b * c
    e = 1 / x
    f = d + e
    return f, dict(x=x, a=a, b=b, c=c, d=d, e=e, f=f)


def analytic_df(x):
    """d/dx [log(x^2) sin x + 1/x], by hand."""
    return 2 / x * np.sin(x) + np.log(x ** 2) * np.cos(x) - 1 / x ** 2


def parse_dot(text):
    """{name: label} and [(src name, dst name, edge label)] from the DOT text, by regex alone."""
    labels = dict(re.findall(r'^\s*(n\d+) \[label="([^"]*)"', text, re.M))
    names = {nid: lab.split("\\n")[0].split(" = ")[0] for nid, lab in labels.items()}
    edges = [(names[s], names[d], lab or "")
             for s, d, lab in re.findall(r'^\s*(n\d+) -> (n\d+)(?: \[label="([^"]*)"\])?;',
                                         text, re.M)]
    return {names[k]: v for k, v in labels.items()}, edges


def test_dot_has_the_nodes_and_edges_of_exercise5():
    f, names = exercise5()
    text = ad.graph.to_dot(f, names=names)
    assert text.startswith("digraph") and text.rstrip().endswith("}")
    labels, edges = parse_dot(text)
    assert set(labels) == set("xabcdef")
    assert sorted((s, d) for s, d, _ in edges) == sorted([
        ("x", "a"), ("a", "b"), ("x", "c"), ("b", "d"), ("c", "d"), ("x", "e"), ("d", "f"),
        ("e", "f")])
    assert "power(·, 2)" in labels["a"]
    assert "divide(1, ·)" in labels["e"]
    assert "log(·)" in labels["b"] and "sin(·)" in labels["c"]
    assert "MulBackward0" in labels["d"] and "AddBackward0" in labels["f"]
    assert "leaf" in labels["x"]


def test_unnamed_graph_and_shapes():
    x = ad.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = (x * x).sum()
    text = ad.graph.to_dot(y)
    assert text.count("->") == 3           # x -> mul twice (both arguments), mul -> sum
    assert "(2, 3)" in text                # the shapes are shown
    assert "SumBackward0" in text


def test_tangents_adjoints_and_partials_match_the_calculus():
    f, names = exercise5()
    g = graph.trace(f, names=names, with_tangents=True, with_adjoints=True, with_partials=True)
    x = X0
    # forward: each tangent is d(node)/dx, known by hand
    expected_tangent = dict(x=1.0, a=2 * x, b=2 / x, c=np.cos(x),
                            d=2 / x * np.sin(x) + np.log(x * x) * np.cos(x), e=-1 / x ** 2,
                            f=analytic_df(x))
    for name, want in expected_tangent.items():
        assert float(g.node(name).tangent) == pytest.approx(want, rel=1e-12), name
    # backward: each adjoint is df/d(node), known by hand
    expected_adjoint = dict(f=1.0, d=1.0, e=1.0, b=np.sin(x), c=np.log(x * x),
                            a=np.sin(x) / (x * x), x=analytic_df(x))
    for name, want in expected_adjoint.items():
        assert float(g.node(name).adjoint) == pytest.approx(want, rel=1e-12), name
    # each edge holds its chain-rule factor
    expected_partial = {("x", "a"): 2 * x, ("a", "b"): 1 / (x * x), ("x", "c"): np.cos(x),
                        ("b", "d"): np.sin(x), ("c", "d"): np.log(x * x),
                        ("x", "e"): -1 / x ** 2, ("d", "f"): 1.0, ("e", "f"): 1.0}
    for e in g.edges:
        key = (g.node(e.src).name, g.node(e.dst).name)
        assert float(e.partial) == pytest.approx(expected_partial[key], rel=1e-12), key
    # and the two passes arrive at the same number as backward() and finite differences
    f.backward()
    h = 1e-6
    fd = (exercise5(x + h)[0].item() - exercise5(x - h)[0].item()) / (2 * h)
    assert float(g.node("x").adjoint) == pytest.approx(fd, rel=1e-8)
    assert float(g.node("f").tangent) == pytest.approx(float(names["x"].grad), rel=1e-12)


def test_values_and_labels_in_text():
    f, names = exercise5()
    text = ad.graph.to_dot(f, names=names, show_values=True, show_grads=True,
                           show_partials=True, edge_labels={("x", "a"): "2x"})
    labels, edges = parse_dot(text)
    assert "value 4" in labels["a"]
    assert f"adjoint {analytic_df(X0):.4g}" in labels["x"]
    assert ("x", "a", "2x = 4") in edges


def test_vector_adjoints_match_backward():
    w = ad.tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    y = ad.tanh(w * 3.0).sum()
    g = graph.trace(y, names={"w": w}, with_adjoints=True)
    y.backward()
    np.testing.assert_allclose(g.node("w").adjoint, 3 * (1 - np.tanh(3 * w.detach().numpy()) ** 2))
    np.testing.assert_allclose(g.node("w").adjoint, w.grad.numpy())


def test_fallback_image_is_produced(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")   # the docs extra installs it
    matplotlib.use("Agg")
    f, names = exercise5()
    fig = ad.graph.draw(f, names=names, engine="matplotlib", show_values=True)
    assert len(fig.axes) == 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("a = power") for t in texts)
    out = ad.graph.draw(f, tmp_path / "g.png", engine="matplotlib", names=names)
    data = open(out, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


@pytest.mark.skipif(not graph.has_graphviz(), reason="Graphviz's dot is not installed")
def test_graphviz_image(tmp_path):
    f, names = exercise5()
    out = ad.graph.draw(f, tmp_path / "g.svg", engine="graphviz", names=names)
    assert "<svg" in open(out).read()


def test_errors_say_what_to_do():
    with pytest.raises(ValueError, match="requires_grad"):
        ad.graph.to_dot(ad.tensor([1.0, 2.0]))
    with pytest.raises(TypeError):
        ad.graph.to_dot(np.ones(3))
    x = ad.tensor(1.0, requires_grad=True)
    y = ad.sin(x) * 2
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph"):
        graph.trace(y, with_adjoints=True)
    with pytest.raises(ValueError, match="engine"):
        ad.graph.draw(y, engine="tikz")


def test_backward_when_a_scalar_input_is_used_three_times():
    # Regression: 0-d cotangents summed by numpy are numpy scalars, not buffers to add into.
    for dtype in (np.float32, np.float64):
        x = ad.tensor(np.array(X0, dtype=dtype), requires_grad=True)
        f = ad.log(x ** 2) * ad.sin(x) + 1 / x
        f.backward()
        assert float(x.grad) == pytest.approx(analytic_df(X0), rel=1e-6)
