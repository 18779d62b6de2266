"""Shared fixtures: where the document lives, and a clean default dtype for every test."""
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
