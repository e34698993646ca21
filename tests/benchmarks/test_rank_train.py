"""The ranker's anchored fit (``faq_rank_train.py --anchored``) solves sklearn's problem: with
nothing held it finds sklearn's weights, and what it holds stays where it was put."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "faq_rank_train.py"


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("faq_rank_train", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pairs(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xs = rng.normal(size=(400, 5))
    ys = (xs @ np.array([2.0, -1.0, 0.5, 0.0, 1.5]) + rng.normal(size=400) > 0).astype(float)
    return xs, ys, rng.uniform(0.5, 2.0, size=400)


@pytest.mark.parametrize("strength", [0.3, 3.0])
def test_with_nothing_held_the_fit_is_sklearns(train, strength):
    xs, ys, weights = _pairs(1)
    model = LogisticRegression(C=strength, fit_intercept=False, max_iter=5000, tol=1e-10)
    model.fit(xs, ys, sample_weight=weights * len(weights) / weights.sum())
    fitted = train._logistic(xs, ys, weights, strength, np.zeros(5), np.zeros(5, bool))
    assert np.allclose(fitted, model.coef_[0], atol=1e-4)


def test_held_columns_keep_their_values_and_the_rest_adapt(train):
    xs, ys, weights = _pairs(2)
    start = np.array([0.0, -3.0, 0.0, 0.0, 0.0])
    held = np.array([False, True, False, False, False])
    fitted = train._logistic(xs, ys, weights, 3.0, start, held)
    assert fitted[1] == -3.0
    free = train._logistic(xs, ys, weights, 3.0, np.zeros(5), np.zeros(5, bool))
    assert not np.allclose(fitted[[0, 2, 3, 4]], free[[0, 2, 3, 4]], atol=1e-3)


def test_a_centre_pulls_the_fit_towards_it_and_no_further(train):
    # --toward: the penalty is the distance to a prior's weights; with little data-weight the
    # fit stays near them, and the pull is only the penalty's (the data still moves it)
    xs, ys, weights = _pairs(3)
    centre = np.array([1.0, 1.0, 1.0, 1.0, 1.0])
    nothing = np.zeros(5, bool)
    near = train._logistic(xs, ys, weights, 1e-5, np.zeros(5), nothing, centre)
    assert np.allclose(near, centre, atol=1e-2)
    pulled = train._logistic(xs, ys, weights, 0.01, np.zeros(5), nothing, centre)
    plain = train._logistic(xs, ys, weights, 0.01, np.zeros(5), nothing)
    assert np.linalg.norm(pulled - centre) < np.linalg.norm(plain - centre)
    assert not np.allclose(pulled, centre, atol=1e-2)


def test_an_unpenalised_column_keeps_what_the_data_says_when_the_rest_shrink(train):
    # --free-priors: a batch's own prior columns are not penalised, so under a strong penalty
    # they still take the data's effect (the shared weights shrink to 0, those do not)
    xs, ys, weights = _pairs(4)
    nothing = np.zeros(5, bool)
    only = np.array([True, True, True, True, False])
    shrunk = train._logistic(xs, ys, weights, 1e-4, np.zeros(5), nothing)
    free = train._logistic(xs, ys, weights, 1e-4, np.zeros(5), nothing, None, only)
    assert np.allclose(shrunk, 0.0, atol=5e-2)
    assert np.allclose(free[:4], 0.0, atol=5e-2)
    assert free[4] > 0.5
