"""No false alarms: the library's own ops, whose rules are right, pass at order 2.

Each case is a small function around one or two ops (broadcasting, reductions, indexing, shape
ops, numpy's protocols); a checker that flags any of them would be crying wolf.
"""
import numpy as np
import pytest

import autodiff as ad

rng = np.random.default_rng(0)
A = rng.standard_normal((2, 3)); B = rng.standard_normal((3,)); P = np.abs(rng.standard_normal((2,3))) + 0.5
cases = {
 "broadcast mul": (lambda a, b: a * b, (A, B)),
 "div": (lambda a, b: a / (b * b + 1), (A, B)),
 "pow const": (lambda a: a ** 3, (A,)),
 "pow both": (lambda p, b: p ** b, (P, B)),
 "matmul": (lambda a, b: a @ b, (A, B)),
 "matmul mm": (lambda a: a @ a.T, (A,)),
 "dot": (lambda b: ad.dot(b, b), (B,)),
 "sum axis": (lambda a: a.sum(dim=0), (A,)),
 "mean": (lambda a: a.mean(), (A,)),
 "norm": (lambda a: ad.norm(a), (A,)),
 "norm dim": (lambda a: ad.norm(a, dim=1), (A,)),
 "amax": (lambda a: ad.amax(a), (A,)),
 "maximum": (lambda a, b: ad.maximum(a, b), (A, B)),
 "where": (lambda a: ad.where(a > 0, a * a, -a), (A,)),
 "exp log": (lambda p: ad.log(ad.exp(p) + p), (P,)),
 "sqrt": (lambda p: ad.sqrt(p), (P,)),
 "sigmoid tanh": (lambda a: ad.sigmoid(a) * ad.tanh(a), (A,)),
 "cos": (lambda a: ad.cos(a), (A,)),
 "getitem": (lambda a: a[0, 1:] * a[1, :2], (A,)),
 "getitem adv": (lambda a: a[[0, 1, 1], [2, 0, 2]], (A,)),
 "reshape T": (lambda a: a.reshape(3, 2).T * a, (A,)),
 "cat": (lambda a, b: ad.cat([a.reshape(-1), b]), (A, B)),
 "stack": (lambda b: ad.stack([b, b * b]), (B,)),
 "numpy ufuncs": (lambda a: np.sin(a) * np.exp(a), (A,)),
 "np.sum np.dot": (lambda a, b: np.dot(a, b).sum() + np.sum(a), (A, B)),
 "sub neg": (lambda a, b: -(a - b), (A, B)),
 "rsub rdiv": (lambda b: 1.0 - 2.0 / (b * b + 1), (B,)),
 "abs": (lambda a: ad.abs(a), (A,)),
 "relu": (lambda a: ad.relu(a) * a, (A,)),
 "squeeze": (lambda a: ad.squeeze(a.reshape(1, 6)) ** 2, (A,)),
 "expand": (lambda b: ad.expand_dims(b, 0) * A, (B,)),
 "broadcast_to": (lambda b: ad.broadcast_to(b, (2, 3)) * A, (B,)),
 "minimum": (lambda a, b: ad.minimum(a, b * 2), (A, B)),
 "index_update": (lambda a, b: ad.index_update(a, (0,), b) * a, (A, B)),
}


@pytest.mark.parametrize("name", list(cases))
def test_library_op_passes_at_order_2(name):
    f, xs = cases[name]
    report = ad.gradcheck(f, *xs, order=2, raise_exception=False)
    assert report, str(report)
    assert not report.wrong_rules
