"""Floating-point arithmetic exactly as PyTorch's CPU kernels do it, in numpy.

Bit-exact samples need more than the right formula: the same libm functions, the multiply-adds
the compiler fused (one rounding, not two) and, for float32 normals, the AVX2 polynomial
kernels of ``avx_mathfun.h`` step for step. :mod:`autodiff.generator` computes with these.
"""
from __future__ import annotations

import math

import numpy as np

_F32 = np.float32


# PyTorch's double transforms call libm (log, log1p, sin, ...). numpy's float64 ufuncs call the
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


# The libm functions the double transforms use, as numpy ufuncs where they agree with libm.
log, log1p, sin, cos, tan, exp = (_libm(n) for n in ("log", "log1p", "sin", "cos", "tan", "exp"))


def fma64(a, b, c):
    """``a * b + c`` with one rounding, as C's fma (Dekker's product and Knuth's sum).

    Exact except where ``t + e`` (the two error terms) itself rounds and that moves the result
    across a rounding boundary, which needs the three parts to line up to the last bit; the
    float64 normals and uniforms with a mean or bounds use it (2e6 samples matched PyTorch).
    """
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


def fma32(a, b, c):
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
# order wins). The float32 kernels below spell out where that happens: ``fma32`` marks a fused
# multiply-add, a plain ``*`` or ``+`` a separately rounded one.
def log256_ps(x: np.ndarray) -> np.ndarray:
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
        y = fma32(y, x, _F32(c))
    y = fma32(y * x, z, e * _F32(-2.12194440e-4))
    y = fma32(z, _F32(-0.5), y)
    return fma32(e, _F32(0.693359375), x + y)


def sincos256_ps(x: np.ndarray):
    """avx_mathfun's ``sincos256_ps`` in float32 (Cephes' sinf and cosf): (sin, cos)."""
    sign_sin = x.view(np.int32) & np.int32(-0x80000000)
    x = np.abs(x)
    j = (x * _F32(1.27323954473516)).astype(np.int32)      # truncation, as cvttps
    j = (j + 1) & ~1
    y = j.astype(_F32)
    swap_sin = (j & 4) << 29
    poly_mask = (j & 2) == 0
    # Cody-Waite reduction by pi/4 in three pieces.
    x = fma32(y, _F32(-0.78515625), x)
    x = fma32(y, _F32(-2.4187564849853515625e-4), x)
    x = fma32(y, _F32(-3.77489497744594108e-8), x)
    sign_cos = (~(j - 2) & 4) << 29
    sign_sin = sign_sin ^ swap_sin
    z = x * x
    yc = fma32(_F32(2.443315711809948E-005), z, _F32(-1.388731625493765E-003))
    yc = fma32(yc, z, _F32(4.166664568298827E-002))
    yc = fma32(yc * z, z, z * _F32(-0.5))
    yc = yc + _F32(1)
    ys = fma32(_F32(-1.9515295891E-4), z, _F32(8.3321608736E-3))
    ys = fma32(ys, z, _F32(-1.6666654611E-1))
    ys = fma32(ys * z, x, x)
    sin = np.where(poly_mask, ys, yc)
    cos = np.where(poly_mask, yc, ys)
    return ((sin.view(np.int32) ^ sign_sin).view(_F32),
            (cos.view(np.int32) ^ sign_cos.astype(np.int32)).view(_F32))
