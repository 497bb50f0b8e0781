"""Structure of the five seeds and of the sentence splitter."""

from __future__ import annotations

import re

import pytest

from classify.intake import read_document, split_sentences
from classify.intake.clean import to_simplified
from classify.intake.document import Document, is_byline, is_heading, parse_date, parse_metadata
from tests.conftest import seed_path

PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
DIRT = ("PAGE_DIV", "【关闭】", "【打印】", "扫一扫", "相关专题", "<", ">", "#", "(huì)")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_comes_out_clean(seeds_dir, prefix):
    doc = read_document(seed_path(seeds_dir, prefix))
    everything = "\n".join(
        [doc.title or "", doc.body, *doc.sentences_text()]
        if hasattr(doc, "sentences_text")
        else [doc.title or "", doc.body]
    )
    assert to_simplified(everything) == everything, "traditional characters left"
    assert not PINYIN.search(everything), PINYIN.search(everything)
    for dirt in DIRT:
        assert dirt not in everything, dirt
    assert "\u3000" not in everything and "  " not in everything
    assert len(doc.sentences) >= 10


def test_seed_000_title_date_source_and_byline(seeds_dir):
    doc = read_document(seed_path(seeds_dir, "000"))
    assert doc.title == "中国航天航天科技集团有限公司召开党史学习教育总结会议"  # the source's own typo, kept
    assert doc.date == "2022-01-21"
    assert doc.source == "中国航天科技集团有限公司"
    assert doc.bylines == ["文/胡蓝月 刘畅 摄/宿东"]
    assert doc.sentences[0].text.startswith("1月20日，中国航天科技集团有限公司在京召开党史学习教育总结会议")
    assert "文章来源" not in doc.body and "胡蓝月" not in doc.body


def test_seed_001_title_is_rejoined_with_its_last_line(seeds_dir):
    doc = read_document(seed_path(seeds_dir, "001"))
    assert doc.title == (
        "国资委党委召开党史学习教育总结会议 认真总结不断巩固 拓展党史学习教育成果 扎实推动国资央企奋进新征程建功新时代"
    )
    assert doc.date == "2022-01-08"
    assert not doc.body.startswith("新时代")
    assert doc.sentences[0].text.startswith("1月7日，国资委党委召开党史学习教育总结会议")


def test_seed_002_has_no_pinyin_readings_and_no_mojibake(seeds_dir):
    doc = read_document(seed_path(seeds_dir, "002"))
    assert doc.title is None  # the file starts with its first paragraph
    assert "(huì)" not in doc.text and "会议" in doc.text
    assert "?" not in doc.text and "€" not in doc.text and "鍌" not in doc.text
    assert doc.sentences[0].text == "2月23日，航天通信召开2021年所属单位党组织书记抓基层党建工作述职评议会。"


def test_seed_003_date_source_and_headings(seeds_dir):
    doc = read_document(seed_path(seeds_dir, "003"))
    assert doc.title == "中国航天科工二院二部一室党支部"
    assert doc.date == "2022-07-11"
    assert doc.source == "人民网-中国共产党新闻网"
    assert "来源" not in doc.body and "2022年07月11日" not in doc.body
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert headings[:3] == ["一、背景和起因", "二、主要做法", "（一）全面规范日常教育，筑牢党员党性修养根基。"]
    assert "四、探讨" in headings
    assert all(not s.text.startswith(("一、", "二、", "（一）")) for s in doc.sentences)


def test_seed_004_subheadings_without_numbers(seeds_dir):
    doc = read_document(seed_path(seeds_dir, "004"))
    headings = {p.text for p in doc.paragraphs if p.kind == "heading"}
    assert "聚焦民生“小切口”" in headings
    assert doc.sentences[0].text == "百年征程，高扬永不褪色的信仰旗帜；接续传承，坚定矢志不渝的前进方向。"


def test_sentence_splitter_keeps_closing_quotes_and_brackets():
    text = "他说：“我们要努力。”大家鼓掌！会议强调（见附件。）要坚持……下一步怎么办？好"
    assert split_sentences(text) == [
        "他说：“我们要努力。”",
        "大家鼓掌！",
        "会议强调（见附件。）",
        "要坚持……",
        "下一步怎么办？",
        "好",
    ]


def test_markdown_title_broken_title_and_metadata():
    raw = (
        "# 某某集团召开主题教育总结大会 扎实推动\n\n高质量发展\n\n来源：某某集团 发布时间：2021/12/30\n\n"
        + "正文。" * 20
    )
    doc = Document.from_text(raw)
    assert doc.title == "某某集团召开主题教育总结大会 扎实推动高质量发展"
    assert (doc.date, doc.source) == ("2021-12-30", "某某集团")


def test_people_daily_dateline_caption_and_credit_are_fields():
    raw = (
        "标题\n\n本报北京1月16日电 （记者张洋）会议指出，要总结经验。\n图为会议现场。\n新华社记者 李学仁摄\n"
        "（本报记者 董洪亮整理）"
    )
    doc = Document.from_text(raw)
    assert doc.body == "会议指出，要总结经验。"
    assert doc.bylines == ["本报北京1月16日电", "记者张洋", "本报记者 董洪亮整理"]
    assert doc.captions == ["图为会议现场。", "新华社记者 李学仁摄"]


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (
            "文章来源:中国航天科技集团有限公司 发布时间:2022-01-21",
            {"source": "中国航天科技集团有限公司", "date": "2022-01-21"},
        ),
        (
            "2022年07月11日10:11来源：人民网-中国共产党新闻网",
            {"date": "2022-07-11", "source": "人民网-中国共产党新闻网"},
        ),
        ("发布时间：2022年1月8日", {"date": "2022-01-08"}),
        ("会议指出，来源于群众的意见要认真对待，时间紧任务重。", None),
    ],
)
def test_parse_metadata(line, fields):
    assert parse_metadata(line) == fields


def test_small_helpers():
    assert parse_date("2022 年 1 月 8 日") == "2022-01-08"
    assert parse_date("2022-13-01") is None
    assert is_heading("一、背景和起因") and is_heading("聚焦民生“小切口”")
    assert not is_heading("会上，4家基层党组织分别结合工作实际作交流发言。")
    assert is_byline("文/胡蓝月 刘畅 摄/宿东") and is_byline("（本报记者 董洪亮整理）")
    assert not is_byline("文化建设要坚持以人民为中心，推动高质量发展。")


def test_bylines_with_role_characters_in_names():
    assert is_byline("文/戴伟彬 许文立 摄/范琦")
    assert is_byline("通讯员 梁鹏林 曹文")
    assert is_byline("本报记者 董洪亮整理")
    assert not is_byline("文明实践活动丰富多彩")


def test_metadata_fields_stay_apart_and_short_headings_stay_out_of_the_title():
    doc = Document.from_text("某某单位召开会议\n时间：2022-01-08  来源：某某网\n" + "正文一句话。" * 12)
    assert (doc.date, doc.source) == ("2022-01-08", "某某网")
    doc = Document.from_text("某某党支部案例\n基本情况\n" + "支部成立于二〇一〇年，现有党员二十名。" * 4)
    assert doc.title == "某某党支部案例"
    assert doc.paragraphs[0].kind == "heading" and doc.paragraphs[0].text == "基本情况"
