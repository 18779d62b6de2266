"""The op registry: one entry per primitive, its numpy implementation beside its JVP and VJP rules.

The library's own ops and a user's are registered the same way, through :func:`primitive`. The
engines never look at an op's name; they only call the rules stored here.
"""
from __future__ import annotations

import re
from typing import Callable

import numpy as np

from .trace import bind

REGISTRY: dict[str, "Primitive"] = {}

BATCH_KINDS = ("elementwise", "reduction", "along_axis", "loop")


class MissingRuleError(NotImplementedError):
    """Raised when an engine reaches a primitive that has no rule for its mode.

    A primitive registered with :func:`primitive` needs :meth:`Primitive.defjvp` for forward mode
    and :meth:`Primitive.defvjp` for reverse mode; the message names the primitive and the missing
    rule.
    """


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


class Primitive:
    """A differentiable operation: a numpy function with a JVP rule and a VJP rule.

    Calling the primitive dispatches to the engines: with plain numpy arguments it is the numpy
    function itself; with tensors it is recorded on the tape and pushed through dual numbers.

    Parameters
    ----------
    impl : callable
        The numpy implementation. Positional arguments are the differentiable inputs (arrays or
        scalars); keyword arguments are static parameters (axes, shapes, indices).
    name : str, optional
        Registry key; defaults to ``impl.__name__``.
    grad_fn_name : str or callable, optional
        What ``tensor.grad_fn.name()`` shows, PyTorch style (``"MulBackward0"``). A callable gets
        ``(args, kwargs)`` of the call (``args`` is None once backward freed them).
    differentiable : bool or "complex"
        False for ops whose outputs carry no derivative (comparisons, ``floor``); ``"complex"``
        for ops piecewise constant on real numbers but smooth on complex ones (``sign``,
        ``z / abs(z)``),
        whose outputs carry a derivative only when they are complex.
    """

    returns_view = False   # set on ops whose numpy result may share memory with their input
    # The structure each positional argument must keep (None: any array), for the checker,
    # which perturbs an argument only within it; see :meth:`defstructure`.
    structure: tuple | None = None
    fresh_result = False   # set on non-ufunc ops whose result is always a new array

    def __init__(self, impl: Callable, name: str | None = None, grad_fn_name=None,
                 differentiable: bool | str = True):
        self.impl = impl
        self.name = name or impl.__name__
        self.__name__ = self.name
        self.__doc__ = impl.__doc__
        self.__wrapped__ = impl
        self._grad_fn_name = grad_fn_name or f"{_camel(self.name)}Backward0"
        self.differentiable = differentiable
        self.jvp_rule = None       # rule(tangents, ans, *args, **kw) -> tangent of the output
        self.jvp_rules = None      # per positional argument: rule(t_i, ans, *args, **kw)
        self.vjp_rule = None       # rule(g, ans, *args, **kw) -> tuple, one per argument
        self.vjp_rules = None      # per positional argument: rule(g, ans, *args, **kw)
        self.batch_rule = None     # how the batch level applies it: a kind name or a rule
        self.batch_params = ()     # static parameters a named kind accepts besides its own
        REGISTRY[self.name] = self  # a re-run notebook cell replaces the old entry

    def __call__(self, *args, **kwargs):
        return bind(self, args, kwargs)

    def __repr__(self):
        return f"<autodiff primitive {self.name}>"

    def grad_fn_name(self, args, kwargs: dict) -> str:
        """The PyTorch-style node name for a call with these arguments."""
        name = self._grad_fn_name
        return name(args, kwargs) if callable(name) else name

    # -- registering rules ------------------------------------------------------------------
    def defjvp(self, rule: Callable) -> Callable:
        """Register the forward-mode rule ``rule(tangents, ans, *args, **kwargs)``.

        ``tangents`` has one entry per positional argument, ``None`` where that argument carries no
        tangent; the rule returns the tangent of the output. Usable as a decorator.
        """
        self.jvp_rule, self.jvp_rules = rule, None
        return rule

    def defvjp(self, rule: Callable) -> Callable:
        """Register the reverse-mode rule ``rule(g, ans, *args, **kwargs)``.

        It returns one cotangent per positional argument (``None``: no gradient). Broadcasting and
        dtype are undone by the engine, so a cotangent may have the output's shape. Usable as a
        decorator.
        """
        self.vjp_rule, self.vjp_rules = rule, None
        return rule

    def defjvp_per_arg(self, *rules: Callable | None) -> None:
        """Register one forward rule per positional argument, ``rule(t_i, ans, *args, **kwargs)``.

        Each gives the output tangent's share from argument ``i``; the engine adds the shares of
        the arguments that carry tangents. ``None`` marks an argument with no derivative.
        """
        self.jvp_rule, self.jvp_rules = None, rules

    def defvjp_per_arg(self, *rules: Callable | None) -> None:
        """Register one reverse rule per positional argument, ``rule(g, ans, *args, **kwargs)``.

        The engine calls only the rules of arguments that need a gradient, so a costly or
        warning-prone cotangent (``log(x)`` for an exponent) is never computed when unused.
        ``None`` marks an argument with no derivative.
        """
        self.vjp_rule, self.vjp_rules = None, rules

    def defbatch(self, rule, params=()) -> None:
        """Declare how the batch level (one-pass Jacobians) applies this primitive.

        Parameters
        ----------
        rule : str or callable
            A kind: ``"elementwise"`` (numpy broadcasting, no axis parameters), ``"reduction"``
            (``op(x, axis=None, keepdims=False)``), ``"along_axis"`` (one ``axis`` that keeps the
            other axes apart: softmax, cumsum), ``"loop"`` (once per batch element, then
            stacked). Or a rule ``rule(prim, values, batched, kwargs, size)`` that returns the
            result with the batch axis first, computed from ``values`` one level down
            (``batched[i]``: whether ``values[i]`` carries the batch axis), or ``NotImplemented``
            to fall back to the loop for parameters it was not written for.
        params : tuple of str
            For a kind: further static parameters it may pass through unchanged (``"ddof"`` of
            ``var``, ``"decimals"`` of ``round``).

        An undeclared primitive whose implementation is a numpy ufunc is elementwise; any other
        goes through the loop, which is always correct, only slower.
        """
        if isinstance(rule, str) and rule not in BATCH_KINDS:
            raise ValueError(f"defbatch: unknown kind {rule!r}; use one of "
                             f"{sorted(BATCH_KINDS)} or a rule function")
        self.batch_rule, self.batch_params = rule, tuple(params)

    def defstructure(self, *structures: str | None) -> None:
        """Declare the structure each positional argument must keep, for the gradient checker.

        One entry per positional argument: ``"symmetric"`` or ``"hermitian"`` (over the last two
        axes), ``"positive-definite"`` (symmetric, and steps small enough to stay so),
        ``"lower"`` or ``"upper"`` (triangular), or None for an unconstrained array. The checker
        then perturbs that argument only within the structure, the only directions in which the
        op (``cholesky``, ``eigh``, which read one triangle) is defined.
        """
        allowed = {None, "symmetric", "hermitian", "positive-definite", "lower", "upper"}
        unknown = [s for s in structures if s not in allowed]
        if unknown:
            raise ValueError(f"unknown structure {unknown[0]!r} for '{self.name}'; use one of "
                             f"{sorted(a for a in allowed if a)} or None")
        self.structure = tuple(structures)

    # -- what the engines call ----------------------------------------------------------------
    def jvp(self, tangents, ans, args, kwargs):
        """The output tangent given one tangent (or ``None``) per positional argument."""
        if self.jvp_rules is not None:
            total = None
            for i, t in enumerate(tangents):
                if t is None:
                    continue
                rule = self.jvp_rules[i] if i < len(self.jvp_rules) else None
                if rule is None:
                    continue
                share = rule(t, ans, *args, **kwargs)
                total = share if total is None else total + share
            return total
        if self.jvp_rule is None:
            raise MissingRuleError(
                f"primitive '{self.name}' has no JVP rule, which forward mode (jvp, jacfwd, "
                f"hessian, dual numbers) needs; define one with @{self.name}.defjvp")
        return self.jvp_rule(tuple(tangents), ans, *args, **kwargs)

    def vjp(self, g, ans, args, kwargs, needed):
        """Cotangents for the argument positions listed in ``needed``, in that order."""
        if self.differentiable is False:
            # Piecewise constant (floor, round): zero, for PyTorch's graph, which records these
            # ops on floating point tensors (FloorBackward0) and gives zero gradients.
            return [np.zeros(np.shape(args[i]), getattr(args[i], "dtype", np.float64))
                    for i in needed]
        if self.vjp_rules is not None:
            rules = self.vjp_rules
            return [rules[i](g, ans, *args, **kwargs)
                    if i < len(rules) and rules[i] is not None else None for i in needed]
        if self.vjp_rule is None:
            raise MissingRuleError(
                f"primitive '{self.name}' has no VJP rule, which reverse mode (backward, grad, "
                f"vjp, jacrev) needs; define one with @{self.name}.defvjp")
        cts = self.vjp_rule(g, ans, *args, **kwargs)
        if not isinstance(cts, (tuple, list)):
            cts = (cts,)
        if len(cts) != len(args):
            raise TypeError(f"the VJP rule of '{self.name}' returned {len(cts)} cotangents for "
                            f"{len(args)} arguments; return a tuple with one entry per argument")
        return [cts[i] for i in needed]


def primitive(impl: Callable | None = None, *, name: str | None = None, grad_fn_name=None,
              differentiable: bool | str = True):
    """Register a numpy function as a differentiable primitive.

    Use as ``@ad.primitive`` or ``@ad.primitive(name=...)``; then attach rules with
    :meth:`Primitive.defjvp` and :meth:`Primitive.defvjp`. Inside the rules, the arguments, the
    result and the (co)tangents may be tensors traced by an enclosing transform, so rules written
    with ``ad`` operations and Python operators differentiate again.

    Parameters
    ----------
    impl : callable
        Receives and returns numpy arrays.
    name, grad_fn_name, differentiable
        See :class:`Primitive`.

    Returns
    -------
    Primitive

    Examples
    --------
    >>> import autodiff as ad
    >>> @ad.primitive
    ... def cube(x):
    ...     return x ** 3
    >>> @cube.defvjp
    ... def cube_vjp(g, ans, x):
    ...     return (3 * x ** 2 * g,)
    >>> float(ad.grad(cube)(2.0))
    12.0
    """
    if impl is None:
        return lambda f: Primitive(f, name=name, grad_fn_name=grad_fn_name,
                                   differentiable=differentiable)
    return Primitive(impl, name=name, grad_fn_name=grad_fn_name, differentiable=differentiable)
