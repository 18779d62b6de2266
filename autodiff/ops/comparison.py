"""Comparisons and logic, which give bool tensors and are never differentiated, and ``where``,
which selects by them."""
import numpy as np

from ..core import primitive, provide

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "logical_not", "logical_and", "logical_or",
           "isfinite", "isnan", "where"]

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

# Selection: the gradient goes to the branch each element came from.
where = primitive(np.where, name="where", grad_fn_name="WhereBackward0")
where.defjvp_per_arg(None,
                     lambda t, ans, c, x, y: where(c, t, 0),
                     lambda t, ans, c, x, y: where(c, 0, t))
where.defvjp_per_arg(None,
                     lambda g, ans, c, x, y: where(c, g, 0),
                     lambda g, ans, c, x, y: where(c, 0, g))
where.defbatch("elementwise")
provide(where=where)   # an in-place write of constants cuts history through it
