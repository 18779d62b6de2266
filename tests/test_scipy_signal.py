"""``autodiff.scipy.signal`` against scipy.signal's values, every mode and shape order."""
import numpy as np
import pytest
import scipy.signal as ss

import autodiff.scipy.signal as asg

rng = np.random.default_rng(3)
SHAPES = [((5,), (3,)), ((3,), (5,)), ((4, 5), (2, 3)), ((2, 3), (4, 5)), ((4, 3), (2, 5)),
          ((3, 4, 2), (2, 2, 2))]


@pytest.mark.parametrize("f", ["convolve", "correlate"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("s1,s2", SHAPES)
def test_values_are_scipys(f, mode, s1, s2):
    a, b = rng.normal(size=s1), rng.normal(size=s2)
    try:
        expected = getattr(ss, f)(a, b, mode)
    except ValueError:
        with pytest.raises(ValueError):
            getattr(asg, f)(a, b, mode)
        return
    np.testing.assert_allclose(getattr(asg, f)(a, b, mode), expected, rtol=1e-12, atol=1e-13)


def test_bad_arguments():
    with pytest.raises(ValueError, match="dimensionality"):
        asg.convolve(np.ones(3), np.ones((2, 2)))
    with pytest.raises(ValueError, match="mode"):
        asg.correlate(np.ones(3), np.ones(2), "circular")
