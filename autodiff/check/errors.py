"""The two ways a gradient check ends badly: the derivatives disagree, or it was asked wrongly."""
from __future__ import annotations

__all__ = ["GradcheckError", "GradcheckInputError"]


class GradcheckError(AssertionError):
    """A derivative computed by the engines disagrees with another (engine or finite differences).

    The message names the mode (``fwd`` or ``rev``), the input, the output element and the two
    values that disagree, and, when the checker found it, the primitive whose rule is wrong.

    Attributes
    ----------
    report : GradcheckReport
        The full report, as :func:`autodiff.gradcheck` would have returned it.
    """

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class GradcheckInputError(TypeError):
    """The check cannot run as asked: integer inputs, a function that returns no array, a bad
    option. The message is one line that says what to change."""
