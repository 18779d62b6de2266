"""Constraints on the parameters and the support of a distribution, as
``torch.distributions.constraints``: ``check(value)`` gives a bool tensor, True where valid.

Checks look at values only (they are never differentiated), so they run in numpy.
"""
from __future__ import annotations

import numpy as np

from ..core import Tensor
from .. import creation

__all__ = ["Constraint", "boolean", "dependent", "dependent_property", "greater_than",
           "greater_than_eq", "half_open_interval", "independent", "integer_interval",
           "interval", "is_dependent", "less_than", "multinomial", "nonnegative",
           "nonnegative_integer", "one_hot", "positive", "positive_integer", "real",
           "real_vector", "simplex", "unit_interval"]


def _values(x) -> np.ndarray:
    """The numpy values of a tensor (no graph, no trace) or of a number or array."""
    return np.asarray(x._data) if isinstance(x, Tensor) else np.asarray(x)


def _result(valid) -> Tensor:
    return creation.tensor(np.asarray(valid, dtype=bool))


class Constraint:
    """A region of valid values. ``is_discrete``: the region holds integers only;
    ``event_dim``: how many rightmost dimensions make up one value (1 for a simplex)."""

    is_discrete = False
    event_dim = 0

    def check(self, value) -> Tensor:
        """A bool tensor of ``value``'s batch shape, True where ``value`` satisfies it."""
        raise NotImplementedError(f"{type(self).__name__} does not implement check: "
                                  "a Constraint subclass defines it")

    def __repr__(self):
        return self.__class__.__name__[1:] + "()"


class _Dependent(Constraint):
    """A placeholder for a constraint that depends on other arguments (not checked)."""

    def __init__(self, *, is_discrete=NotImplemented, event_dim=NotImplemented):
        self._is_discrete = is_discrete
        self._event_dim = event_dim

    @property
    def is_discrete(self) -> bool:      # type: ignore[override]
        """Whether the constrained values are integers."""
        if self._is_discrete is NotImplemented:
            raise NotImplementedError(".is_discrete cannot be determined statically")
        return self._is_discrete

    @property
    def event_dim(self) -> int:         # type: ignore[override]
        """How many rightmost dimensions make up one value."""
        if self._event_dim is NotImplemented:
            raise NotImplementedError(".event_dim cannot be determined statically")
        return self._event_dim

    def __call__(self, *, is_discrete=NotImplemented, event_dim=NotImplemented):
        return _Dependent(
            is_discrete=self._is_discrete if is_discrete is NotImplemented else is_discrete,
            event_dim=self._event_dim if event_dim is NotImplemented else event_dim)

    def check(self, x):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        raise ValueError("Cannot determine validity of dependent constraint")


def is_dependent(constraint) -> bool:
    """True for constraints that depend on other arguments and so cannot be checked alone."""
    return isinstance(constraint, _Dependent)


class _DependentProperty(property, _Dependent):
    """A property computing a constraint from the instance (``support`` of ``Uniform``)."""

    def __init__(self, fn=None, *, is_discrete=NotImplemented, event_dim=NotImplemented):
        property.__init__(self, fn)
        self._is_discrete = is_discrete
        self._event_dim = event_dim

    def __call__(self, fn):             # type: ignore[override]
        return _DependentProperty(fn, is_discrete=self._is_discrete, event_dim=self._event_dim)


class _IndependentConstraint(Constraint):
    """``base_constraint`` over the ``reinterpreted_batch_ndims`` rightmost dimensions."""

    def __init__(self, base_constraint, reinterpreted_batch_ndims):
        self.base_constraint = base_constraint
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    @property
    def is_discrete(self) -> bool:      # type: ignore[override]
        """Whether the constrained values are integers."""
        return self.base_constraint.is_discrete

    @property
    def event_dim(self) -> int:         # type: ignore[override]
        """How many rightmost dimensions make up one value."""
        return self.base_constraint.event_dim + self.reinterpreted_batch_ndims

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        result = _values(self.base_constraint.check(value))
        n = self.reinterpreted_batch_ndims
        if result.ndim < n:
            raise ValueError(f"Expected value.dim() >= {self.event_dim} but got "
                             f"{np.ndim(_values(value))}")
        return _result(result.reshape(result.shape[:result.ndim - n] + (-1,)).all(-1))

    def __repr__(self):
        return (f"{self.__class__.__name__[1:]}({self.base_constraint!r}, "
                f"{self.reinterpreted_batch_ndims})")


class _Boolean(Constraint):
    is_discrete = True

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result((v == 0) | (v == 1))


class _OneHot(Constraint):
    is_discrete = True
    event_dim = 1

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result(((v == 0) | (v == 1)).all(-1) & (v.sum(-1) == 1))


def _bound(b):
    return _values(b) if isinstance(b, Tensor) else b


def _bound_repr(b):
    if isinstance(b, Tensor) and b.ndim == 0:
        return str(b.item())
    return str(b)


class _IntegerInterval(Constraint):
    is_discrete = True

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result((v % 1 == 0) & (_bound(self.lower_bound) <= v)
                       & (v <= _bound(self.upper_bound)))

    def __repr__(self):
        return (f"{self.__class__.__name__[1:]}(lower_bound={_bound_repr(self.lower_bound)}, "
                f"upper_bound={_bound_repr(self.upper_bound)})")


class _IntegerGreaterThan(Constraint):
    is_discrete = True

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result((v % 1 == 0) & (v >= _bound(self.lower_bound)))

    def __repr__(self):
        return f"{self.__class__.__name__[1:]}(lower_bound={_bound_repr(self.lower_bound)})"


class _Real(Constraint):
    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result(v == v)          # False for NaN


class _GreaterThan(Constraint):
    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        return _result(_bound(self.lower_bound) < _values(value))

    def __repr__(self):
        return f"{self.__class__.__name__[1:]}(lower_bound={_bound_repr(self.lower_bound)})"


class _GreaterThanEq(_GreaterThan):
    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        return _result(_bound(self.lower_bound) <= _values(value))


class _LessThan(Constraint):
    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        return _result(_values(value) < _bound(self.upper_bound))

    def __repr__(self):
        return f"{self.__class__.__name__[1:]}(upper_bound={_bound_repr(self.upper_bound)})"


class _Interval(Constraint):
    def __init__(self, lower_bound, upper_bound):
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result((_bound(self.lower_bound) <= v) & (v <= _bound(self.upper_bound)))

    def __repr__(self):
        return (f"{self.__class__.__name__[1:]}(lower_bound={_bound_repr(self.lower_bound)}, "
                f"upper_bound={_bound_repr(self.upper_bound)})")


class _HalfOpenInterval(_Interval):
    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result((_bound(self.lower_bound) <= v) & (v < _bound(self.upper_bound)))


class _Simplex(Constraint):
    event_dim = 1

    def check(self, value):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(value)
        return _result(np.all(v >= 0, axis=-1) & (np.abs(v.sum(-1) - 1) < 1e-6))


class _Multinomial(Constraint):
    is_discrete = True
    event_dim = 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, x):
        """A bool tensor, True where ``value`` satisfies the constraint."""
        v = _values(x)
        return _result(np.all(v >= 0, axis=-1) & (v.sum(-1) <= _bound(self.upper_bound)))


dependent = _Dependent()
dependent_property = _DependentProperty
independent = _IndependentConstraint
boolean = _Boolean()
one_hot = _OneHot()
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
integer_interval = _IntegerInterval
real = _Real()
real_vector = independent(real, 1)
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
multinomial = _Multinomial
unit_interval = _Interval(0.0, 1.0)
interval = _Interval
half_open_interval = _HalfOpenInterval
simplex = _Simplex()
