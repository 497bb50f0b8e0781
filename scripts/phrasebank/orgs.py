"""Organisations for each issuing level, people's names and places: all invented or generic.

An :class:`Org` carries what the genre builders need to write about it: its full and short names, the
name of its party organisation, its leaders' titles, how it refers to itself and to the units below
it, and a ``domain`` (research, production, village, ...) that picks domain-specific phrases.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from phrasebank.core import cn

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任"
    "姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "建国志明文华伟军平海涛强刚敏静丽艳洁琳红亮斌峰辉磊鹏宇晨欣婷雪佳凯旭东春秋立新永庆荣俊杰毅勇晓燕玉云宏兴德瑞博航远帆"
    "卫民振光忠林彬睿楠菲岚恒昊铭超颖萍慧芳蕾琦哲松柏川舟岩锋韬晗"
)

PROVINCES = [
    "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
    "四川", "贵州", "云南", "陕西", "甘肃", "青海",
]  # fmt: skip
_P1 = "临云青清安永宁鹤桐枫松丰兴平望石柳梅金沙白双嘉锦泰瑞华凤龙新长溪兰"
_P2 = "江州阳川岭溪源泉山桥湖原丰河塘峰城浦林台陵水口坪宁"
_VILLAGE2 = "家庄湾沟坪岗塘营铺坝寨村屯"
_STREETS = [
    "东城",
    "西关",
    "南苑",
    "北门",
    "滨江",
    "新华",
    "河西",
    "长安",
    "解放",
    "人民路",
    "朝阳",
    "青年路",
    "工业园",
]
_COMMUNITIES = ["幸福里", "和平", "阳光", "春晖", "锦绣", "枫林", "新村", "光明", "翠苑", "康乐", "丰泽", "育才"]

_BRANDS = [
    "远航", "华拓", "恒川", "鼎信", "瀚海", "启元", "北辰", "泰和", "安澜", "天衡", "星辉", "长弘", "宏图", "锦程", "瑞丰", "昌达",
    "中瀚", "嘉禾", "新元", "致远", "恒岳", "云帆", "中衡", "华晟", "泓润", "景行", "中锐", "海晏",
]  # fmt: skip
# sector word, domain of its grassroots units, whether its HQ body is usually a 党组
_SECTORS = [
    ("科技", "research"), ("能源", "production"), ("电力", "production"), ("建设", "project"), ("建材", "production"),
    ("船舶", "research"), ("电子信息", "research"), ("通信", "service"), ("化工", "production"), ("冶金", "production"),
    ("医药", "research"), ("农业发展", "service"), ("物流", "service"), ("交通建设", "project"), ("航空工业", "research"),
    ("机械", "production"), ("矿业", "production"), ("粮油", "service"), ("水利水电", "project"), ("钢铁", "production"),
]  # fmt: skip

_MINISTRIES = [
    "工业和信息化部", "交通运输部", "水利部", "生态环境部", "农业农村部", "教育部", "科技部", "商务部", "自然资源部",
    "住房和城乡建设部", "人力资源和社会保障部", "国家卫生健康委员会", "国家发展和改革委员会", "国家市场监督管理总局",
    "国家能源局", "国家林业和草原局", "国家统计局", "应急管理部", "文化和旅游部", "民政部",
]  # fmt: skip
_MINISTRY_SHORT = {
    "国家卫生健康委员会": "国家卫生健康委",
    "国家发展和改革委员会": "国家发展改革委",
    "国家市场监督管理总局": "市场监管总局",
    "人力资源和社会保障部": "人力资源社会保障部",
    "住房和城乡建设部": "住房城乡建设部",
}


_SOE_SHORT = {"城市建设投资": "城投", "交通投资": "交投", "高新技术产业投资": "高新投", "国有资本运营": "国资运营"}
_BUREAUS = [
    ("住房和城乡建设局", "住建局"), ("交通运输局", "交通运输局"), ("生态环境局", "生态环境局"), ("农业农村局", "农业农村局"),
    ("卫生健康委员会", "卫健委"), ("教育局", "教育局"), ("市场监督管理局", "市场监管局"),
]  # fmt: skip


_UNIT_WORDS = {
    "academy": "院", "institute": "所", "hospital": "医院", "university": "学校", "province": "省", "city": "市", "county": "县",
    "district": "区", "township": "镇", "street": "街道", "soe": "集团", "bureau": "局", "college": "学院", "sasac": "委",
}  # fmt: skip


@dataclass
class Org:
    level: str
    name: str  # full name: the issuer
    short: str  # how the text names it after the first mention
    party: str  # its party organisation (国资委党委, 远航集团党组, 第二研究室党支部)
    body: str  # 党组 / 党委 / 党支部 / 党总支 / 党工委
    head: str  # the top leader's titles
    deputy: str  # a second leader's titles
    others: list[str]  # other leaders' titles
    subs: list[str]  # units below it
    members: list[str]  # its people
    selfref: list[str]  # how the text refers to it
    scope: str  # 全系统 / 全集团 / 全院 / 全支部 / 全市
    domain: str  # research / production / project / service / hospital / university / village / community / office / government
    place: str  # where its meetings are held (在京 / 在临江)
    outlet: list[str]  # what a source line may name
    parent: str = ""  # the body above it, when the text mentions one
    kind: str = ""  # the pattern it was made from
    extra: dict = field(default_factory=dict)

    @property
    def unit(self) -> str:
        """The word it uses for itself before 领导班子 (公司, 院, 集团公司, 市)."""
        if self.level == "central":
            return self.short if self.kind != "sasac" else "委"
        if self.level == "group":
            return "集团公司" if self.kind not in {"bank", "insurer"} else "总行" if self.kind == "bank" else "公司"
        if self.level == "branch":
            return "支部" if self.body == "党支部" else self.selfref[0]
        return _UNIT_WORDS.get(self.kind, "公司" if self.level == "subsidiary" else "单位")

    def ctx(self) -> dict[str, object]:
        """Slots for templates."""
        return {
            "unit": self.unit,
            "org": self.name,
            "short": self.short,
            "party": self.party,
            "body": self.body,
            "head_t": self.head,
            "deputy_t": self.deputy,
            "other_t": self.others,
            "subs": self.subs,
            "members": self.members,
            "self": self.selfref,
            "scope": self.scope,
            "place": self.place,
            "parent": self.parent or "上级党组织",
            **self.extra,
        }


def person(rng: random.Random) -> str:
    """An invented two- or three-character name."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def people(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = person(rng)
        if name not in out:
            out.append(name)
    return out


def place_name(rng: random.Random) -> str:
    a = rng.choice(_P1)
    b = rng.choice([c for c in _P2 if c != a])
    return a + b


def _cn_ordinal(rng: random.Random, hi: int) -> str:
    return cn(rng.randint(1, hi))


# --- central ---------------------------------------------------------------------------------------


def central(rng: random.Random, leading_groups: bool = True) -> Org:
    kinds = ["sasac", "ministry", "ministry", "ministry", "organisation", "work_committee"]
    kind = rng.choice(kinds + ["leading_group"] * leading_groups)
    if kind == "sasac":
        return Org(
            "central", "国务院国资委党委", "国资委", "国资委党委", "党委", "国资委党委书记、主任", "国资委党委委员、副主任",
            ["国资委党委委员、副主任", "国资委党委委员、秘书长"], ["中央企业", "各中央企业党委（党组）", "委机关各厅局"],
            ["国资央企系统党员干部", "中央企业广大党员", "委机关党员干部"], ["国资委党委", "国资委", "委党委"], "国资央企系统",
            "office", "在京", ["国务院国资委网站", "国资委新闻中心"], "党中央", kind,
        )  # fmt: skip
    if kind == "organisation":
        return Org(
            "central", "中共中央组织部", "中组部", "中组部", "部务会", "中央组织部部长", "中央组织部副部长",
            ["中央组织部副部长", "中央组织部秘书长"], ["各省区市党委组织部", "中央和国家机关各部门", "各地组织部门"],
            ["组工干部", "各级组织部门干部"], ["中组部", "中央组织部"], "组织系统", "office", "在京",
            ["共产党员网", "中国组织人事报"], "党中央", kind,
        )  # fmt: skip
    if kind == "work_committee":
        return Org(
            "central", "中央和国家机关工委", "中央和国家机关工委", "中央和国家机关工委", "工委", "中央和国家机关工委书记",
            "中央和国家机关工委常务副书记", ["中央和国家机关工委副书记"], ["中央和国家机关各部门", "各部门机关党委"],
            ["中央和国家机关党员干部"], ["工委", "中央和国家机关工委"], "中央和国家机关", "office", "在京",
            ["紫光阁网", "旗帜网"], "党中央", kind,
        )  # fmt: skip
    if kind == "leading_group":
        name = rng.choice(["中央主题教育领导小组", "国务院扶贫开发领导小组", "国务院安全生产委员会"])
        head = "主任" if name.endswith("委员会") else "组长"
        return Org(
            "central", name, name, name, "领导小组", f"{name}{head}", f"{name}副{head}", [f"{name}成员"],
            ["各地区各部门", "各省区市", "中央和国家机关各部门"], ["各地区各部门", "各级领导干部"], [name],
            "全国", "office", "在京", ["新华网", "人民网", "中国政府网"], "党中央", kind,
        )  # fmt: skip
    ministry = rng.choice(_MINISTRIES)
    short = _MINISTRY_SHORT.get(ministry, ministry)
    head_word = "主任" if ministry.endswith("委员会") else "局长" if ministry.endswith(("局", "总局")) else "部长"
    return Org(
        "central", ministry, short, f"{short}党组", "党组", f"{short}党组书记、{head_word}",
        f"{short}党组成员、副{head_word}", [f"{short}党组成员、副{head_word}", "驻部纪检监察组组长"],
        ["部机关各司局", "直属各单位", "部属单位", "机关各级党组织"], ["部机关党员干部", "系统广大党员干部"],
        [short, f"{short}党组", "部党组"], "全系统", "office", "在京", [f"{short}网站", "中国政府网"], "党中央", kind,
    )  # fmt: skip


# --- group -----------------------------------------------------------------------------------------


def group(rng: random.Random, brand: str | None = None, sector: tuple[str, str] | None = None) -> Org:
    brand = brand or rng.choice(_BRANDS)
    sector_name, domain = sector or rng.choice(_SECTORS)
    kind = rng.choice(["zhongguo", "zhongguo", "guojia", "bank", "insurer"] if sector is None else ["zhongguo"])
    if kind == "bank":
        name, short, body = f"中国{brand}银行股份有限公司", f"{brand}银行", "党委"
        head, deputy = "党委书记、董事长", "党委副书记、行长"
        subs = ["各一级分行", "境内外分支机构", "总行各部门", "各分行党委"]
        domain = "service"
    elif kind == "insurer":
        name, short, body = f"中国{brand}保险（集团）股份有限公司", f"{brand}保险", "党委"
        head, deputy = "党委书记、董事长", "党委副书记、总裁"
        subs = ["各子公司", "各省级分公司", "总部各部门"]
        domain = "service"
    else:
        prefix = "国家" if kind == "guojia" else "中国"
        name = f"{prefix}{brand}{sector_name}集团有限公司"
        short = rng.choice([f"{brand}集团", f"中国{brand}" if prefix == "中国" else f"国家{brand}", f"{brand}集团"])
        body = "党组" if rng.random() < 0.7 else "党委"
        head, deputy = f"{body}书记、董事长", f"{body}副书记、总经理"
        subs = ["所属各单位", "各二级单位", "各子企业", "所属企业", "二级单位党委"]
    return Org(
        "group", name, short, f"{short}{body}", body, head, deputy,
        [f"{body}成员、副总经理", "总会计师", "纪检监察组组长", f"{body}成员、总工程师"], subs,
        ["广大党员干部职工", "全集团党员", "干部职工"] if kind not in {"bank", "insurer"} else ["广大党员干部员工", "全行党员"],
        ["集团公司", short, f"集团公司{body}", "集团"] if kind not in {"bank", "insurer"} else [short, f"{short}{body}", "总行" if kind == "bank" else "公司"],
        rng.choice(["全集团", "全系统", "集团上下"]) if kind not in {"bank", "insurer"} else "全系统", domain, "在京", [f"{short}官网", f"{name}", "国资小新"],
        "国资委党委", kind, {"brand": brand, "sector": sector_name, **({"work": ["金融服务", "风险防控", "客户服务"]} if kind in {"bank", "insurer"} else {})},
    )  # fmt: skip


# --- subsidiary ------------------------------------------------------------------------------------


_SUB_KINDS = [
    "academy",
    "institute",
    "listed",
    "branch_co",
    "regional",
    "group_named",
    "bureau",
    "hospital",
    "university",
]


def subsidiary(rng: random.Random, kinds: list[str] | None = None) -> Org:
    parent = group(rng)
    brand, sector = parent.extra["brand"], parent.extra["sector"]
    gshort = parent.short if "集团" in parent.short else f"{brand}集团"
    city = place_name(rng)
    region = rng.choice(["华东", "华北", "西南", "东北", "西北", "华南", "华中"])
    kind = rng.choice(kinds or _SUB_KINDS)
    head, deputy, domain = "党委书记、董事长", "党委副书记、总经理", parent.domain
    selfref = ["公司", "该公司"]
    subs = ["所属各党支部", "基层党组织", "各部门", "所属单位"]
    if kind == "academy":
        n = _cn_ordinal(rng, 12)
        name, short = f"{gshort}第{n}研究院", f"{brand}{n}院"
        head, deputy, domain, selfref = "党委书记、院长", "党委副书记、副院长", "research", ["研究院", "该院", short]
        subs = ["各研究所", "所属各党支部", "院属单位", "各研究室"]
    elif kind == "institute":
        topic = rng.choice(["材料", "自动化", "信息技术", "环境工程", "计量测试", "动力", "结构强度", "软件评测"])
        name = f"{gshort}{topic}研究所"
        short = rng.choice([f"{brand}{topic}所", "研究所"]) if len(topic) <= 3 else f"{topic}所"
        head, deputy, domain, selfref = "党委书记、所长", "党委副书记、副所长", "research", ["研究所", "该所", short]
        subs = ["各研究室", "所属各党支部", "各专业室"]
    elif kind == "listed":
        tail = rng.choice(["科技", "股份", "智能", "装备", "信息"])
        name, short = f"{brand}{tail}股份有限公司", f"{brand}{tail}"
        selfref = ["公司", short]
    elif kind == "branch_co":
        name, short = f"{parent.name}{city}分公司", f"{brand}{city}分公司"
        head, deputy = "党委书记、总经理", "党委副书记、副总经理"
    elif kind == "regional":
        name, short = f"{brand}{region}{sector}有限公司", f"{brand}{region}公司"
    elif kind == "group_named":  # a subsidiary whose name contains 集团: level is still subsidiary
        name = f"{gshort}{city}{sector}有限公司"
        short = f"{city}公司"
    elif kind == "bureau":
        n = _cn_ordinal(rng, 9)
        name, short = f"{brand}第{n}工程局有限公司", f"{brand}{n}局"
        domain = "project"
        subs = ["各项目部", "所属各单位", "各分公司", "项目党支部"]
    elif kind == "hospital":
        name, short = f"{gshort}总医院", f"{brand}总医院"
        head, deputy, domain, selfref = "党委书记", "党委副书记、院长", "hospital", ["医院", "该院"]
        subs = ["各临床科室党支部", "各党支部", "各科室"]
    else:  # a university under a central ministry
        ministry = rng.choice(["教育部", "工业和信息化部", "交通运输部", "国家民委"])
        name = f"{city}{rng.choice(['理工', '科技', '师范', '工业', '交通', '民族'])}大学"
        short = name
        head, deputy, domain, selfref = "党委书记", "党委副书记、校长", "university", ["学校", "该校", name]
        subs = ["各二级党组织", "各学院党委", "师生党支部"]
        parent = Org("central", ministry, ministry, f"{ministry}党组", "党组", "", "", [], [], [], [], "", "", "", [])
    parent_name = parent.short if parent.level == "group" else parent.name
    return Org(
        "subsidiary", name, short, f"{short}党委", "党委", head, deputy,
        ["党委委员、副总经理", "纪委书记", "党委委员、总会计师", "工会主席"], subs,
        ["广大党员职工", "党员干部", "干部职工"], selfref, rng.choice(["全公司", "全院", "全单位"]) if kind != "university" else "全校",
        domain, f"在{city}" if kind in {"branch_co", "group_named"} else rng.choice(["", "在本部"]),
        [f"{short}官网", f"{parent_name}官网", f"{parent_name}", "企业党建网"], parent_name, kind,
        {"brand": brand, "city": city, "gparent": parent.name},
    )  # fmt: skip


# --- branch ----------------------------------------------------------------------------------------

_HOSPITAL_DEPTS = [
    "心内科",
    "急诊科",
    "护理部",
    "儿科",
    "药学部",
    "肿瘤科",
    "呼吸与危重症医学科",
    "康复医学科",
    "放射科",
]
_COLLEGES = [
    "机械工程",
    "材料科学与工程",
    "计算机",
    "化学化工",
    "马克思主义",
    "经济管理",
    "土木工程",
    "外国语",
    "生命科学",
]


def branch(rng: random.Random) -> Org:
    kind = rng.choice(
        ["lab", "lab", "workshop", "project", "hospital", "university", "village", "community", "office", "bank"]
    )
    domain = {
        "lab": "research", "workshop": "production", "project": "project", "hospital": "hospital", "university": "university",
        "village": "village", "community": "community", "office": "office", "bank": "service",
    }[kind]  # fmt: skip
    body = "党支部"
    head = "党支部书记"
    selfref = ["党支部", "支部", "该支部"]
    subs = ["各党小组"]
    members = ["支部党员", "全体党员", "党员"]
    unit = ""
    if kind == "lab":
        sub = subsidiary(rng, ["academy", "institute"])
        unit = sub.short
        dept = rng.choice(
            [
                f"第{_cn_ordinal(rng, 9)}研究室",
                f"总体设计部{_cn_ordinal(rng, 6)}室",
                f"{rng.choice(['测控', '材料', '软件', '控制'])}实验室",
            ]
        )
        name = f"{unit}{dept}党支部"
        short = f"{dept}党支部"
    elif kind == "workshop":
        sub = subsidiary(rng, ["listed", "regional", "group_named", "branch_co"])
        unit = sub.short
        dept = rng.choice(
            [
                "总装车间",
                "机加车间",
                "运维检修班",
                "热处理车间",
                "调度中心",
                "质检中心",
                f"第{_cn_ordinal(rng, 5)}生产车间",
            ]
        )
        name, short = f"{unit}{dept}党支部", f"{dept}党支部"
    elif kind == "project":
        sub = subsidiary(rng, ["bureau", "regional", "group_named"])
        unit = sub.short
        dept = f"{place_name(rng)}{rng.choice(['大桥', '隧道', '水厂', '高速公路', '枢纽'])}项目部"
        name, short = f"{unit}{dept}党支部", f"{dept}党支部"
    elif kind == "hospital":
        unit = f"{place_name(rng)}市{rng.choice(['人民医院', '中心医院', '第一人民医院'])}"
        dept = rng.choice(_HOSPITAL_DEPTS)
        name, short = f"{unit}{dept}党支部", f"{dept}党支部"
    elif kind == "university":
        unit = f"{place_name(rng)}{rng.choice(['理工', '科技', '师范', '工业'])}大学"
        college = rng.choice(_COLLEGES)
        tail = rng.choice(
            [
                f"研究生第{_cn_ordinal(rng, 6)}党支部",
                "本科生党支部",
                "教工第一党支部",
                f"博士生{_cn_ordinal(rng, 3)}党支部",
            ]
        )
        name, short = f"{unit}{college}学院{tail}", tail
    elif kind == "village":
        county, town = place_name(rng), place_name(rng)
        village = rng.choice(_P1) + rng.choice(_VILLAGE2)
        unit = f"{county}县{town}镇"
        body = rng.choice(["村党委", "村党支部", "村党总支"])
        name = f"{unit}{village}村{body[1:]}"
        short = f"{village}村{body[1:]}"
        head = f"{body}书记、村委会主任"
        selfref = [f"{village}村{body[1:]}", "村党组织", f"{village}村"]
        subs = ["各党小组", "村民小组", "党员中心户"]
        members = ["村党员", "党员群众", "村民"]
    elif kind == "community":
        city, district = place_name(rng), place_name(rng)
        street, comm = rng.choice(_STREETS), rng.choice(_COMMUNITIES)
        unit = f"{city}市{district}区{street}街道"
        name, short = f"{unit}{comm}社区党委", f"{comm}社区党委"
        body = "社区党委"
        head = "社区党委书记、居委会主任"
        selfref = ["社区党委", f"{comm}社区", "社区"]
        subs = ["各网格党支部", "楼栋党小组", "小区党支部"]
        members = ["社区党员", "居民群众", "在职党员"]
    elif kind == "office":
        parent = rng.choice([central, group, subsidiary])(rng)
        unit = parent.short
        if rng.random() < 0.4:
            name, short, body = f"{unit}机关党总支", "机关党总支", "党总支"
            head, selfref = "党总支书记", ["党总支", "机关党总支"]
            subs = ["所属各支部", "各支部"]
        else:
            dept = rng.choice(
                [
                    f"机关第{_cn_ordinal(rng, 8)}党支部",
                    "办公室党支部",
                    "人力资源部党支部",
                    "财务部党支部",
                    "政策法规司党支部",
                ]
            )
            name, short = f"{unit}{dept}", dept
    else:
        bank = group(rng, sector=("金融", "service"))
        unit = f"{bank.extra['brand']}银行{place_name(rng)}分行"
        dept = rng.choice([f"{place_name(rng)}支行", "营业部", "普惠金融部", "个人金融部"])
        name, short = f"{unit}{dept}党支部", f"{dept}党支部"
    extra = {"work": ["金融服务", "客户服务", "普惠金融"]} if kind == "bank" else {}
    return Org(
        "branch", name, short, short, body, head, rng.choice(["支部副书记", "组织委员", "宣传委员"]) if body == "党支部" else "副书记",
        ["组织委员", "宣传委员", "纪检委员"], subs, members, selfref, "全支部" if body == "党支部" else "全体党员",
        domain, "", [f"{unit}官网", f"{unit}", "共产党员网", "人民网"], unit, kind, extra,
    )  # fmt: skip


# --- local -----------------------------------------------------------------------------------------


def local(rng: random.Random) -> Org:
    prov = rng.choice(PROVINCES)
    city = place_name(rng)
    kind = rng.choice(
        ["province", "city", "county", "county", "district", "sasac", "township", "street", "soe", "soe", "soe", "bureau", "hospital", "college"]
    )  # fmt: skip
    place = f"在{city}"
    domain = "government"
    selfref: list[str]
    if kind == "province":
        name, short, body, head, deputy = f"中共{prov}省委", f"{prov}省委", "省委", "省委书记", "省委副书记、省长"
        subs, selfref, scope, place = (
            ["各市州", "省直各单位", "省属企业"],
            ["全省", f"{prov}省", "省委"],
            "全省",
            f"在{prov}",
        )
    elif kind == "city":
        name, short, body, head, deputy = f"中共{city}市委", f"{city}市委", "市委", "市委书记", "市委副书记、市长"
        subs, selfref, scope = ["各区县", "市直各部门", "市属国有企业"], ["全市", f"{city}市", "市委"], "全市"
    elif kind == "county":
        name, short, body, head, deputy = f"中共{city}县委", f"{city}县委", "县委", "县委书记", "县委副书记、县长"
        subs, selfref, scope = ["各乡镇", "县直各单位", "各村（社区）"], ["全县", f"{city}县", "县委"], "全县"
    elif kind == "district":
        name, short, body, head, deputy = f"中共{city}区委", f"{city}区委", "区委", "区委书记", "区委副书记、区长"
        subs, selfref, scope = ["各街道", "区直各部门", "各社区"], ["全区", f"{city}区", "区委"], "全区"
    elif kind == "sasac":
        level_word = rng.choice(["市", "区"])
        name, short, body = f"{city}{level_word}国资委", f"{city}{level_word}国资委", "党委"
        head, deputy = f"{level_word}国资委党委书记、主任", f"{level_word}国资委党委委员、副主任"
        subs, selfref, scope = (
            [f"{level_word}属国有企业", "监管企业", "各出资企业"],
            [short, "国资委"],
            f"{level_word}属国企系统",
        )
        domain = "office"
    elif kind == "township":
        name, short, body, head, deputy = (
            f"{city}县{place_name(rng)}镇党委",
            "镇党委",
            "镇党委",
            "镇党委书记",
            "镇党委副书记、镇长",
        )
        short = name[len(city) + 1 :]
        subs, selfref, scope = ["各村党组织", "镇直各单位", "各村"], ["全镇", short, "镇党委"], "全镇"
    elif kind == "street":
        street = rng.choice(_STREETS)
        name, short, body, head, deputy = (
            f"{city}市{street}街道党工委",
            f"{street}街道",
            "党工委",
            "街道党工委书记",
            "街道办事处主任",
        )
        subs, selfref, scope = ["各社区党组织", "辖区单位", "各社区"], [f"{street}街道", "街道党工委"], "全街道"
    elif kind == "soe":  # a local state-owned enterprise: its name says 集团, its level is local
        trade = rng.choice(
            ["城市建设投资", "交通投资", "水务", "文化旅游投资", "高新技术产业投资", "国有资本运营", "产业发展"]
        )
        name = f"{city}{trade}集团有限公司"
        short = f"{city}{_SOE_SHORT.get(trade, trade)}集团"
        body, head, deputy = "党委", "党委书记、董事长", "党委副书记、总经理"
        subs, selfref, scope = ["各子公司", "所属企业", "各部门"], ["集团", short, "集团党委"], "全集团"
        domain = "project" if trade in {"城市建设投资", "交通投资", "水务"} else "service"
        parent = f"{city}市国资委"
        return Org(
            "local", name, short, f"{short}党委", body, head, deputy, ["党委委员、副总经理", "纪委书记"], subs,
            ["干部职工", "党员职工", "全体党员"], selfref, scope, domain, place, [f"{short}", f"{city}日报", f"{city}市国资委"],
            parent, kind, {"city": city},
        )  # fmt: skip
    elif kind == "bureau":
        bureau, bureau_short = rng.choice(_BUREAUS)
        name, short, body = f"{city}市{bureau}", f"{city}市{bureau_short}", "党组"
        head, deputy = "党组书记、局长", "党组成员、副局长"
        subs, selfref, scope, domain = ["局属各单位", "机关各科室", "系统各单位"], [short, "该局"], "全系统", "office"
    elif kind == "hospital":
        name, short, body, head, deputy = (
            f"{city}市人民医院",
            f"{city}市人民医院",
            "党委",
            "党委书记",
            "党委副书记、院长",
        )
        subs, selfref, scope, domain = ["各党支部", "各临床科室"], ["医院", "该院"], "全院", "hospital"
    else:
        name = f"{prov}{rng.choice(['城市', '职业技术', '工程', '农林'])}学院"
        short, body, head, deputy = name, "党委", "党委书记", "党委副书记、院长"
        subs, selfref, scope, domain = ["各二级学院党组织", "师生党支部"], ["学院", "学校"], "全校", "university"
        place = ""
    return Org(
        "local", name, short, short if body in short else f"{short}{body}", body, head, deputy,
        ["副书记", "常委、组织部部长", "党委委员"] if kind in {"province", "city", "county", "district"} else ["党委委员", "副职领导"],
        subs, ["党员干部", "广大党员", "干部群众"], selfref, scope, domain, place,
        [f"{city}日报", f"{short}", f"{prov}新闻网", f"{city}新闻网"], f"{prov}省委" if kind != "province" else "党中央", kind,
        {"city": city, "prov": prov},
    )  # fmt: skip


BUILDERS = {"central": central, "group": group, "subsidiary": subsidiary, "branch": branch, "local": local}


def make_org(rng: random.Random, level: str, type_: str = "") -> Org:
    """An organisation of ``level`` for a report of ``type_`` (leading groups only convene summary meetings)."""
    if level == "central":
        return central(rng, leading_groups=type_ in {"", "summary_meeting"})
    return BUILDERS[level](rng)
