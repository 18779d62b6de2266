"""The document's functions, with their inputs and their derivatives worked out by hand.

*Dive into Deep Learning* section 2.5 differentiates a handful of functions; its exercises add a
few more. Each is here once, as an :class:`Example`: the function written as the document writes
it (tensor code, ``import autodiff as torch`` style), the input the document uses, and the
analytic Jacobian, so the checker command, the tests and the tutorials all use the same list.

Examples
--------
>>> import autodiff as ad
>>> from autodiff.examples import example
>>> ex = example("dot")
>>> bool(ad.gradcheck(ex.function, *ex.inputs))
True
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

import numpy as np

from . import generator, ops
from .check.gradcheck import gradcheck

__all__ = ["Example", "examples", "example", "control_flow", "exercise_function",
           "exercise_derivative", "exercise_second_derivative", "CONTROL_FLOW_SEEDS"]

#: The seeds of the control-flow example's random input (the document draws one with randn).
CONTROL_FLOW_SEEDS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class Example:
    """One function of the document, where it is differentiated, and its derivative.

    Attributes
    ----------
    name : str
        Short identifier, e.g. ``"dot"`` or ``"control-flow-seed-3"``.
    section : str
        Where the document (or its exercises) uses it.
    function : callable
        The function, written with tensor operations as the document writes it; it takes one
        tensor (or array) per input and returns a tensor.
    inputs : tuple of ndarray
        The point the document differentiates at.
    jacobian : callable
        The analytic Jacobian, worked out by hand: called with the inputs (as arrays), returns a
        tuple with one array per input, of shape ``output.shape + input.shape``.
    second_derivative : callable or None
        For elementwise functions of one input, the analytic second derivative, elementwise.
    """

    name: str
    section: str
    function: Callable
    inputs: tuple
    jacobian: Callable
    second_derivative: Callable | None = None

    def check(self, **options):
        """Run :func:`autodiff.gradcheck` on this example; options are passed through."""
        return gradcheck(self.function, *self.inputs, **options)


def control_flow(a):
    """The document's function with Python control flow (section 2.5.4), verbatim.

    It doubles ``a`` until the norm reaches 1000 and may scale by 100, so ``f(a) = k * a`` for a
    constant ``k`` that depends on ``a``: the derivative is ``f(a) / a`` elementwise. Takes a
    tensor, as in the document.
    """
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def exercise_function(x):
    """Exercise 5's f(x) = log(x^2) sin(x) + 1/x, elementwise."""
    return ops.log(x ** 2) * ops.sin(x) + 1 / x


def exercise_derivative(x):
    """Exercise 6's df/dx = 2 sin(x) / x + log(x^2) cos(x) - 1 / x^2, by the chain rule."""
    x = np.asarray(x, dtype=np.float64)
    return 2 * np.sin(x) / x + np.log(x ** 2) * np.cos(x) - 1 / x ** 2


def exercise_second_derivative(x):
    """d2f/dx2 = -2 sin(x)/x^2 + 4 cos(x)/x - log(x^2) sin(x) + 2/x^3 for exercise 5's f."""
    x = np.asarray(x, dtype=np.float64)
    return (-2 * np.sin(x) / x ** 2 + 4 * np.cos(x) / x - np.log(x ** 2) * np.sin(x)
            + 2 / x ** 3)


def _diag(values) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    return np.diag(values.ravel()).reshape(values.shape + values.shape)


def _control_flow_derivative(a):
    a = np.asarray(a, dtype=np.float64)
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    c = b if b.sum() > 0 else 100 * b
    return (_diag(c / a),)


def _random_input(seed: int, shape) -> np.ndarray:
    # what ad.manual_seed(seed); ad.randn(size=shape) draws, without touching the global
    # generator: float32, as in the document, so the report shows the float64 conversion
    g = generator.Generator().manual_seed(seed)
    return generator.normal(shape, np.float32, generator=g)


def examples() -> list:
    """All examples, in the document's order: its cells, then its exercises.

    Returns
    -------
    list of Example
    """
    x = np.arange(4.0)
    found = [
        Example("dot", "2.5.1: y = 2 * torch.dot(x, x); y.backward() gives 4 * x",
                lambda x: 2 * ops.dot(x, x), (x,),
                lambda x: (4 * np.asarray(x, dtype=np.float64),)),
        Example("sum", "2.5.1: y = x.sum(); y.backward() gives ones",
                lambda x: x.sum(), (x,), lambda x: (np.ones_like(x, dtype=np.float64),)),
        Example("square", "2.5.2: y = x * x; y.backward(gradient=ones) gives 2 * x",
                lambda x: x * x, (x,), lambda x: (_diag(2 * np.asarray(x)),)),
        # Finite differences see through detach(), so the detached factor is an input of its
        # own here, at the value y.detach() holds: z = u * x with u = x * x.
        Example("detach", "2.5.3: u = y.detach(); z = u * x; z.sum().backward() gives u",
                lambda x, u: (u * x).sum(), (x, x * x),
                lambda x, u: (np.asarray(u, dtype=np.float64),
                              np.asarray(x, dtype=np.float64))),
        Example("detach-y", "2.5.3: y.sum().backward() still gives 2 * x",
                lambda x: (x * x).sum(), (x,), lambda x: (2 * np.asarray(x, dtype=np.float64),)),
    ]
    for seed in CONTROL_FLOW_SEEDS:
        found.append(Example(f"control-flow-seed-{seed}",
                             f"2.5.4: d = f(a) with a = randn(size=()) (seed {seed}); "
                             f"a.grad == d / a", control_flow, (_random_input(seed, ()),),
                             _control_flow_derivative))
    found += [
        Example("control-flow-vector", "exercise 3: the control-flow f of a random vector",
                control_flow, (_random_input(10, (3,)),), _control_flow_derivative),
        Example("control-flow-matrix", "exercise 3: the control-flow f of a random matrix",
                control_flow, (_random_input(11, (2, 3)),), _control_flow_derivative),
        Example("sin", "exercise 4: f(x) = sin(x), whose derivative autodiff finds as cos(x)",
                lambda x: ops.sin(x), (np.linspace(-np.pi, np.pi, 9),),
                lambda x: (_diag(np.cos(np.asarray(x, dtype=np.float64))),),
                lambda x: -np.sin(np.asarray(x, dtype=np.float64))),
        Example("log-sin-reciprocal",
                "exercises 5-7: f(x) = log(x^2) sin(x) + 1/x, forward and backward",
                exercise_function, (np.array([-2.0, -0.5, 0.5, 1.0, 2.0, 3.0]),),
                lambda x: (_diag(exercise_derivative(x)),), exercise_second_derivative),
    ]
    return found


def example(name: str) -> Example:
    """The example called ``name``.

    Raises
    ------
    KeyError
        With the list of names, when there is no such example.
    """
    for ex in examples():
        if ex.name == name:
            return ex
    raise KeyError(f"no example {name!r}; the examples are: "
                   f"{', '.join(e.name for e in examples())}")
