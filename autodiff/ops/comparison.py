"""Comparisons and logic: they give bool tensors and are never differentiated."""
import numpy as np

from ..registry import primitive

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "logical_not", "logical_and", "logical_or",
           "isfinite", "isnan"]

eq = primitive(np.equal, name="eq", differentiable=False)
ne = primitive(np.not_equal, name="ne", differentiable=False)
lt = primitive(np.less, name="lt", differentiable=False)
le = primitive(np.less_equal, name="le", differentiable=False)
gt = primitive(np.greater, name="gt", differentiable=False)
ge = primitive(np.greater_equal, name="ge", differentiable=False)
logical_not = primitive(np.logical_not, name="logical_not", differentiable=False)
logical_and = primitive(np.logical_and, name="logical_and", differentiable=False)
logical_or = primitive(np.logical_or, name="logical_or", differentiable=False)
isfinite = primitive(np.isfinite, name="isfinite", differentiable=False)
isnan = primitive(np.isnan, name="isnan", differentiable=False)
