"""The rule for an argument whose derivative has no closed form (an order, a shape parameter).

Registered in that argument's slot of ``defjvp_per_arg``/``defvjp_per_arg``, it runs only when a
caller asks for that derivative, so the other arguments stay differentiable.
"""
from ..core import MissingRuleError


class NoClosedFormError(MissingRuleError):
    """A derivative asked for with respect to an argument that has no closed-form derivative.

    Attributes
    ----------
    op : str
        The primitive's name.
    argument : str
        The argument's name, as scipy spells it.
    """

    def __init__(self, op: str, argument: str, hint: str = ""):
        self.op, self.argument = op, argument
        super().__init__(
            f"{op}: the derivative with respect to '{argument}' has no closed form and is not "
            f"implemented; pass '{argument}' as a constant (a number, or a tensor with "
            f"requires_grad=False / detach()) to differentiate with respect to the other "
            f"arguments{hint}")


def no_closed_form(op: str, argument: str, hint: str = ""):
    """A per-argument JVP or VJP rule that raises :class:`NoClosedFormError`."""
    def rule(*_args, **_kwargs):
        """Raise :class:`NoClosedFormError` for this argument."""
        raise NoClosedFormError(op, argument, hint)
    return rule
