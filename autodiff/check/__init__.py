"""The gradient checker: forward mode, reverse mode and finite differences compared.

:func:`gradcheck` computes the same derivatives three ways and reports where any two disagree,
down to the input, the output element and, by replaying the function's primitives one by one
(:mod:`autodiff.check.locate`), the primitive whose rule is wrong. ``autodiff-check`` (the
:mod:`autodiff.check.cli` module) runs it from the command line.
"""
from .errors import GradcheckError, GradcheckInputError
from .gradcheck import gradcheck
from .report import Check, GradcheckReport, WrongRule

__all__ = ["gradcheck", "GradcheckError", "GradcheckInputError", "GradcheckReport", "Check",
           "WrongRule"]
