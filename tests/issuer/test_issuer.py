"""Issuer extraction: the five seeds, the label guide's close calls on made-up texts, bad input."""

from __future__ import annotations

import pytest

from classify.features.orgs import OrgCues, class_names
from classify.intake.document import Document
from classify.intake.read import read_text
from classify.issuer import extract_issuer, issuer_key, knowledge, same_issuer


def issuer_of(text: str):
    return extract_issuer(Document.from_text(text))


def test_seeds(seeds_dir, seed_labels):
    for file, row in seed_labels.items():
        doc = Document.from_text(read_text(seeds_dir / file))
        issuer = extract_issuer(doc)
        assert issuer is not None, file
        assert same_issuer([issuer.name, issuer.full_name], row["issuer"]), (file, issuer)
        assert issuer.level == row["level"], (file, issuer)
        start, end = issuer.span
        assert doc.text[start:end] == issuer.name


@pytest.mark.parametrize(
    ("text", "level", "not_in_name"),
    [
        # a ministry-run institute is a subsidiary, not central
        ("交通运输部科学研究院党委召开年度党建工作会议，总结一年来的工作。", "subsidiary", None),
        # a city-owned enterprise is local, not a central group
        ("近日，岳阳城投集团党委开展主题党日活动，组织党员参观红色教育基地。", "local", None),
        # a group's subsidiary is a subsidiary, not the group
        ("中国石油长庆油田分公司党委召开基层党组织书记述职评议会。", "subsidiary", None),
        # the attending central guiding group is not the issuer
        ("湘潭大学党委召开专题民主生活会，中央第二指导组到会指导并讲话。", "local", "指导组"),
        # a village party committee is grassroots
        ("花园村党委开展“我为群众办实事”活动，为村民修通了三条道路。", "branch", None),
    ],
)
def test_close_calls(text, level, not_in_name):
    issuer = issuer_of(text)
    assert issuer is not None
    assert issuer.level == level, issuer
    if not_in_name:
        assert not_in_name not in issuer.name


def test_full_name_from_the_knowledge_base():
    issuer = issuer_of("航天科技召开年度工作会议，部署全年任务。")
    assert issuer.full_name == "中国航天科技集团有限公司"
    assert issuer.level == "group"
    assert "group" in issuer.evidence


@pytest.mark.parametrize("text", ["今天天气很好，我们去公园散步。", "", "   \n  ", "<PAGE_DIV>"])
def test_no_organisation_gives_none(text):
    assert issuer_of(text) is None


def test_normalisation():
    assert issuer_key("中共湖南省委") == issuer_key("湖南省委")
    assert issuer_key("航天科技") == issuer_key("中国航天科技集团有限公司")
    assert issuer_key("江西省鹰潭市") == issuer_key("江西鹰潭市") == "鹰潭市"
    assert same_issuer(["中宣部"], "中宣部、中央文明办")
    assert not same_issuer([None], "中宣部")


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("中国建设银行湖北省分行", "subsidiary"),
        ("国家开发银行党委", "group"),
        ("清华大学", "subsidiary"),
        ("某某社区党委", "branch"),
        ("成都市国资委", "local"),
        # a province's name in an armed police unit's name does not make it local
        ("武警宁夏总队", "subsidiary"),
        ("广东武警总队韶关支队党委", "subsidiary"),
        # a squadron or a fire-rescue station is a grassroots unit; a province's fire-rescue corps is local
        ("西藏总队昌都支队特战一中队", "branch"),
        ("宝塔消防救援站党支部", "branch"),
        ("黑龙江省消防救援总队", "local"),
        # local police and enforcement units stay local
        ("杭州市交警支队", "local"),
        ("南京市城管执法支队党委", "local"),
        ("江苏省交通运输综合行政执法总队", "local"),
        ("海南省地质勘查局第一总队", "local"),
        # a named college begins with its place; a university's short name is the university
        ("北京青年政治学院学前教育学院", "local"),
        ("西安交大化工学院", "subsidiary"),
        # 乡村 (the countryside) is not a village
        ("江苏省徐州市铜山区乡村", "local"),
    ],
)
def test_levels_from_names(name, level):
    assert knowledge().level_of(name).level == level


def test_leading_group_chaired_by_its_deputy_head_is_the_issuer():
    # made-up text: the leading group is named only as its chair's affiliation
    issuer = issuer_of(
        "某某会议在京召开\n某月某日，中共中央政治局委员、中央某某主题教育领导小组副组长某某主持会议并讲话。"
        "会议总结了第一批主题教育的经验。"
    )
    assert issuer is not None
    assert issuer.name.startswith("中央") and issuer.name.endswith("领导小组"), issuer
    assert issuer.level == "central"


def test_ranker_weights_are_plain_data():
    from classify.issuer.rank import packaged_ranker

    ranker = packaged_ranker()
    assert ranker is not None
    assert len(ranker.names) == len(ranker.weights) == len(ranker.mean) == len(ranker.scale)


def test_the_organisations_own_website_is_not_the_issuer():
    # made-up page title: the university's news site published a general branch's report
    issuer = issuer_of("某某大学新闻网 - 菁菁校园-应用技术学院党总支赴博物馆开展主题党日活动\n近日，应用技术学院党总支组织党员参观。")
    assert issuer is not None
    assert issuer.name.startswith("应用技术学院"), issuer
    assert issuer.level == "branch"
    # a suffix the name would grow over (融媒体中心: 中心 is a unit's head) is an outlet too
    issuer = issuer_of("某某大学融媒体中心 - 公共管理学院党委召开党建工作会议\n近日，公共管理学院党委召开会议。")
    assert issuer is not None and "融媒体" not in issuer.name, issuer


def test_a_bare_college_takes_its_level_from_the_university_the_lead_names():
    text = "公共管理学院召开党建工作会议\n近日，华中科技大学公共管理学院党委召开会议。会议总结了一年来的工作。公共管理学院全体党员参加。"
    issuer = issuer_of(text)
    assert issuer is not None and issuer.level == "subsidiary", issuer
    # the college alone, under no named university, implies no level: the text's level decides
    alone = issuer_of("公共管理学院召开党建工作会议\n近日，公共管理学院党委召开会议，总结一年来的工作。")
    assert alone is not None and alone.name.startswith("公共管理学院") and alone.level is None, alone
    # a university's short name is the university (西安交大 is not the city of 西安)
    short = issuer_of("西安交大党委召开党建工作会议\n近日，西安交大党委召开会议，总结一年来的工作。")
    assert short is not None and short.level == "subsidiary", short


@pytest.mark.parametrize(
    "text",
    [  # made-up: no university here, though a university's short name could be read inside the words
        "某县召开主题教育总结会\n近日，某县县委召开会议，部署全县人民大学习活动，党支部书记王清华主持。",
        "东北航空公司党委召开会议\n近日，东北航空公司党委召开会议，总结一年来的工作。",
        "华北理工大学党委召开会议\n近日，华北理工大学党委召开会议，总结一年来的工作。",
    ],
)
def test_a_short_name_inside_other_words_is_no_university(text):
    issuer = issuer_of(text)
    assert issuer is None or issuer.level != "subsidiary", issuer
    assert all(kind != "central_university" for *_, kind in OrgCues().mentions(text))


@pytest.mark.parametrize(
    "text",
    [
        "经济管理学院党委召开会议\n近日，经济管理学院党委召开会议，传达学习党中央精神，总结一年来的工作。",
        "机械工程学院党委开展主题党日活动\n近日，机械工程学院党委组织党员赴中国航天科工二院参观学习。",
    ],
)
def test_a_central_body_named_beside_a_bare_college_is_not_its_parent(text):
    issuer = issuer_of(text)
    # neither central nor the central group's subsidiary: a college of a university not named
    assert issuer is not None and issuer.name.endswith("学院党委") and issuer.level is None, issuer


def test_gazetteer_lists_may_carry_short_names():
    assert class_names(["清华大学", {"西安交通大学": ["西安交大"]}, {"复旦大学": "复旦"}]) == {
        "清华大学": "清华大学",
        "西安交通大学": "西安交通大学",
        "西安交大": "西安交通大学",
        "复旦大学": "复旦大学",
        "复旦": "复旦大学",
    }
    assert class_names({"中国航天科技集团有限公司": ["航天科技"]}) == {
        "中国航天科技集团有限公司": "中国航天科技集团有限公司",
        "航天科技": "中国航天科技集团有限公司",
    }
