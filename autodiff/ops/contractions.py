"""Contractions: einsum (the one primitive), and vdot, inner, tensordot, trace, diagonal, diag
written with it or with indexing.

einsum is linear in each operand, so its JVP puts the tangent in the operand's place, and its VJP
for one operand is another einsum: the output's cotangent contracted with the other operands,
back to that operand's subscripts.
"""
import string

import numpy as np

from ..core import primitive
from ._util import dtype_of, normalize_axis, shape_of
from .complex_parts import conj, is_complex
from .reductions import sum_
from .shape import getitem, index_update, reshape, transpose

__all__ = ["einsum", "vdot", "inner", "tensordot", "trace", "diagonal", "diag", "moveaxis"]


# -- einsum ----------------------------------------------------------------------------------
def _parse(subscripts: str, shapes):
    """Explicit subscripts without ellipsis: (["ij", "jk"], "ik")."""
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        ins, out = subscripts.split("->")
    else:
        ins, out = subscripts, None
    ins = ins.split(",")
    if len(ins) != len(shapes):
        raise ValueError(f"einsum: {len(ins)} operand subscripts for {len(shapes)} operands")
    used = set("".join(ins).replace(".", "") + (out or "").replace(".", ""))
    pool = [c for c in string.ascii_letters if c not in used]
    width = max([len(shape) - (len(sub) - 3) for sub, shape in zip(ins, shapes)
                 if "..." in sub], default=0)
    # Ellipsis dimensions are right-aligned: operand with n of them takes the last n pool letters
    # of the widest one.
    expanded = []
    for sub, shape in zip(ins, shapes):
        if "..." in sub:
            n = len(shape) - (len(sub) - 3)
            sub = sub.replace("...", "".join(pool[width - n:width]))
        expanded.append(sub)
    ell = "".join(pool[:width])
    if out is None:
        counts = {}
        for c in "".join(expanded):
            counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, k in counts.items() if k == 1 and c not in ell))
    else:
        out = out.replace("...", ell)
    return expanded, out


def _sizes(subs, shapes):
    sizes = {}
    for sub, shape in zip(subs, shapes):
        for c, d in zip(sub, shape):
            sizes[c] = max(sizes.get(c, 1), d)
    return sizes


def _einsum_impl(*operands, subscripts):
    return np.einsum(subscripts, *operands, optimize=len(operands) > 2)


einsum_ = primitive(_einsum_impl, name="einsum", grad_fn_name="EinsumBackward0")


@einsum_.defjvp
def _einsum_jvp(tangents, ans, *operands, subscripts):
    total = None
    for i, t in enumerate(tangents):
        if t is None:
            continue
        ops_i = list(operands)
        ops_i[i] = t
        term = einsum_(*ops_i, subscripts=subscripts)
        total = term if total is None else total + term
    return total


@einsum_.defvjp
def _einsum_vjp(g, ans, *operands, subscripts):
    ins, out = subscripts.split("->")
    ins = ins.split(",")
    sizes = _sizes(ins, [shape_of(x) for x in operands])
    free = [c for c in string.ascii_letters if c not in sizes]
    cts = []
    for i, target in enumerate(ins):
        others = [(s, x) for j, (s, x) in enumerate(zip(ins, operands)) if j != i]
        terms = [(out, g)] + others
        present = set(out).union(*[set(s) for s, _ in others])
        # A letter repeated in the target (a diagonal, "ii") gets a fresh name and an identity
        # operand; a letter only the target has (summed out) gets a ones operand to broadcast.
        renamed, seen, fresh = "", set(), iter(free)
        for c in target:
            if c in seen:
                new = next(fresh)
                terms.append((c + new, np.eye(sizes[c])))
                renamed += new
            else:
                seen.add(c)
                if c not in present:
                    terms.append((c, np.ones(sizes[c])))
                renamed += c
        spec = ",".join(s for s, _ in terms) + "->" + renamed
        cts.append(einsum_(*[x for _, x in terms], subscripts=spec))
    return tuple(cts)


def _from_sublists(args):
    """numpy's sublist form ``einsum(a, [0, 1], b, [1, 2], [0, 2])`` as ``("ab,bc->ac", (a,
    b))``: integers name axes, ``Ellipsis`` stands for ``...``, a trailing list is the output."""
    args = list(args)
    out = args.pop() if len(args) % 2 else None
    operands, subs = args[0::2], args[1::2]

    def letters(sublist):
        """An einsum sublist as subscript letters."""
        text = ""
        for k in sublist:
            if k is Ellipsis:
                text += "..."
            elif isinstance(k, (int, np.integer)) and 0 <= int(k) < 52:
                text += string.ascii_letters[int(k)]
            else:
                raise ValueError(f"einsum: subscripts in a sublist must be integers in [0, 52) "
                                 f"or Ellipsis, got {k!r}")
        return text
    spec = ",".join(letters(s_) for s_ in subs)
    if out is not None:
        spec += "->" + letters(out)
    return spec, tuple(operands)


def einsum(subscripts, *operands):
    """Einstein summation, as ``numpy.einsum`` (implicit and explicit output, ``...``).

    Parameters
    ----------
    subscripts : str
        E.g. ``"ij,jk->ik"``, ``"ii"``, ``"...ij,...jk"``. numpy's sublist form
        (``einsum(a, [0, 1], b, [1, 2], [0, 2])``) is accepted too.
    *operands : Tensor or array_like

    Returns
    -------
    Tensor
        Differentiable in every operand.
    """
    if not isinstance(subscripts, str):
        subscripts, operands = _from_sublists((subscripts,) + operands)
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])          # PyTorch also accepts a list of operands
    shapes = [shape_of(x) for x in operands]
    ins, out = _parse(subscripts, shapes)
    return einsum_(*operands, subscripts=",".join(ins) + "->" + out)


# -- products written with einsum -------------------------------------------------------------
def vdot(a, b):
    """Dot product of the flattened arrays, the first one conjugated (``numpy.vdot``:
    ``sum(conj(a) * b)``)."""
    if is_complex(a):
        a = conj(a)
    return einsum_(reshape(a, (-1,)), reshape(b, (-1,)), subscripts="i,i->")


def inner(a, b):
    """Inner product over the last axes: shape ``a.shape[:-1] + b.shape[:-1]`` (numpy.inner)."""
    sa, sb = shape_of(a), shape_of(b)
    if not sa or not sb:
        return a * b
    letters = iter(string.ascii_letters)
    k = next(letters)
    la = "".join(next(letters) for _ in sa[:-1])
    lb = "".join(next(letters) for _ in sb[:-1])
    return einsum_(a, b, subscripts=f"{la}{k},{lb}{k}->{la}{lb}")


def tensordot(a, b, axes=2):
    """Sum products over the given axes of ``a`` and ``b`` (numpy.tensordot).

    Parameters
    ----------
    a, b : Tensor or array_like
    axes : int or (sequence, sequence)
        ``N``: the last ``N`` axes of ``a`` with the first ``N`` of ``b``; or two sequences of
        axes to contract pairwise. PyTorch's ``dims`` means the same.
    """
    sa, sb = shape_of(a), shape_of(b)
    if isinstance(axes, (int, np.integer)):
        axes_a = tuple(range(len(sa) - axes, len(sa)))
        axes_b = tuple(range(axes))
    else:
        axes_a, axes_b = axes
        axes_a = normalize_axis(axes_a, len(sa))
        axes_b = normalize_axis(axes_b, len(sb))
    letters = iter(string.ascii_letters)
    la = [next(letters) for _ in sa]
    lb = [next(letters) for _ in sb]
    for i, j in zip(axes_a, axes_b):
        lb[j] = la[i]
    out = [c for i, c in enumerate(la) if i not in axes_a] + \
          [c for j, c in enumerate(lb) if j not in axes_b]
    return einsum_(a, b, subscripts=f"{''.join(la)},{''.join(lb)}->{''.join(out)}")


# -- diagonals, written with indexing ----------------------------------------------------------
def moveaxis(x, source, destination):
    """Move axes ``source`` to positions ``destination``; the others keep their order.

    Parameters
    ----------
    x : Tensor or array_like
    source, destination : int or sequence of int
    """
    ndim = len(shape_of(x))
    source = normalize_axis(source, ndim)
    destination = normalize_axis(destination, ndim)
    if len(source) != len(destination):
        raise ValueError("moveaxis: source and destination must have the same number of elements")
    order = [i for i in range(ndim) if i not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return transpose(x, tuple(order))


def _diag_index(n1, n2, offset):
    r0, c0 = max(-offset, 0), max(offset, 0)
    length = max(0, min(n1 - r0, n2 - c0))
    return np.arange(length) + r0, np.arange(length) + c0


def _diagonal_impl(x, offset, axis1, axis2):
    x = np.asarray(x)
    out = np.diagonal(x, offset, axis1, axis2)
    if x.flags.writeable:
        # numpy's diagonal is a read-only view; PyTorch's is one a write goes through
        # (t.diagonal().fill_(1)), which the base's own memory allows
        out.flags.writeable = True
    return out


def _diagonal_transpose(g, shape, offset, axis1, axis2):
    """Zeros of ``shape`` with ``g`` (the diagonal, last axis) on the diagonal: the VJP."""
    rows, cols = _diag_index(shape[axis1], shape[axis2], offset)
    put = np.zeros((len(rows), shape[axis1], shape[axis2]), dtype=dtype_of(g))
    put[np.arange(len(rows)), rows, cols] = 1
    return moveaxis(einsum("...k,kij->...ij", g, put), (-2, -1), (axis1, axis2))


_diagonal = primitive(_diagonal_impl, name="diagonal", grad_fn_name="DiagonalBackward0")
_diagonal.returns_view = True        # the base level shares the version counter with the input
_diagonal.defjvp(lambda tangents, ans, x, offset, axis1, axis2:
                 _diagonal(tangents[0], offset=offset, axis1=axis1, axis2=axis2))
_diagonal.defvjp(lambda g, ans, x, offset, axis1, axis2:
                 (_diagonal_transpose(g, shape_of(x), offset, axis1, axis2),))


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonal (``offset`` above it when positive) of the 2-D slices over ``axis1, axis2``.

    As ``numpy.diagonal``: the diagonal becomes the last axis; as PyTorch's, it is a view of
    ``x`` (an in-place write into it reaches ``x``). The gradient lands back on the diagonal and
    is zero elsewhere.
    """
    a1, a2 = normalize_axis((axis1, axis2), len(shape_of(x)))
    if a1 == a2:
        raise ValueError("diagonal: axis1 and axis2 cannot be the same")
    return _diagonal(x, offset=int(offset), axis1=a1, axis2=a2)


def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along a diagonal (``numpy.trace``): ``diagonal(x, ...).sum(-1)``."""
    return sum_(diagonal(x, offset, axis1, axis2), axis=-1)


def diag(x, k=0):
    """A 1-D input's values on the ``k``-th diagonal of a square matrix, or a 2-D input's
    ``k``-th diagonal (``numpy.diag``; PyTorch's ``diag`` with ``diagonal=k``)."""
    s = shape_of(x)
    if len(s) == 1:
        n = s[0] + abs(k)
        return index_update(np.zeros((n, n), dtype_of(x)), _diag_index(n, n, k), x)
    if len(s) == 2:
        return diagonal(x, k)
    raise ValueError(f"diag: input must be 1-D or 2-D, got shape {s}")
