"""The in-scope threshold: chosen for maximal F1 or for a stated share of reports kept, and the
operating points the model card lists."""

from __future__ import annotations

import numpy as np
import pytest

from classify.corpus.schema import LabelSchema
from classify.errors import ConfigError
from classify.training.baseline import choose_scope_threshold, scope_operating_points
from classify.training.config import BaselineParams

# ten reports and ten non-reports whose probabilities overlap in the middle
TRUTH = np.array([True] * 10 + [False] * 10)
REPORTS = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.45, 0.35, 0.2, 0.1]
OTHERS = [0.65, 0.5, 0.4, 0.3, 0.25, 0.15, 0.1, 0.05, 0.05, 0.01]
PROBABILITY = np.array([*REPORTS, *OTHERS])


def _recall(threshold: float) -> float:
    kept = PROBABILITY >= threshold  # noqa: SIM300 - the array is compared, not the constant
    return float(np.sum(kept & TRUTH) / TRUTH.sum())


@pytest.mark.parametrize("target", [0.5, 0.7, 0.8, 0.9, 1.0])
def test_a_recall_target_keeps_that_share_at_the_highest_threshold(target):
    threshold = choose_scope_threshold(TRUTH, PROBABILITY, recall=target)
    assert _recall(threshold) >= target
    higher = [t for t in np.unique(PROBABILITY) if t > threshold]
    assert all(_recall(t) < target for t in higher)  # nothing stricter keeps as many


def test_f1_threshold_by_default_and_points_trade_precision_for_recall():
    best = choose_scope_threshold(TRUTH, PROBABILITY)
    assert best == 0.35  # 8 of 10 reports, 3 non-reports kept: F1 0.762, the highest here
    points = scope_operating_points(TRUTH, PROBABILITY, recalls=(0.5, 0.8, 1.0))
    assert [p["recall"] for p in points] == [0.5, 0.8, 1.0]
    assert [p["threshold"] for p in points] == sorted((p["threshold"] for p in points), reverse=True)
    assert points[0]["precision"] > points[-1]["precision"]


@pytest.mark.parametrize("bad", [0, 1.5, -0.1, "high", True])
def test_scope_recall_must_be_a_share(bad):
    with pytest.raises(ConfigError, match="scope_recall"):
        BaselineParams.from_config({"scope_recall": bad}, LabelSchema.from_yaml(), 0.5)
    assert BaselineParams.from_config({"scope_recall": 0.9}, LabelSchema.from_yaml(), 0.5).scope_recall == 0.9


def test_issuer_threshold_is_chosen_by_level_f1_and_mirrors_the_runtime():
    from classify.classifiers.base import level_with_issuer
    from classify.training.baseline import ISSUER_THRESHOLDS, choose_issuer_threshold

    labels = ["central", "group", "local"]
    # the classifier is sure and right on two, unsure and wrong on two where the issuer is right,
    # and unsure and right on one where the issuer is wrong
    probabilities = [
        {"central": 0.9, "group": 0.05, "local": 0.05},
        {"central": 0.05, "group": 0.9, "local": 0.05},
        {"central": 0.55, "group": 0.4, "local": 0.05},
        {"central": 0.1, "group": 0.45, "local": 0.45 - 1e-9},
        {"central": 0.1, "group": 0.2, "local": 0.7},
    ]
    truth = ["central", "group", "group", "local", "local"]
    issuers = ["central", None, "group", "local", "central"]
    threshold, scores = choose_issuer_threshold(labels, truth, probabilities, issuers)
    assert threshold == 0.6 and scores["0.6"] == 1.0  # the lowest that lets the issuer fix two; 0.8 spoils one
    assert scores["0.8"] < 1.0
    assert scores["0.0"] < 1.0 and set(scores) == {str(t) for t in ISSUER_THRESHOLDS}
    assert level_with_issuer(probabilities[4], "central", 1.01) == "central"  # above 1: always the issuer's
    assert level_with_issuer(probabilities[1], None, 1.01) == "group"  # no issuer: the text's own answer


@pytest.mark.parametrize("good", ["cv", "cv-source", 0.5, 0, 1.01, None])
def test_issuer_threshold_setting(good):
    schema = LabelSchema.from_yaml()
    assert BaselineParams.from_config({"issuer_threshold": good}, schema, 0.5).issuer_threshold == good
    for bad in ("always", 2, True):
        with pytest.raises(ConfigError, match="issuer_threshold"):
            BaselineParams.from_config({"issuer_threshold": bad}, schema, 0.5)


def test_a_model_keeps_any_issuer_threshold_training_can_choose(tmp_path):
    from classify.classifiers import load_model
    from classify.classifiers.base import ISSUER_ALWAYS
    from classify.features.vectorize import FeatureConfig
    from classify.training.baseline import ISSUER_THRESHOLDS, fit_documents
    from tests.classifiers.tiny import tiny_corpus

    docs, labels = tiny_corpus()
    model = fit_documents(docs, labels, features=FeatureConfig(min_df=1), C=10.0)
    assert max(ISSUER_THRESHOLDS) == ISSUER_ALWAYS
    model.issuer_threshold = ISSUER_ALWAYS  # "always the issuer" must save and load like any other choice
    model.save_pretrained(tmp_path / "m")
    assert load_model(tmp_path / "m").issuer_threshold == ISSUER_ALWAYS


def test_leave_one_source_out_probabilities_come_from_a_model_without_that_source():
    from classify.corpus.record import Record
    from classify.features.vectorize import FeatureConfig
    from classify.training.baseline import BaselineTrainer
    from tests.classifiers.tiny import tiny_corpus

    schema = LabelSchema.from_yaml()
    docs, labels = tiny_corpus(copies=4)

    def records(which):
        out = []
        for i in which:
            record = Record(id=str(i), text="", labels=dict(labels[i]), meta={"source": "ab"[i % 2]})
            record.__dict__["document"] = docs[i]
            out.append(record)
        return out

    params = BaselineParams.from_config({"C": 10.0}, schema, 0.5)
    everything = range(len(docs))
    trainer = BaselineTrainer(schema, FeatureConfig(min_df=1), params, records(everything))
    by_source = trainer.source_probabilities("level", 10.0)
    assert by_source is not None and len(by_source) == len(docs)
    # source 'a' predicted by a model trained on source 'b' alone: the same probabilities
    only_b = BaselineTrainer(schema, FeatureConfig(min_df=1), params, records(range(1, len(docs), 2)))
    model, _, _ = only_b.train()
    expected = model.predict_proba([docs[i] for i in range(0, len(docs), 2)])["level"]
    got = np.array([[by_source[i][lab] for lab in schema["level"].labels] for i in range(0, len(docs), 2)])
    assert np.allclose(got, expected, atol=1e-6)
    # one source, or a report without one: no leave-one-source-out, and the trainer says so
    said: list[str] = []
    one_source = BaselineTrainer(
        schema, FeatureConfig(min_df=1), params, records(range(0, 8, 2)), progress=said.append
    )
    assert one_source.source_probabilities("level", 10.0) is None and "k folds" in said[-1]
    unnamed = records(everything)
    unnamed[3].meta.pop("source")
    assert BaselineTrainer(schema, FeatureConfig(min_df=1), params, unnamed).source_probabilities("level", 10.0) is None
