"""The op table's samples against PyTorch's autograd, in float64: values, gradients (a VJP with a
random cotangent) and Hessian-vector products (PyTorch's double backward) to 1e-10 (1e-8 where
PyTorch's own trigamma limits it, see ``op_table.py``).

Skipped when torch is not installed; torch is a test-time reference only, never a dependency.
"""
import numpy as np
import pytest

import autodiff as ad
from op_table import CASES, assert_close

torch = pytest.importorskip("torch")

ROWS = [c for c in CASES if c.torch is not None and c.order >= 1]


def _torch_inputs(case):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in case.args]


def _as_numpy(grads, case):
    # force=True: torch returns its lazy "ZeroTensor" for some zero gradients
    return [np.zeros(np.shape(a)) if g is None else g.detach().numpy(force=True)
            for g, a in zip(grads, case.args)]


@pytest.mark.parametrize("case", ROWS, ids=[c.id for c in ROWS])
def test_gradients_match_torch(case):
    rng = np.random.default_rng(7)
    expected = np.asarray(case.fn(*case.args))
    v = rng.standard_normal(expected.shape)
    xs = _torch_inputs(case)
    out = case.torch(torch, *xs)
    assert_close(out.detach().numpy(), expected, case.torch_rtol, "value")

    _, vjp_fn = ad.vjp(case.fn, *case.args)
    ours = vjp_fn(v)
    theirs = torch.autograd.grad(out, xs, torch.tensor(v), allow_unused=True,
                                 create_graph=case.order >= 2)
    for k, (a, b) in enumerate(zip(ours, _as_numpy(theirs, case))):
        assert_close(a, b, case.torch_rtol, f"gradient of argument {k}")

    if case.order >= 2 and any(t is not None and t.requires_grad for t in theirs):
        # Hessian-vector product of <v, f>: torch's double backward against our rev-over-rev.
        u = [rng.standard_normal(np.shape(a)) for a in case.args]
        s = sum((t * torch.tensor(d)).sum() for t, d in zip(theirs, u) if t is not None)
        theirs2 = _as_numpy(torch.autograd.grad(s, xs, allow_unused=True), case)

        def pulled_dot_u(*args):
            return sum(ad.sum(c * d) for c, d in zip(ad.vjp(case.fn, *args)[1](v), u))

        ours2 = ad.grad(pulled_dot_u, argnums=tuple(range(len(case.args))))(*case.args)
        for k, (a, b) in enumerate(zip(ours2, theirs2)):
            assert_close(a, b, case.torch_rtol, f"Hessian-vector product, argument {k}")

