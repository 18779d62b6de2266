"""The base class of the optimizers: parameter groups, per-parameter state, ``state_dict``.

It follows ``torch.optim.Optimizer``: ``param_groups`` is a list of dicts (each with its
``"params"`` and every option), ``state`` maps a parameter to a dict of tensors (``step``,
``exp_avg``, ...), ``state_dict()`` replaces parameters by their positions, ``zero_grad`` clears
``.grad``. A subclass writes only its update rule, :meth:`Optimizer._update_group`.

The update rules work on the numpy arrays under the tensors, writing the state in place and the
parameters through ``Tensor.copy_`` (so a parameter keeps its identity and its version counter
moves, as in PyTorch). They follow PyTorch's single-tensor CPU implementations operation by
operation, in the same order, dtype and rounding (fused multiply-adds included), so SGD's
trajectories agree with PyTorch's bit for bit; the others divide by a square root, which
PyTorch's vectorized kernels round differently from numpy's correctly rounded one now and then,
so they agree to an ulp or a few per step.
"""
from __future__ import annotations

from collections import defaultdict
from copy import deepcopy
from itertools import chain
from typing import Any, Callable, Iterable
import warnings

import numpy as np

from ..core import Tensor, enable_grad, get_default_dtype, no_grad
from .. import creation

__all__ = ["Optimizer", "required"]


class _RequiredParameter:
    """The default of an option every parameter group must give (``SGD``'s ``lr`` once was)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def values_of(t: Tensor) -> np.ndarray:
    """The numpy array holding ``t``'s values (shared memory: writing it writes ``t``)."""
    return t.detach().numpy()


def new_state(values: np.ndarray) -> Tensor:
    """A state tensor (``exp_avg``, ``momentum_buffer``, ...) that owns ``values``."""
    return creation.from_numpy(np.ascontiguousarray(values))


def step_counter(value: float = 0.0) -> Tensor:
    """PyTorch's ``state["step"]``: a 0-d float tensor, float64 only under a float64 default."""
    dtype = np.float64 if get_default_dtype() == np.float64 else np.float32
    return creation.from_numpy(np.array(value, dtype=dtype))


def advance(step_t: Tensor) -> float:
    """Add one to a step counter in place and return the new count as a Python float."""
    counter = values_of(step_t)
    counter += 1
    return float(counter)


def fma(a, b, c) -> np.ndarray:
    """``a * b + c`` rounded once, in the dtype of the arrays (Python numbers take that dtype).

    PyTorch's CPU kernels for ``add(x, alpha=)``, ``addcmul`` and ``lerp`` compile to fused
    multiply-adds where the processor has them (AVX2 and newer, i.e. nearly every x86-64 machine
    today), so computing them with two roundings would drift from PyTorch's trajectories by an
    ulp here and there. numpy has no fused multiply-add: float32 goes through float64, where the
    product is exact; float64 uses Dekker's exact product and Knuth's exact sum. Both round once
    but for rare double-rounding ties.
    """
    arrays = [x for x in (a, b, c) if isinstance(x, np.ndarray)]
    dtype = np.result_type(*arrays)
    a, b, c = (np.asarray(x, dtype=dtype) for x in (a, b, c))
    if dtype == np.float32 or dtype == np.float16:
        wide = a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)
        return wide.astype(dtype)
    if dtype != np.float64:
        return a * b + c
    product = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    product_err = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    total = product + c
    back = total - product
    sum_err = (product - (total - back)) + (c - back)
    exact = total + (product_err + sum_err)
    # inf or nan on the way (an overflowing product): the plain result is the right one
    return np.where(np.isfinite(exact), exact, product + c)


def _split(x: np.ndarray):
    """Veltkamp's split of float64 values into two halves of 26 bits each."""
    t = 134217729.0 * x     # 2**27 + 1
    hi = t - (t - x)
    return hi, x - hi


def scalar(x) -> float:
    """A hyperparameter as a Python float, so it never widens a float32 computation."""
    return float(x.item() if isinstance(x, Tensor) else x)


def _check_implementation_options(group: dict[str, Any]) -> None:
    """PyTorch's options that choose an implementation, not an update rule.

    ``foreach`` (PyTorch's multi-tensor kernels) and ``capturable`` (state kept on the device for
    CUDA graphs) give PyTorch's single-tensor results on the CPU; autodiff's updates are those,
    so any value is accepted and changes nothing. ``fused=True`` asks for PyTorch's fused
    kernels, which round differently, and ``differentiable=True`` for a step recorded by
    autograd: autodiff has neither, so it refuses them rather than ignore them.
    """
    if group.get("fused"):
        raise ValueError("fused=True asks for PyTorch's fused optimizer kernels, which autodiff "
                         "does not have (its updates follow the single-tensor implementation); "
                         "leave fused=None")
    if group.get("differentiable"):
        raise ValueError("differentiable=True asks for an optimizer step recorded by autograd; "
                         "autodiff's optimizers update the parameters outside the graph, so "
                         "leave differentiable=False (or write the update with tensor "
                         "operations to differentiate through it)")


class Optimizer:
    """Base class for all optimizers, as ``torch.optim.Optimizer``.

    Every optimizer accepts PyTorch's implementation options: ``foreach`` and ``capturable``
    (any value; they change nothing, the update is PyTorch's single-tensor one), ``fused`` and
    ``differentiable`` (only None/False: ``fused=True`` and ``differentiable=True`` raise
    ValueError, since autodiff has no fused kernels and does not record the step).

    Parameters
    ----------
    params : iterable of Tensor or of dict
        The tensors to optimize, or parameter groups: dicts holding ``"params"`` and any
        options that differ from ``defaults`` for that group.
    defaults : dict
        Each option's value for groups that do not give it.
    """

    def __init__(self, params: Iterable, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got autodiff.Tensor")
        self.state: defaultdict = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self) -> dict[str, Any]:
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        text = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"

    # -- parameter groups ------------------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own options (the others from ``defaults``).

        Parameters
        ----------
        param_group : dict
            ``"params"``: a tensor or an ordered collection of tensors (or of ``(name, tensor)``
            pairs); any other key overrides that option's default for this group.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        else:
            params = list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        param_group["params"] = params
        if names:
            if len(names) != len(params):
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")
            param_group["param_names"] = names

        for param in params:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(param))
            if not (param.is_leaf or getattr(param, "retains_grad", False)):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)
        _check_implementation_options(param_group)

        if len(params) != len({id(p) for p in params}):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError(f"all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # -- gradients and steps ---------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of every parameter.

        Parameters
        ----------
        set_to_none : bool
            Set ``.grad`` to None (the default, as in PyTorch) instead of filling it with zeros.
            A parameter whose ``.grad`` is None is skipped by ``step()``; one with zeros is not
            (momentum and weight decay still move it).
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    g = p.grad
                    if g.grad_fn is not None:
                        g.detach_()
                    else:
                        g.requires_grad_(False)
                    g.zero_()

    def step(self, closure: Callable[[], Any] | None = None):
        """Update every parameter that has a gradient, once.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (called with gradients enabled before
            the update); its loss is returned.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                self._update_group(group)
        return loss

    def _update_group(self, group: dict[str, Any]) -> None:
        raise TypeError(f"{type(self).__name__} does not define its update rule: Optimizer is "
                        f"a base class; subclass it and define step(), or use SGD, Adam, ...")

    def _with_grads(self, group):
        """The group's parameters that have a gradient, with the gradient's values (in the
        parameter's dtype, as PyTorch's autograd always leaves them)."""
        for p in group["params"]:
            if p.grad is not None:
                yield p, values_of(p.grad).astype(p.dtype, copy=False)

    # -- saving and restoring ----------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state: ``{"state": {index: {...}}, "param_groups": [...]}``.

        Parameters are replaced by their index in the order of ``param_groups``; the state's
        tensors are not copied (as in PyTorch: deep-copy the result to keep a snapshot).
        """
        mapping: dict[int, int] = {}
        start = 0

        def pack(group):
            """A parameter group with its tensors replaced by their indices."""
            nonlocal start
            packed = {k: v for k, v in group.items() if k != "params"}
            mapping.update({id(p): i for i, p in enumerate(group["params"], start)
                            if id(p) not in mapping})
            packed["params"] = [mapping[id(p)] for p in group["params"]]
            start += len(packed["params"])
            return packed

        param_groups = [pack(g) for g in self.param_groups]
        state = {(mapping[id(k)] if isinstance(k, Tensor) else k): v
                 for k, v in self.state.items()}
        return {"state": state, "param_groups": param_groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state returned by :meth:`state_dict` (of an optimizer over parameters of
        the same shapes, grouped the same way).

        Floating state tensors take their parameter's dtype, except ``step``.
        """
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))

        def cast(param, value, key=None):
            """A loaded state value in the parameter's dtype (``step`` kept as is)."""
            if isinstance(value, Tensor):
                if key == "step" or value.dtype.kind not in "fc" or param.dtype.kind not in "fc":
                    return value
                if value.dtype == param.dtype:
                    return value
                return new_state(values_of(value).astype(param.dtype))
            if isinstance(value, dict):
                return {k: cast(param, v, k) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(cast(param, v) for v in value)
            return value

        state: defaultdict = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                state[id_map[k]] = cast(id_map[k], v)
            else:
                state[k] = v

        def update_group(group, new_group):
            """A loaded group's settings with this optimizer's parameters."""
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})


def _typename(obj) -> str:
    if isinstance(obj, np.ndarray):
        return "numpy.ndarray"
    return type(obj).__module__ + "." + type(obj).__qualname__ \
        if type(obj).__module__ != "builtins" else type(obj).__qualname__
