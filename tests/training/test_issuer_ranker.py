"""Training the issuer ranker: which candidates are positives, fitting, saving and the held-out loops."""

from __future__ import annotations

import json

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

NUMERALS = "一二三四五六七八九十"
GROUPS = ["中国航天科技集团有限公司", "中国石油天然气集团有限公司", "国家电网有限公司", "中国移动通信集团有限公司"]


def _records() -> list[Record]:
    """Reports convened by a group's party leadership with a central guidance team attending; the
    labelled issuer is the group, the attending guidance team is a second candidate."""
    records = []
    for i, group in enumerate(GROUPS * 3):
        text = (
            f"{group}党组召开主题教育总结会议\n"
            f"{i + 1}月10日，{group}党组召开会议，国资委第{NUMERALS[i % 10]}指导组到会指导。会议强调，要巩固拓展学习成果。"
        )
        source = ("cctv", "pd")[i % 2]
        records.append(
            Record(id=f"{source}:{i}", text=text, labels={"level": "group"}, meta={"issuer": group})
        )
    return records


def _prefers_the_label(ranker: Ranker, d) -> bool:
    scores = ranker.scores(d.cands)
    return int(np.argmax(scores)) == d.exact.index(True)


@pytest.fixture(scope="module")
def docs():
    return build(_records(), IssuerExtractor(use_ranker=False), test_ids={"cctv:0", "pd:1"})


def test_build_marks_the_labelled_issuer_and_the_rules_choice(docs) -> None:
    assert len(docs) == 12
    assert {d.source for d in docs} == {"cctv", "pd"}
    assert [d.id for d in docs if d.test] == ["cctv:0", "pd:1"]
    for d in docs:
        names = [c.best.name for c in d.cands]
        assert any("指导组" in n for n in names), names  # a second candidate to choose against
        assert sum(d.exact) == 1 and "指导组" not in names[d.exact.index(True)]
        assert d.rules is not None and d.exact[d.rules]


def test_fit_learns_to_choose_the_labelled_candidate_and_saves_what_it_chose(docs, tmp_path) -> None:
    names = feature_names(docs)
    ranker = fit([d for d in docs if not d.test], names, C=1.0, level_weight=0.5)
    assert isinstance(ranker, Ranker) and ranker.names == names
    assert ranker.meta == {"C": 1.0, "level_weight": 0.5}
    exact, level, n = score(docs, ranker)
    assert (exact, level, n) == (1.0, 1.0, 12)
    assert all(pick(d, ranker) == d.exact.index(True) for d in docs)
    assert all(_prefers_the_label(ranker, d) for d in docs)  # over every candidate, not only the eligible

    path = tmp_path / "ranker.json"
    save_ranker(ranker, path, about="test")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["about"] == "test" and data["C"] == 1.0
    loaded = Ranker(data)
    for d in docs:
        np.testing.assert_allclose(loaded.scores(d.cands), ranker.scores(d.cands), atol=1e-4)


def test_held_out_loops_train_without_what_they_score(docs) -> None:
    rankers = rankers_without_each_source(docs, C=1.0, level_weight=0.5)
    assert sorted(rankers) == ["cctv", "pd"]
    figures = loso(docs, C=1.0, level_weight=0.5)
    assert figures["cctv"]["ranker"][2] == 6 and figures["cctv"]["ranker_nontest"][2] == 5
    assert figures["pd"]["rules"] == (1.0, 1.0, 6)
    cv = grouped_cv(docs, folds=2, C=1.0, level_weight=0.5)
    # near-duplicate reports (one template) stay in one fold, so some folds train on nothing of theirs;
    # every non-test report is still scored once
    assert cv["rules"][2] == cv["ranker"][2] == 10


@pytest.mark.parametrize(("objective", "C"), [("pairwise", 0.1), ("listwise", 1.0)])
def test_ranking_objectives_learn_the_same_choice_and_record_their_settings(docs, objective, C) -> None:
    train = [d for d in docs if not d.test]
    with pytest.raises(ValueError, match="no report has both"):  # the attending team is never eligible
        fit(train, feature_names(docs), C=C, objective=objective)
    ranker = fit(train, feature_names(docs), C=C, objective=objective, l2=0.01, pool="all")
    assert all(_prefers_the_label(ranker, d) for d in docs)
    assert ranker.meta["objective"] == objective and ranker.meta["pool"] == "all"
    with pytest.raises(ValueError, match="objective 'pointwize'"):
        fit(docs, feature_names(docs), objective="pointwize")
