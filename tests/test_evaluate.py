"""Metrics agree with scikit-learn; reports render, save and plot."""

from __future__ import annotations

import json
import random

import pytest

from classify.corpus.schema import LabelSchema
from classify.evaluate import evaluate_labels, label_set_report


def test_metrics_match_scikit_learn():
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    rng = random.Random(3)
    labels = ["a", "b", "c", "d"]
    truth = [rng.choice(labels[:3]) for _ in range(200)]
    predicted = [t if rng.random() < 0.7 else rng.choice(labels) for t in truth]
    report = label_set_report("x", labels, truth, predicted)
    assert report.accuracy == pytest.approx(accuracy_score(truth, predicted))
    assert report.macro_f1 == pytest.approx(f1_score(truth, predicted, average="macro"))
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=report.labels, zero_division=0)
    for i, label in enumerate(report.labels):
        assert report.per_class[label]["precision"] == pytest.approx(p[i])
        assert report.per_class[label]["recall"] == pytest.approx(r[i])
        assert report.per_class[label]["f1"] == pytest.approx(f[i])
        assert report.per_class[label]["support"] == s[i]
    assert report.labels == ["a", "b", "c", "d"]  # d was predicted, never true: it counts (as 0)


def test_report_outputs(tmp_path, capsys):
    schema = LabelSchema.from_yaml()
    truth = [{"type": "summary_meeting", "level": "group"}, {"type": "local_campaign", "level": "local"}]
    predicted = [{"type": "summary_meeting", "level": "central"}, {"type": "local_campaign", "level": "local"}]
    report = evaluate_labels(truth, predicted, schema, ids=["a", "b"])
    assert report.sets["type"].macro_f1 == 1.0
    assert report.sets["level"].confusion == [[0, 0, 0], [1, 0, 0], [0, 0, 1]]
    assert report.mistakes == [{"id": "a", "level": {"truth": "group", "predicted": "central"}}]
    report.save_json(tmp_path / "m.json")
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["label_sets"]["level"]["n"] == 2
    report.plot(tmp_path / "m.png")
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    report.render()
    assert "macro-F1" in capsys.readouterr().out
