"""Comparisons and logic, which give bool tensors and are never differentiated, and ``where``,
which selects by them."""
import numpy as np

from ..core import primitive, provide

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "logical_not", "logical_and", "logical_or",
           "isfinite", "isnan", "where", "stop_gradient"]

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

# The values without their derivative, as an op ad.jit records: Tensor.detach() of a value the
# recording traces (a copy of the recording-time values would be replayed as a constant).
stop_gradient = primitive(lambda x: np.array(x, copy=True), name="stop_gradient",
                          grad_fn_name="DetachBackward0", differentiable=False)
stop_gradient.__doc__ = """``x``'s values carrying no derivative at any level (``Tensor.detach``
inside ``ad.jit``)."""
stop_gradient.defbatch("elementwise")
provide(stop_gradient=stop_gradient)
