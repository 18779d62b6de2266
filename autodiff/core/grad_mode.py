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


class _BareDecorator(_GradMode):
    """A grad mode that also decorates without parentheses (``@no_grad`` as ``@no_grad()``)."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        if not callable(orig_func):
            raise TypeError(f"{cls.__name__}() takes no arguments (as a decorator: @{cls.__name__} "
                            f"or @{cls.__name__}() above a function)")
        return cls()(orig_func)

    def __init__(self, orig_func=None):
        pass


class no_grad(_BareDecorator):
    """Context manager (and decorator) in which no operation is recorded for reverse mode.

    Forward mode (dual numbers) is unaffected, as in PyTorch. Thread-local. Usable as
    ``with no_grad():``, ``@no_grad()`` and ``@no_grad``.
    """

    _value = False


class enable_grad(_BareDecorator):
    """Context manager (and decorator) that turns recording back on inside :class:`no_grad`."""

    _value = True


class inference_mode(_GradMode):
    """PyTorch's ``inference_mode``: no operation is recorded in its body (``mode=False``: the
    body runs in the surrounding mode's stead with recording on).

    Here it is :class:`no_grad` under PyTorch's name: autodiff keeps no version counters or
    view metadata whose cost inference mode would save, and it does not mark the tensors made
    inside as inference tensors (using them in a recorded computation later is allowed).

    Parameters
    ----------
    mode : bool
        True (the default) turns recording off; False leaves it on.
    """

    def __new__(cls, mode=True):
        if callable(mode):           # @inference_mode without parentheses
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode=True):
        self._value = not bool(mode)
        self._inference = bool(mode)

    def __enter__(self):
        super().__enter__()
        self._prev_inference = getattr(state, "inference", False)
        state.inference = self._inference

    def __exit__(self, *exc):
        state.inference = self._prev_inference
        return super().__exit__(*exc)


def is_inference_mode_enabled() -> bool:
    """Whether the innermost :class:`inference_mode` block on this thread is on."""
    return getattr(state, "inference", False)


class set_grad_enabled(_GradMode):
    """Set grad mode to ``mode``: for a ``with`` body, or from now on when simply called.

    As in PyTorch, ``set_grad_enabled(False)`` takes effect at once; used as a context manager
    the previous mode comes back at the end of the body.

    Parameters
    ----------
    mode : bool
        Whether operations are recorded.
    """

    _decorator = False

    def __init__(self, mode: bool):
        self._value = bool(mode)
        self._prev = (state.grad_enabled, state.grad_scope)
        state.grad_enabled = self._value
        state.grad_scope = next(_scopes)

    def __call__(self, func):
        # Decorating a function changes nothing now; each call sets the mode for its body.
        state.grad_enabled, state.grad_scope = self._prev
        self._decorator = True
        return super().__call__(func)

    def __enter__(self):
        if self._decorator:
            super().__enter__()
        # otherwise __init__ has set the mode and kept the previous one for __exit__


def is_grad_enabled() -> bool:
    """Whether operations are being recorded on this thread."""
    return state.grad_enabled
