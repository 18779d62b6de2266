"""``autodiff-check``: run the document's examples through both engines and print the results.

(The full gradient checker lands with the checker issue; this first version runs the document.)
"""
from __future__ import annotations

import sys


def main(argv=None) -> int:
    """Run the document's cells with autodiff in place of torch and print each output."""
    import autodiff as torch

    x = torch.arange(4.0)
    print(x)
    x.requires_grad_(True)
    y = 2 * torch.dot(x, x)
    print(y)
    y.backward()
    print(x.grad)
    ok = bool((x.grad == 4 * x).numpy().all())
    print("both engines agree:", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
