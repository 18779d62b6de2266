"""Per-thread engine state: grad mode and the counter that orders transform levels."""
import threading


class _State(threading.local):
    def __init__(self):
        self.grad_enabled = True
        # Which no_grad / enable_grad block is innermost (a new number each time one is
        # entered): a transform ignores the grad mode it was called in, not one set inside it.
        self.grad_scope = 0
        # Levels only ever grow, so an inner transform always outranks the ones around it.
        self.next_level = 1


state = _State()


class InplaceClock:
    """A global tick bumped by every in-place write, so a node can tell cheaply whether anything
    it saved could have changed since it was recorded."""

    now = 0


def new_level():
    """A level number larger than every level opened before it on this thread."""
    level = state.next_level
    state.next_level += 1
    return level
