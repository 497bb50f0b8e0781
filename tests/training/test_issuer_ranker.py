"""Training the issuer ranker: which candidates are positives, fitting, saving and the held-out loops."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from classify.corpus.record import Record
from classify.issuer import IssuerExtractor
from classify.issuer.rank import Ranker
from classify.training.issuer_ranker import (
    build,
    feature_names,
    fit,
    grouped_cv,
    loso,
    pick,
    rankers_without_each_source,
    save_ranker,
    score,
)

GROUPS = ["中国航天科技集团有限公司", "中国石油天然气集团有限公司", "国家电网有限公司", "中国移动通信集团有限公司"]


def _records() -> list[Record]:
    """Reports of a group's party leadership, with a city's department named too, first in two of
    three: the rules choose the first named, the labelled issuer is the group."""
    records = []
    for i, group in enumerate(GROUPS * 3):
        meeting = f"{group}党组召开主题教育总结会议，总结经验。"
        other = "北京市委组织部召开座谈会，交流做法。"
        body = other + meeting if i % 3 else meeting + other
        text = f"主题教育总结会议召开\n{i + 1}月10日，{body}会议强调，要巩固拓展学习成果。"
        source = ("cctv", "pd")[i % 2]
        records.append(Record(id=f"{source}:{i}", text=text, labels={"level": "group"}, meta={"issuer": group}))
    return records


def _prefers_the_label(ranker: Ranker, d) -> bool:
    """The labelled candidate scores strictly above every other (a tie is no preference)."""
    scores = ranker.scores(d.cands)
    label = d.exact.index(True)
    return bool(scores[label] > np.delete(scores, label).max())


@pytest.fixture(scope="module")
def docs():
    return build(_records(), IssuerExtractor(use_ranker=False), test_ids={"cctv:0", "pd:1"})


def test_build_marks_the_labelled_issuer_and_the_rules_choice(docs) -> None:
    assert len(docs) == 12
    assert {d.source for d in docs} == {"cctv", "pd"}
    assert [d.id for d in docs if d.test] == ["cctv:0", "pd:1"]
    for i, d in enumerate(docs):
        names = [c.best.name for c in d.cands]
        assert sum(d.exact) == 1 and names[d.exact.index(True)].startswith(GROUPS[i % 4]), names
        assert len(d.eligible) >= 2  # a choice to make
        assert d.exact[d.rules] == (i % 3 == 0)  # the rules take the first named
    assert score(docs, None) == (4 / 12, 4 / 12, 12)


def test_fit_learns_to_choose_the_labelled_candidate_and_saves_what_it_chose(docs, tmp_path) -> None:
    names = feature_names(docs)
    ranker = fit([d for d in docs if not d.test], names, C=1.0, level_weight=0.5)
    assert isinstance(ranker, Ranker) and ranker.names == names
    assert ranker.meta == {"C": 1.0, "level_weight": 0.5}
    exact, level, n = score(docs, ranker)
    assert (exact, level, n) == (1.0, 1.0, 12)
    assert all(pick(d, ranker) == d.exact.index(True) for d in docs)
    assert all(_prefers_the_label(ranker, d) for d in docs)

    path = tmp_path / "ranker.json"
    save_ranker(ranker, path, about="test")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["about"] == "test" and data["C"] == 1.0
    loaded = Ranker(data)
    for d in docs:
        np.testing.assert_allclose(loaded.scores(d.cands), ranker.scores(d.cands), atol=1e-4)


def test_held_out_loops_train_without_what_they_score(docs, monkeypatch) -> None:
    import classify.training.issuer_ranker as trainer

    trained_on: list[set[str]] = []
    real_fit = trainer.fit

    def recording_fit(train, *args, **kwargs):
        trained_on.append({d.id for d in train})
        return real_fit(train, *args, **kwargs)

    monkeypatch.setattr(trainer, "fit", recording_fit)
    rankers = rankers_without_each_source(docs, C=1.0, level_weight=0.5)
    assert sorted(rankers) == ["cctv", "pd"]
    assert [sorted({i.split(":")[0] for i in ids}) for ids in trained_on] == [["pd"], ["cctv"]]
    assert all(not ids & {"cctv:0", "pd:1"} for ids in trained_on)  # never the test split

    figures = loso(docs, C=1.0, level_weight=0.5)
    assert figures["cctv"]["ranker"][2] == 6 and figures["cctv"]["ranker_nontest"][2] == 5
    assert figures["pd"]["rules"] == (2 / 6, 2 / 6, 6)

    trained_on.clear()
    cv = grouped_cv(docs, folds=2, C=1.0, level_weight=0.5)
    assert cv["rules"][2] == cv["ranker"][2] == 10  # every non-test report scored once
    assert len(trained_on) == 2 and not (trained_on[0] & trained_on[1])  # two folds, disjoint training
    assert all(not ids & {"cctv:0", "pd:1"} for ids in trained_on)


@pytest.mark.parametrize(("objective", "options"), [("pairwise", {"C": 0.1}), ("listwise", {"l2": 0.01})])
def test_ranking_objectives_learn_the_same_choice_and_record_their_settings(docs, objective, options) -> None:
    train = [d for d in docs if not d.test]
    ranker = fit(train, feature_names(docs), objective=objective, **options)
    assert all(_prefers_the_label(ranker, d) for d in docs)
    assert score(docs, ranker)[:2] == (1.0, 1.0)
    assert ranker.meta["objective"] == objective and ranker.meta["pool"] == "eligible"
    alone = [replace(d, eligible=d.eligible[:1]) for d in train]  # one candidate each: nothing to rank
    with pytest.raises(ValueError, match="no report has both"):
        fit(alone, feature_names(docs), objective=objective)
