"""local_campaign: how an organisation carries out a campaign or thematic activity.

Shapes: an ongoing-campaign round-up (自…开展以来, sections that make the campaign 热起来/活起来/实起来),
a list of measures (多措并举), a launch and mobilisation meeting, a single 主题党日 activity, a
专题组织生活会 / 民主生活会 held within a campaign, a practical-service round-up and a short brief. The
confusers live here: launch meetings have 会议强调 and 一要…二要…, life meetings have 点评, and some reports
mention 总结 or 述职 in passing.
"""

from __future__ import annotations

import random

from phrasebank.branch_case import STORIES
from phrasebank.campaigns import Campaign
from phrasebank.common import base_ctx, cn_date, day_in, domain, elaborate, subunits
from phrasebank.core import (
    Draft,
    chance,
    cn,
    dealer,
    fill,
    grow,
    once,
    ordered_picks,
    ordinal_list,
    pick,
    picks,
    target_length,
)
from phrasebank.orgs import Org, place_name

# --- titles ----------------------------------------------------------------------------------------

TITLES = {
    "ongoing": [
        "{short}扎实开展{camp}",
        "{short}：让{camp_s}“[热|活|实]起来”",
        "{short}推动{camp}走深走实",
        "{short}{camp}[见行见效|有声有色|蹄疾步稳]",
        "[凝心聚力|守正创新|学用结合]推进{camp_s}——{short}{camp}工作综述",
        "{org}[扎实推进|高质量推进]{camp}",
    ],
    "measures": [
        "{short}多措并举推进{camp}",
        "{short}“{n}个[着力|聚焦|坚持]”推动{camp_s}落地见效",
        "{short}[打出|用好]“组合拳”推进{camp}",
        "{short}[抓实|做实]{camp}[各项工作|重点任务]",
    ],
    "launch": [
        "{short}召开{camp}动员部署会",
        "{org}召开{camp}[动员大会|启动会|工作会议]",
        "{short}[动员部署|全面启动]{camp}",
        "{short}{camp}[动员部署会议|启动仪式]召开",
    ],
    "theme_day": [
        "{short}开展“{theme}”主题党日活动",
        "{short}[组织党员|赴{site}]开展主题党日活动",
        "{theme}——{short}开展主题党日活动",
        "{org}[走进|来到]{site}开展主题党日",
    ],
    "life_meeting": [
        "{short}召开{camp}专题{life}",
        "{short}[高质量|认真]召开{camp_s}专题{life}",
        "[红脸出汗|坦诚相见|直面问题]——{short}召开专题{life}",
    ],
    "service": [
        "{short}“我为群众办实事”[清单|项目]落地见效",
        "{short}：{n}件实事[暖民心|解民忧|办到群众心坎上]",
        "{short}把实事办到[群众|职工]心坎上",
    ],
}

# --- shared pieces ---------------------------------------------------------------------------------

SINCE = [
    "自{camp}开展以来",
    "{camp}开展以来",
    "[今年以来|{year}年以来]",
    "[按照|根据]上级[统一部署|工作安排]",
]
OPENINGS = [
    "{since}，{party}[坚持高标准谋划、高质量推进|把{camp_s}作为[重要政治任务|全年重点工作]来抓]，[紧扣|围绕]“{aim}”，[精心组织|周密部署]，[推动|确保]{camp_s}[开好局、起好步|取得阶段性成效]。",
    "{since}，{short}[坚持|注重][规定动作抓到位、自选动作有特色|统筹推进、分类施策]，[把|将]{camp_s}[与|同]{work}[紧密结合|一体推进]，[各项工作|各项任务]有序推进。",
    "[为|为了]{aim_v}，{since}，{short}[结合实际|立足自身特点]，[推出|采取]一系列[务实|有力]举措，[推动|让]{camp_s}[落地见效|走深走实]。",
]
AIM_V = ["[推动|确保]{camp}取得实效", "把{camp_s}各项任务落到实处", "[高标准|高质量]完成{camp_s}各项任务"]

SECTION_PHRASES = [
    "高位推动、周密部署", "领导带头、示范引领", "创新载体、丰富形式", "聚焦民生、真抓实干", "压实责任、强化督导",
    "学用结合、知行相促", "广泛宣传、营造氛围", "精准施策、分类指导", "问题导向、立行立改", "上下联动、全员参与",
]  # fmt: skip
SECTION_TAILS = [
    "让{camp_s}“{x}起来”",
    "推动{camp_s}[走深走实|落地生根|见行见效]",
    "[确保|力促]{camp_s}[有声势|有特色|有实效]",
]
HOT = ["热", "活", "实", "动", "强", "亮"]

# role -> (first paragraphs, follow-up paragraphs)
BODIES: dict[str, tuple[list[str], list[str]]] = {
    "mobilise": (
        [
            "{camp}启动后，{party}[第一时间|迅速]召开[动员部署会|专题会议]，[制定|印发]《关于开展{camp}的实施方案》，[成立|组建]由{head_t}任组长的领导小组，[明确|细化]{3-20}项重点任务和责任分工。",
            "{party}[把{camp_s}摆上重要议事日程|多次召开专题会议研究{camp_s}]，[建立|实行]“[周调度、月通报|清单化推进、台账式管理]”工作机制，[领导班子成员|班子成员]分片[包干|联系]{subs}，[确保|推动]各项任务[落实到位|不打折扣]。",
        ],
        [
            "[为确保|为了确保]{camp_s}[不走过场|取得实效]，{party}[还|]组建{2-8}个[巡回指导组|督导组]，[采取|通过][随机抽查|列席会议|个别访谈]等方式[加强督促指导|跟踪问效]，[累计|共]发现并推动整改问题{10-90}个。",
            "[各级党组织|{subs}][对照|按照]实施方案[逐项|逐条][细化|分解]任务，[形成|建立]“[一单位一清单|一月一主题]”[的推进机制|工作台账]，[做到|确保]任务明确、责任到人。",
        ],
    ),
    "lead": (
        [
            "[领导班子成员|班子成员|领导干部]带头[学在前、做在前|深入联系点]，[讲授专题党课|开展蹲点调研]{3-30}次，[以|用]“关键少数”带动“绝大多数”。",
            "{head_t}{leader}[带头|率先][讲专题党课|到基层调研]，[其他班子成员|班子成员][到联系点|分赴基层][开展调研|讲授党课]，[形成了一级带一级、层层抓落实的工作格局|为{members}作出示范]。",
        ],
        [
            "[班子成员|领导干部]还[结合分管领域|围绕重点难点问题][确定|领题开展]调研课题{3-20}个，[深入|走进]{subs}[开展调研|蹲点]，[形成|撰写]调研报告{3-20}篇，[提出|推动落实]对策建议{10-60}条。",
            "[在|围绕]{work}[这个重点|等重点工作]上，[班子成员|领导干部][带头领办|牵头负责]{3-15}个[难点项目|重点课题]，[实行|推行]“[一个项目、一名领导、一抓到底|挂图作战、对账销号]”。",
        ],
    ),
    "activity": (
        [
            "{short}[坚持|注重][线上与线下结合|集中学习与个人自学结合]，{measure}；{measure2}；{measure3}。",
            "[在学习形式上|围绕增强吸引力]，{short}[探索|推出]了[一系列|多种]新办法：{measure}，{measure2}。[{members}|党员群众][参与热情高涨|普遍反映“学得进、记得住”]。",
            "{measure}。[同时|此外]，{measure2}，[推动{camp_s}往深里走、往实里走|让{camp_s}更接地气]。",
        ],
        [
            "[针对|考虑到]{folk}[工作时间分散|倒班多|分布点多面广]的特点，{short}[推出|开发]“[线上课堂|口袋书|微课程]”，[让|使]大家[随时随地能学|利用碎片时间学]，[上线|推送]学习内容{20-300}期，[浏览量|点击量]超过{1-90}万人次。",
            "[各级党组织|{subs}]也[结合实际|因地制宜][创新|丰富]形式，[开展|组织]了[读书分享会|知识竞赛|情景党课|实地研学]等活动{20-400}场，[做到|实现][党员全覆盖|全员参与]。",
        ],
    ),
    "program": (
        [
            "[在推进过程中|推进中]，{short}[坚持|注重][点面结合|统筹推进]：{measure}；{measure2}；{measure3}。",
            "{short}[把|将]{camp_s}[细化为|分解成]{4-20}项具体任务，{measure}，{measure2}，[做到|实现]任务到岗、责任到人。",
            "{measure}。[与此同时|同时]，{measure2}，[推动|确保]{camp_s}[各项措施落地|见到实效]。",
        ],
        [
            "[在|面对]{hard}[的关键时刻|时]，[党员|党员干部][主动请缨|冲在一线]，[组建|成立]党员突击队{2-30}支，[连续奋战|坚守岗位]{3-60}天，[确保了|保障了]{camp_s}[任务按期完成|不断档、不松劲]。",
            "[为了|为]压实责任，{short}[实行|建立]“[日报告、周调度、月通报|一周一调度、一月一督查]”机制，[对|将]进展[滞后|缓慢]的[单位|事项][挂牌督办|列入重点督办]，[先后|共]开展[督查|检查]{5-60}次。",
        ],
    ),
    "publicity": (
        [
            "[利用|依托][官方网站|微信公众号|宣传栏|内部简报]开设{camp_s}[专栏|专题]，[刊发|推送]稿件{20-300}篇，[选树|宣传]先进典型{3-40}个，[营造了比学赶超的浓厚氛围|让身边人讲身边事]。",
            "[通过|借助][宣讲团|微视频|知识竞赛|主题展览]等[群众喜闻乐见的|多种]形式，[广泛宣传{camp_s}的意义和要求|把{camp_s}的声音传到一线]，[累计|共]开展宣讲{10-200}场。",
        ],
        [
            "[组建|成立]由[劳模|老党员|青年骨干]组成的宣讲团，[深入|走进]{subs}[开展|进行][互动式|面对面]宣讲{10-200}场，[覆盖|受众]{500-30000}人次。",
            "[各单位|{subs}]还[结合自身特点|因地制宜]制作了[短视频|展板|宣传册]，[讲述|展示][身边党员|一线职工]的[奋斗故事|先进事迹]，[在|被]上级[媒体|平台][刊用|转发]{3-40}篇。",
        ],
    ),
    "practice": (
        [
            "[坚持|把]{camp_s}[与解决实际问题结合起来|同推动{work}结合起来]，[梳理|形成][问题清单|任务清单]{tot}项，[逐项明确|明确]责任人和时限，[目前已完成|已办结]{done}项。",
            "[聚焦|围绕]{folk}[急难愁盼|反映集中的问题]，{short}[组织|推动]{action}，{dresult}。",
            "[针对|对于]{folk}[反映强烈|关心关注]的[问题|难题]，{short}[实行|建立]“[接诉即办|马上就办]”机制，[已|累计]解决{10-300}件，[群众满意率|满意率]达到{90-100}%。",
        ],
        ["{story}", "[在此基础上|此外]，{short}还{action}，{dresult}。"],
    ),
}
EXAMPLES = [
    "[在|]{subunit}，[党员|党员干部]{action}，{dresult}。",
    "{subunit}[结合|立足]{work}，[推出|开展]“{brand}”[活动|行动]，[把{camp_s}要求落到具体岗位上|让党员在岗位上亮身份、作表率]，{dresult}。",
    "[走进|来到]{subunit}，[随处可见|能感受到]{camp_s}带来的变化：{dresult}，[{folk}|大家][纷纷点赞|说“实在”]。",
]
QUOTES = [
    "以前觉得学习是任务，现在觉得是需要", "实事办没办好，群众心里有杆秤", "把问题一件件解决掉，比说什么都强", "学了就要用，用了才有效",
    "党员就要在关键时候站出来", "群众的事再小也是大事",
]  # fmt: skip
EXTRAS = [
    "[据介绍|据了解|总体来看]，{general}，{general}。",
    "[各级党组织|{subs}][结合|立足][实际|自身特点]，[开展|推出][各具特色的|丰富多彩的]活动：{subunit}[组织|开展]“{brand}”[活动|行动]，{subunit}[推出|创新]“[周末课堂|流动课堂|夜校]”，[参与|覆盖]{members}{100-5000}人次。",
    "[记者|笔者]在{subunit}看到，[宣传栏里|墙上]贴着[“{brand}”任务清单|党员承诺书]，[每项任务|每名党员]都[标明了|写明了][完成时限|责任人]，[完成一项|办结一件][就销号一项|标注一件]。",
    "“{quote}。”{subunit}[一名|的]党员{p4}[说|这样说]。[在他看来|他告诉记者]，{camp_s}[让|使]大家[找到了差距|看到了方向]，[干劲更足了|心里更亮堂了]。",
    "[为了|为]检验{camp_s}成效，{short}[组织|开展]了[“回头看”|群众满意度测评|专项督查]，[覆盖|走访]{subs}，[发现并整改|推动解决]问题{5-60}个，[群众满意率|满意度]达{90-100}%。",
    "{head_t}{leader}[表示|说]，{camp_s}[要|必须][防止|避免][“一阵风”|走过场]，[既要|要][抓好|抓实]当前[各项任务|重点工作]，[又要|也要][着眼长远|建立长效机制]，[让|把]{camp_s}成果[体现在|落到]{work}上。",
    "{story}",
]
LAUNCH_EXTRAS = [
    "[会议|会上]还[对|就]{camp_s}[各阶段任务|时间节点][作了安排|进行了明确]：[第一阶段|前期]重点[抓好|开展][学习动员|集中学习]，[第二阶段|随后][转入|进行][检视整改|实践活动]，[第三阶段|最后][开展|做好]总结评估。",
    "{guest}[在讲话中|]对{short}[前期准备工作|动员部署][给予肯定|表示认可]，[希望|要求]{short}[高标准|从严从实][抓好|推进]{camp_s}，[确保|推动]{camp_s}[取得实效|开好局]。",
    "[会上|会议][印发|下发]了{camp_s}[学习计划|任务清单|工作指引]，[明确|列出]了{5-20}项[具体任务|重点工作]和[完成时限|责任单位]。",
    "[会前|会议召开前]，{short}[已|][组织|开展]了[专题调研|前期摸底]，[梳理|汇总][突出问题|意见建议]{10-90}条，[为|给]{camp_s}[开好局|有的放矢地开展][做好了准备|打下了基础]。",
]
HARD = ["[汛期|防汛]", "[疫情突发|任务最重]", "[年底冲刺|节点攻坚]", "[迎检|验收]"]

COUNTS = [
    "[截至目前|目前|据统计]，{metrics}。",
    "[数字是最好的注脚|用数字说话]：{metrics}。",
]
NEXT = [
    "[下一步|接下来]，{short}将[认真总结|及时总结][前一阶段|{camp_s}中]的好经验好做法，[持续|进一步][推动|深化]{camp_s}[走深走实|取得更大成效]。",
    "[下一步|今后]，{short}将把{camp_s}开展情况纳入[年度党组织书记抓基层党建述职评议|党建工作考核]内容，[以考促学|压实责任]，[确保|推动]各项任务[落地见效|善始善终]。",
    "[下一步|接下来]，{short}将[聚焦|围绕]{next}，[持续用力|久久为功]，[把{camp_s}成果转化为推动{work}的实际成效|推动各项工作再上新台阶]。",
    "{short}[相关负责人|负责同志]表示，[下一步|今后]将[坚持问题导向|紧盯薄弱环节]，[抓好阶段性小结|做好中期评估]，[推动|确保]{camp_s}[不松劲、不走样|善始善终、善作善成]。",
]

LAUNCH_LEADS = [
    "{date}，{org}召开{camp}动员部署会议，[对|就]{camp_s}[进行动员部署|作出安排]。{head_t}{leader}出席会议并作动员讲话，{host_t}{host}主持会议。",
    "{date}，{short}召开{camp}[动员大会|启动会]，[全面启动|动员部署]{camp_s}。{guest_t}{guest}[到会指导|出席会议]，{head_t}{leader}作动员讲话。",
    "[近日|日前]，{short}[召开|举行]{camp}动员部署会[，标志着{camp_s}全面启动|，对开展{camp_s}作出具体安排]。",
]
LAUNCH_BODY = [
    "会议传达学习了上级关于开展{camp}的[部署要求|通知精神]，[宣读|印发]了《{short}开展{camp}实施方案》。",
    "{leader}指出，开展{camp}是[上级党组织|党中央][作出的重要部署|部署的一项重要任务]，[对于|是]{aim_v}[具有重要意义|的重要举措]。[各级党组织|全体党员干部]要[提高思想认识|把思想和行动统一到部署要求上来]，[以饱满的热情投入|积极参与]到{camp_s}中来。",
    "[会议明确了|实施方案明确了]{camp_s}的[目标任务|主要内容]和[方法步骤|时间安排]，[要求|提出]{subs}[结合实际|在{2-4}周内][制定|细化]具体方案，[明确|建立]责任清单。",
]
LAUNCH_REQS = [
    "[提高站位|统一思想]，[充分认识开展{camp_s}的重要意义|把{camp_s}摆上重要位置]",
    "[突出重点|聚焦主题]，[把规定动作做到位|抓好各项重点任务]",
    "[坚持问题导向|注重实效]，[边学边查边改|防止走过场]",
    "[加强组织领导|压实工作责任]，[形成|确保]一级抓一级的工作格局",
    "[统筹兼顾|学用结合]，[把{camp_s}成效体现到{work}上|防止“两张皮”]",
    "[加强宣传引导|营造浓厚氛围]，[及时总结推广|挖掘宣传]好经验好做法",
]

SITE_THEMES = [
    (["{place}革命烈士纪念馆", "{place}红色教育基地", "{place}革命旧址", "{place}党史陈列馆"],
     ["学党史 悟初心", "重温红色记忆 传承革命精神", "追寻红色足迹 汲取奋进力量", "感悟思想伟力 践行初心使命"]),
    (["{place}廉政教育基地", "{place}警示教育中心"], ["廉洁从业 警钟长鸣", "守纪律 讲规矩", "以案为鉴 筑牢防线"]),
    (["{place}社区党群服务中心", "{place}敬老院"], ["党员进社区 服务暖人心", "我为群众办实事", "志愿服务 党员先行"]),
    (["{place}乡村振兴示范村", "{place}规划展览馆"], ["感悟发展成就 汲取奋进力量", "绿色低碳 党员先行", "看变化 话发展"]),
]  # fmt: skip
THEME_DAY_LEADS = [
    "{date}，{org}[组织|带领]{n}名党员[前往|来到]{site}，开展“{theme}”主题党日活动。",
    "[为|为了]{aim_v}，{date}，{short}[组织|带领][党员和入党积极分子|全体党员]{n}人走进{site}，开展“{theme}”主题党日活动。",
    "{date}，{short}[以“{theme}”为主题|围绕“{theme}”]开展主题党日活动，[支部|全体]党员{n}人参加。",
]
THEME_DAY_STEPS = [  # (probability, template), in the order things happen
    (
        1.0,
        "在{site}，党员们[跟随讲解员|在讲解员带领下][依次参观了|认真观看了][展厅|图片资料和实物]，[了解|回顾]了[当地|这里]的[历史|发展变化]，[不时|认真][驻足观看|记录]。",
    ),
    (
        0.4,
        "[在|来到][第二展厅|主展区]，[讲解员|工作人员][通过|结合][一件件实物|一张张老照片]，[讲述了|再现了][当年的艰苦岁月|这片土地上的奋斗故事]，[党员们|大家][听得十分认真|深受感动]。",
    ),
    (0.35, "[参观中|现场]，[党员|大家][不时|纷纷][拍照记录|交流感受]，{p3}[说|表示]：“{quote}。”"),
    (
        0.6,
        "[在|站在]党旗下，[全体党员|大家]在{head_t}{leader}的带领下[重温入党誓词|庄严宣誓]，[铿锵|响亮]的誓言[在现场回荡|表达了大家的坚定信念]。",
    ),
    (
        0.5,
        "{head_t}{leader}[结合参观内容|在现场]讲了一堂[微党课|专题党课]，[勉励|号召]大家[以实际行动做好本职工作|在{work}中当好排头兵]。",
    ),
    (
        0.45,
        "[活动结束后|随后]，[党员们|大家]还[开展了|进行了][志愿服务|座谈交流]，[围绕|结合]{work}[谈体会|交流心得]。",
    ),
    (
        0.35,
        "[座谈交流中|交流环节]，{p4}[结合自身工作|谈到自己的岗位]，[表示|说][要|将][把这次活动的收获|把学到的精神][带回去|用到工作中]，[在{work}中|在本职岗位上][多出力、出好力|当好先锋]。",
    ),
    (
        0.3,
        "[这次活动|此次主题党日][采取|采用]了“[参观+党课+交流|学习+实践]”的形式，[既有|有][现场教学|理论学习]，[又有|也有][互动交流|志愿服务]，[党员们|大家][普遍反映|都说][收获很大|很有意义]。",
    ),
    (
        0.8,
        "[党员|大家]纷纷表示，[这次活动很有意义|受到了深刻教育]，[今后|将]要[立足岗位|在本职工作中][发挥先锋模范作用|多作贡献]。",
    ),
]
THEME_DAY_BACKGROUND = [
    "[近年来|今年以来]，{short}[坚持|注重]把主题党日[作为|当作]党员教育的重要载体，[每月|每季度][确定|围绕]一个主题，[推动|让]组织生活[从“会议室”走向“现场”|更有吸引力]。",
    "[这次|此次]活动[由|是]{short}[精心策划|提前谋划]的，[活动前|出发前]，[支委会|委员会][专门|认真][研究了活动方案|明确了活动流程]，[并|还][布置了|安排了][学习任务|发言提纲]。",
]
THEME_DAY_TAIL = [
    "此次活动是{short}开展{camp}的[一项|重要]内容。[今年以来|{camp_s}开展以来]，{short}已[组织|开展]各类主题党日活动{3-20}次。",
    "据了解，{short}[将|还将][把主题党日与{camp_s}结合起来|每月确定一个主题]，[推动|让]组织生活[常态化|更加鲜活]。",
]

LIFE_LEADS = [
    "{date}，{org}召开{camp}专题{life}。{guest_t}{guest}[到会指导|全程指导]。",
    "[近日|日前]，{short}[召开|组织召开]{camp_s}专题{life}，[围绕|对照]{camp_s}[目标任务|要求]，[深入查摆问题|开展批评和自我批评]。",
]
LIFE_BODY = [
    "会前，{short}[认真|扎实]开展[学习研讨|谈心谈话]，[广泛|通过多种方式]征求意见建议{10-150}条，[班子成员|党员之间][开展谈心谈话|相互谈心]{10-120}人次，[为开好会议打下基础|做好了会前准备]。",
    "会上，{head_t}{leader}代表[{body}班子|委员会]作对照检查，[并|随后]带头[作个人发言|开展自我批评]。[其他|与会][班子成员|党员]依次发言，[坦诚|认真]开展批评和自我批评，[辣味十足|点问题不遮掩]。",
    "{guest}对会议[进行了点评|作了点评]，[认为|指出]会议[准备充分|主题鲜明]、[查摆问题深刻|批评和自我批评有辣味]，[达到了|取得了][预期效果|“团结—批评—团结”的目的]。",
    "会议[明确|要求]，对查摆出的问题要[建立整改台账|列出整改清单]，[逐项|逐条]落实整改，[确保|推动]{camp_s}[取得实效|见到成效]。",
]
LIFE_EXTRAS = [
    "[会议|这次{life}][紧扣|围绕]{camp_s}主题，[聚焦|对照][理论学习、担当作为、为民服务|政治素质、工作作风、纪律规矩]等方面[查摆问题|深入剖析]，[共查摆问题|梳理出问题]{5-40}个。",
    "[发言中|大家在发言中][不遮不掩|直奔主题]，[既|]讲[自身存在的问题|工作中的不足]，[也|又][坦诚提出|实事求是地指出]对[他人|同志]的[批评意见|意见建议]，[会场气氛严肃认真|达到了红脸出汗的效果]。",
    "[会后|会议结束后]，{short}[将|还将][对照|根据]查摆出的问题[制定|形成]整改方案，[明确|细化]整改措施和完成时限，[整改情况|整改结果][在一定范围内公开|接受党员群众监督]。",
]

BRIEF_LEADS = [
    "{since}，{short}[围绕|聚焦]{aim_text}，{measure}，{measure2}[，{metric}|]。",
    "[近日|日前]，{short}[组织开展|开展]{measure_short}，[推动|助力]{camp}[走深走实|取得实效]。{measure}，{measure2}。",
]
BRIEF_MORE = [
    "[活动中|据了解]，{short}[还|]{measure3}，[参与|覆盖]{members}{50-3000}人次。",
    "{short}[有关负责人|负责同志]介绍，[下一步|接下来]将[结合|围绕]{work}[继续|持续][推进|深化]{camp_s}，[力争|确保][取得更多实效|各项任务按时完成]。",
]
SERVICE_ITEMS = [
    "[投入|筹集]资金{20-900}万元[改造|修缮]{folk}反映强烈的[道路|管网|活动场所]",
    "[开通|设立]{folk}服务热线，[已受理|累计受理]诉求{30-800}件",
    "[组织|开展]“[送技术、送服务|送温暖]”活动{5-60}场",
    "[推动解决|协调解决][就医|就学|出行|用水]难题{5-60}件",
    "[帮助|协助]{folk}[办理|解决]各类事项{20-600}件",
]


def _section_heading(rng: random.Random, i: int, ctx: dict, hot: list[str], phrase: str) -> str:
    tail = rng.choice(SECTION_TAILS)
    ctx = {**ctx, "x": hot[(i - 1) % len(hot)]}
    heading = fill(rng, f"{phrase}，{tail}", ctx)
    return f"{cn(i)}、{heading}" if chance(rng, 0.8) else heading


def build(rng: random.Random, org: Org, camp: Campaign) -> Draft:
    ctx = base_ctx(rng, org, camp)
    year = rng.randint(camp.start, camp.end)
    weights = {"ongoing": 7, "measures": 4, "launch": 2, "theme_day": 2, "life_meeting": 1, "service": 1, "brief": 2}
    if org.level == "branch":
        weights.update(theme_day=6, life_meeting=2, launch=1)
    if not camp.party:
        weights.update(theme_day=0, life_meeting=0, service=0)
    if org.level == "central":
        weights.update(theme_day=0)
    elif org.level == "group":
        weights.update(theme_day=1)
    if camp.key == "service":
        weights.update(service=5)
    shape = rng.choices(list(weights), list(weights.values()))[0]
    day = day_in(rng, year, (3, 4, 5) if shape == "launch" else tuple(range(3, 13)))
    dom = domain(org)
    sites, themes = rng.choice(SITE_THEMES)
    metrics = picks(rng, camp.metrics, rng.randint(2, 4), ctx)
    measure = dealer(rng, camp.measures)
    ctx.update(
        {
            "date": cn_date(day, with_year=chance(rng, 0.3)),
            "year": str(year),
            "n": str(rng.randint(2, 6) if shape == "measures" else rng.randint(8, 60)),
            "since": SINCE,
            "aim_v": AIM_V,
            "measure": measure,
            "measure2": measure,
            "measure3": measure,
            "metrics": "，".join(metrics),
            "action": dealer(rng, dom["action"]),
            "dresult": dealer(rng, dom["result"]),
            "leader_t": org.head,
            "host_t": org.deputy,
            "life": "民主生活会"
            if org.level in {"central", "group", "local"} and org.kind != "township"
            else "组织生活会",
            "site": fill(rng, rng.choice(sites), {"place": place_name(rng)}),
            "theme": rng.choice(themes),
            "aim_text": "“{aim}”" if chance(rng, 0.5) else "{work}",
            "tot": str(tot := rng.randint(10, 150)),
            "done": str(rng.randint(tot * 2 // 3, tot)),
            "hard": HARD,
            "story": once(STORIES.get(org.domain, STORIES["office"])),
            "subunit": dealer(rng, subunits(rng, org)),
            "brand": ["党员先锋", "红色服务", "一线攻坚", "亮身份、作表率", "微心愿", "书记项目"],
            "quote": dealer(rng, QUOTES),
            "measure_short": ["{camp_s}[专题学习|集中宣讲|志愿服务]活动", "{camp_s}[“回头看”|专项督导]"],
        }
    )
    roles = ["mobilise", "lead", "activity" if camp.party else "program", "publicity", "practice"]
    chosen = [r for r in roles if chance(rng, 0.8)] or ["mobilise", "practice"]
    if shape == "ongoing" and chance(rng, 0.3):
        chosen.append(
            "practice"
            if "practice" not in chosen
            else rng.choice(["activity" if camp.party else "program", "publicity"])
        )
    if shape == "measures":
        ctx["n"] = str(len(chosen))
    title = pick(rng, TITLES.get(shape, TITLES["ongoing"]), ctx)
    paras: list[str] = []

    if shape in {"ongoing", "measures", "service"}:
        paras.append(pick(rng, OPENINGS, ctx))
        numbered = chance(rng, 0.6)
        if shape == "service":
            chosen = ["mobilise", "practice"]
            items = ordinal_list(rng, picks(rng, SERVICE_ITEMS, rng.randint(3, 5), ctx), "是")
            extra = "；".join(items) + "。"
        hot = rng.sample(HOT, 3) if camp.party else ["实", "强", "动"]
        phrases = dealer(rng, SECTION_PHRASES)
        for i, role in enumerate(chosen, 1):
            first, more = BODIES[role]
            body = pick(rng, first, ctx)
            if chance(rng, 0.8 if shape != "measures" else 0.5):
                follow = pick(rng, more, ctx)
                body = f"{body}\n{follow}" if chance(rng, 0.6) else body + follow
            if shape == "ongoing":
                paras.append(_section_heading(rng, i, ctx, hot, phrases()))
                paras.extend(body.split("\n"))
                if chance(rng, 0.45):
                    paras.append(pick(rng, EXAMPLES, ctx))
            elif shape == "measures":
                paras.extend((f"{cn(i)}是" + body if numbered else body).split("\n"))
            else:
                paras.extend(body.split("\n"))
        if shape == "service":
            paras.append(fill(rng, "[具体来看|主要包括]：", ctx) + extra)
        if chance(rng, 0.7):
            paras.insert(rng.randint(1, len(paras)), pick(rng, COUNTS, ctx))
        grow(rng, paras, EXTRAS, ctx, target_length(rng), at=len(paras))
        if chance(rng, 0.6):
            paras.append(pick(rng, NEXT, ctx))
    elif shape == "launch":
        paras.append(pick(rng, LAUNCH_LEADS, ctx))
        if chance(rng, 0.6):
            paras.append(fill(rng, "{attendees}参加会议[，{subs}设分会场|]。", ctx))
        paras.extend(picks(rng, LAUNCH_BODY, rng.randint(2, 3), ctx))
        grow(rng, paras, LAUNCH_EXTRAS, ctx, target_length(rng, True))
        reqs = ordinal_list(
            rng, elaborate(rng, picks(rng, LAUNCH_REQS, rng.randint(2, 5), ctx), ctx, 0.6), rng.choice(["要", "是"])
        )
        opener = pick(
            rng, ["会议强调，", "{leader}强调，[要|]", "会议要求，", "{leader}对{camp_s}提出[明确要求|几点要求]："], ctx
        )
        paras.append(opener + "；".join(reqs) + "。")
        if chance(rng, 0.3):
            paras.append(fill(rng, "[会上|会议期间]，{2-5}[家单位|个党组织]负责同志作表态发言。", ctx))
    elif shape == "theme_day":
        paras.append(pick(rng, THEME_DAY_LEADS, ctx))
        if chance(rng, 0.4):
            paras.append(pick(rng, THEME_DAY_BACKGROUND, ctx))
        steps = {i: fill(rng, step, ctx) for i, (p, step) in enumerate(THEME_DAY_STEPS) if chance(rng, p)}
        rest = [i for i in range(len(THEME_DAY_STEPS)) if i not in steps]
        rng.shuffle(rest)
        while rest and sum(len(p) for p in [*paras, *steps.values()]) < 320:  # reports run to 300 characters at least
            i = rest.pop()
            steps[i] = fill(rng, THEME_DAY_STEPS[i][1], ctx)
        paras.extend(steps[i] for i in sorted(steps))
        if chance(rng, 0.6):
            paras.append(pick(rng, THEME_DAY_TAIL, ctx))
    elif shape == "life_meeting":
        paras.append(pick(rng, LIFE_LEADS, ctx))
        paras.extend(ordered_picks(rng, LIFE_BODY, 4, ctx))
        grow(rng, paras, LIFE_EXTRAS, ctx, target_length(rng, True), at=2)
    else:  # brief
        paras.append(pick(rng, BRIEF_LEADS, ctx))
        paras.extend(picks(rng, BRIEF_MORE, rng.randint(1, 2), ctx))
        if chance(rng, 0.7):
            paras.append(pick(rng, COUNTS, ctx))
        grow(rng, paras, EXTRAS[:5], ctx, target_length(rng, True))
        if chance(rng, 0.5):
            paras.append(pick(rng, NEXT, ctx))
    return Draft(title=title, paragraphs=paras, template=f"local_campaign/{shape}", date=day.isoformat())
