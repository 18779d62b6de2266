"""PyTorch's per-element rejection samplers on its CPU stream: Poisson, binomial, gamma.

ATen runs these element by element on one generator (``Distributions.cpp``,
``Distributions.h``), each sample drawing as many double uniforms (and, for the gamma, normals
from the small-tensor normal path) as its accept-reject loop needs; here too, in Python loops,
since every draw depends on the one before.
"""
from __future__ import annotations

import math

import numpy as np

from .generator import Generator, _gen, _normal_serial, _uniform01

__all__ = ["poisson", "binomial", "standard_gamma"]


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
