"""PyTorch's tensor repr, character for character (its _tensor_str rules, with numpy values)."""
from __future__ import annotations

import math

import numpy as np

PRECISION = 4
LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3


class _Formatter:
    """Chooses integer, fixed or scientific notation and a common width, as PyTorch does."""

    def __init__(self, values: np.ndarray):
        self.floating = np.issubdtype(values.dtype, np.floating)
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not self.floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(self._plain(v)))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if finite.size == 0:
            return
        absvals = np.abs(finite)
        lo, hi = float(absvals.min()), float(absvals.max())
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        if self.int_mode:
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8
        else:
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
        for v in finite.tolist():
            if self.sci_mode:
                width = len(f"{v:.{PRECISION}e}")
            elif self.int_mode:
                width = len(f"{v:.0f}") + 1
            else:
                width = len(f"{v:.{PRECISION}f}")
            self.max_width = max(self.max_width, width)

    @staticmethod
    def _plain(v) -> str:
        return str(v) if not isinstance(v, bool) else ("True" if v else "False")

    def format(self, v) -> str:
        """One element as text, right-aligned to the common width."""
        if self.floating:
            v = float(v)
            if self.sci_mode:
                text = f"{v:{self.max_width}.{PRECISION}e}"
            elif self.int_mode:
                text = f"{v:.0f}"
                if not (math.isinf(v) or math.isnan(v)):
                    text += "."
            else:
                text = f"{v:.{PRECISION}f}"
        else:
            text = self._plain(v)
        return " " * (self.max_width - len(text)) + text


def _summarized(values: np.ndarray) -> np.ndarray:
    """The edge items PyTorch keeps when it elides the middle of a large tensor."""
    if values.ndim == 0:
        return values
    if values.shape[0] > 2 * EDGEITEMS:
        values = np.concatenate([values[:EDGEITEMS], values[-EDGEITEMS:]])
    return np.stack([_summarized(v) for v in values]) if values.ndim > 1 else values


def _body(values: np.ndarray, fmt: _Formatter, indent: int, summarize: bool) -> str:
    if values.ndim == 0:
        return fmt.format(values.item())
    if values.ndim == 1:
        items = [fmt.format(v) for v in values.tolist()]
        if summarize and len(items) > 2 * EDGEITEMS:
            items = items[:EDGEITEMS] + [" ..."] + items[-EDGEITEMS:]   # PyTorch pads this one
        per_line = max(1, math.floor((LINEWIDTH - indent) / (fmt.max_width + 2)))
        lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"
    if summarize and values.shape[0] > 2 * EDGEITEMS:
        rows = ([_body(v, fmt, indent + 1, summarize) for v in values[:EDGEITEMS]] + ["..."]
                + [_body(v, fmt, indent + 1, summarize) for v in values[-EDGEITEMS:]])
    else:
        rows = [_body(v, fmt, indent + 1, summarize) for v in values]
    sep = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + sep.join(rows) + "]"


def tensor_repr(values: np.ndarray, suffixes: list[str], default_float) -> str:
    """``tensor(...)`` text for ``values`` followed by ``suffixes`` (grad_fn, requires_grad)."""
    prefix = "tensor("
    indent = len(prefix)
    extra = []
    if values.size == 0 and values.shape != (0,):
        extra.append(f"size={tuple(values.shape)}")
    # int64 and bool show in their digits; an empty tensor has none, so PyTorch names them
    implied = (np.dtype(default_float),) if values.size == 0 else \
        (np.dtype(default_float), np.dtype(np.int64), np.dtype(np.bool_))
    if values.dtype not in implied:
        extra.append(f"dtype={values.dtype.name}")
    if values.size == 0:
        body = "[]"
    elif values.size > THRESHOLD:
        body = _body(values, _Formatter(_summarized(values)), indent, summarize=True)
    else:
        body = _body(values, _Formatter(values), indent, summarize=False)
    parts = [body] + extra + suffixes
    return prefix + ", ".join(parts) + ")"
