"""The Wright omega function, the solution ``w`` of ``w + log(w) = z`` (a Lambert W in other
coordinates): d/dz = ``w / (1 + w)``, holomorphic, so complex input works too."""
import scipy.special as sps

from .unary import _unary

__all__ = ["wrightomega"]

wrightomega = _unary(sps.wrightomega, "wrightomega", "WrightomegaBackward0",
                     lambda ans, z: ans / (1 + ans))
wrightomega.__doc__ = """Wright omega function, ``w`` with ``w + log(w) = z``
(``scipy.special.wrightomega``); d/dz = w / (1 + w)."""
