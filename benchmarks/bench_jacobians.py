"""Jacobians, HVPs and gradients: autodiff side by side with PyTorch and HIPS autograd.

Run from the repository root::

    python benchmarks/bench_jacobians.py [--quick]

Everything runs on one thread (set below, before numpy is imported). A peer that is not
installed gets a "-" column. Each figure is the best of several repeats of the mean time per
call, in milliseconds, the libraries taking turns round by round; every peer's result is checked
against ours (and ours against SciPy's analytic derivatives) before it is timed.
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
    import torch.func
    torch.set_num_threads(1)
except ImportError:        # the column is skipped
    torch = None
try:
    import autograd
    import autograd.numpy as anp
except ImportError:
    autograd = None

QUICK = False


def race(fns: dict) -> dict:
    """Best time of one call, in ms, for each callable (None stays None).

    The callables take turns, round by round, so a change in the machine's load hits all of
    them alike; each figure is the best round's mean over enough calls to last ~20 ms.
    """
    live = {k: f for k, f in fns.items() if f is not None}
    numbers = {}
    for k, f in live.items():
        f()                                          # warm up (and first-call imports)
        number, elapsed = timeit.Timer(f).autorange()
        numbers[k] = max(1, int(number * 0.02 / max(elapsed, 1e-9)))
    best = dict.fromkeys(live, float("inf"))
    for _ in range(3 if QUICK else 10):
        for k, f in live.items():
            t = timeit.Timer(f).timeit(numbers[k]) / numbers[k]
            best[k] = min(best[k], t)
    return {k: (best[k] * 1e3 if k in best else None) for k in fns}


def check(name, got, want, rtol=1e-8):
    got = np.asarray(got.detach().numpy() if hasattr(got, "detach") else got)
    if not np.allclose(got, want, rtol=rtol, atol=1e-10):
        raise AssertionError(f"{name} disagrees with autodiff: max diff "
                             f"{np.abs(got - want).max():.3g}")


def fmt(value):
    return "-" if value is None else f"{value:8.3f}"


def print_table(title, header, rows):
    print(f"\n{title}")
    widths = [max(len(str(r[i])) if i == 0 else 9 for r in [header] + rows)
              for i in range(len(header))]
    widths[0] = max(len(str(r[0])) for r in [header] + rows)
    print("  ".join(str(h).rjust(w) if i else str(h).ljust(w)
                    for i, (h, w) in enumerate(zip(header, widths))))
    for r in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else fmt(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))


# -- 1. Jacobian of tanh(W tanh(W x)), W 200x200 ---------------------------------------------
def bench_network():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((200, 200)) / np.sqrt(200)
    x = rng.standard_normal(200)

    def f(x):
        return np.tanh(W @ np.tanh(W @ x))

    want = ad.jacrev(f)(x)
    check("jacfwd", ad.jacfwd(f)(x), want)
    fns = {"rev": lambda: ad.jacrev(f)(x), "fwd": lambda: ad.jacfwd(f)(x),
           "auto": lambda: ad.jacobian(f)(x),
           "torch rev": None, "torch fwd": None, "autograd": None}
    if torch is not None:
        Wt, xt = torch.tensor(W), torch.tensor(x)

        def tf(x):
            return torch.tanh(Wt @ torch.tanh(Wt @ x))

        check("torch.func.jacrev", torch.func.jacrev(tf)(xt), want)
        check("torch.func.jacfwd", torch.func.jacfwd(tf)(xt), want)
        fns["torch rev"] = lambda: torch.func.jacrev(tf)(xt)
        fns["torch fwd"] = lambda: torch.func.jacfwd(tf)(xt)
    if autograd is not None:
        def af(x):
            return anp.tanh(W @ anp.tanh(W @ x))

        check("autograd.jacobian", autograd.jacobian(af)(x), want)
        fns["autograd"] = lambda: autograd.jacobian(af)(x)
    t = race(fns)
    rows = [["jacobian, reverse mode", t["rev"], t["torch rev"], t["autograd"]],
            ["jacobian, forward mode", t["fwd"], t["torch fwd"], None],
            ["jacobian, auto mode", t["auto"], None, None]]
    print_table("Jacobian of tanh(W tanh(W x)), W 200x200 float64 (ms)",
                ["", "autodiff", "torch.func", "autograd"], rows)


# -- 2. Rosenbrock, n = 1000: gradient and HVP -----------------------------------------------
def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)


def bench_rosenbrock():
    from scipy.optimize import rosen_der, rosen_hess_prod
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1000)
    v = rng.standard_normal(1000)
    check("grad", ad.grad(rosen)(x), rosen_der(x))
    check("hvp", ad.hvp(rosen, (x,), (v,))[1], rosen_hess_prod(x, v))
    fns = {"grad": lambda: ad.grad(rosen)(x), "hvp": lambda: ad.hvp(rosen, (x,), (v,)),
           "torch grad": None, "torch hvp": None, "autograd grad": None, "autograd hvp": None}
    if torch is not None:
        xt, vt = torch.tensor(x), torch.tensor(v)

        def trosen(x):
            return torch.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)

        tgrad = torch.func.grad(trosen)
        check("torch.func.grad", tgrad(xt), rosen_der(x))
        check("torch.func hvp", torch.func.jvp(tgrad, (xt,), (vt,))[1], rosen_hess_prod(x, v))
        fns["torch grad"] = lambda: tgrad(xt)
        fns["torch hvp"] = lambda: torch.func.jvp(tgrad, (xt,), (vt,))
    if autograd is not None:
        def arosen(x):
            return anp.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)

        agrad = autograd.grad(arosen)
        ahvp = autograd.hessian_vector_product(arosen)
        check("autograd.grad", agrad(x), rosen_der(x))
        check("autograd hvp", ahvp(x, v), rosen_hess_prod(x, v))
        fns["autograd grad"] = lambda: agrad(x)
        fns["autograd hvp"] = lambda: ahvp(x, v)
    t = race(fns)
    g_ours, h_ours, g_torch, h_torch = t["grad"], t["hvp"], t["torch grad"], t["torch hvp"]
    g_hips, h_hips = t["autograd grad"], t["autograd hvp"]
    print_table("Rosenbrock, n = 1000 (ms)", ["", "autodiff", "torch.func", "autograd"],
                [["gradient", g_ours, g_torch, g_hips],
                 ["Hessian-vector product", h_ours, h_torch, h_hips]])


# -- 3. Scaling: Jacobians of R^n -> R^m ---------------------------------------------------------
def scaling_row(n, m):
    """One row of the scaling table: R^n -> R^m by each engine."""
    rng = np.random.default_rng(n * 7 + m)
    A = rng.standard_normal((m, n)) / np.sqrt(n)
    x = rng.standard_normal(n)

    def f(x):
        return np.tanh(A @ np.sin(x))

    want = ad.jacrev(f)(x)
    check("jacfwd", ad.jacfwd(f)(x), want)
    check("jacobian", ad.jacobian(f)(x), want)
    fns = {"rev": lambda: ad.jacrev(f)(x), "fwd": lambda: ad.jacfwd(f)(x),
           "auto": lambda: ad.jacobian(f)(x),
           "torch rev": None, "torch fwd": None, "autograd": None}
    if torch is not None:
        At, xt = torch.tensor(A), torch.tensor(x)

        def tf(x):
            return torch.tanh(At @ torch.sin(x))

        check("torch jacrev", torch.func.jacrev(tf)(xt), want)
        fns["torch rev"] = lambda: torch.func.jacrev(tf)(xt)
        fns["torch fwd"] = lambda: torch.func.jacfwd(tf)(xt)
    if autograd is not None and (not QUICK or m <= 100):
        def af(x):
            return anp.tanh(A @ anp.sin(x))

        fns["autograd"] = lambda: autograd.jacobian(af)(x)
    t = race(fns)
    return [f"n={n:<4d} m={m:<4d}"] + [t[k] for k in fns]


def bench_scaling():
    sizes = (10, 100, 1000)
    rows = [scaling_row(n, m) for n in sizes for m in sizes]
    print_table("Scaling: Jacobian of tanh(A sin(x)), R^n -> R^m (ms)",
                ["", "ad rev", "ad fwd", "ad auto", "torch rev", "torch fwd", "autograd"],
                rows)


def main():
    global QUICK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    QUICK = parser.parse_args().quick
    versions = [f"numpy {np.__version__}"]
    versions.append(f"torch {torch.__version__}" if torch is not None else "torch: not installed")
    if autograd is not None:
        from importlib.metadata import version
        versions.append(f"autograd {version('autograd')}")
    else:
        versions.append("autograd: not installed")
    print("one thread; " + ", ".join(versions))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > 0.5 * (os.cpu_count() or 1):
        print(f"warning: load average {load:.1f} on {os.cpu_count()} CPUs; other work on the "
              f"machine slows every column, compare within a run")
    bench_network()
    bench_rosenbrock()
    bench_scaling()


if __name__ == "__main__":
    main()
