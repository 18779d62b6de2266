"""Grad mode: whether operations on tensors that require grad are recorded (thread-local).

``no_grad`` and ``enable_grad`` are PyTorch's context managers and decorators. A function
transform ignores the mode it was called in but respects one set inside the function, which is
why each block entered gets a scope number.
"""
from __future__ import annotations

import contextlib
import copy
import itertools

from .state import state

_scopes = itertools.count(1)


class _GradMode(contextlib.ContextDecorator):
    _value = True

    def __enter__(self):
        self._prev = (state.grad_enabled, state.grad_scope)
        state.grad_enabled = self._value
        state.grad_scope = next(_scopes)

    def __exit__(self, *exc):
        state.grad_enabled, state.grad_scope = self._prev
        return False

    def _recreate_cm(self):
        # As a decorator, one instance serves every call: each call (a recursive one, another
        # thread's) gets its own copy, so it restores its own previous mode.
        return copy.copy(self)


class no_grad(_GradMode):
    """Context manager (and decorator) in which no operation is recorded for reverse mode.

    Forward mode (dual numbers) is unaffected, as in PyTorch. Thread-local.
    """

    _value = False


class enable_grad(_GradMode):
    """Context manager (and decorator) that turns recording back on inside :class:`no_grad`."""

    _value = True


class set_grad_enabled(_GradMode):
    """Context manager that sets grad mode to ``mode`` for its body.

    Parameters
    ----------
    mode : bool
        Whether operations are recorded.
    """

    def __init__(self, mode: bool):
        self._value = bool(mode)


def is_grad_enabled() -> bool:
    """Whether operations are being recorded on this thread."""
    return state.grad_enabled
