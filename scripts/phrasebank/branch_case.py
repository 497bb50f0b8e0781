"""branch_case: one branch's (or one grassroots party organisation's) way of working, written up as a
model: background and cause, main practices, results, and lessons or discussion.

The subject stays the same organisation throughout. Most cases are about a branch; a few are about a
body higher up (a ministry's 机关党委, a group's 党组, a township 党委) written in the same genre, which
keeps the level label independent of the genre.
"""

from __future__ import annotations

import random

from phrasebank.campaigns import Campaign
from phrasebank.common import DOMAINS, HONOURS, base_ctx, day_in, domain
from phrasebank.core import Draft, chance, cn, dealer, fill, once, pick, picks
from phrasebank.orgs import Org

BRANDS = [
    "三联三促", "红色引擎", "先锋领航", "三心三进", "支部+项目", "一线党建", "四向发力", "五个一", "双培养双提升", "红色网格",
    "初心驿站", "四维联动", "红帆", "匠心党建", "微光", "同心圆", "磐石", "星火", "暖心", "攻坚号", "领雁", "红色管家",
    "三单一表", "清单化", "党员包片", "一岗双责",
]  # fmt: skip

SLOGANS = [
    "以“{brand}”工作法激活支部一池春水",
    "把支部建在{work}一线",
    "让党旗在{work}一线高高飘扬",
    "用“{brand}”擦亮党建品牌",
    "小支部撬动大发展",
    "“{brand}”让党员作用看得见",
    "从“两张皮”到“一盘棋”",
    "支部有活力 发展有动力",
    "以组织力提升带动{work}提质",
    "把党建优势转化为{work}优势",
]
TITLES = [
    "{short}：{slogan}",
    "{org}：{slogan}",
    "{slogan}——{org}[党建工作|基层党建]典型案例",
    "{org}",
    "[基层党建|党支部建设]典型案例｜{short}：{slogan}",
    "{org}“{brand}”工作法[经验做法|案例]",
]

EDITOR_NOTES = [
    "编者按：[为|为了]交流基层党组织的好经验好做法，现[刊发|推出]{org}的案例，供[各级党组织|大家]学习借鉴。",
    "[编者按|按语]：{org}[立足|结合]自身实际，探索形成“{brand}”工作法，[取得了较好成效|受到上级党组织肯定]。现将有关做法[整理|摘编]如下。",
]

H_BG = ["一、背景和起因", "一、基本情况", "一、案例背景", "一、背景情况", "一、基本情况和背景"]
H_DO = ["二、主要做法", "二、具体做法", "二、工作举措", "二、做法与经过"]
H_RES = ["三、取得的成效", "三、工作成效", "三、实践成效", "三、主要成效"]
H_END = ["四、探讨", "四、经验启示", "四、几点启示", "四、思考与展望", "四、下一步打算"]

INTRO = {
    "branch": [
        "{org}[成立于{1978-2015}年|组建于{1985-2016}年]，现有党员{8-45}名[，其中35岁以下青年党员占{30-70}%|，其中具有高级职称的{3-15}名|]，[主要承担|负责]{work}[等工作|等任务]。",
        "{org}现有党员{8-45}名，[下设{2-5}个党小组|设{2-5}个党小组]，[承担着|肩负着]{work}和{work}[等任务|的职责]。",
    ],
    "village": [
        "{short_place}村位于[镇域东部|镇区西北|山区腹地|河谷地带]，全村{200-900}户{800-3500}人，{org}现有党员{20-90}名，下设{3-8}个党小组。",
        "{org}所在的{short_place}村[曾是|过去是][远近闻名的后进村|当地有名的“空壳村”]，全村{200-900}户，党员{20-90}名[，其中60岁以上的占一半左右|]。",
    ],
    "community": [
        "社区[成立于|组建于]{2000-2016}年，[辖区面积约|面积]{1-3}平方公里，居民{2000-12000}户，{org}下设{3-12}个网格党支部，党员{80-600}名。",
        "{org}所辖的社区[以老旧小区为主|是典型的混合型社区]，居民{2000-12000}户，[老年人口占{20-40}%|流动人口较多]，现有党员{80-600}名。",
    ],
    "upper": [
        "{org}[下设|现有]基层党组织{20-300}个、党员{500-30000}名，[主要承担|负责]{work}等[工作|任务]。",
        "{party}[现|]管理[基层党组织|党支部]{20-300}个，[党员|在册党员]{500-30000}名，[分布在|覆盖]{subs}。",
    ],
}
CHANGES = [
    "[任务量成倍增长|业务转型加快|人员结构发生变化]",
    "[新的形势任务|上级新的要求]",
    "[队伍规模扩大|新进人员增多]",
]
PROBLEM_OPEN = [
    "[近年来|几年前]，[随着|面对]{change}，{subj}[发现|面临]一些[突出问题|新的挑战]：{issue}；{issue2}。",
    "[在工作中|调研中]，{subj}[发现|梳理出]几个[绕不开的|亟待解决的]问题。[一方面|首先]，{issue}；[另一方面|其次]，{issue2}。",
]
REASONS = [
    "[针对这些问题|为破解这一难题]，{subj}[在上级党委指导下|经过反复调研讨论]，[提出|探索形成]了“{brand}”工作法，[着力|力求]{case_aim}。",
    "[怎样|如何]把党建优势转化为发展优势？{subj}从{work}[入手|破题]，[逐步|]摸索出“{brand}”工作法，[目标是|核心是]{case_aim}。",
]
CASE_AIMS = [
    "让党建工作从“软任务”变成“硬抓手”",
    "让党建工作与中心工作同频共振",
    "把组织优势转化为[攻坚克难|服务群众]的工作优势",
    "[让每名党员都有岗位、有责任、有作为|让党员身份亮起来、作用发挥出来]",
]

PRACTICES = [
    (
        "[健全|理顺]组织体系，[让支部有力量|把党员组织起来]",
        "{subj}[按照|依据]“[业务在哪里，党组织就建在哪里|哪里任务重，党员就在哪里]”的思路，{action}。[同时|此外]，[明确|细化]委员分工，[每名委员联系一个党小组|委员分片包干]，[形成|构建]“[支部—党小组—党员|组织—小组—个人]”[三级责任链条|层层负责的工作格局]。",
    ),
    (
        "[创新|丰富]学习方式，[让组织生活活起来|提升教育实效]",
        "[针对|为解决]学习时间碎片化的问题，{subj}[推行|开展]“[微学习|指尖课堂|周一夜校|班前十分钟]”，[把学习内容|把理论要点][拆分|整理]成[短小精悍的专题|一个个小问题]。[每季度|每月]开展一次[主题党日|专题研讨]，[由党员轮流|请业务骨干]担任主讲人，[讲政策、讲案例、讲体会|结合身边事讲道理]。{action}。",
    ),
    (
        "[聚焦|围绕]中心任务，[让党员冲在前|把党建融入业务]",
        "{subj}[把{work}中的难点|把年度重点任务]列为“[党员攻坚项目|书记项目]”，{action}。{story}",
    ),
    (
        "[完善|建立]激励机制，[让先进有舞台|激发内生动力]",
        "{subj}[建立|推行]党员积分管理[办法|制度]，把[学习参与|岗位贡献|志愿服务]等[量化为积分|纳入考核]，[每季度|每半年]公示一次，[积分|评议]结果[与评先评优挂钩|作为推荐优秀党员的依据]。{action}。",
    ),
    (
        "[密切|深化]联系服务，[让群众得实惠|把服务延伸到一线]",
        "{action}。[党员|支部委员]还[定期|每月]到[联系点|结对单位|群众家中]走访，[收集意见建议|了解实际困难]，[建立台账、逐项办理|能解决的当场解决，不能解决的跟踪反馈]。{story}",
    ),
    (
        "[强化|压实]责任落实，[让每名党员都有“责任田”|把任务落到人头]",
        "{subj}[梳理|制定][岗位职责清单和任务清单|党员责任清单]，[把|将]{work}[分解|细化]到[每名党员|每个党小组]，[实行|推行][挂图作战|清单管理]，[定期|每月]通报进度。{action}。",
    ),
    (
        "[搭建|拓展]共建平台，[凝聚|汇聚]各方力量",
        "{subj}[与|同][周边|兄弟|上下游][单位|企业|村社]党组织[签订|建立]共建协议，[在|围绕][资源共享|人才培养|难题攻关]等方面[开展合作|互帮互助]。[近年来|两年来]，[联合开展|共同组织]活动{6-40}次，[解决|协调解决]实际问题{5-40}个。",
    ),
    (
        "[加强|抓好]队伍建设，[培养|锻造]骨干力量",
        "{subj}[坚持|注重]把骨干培养成党员、把党员培养成骨干，{action}。[近年来|三年来]，[先后|共]发展党员{2-12}名，[培养入党积极分子{3-20}名|推荐{2-9}名党员走上管理岗位]。",
    ),
]
DETAILS = [
    "[这一做法|这个办法]推行以来，[党员参与的积极性明显提高|得到了党员群众的普遍认可]。",
    "[为了|为]防止[走过场|流于形式]，{subj}[还|同时][建立了|制定了][督办台账|评估办法]，[每月|每季度]对[落实情况|推进情况]进行[检查|复盘]。",
    "[有党员|一位老党员|一名青年党员]说：“[以前开会就是念文件，现在大家都愿意讲|过去觉得党建离业务很远，现在天天都在身边|现在干什么心里都有数]。”",
    "{subj}[还|同时]注重[发挥老党员的传帮带作用|听取群众意见]，[定期|每半年][召开座谈会|开展回头看]，[及时调整|不断改进]工作方法。",
    "[截至目前|到目前为止]，[已|累计]开展[相关活动|专题活动]{10-120}次，参与党员{50-900}人次。",
    "[在具体操作中|实践中]，{subj}[坚持|注意][不搞一刀切|因人因岗施策]，[对|针对][老党员|青年党员|流动党员][分别|专门][设计了|安排了][不同的|适合的][内容|方式]。",
    "[支部书记|书记][每年|年底]向上级党委[专题述职|述职]，[把|将]“{brand}”工作法推进情况作为述职[重点|内容]。",
    "[每次|每项]活动结束后，[支委会|委员会][都要|会]进行[讲评|小结]，[把好的做法记下来|查找不足]，[下一次|下一轮]接着改进。",
]
BG_EXTRA = [
    "{general}。",
    "[近年来|几年来]，{subj}先后[获得|荣获]{honour}等荣誉[，多次受到上级表扬|]。",
    "[当前|眼下]，[所在单位|{subj}]正处在[转型发展|任务攻坚|爬坡过坎]的关键期，[对党组织发挥作用提出了更高要求|党建工作怎么跟上是一道必答题]。",
    "[支部委员会|委员会]由{3-7}名委员组成，[书记由业务负责人兼任|书记长期在一线工作]，[对|熟悉]{work}[情况很熟|业务]。",
]
UPPER_ACTIONS = [
    "在[所属单位|全系统]推行支部工作“标准化手册”",
    "开展示范党支部创建，[每年评选|分批培育]{5-40}个示范支部",
    "建立[党委委员联系基层支部|领导班子成员联系点]制度",
    "实施党务干部[轮训|能力提升]计划",
    "[推行|建立]“党建+业务”项目化管理",
    "开展党支部书记[讲党课|业务比武]活动",
]
STORIES = {
    "research": "[在一次|去年的一次]关键试验中，党员{p3}[带领|和]{2-6}名青年连续攻关{3-20}天，[最终|终于]找到了故障的根源。",
    "production": "[一次|去年夏天]设备突发故障，党员{p3}[带领|和]{2-6}名职工连夜抢修，{6-20}个小时后生产线恢复运行。",
    "project": "[在{3-9}月的[汛期|连续降雨]中|面对{3-9}月的[汛期|连续降雨]]，党员先锋队[连续奋战|轮班值守]{5-30}天，[确保了关键节点按期完成|没有耽误一天工期]。",
    "service": "党员{p3}[了解到|得知]一家小微企业资金周转困难后，[主动|当天]上门对接，[一周内|很快]帮助企业解决了{20-500}万元的资金需求。",
    "hospital": "[一天深夜|一次夜班]，党员医生{p3}接诊了一名危重患者，[迅速|第一时间]组织会诊，[患者转危为安|为抢救赢得了时间]。",
    "university": "党员{p3}[牵头|带领]课题组同学[攻克|完成]了一项[实验难题|竞赛项目]，[获得|拿到]了[省级|全国]奖项。",
    "village": "[去年|前年]，党员{p3}[带头|率先]试种[高山蔬菜|中药材|特色水果]，[当年|第二年]每亩增收{1000-6000}元，[带动|引导]{10-90}户村民跟着干。",
    "community": "[有一次|去年冬天]，[一栋楼|一个小区]突然停水，网格党员{p3}[第一时间|连夜]联系[物业|供水单位]，[当天|{2-8}小时内]恢复了供水。",
    "office": "[为了|针对]基层反映的[审批慢|材料多]问题，党员{p3}[牵头|带领]梳理流程，[把办理时间从{5-15}天压缩到{1-3}天|材料减少了一半]。",
    "government": "[为了|针对]群众反映的[办事难|出行难]问题，党员干部{p3}[牵头|带头]协调，[问题在{1-4}周内得到解决|很快拿出了解决办法]。",
}

RESULT_OPEN = [
    "[通过|经过]{2-5}年的实践，“{brand}”工作法[取得了明显成效|逐步成熟]。{dresult}，{dresult2}。",
    "{subj}的[凝聚力和战斗力|组织力]明显增强。[党员|大家]的[身份意识|责任意识]更强了，[主动认领任务的多了|“要我干”变成了“我要干”]，[组织生活参与率|党员参与率]达到{92-100}%。",
    "{subj}先后[获得|荣获]{honour}、{honour2}等荣誉，[经验做法|相关做法]被{parent}[推广|在系统内交流|作为典型介绍]。",
]
UPPER_HONOURS = ["先进基层党组织", "党建工作示范单位", "文明单位", "党建工作先进单位", "基层党建创新案例"]
MEASURE_LISTS = [
    "[具体来说|主要有以下几点|重点抓了三件事]：一是{action}；二是{action}；三是{action}。",
    "[在此基础上|与此同时]，{subj}[还|]{action}，[并|同时]{action}。",
]
FIGURES = [
    "[据统计|统计显示]，[近三年|{2-5}年来]，{dresult}，{dresult2}。",
    "[从数据看|用数字说话]，{dresult}；[与此同时|同期]，{dresult2}。",
]
RESULT_TITLES = ["[组织力|凝聚力]明显增强", "[中心工作|业务发展]成效显著", "[群众满意度|口碑]持续提升"]
RESULT_BODIES = [
    "[党员|大家]的[身份意识|责任意识]更强了，[主动认领任务的多了|等靠要的少了]，[组织生活参与率|党员参与率]达到{92-100}%。",
    "{dresult}，{dresult2}。",
    "[群众|服务对象]对{subj}的满意度[逐年提高|明显上升]，[收到|获得][表扬信和锦旗|感谢信]{5-60}[件|封]。",
]

LESSONS = [
    (
        "抓好支部建设，关键在书记",
        "[支部强不强，关键看书记|书记是支部的“领头雁”]。[实践证明|从实践看]，书记[把党建当主业|肯在党建上花心思]，工作就[有起色|能打开局面]。[要|应]注重[选好配强|培养锻炼]书记，[让懂业务的人抓党建|推动书记和业务负责人交叉任职]。",
    ),
    (
        "党建工作只有融入中心才有生命力",
        "[脱离业务谈党建|就党建抓党建]，[容易走形式|很难出实效]。[要|应]把{work}中的难题作为党建工作的[切入点|发力点]，[让党员在攻坚中|在完成任务中]体现先进性。",
    ),
    (
        "创新要从实际出发",
        "[工作方法|党建品牌]不是越新越好，[关键是管用|好不好用要看群众是否认可]。“{brand}”工作法之所以[见效|受欢迎]，[就在于|是因为]它[从自身实际出发|解决的是大家身边的真问题]。",
    ),
    (
        "好经验要靠制度固化",
        "[一时的热情|一次活动]容易，[长期坚持|持之以恒]难。[把行之有效的做法|要把实践中管用的办法][写进制度|形成规范]，[才能|做到]换了人也不走样。",
    ),
    (
        "[服务群众|依靠群众]是工作的落脚点",
        "[群众|服务对象]满意不满意，是检验[党建成效|工作成效]的[试金石|标尺]。[要|应]把{folk}的[需求|期盼]作为工作方向，[多办|办好][看得见、摸得着|实实在在]的事。",
    ),
    (
        "党员教育重在日常",
        "[教育|管理]不能[一阵风|搞突击]，[要|应]融入[日常|经常]，[通过|借助]一件件具体的事，让党员[在实践中|在岗位上]受教育、长本领。",
    ),
]
NEXT_STEPS = [
    "[下一步|今后]，{subj}将[继续|进一步]深化“{brand}”工作法，[在机制建设上下更大功夫|把成果转化作为重点]，[努力|力争][打造更多可复制可推广的经验|把支部建设成为更加坚强的战斗堡垒]。",
    "[面向未来|展望下一步]，{subj}[将|还将][围绕|聚焦]{work}，[持续|不断][探索|完善][党建工作与中心工作融合的新路径|组织生活的新形式]。",
]


def _subsections(rng: random.Random, pairs: list[tuple[str, str]], ctx: dict, details: int = 0) -> list[str]:
    out = []
    extra = dealer(rng, DETAILS)
    for i, (head, body) in enumerate(pairs, 1):
        out.append(f"（{cn(i)}）" + fill(rng, head, ctx) + "。" * chance(rng, 0.3))
        text = fill(rng, body, ctx)
        for _ in range(rng.randint(0, details)):
            more = fill(rng, extra(), ctx)
            if chance(rng, 0.4):
                out.append(text)
                text = more
            else:
                text += more
        out.append(text)
    return out


def build(rng: random.Random, org: Org, camp: Campaign) -> Draft:
    upper = org.level != "branch"
    if org.level == "central" and org.kind in {"ministry", "sasac"}:
        org.party = f"{org.short}机关党委" if org.kind == "ministry" else "国资委机关党委"
    ctx = base_ctx(rng, org, camp)
    dom = domain(org)
    kind = "upper" if upper else org.kind if org.kind in {"village", "community"} else "branch"
    year = rng.randint(2019, 2024)
    day = day_in(rng, year, tuple(range(1, 13)))
    if org.level == "central" and org.kind in {"ministry", "sasac"}:
        # a ministry's branches answer to its 机关党委: the case is about that body (still central)
        subj = [org.party, "机关党委"]
    elif upper:
        subj = [org.party, org.short, "{party}"]
    else:
        subj = org.selfref
    actions = dealer(rng, UPPER_ACTIONS if upper else dom["action"])
    ctx.update(
        {
            "brand": rng.choice(BRANDS),
            "subj": subj,
            "action": actions,
            "story": once(STORIES.get(org.domain, STORIES["office"]) if chance(rng, 0.7) else ""),
            "change": CHANGES,
            "case_aim": CASE_AIMS,
            "short_place": org.short.replace("村党委", "").replace("村党支部", "").replace("村党总支", "").rstrip("村"),
            "issue": dom["issue"],
            "issue2": dom["issue"],
            "dresult": dealer(rng, dom["result"]),
            "honour": HONOURS,
            "honour2": HONOURS,
        }
    )
    issues = picks(rng, dom["issue"], 2, ctx)
    ctx["issue"], ctx["issue2"] = issues[0], issues[-1]
    ctx["dresult2"] = ctx["dresult"]
    honours = rng.sample(UPPER_HONOURS if upper else HONOURS, 2)
    ctx["honour"], ctx["honour2"] = honours
    ctx["slogan"] = pick(rng, SLOGANS, ctx)

    title = pick(rng, TITLES, ctx)
    paras: list[str] = []
    if chance(rng, 0.2):
        paras.append(pick(rng, EDITOR_NOTES, ctx))
    numbered = chance(rng, 0.8)

    def heading(options: list[str]) -> str:
        text = rng.choice(options)
        return text if numbered else text.split("、", 1)[1]

    paras.append(heading(H_BG))
    intro = pick(rng, INTRO[kind], ctx)
    if chance(rng, 0.6):
        intro += pick(rng, BG_EXTRA[:2] if upper else BG_EXTRA, ctx)
    paras.append(intro)
    bg = [pick(rng, PROBLEM_OPEN, ctx), pick(rng, REASONS, ctx)]
    if chance(rng, 0.4):
        paras.append("".join(bg))
    else:
        paras.extend(bg)

    paras.append(heading(H_DO))
    long = chance(rng, 0.35)
    chosen = rng.sample(PRACTICES, rng.randint(5, 7) if long else rng.randint(3, 5))
    practices = _subsections(rng, chosen, ctx, details=4 if long else 3)
    if chance(rng, 0.6):
        practices.insert(rng.randint(1, len(practices)), pick(rng, MEASURE_LISTS, ctx))
    paras.extend(practices)

    paras.append(heading(H_RES))
    if long or chance(rng, 0.5):
        n = rng.randint(2, 3)
        paras.extend(
            _subsections(
                rng, list(zip(RESULT_TITLES[:n], RESULT_BODIES[:n], strict=True)), ctx, details=1 if long else 0
            )
        )
    if long or not (paras[-1].startswith(("（二）", "（三）")) or paras[-2].startswith(("（二）", "（三）"))):
        paras.extend(picks(rng, RESULT_OPEN, rng.randint(2, 3), ctx))
    if chance(rng, 0.5):
        paras.append(pick(rng, FIGURES, ctx))

    end = heading(H_END)
    paras.append(end)
    if "下一步" in end:
        paras.append(pick(rng, NEXT_STEPS, ctx))
    else:
        lessons = rng.sample(LESSONS, rng.randint(3, 5) if long else rng.randint(2, 4))
        if chance(rng, 0.6):
            paras.extend(_subsections(rng, lessons, ctx))
        else:
            paras.extend(fill(rng, f"{cn(i)}是{head}。{body}", ctx) for i, (head, body) in enumerate(lessons, 1))
        if chance(rng, 0.3):
            paras.append(pick(rng, NEXT_STEPS, ctx))
    return Draft(title=title, paragraphs=paras, template=f"branch_case/{kind}", date=day.isoformat())


__all__ = ["DOMAINS", "build"]
