"""The public call: whole sentences in document order, within the budget, no metadata or headings."""

from __future__ import annotations

import json

import pytest

import classify
from classify.intake import Document
from classify.summarize import DEFAULT_MAX_CHARS, Summary, Weights, method_names, summarize
from tests.summarize.sample import MEETING, REPORT, TITLE


def test_the_lead_of_a_report_is_its_meeting_sentence():
    lead = summarize(REPORT)
    assert isinstance(lead, Summary)
    assert lead.sentences[0] == MEETING
    assert lead.chars <= DEFAULT_MAX_CHARS and lead.text == "".join(lead.sentences)
    assert lead.title == TITLE and lead.method == "default"


def test_sentences_are_whole_in_document_order_and_never_metadata():
    doc = Document.from_text(REPORT)
    own = [s.text for s in doc.sentences]
    for budget in (30, 60, 100, 150, 400):
        lead = summarize(doc, max_chars=budget)
        assert lead.sentences and all(s in own for s in lead.sentences)
        assert lead.indices == sorted(lead.indices)
        assert [own[i] for i in lead.indices] == lead.sentences
        assert lead.chars <= budget or len(lead.sentences) == 1
        for absent in ("来源", "发布时间", "主要做法", "（一）", "三点要求", "图为", "责任编辑", "2024-01-10"):
            assert absent not in lead.text


def test_a_sentence_longer_than_the_budget_is_cut_within_it_and_says_so():
    lead = summarize(REPORT, max_chars=10)
    assert len(lead.sentences) == 1 and lead.chars <= 10
    assert any(s.text.startswith(lead.sentences[0].rstrip("…")) for s in Document.from_text(REPORT).sentences)
    assert "cut" in lead.note
    huge = summarize("学习党章，" * 200_000 + "。")  # a megabyte without a sentence end
    assert huge.chars <= 150 and huge.text.endswith("，") and huge.note
    assert summarize("学习" * 100_000).chars <= 150


def test_inputs_text_document_and_path(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    from_text = summarize(REPORT).text
    assert summarize(Document.from_text(REPORT)).text == from_text
    lead = summarize(path)
    assert lead.text == from_text and lead.path == str(path)


def test_deterministic():
    assert summarize(REPORT, max_chars=150).to_dict() == summarize(REPORT, max_chars=150).to_dict()


def test_to_dict_is_json_ready():
    data = summarize(REPORT).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["text"].startswith("1月9日") and data["chars"] == len(data["text"])
    assert set(data) >= {"text", "chars", "sentences", "indices", "method", "max_chars", "title", "scores"}


def test_the_title_pulls_towards_its_wording():
    # Two sentences of equal standing; the title decides between them.
    text = "标题\n\n甲公司今天发布了新的年度环保报告书。\n乙公司今天召开了新的年度安全工作会议。\n"
    assert summarize(text, max_chars=20, title="乙公司召开安全工作会议").sentences[0].startswith("乙公司")
    assert summarize(text, max_chars=20, title="甲公司发布环保报告").sentences[0].startswith("甲公司")


def test_methods_behind_the_same_call():
    doc = Document.from_text(REPORT)
    assert summarize(doc, method="lead-1").sentences == [MEETING]
    assert len(summarize(doc, method="lead-3").sentences) == 3
    assert summarize(doc, method="lead", max_chars=150).sentences[0] == MEETING
    assert summarize(doc, method="textrank").sentences
    oracle = summarize(doc, method="oracle", reference="公司安全事故为零", max_chars=40)
    assert "安全事故为零" in oracle.text
    assert "default" in method_names() and "lead-K" in method_names()


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="oracle needs a reference"):
        summarize(REPORT, method="oracle")
    with pytest.raises(ValueError, match="unknown summarisation method"):
        summarize(REPORT, method="magic")
    with pytest.raises(ValueError, match="max_chars"):
        summarize(REPORT, max_chars=0)


def test_a_document_without_selectable_body_sentences_still_gets_a_lead():
    assert summarize("只有一个标题\n").text == "只有一个标题"
    one = summarize("党支部召开组织生活会认真开展批评与自我批评")
    assert one.text == "党支部召开组织生活会认真开展批评与自我批评" and one.note
    assert summarize("1.学习党章。2.交纳党费。3.开展活动。").text.startswith("1.学习党章。")
    assert summarize("。。。\n").sentences == []  # nothing with content: still nothing


def test_weights_can_be_replaced():
    # With position alone the first sentence wins; with position against it, a later one does.
    late = Weights(lead=-1.0, first=-1.0, density=0.0, title=0.0)
    assert summarize(REPORT, max_chars=60, weights=late).sentences[0] != MEETING


def test_top_level_exports():
    assert classify.Summary is Summary
    assert classify.summarize(REPORT).text == summarize(REPORT).text
    # Importing the package binds classify.summarize to it; it stays callable.
    assert classify.summarize.summarize(REPORT).text == summarize(REPORT).text
