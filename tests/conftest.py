"""Test-suite setup.

The tests use small arrays, for which multithreaded BLAS only adds contention (SciPy's BFGS on
100 dimensions runs ~30x slower with busy BLAS threads on a loaded machine). One thread, unless
the environment says otherwise; this must run before numpy is imported.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
