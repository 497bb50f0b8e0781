"""Which sentences may open a lead: never metadata, bylines, captions, headings or list lead-ins."""

from __future__ import annotations

import pytest

from classify.intake import Document
from classify.summarize.candidates import candidates, is_selectable
from tests.summarize.sample import MEETING, REPORT


@pytest.mark.parametrize(
    "text",
    [
        "一、主要做法",
        "（一）加强政治建设，筑牢思想根基。",
        "2. 完善制度体系，压实工作责任。",
        "针对下一步工作，会议提出三点要求：",
        "发布时间：2024-01-10 来源：青松机械公司",
        "2024年01月10日10:11 来源：青松网",
        "文/张明 摄/李华",
        "图为会议现场。",
        "（原标题：青松机械公司召开总结会议）",
        "责任编辑：王芳",
        "好的。",
        "（完）",
    ],
)
def test_not_selectable(text):
    assert not is_selectable(text)


@pytest.mark.parametrize(
    "text",
    [
        MEETING,
        "记者了解到，该项目已于上月开工建设。",  # opens with 记者 but is body text
        "一是打造“四位一体”教育模式，推动学习常态化。",  # a list item, not a heading
        "全年党建工作考核优秀率提高到百分之九十，生产安全事故为零。",
    ],
)
def test_selectable(text):
    assert is_selectable(text)


def test_candidates_keep_document_order_and_skip_the_rest():
    doc = Document.from_text(REPORT)
    cands = candidates(doc)
    texts = [c.text for c in cands]
    assert texts[0] == MEETING
    assert [c.position for c in cands] == list(range(len(cands)))
    assert [c.index for c in cands] == sorted(c.index for c in cands)
    joined = "".join(texts)
    for absent in ("发布时间", "来源", "一、主要做法", "（一）", "三点要求", "图为", "责任编辑"):
        assert absent not in joined
    # Each candidate is one of the document's own sentences, unchanged.
    assert set(texts) <= {s.text for s in doc.sentences}
    by_text = {c.text[:6]: c for c in cands}
    assert by_text["公司党委坚持"].opens_paragraph and not by_text["同时，各党支"].opens_paragraph
    assert by_text["公司党委坚持"].paragraph == by_text["同时，各党支"].paragraph
