"""The engines: forward mode (dual numbers), reverse mode (PyTorch's graph and the tape of the
function transforms), and the batch level that makes Jacobians one pass.

Each is a level (:class:`autodiff.core.Trace`) that pushes tangents or pulls cotangents through
the rules a primitive registered; none of them knows an op by name.
"""
from . import batching, forward, jit, reverse, tape

__all__ = ["batching", "forward", "jit", "reverse", "tape"]
