"""``autodiff.scipy``: scipy's functions under scipy's names, signatures and defaults, each a
registered primitive or a composite of primitives, differentiable in both modes (as
``jax.scipy`` and ``autograd.scipy``).

scipy's own Python code converts its inputs with ``np.asarray``, so it cannot be traced through
numpy's protocols; call these instead::

    import autodiff.scipy.stats as stats
    ad.grad(lambda mu: stats.norm.logpdf(x, mu, 2.0).sum())(0.5)
"""
from . import integrate, linalg, signal, special, stats

__all__ = ["integrate", "linalg", "signal", "special", "stats"]
