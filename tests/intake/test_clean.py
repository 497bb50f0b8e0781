"""Cleaning rules, one kind of web dirt at a time."""

from __future__ import annotations

import opencc
import pytest

from classify.intake.charset import common_share, mojibake_spans
from classify.intake.clean import (
    clean_text,
    drop_footers,
    drop_mojibake,
    normalize_punctuation,
    repair_latin_mojibake,
    strip_markup,
    strip_pinyin,
    to_simplified,
)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("會(huì)議由領(lǐng)導(dǎo)主持", "會議由領導主持"),
        ("黨委書記（shū）記", "黨委書記記"),
        ("领导(ling3)班子", "领导班子"),
        ("人工智能(AI)技术", "人工智能(AI)技术"),  # not a reading: kept
        ("见附件(2)说明", "见附件(2)说明"),
    ],
)
def test_strip_pinyin(dirty, clean):
    assert strip_pinyin(dirty) == clean


def test_traditional_to_simplified_keeps_simplified_text():
    assert to_simplified("黨支部學習教育") == "党支部学习教育"
    assert to_simplified("党支部学习教育") == "党支部学习教育"


def test_markers_and_markup_are_removed():
    text = "会议强调。<PAGE_DIV> \n![图](a.png)**要坚持**[链接](https://x.cn/a)\n- 3 -\n第2页 共5页"
    assert strip_markup(text) == "会议强调。 \n要坚持链接\n\n"


def test_footers_and_link_lists_are_dropped():
    text = "正文一句。\n【關閉】 【打印】 |\n相关专题 |\n· 第六届基层党建创新典型案例征集 |\n微信“扫一扫”添加“学习大国”"
    assert drop_footers(to_simplified(text)).strip() == "正文一句。"


def test_footer_words_inside_body_sentences_are_kept():
    text = "他说，要把相关工作做好。\n扫一扫二维码即可报名参加志愿服务的做法受到社区群众的普遍欢迎，大家纷纷点赞说这个办法好。"
    assert drop_footers(text) == text


def test_utf8_read_as_gbk_is_detected_and_dropped():
    good = "会议强调，要认真总结经验。"
    garbage = "发布时间：中国航天科技集团有限公司".encode().decode("gbk", errors="replace")
    text = good + garbage + good
    assert mojibake_spans(text)
    assert drop_mojibake(text) == good + good


def test_rare_names_and_reduplicated_sounds_are_not_mojibake():
    for text in [
        "记者孟祥夫、陆娅楠、张璁、赵展慧报道。",
        "“咚咚锵，咚咚锵……”锣鼓声响起。",
        "披荆斩棘、砥砺奋进、璀璨夺目。",
    ]:
        assert mojibake_spans(text) == []
        assert drop_mojibake(text) == text


def test_latin1_mojibake_is_repaired():
    mangled = "中国航天科技集团".encode().decode("latin-1")
    assert repair_latin_mojibake("标题：" + mangled) == "标题：中国航天科技集团"
    assert repair_latin_mojibake("会(huì)议") == "会(huì)议"  # tone marks are not mojibake


def test_common_share_separates_text_from_wrong_decodings():
    text = "国资委党委召开党史学习教育总结会议，认真学习贯彻习近平总书记重要讲话精神"
    assert common_share(text) > 0.9
    assert common_share(text.encode("utf-8").decode("gbk", errors="replace")) < 0.5
    big5 = opencc.OpenCC("s2t").convert(text).encode("big5")
    assert common_share(big5.decode("gbk", errors="replace")) < common_share(big5.decode("big5"))


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("发布时间：2022 年 1 月 8 日", "发布时间：2022年1月8日"),
        ("取得成效, 扎实推动", "取得成效，扎实推动"),
        ("会议由(公司)主持!然后", "会议由（公司）主持！然后"),
        ("时间 10:11 版本 v2.1, ok", "时间10:11版本 v2.1, ok"),
        ("认真总结不断巩固 拓展成果", "认真总结不断巩固 拓展成果"),
        ("  ■依托红色资源  ", "依托红色资源"),
        ("学史崇德、 学史力行", "学史崇德、学史力行"),
    ],
)
def test_normalize_punctuation(dirty, clean):
    assert normalize_punctuation(dirty) == clean


def test_clean_text_is_idempotent(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        once = clean_text(path.read_text(encoding="utf-8"))
        assert clean_text(once) == once, path.name


def test_mojibake_never_crosses_lines_and_garbled_lines_go_whole():
    garbage = "分享到微信朋友圈".encode().decode("gbk", errors="replace")
    text = f"正文第一段。\n{garbage}\n邱楠说，要做好工作。"
    cleaned = drop_mojibake(text)
    assert cleaned.split("\n")[0] == "正文第一段。"
    assert "邱楠说，要做好工作。" in cleaned
    assert garbage[:3] not in cleaned
