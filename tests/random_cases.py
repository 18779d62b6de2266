"""The random-stream cases recorded from PyTorch (``fixtures/record_torch_random.py``) and
replayed against autodiff (``test_random_streams.py``).

A case is a seed and a list of calls made one after the other on the default generator (or on
a ``Generator`` seeded the same), so a case checks the stream between calls too (the engine
position, the cached Box-Muller value). Each call is written so that the same code runs with
``lib = torch`` and ``lib = autodiff``: the library names are the same, which is the point.
"""
import ast
import functools
import hashlib

import numpy as np

SEEDS = (0, 1, 42, 2**40 + 7, -5)       # -5: a negative seed; 2**40 + 7: bits above 32
SIZES = (0, 1, 2, 3, 15, 16, 17, 31, 33, 100, 257, 1000)
BIG = (4099, 100_003)                   # only for two seeds
DIGEST_ABOVE = 300                      # longer outputs are stored as a digest and a head
SHAPES = ((3, 5), (7, 13), (2, 3, 4))
DTYPES = ("float32", "float64")


def _t(values, dtype):
    """A tensor argument: (marker, values, dtype name)."""
    return ("tensor", np.asarray(values).tolist(), dtype)


def _cases():
    cases = {}
    for seed in SEEDS:
        sizes = SIZES + (BIG if seed in (0, 42) else ())
        for dt in DTYPES:
            for n in sizes:
                cases[f"rand/{dt}/{n}/{seed}"] = (seed, [("rand", (n,), {"dtype": dt})] * 2)
                # twice: the second randn of a small size starts from the cached normal
                cases[f"randn/{dt}/{n}/{seed}"] = (seed, [("randn", (n,), {"dtype": dt})] * 2)
                cases[f"normal/{dt}/{n}/{seed}"] = (
                    seed, [("normal", (1.5, 0.25, (n,)), {"dtype": dt}),
                           ("normal", (-3.0, 7.0), {"size": (n,), "dtype": dt})])
            for shape in SHAPES:
                cases[f"randn/{dt}/{shape}/{seed}"] = (seed, [("randn", shape, {"dtype": dt})])
                cases[f"rand/{dt}/{shape}/{seed}"] = (seed, [("rand", (shape,), {"dtype": dt})])
            # small then large: the cached value survives a large randn untouched
            cases[f"randn-mix/{dt}/{seed}"] = (seed, [("randn", (3,), {"dtype": dt}),
                                                    ("randn", (20,), {"dtype": dt}),
                                                    ("randn", (1,), {"dtype": dt}),
                                                    ("rand", (5,), {"dtype": dt})])
            probs = np.linspace(0.0, 1.0, 37)
            cases[f"normal-tensors/{dt}/{seed}"] = (seed, [
                ("normal", (_t(probs * 4 - 2, dt), _t(probs + 0.5, dt)), {}),
                ("normal", (_t(probs[:5], dt), _t(probs[:5] + 1, dt)), {}),
                ("normal", (_t(probs[:20], dt), 2.5), {}),
                ("normal", (_t(probs[:7], dt), 0.5), {}),
                ("normal", (1.25, _t(probs[:18] + 0.1, dt)), {}),
                ("normal", (-0.5, _t(probs[:9], dt)), {})])
            cases[f"bernoulli/{dt}/{seed}"] = (seed, [
                ("bernoulli", (_t(probs, dt),), {}),
                ("bernoulli", (_t(np.full((4, 25), 0.8), dt),), {}),
                ("bernoulli", (_t(np.zeros(300), dt), 0.3), {}),      # the dropout kernel
                ("bernoulli", (_t(np.full(5, 0.5), dt),), {})])
            cases[f"dropout-mask/{dt}/{seed}"] = (seed, [("dropout_mask", ((6, 40), 0.2, dt), {})])
            weights = np.abs(np.sin(np.arange(1, 61))).reshape(4, 15)
            cases[f"multinomial/{dt}/{seed}"] = (seed, [
                ("multinomial", (_t(weights[0], dt), 1), {}),
                ("multinomial", (_t(weights[0], dt), 6), {}),
                ("multinomial", (_t(weights[0], dt), 15), {}),
                ("multinomial", (_t(weights[0], dt), 40), {"replacement": True}),
                ("multinomial", (_t(weights, dt), 1), {"replacement": True}),
                ("multinomial", (_t(weights, dt), 3), {}),
                ("multinomial", (_t(weights, dt), 25), {"replacement": True})])
            rates = np.concatenate([[0.0, 0.5, 3.0, 9.99, 10.0, 25.0, 1000.0, 1e6],
                                    np.linspace(0.1, 60.0, 200)])
            cases[f"poisson/{dt}/{seed}"] = (seed, [("poisson", (_t(rates, dt),), {}),
                                                   ("poisson", (_t(rates[:8], dt),), {}),
                                                   ("rand", (3,), {"dtype": dt})])
            counts = np.array([0, 1, 5, 10, 50, 1000, 1e5, 20, 30, 7] + [13, 200] * 40, float)
            chances = np.array([0.5, 0.0, 1.0, 0.01, 0.99, 0.3, 0.7, 0.5, 0.5001, 0.2]
                               + np.linspace(0.02, 0.98, 80).tolist())
            cases[f"binomial/{dt}/{seed}"] = (seed, [("binomial", (_t(counts, dt),
                                                                   _t(chances, dt)), {}),
                                                    ("rand", (3,), {"dtype": dt})])
            shapes = np.concatenate([[0.0, 1e-3, 0.3, 0.999, 1.0, 1.5, 7.0, 100.0],
                                     np.linspace(0.05, 20.0, 60)])
            cases[f"standard_gamma/{dt}/{seed}"] = (seed, [
                ("randn", (1,), {"dtype": dt}),          # leaves a cached normal to use
                ("standard_gamma", (_t(shapes, dt),), {}), ("randn", (3,), {"dtype": dt})])
            for method, args in (("uniform_", (-2.0, 3.5)), ("normal_", (1.0, 0.5)),
                                 ("exponential_", (1.5,)), ("bernoulli_", (0.7,)),
                                 ("random_", (3, 11)), ("random_", ()),
                                 ("cauchy_", (0.5, 2.0)), ("log_normal_", (0.2, 0.7)),
                                 ("geometric_", (0.3,))):
                cases[f"{method}{args}/{dt}/{seed}"] = (seed, [
                    ("fill", (method, (n,), dt) + args, {}) for n in (1, 7, 16, 45, 300)])
        for dt in ("int64", "int32", "uint8", "bool"):
            for args in ((), (0, 2) if dt == "bool" else (3, 11), (-50, 100)):
                if dt in ("uint8", "bool") and args and args[0] < 0:
                    continue
                cases[f"random_{args}/{dt}/{seed}"] = (seed, [
                    ("fill", ("random_", (n,), dt) + args, {}) for n in (1, 7, 45)])
            if dt == "bool":
                continue
            cases[f"bernoulli_-tensor-p/{dt}/{seed}"] = (seed, [
                ("fill", ("bernoulli_", (n,), dt, _t(np.linspace(0, 1, n), p_dt)), {})
                for n in (1, 7, 45) for p_dt in ("float32", "float64")])
            cases[f"geometric_/{dt}/{seed}"] = (seed, [
                ("fill", ("geometric_", (n,), dt, 0.05), {}) for n in (1, 7, 45)])
        for n in sizes:
            cases[f"randint/{n}/{seed}"] = (seed, [("randint", (0, 10, (n,)), {}),
                                                  ("randint", (-7, 2**40, (n,)), {}),
                                                  ("randint", (5, (n,)), {"dtype": "float32"})])
            cases[f"randperm/{n}/{seed}"] = (seed, [("randperm", (n,), {})] * 2)
        for dt in DTYPES:
            x = _t(np.zeros((3, 7)), dt)
            cases[f"like/{dt}/{seed}"] = (seed, [("rand_like", (x,), {}), ("randn_like", (x,), {}),
                                                ("randint_like", (x, 9), {}),
                                                ("randint_like", (x, -4, 4), {}),
                                                ("randn_like", (_t(np.zeros(40), dt),), {}),
                                                ("rand_like", (x,), {"dtype": "float64"})])
        cases[f"randint-shapes/{seed}"] = (seed, [("randint", (3, 100, shape), {})
                                                  for shape in SHAPES])
        cases[f"generator/{seed}"] = (seed, [("generator", (), {})])
        cases[f"state/{seed}"] = (seed, [("randn", (3,), {}), ("state", (), {}),
                                         ("rand", (700,), {}), ("state", (), {})])
    return cases


CASES = _cases()


def _arg(lib, value):
    if isinstance(value, tuple) and value and value[0] == "tensor":
        return lib.tensor(value[1], dtype=getattr(lib, value[2]))
    return value


def _call(lib, name, args, kwargs):
    if name == "dropout_mask":          # D2L's dropout_layer: (rand(shape) > p).float()
        shape, p, dt = args
        return lib.rand(shape, dtype=getattr(lib, dt)) > p
    if name == "fill":                  # in-place samplers on an empty tensor
        method, shape, dt, *rest = args
        return fill(lib, method, shape, dt, *(_arg(lib, a) for a in rest))
    if name == "generator":             # a generator of its own, seeded like the default one
        g = lib.Generator().manual_seed(lib.initial_seed())
        return [lib.randn(20, generator=g), lib.rand(3, generator=g),
                lib.randint(0, 9, (4,), generator=g), lib.randperm(6, generator=g),
                lib.bernoulli(lib.full((5,), 0.5), generator=g),
                lib.multinomial(lib.ones(4), 2, generator=g),
                lib.normal(0.0, 2.0, (3,), generator=g), lib.randn(2)]
    if name == "standard_gamma":        # torch._standard_gamma, behind distributions.Gamma
        alpha = _arg(lib, args[0])
        if lib.__name__ == "torch":
            return lib._standard_gamma(alpha)
        return lib.rejection_samplers.standard_gamma(alpha.numpy())
    if name == "state":
        return lib.get_rng_state()
    args = tuple(_arg(lib, a) for a in args)
    kwargs = {k: (getattr(lib, v) if k == "dtype" else _arg(lib, v)) for k, v in kwargs.items()}
    return getattr(lib, name)(*args, **kwargs)


def fill(lib, method, shape, dt, *args):
    """``empty(shape, dtype).<method>(*args)``. Until autodiff's Tensor has these methods they
    are the functions of :mod:`autodiff.random_methods`, called with the tensor first."""
    out = lib.zeros(shape, dtype=getattr(lib, dt, None) or np.dtype(dt))
    fill_in = getattr(out, method, None)
    if fill_in is None:
        fill_in = functools.partial(getattr(lib.random_methods, method), out)
    fill_in(*args)
    return out


def _numpy(value):
    return np.asarray(value.numpy() if hasattr(value, "numpy") else getattr(value, "_data",
                                                                           value))


def digest(array) -> str:
    """dtype, shape and SHA-256 of the bytes: equal digests mean equal bits."""
    array = np.ascontiguousarray(array)
    return f"{array.dtype.str}|{array.shape}|{hashlib.sha256(array.tobytes()).hexdigest()}"


def pack(outputs: dict) -> dict:
    """Outputs by name -> a few arrays for one npz: every value's bytes in one blob, an index
    of (name, dtype, shape, offset, digest); outputs longer than DIGEST_ABOVE keep a head only."""
    names, dtypes, shapes, offsets, digests, chunks = [], [], [], [], [], []
    at = 0
    for name, out in outputs.items():
        out = np.ascontiguousarray(out)
        names.append(name)
        dtypes.append(out.dtype.str)
        shapes.append(repr(out.shape))
        digests.append(digest(out) if out.size > DIGEST_ABOVE else "")
        data = (out.reshape(-1)[:32] if out.size > DIGEST_ABOVE else out).tobytes()
        offsets.append(at)
        chunks.append(data)
        at += len(data)
    offsets.append(at)
    return {"names": np.array(names), "dtypes": np.array(dtypes), "shapes": np.array(shapes),
            "digests": np.array(digests), "offsets": np.array(offsets, dtype=np.int64),
            "blob": np.frombuffer(b"".join(chunks), dtype=np.uint8)}


def unpack(npz) -> dict:
    """The fixture back: name -> (array or head, digest or "")."""
    blob, offsets = npz["blob"], npz["offsets"]        # an npz member is re-read per access
    dtypes, shapes, digests = npz["dtypes"], npz["shapes"], npz["digests"]
    out = {}
    for i, name in enumerate(npz["names"]):
        data = blob[offsets[i]:offsets[i + 1]].view(np.dtype(str(dtypes[i])))
        dig = str(digests[i])
        out[str(name)] = (data if dig else data.reshape(ast.literal_eval(str(shapes[i]))), dig)
    return out


def run_case(lib, seed, calls):
    """Seed ``lib``'s default generator, make the calls, return every output as numpy arrays."""
    lib.manual_seed(seed)
    outputs = []
    for name, args, kwargs in calls:
        out = _call(lib, name, args, kwargs)
        for o in (out if isinstance(out, list) else [out]):
            outputs.append(_numpy(o))
    return outputs
