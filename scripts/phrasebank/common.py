"""Phrases every genre draws on: dates, who attends and who is reviewed at each level, what units of
each domain do, and general party-building sentences shared across types (so that no single phrase
gives a type away)."""

from __future__ import annotations

import datetime as dt
import random

from phrasebank.campaigns import Campaign
from phrasebank.core import dealer, table
from phrasebank.orgs import Org, people

# --- dates -----------------------------------------------------------------------------------------


def day_in(rng: random.Random, year: int, months: tuple[int, ...]) -> dt.date:
    month = rng.choice(months)
    return dt.date(year, month, rng.randint(1, 28))


def cn_date(day: dt.date, with_year: bool = False) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if with_year else f"{day.month}月{day.day}日"


def summary_date(rng: random.Random, camp: Campaign) -> dt.date:
    """Summary meetings fall at a campaign's end: December, or January/February of the next year."""
    if rng.random() < 0.5:
        return day_in(rng, camp.end, (11, 12))
    return day_in(rng, camp.end + 1, (1, 2))


# --- people in the room, per level -----------------------------------------------------------------

ATTENDEES = {
    "central": [
        "[委|部]领导班子成员，机关各[厅局|司局]主要负责同志",
        "[党组|党委]成员，机关各司局、直属单位主要负责同志",
        "有关部门负责同志和各单位代表",
    ],
    "group": [
        "{unit}领导班子成员，总部各部门主要负责人",
        "{unit}{body}成员，总部部门负责人和二级单位主要领导",
        "总部全体中层干部，所属单位党委书记",
    ],
    "subsidiary": [
        "{unit}领导班子成员，各部门和所属单位主要负责人",
        "{unit}领导班子成员、中层干部和党支部书记",
        "领导班子成员、中层干部和职工代表",
    ],
    "branch": [
        "支部全体党员[和入党积极分子|、入党积极分子和群众代表|]",
        "全体党员、预备党员[和发展对象|]",
        "支部委员、党小组长和党员代表",
    ],
    "local": [
        "{local_top}",
        "{unit}领导班子成员，各[部门|单位]负责同志和基层党组织书记",
        "有关部门负责同志、基层干部群众代表",
    ],
}

GUESTS = {
    "central": ["{camp_s}中央指导组组长", "中央有关部门负责同志", "中央指导组有关成员"],
    "group": ["中央企业{camp_s}指导组组长", "国资委有关厅局负责同志", "国资委{camp_s}指导组副组长"],
    "subsidiary": ["集团公司{camp_s}巡回指导组组长", "集团公司有关部门负责人", "集团公司党组成员、副总经理"],
    "branch": ["上级党委副书记", "{parent}党委委员", "联系点领导", "上级党委组织部负责同志"],
    "local": ["省委{camp_s}巡回指导组组长", "上级巡回指导组成员", "{parent}有关负责同志"],
}

# Whose performance a review looks at: (who reports, the word for one of them), by organisation kind.
_REPORTERS_BY_KIND: dict[str, tuple[list[str], str]] = {
    "sasac": (["中央企业党委（党组）书记", "中央企业主要负责人"], "书记"),
    "ministry": (["机关各司局党支部书记", "直属单位党委书记", "部属单位党组织书记"], "书记"),
    "organisation": (["省区市党委书记", "中央和国家机关部门党组（党委）书记"], "书记"),
    "work_committee": (["部门机关党委书记", "中央和国家机关部门机关党委常务副书记"], "书记"),
    "bank": (["一级分行党委书记", "总行部门党支部书记"], "书记"),
    "insurer": (["子公司党委书记", "省级分公司党委书记"], "书记"),
    "academy": (["各研究所（室）党组织书记", "所属党支部书记"], "书记"),
    "institute": (["研究室党支部书记", "所属党支部书记"], "书记"),
    "university": (["二级学院党委书记", "基层党组织书记"], "书记"),
    "college": (["二级学院党组织书记", "师生党支部书记"], "书记"),
    "hospital": (["临床科室党支部书记", "各党支部书记"], "书记"),
    "province": (["市州党委书记", "省直部门党组织书记"], "书记"),
    "city": (["区县委书记", "市直机关党组织书记", "市属国有企业党委书记"], "书记"),
    "county": (["乡镇党委书记", "县直部门党组织书记"], "书记"),
    "district": (["街道党工委书记", "区直部门党组织书记"], "书记"),
    "township": (["村党组织书记"], "书记"),
    "street": (["社区党组织书记"], "书记"),
    "soe": (["子公司党组织书记", "所属党支部书记"], "书记"),
    "bureau": (["局属单位党组织书记", "机关党支部书记"], "书记"),
    "village": (["村“两委”干部", "党小组组长"], "述职人"),
    "community": (["网格党支部书记", "小区党支部书记"], "书记"),
}
_REPORTERS_BY_LEVEL = {
    "central": (["直属单位党组织书记"], "书记"),
    "group": (["所属二级单位党委书记", "子企业党组织书记"], "书记"),
    "subsidiary": (["所属党支部书记", "基层党支部书记", "所属单位党组织书记"], "书记"),
    "branch": (["党小组组长", "支部委员"], "述职人"),
    "local": (["基层党组织书记"], "书记"),
}


def reporters(org: Org) -> tuple[list[str], str]:
    """Who reports on their duties in a review held by ``org``, and what one of them is called."""
    if org.level == "branch":
        if org.body == "党总支":
            return ["所属支部书记"], "书记"
        if org.kind in {"village", "community"}:
            return _REPORTERS_BY_KIND[org.kind]
        return _REPORTERS_BY_LEVEL["branch"]
    if org.kind == "sasac" and org.level == "local":
        return ["市属国有企业党委书记", "监管企业主要负责人"], "书记"
    return _REPORTERS_BY_KIND.get(org.kind, _REPORTERS_BY_LEVEL[org.level])


HONOURS = [
    "先进基层党组织", "“四强”党支部", "示范党支部", "“五星级”党组织", "工人先锋号", "青年文明号", "文明单位", "标杆党支部",
]  # fmt: skip

# --- domains: what a unit's work is, what goes wrong, what its party work does (domains.yaml) ---------

DOMAINS: dict[str, dict[str, list[str]]] = table("domains")


def domain(org: Org) -> dict[str, list[str]]:
    return DOMAINS.get(org.domain, DOMAINS["office"])


# --- general party-building sentences (any type may carry them) ---------------------------------------

GENERAL = [
    "[近年来|一直以来]，{self}坚持把党建工作[同中心工作一起谋划|和业务工作同部署、同推进]",
    "{self}[始终|一直]把[政治建设|思想建设]摆在首位",
    "[各级党组织|各党支部]认真履行[主体责任|管党治党责任]，[层层|逐级]传导压力",
    "[广大党员|党员干部]在[急难险重任务|重点工作]中[冲在前、干在先|主动担当]",
    "[基层党组织|党支部]的[组织力|凝聚力]持续增强",
]

PROBLEMS = [
    "[个别|少数]党组织书记抓党建的精力投入不足",
    "党建与业务融合不够紧密",
    "[部分支部|少数支部]组织生活[形式单一|质量不高]",
    "发展党员工作[不够规范|计划执行不到位]",
    "基层党务干部力量薄弱",
    "[上次|上年度]述职指出的问题整改[不够彻底|还有反弹]",
    "党员教育管理[针对性不强|存在薄弱环节]",
    "[党建品牌|特色做法]提炼推广不够",
]


def base_ctx(rng: random.Random, org: Org, camp: Campaign) -> dict[str, object]:
    """The context every builder starts from: the organisation, the campaign and a few people."""
    names = people(rng, 6)
    ctx = org.ctx()
    ctx.update(
        {
            "camp": camp.name,
            "camp_s": camp.short,
            "leader": names[0],
            "host": names[1],
            "guest": names[2],
            "p3": names[3],
            "p4": names[4],
            "p5": names[5],
            "attendees": ATTENDEES[org.level],
            "local_top": "{unit}四套班子领导同志，{subs}主要负责同志"
            if org.kind in {"province", "city", "county", "district"}
            else "{unit}领导班子成员，{subs}主要负责人",
            "guest_t": GUESTS[org.level],
            "measure": list(camp.measures),
            "metric": list(camp.metrics),
            "result": list(camp.results),
            "aim": list(camp.aims),
            "next": list(camp.next_work),
            "work": org.extra.get("work") or domain(org)["work"],
            "folk": domain(org)["people"],
            "honour0": camp.honours[0],
            "honour1": camp.honours[1],
            "honour": HONOURS,
            "problem": PROBLEMS,
            "general": dealer(rng, GENERAL),
        }
    )
    return ctx


# Continuations for a numbered requirement: 一要X，Y (no final punctuation).
REQ_DETAIL = [
    "[各级党组织|各单位]要[结合实际|对照任务][抓紧|及时][制定|完善][具体措施|工作方案]",
    "[切实|真正]做到[思想上重视、行动上落实|任务不减、标准不降]",
    "[决不能|不能][搞形式、走过场|等靠观望]",
    "[用|以][实实在在的成效|工作实绩][检验成果|取信于民]",
    "[确保|推动][各项工作|各项任务][件件有着落、事事有回音|按时保质完成]",
    "[主要负责同志|一把手]要[亲自抓、负总责|带头谋划、带头推动]",
    "[对|针对]{work}中的[难点|堵点]，[要|]集中力量[攻坚|突破]",
    "[坚持|做到]一张蓝图绘到底，[不折腾、不松劲|久久为功]",
]


def elaborate(rng: random.Random, items: list[str], ctx: dict, p: float = 0.5) -> list[str]:
    """Give some requirements a second clause."""
    from phrasebank.core import fill

    return [item + "，" + fill(rng, rng.choice(REQ_DETAIL), ctx) if rng.random() < p else item for item in items]


_SUBUNITS = {
    "central": ["机关第{n}党支部", "{prov}省", "直属{place}中心", "部属{place}研究院", "机关第{n}党支部"],
    "group": ["{place}分公司", "{place}项目部", "所属{place}公司", "第{n}研究院", "{place}营销中心"],
    "subsidiary": ["第{n}研究室", "{place}车间", "{place}项目部", "机关第{n}党支部", "{place}生产基地"],
    "branch": ["第{n}党小组", "第{n}党小组"],
    "village": ["{place}组", "村{place}合作社", "第{n}党小组"],
    "community": ["{place}小区", "第{n}网格", "{place}苑小区"],
    "government": ["{place}镇", "{place}街道", "{place}社区", "{place}村", "{place}工业园"],
    "soe": ["{place}子公司", "{place}项目部", "{place}运营公司", "机关第{n}党支部"],
    "hospital": ["心内科", "急诊科", "护理部", "儿科", "药学部", "康复医学科"],
    "university": ["{college}学院", "{college}学院", "研究生第{n}党支部"],
    "office": ["机关第{n}党支部", "{place}分局", "局属{place}中心"],
}


def subunits(rng: random.Random, org: Org, k: int = 3) -> list[str]:
    """Names of units below ``org`` (for examples in campaign reports)."""
    from phrasebank.core import cn, fill
    from phrasebank.orgs import PROVINCES, place_name

    if org.level == "branch":
        key = org.kind if org.kind in {"village", "community"} else "branch"
    elif org.level == "local":
        key = {"soe": "soe", "hospital": "hospital", "college": "university", "bureau": "office", "sasac": "soe"}.get(
            org.kind, "government"
        )
    elif org.level == "subsidiary" and org.kind in {"hospital", "university"}:
        key = org.kind
    else:
        key = org.level
    colleges = ["机械工程", "计算机", "经济管理", "土木工程", "外国语"]
    return [
        fill(
            rng,
            rng.choice(_SUBUNITS[key]),
            {
                "place": place_name(rng),
                "n": cn(rng.randint(1, 9)),
                "prov": rng.choice(PROVINCES),
                "college": rng.choice(colleges),
            },
        )
        for _ in range(k)
    ]
