"""Shared fixtures: where the document lives, and a clean default dtype for every test."""
import os

# The tests use small arrays, for which multithreaded BLAS only adds contention (SciPy's BFGS on
# 100 dimensions runs ~30x slower with busy BLAS threads on a loaded machine): one thread unless
# the environment says otherwise. This must run before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
import pathlib

import numpy as np
import pytest

import autodiff as ad

DOCUMENT = pathlib.Path(__file__).resolve().parents[2] / "shared" / "document"


@pytest.fixture(autouse=True)
def _default_dtype():
    ad.set_default_dtype(np.float32)
    yield
    ad.set_default_dtype(np.float32)


@pytest.fixture
def document_dir():
    if not (DOCUMENT / "cells.py").exists():
        pytest.skip("../shared/document is not beside the repository")
    return DOCUMENT
