"""The core: the value box, levels and ``bind``, the registry, grad mode and config.

Everything else builds on these and nothing here imports an engine or an op: the engines
(:mod:`autodiff.engines`) add levels, the ops (:mod:`autodiff.ops`) register primitives, and the
surfaces on top attach the Tensor's methods.
"""
from .config import get_default_dtype, set_default_dtype
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled,
                        no_grad, set_grad_enabled)
from .registry import BATCH_KINDS, REGISTRY, MissingRuleError, Primitive, primitive
from .state import new_level, state
from .structure import fit, provide
from .tensor import Size, Tensor, as_array, is_float
from .trace import Trace, as_value, bind, box, is_recorded, lift, set_base_trace

__all__ = ["BATCH_KINDS", "REGISTRY", "MissingRuleError", "Primitive", "Size", "Tensor", "Trace",
           "as_array", "as_value", "bind", "box", "enable_grad", "fit", "get_default_dtype",
           "inference_mode", "is_float", "is_grad_enabled", "is_inference_mode_enabled",
           "is_recorded", "lift", "new_level", "no_grad", "primitive", "provide",
           "set_base_trace", "set_default_dtype", "set_grad_enabled", "state"]
