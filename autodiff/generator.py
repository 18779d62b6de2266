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
- ``poisson`` and ``binomial`` are ATen's per-element rejection samplers.

The samplers here take and return numpy arrays; :mod:`autodiff.creation` wraps them in tensors.
The small-tensor normals, the shuffle's swaps and the rejection samplers loop in Python (each
step depends on the one before); everything else that scales with the size is vectorised.

The reference is PyTorch on x86-64 with AVX2, whose float32 ``randn`` kernel is reproduced;
PyTorch on ARM uses a scalar kernel there and can differ in the last bits.
"""
from __future__ import annotations

import math
import os

import numpy as np

from .core import Tensor

__all__ = ["Generator", "default_generator", "uniform", "normal", "random_from_to", "random",
           "randperm", "bernoulli", "exponential", "cauchy", "log_normal", "geometric", "multinomial",
           "poisson", "binomial", "standard_gamma"]

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


# --------------------------------------------------------------------------- libm functions
# PyTorch's double transforms call libm (log, log1p, sin, cos). numpy's float64 ufuncs call the
# same libm on most machines but use their own SIMD code on some (AVX-512); when a probe shows
# any difference we fall back to Python's math module, which is libm.
def _libm(name):
    ufunc, scalar = getattr(np, name), getattr(math, name)
    probe = np.random.default_rng(12345).random(4096)
    probe = {"log1p": -probe, "log": 1 - probe, "tan": 3.1415 * (probe - 0.5),
             "exp": 20 * probe - 10}.get(name, 6.283 * probe)
    if np.array_equal(ufunc(probe), [scalar(v) for v in probe]):
        return ufunc
    return lambda x: np.array([scalar(v) for v in np.ravel(x)], dtype=np.float64).reshape(
        np.shape(x))


_log, _log1p, _sin, _cos, _tan, _exp = (_libm(n) for n in ("log", "log1p", "sin", "cos", "tan",
                                                              "exp"))


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
        fma = _fma32 if dtype == np.float32 else _fma64
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
    return out if mean == 0 and std == 1 else _fma64(out, std, mean)


def _fma64(a, b, c):
    """``a * b + c`` with one rounding, as C's fma (Dekker's product and Knuth's sum)."""
    a, b, c = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (a, b, c)))
    p = a * b
    split = 134217729.0                      # 2**27 + 1: halves of 26 bits multiply exactly
    ah = a * split - (a * split - a)
    bh = b * split - (b * split - b)
    al, bl = a - ah, b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl       # p + e == a * b exactly
    s = p + c
    bb = s - p
    t = (p - (s - bb)) + (c - bb)                           # s + t == p + c exactly
    return s + (t + e)


def _fma32(a, b, c):
    """float32 ``a * b + c`` with one rounding (AVX2's vfmadd), computed in float64.

    The product of two float32 is exact in float64, so only the sum rounds twice (to float64,
    then to float32). That double rounding can go wrong only when the float64 sum lands exactly
    halfway between two float32 numbers; there the sum's error (Knuth's two-sum) says which way
    the exact value lies, and nudging the sum one float64 step that way rounds correctly.
    """
    p = np.multiply(a, b, dtype=np.float64)
    s = p + c
    halfway = (s.view(np.int64) & 0x1FFFFFFF) == 0x10000000     # 29 bits below a float32's
    if halfway.any():
        p, c = np.broadcast_arrays(p, np.asarray(c, dtype=np.float64))
        sh, ph, ch = s[halfway], p[halfway], c[halfway]
        bb = sh - ph
        t = (ph - (sh - bb)) + (ch - bb)
        s = s.copy()
        s[halfway] = np.where(t == 0, sh, np.nextafter(sh, np.where(t > 0, np.inf, -np.inf)))
    return s.astype(np.float32)


# PyTorch compiles avx_mathfun with -mfma and GCC's default -ffp-contract=fast, so GCC fuses a
# multiply into the add or subtract that is its only use (the first such multiply in statement
# order wins). The float32 kernels below spell out where that happens: ``_fma32`` marks a fused
# multiply-add, a plain ``*`` or ``+`` a separately rounded one.
def _log256_ps(x: np.ndarray) -> np.ndarray:
    """avx_mathfun's ``log256_ps`` in float32 (Cephes' logf polynomial), for x > 0."""
    x = np.maximum(x, _F32(1.1754944e-38))
    bits = x.view(np.int32)
    e = ((bits >> 23) - 0x7F).astype(_F32) + _F32(1)
    x = ((bits & ~0x7F800000) | 0x3F000000).view(_F32)      # mantissa in [0.5, 1)
    mask = x < _F32(0.707106781186547524)
    tmp = np.where(mask, x, _F32(0))
    x = x - _F32(1)
    e = e - mask.astype(_F32)
    x = x + tmp
    z = x * x
    y = np.full_like(x, _F32(7.0376836292E-2))
    for c in (-1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1, 1.4249322787E-1,
              -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1):
        y = _fma32(y, x, _F32(c))
    y = _fma32(y * x, z, e * _F32(-2.12194440e-4))
    y = _fma32(z, _F32(-0.5), y)
    return _fma32(e, _F32(0.693359375), x + y)


def _sincos256_ps(x: np.ndarray):
    """avx_mathfun's ``sincos256_ps`` in float32 (Cephes' sinf and cosf): (sin, cos)."""
    sign_sin = x.view(np.int32) & np.int32(-0x80000000)
    x = np.abs(x)
    j = (x * _F32(1.27323954473516)).astype(np.int32)      # truncation, as cvttps
    j = (j + 1) & ~1
    y = j.astype(_F32)
    swap_sin = (j & 4) << 29
    poly_mask = (j & 2) == 0
    # Cody-Waite reduction by pi/4 in three pieces.
    x = _fma32(y, _F32(-0.78515625), x)
    x = _fma32(y, _F32(-2.4187564849853515625e-4), x)
    x = _fma32(y, _F32(-3.77489497744594108e-8), x)
    sign_cos = (~(j - 2) & 4) << 29
    sign_sin = sign_sin ^ swap_sin
    z = x * x
    yc = _fma32(_F32(2.443315711809948E-005), z, _F32(-1.388731625493765E-003))
    yc = _fma32(yc, z, _F32(4.166664568298827E-002))
    yc = _fma32(yc * z, z, z * _F32(-0.5))
    yc = yc + _F32(1)
    ys = _fma32(_F32(-1.9515295891E-4), z, _F32(8.3321608736E-3))
    ys = _fma32(ys, z, _F32(-1.6666654611E-1))
    ys = _fma32(ys * z, x, x)
    sin = np.where(poly_mask, ys, yc)
    cos = np.where(poly_mask, yc, ys)
    return ((sin.view(np.int32) ^ sign_sin).view(_F32),
            (cos.view(np.int32) ^ sign_cos.astype(np.int32)).view(_F32))


def _box_muller16(u: np.ndarray, mean, std) -> np.ndarray:
    """Box-Muller on blocks of 16 uniforms: the first 8 give cos, the last 8 sin (ATen)."""
    u = u.reshape(-1, 2, 8)
    u1, u2 = 1 - u[:, 0], u[:, 1]           # [0, 1) -> (0, 1] for the log
    if u.dtype == np.float32:
        radius = np.sqrt(_F32(-2) * _log256_ps(u1))
        sin, cos = _sincos256_ps(_F32(2.0 * math.pi) * u2)
        pair = np.stack([radius * cos, radius * sin], axis=1)
        if mean != 0 or std != 1:
            pair = _fma32(pair, _F32(std), _F32(mean)).reshape(pair.shape)
    else:
        radius = np.sqrt(-2 * _log(u1))
        theta = 2.0 * math.pi * u2
        pair = np.stack([radius * _cos(theta), radius * _sin(theta)], axis=1)
        if mean != 0 or std != 1:
            pair = _fma64(pair, std, mean)
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
    return ((-1.0 / lambd) * _log1p(-u)).astype(dtype).reshape(shape)


def cauchy(shape, dtype, median=0.0, sigma=1.0, generator=None) -> np.ndarray:
    """Cauchy samples ``median + sigma * tan(pi * (u - 1/2))``: ``Tensor.cauchy_``."""
    dtype = _check_float(dtype, "cauchy")
    u = _uniform01(_gen(generator), math.prod(shape), np.float64)
    # the multiply-add is fused by the compiler, as in ATen's other AVX2 kernels
    return _fma64(sigma, _tan(math.pi * (u - 0.5)), median).astype(dtype).reshape(shape)


def log_normal(shape, dtype, mean=1.0, std=2.0, generator=None) -> np.ndarray:
    """``exp`` of normal samples: ``Tensor.log_normal_``.

    ATen draws these one double normal at a time at every size (the small-tensor normal path,
    cached value included), never by blocks of 16.
    """
    dtype = _check_float(dtype, "log_normal")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    values = _normal_serial(_gen(generator), math.prod(shape), float(mean), float(std))
    return _exp(values).astype(dtype).reshape(shape)


def geometric(shape, dtype, p, generator=None) -> np.ndarray:
    """Trials up to the first success, ``ceil(log(u) / log1p(-p))``: ``Tensor.geometric_``."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    u = _uniform01(_gen(generator), math.prod(shape), np.float64)
    return np.ceil(_log(u) / math.log1p(-p)).astype(dtype).reshape(shape)


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


# ------------------------------------------------------------------------------ poisson
def _draw(gen: Generator) -> float:
    return float(_uniform01(gen, 1, np.float64)[0])


def _sample_poisson(lam: float, gen: Generator) -> int:
    """One Poisson sample as ATen draws it (from numpy's legacy distributions.c)."""
    if lam >= 10:
        # Hoermann's transformed rejection (PTRS), 1993
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = _draw(gen) - 0.5
            v = _draw(gen)
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            # math.lgamma is CPython's, not libm's: a last-bit difference could only flip
            # this comparison when both sides agree to ~16 digits.
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
                    <= -lam + k * loglam - math.lgamma(k + 1.0)):
                return k
    if lam == 0:
        return 0
    # Knuth: multiply uniforms until the product falls below exp(-lam)
    enlam = math.exp(-lam)
    count, prod = 0, 1.0
    while True:
        prod *= _draw(gen)
        if prod > enlam:
            count += 1
        else:
            return count


def poisson(rates: np.ndarray, generator=None) -> np.ndarray:
    """Poisson samples with the given rates, element by element: ``torch.poisson``.

    Rates of 10 or more use transformed rejection, smaller ones multiply uniforms; both draw
    double uniforms from the generator one at a time, as ATen's serial kernel.
    """
    rates = np.asarray(rates)
    if rates.dtype.kind != "f":
        raise TypeError(f"poisson: rates must be a float tensor, not {rates.dtype}")
    if np.any(rates < 0) or np.any(np.isnan(rates)):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    gen = _gen(generator)
    samples = [_sample_poisson(lam, gen) for lam in rates.reshape(-1).tolist()]
    return np.array(samples, dtype=np.float64).astype(rates.dtype).reshape(rates.shape)


# ----------------------------------------------------------------------------- binomial
# ATen's binomial sampler mixes the tensor's type (``scalar_t``: count, prob and some products)
# with double; for float32 tensors ``_s`` rounds a value to float32 where ATen's expression is
# float (a float32 op done in double and rounded once is the float32 op).
_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                  0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                  0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
                  0.00833056343336287)


def _stirling_tail(k: float) -> float:
    if k < len(_STIRLING_TAIL):
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _binomial_inversion(count, prob, gen, _s):
    logprob = float(np.log1p(np.asarray(-prob, dtype=np.float32))) if _s is not float \
        else math.log1p(-prob)
    geom_sum, num_geom = 0.0, 0.0
    while True:
        geom_sum += math.ceil(math.log(_draw(gen)) / logprob)
        if geom_sum > count:
            return num_geom
        num_geom += 1


def _btrs(count, prob, gen, _s):
    """Hoermann's BTRS transformed rejection, as ATen writes it."""
    stddev = _s(math.sqrt(_s(_s(count * prob) * _s(1 - prob))))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = _s(count * prob) + 0.5
    v_r = 0.92 - 4.2 / b
    r = _s(prob / _s(1 - prob))
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor(_s(_s(count + 1) * prob))
    while True:
        u = _draw(gen) - 0.5
        v = _draw(gen)
        us = 0.5 - abs(u)
        k = _s(math.floor((2 * a / us + b) * u + c))
        if k < 0 or k > count:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        upper = ((m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
                 + _s(count + 1) * math.log((count - m + 1) / _s(count - k + 1))
                 + (k + 0.5) * math.log(r * _s(count - k + 1) / _s(k + 1))
                 + _stirling_tail(m) + _stirling_tail(count - m)
                 - _stirling_tail(k) - _stirling_tail(_s(count - k)))
        if v <= upper:
            return k


def _sample_binomial(count, prob, gen, _s):
    if count <= 0.0 or prob <= 0.0:
        return 0.0
    if prob >= 1.0:
        return count
    if prob <= 0.5:
        if _s(count * prob) >= 10.0:
            return _btrs(count, prob, gen, _s)
        return _binomial_inversion(count, prob, gen, _s)
    if prob > 0.5:
        q = _s(1.0 - prob)
        if _s(count * q) >= 10.0:
            return _s(count - _btrs(count, q, gen, _s))
        return _s(count - _binomial_inversion(count, q, gen, _s))
    return math.nan


def binomial(count: np.ndarray, prob: np.ndarray, generator=None) -> np.ndarray:
    """Binomial samples, element by element: ``torch.binomial(count, prob)``.

    ``count * prob >= 10`` (or with ``1 - prob`` above one half) uses BTRS transformed rejection,
    smaller products sum geometric waiting times; both draw double uniforms one at a time.
    """
    count, prob = np.asarray(count), np.asarray(prob)
    if count.dtype.kind != "f" or prob.dtype != count.dtype:
        raise TypeError(f"binomial: count and prob must be float tensors of one dtype, not "
                        f"{count.dtype} and {prob.dtype}")
    count, prob = np.broadcast_arrays(count, prob)
    _s = float if count.dtype == np.float64 else (lambda x: float(np.float32(x)))
    gen = _gen(generator)
    samples = [_sample_binomial(n, p, gen, _s)
               for n, p in zip(count.reshape(-1).tolist(), prob.reshape(-1).tolist())]
    return np.array(samples, dtype=np.float64).astype(count.dtype).reshape(count.shape)


# -------------------------------------------------------------------------------- gamma
_THIRD_F = float(np.float32(1.0) / np.float32(3.0))     # ATen writes 1.0f / 3.0f
_C0331_F = float(np.float32(0.0331))


def _sample_gamma(alpha, gen: Generator, _s) -> float:
    """Marsaglia and Tsang's method as ATen writes it (float constants, double arithmetic)."""
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0.0:
            return 0.0
        scale *= math.pow(1 - _draw(gen), _s(1.0 / alpha))
        alpha = _s(alpha + 1.0)
    d = _s(alpha - _THIRD_F)
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        while True:
            x = float(_normal_serial(gen, 1, 0.0, 1.0)[0])
            y = 1.0 + c * x
            if y > 0:
                break
        v = y * y * y
        u = 1 - _draw(gen)
        xx = x * x
        if u < 1.0 - _C0331_F * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def standard_gamma(alpha: np.ndarray, generator=None) -> np.ndarray:
    """Gamma(alpha, 1) samples, element by element: ``torch._standard_gamma``, behind
    ``torch.distributions.Gamma``, ``Chi2`` and ``StudentT``.

    Each sample takes standard normals from the small-tensor normal path (so it uses and
    leaves the generator's cached normal) and double uniforms; the result is at least the
    dtype's smallest normal number.
    """
    alpha = np.asarray(alpha)
    if alpha.dtype.kind != "f":
        raise TypeError(f"standard_gamma: alpha must be a float tensor, not {alpha.dtype}")
    gen = _gen(generator)
    if alpha.dtype == np.float64:
        _s = float
    else:
        def _s(x):
            return float(np.float32(x))
    samples = [_sample_gamma(a, gen, _s) for a in alpha.reshape(-1).tolist()]
    out = np.array(samples, dtype=np.float64).astype(alpha.dtype)
    return np.maximum(out, np.finfo(alpha.dtype).tiny).reshape(alpha.shape)
