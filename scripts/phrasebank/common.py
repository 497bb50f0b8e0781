"""Phrases every genre draws on: dates, who attends and who is reviewed at each level, what units of
each domain do, and general party-building sentences shared across types (so that no single phrase
gives a type away)."""

from __future__ import annotations

import datetime as dt
import random

from phrasebank.campaigns import Campaign
from phrasebank.core import dealer
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

# --- domains: what a unit's work is, what goes wrong, what its party work does ----------------------

DOMAINS: dict[str, dict[str, list[str]]] = {
    "research": {
        "work": ["型号研制", "关键技术攻关", "重大专项", "预先研究项目", "试验任务", "产品定型"],
        "people": ["科研人员", "青年骨干", "设计师队伍"],
        "issue": [
            "科研任务重、节点紧，党员[分散在多个项目组|经常在外场试验]，组织生活难以集中开展",
            "青年科研人员比例高，[思想活跃但|业务能力强但]对党建工作的参与感不强",
            "党建工作和科研生产“两张皮”，支部活动常常给业务让路",
        ],
        "action": [
            "把党小组建在项目团队上，由项目负责人中的党员担任党小组长",
            "组建党员攻关突击队，在[关键节点|重大试验]前立下军令状",
            "设立党员技术攻关岗，每年公开认领难题",
            "开设“技术微讲堂”，由党员骨干轮流讲解专业难点",
            "在外场试验队设立临时党支部，把组织生活开到试验现场",
            "推行“一名老党员带一名青年”的导师制",
        ],
        "result": [
            "完成关键技术攻关{3-20}项",
            "[支撑|保障]{2-9}个型号顺利通过节点考核",
            "申请发明专利{5-60}项",
            "一批青年骨干走上[主任设计师|项目负责人]岗位",
        ],
    },
    "production": {
        "work": ["安全生产", "设备检修", "质量提升", "节能降耗", "生产任务"],
        "people": ["一线职工", "班组长", "技术工人"],
        "issue": [
            "一线班组倒班运行，党员学习时间零碎，集中学习难以保证",
            "生产任务重，部分党员认为党建是“软任务”",
            "老党员临近退休、青年职工入党意愿不强，队伍结构面临断档",
        ],
        "action": [
            "在[关键岗位|重点工序]设立党员示范岗，实行挂牌上岗",
            "划分党员安全责任区，每名党员包保{2-6}台重点设备",
            "开展“[比安全、比质量、比效率|技能比武]”劳动竞赛",
            "利用班前会开展“[五分钟微学习|一日一题]”",
            "组建质量攻关小组，[由党员牵头|党员带头]解决生产难题",
            "把党员积分和技能等级评定挂钩",
        ],
        "result": [
            "连续{2-8}年实现安全生产无事故",
            "产品一次交检合格率提升到{95-99}%",
            "年节约成本{50-900}万元",
            "[培养|带出]技能骨干{5-40}名",
        ],
    },
    "project": {
        "work": ["工程建设", "施工进度", "质量安全", "项目履约"],
        "people": ["项目管理人员", "施工人员", "劳务人员"],
        "issue": [
            "项目点多线长、人员流动频繁，党员管理难度大",
            "项目地处偏远，[职工长期远离家庭|生活条件艰苦]，队伍稳定面临考验",
            "参建单位多，协调难度大，[工期|节点]压力突出",
        ],
        "action": [
            "把支部建在项目上，[与业主、监理单位开展联建共建|实行党建与生产“双推进”]",
            "组建党员先锋队攻坚关键节点",
            "设立“党员先锋岗”和“党员责任区”，把重点工序交给党员把关",
            "建设职工书屋和文体活动室，[关心|改善]一线职工生活",
            "每周召开一次“党建+生产”调度会",
        ],
        "result": [
            "[提前|按期]{10-90}天完成[主体结构|关键节点]施工",
            "项目获评[省级优质工程|安全文明标准化工地]",
            "实现“零事故、零投诉”",
            "业主满意度达到{95-100}%",
        ],
    },
    "service": {
        "work": ["客户服务", "金融服务", "物流保障", "营销拓展"],
        "people": ["客户", "小微企业", "服务对象"],
        "issue": [
            "网点分散、人员流动大，党员教育管理[不够经常|难以覆盖]",
            "服务对象需求越来越多样，传统服务方式跟不上",
            "业务考核压力大，党建工作容易被边缘化",
        ],
        "action": [
            "设立党员服务窗口和党员先锋岗",
            "组织党员走进园区和社区开展上门服务",
            "开展“[党建+服务|红色服务日]”活动，把服务送到客户身边",
            "与[社区|园区|村]党组织开展结对共建",
            "每月评选“服务之星”，[让先进有荣誉|亮出党员身份]",
        ],
        "result": [
            "客户满意度提升到{92-99}%",
            "服务[小微企业|客户]{100-5000}户",
            "[业务规模|营业收入]同比增长{5-40}%",
            "收到[表扬信|锦旗]{10-90}件",
        ],
    },
    "hospital": {
        "work": ["医疗服务", "学科建设", "患者就医体验", "公共卫生"],
        "people": ["患者", "医护人员", "群众"],
        "issue": [
            "医疗任务繁重，医护人员轮班多，[组织生活常常凑不齐人|集中学习时间难找]",
            "党建与业务结合不紧，党员的先锋作用在诊疗一线体现不够",
            "[群众看病难|患者等候时间长]问题仍然存在",
        ],
        "action": [
            "组建党员医疗服务队，定期下乡开展义诊",
            "设立党员先锋示范岗，由党员医生牵头疑难病例会诊",
            "推行[预约诊疗|一站式服务]，优化就诊流程",
            "与社区卫生服务中心结对，开展慢病随访",
            "把医德医风教育纳入支部“三会一课”",
        ],
        "result": [
            "患者满意度提升到{90-99}%",
            "开展义诊{10-90}场、服务群众{500-9000}人次",
            "[平均住院日|患者等候时间]明显缩短",
            "支部[党员|骨干]获评“[优秀医师|最美护士]”{2-9}人次",
        ],
    },
    "university": {
        "work": ["人才培养", "科研育人", "学生服务", "志愿服务"],
        "people": ["学生", "青年教师", "研究生"],
        "issue": [
            "学生党员分散在不同实验室和课题组，[集中活动难|组织生活形式单一]",
            "部分学生党员入党后[放松|缺少]自我要求，先锋作用不明显",
            "支部活动与学业科研结合不紧，吸引力不强",
        ],
        "action": [
            "实行“党员+课题组”联系制度，每名党员联系{2-5}名同学",
            "开展朋辈辅导和学业帮扶",
            "组建党员志愿服务队，常态化开展[社区服务|支教|科普]",
            "把组织生活和学术沙龙结合起来",
            "建立党员成长档案，实行积分管理",
        ],
        "result": [
            "支部党员获得各类奖学金{5-40}人次",
            "开展志愿服务{20-300}次",
            "[发表论文|获得竞赛奖项]{5-60}项",
            "[毕业生|党员]中有{3-30}人选择到基层和西部就业",
        ],
    },
    "village": {
        "work": ["村集体经济", "产业发展", "人居环境整治", "乡风文明", "基层治理"],
        "people": ["村民", "脱贫户", "留守老人"],
        "issue": [
            "村集体经济薄弱，年轻人外出务工多，党员队伍老化",
            "村里产业单一，群众增收渠道窄",
            "[村容村貌|矛盾纠纷]问题多，群众意见大",
        ],
        "action": [
            "[成立|领办]村级合作社，带动村民发展[特色种植|林下养殖|乡村旅游]",
            "推行党员联系户制度，每名党员联系{5-15}户群众",
            "设立“党员积分超市”，用积分激励党员参与村务",
            "召开村民议事会，重大事项[由村民商量着办|先议后办]",
            "组织党员带头拆除乱搭乱建、清理房前屋后",
            "建立“红白理事会”，[推动移风易俗|遏制大操大办]",
        ],
        "result": [
            "村集体经济收入由{5-20}万元增加到{30-160}万元",
            "带动{30-400}户村民增收",
            "村里再没发生越级上访",
            "获评[省级美丽乡村|市级文明村|乡村治理示范村]",
        ],
    },
    "community": {
        "work": ["网格化治理", "老旧小区改造", "为老服务", "居民服务"],
        "people": ["居民", "老年人", "流动人口"],
        "issue": [
            "辖区老旧小区多、[无物业小区多|老年人比例高]，居民诉求多样",
            "社区工作人员少，服务[覆盖不到位|跟不上]",
            "在职党员到社区报到后[作用发挥不充分|参与活动少]",
        ],
        "action": [
            "把党支部建在网格上，让网格员、楼栋长、党员志愿者“三员联动”",
            "开设“[红色议事厅|居民说事点]”，[每月|每周]收集居民意见",
            "组织在职党员认领[服务岗位|微心愿]",
            "建设社区食堂和老年活动中心",
            "联合物业和业委会推进小区[加装电梯|停车改造|管网改造]",
        ],
        "result": [
            "办结居民诉求{50-900}件",
            "[完成|推动]{2-20}个老旧小区改造",
            "居民满意度达到{90-99}%",
            "社区获评“[全国示范社区|市级和谐社区]”",
        ],
    },
    "office": {
        "work": ["服务基层", "政策研究", "机关建设", "业务工作"],
        "people": ["基层单位", "服务对象", "机关干部"],
        "issue": [
            "机关工作事务性强，党建与业务融合不深，学习容易流于形式",
            "部分干部[服务意识不强|深入基层少]",
            "[文山会海|检查考核过多]问题在基层仍有反映",
        ],
        "action": [
            "推行“[支部+处室|党建+业务]”工作机制",
            "[定期|每季度]组织党员到基层蹲点调研",
            "开展“[服务基层|岗位建功]”主题实践",
            "精简文件会议，推行“马上办、网上办”",
            "把[业务骨干|年轻干部]放到急难险重岗位锻炼",
        ],
        "result": [
            "形成调研报告{3-20}篇",
            "为基层解决实际问题{10-120}个",
            "[文件|会议]数量同比压减{10-40}%",
            "[机关作风|服务质量]评议满意度[明显提升|达到{90-99}%]",
        ],
    },
    "government": {
        "work": ["民生实事", "重点项目", "基层治理", "营商环境"],
        "people": ["群众", "企业", "基层干部"],
        "issue": [
            "[群众办事|企业开办]环节多、时间长",
            "基层治理任务重，[力量不足|手段单一]",
            "部分干部[担当意识不强|能力跟不上]",
        ],
        "action": [
            "[推行|深化]“一网通办”和“最多跑一次”改革",
            "建立领导干部联系重点项目和企业制度",
            "开展干部[大走访|下基层]活动",
            "推动[资源|力量]向基层倾斜",
        ],
        "result": [
            "办结民生实事{10-90}件",
            "新开工重点项目{5-60}个",
            "企业开办时间压缩到{1-3}个工作日",
            "群众满意度明显提升",
        ],
    },
}


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
