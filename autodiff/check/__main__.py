"""``python -m autodiff.check``: the same as the ``autodiff-check`` command."""
import sys

from .cli import main

sys.exit(main())
