"""PyTorch's CPU random streams, bit for bit, in numpy.

PyTorch draws every CPU random number from one mt19937 engine per generator and turns the
32-bit words into samples with a handful of fixed transforms (ATen's ``CPUGeneratorImpl``,
``DistributionsHelper.h``, ``TransformationHelper.h`` and ``native/cpu/DistributionTemplates.h``).
This module keeps the same engine state and applies the same transforms in the same order, so
that after ``manual_seed(s)`` every sample equals PyTorch's, in float32 and float64:

- a 32-bit draw is one engine output; a 64-bit draw is two, the first one the high word;
- ``uniform`` keeps 24 (float32) or 53 (float64) low bits of a 32- or 64-bit draw;
- ``normal`` on a contiguous tensor of 16 or more elements fills uniforms first and then runs
  Box-Muller on blocks of 16 (8 pairs), redrawing the last 16 values when the size is not a
  multiple of 16; float32 uses PyTorch's AVX2 kernel (Cephes-style polynomials in float32,
  reproduced op for op below), float64 uses libm; smaller tensors draw one double Box-Muller
  pair at a time and keep the second value in the generator for the next call;
- integers are ``draw % range + low``; ``randperm`` is a Fisher-Yates shuffle;
- ``bernoulli`` compares a uniform with ``p``; ``multinomial`` without replacement takes the top
  ``k`` of ``p / Exp(1)``, with replacement it binary-searches the normalised cumulative sum;
- Poisson, binomial and gamma samples come from ATen's rejection loops, in
  :mod:`autodiff.rejection_samplers`; :mod:`autodiff._fpmath` holds the exact arithmetic
  (libm, fused multiply-adds, the AVX2 polynomials).

The samplers here take and return numpy arrays; :mod:`autodiff.creation` wraps them in tensors.
The small-tensor normals and the shuffle's swaps loop in Python (each step depends on the one
before); everything else that scales with the size is vectorised.

The reference is PyTorch on x86-64 with AVX2, whose float32 ``randn`` kernel is reproduced;
PyTorch on ARM uses a scalar kernel there and can differ in the last bits.
"""
from __future__ import annotations

import math
import os

import numpy as np

from . import _fpmath as fp
from .core import Tensor

__all__ = ["Generator", "default_generator", "uniform", "normal", "random_from_to", "random",
           "randperm", "bernoulli", "exponential", "cauchy", "log_normal", "geometric",
           "multinomial"]

_N = 624                              # words in the mt19937 state
_DEFAULT_SEED = 67280421310721        # PyTorch's seed for a new torch.Generator()
_STATE_BYTES = 5056                   # sizeof(CPUGeneratorImplState), torch.get_rng_state()

# torch.get_rng_state()'s byte layout: the legacy THGenerator struct (64-bit state words and the
# old Box-Muller fields, where the cached double normal lives in normal_y) and the float cache.
_STATE_DTYPE = np.dtype({
    "names": ["seed", "left", "seeded", "next", "state", "normal_x", "normal_y", "normal_rho",
              "normal_is_valid", "next_float", "next_float_valid"],
    "formats": ["<u8", "<i4", "<i4", "<u8", ("<u8", _N), "<f8", "<f8", "<f8", "<i4", "<f4",
                "u1"],
    "offsets": [0, 8, 12, 16, 24, 5016, 5024, 5032, 5040, 5048, 5052],
    "itemsize": _STATE_BYTES})


def _init_genrand(seed32: int) -> np.ndarray:
    """The 624-word mt19937 state for a 32-bit seed (Matsumoto and Nishimura's init_genrand)."""
    key = np.empty(_N, dtype=np.uint32)
    x = seed32
    key[0] = x
    for i in range(1, _N):
        x = (1812433253 * (x ^ (x >> 30)) + i) & 0xFFFFFFFF
        key[i] = x
    return key


def _nondeterministic_seed() -> int:
    # 53 bits, as c10's getNonDeterministicRandom keeps (the seed must survive a double).
    return int.from_bytes(os.urandom(8), "little") & ((1 << 53) - 1)


class Generator:
    """A CPU random number generator with PyTorch's state and streams.

    Parameters
    ----------
    device : str
        Only ``"cpu"``: the streams reproduced are PyTorch's CPU streams.

    Notes
    -----
    A new generator is seeded with PyTorch's default ``67280421310721``, so
    ``Generator().manual_seed(s)`` and ``torch.Generator().manual_seed(s)`` give the same
    samples. The numbers are drawn by numpy's MT19937 bit generator, which runs the same
    recurrence as ATen's ``mt19937``; this class seeds it and maps its position to PyTorch's.

    Examples
    --------
    >>> import autodiff as ad
    >>> g = ad.Generator().manual_seed(0)
    >>> ad.rand(2, generator=g)
    tensor([0.4963, 0.7682])
    """

    def __init__(self, device="cpu"):
        if str(device) != "cpu":
            raise ValueError(f"Generator(device={device!r}): autodiff runs on the CPU only; "
                             f"use Generator() or Generator('cpu')")
        self.device = "cpu"
        self._bits = np.random.MT19937()
        self.manual_seed(_DEFAULT_SEED)

    # ----------------------------------------------------------------------- seeding, state
    def manual_seed(self, seed) -> "Generator":
        """Seed the engine with ``seed`` (an int in [-2**63, 2**64)) and clear the normal cache.

        Returns
        -------
        Generator
            ``self``, so ``Generator().manual_seed(0)`` is a seeded generator.
        """
        seed = int(seed)
        if not -(1 << 63) <= seed < (1 << 64):
            raise RuntimeError(f"manual_seed: seed {seed} is out of range; give an integer in "
                               f"[-2**63, 2**64)")
        seed &= (1 << 64) - 1            # a negative seed is its 64-bit two's complement
        self._seed = seed
        # Only the low 32 bits reach the engine; initial_seed() still reports all 64.
        self._set_engine(_init_genrand(seed & 0xFFFFFFFF), _N)
        self._fresh = True               # PyTorch reports next=0 until the first draw
        self._next_double = None         # the second value of the last Box-Muller pair
        self._next_float = None
        return self

    def seed(self) -> int:
        """Seed with a non-deterministic number and return it."""
        s = _nondeterministic_seed()
        self.manual_seed(s)
        return s

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with."""
        return self._seed

    def _set_engine(self, key: np.ndarray, pos: int):
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}

    def get_state(self) -> Tensor:
        """The generator's state as 5056 bytes, laid out as ``torch.get_rng_state()``.

        Returns
        -------
        Tensor
            uint8; ``torch.set_rng_state(torch.from_numpy(state.numpy()))`` continues the same
            stream in PyTorch, and :meth:`set_state` accepts PyTorch's state (as numpy).
        """
        st = self._bits.state["state"]
        rec = np.zeros((), dtype=_STATE_DTYPE)
        pos = int(st["pos"])
        rec["seed"] = self._seed
        rec["left"] = _N + 1 - pos
        rec["seeded"] = 1
        rec["next"] = 0 if self._fresh else pos
        rec["state"] = st["key"].astype(np.uint64)
        if self._next_double is not None:
            rec["normal_is_valid"] = 1
            rec["normal_y"] = self._next_double
        if self._next_float is not None:
            rec["next_float_valid"] = 1
            rec["next_float"] = self._next_float
        return Tensor(np.frombuffer(rec.tobytes(), dtype=np.uint8).copy())

    def set_state(self, new_state) -> "Generator":
        """Restore a state from :meth:`get_state` (or from ``torch.get_rng_state()``).

        Parameters
        ----------
        new_state : Tensor or numpy.ndarray of uint8
            5056 bytes.
        """
        arr = np.asarray(getattr(new_state, "_data", new_state))
        if arr.dtype != np.uint8 or arr.size != _STATE_BYTES:
            raise RuntimeError(f"set_state: expected a uint8 tensor of {_STATE_BYTES} bytes "
                               f"(from get_state()), got {arr.dtype} with {arr.size} elements")
        rec = np.frombuffer(np.ascontiguousarray(arr).tobytes(), dtype=_STATE_DTYPE)[0]
        left, nxt = int(rec["left"]), int(rec["next"])
        if not (rec["seeded"] and 0 < left <= _N and nxt <= _N):
            raise RuntimeError("set_state: invalid mt19937 state (left must be in 1..624, "
                               "next at most 624, seeded set)")
        self._seed = int(rec["seed"])
        self._set_engine((rec["state"] & 0xFFFFFFFF).astype(np.uint32), _N + 1 - left)
        self._fresh = nxt == 0 and left == 1
        self._next_double = float(rec["normal_y"]) if rec["normal_is_valid"] else None
        self._next_float = float(rec["next_float"]) if rec["next_float_valid"] else None
        return self

    # ----------------------------------------------------------------------------- draws
    def random32(self, n: int) -> np.ndarray:
        """``n`` raw 32-bit engine outputs (``CPUGeneratorImpl::random``), as uint64."""
        if n == 0:
            return np.zeros(0, dtype=np.uint64)
        self._fresh = False
        return self._bits.random_raw(n)

    def random64(self, n: int) -> np.ndarray:
        """``n`` 64-bit draws: two outputs each, the first one the high word."""
        words = self.random32(2 * n)
        return (words[0::2] << np.uint64(32)) | words[1::2]

    def __repr__(self):
        return f"<autodiff.Generator initial_seed={self._seed}>"


default_generator = Generator()
default_generator.seed()          # PyTorch seeds its default CPU generator non-deterministically


def _gen(generator) -> Generator:
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"generator must be an autodiff.Generator, not "
                        f"{type(generator).__name__}")
    return generator


# ------------------------------------------------------------------------------ uniform
_F32 = np.float32
_MASK24 = np.uint64((1 << 24) - 1)
_MASK53 = np.uint64((1 << 53) - 1)


def _uniform01(gen: Generator, n: int, dtype) -> np.ndarray:
    """``n`` uniforms on [0, 1): 24 bits of a 32-bit draw (float32), 53 of a 64-bit (float64)."""
    if np.dtype(dtype) == np.float64:
        return (gen.random64(n) & _MASK53).astype(np.float64) * 2.0 ** -53
    return ((gen.random32(n) & _MASK24).astype(np.float32) * _F32(2.0 ** -24)).astype(_F32)


def _check_float(dtype, what):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"{what} is defined for float32 and float64 tensors, not {dtype}; "
                        f"pass dtype=autodiff.float32 or autodiff.float64")
    return dtype


def uniform(shape, dtype, low=0.0, high=1.0, generator=None) -> np.ndarray:
    """Uniform samples on ``[low, high)``: ``torch.rand`` and ``Tensor.uniform_``.

    Parameters
    ----------
    shape : tuple of int
    dtype : float32 or float64
    low, high : float
    generator : Generator, optional
        Defaults to the module's default generator.
    """
    dtype = _check_float(dtype, "uniform")
    if not low <= high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={low} > to={high}")
    n = math.prod(shape)
    x = _uniform01(_gen(generator), n, dtype)
    lo, hi = dtype.type(low), dtype.type(high)
    if lo != 0 or hi != 1:
        # ATen's ``x * (to - from) + from`` in the sample's dtype, fused by the compiler.
        fma = fp.fma32 if dtype == np.float32 else fp.fma64
        x = fma(x, hi - lo, lo)
    return x.reshape(shape)


# ------------------------------------------------------------------------------- normal
def _normal_serial(gen: Generator, n: int, mean: float, std: float) -> np.ndarray:
    """The small-tensor path: double Box-Muller pairs (cos, then sin), the last sin cached.

    ATen draws one value at a time, taking the cached value when there is one; that gives the
    cached value (if any), then cos and sin of fresh pairs in turn, as here.
    """
    out = []
    if n and gen._next_double is not None:
        out.append(gen._next_double)
        gen._next_double = None
    pairs = (n - len(out) + 1) // 2
    u = ((gen.random64(2 * pairs) & _MASK53).astype(np.float64) * 2.0 ** -53).tolist()
    for u1, u2 in zip(u[0::2], u[1::2]):
        r = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        out.append(r * math.cos(theta))
        if len(out) < n:
            out.append(r * math.sin(theta))
        else:
            gen._next_double = r * math.sin(theta)
    out = np.array(out, dtype=np.float64)
    # ``ret * std + mean``, fused by the compiler as everywhere in ATen's AVX2 kernels.
    return out if mean == 0 and std == 1 else fp.fma64(out, std, mean)


def _box_muller16(u: np.ndarray, mean, std) -> np.ndarray:
    """Box-Muller on blocks of 16 uniforms: the first 8 give cos, the last 8 sin (ATen)."""
    u = u.reshape(-1, 2, 8)
    u1, u2 = 1 - u[:, 0], u[:, 1]           # [0, 1) -> (0, 1] for the log
    if u.dtype == np.float32:
        radius = np.sqrt(_F32(-2) * fp.log256_ps(u1))
        sin, cos = fp.sincos256_ps(_F32(2.0 * math.pi) * u2)
        pair = np.stack([radius * cos, radius * sin], axis=1)
        if mean != 0 or std != 1:
            pair = fp.fma32(pair, _F32(std), _F32(mean)).reshape(pair.shape)
    else:
        radius = np.sqrt(-2 * fp.log(u1))
        theta = 2.0 * math.pi * u2
        pair = np.stack([radius * fp.cos(theta), radius * fp.sin(theta)], axis=1)
        if mean != 0 or std != 1:
            pair = fp.fma64(pair, std, mean)
    return pair.reshape(-1)


def _normal_fill(gen: Generator, n: int, dtype, mean, std) -> np.ndarray:
    """The path for 16 or more elements: all uniforms first, then Box-Muller by 16."""
    u = _uniform01(gen, n, dtype)
    full = n - n % 16
    out = np.empty(n, dtype=dtype)
    out[:full] = _box_muller16(u[:full], mean, std)
    if n % 16:
        # ATen redraws the last 16 values (overlapping the last full block) and transforms them.
        out[n - 16:] = _box_muller16(_uniform01(gen, 16, dtype), mean, std)
    return out


def normal(shape, dtype, mean=0.0, std=1.0, generator=None) -> np.ndarray:
    """Normal samples with scalar ``mean`` and ``std``: ``torch.randn``, ``Tensor.normal_``.

    Parameters
    ----------
    shape : tuple of int
    dtype : float32 or float64
    mean, std : float
    generator : Generator, optional
    """
    dtype = _check_float(dtype, "normal")
    if not std >= 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    gen = _gen(generator)
    n = math.prod(shape)
    if n >= 16:
        return _normal_fill(gen, n, dtype, mean, std).reshape(shape)
    return _normal_serial(gen, n, float(mean), float(std)).astype(dtype).reshape(shape)


# ----------------------------------------------------------------------------- integers
def _bounds(dtype: np.dtype):
    """The integers a sample of ``dtype`` holds exactly (floats: up to 2**mantissa bits)."""
    if dtype.kind == "f":
        top = 1 << (np.finfo(dtype).nmant + 1)
        return -top, top
    if dtype == np.bool_:
        return 0, 1
    info = np.iinfo(dtype)
    return int(info.min), int(info.max)


def random_from_to(shape, dtype, low: int, high: int, generator=None) -> np.ndarray:
    """Integers uniform on ``[low, high)``: ``torch.randint``, ``Tensor.random_(low, high)``.

    A range of 2**32 or more takes a 64-bit draw per element (for int64, float32 and float64
    tensors, as ATen), otherwise a 32-bit draw; the sample is ``draw % range + low``.
    """
    low, high = int(low), int(high)
    if not low < high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={low} >= to={high}")
    dtype = np.dtype(dtype)
    lo_ok, hi_ok = _bounds(dtype)
    if not (lo_ok <= low and high - 1 <= hi_ok):
        raise RuntimeError(f"random_ expects 'from' and 'to - 1' to be within [{lo_ok}, "
                           f"{hi_ok}] for {dtype}, but got from={low}, to - 1={high - 1}")
    span = high - low
    gen = _gen(generator)
    n = math.prod(shape)
    wide = span >= (1 << 32) and dtype in (np.int64, np.float32, np.float64)
    draws = gen.random64(n) if wide else gen.random32(n)
    values = (draws % np.uint64(span)).astype(np.int64) + np.int64(low)
    return values.astype(dtype).reshape(shape)


def random(shape, dtype, generator=None) -> np.ndarray:
    """``Tensor.random_()`` without bounds: ``[0, 2**mantissa]`` for floats, ``[0, max]`` else."""
    dtype = np.dtype(dtype)
    gen = _gen(generator)
    n = math.prod(shape)
    if dtype == np.bool_:
        return (gen.random32(n) & np.uint64(1)).astype(bool).reshape(shape)
    if dtype in (np.float64, np.int64):
        draws = gen.random64(n)
    else:
        draws = gen.random32(n)
    if dtype.kind == "f":
        mod = (1 << (np.finfo(dtype).nmant + 1)) + 1
    else:
        mod = int(np.iinfo(dtype).max) + 1
    return (draws % np.uint64(mod)).astype(dtype).reshape(shape)


def randperm(n: int, dtype=np.int64, generator=None) -> np.ndarray:
    """A random permutation of ``0 .. n-1``: ATen's Fisher-Yates shuffle, swap by swap."""
    n = int(n)
    if n < 0:
        raise RuntimeError(f"randperm: n must be non-negative, got {n}")
    gen = _gen(generator)
    # ATen takes 32-bit draws below 2**32 / 20 elements (where % is close to uniform).
    draws = gen.random64(n - 1) if n >= 0xFFFFFFFF // 20 else gen.random32(max(n - 1, 0))
    offsets = (draws % np.arange(n, 1, -1, dtype=np.uint64)).tolist() if n > 1 else []
    perm = list(range(n))
    for i, z in enumerate(offsets):
        j = i + z
        perm[i], perm[j] = perm[j], perm[i]
    return np.array(perm, dtype=np.int64).astype(dtype)


# ---------------------------------------------------------------------------- bernoulli
def bernoulli(p, shape=None, dtype=None, generator=None) -> np.ndarray:
    """Bernoulli samples, 1 where a uniform falls below ``p``.

    Parameters
    ----------
    p : float or numpy.ndarray
        A Python float draws a double uniform per element (``Tensor.bernoulli_(0.3)``); an array
        of probabilities draws a double uniform when it is float64 and a float32 uniform
        otherwise (``torch.bernoulli(probs)``), broadcast to ``shape``.
    shape : tuple of int, optional
        Defaults to ``p``'s shape.
    dtype : numpy dtype, optional
        Defaults to ``p``'s dtype (float32 for a Python float).
    generator : Generator, optional
    """
    gen = _gen(generator)
    if isinstance(p, np.ndarray):
        if p.dtype.kind != "f":
            raise TypeError(f"bernoulli: probabilities must be a float tensor, not {p.dtype}")
        shape = p.shape if shape is None else tuple(shape)
        probs = np.broadcast_to(p, shape).reshape(-1)
        wide = p.dtype == np.float64
        dtype = p.dtype if dtype is None else dtype
    else:
        probs = float(p)
        shape = () if shape is None else tuple(shape)
        wide = True
        dtype = np.float32 if dtype is None else dtype
    if np.any((probs < 0) | (probs > 1)) or np.any(np.isnan(probs)):
        raise RuntimeError("bernoulli: every probability must be in [0, 1]")
    n = math.prod(shape)
    if wide:
        hits = _uniform01(gen, n, np.float64) < probs
    else:
        hits = _uniform01(gen, n, np.float32) < np.asarray(probs, dtype=np.float32)
    return hits.astype(dtype).reshape(shape)


def exponential(shape, dtype, lambd=1.0, generator=None) -> np.ndarray:
    """Exponential samples ``-log1p(-u) / lambd`` from double uniforms: ``Tensor.exponential_``."""
    dtype = _check_float(dtype, "exponential")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    u = _uniform01(_gen(generator), math.prod(shape), np.float64)
    return ((-1.0 / lambd) * fp.log1p(-u)).astype(dtype).reshape(shape)


def cauchy(shape, dtype, median=0.0, sigma=1.0, generator=None) -> np.ndarray:
    """Cauchy samples ``median + sigma * tan(pi * (u - 1/2))``: ``Tensor.cauchy_``."""
    dtype = _check_float(dtype, "cauchy")
    u = _uniform01(_gen(generator), math.prod(shape), np.float64)
    # the multiply-add is fused by the compiler, as in ATen's other AVX2 kernels
    return fp.fma64(sigma, fp.tan(math.pi * (u - 0.5)), median).astype(dtype).reshape(shape)


def log_normal(shape, dtype, mean=1.0, std=2.0, generator=None) -> np.ndarray:
    """``exp`` of normal samples: ``Tensor.log_normal_``.

    ATen draws these one double normal at a time at every size (the small-tensor normal path,
    cached value included), never by blocks of 16.
    """
    dtype = _check_float(dtype, "log_normal")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    values = _normal_serial(_gen(generator), math.prod(shape), float(mean), float(std))
    return fp.exp(values).astype(dtype).reshape(shape)


def geometric(shape, dtype, p, generator=None) -> np.ndarray:
    """Trials up to the first success, ``ceil(log(u) / log1p(-p))``: ``Tensor.geometric_``."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    u = _uniform01(_gen(generator), math.prod(shape), np.float64)
    return np.ceil(fp.log(u) / math.log1p(-p)).astype(dtype).reshape(shape)


# -------------------------------------------------------------------------- multinomial
def multinomial(probs: np.ndarray, num_samples: int, replacement=False,
                generator=None) -> np.ndarray:
    """Category indices drawn from the rows of ``probs`` (1-D or 2-D, unnormalised weights).

    Without replacement (or for a single sample) PyTorch keeps the ``num_samples`` largest
    ``p / q`` with ``q ~ Exp(1)``; with replacement it draws a double uniform per sample and
    binary-searches the row's cumulative sum, normalised in the row's dtype.
    """
    if probs.ndim not in (1, 2):
        raise RuntimeError(f"multinomial: prob_dist must be 1 or 2 dim, got {probs.ndim}")
    if probs.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{probs.dtype}")
    num_samples = int(num_samples)
    if num_samples <= 0:
        raise RuntimeError("multinomial: cannot sample n_sample <= 0 samples")
    categories = probs.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("multinomial: cannot sample n_sample > prob_dist.size(-1) samples "
                           "without replacement")
    rows = probs.reshape(-1, categories)
    if not (np.all(np.isfinite(rows)) and np.all(rows >= 0)):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if np.any(rows.sum(axis=1) == 0):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    gen = _gen(generator)
    if not replacement or num_samples == 1:
        q = exponential(rows.shape, rows.dtype, 1.0, gen)
        keys = rows / q
        # argmax keeps the first of equal keys; a stable sort of -keys does the same for topk.
        out = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    else:
        out = np.empty((rows.shape[0], num_samples), dtype=np.int64)
        for r, row in enumerate(rows):
            cum = np.cumsum(row, dtype=row.dtype)         # sequential, in the row's dtype
            total = cum[-1]
            if total > 0:
                cum = cum / total
            cum[-1] = 1                                    # the last bucket always closes at 1
            u = _uniform01(gen, num_samples, np.float64)
            out[r] = np.searchsorted(cum.astype(np.float64), u, side="left")
    return out.astype(np.int64).reshape(probs.shape[:-1] + (num_samples,))
