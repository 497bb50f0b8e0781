"""The baseline's training pipeline is scikit-learn's own: clone, Pipeline and GridSearchCV work on it."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

from classify.features.vectorize import FeatureConfig, ReportVectorizer
from classify.training.baseline import COLUMNS, analyse, make_pipeline
from tests.classifiers.tiny import tiny_corpus

FEATURES = FeatureConfig(min_df=1, max_features=5000)


@pytest.fixture(scope="module")
def data():
    docs, labels = tiny_corpus(copies=3)
    return analyse(docs, ReportVectorizer(FEATURES)), [lab["type"] for lab in labels]


def test_clone_keeps_parameters_and_drops_fitted_state(data):
    X, y = data
    pipeline = make_pipeline(FEATURES, weights={"title": 3.0}, C=2.0).fit(X, y)
    copy = clone(pipeline)
    assert copy.get_params()["clf__C"] == 2.0
    assert copy.get_params()["tfidf__transformer_weights"]["title"] == 3.0
    assert copy.get_params()["terms__min_df"] == 1
    assert not hasattr(copy.named_steps["clf"], "coef_")
    np.testing.assert_allclose(copy.fit(X, y).predict_proba(X), pipeline.predict_proba(X))


def test_it_is_a_pipeline_and_nests_in_one(data):
    X, y = data
    pipeline = make_pipeline(FEATURES, C=10.0)
    assert isinstance(pipeline, Pipeline) and [name for name, _ in pipeline.steps] == ["terms", "tfidf", "clf"]
    assert [name for name, _, _ in pipeline.named_steps["tfidf"].transformers] == list(COLUMNS)
    outer = Pipeline([("model", pipeline)]).fit(X, y)
    assert list(outer.predict(X)) == y
    pipeline.set_params(clf__C=0.5, tfidf__transformer_weights={"title": 5.0})
    assert pipeline.named_steps["clf"].C == 0.5


def test_grid_search_tunes_c_and_block_weights(data):
    X, y = data
    search = GridSearchCV(
        make_pipeline(FEATURES),
        {"clf__C": [0.1, 10.0], "tfidf__transformer_weights": [None, {"title": 3.0, "body": 0.5}]},
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring="f1_macro",
    ).fit(X, y)
    assert set(search.best_params_) == {"clf__C", "tfidf__transformer_weights"}
    assert len(search.cv_results_["params"]) == 4
    assert search.best_estimator_.predict(X[:4]).shape == (4,)
