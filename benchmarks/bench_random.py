"""Random sampling: autodiff's numpy reproduction of PyTorch's CPU streams, side by side with
PyTorch itself.

Run from the repository root::

    python benchmarks/bench_random.py [--quick]

Each row seeds both libraries alike, checks that the samples are bit-identical, then times one
call (best of several repeats, milliseconds). Without torch installed the PyTorch column is "-"
and nothing is checked.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import sys
import timeit

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import autodiff as ad

try:
    import torch
    torch.set_num_threads(1)
except ImportError:        # the column is skipped
    torch = None


def _rows(sizes):
    for n in sizes:
        yield f"rand({n})", lambda lib, n=n: lib.rand(n)
        yield f"randn({n}) float32", lambda lib, n=n: lib.randn(n)
        yield f"randn({n}) float64", lambda lib, n=n: lib.randn(n, dtype=lib.float64)
        yield f"randint(0, 10, ({n},))", lambda lib, n=n: lib.randint(0, 10, (n,))
        yield f"randperm({n})", lambda lib, n=n: lib.randperm(n)
        yield f"bernoulli(full({n}, 0.3))", lambda lib, n=n: lib.bernoulli(lib.full((n,), 0.3))
    yield "randn(5) x 1000 calls", lambda lib: [lib.randn(5) for _ in range(1000)][-1]


def _best_ms(fn, repeat):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat, number)) / number * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repeats")
    args = parser.parse_args()
    sizes = (1_000, 100_000) if args.quick else (1_000, 100_000, 1_000_000)
    repeat = 2 if args.quick else 5
    print(f"{'call':32} {'autodiff ms':>12} {'torch ms':>10}  same bits")
    for name, call in _rows(sizes):
        ad.manual_seed(0)
        ours = np.asarray(call(ad).numpy())
        same, theirs_ms = "-", "-"
        if torch is not None:
            torch.manual_seed(0)
            theirs = call(torch).numpy()
            same = "yes" if ours.dtype == theirs.dtype and np.array_equal(ours, theirs) else "NO"
            theirs_ms = f"{_best_ms(lambda: call(torch), repeat):10.3f}"
        print(f"{name:32} {_best_ms(lambda: call(ad), repeat):12.3f} {theirs_ms:>10}  {same}")


if __name__ == "__main__":
    main()
