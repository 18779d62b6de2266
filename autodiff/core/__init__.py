"""The core: the value box, levels and ``bind``, the registry, grad mode and config.

(Transitional: these names are re-exported from their current modules while the package is
reorganised; code outside the core imports them from here.)
"""
from ..config import get_default_dtype, set_default_dtype
from ..registry import REGISTRY, MissingRuleError, Primitive, bind, primitive
from ..reverse import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from ..tensor import Size, Tensor

__all__ = ["REGISTRY", "MissingRuleError", "Primitive", "Size", "Tensor", "bind", "enable_grad",
           "get_default_dtype", "is_grad_enabled", "no_grad", "primitive", "set_default_dtype",
           "set_grad_enabled"]
