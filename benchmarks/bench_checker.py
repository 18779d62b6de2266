"""The gradient checker against ``torch.autograd.gradcheck`` (issue 13, item 2), in one run.

Run from the repository root, without installing autodiff:

    PYTHONPATH=. python benchmarks/bench_checker.py            # full run (about a minute)
    PYTHONPATH=. python benchmarks/bench_checker.py --quick    # smoke run (a few seconds)

The workload is the issue's: ``f(x) = sum(sin(x) * x + exp(-x * x))`` at
``x = np.random.default_rng(seed).standard_normal(1000)``, checked with the default settings of
each checker (autodiff: the full check, forward and reverse mode against Richardson finite
differences; torch: ``gradcheck`` on a float64 tensor, its default central differences with
eps 1e-6). Both checkers check the whole 1000-element gradient. The rounds are interleaved
(autodiff, torch, autodiff, torch, ...) so both see the same machine load, and each figure is the
best of the rounds for each seed. The table also says whether each checker passed at each seed
(a correct gradient: any failure is a false alarm), and the same for ``fast=True``.

torch is not a dependency of autodiff (``pip install torch``); without it the torch column is
skipped with a note. Target (issue 13): the autodiff default check no slower than torch's.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import autodiff as ad  # noqa: E402

N = 1000


def f_numpy(x):
    """The issue's function, written with numpy functions (autodiff checks it as is)."""
    return np.sum(np.sin(x) * x + np.exp(-x * x))


def _torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def _timed(call):
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="2 seeds, 2 rounds")
    p.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 (default 10)")
    p.add_argument("--rounds", type=int, default=5, help="interleaved rounds per seed")
    args = p.parse_args(argv)
    seeds = range(2 if args.quick else args.seeds)
    rounds = 2 if args.quick else args.rounds
    torch = _torch()

    print(f"gradient checker benchmark: f(x) = sum(sin(x) x + exp(-x x)), {N} inputs; "
          f"python {platform.python_version()}, numpy {np.__version__}"
          + (f", torch {torch.__version__}" if torch else ", torch not installed"))
    header = ["seed", "autodiff s", "torch s", "ratio", "autodiff passed", "torch passed",
              "fast s", "fast passed"]
    rows = []
    for seed in seeds:
        x = np.random.default_rng(seed).standard_normal(N)
        ours, theirs, fast = [], [], []
        ok = torch_ok = fast_ok = None
        for _ in range(rounds):
            t, report = _timed(lambda: ad.gradcheck(f_numpy, x, raise_exception=False))
            ours.append(t)
            ok = bool(report) if ok is None else ok and bool(report)
            if torch is not None:
                xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
                tf = lambda v: torch.sum(torch.sin(v) * v + torch.exp(-v * v))  # noqa: E731
                t, passed = _timed(lambda: torch.autograd.gradcheck(tf, (xt,),
                                                                    raise_exception=False))
                theirs.append(t)
                torch_ok = bool(passed) if torch_ok is None else torch_ok and bool(passed)
            t, report = _timed(lambda: ad.gradcheck(f_numpy, x, fast=True,
                                                    raise_exception=False))
            fast.append(t)
            fast_ok = bool(report) if fast_ok is None else fast_ok and bool(report)
        best, best_torch = min(ours), (min(theirs) if theirs else float("nan"))
        rows.append([str(seed), f"{best:.3f}", f"{best_torch:.3f}" if theirs else "-",
                     f"{best / best_torch:.2f}" if theirs else "-", str(ok),
                     str(torch_ok) if theirs else "-", f"{min(fast):.4f}", str(fast_ok)])
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
    ratios = [float(r[3]) for r in rows if r[3] != "-"]
    alarms = sum(r[4] != "True" for r in rows) + sum(r[7] != "True" for r in rows)
    if ratios:
        print(f"autodiff / torch time: median {np.median(ratios):.2f}, worst {max(ratios):.2f} "
              f"(target: at most 1.00)")
    print(f"false alarms of autodiff (default and fast, {len(rows)} seeds): {alarms}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
