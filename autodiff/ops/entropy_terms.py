"""Terms of entropies and log-likelihoods that are 0 where a naive product would be nan:
xlog1py and entr (``xlogy`` stands with the other special functions).
"""
import scipy.special as sps

from ..core import primitive
from .unary import log

__all__ = ["xlog1py", "entr"]

# xlog1py(x, y) = x * log1p(y), and 0 where x == 0 (even for y == -1).
xlog1py = primitive(sps.xlog1py, name="xlog1py", grad_fn_name="Xlog1pyBackward0")
# d/dx is log1p(y) but 0 where x == 0, as xlogy's: xlog1py(x != 0, y) says so and differentiates
# again in y only.
xlog1py.defjvp_per_arg(lambda t, ans, x, y: t * xlog1py(x != 0, y),
                       lambda t, ans, x, y: t * x / (1 + y))
xlog1py.defvjp_per_arg(lambda g, ans, x, y: g * xlog1py(x != 0, y),
                       lambda g, ans, x, y: g * x / (1 + y))
xlog1py.__doc__ = """``x * log1p(y)``, 0 where ``x == 0`` (``scipy.special.xlog1py``)."""

# entr(x) = -x log(x) for x > 0, 0 at 0, -inf below: d/dx = -(1 + log x) (+inf at 0).
entr = primitive(sps.entr, name="entr", grad_fn_name="EntrBackward0")
entr.defjvp(lambda tangents, ans, x: -tangents[0] * (1 + log(x)))
entr.defvjp(lambda g, ans, x: (-g * (1 + log(x)),))
entr.__doc__ = """Elementwise entropy term ``-x log(x)`` (``scipy.special.entr``)."""

# rel_entr(x, y) = x log(x / y) for x, y > 0 (0 at x = 0): d/dx = log(x / y) + 1, d/dy = -x / y.
rel_entr = primitive(sps.rel_entr, name="rel_entr", grad_fn_name="RelEntrBackward0")
rel_entr.defjvp_per_arg(lambda t, ans, x, y: t * (log(x / y) + 1),
                        lambda t, ans, x, y: -t * x / y)
rel_entr.defvjp_per_arg(lambda g, ans, x, y: g * (log(x / y) + 1),
                        lambda g, ans, x, y: -g * x / y)
rel_entr.__doc__ = """Elementwise relative entropy ``x log(x / y)`` (``scipy.special.rel_entr``).
"""

# kl_div(x, y) = x log(x / y) - x + y: d/dx = log(x / y), d/dy = 1 - x / y.
kl_div = primitive(sps.kl_div, name="kl_div", grad_fn_name="KlDivBackward0")
kl_div.defjvp_per_arg(lambda t, ans, x, y: t * log(x / y),
                      lambda t, ans, x, y: t * (1 - x / y))
kl_div.defvjp_per_arg(lambda g, ans, x, y: g * log(x / y),
                      lambda g, ans, x, y: g * (1 - x / y))
kl_div.__doc__ = """Elementwise ``x log(x / y) - x + y`` (``scipy.special.kl_div``)."""
__all__ += ["rel_entr", "kl_div"]
