"""Speed benchmark of the core engines (issue #2, "Speed"), side by side with numpy, PyTorch and
HIPS autograd in one run.

Run from the repository root, without installing autodiff:

    PYTHONPATH=. python benchmarks/bench_core.py            # full run (about a minute)
    PYTHONPATH=. python benchmarks/bench_core.py --quick    # smoke run (a few seconds)

What it measures (float64 everywhere, one thread for every library):

1. Per-op overhead: a chain of 200 elementwise ops (mul, add, sub, div by constants and by
   arrays; sin, exp, tanh) on a 10-element array, then ``sum``, forward + backward; reported as
   microseconds per op of the chain. autodiff is measured on two paths: torch style
   (``ad.tensor(x, requires_grad=True)``, operators and methods, ``y.sum().backward()``) and
   functional (``ad.grad(f)(x)`` where ``f`` calls numpy functions, which dispatch through
   ``__array_ufunc__``). numpy's forward alone is the floor.
2. Large arrays: the gradient of ``sum(tanh(x) * x + exp(-x * x))`` for 10**6 elements, as a
   ratio to numpy's forward time of the same expression.

Each figure is the best of several ``timeit`` rounds after a warm-up, the libraries
interleaved round by round. Peers that are not
installed (``pip install torch autograd``) are skipped with a note; they are not dependencies of
autodiff. Targets come from issue #2: per op no slower than PyTorch eager (4.0 us measured on
this machine kind); the large case at most 2.0x numpy's forward.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import timeit  # noqa: E402

import numpy as np  # noqa: E402

import autodiff as ad  # noqa: E402

N_OPS = 200          # ops in the chain (20 blocks of the 10 below)
SMALL = 10           # elements of the chain's array
LARGE = 10 ** 6      # elements of the large case

# Targets of issue #2 (us per op; ratio to numpy forward), and the peers' figures it quotes.
TARGET_US_PER_OP = 4.0
TARGET_RATIO = 2.0
ISSUE_FIGURES = {"numpy forward": (0.35, None), "PyTorch eager": (4.0, 4.0),
                 "HIPS autograd": (6.3, 2.2)}


# -- the workloads, written once for every library ---------------------------------------------
def chain(x, sin, exp, tanh, a, b, c, d):
    """200 elementwise ops: 20 blocks of mul, add, sin, mul, tanh, sub, exp, div, sub, div.

    ``a``..``d`` are 10-element arrays (in each library's array type); values stay bounded.
    """
    for _ in range(N_OPS // 10):
        x = x * 0.5
        x = x + a
        x = sin(x)
        x = x * b
        x = tanh(x)
        x = x - 0.1
        x = exp(x)
        x = x / 2.0
        x = x - c
        x = x / d
    return x


def big(x, tanh, exp):
    """The large case's expression before the sum: ``tanh(x) * x + exp(-x * x)``."""
    return tanh(x) * x + exp(-x * x)


def chain_arrays():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, SMALL)
    a, b, c = (rng.uniform(-1, 1, SMALL) for _ in range(3))
    d = rng.uniform(1, 2, SMALL)
    return x, (a, b, c, d)


# -- one timed function per library and path ---------------------------------------------------
def numpy_cases(x, consts, xl):
    chain_fwd = lambda: chain(x, np.sin, np.exp, np.tanh, *consts).sum()  # noqa: E731
    big_fwd = lambda: big(xl, np.tanh, np.exp).sum()  # noqa: E731
    return chain_fwd, big_fwd


def numpy_tape_by_hand(xl):
    """The large case's value and gradient in plain numpy, one call per rule term, as any tape
    that runs its rules op by op computes them: the floor for such an engine (no fusion)."""
    def value_and_grad():
        t = np.tanh(xl)
        b = xl * xl
        e = np.exp(-b)
        value = (t * xl + e).sum()
        g = np.broadcast_to(np.float64(1.0), xl.shape)    # sum's cotangent
        ge = -(g * e)                                     # through exp, then negation
        gx = ge * xl + xl * ge                            # through x * x
        gx = gx + t * g                                   # tanh(x) * x, the x side
        gx = gx + (g * xl) * (1 - t * t)                  # the tanh side
        return value, gx
    return value_and_grad


def _backward_cases(lib, x, tconsts, xl):
    """The two cases written torch style for ``lib`` (autodiff or torch): a leaf tensor, the
    function, ``.sum().backward()``, the leaf's ``.grad``."""
    def chain_fb():
        t = lib.tensor(x, requires_grad=True)
        chain(t, lib.sin, lib.exp, lib.tanh, *tconsts).sum().backward()
        return t.grad

    def big_fb():
        t = lib.tensor(xl, requires_grad=True)
        big(t, lib.tanh, lib.exp).sum().backward()
        return t.grad

    return chain_fb, big_fb


def autodiff_torch_cases(x, consts, xl):
    return _backward_cases(ad, x, [ad.tensor(c) for c in consts], xl)


def autodiff_grad_cases(x, consts, xl):
    g_chain = ad.grad(lambda t: chain(t, np.sin, np.exp, np.tanh, *consts).sum())
    g_big = ad.value_and_grad(lambda t: np.sum(big(t, np.tanh, np.exp)))
    return (lambda: g_chain(x)), (lambda: g_big(xl))


def torch_cases(x, consts, xl):
    import torch
    torch.set_num_threads(1)
    return _backward_cases(torch, x, [torch.from_numpy(c) for c in consts], xl)


def hips_cases(x, consts, xl):
    import autograd
    import autograd.numpy as anp
    g_chain = autograd.grad(lambda t: anp.sum(chain(t, anp.sin, anp.exp, anp.tanh, *consts)))
    g_big = autograd.grad(lambda t: anp.sum(big(t, anp.tanh, anp.exp)))
    return (lambda: g_chain(x)), (lambda: g_big(xl))


# -- timing and checking -------------------------------------------------------------------------
def calibrate(fn, min_time: float) -> int:
    """Calls per timing run so one run lasts about ``min_time`` seconds (after a warm-up)."""
    fn()                                           # warm-up (caches, lazy imports)
    number, elapsed = timeit.Timer(fn).autorange()
    return max(1, round(number * min_time / elapsed))


def best_times(fns: dict, rounds: int, min_time: float) -> dict:
    """Best seconds per call of each function, measured round-robin.

    Interleaving the libraries round by round keeps a change in machine load (a shared host)
    from favouring whichever library happened to run first.
    """
    numbers = {key: calibrate(fn, min_time) for key, fn in fns.items()}
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for key, fn in fns.items():
            t = timeit.timeit(fn, number=numbers[key]) / numbers[key]
            best[key] = min(best[key], t)
    return best


def as_numpy(g):
    if isinstance(g, tuple):                       # value_and_grad
        g = g[1]
    if hasattr(g, "detach"):                       # torch
        g = g.detach().numpy()
    if isinstance(g, ad.Tensor):
        g = g._data
    return np.asarray(g)


def check_agree(results: dict) -> None:
    """Every library must compute the same gradients, or the timings mean nothing."""
    ref_name, ref = next(iter(results.items()))
    for name, g in results.items():
        for case, (r, v) in enumerate(zip(ref, g)):
            if not np.allclose(r, v, rtol=1e-9, atol=1e-12):
                raise SystemExit(f"gradient mismatch: {name} vs {ref_name} in case {case + 1}")


# -- report ---------------------------------------------------------------------------------------
def header() -> bool:
    """Print the machine and versions; True if other processes were loading the CPUs."""
    print(f"machine : {platform.machine()} {platform.processor() or ''} "
          f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs (1 thread used)")
    print(f"python  : {platform.python_version()} ({platform.python_implementation()})")
    print(f"numpy   : {np.__version__}    autodiff: {ad.__version__}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5:
        print(f"warning : load average {load:.2f} before the run; other processes share the CPUs "
              f"and the figures will be slower and noisier than on an idle machine; verdicts "
              f"get a '?'")
    return load > 0.5


LOADED = False   # set by main(): verdicts measured on a loaded machine are marked with '?'


def verdict(value, target) -> str:
    if value is None or target is None:
        return ""
    return ("PASS" if value <= target else "MISS") + ("?" if LOADED else "")


def row(name, us, ratio, ours: bool) -> str:
    """One table line: measured figures, the target (ours) or the issue's figure (peers)."""
    issue_us, issue_ratio = ISSUE_FIGURES.get(name, (None, None))
    t_us = TARGET_US_PER_OP if ours else issue_us
    t_ratio = TARGET_RATIO if ours else issue_ratio
    fmt = lambda v, spec, unit="": "-" if v is None else format(v, spec) + unit  # noqa: E731
    return (f"{name:<24}{fmt(us, '8.2f')}{fmt(t_us, '>8.2f')}  {verdict(us, t_us) if ours else '':<5}"
            f"{fmt(ratio, '>9.2f', 'x')}{fmt(t_ratio, '>8.2f', 'x'):>9}  "
            f"{verdict(ratio, t_ratio) if ours else '':<5}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter runs")
    parser.add_argument("--profile", action="store_true",
                        help="instead of the table, cProfile autodiff's four cases (top tottime)")
    opts = parser.parse_args(argv)
    if opts.profile:
        return profile()
    rounds, min_time = (3, 0.05) if opts.quick else (10, 0.25)

    global LOADED
    LOADED = header()
    x, consts = chain_arrays()
    xl = np.random.default_rng(1).standard_normal(LARGE)

    cases = {"autodiff (torch style)": (autodiff_torch_cases, True),
             "autodiff (ad.grad)": (autodiff_grad_cases, True),
             "PyTorch eager": (torch_cases, False),
             "HIPS autograd": (hips_cases, False)}
    notes, fns, grads = [], {}, {}
    np_chain, np_big = numpy_cases(x, consts, xl)
    fns["numpy", 0], fns["numpy", 1] = np_chain, np_big
    fns["by hand", 1] = numpy_tape_by_hand(xl)
    for name, (make, _) in cases.items():
        try:
            f_chain, f_big = make(x, consts, xl)
        except ImportError as exc:
            notes.append(f"{name}: skipped ({exc.name or exc} is not installed)")
            continue
        grads[name] = (as_numpy(f_chain()), as_numpy(f_big()))
        fns[name, 0], fns[name, 1] = f_chain, f_big
    best = best_times(fns, rounds, min_time)
    t_np_chain, t_np_big = best["numpy", 0], best["numpy", 1]
    timings = {name: (best[name, 0], best[name, 1]) for name in grads}
    grads["numpy by hand"] = (grads[next(iter(grads))][0], fns["by hand", 1]()[1])
    check_agree(grads)

    print(f"torch   : {_version('torch')}    autograd: {_version('autograd')}")
    print()
    print(f"{'':<24}{'chain: 200 ops, n=10':^22}{'grad sum(tanh(x)x+exp(-x^2)), n=1e6':^38}")
    print(f"{'library':<24}{'us/op':>8}{'target':>8}  {'':<5}{'x np fwd':>9}{'target':>9}  "
          f"{'':<5}{'time':>10}")
    print("-" * 84)
    print(row("numpy forward", t_np_chain / N_OPS * 1e6, 1.0, False)
          + f"{t_np_big * 1e3:>8.2f} ms")
    for name, (t_chain, t_big) in timings.items():
        print(row(name, t_chain / N_OPS * 1e6, t_big / t_np_big, cases[name][1])
              + f"{t_big * 1e3:>8.2f} ms")
    print("-" * 84)
    print("Forward + backward; per op = chain total / 200; large case = its time / numpy forward.")
    print(f"Targets (issue #2): per op <= PyTorch eager, {TARGET_US_PER_OP} us on this machine "
          f"kind; large case <= {TARGET_RATIO}x numpy forward.")
    print("Peers' target column shows the figures issue #2 quotes for them.")
    if "PyTorch eager" in timings:
        torch_us = timings["PyTorch eager"][0] / N_OPS * 1e6
        for name in ("autodiff (torch style)", "autodiff (ad.grad)"):
            us = timings[name][0] / N_OPS * 1e6
            print(f"Against PyTorch measured in this run ({torch_us:.2f} us/op): {name} "
                  f"{us / torch_us:.2f}x, {verdict(us, torch_us)}")
    t_hand = best["by hand", 1]
    print(f"Floor for op-by-op engines: the same backward written by hand in numpy, one call per "
          f"rule term,\n  takes {t_hand * 1e3:.2f} ms = {t_hand / t_np_big:.2f}x numpy forward; "
          f"going below it needs fused kernels, not a faster tape.")
    print("Torch-style paths (autodiff, PyTorch) build the leaf with tensor(x, requires_grad=True),"
          " which copies x; the functional paths (ad.grad, HIPS) do not copy.")
    for note in notes:
        print("note:", note)
    return 0


def profile(top: int = 15) -> int:
    """cProfile each autodiff case and print its top functions by own time (tottime)."""
    import cProfile
    import pstats
    x, consts = chain_arrays()
    xl = np.random.default_rng(1).standard_normal(LARGE)
    for path, make in (("torch style", autodiff_torch_cases), ("ad.grad", autodiff_grad_cases)):
        f_chain, f_big = make(x, consts, xl)
        for case, fn, calls in (("chain", f_chain, 300), ("large", f_big, 30)):
            fn()
            prof = cProfile.Profile()
            prof.runcall(lambda: [fn() for _ in range(calls)])
            print(f"\n=== autodiff {path}, {case} case, {calls} calls ===")
            pstats.Stats(prof).strip_dirs().sort_stats("tottime").print_stats(top)
    return 0


def _version(dist: str) -> str:
    from importlib import metadata
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    sys.exit(main())
