"""The bookkeeping of issue 17's comparison (scripts/bert_generalisation.py): which documents each
held-out set trains and tests on, how the ensemble weight is chosen, and the report's tables."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


@pytest.fixture(scope="module")
def comparison():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module("bert_generalisation")


@dataclass
class Rec:
    id: str
    labels: dict = field(default_factory=dict)


@dataclass
class Data:
    train: list
    dev: list
    test: list
    negatives: list

    def out_of_scope(self, *splits: str) -> list:
        return [r for r in self.negatives if r.id.endswith(tuple(splits))]


def test_held_out_sets_keep_each_source_apart(comparison) -> None:
    train = [Rec("pd:1"), Rec("cctv:2"), Rec("pgwe:3")]
    dev = [Rec("pd:4"), Rec("cctv:5")]
    test = [Rec("pd:6"), Rec("cctv:7")]
    negatives = [Rec("pd:n-train"), Rec("cctv:n-dev"), Rec("pd:n-test")]
    sets = {s.name: s for s in comparison.held_out_sets(Data(train, dev, test, negatives))}
    assert list(sets) == ["test split", "cctv left out", "pd left out", "pgwe left out"]
    assert [r.id for r in sets["test split"].test] == ["pd:6", "cctv:7"]
    assert [r.id for r in sets["test split"].negatives] == ["pd:n-train", "cctv:n-dev"]
    cctv = sets["cctv left out"]
    assert {r.id for r in cctv.test} == {"cctv:2", "cctv:5", "cctv:7"}
    assert {r.id for r in cctv.training} == {"pd:1", "pgwe:3", "pd:4", "pd:6"}
    assert [r.id for r in cctv.dev] == ["pd:4"]  # the dev records stay dev on the training side
    assert all(not r.id.startswith("cctv") for r in cctv.negatives)
    only = comparison.held_out_sets(Data(train, dev, test, negatives), names=["pd"])
    assert [s.name for s in only] == ["pd left out"]


def test_choose_weight_prefers_the_baseline_on_ties_and_follows_the_better_model(comparison) -> None:
    order = ["a", "b"]
    truth = ["a", "a", "b", "b"]
    right = np.array([[0.9, 0.1], [0.8, 0.2], [0.2, 0.8], [0.3, 0.7]])
    wrong = right[:, ::-1]
    weight, f1 = comparison.choose_weight("type", order, truth, right, right)
    assert (weight, f1) == (1.0, 1.0)  # both equally good: all of the baseline
    weight, f1 = comparison.choose_weight("type", order, truth, wrong, right)
    assert f1 == 1.0 and weight < 0.5  # the baseline wrong, the other right: mostly the other


def test_report_marks_systems_not_run_on_a_set(comparison, capsys) -> None:
    scores = {"baseline": {"type": 0.8, "level": 0.7}, "encoder-lr": {"type": 0.75, "level": 0.72}}
    results = {
        "sets": {
            "test split": {
                "n": 10,
                "scores": {**scores, "bert-finetune": {"type": 0.6, "level": 0.5}},
                "weights": {"ens(encoder-lr)": {"type": 0.7, "level": 0.4}},
                "seconds": {"baseline": 1.0},
            },
            "pd left out": {"n": 5, "scores": scores, "weights": {}, "seconds": {"baseline": 2.0}},
        }
    }
    comparison.report(results)
    out = capsys.readouterr().out
    assert "| test split | 10 | 0.800 / 0.700 | 0.750 / 0.720 | 0.600 / 0.500 |" in out
    assert "| pd left out | 5 | 0.800 / 0.700 | 0.750 / 0.720 | - |" in out
    assert "| pd left out | -5.0 / +2.0 | - |" in out
