"""Datasets and minibatches, as ``torch.utils.data``: :class:`TensorDataset` and
:class:`DataLoader` (with its samplers and :func:`default_collate`).

*Dive into Deep Learning*'s ``load_array`` runs unchanged::

    dataset = data.TensorDataset(features, labels)
    data_iter = data.DataLoader(dataset, batch_size, shuffle=True)

The loader draws from the random streams as PyTorch's does: each ``iter(loader)`` takes one
64-bit draw from the default generator (PyTorch's base seed for workers), and a shuffling pass
takes another, seeds a fresh :class:`~autodiff.Generator` with it and shuffles with
``randperm``. So after ``autodiff.manual_seed(s)`` the minibatches come in PyTorch's order, and
the random numbers drawn after a loop are PyTorch's too. Everything runs in the main process:
``num_workers`` and the other worker options are accepted and ignored.
"""
from __future__ import annotations

import math
import numbers
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from .. import generator as _random
from ..core import Tensor
from ..creation import as_tensor, tensor
from ..ops import stack

__all__ = ["Dataset", "TensorDataset", "Subset", "Sampler", "SequentialSampler",
           "RandomSampler", "BatchSampler", "DataLoader", "default_collate", "random_split"]


class Dataset:
    """A map-style data set: ``dataset[i]`` is the ``i``-th example, ``len(dataset)`` its size.

    Subclasses define ``__getitem__`` and ``__len__``.
    """

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__")


class TensorDataset(Dataset):
    """Tensors indexed together along their first dimension, as ``torch.utils.data.TensorDataset``.

    Parameters
    ----------
    *tensors : Tensor
        The same length in the first dimension (features, labels, ...).

    Examples
    --------
    >>> import autodiff as ad
    >>> dataset = ad.utils.data.TensorDataset(ad.arange(3.0), ad.tensor([1, 0, 1]))
    >>> len(dataset), dataset[1]
    (3, (tensor(1.), tensor(0)))
    """

    def __init__(self, *tensors: Tensor):
        if any(t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The examples of ``dataset`` at ``indices``."""

    def __init__(self, dataset: Dataset, indices: Sequence[int]):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index):
        if isinstance(index, list):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(dataset: Dataset, lengths: Sequence, generator=None) -> list:
    """Split ``dataset`` into :class:`Subset` s of the given lengths (or fractions), at random.

    Draws one ``randperm(len(dataset))`` from ``generator`` (default: the default generator),
    as PyTorch does.
    """
    n = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        sizes = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = _random.randperm(n, np.int64, generator).tolist()
    splits, start = [], 0
    for length in lengths:
        splits.append(Subset(dataset, order[start:start + length]))
        start += length
    return splits


class Sampler:
    """An iterable of indices into a data set."""

    def __iter__(self) -> Iterator[int]:
        raise NotImplementedError(f"{type(self).__name__} must define __iter__")


class SequentialSampler(Sampler):
    """``0, 1, ..., len(data_source) - 1``."""

    def __init__(self, data_source: Dataset):
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random permutation of the indices each pass, drawn as PyTorch's sampler draws it.

    Parameters
    ----------
    data_source : Dataset
    generator : autodiff.Generator, optional
        Shuffle with this generator. Without one, each pass seeds a fresh generator with a
        64-bit draw from the default generator (PyTorch's way).
    """

    def __init__(self, data_source: Dataset, replacement: bool = False, num_samples=None,
                 generator=None):
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement="
                            f"{replacement}")
        if num_samples is not None and (not isinstance(num_samples, int)
                                        or isinstance(num_samples, bool) or num_samples <= 0):
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator

    @property
    def num_samples(self) -> int:
        """How many indices a pass gives (the data set's length unless given)."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        n = len(self.data_source)
        generator = self.generator
        if generator is None:
            seed = int(_random.random((), np.int64))
            generator = _random.Generator().manual_seed(seed)
        if self.replacement:
            # PyTorch draws with replacement 32 indices at a time
            for _ in range(self.num_samples // 32):
                yield from _random.random_from_to((32,), np.int64, 0, n, generator).tolist()
            yield from _random.random_from_to((self.num_samples % 32,), np.int64, 0, n,
                                              generator).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from _random.randperm(n, np.int64, generator).tolist()
        yield from _random.randperm(n, np.int64, generator).tolist()[:self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Groups of ``batch_size`` indices from ``sampler`` (the last one shorter unless
    ``drop_last``)."""

    def __init__(self, sampler: Iterable[int], batch_size: int, drop_last: bool):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list]:
        batch = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


def default_collate(batch: list):
    """Put a list of examples together into a minibatch, as PyTorch's ``default_collate``.

    Tensors (and numpy arrays) are stacked along a new first dimension; Python ints become an
    int64 tensor and floats a float64 one; tuples, lists and dicts are collated field by field.
    """
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(list(batch), 0)
    if isinstance(first, np.ndarray):
        return stack([as_tensor(b) for b in batch], 0)
    if isinstance(first, bool) or isinstance(first, numbers.Integral):
        return tensor(list(batch), dtype=np.int64)
    if isinstance(first, numbers.Real):
        return tensor(list(batch), dtype=np.float64)
    if isinstance(first, str):
        return list(batch)
    if isinstance(first, dict):
        return {key: default_collate([b[key] for b in batch]) for key in first}
    if isinstance(first, tuple) and hasattr(first, "_fields"):
        return type(first)(*(default_collate(list(field)) for field in zip(*batch)))
    if isinstance(first, (tuple, list)):
        if any(len(b) != len(first) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(field)) for field in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts "
                    f"or lists; found {type(first)}")


class DataLoader:
    """Minibatches of a data set, as ``torch.utils.data.DataLoader``.

    Parameters
    ----------
    dataset : Dataset
    batch_size : int or None
        Examples per minibatch (None: single examples, uncollated).
    shuffle : bool
        A new random order each pass (see the module's notes on matching PyTorch's order).
    sampler, batch_sampler : iterable, optional
        Custom index orders, as in PyTorch.
    num_workers : int
        Accepted and ignored: loading runs in the main process.
    collate_fn : callable, optional
        Defaults to :func:`default_collate`.
    drop_last : bool
        Drop a last, incomplete minibatch.
    generator : autodiff.Generator, optional
        Draw the shuffles (and the per-pass base seed) from this generator.

    Examples
    --------
    >>> import autodiff as ad
    >>> from autodiff.utils import data
    >>> loader = data.DataLoader(data.TensorDataset(ad.arange(5)), batch_size=2)
    >>> [batch for batch, in loader]
    [tensor([0, 1]), tensor([2, 3]), tensor([4])]
    """

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler=None, batch_sampler=None, num_workers: int = 0,
                 collate_fn: Callable | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None,
                 persistent_workers: bool = False, pin_memory_device: str = "",
                 in_order: bool = True):
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None
                                          or drop_last):
            raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                             "shuffle, sampler, and drop_last")
        self.dataset = dataset
        self.num_workers = num_workers
        self.drop_last = drop_last
        self.generator = generator
        if sampler is None:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_sampler is not None:
            batch_size = None                  # the batch sampler decides, as in PyTorch
        elif batch_size is not None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.collate_fn = collate_fn
        self._auto_collation = batch_sampler is not None

    def _fetch(self, indices):
        if not self._auto_collation:
            example = self.dataset[indices]
            return example if self.collate_fn is None else self.collate_fn(example)
        if self.collate_fn is None and isinstance(self.dataset, TensorDataset):
            # Indexing each tensor once gives the rows default_collate would stack.
            rows = tensor(indices, dtype=np.int64)
            return [t[rows] for t in self.dataset.tensors]
        collate = default_collate if self.collate_fn is None else self.collate_fn
        return collate([self.dataset[i] for i in indices])

    def __iter__(self) -> Iterator:
        # PyTorch's iterator draws a base seed (for its workers) when it is made, before the
        # sampler draws anything.
        _random.random((), np.int64, self.generator)
        return self._batches()

    def _batches(self) -> Iterator:
        for indices in (self.batch_sampler if self._auto_collation else self.sampler):
            yield self._fetch(indices)

    def __len__(self) -> int:
        return len(self.batch_sampler if self._auto_collation else self.sampler)
