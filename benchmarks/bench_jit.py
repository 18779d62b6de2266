"""``ad.jit`` against eager autodiff, numpy, PyTorch eager and HIPS autograd, in one run.

Run from the repository root, without installing autodiff:

    PYTHONPATH=. python benchmarks/bench_jit.py             # full run (a few minutes)
    PYTHONPATH=. python benchmarks/bench_jit.py --quick     # smoke run
    PYTHONPATH=. python benchmarks/bench_jit.py --against ../main   # eager before/after

What it measures (float64, one thread for every library), the workloads of ``bench_core.py``:

1. the 200-op chain on 10 elements, forward + backward: ``ad.jit(ad.grad(f))`` against PyTorch
   eager (issue 14's target: at most 0.35x);
2. the gradient of ``sum(tanh(x) * x + exp(-x * x))`` on 10**6 elements: ``ad.jit(ad.grad(f))``
   against numpy's forward alone (target: at most 1.5x);
3. eager autodiff on both (no slower than before: ``--against DIR`` times another checkout's
   autodiff, e.g. a worktree of main, in the same rounds);
4. peak memory of forward + backward of 20 steps of ``tanh(x) * 1.01`` on 5*10**6 elements, each
   library in a fresh subprocess: its peak resident set size during the pass less the resident
   size before it (the peak is reset first, Linux's ``clear_refs``) (target: at most PyTorch's).

Times are per call, the libraries interleaved round by round; the table shows minima and
medians over the rounds (on a shared machine, one library's repeats back to back make the
allocator flip between reusing and unmapping large blocks).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import timeit  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import autodiff as ad  # noqa: E402
from bench_core import (LARGE, big, chain, chain_arrays, numpy_tape_by_hand,  # noqa: E402
                        _version)

STEPS = 20
MEMORY_N = 5 * 10 ** 6


def load_other(directory: str):
    """Another checkout's autodiff, imported under the name ``autodiff_other``."""
    init = pathlib.Path(directory).resolve() / "autodiff" / "__init__.py"
    spec = importlib.util.spec_from_file_location("autodiff_other", init,
                                                  submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["autodiff_other"] = module
    spec.loader.exec_module(module)
    return module


def cases(x, consts, xl, other=None):
    """``{(library, case): function}``; case 0 is the chain, case 1 the large gradient."""
    fns = {}
    chain_f = lambda t: chain(t, np.sin, np.exp, np.tanh, *consts).sum()  # noqa: E731
    big_f = lambda t: np.sum(big(t, np.tanh, np.exp))  # noqa: E731
    fns["numpy forward", 0] = lambda: chain_f(x)
    fns["numpy forward", 1] = lambda: big_f(xl)
    fns["numpy by hand", 1] = numpy_tape_by_hand(xl)

    jc, jb = ad.jit(ad.grad(chain_f)), ad.jit(ad.grad(big_f))
    fns["ad.jit(ad.grad)", 0] = lambda: jc(x)
    fns["ad.jit(ad.grad)", 1] = lambda: jb(xl)
    libs = [("autodiff", ad)] + ([("before", other)] if other is not None else [])
    for label, lib in libs:
        gc, gb = lib.grad(chain_f), lib.grad(big_f)
        fns[f"{label} ad.grad", 0] = lambda gc=gc: gc(x)
        fns[f"{label} ad.grad", 1] = lambda gb=gb: gb(xl)
        tconsts = [lib.tensor(c) for c in consts]

        def torch_style_chain(lib=lib, tconsts=tconsts):
            t = lib.tensor(x, requires_grad=True)
            chain(t, lib.sin, lib.exp, lib.tanh, *tconsts).sum().backward()
            return t.grad

        def torch_style_big(lib=lib):
            t = lib.tensor(xl, requires_grad=True)
            big(t, lib.tanh, lib.exp).sum().backward()
            return t.grad
        fns[f"{label} torch style", 0] = torch_style_chain
        fns[f"{label} torch style", 1] = torch_style_big
    try:
        import torch
        torch.set_num_threads(1)
        tc = [torch.from_numpy(c) for c in consts]

        def torch_chain():
            t = torch.tensor(x, requires_grad=True)
            chain(t, torch.sin, torch.exp, torch.tanh, *tc).sum().backward()
            return t.grad

        def torch_big():
            t = torch.tensor(xl, requires_grad=True)
            big(t, torch.tanh, torch.exp).sum().backward()
            return t.grad
        fns["PyTorch eager", 0], fns["PyTorch eager", 1] = torch_chain, torch_big
    except ImportError:
        pass
    try:
        import autograd
        import autograd.numpy as anp
        hc = autograd.grad(lambda t: anp.sum(chain(t, anp.sin, anp.exp, anp.tanh, *consts)))
        hb = autograd.grad(lambda t: anp.sum(big(t, anp.tanh, anp.exp)))
        fns["HIPS autograd", 0], fns["HIPS autograd", 1] = (lambda: hc(x)), (lambda: hb(xl))
    except ImportError:
        pass
    return fns


def check(fns):
    """The gradients agree (ad.jit to the last bit with eager ad.grad)."""
    for case in (0, 1):
        ref = np.asarray(fns["autodiff ad.grad", case]())
        jitted = np.asarray(fns["ad.jit(ad.grad)", case]())
        if not np.array_equal(ref, jitted):
            raise SystemExit(f"ad.jit(ad.grad) differs from ad.grad in case {case}")


def timings(fns, rounds, min_time):
    numbers = {}
    for key, fn in fns.items():
        fn()
        n, elapsed = timeit.Timer(fn).autorange()
        numbers[key] = max(1, round(n * min_time / elapsed))
    times = {key: [] for key in fns}
    for _ in range(rounds):
        for key, fn in fns.items():
            times[key].append(timeit.timeit(fn, number=numbers[key]) / numbers[key])
    return {key: (min(ts), statistics.median(ts)) for key, ts in times.items()}


# -- memory: each library in a fresh process ----------------------------------------------------
_MEMORY_CHILD = r"""
import os, resource, sys, json
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np
which, n, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x0 = np.random.default_rng(0).standard_normal(n)
def status(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
def reset_peak():
    try:  # Linux: start the high-water mark afresh at the current resident size
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass
def rss_now():
    return status("VmRSS")
def rss_peak():
    return status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
if which == "PyTorch eager":
    import torch
    torch.set_num_threads(1)
    def run():
        x = torch.tensor(x0, requires_grad=True)
        y = x
        for _ in range(steps):
            y = torch.tanh(y) * 1.01
        y.sum().backward()
        return x.grad
else:
    sys.path.insert(0, sys.argv[4])
    import autodiff as ad
    def f(x):
        for _ in range(steps):
            x = np.tanh(x) * 1.01
        return np.sum(x)
    if which.endswith("torch style"):
        def run():
            x = ad.tensor(x0, requires_grad=True)
            y = x
            for _ in range(steps):
                y = ad.tanh(y) * 1.01
            y.sum().backward()
            return x.grad
    elif which.endswith("ad.jit(ad.grad)"):
        g = ad.jit(ad.grad(f))
        g(x0[:10])                     # imports and first-call work outside the measurement
        run = lambda: g(x0)
    else:
        g = ad.grad(f)
        run = lambda: g(x0)
reset_peak()
base = rss_now()
out = run()
print(json.dumps({"peak": rss_peak() - base}))
"""


def peak_memory(which: str, root: str) -> float | None:
    """Rise of the peak resident set size (MiB) of one forward + backward, in a new process."""
    try:
        res = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, which, str(MEMORY_N),
                              str(STEPS), root], capture_output=True, text=True, timeout=600)
        return json.loads(res.stdout.strip().splitlines()[-1])["peak"] / 2 ** 20
    except (IndexError, ValueError, subprocess.TimeoutExpired):
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, shorter runs")
    parser.add_argument("--against", metavar="DIR",
                        help="another checkout whose eager autodiff to time in the same rounds")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory case")
    opts = parser.parse_args(argv)
    rounds, min_time = (3, 0.05) if opts.quick else (9, 0.2)
    other = load_other(opts.against) if opts.against else None
    x, consts = chain_arrays()
    xl = np.random.default_rng(1).standard_normal(LARGE)
    fns = cases(x, consts, xl, other)
    check(fns)
    t = timings(fns, rounds, min_time)
    print(f"numpy {np.__version__}, torch {_version('torch')}, autograd {_version('autograd')}; "
          f"{rounds} interleaved rounds, load average {os.getloadavg()[0]:.1f}")
    print()
    torch_chain = t.get(("PyTorch eager", 0))
    np_big = t["numpy forward", 1]
    print(f"{'':<26}{'chain: 200 ops, n=10 (us)':^36}{'grad, n=1e6 (ms)':^34}")
    print(f"{'library':<26}{'min':>9}{'median':>9}{'x torch':>9}{'':>9}"
          f"{'min':>9}{'median':>9}{'x np fwd':>10}")
    print("-" * 96)
    names = sorted({k for k, _ in t}, key=lambda n: list(dict.fromkeys(k for k, _ in fns)).index(n))
    for name in names:
        c, b = t.get((name, 0)), t.get((name, 1))
        line = f"{name:<26}"
        if c is not None:
            rel = f"{c[0] / torch_chain[0]:.3f}x" if torch_chain else "-"
            line += f"{c[0] * 1e6:>9.0f}{c[1] * 1e6:>9.0f}{rel:>9}{'':>9}"
        else:
            line += " " * 36
        if b is not None:
            line += f"{b[0] * 1e3:>9.2f}{b[1] * 1e3:>9.2f}{b[0] / np_big[0]:>9.2f}x"
        print(line)
    print("-" * 96)
    if torch_chain:
        r = t["ad.jit(ad.grad)", 0][0] / torch_chain[0]
        print(f"chain: ad.jit(ad.grad) / PyTorch eager = {r:.3f}x (target <= 0.35x): "
              f"{'PASS' if r <= 0.35 else 'MISS'}")
    r = t["ad.jit(ad.grad)", 1][0] / np_big[0]
    print(f"large: ad.jit(ad.grad) / numpy forward = {r:.2f}x (target <= 1.5x): "
          f"{'PASS' if r <= 1.5 else 'MISS'}")
    if not opts.no_memory:
        root = str(pathlib.Path(__file__).resolve().parents[1])
        print()
        print(f"peak memory, forward + backward of {STEPS} x tanh(x) * 1.01 on "
              f"{MEMORY_N:.0e} float64 (rise of peak RSS, fresh process each)")
        rows = ["PyTorch eager", "autodiff torch style", "autodiff ad.grad",
                "autodiff ad.jit(ad.grad)"]
        others = [("before torch style", opts.against), ("before ad.grad", opts.against)]
        mem = {}
        for name in rows:
            mem[name] = peak_memory(name, root)
        for name, where in others:
            if where:
                mem[name] = peak_memory(name, str(pathlib.Path(where).resolve()))
        for name, mib in mem.items():
            print(f"  {name:<28}{'-' if mib is None else f'{mib:8.0f} MiB'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
