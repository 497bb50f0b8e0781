"""performance_review: secretaries (or heads) report on their duties and are questioned, commented on
and scored.

Shapes: the party-building 述职评议会 (the common one), an annual review of leading bodies, heads of
enterprises reporting to the commission that oversees them, and a short brief. Reviews happen at every
level: a ministry hears its bureaux' branch secretaries, a 社区党委 its grid branches.
"""

from __future__ import annotations

import random

from phrasebank.campaigns import Campaign
from phrasebank.common import base_ctx, cn_date, day_in, domain, elaborate, reporters
from phrasebank.core import Draft, chance, dealer, fill, grow, ordinal_list, pick, picks, target_length
from phrasebank.orgs import Org

TITLES = [
    "{org}召开{year}年度{reporters}{topic}述职评议会",
    "{short}召开{year}年度{reporters}述职评议会",
    "{short}开展{year}年度{reporters}述职评议考核",
    "{short}召开[党建工作|抓基层党建]述职评议会议",
    "[晒成绩 找差距 明方向|述职亮实绩 点评找差距|当面述职 现场打分]——{short}[召开|举行]{year}年度党建述职评议会",
    "{short}：{n}名{reporters}[同台述职|现场述职]接受评议",
    "{short}组织开展{year}年度{reporters}述职评议",
]
HEAD_TITLES = [
    "{short}召开{year}年度领导班子和领导人员述职评议会",
    "{short}领导班子{year}年度述职[考核|测评]会召开",
]
COMMISSION_TITLES = [
    "{subs_first}负责人向{short}[述职|作年度述职]",
    "{short}召开{year}年度{subs_first}负责人述职评议会",
]

LEADS = [
    "{date}，{org}召开{year}年度{reporters}{topic}述职评议会。{head_t}{leader}出席会议并[讲话|作点评]，{host_t}{host}主持会议。",
    "{date}，{short}组织召开[{year}年度|]{reporters}述职评议会，{n}名{who}[逐一|依次]述职，接受[现场评议|民主测评]。",
    "为[压实|进一步压实]基层党建工作责任，{date}，{party}召开{reporters}{topic}述职评议会[，{camp_ref}|]。",
    "[近日|日前]，{short}召开{year}年度{reporters}述职评议会，[对|]{subs}抓党建工作情况进行“[年终盘点|集中检阅]”。",
]
CAMP_REF = [
    "[会议|述职]结合{camp}开展情况进行",
    "把{camp_s}中查摆问题的整改情况作为述职重点",
]
ATTEND = [
    "{unit}领导班子成员，[{subs}主要负责人|有关部门负责人]，[党员和职工代表|党员代表]共{30-220}人参加会议。",
    "[会议邀请了|会议特邀]{guest_t}{guest}[到会指导|参加评议]。{attendees}参加会议。",
    "{attendees}和[职工|群众]代表[参加会议|列席会议]并参与测评。",
]
PROCESS = [
    "会上，{n}名{reporters}[依次|逐一|先后]上台述职，[围绕|聚焦]{focus}等方面，[晒出成绩单|报告工作情况]，[查摆|剖析]存在问题并[提出|明确]下一步[思路|打算]。{written}",
    "述职采取“[现场述职+书面述职|口头述职+现场提问]”的方式进行。{n}名{who}[结合|对照]年初签订的党建工作责任书，[逐项|逐条]报告[履职情况|任务完成情况]。{written}",
    "[会上|评议会上]，述职人[用数据说话|紧扣重点任务]，[从|围绕]{focus}[等方面|几个方面]作述职报告，[每人|每名{who}]述职时间[控制在|不超过]{5-10}分钟。{written}",
]
FOCUS = [
    "履行党建第一责任人职责",
    "推动党建与业务融合",
    "落实上年度问题整改",
    "基层组织建设",
    "党员队伍建设",
    "意识形态工作",
    "党风廉政建设",
    "{camp_s}开展情况",
]
WRITTEN = ["另有{2-9}名{who}进行书面述职。", "{2-6}名{who}采取书面形式述职。", ""]

QUESTIONS = [
    "支部的战斗堡垒作用在重点任务中具体是怎样体现的？",
    "上次述职指出的问题，整改到什么程度了？",
    "青年党员比例这么高，思想引领有什么具体办法？",
    "党建和业务“两张皮”的问题准备怎么解决？",
    "发展党员计划为什么没有完成？",
    "下一步用什么办法把后进支部带起来？",
    "党建品牌叫得很响，实际效果有没有数据支撑？",
    "书记本人一年讲了几次党课，效果怎么样？",
    "群众反映最集中的问题是什么，解决了多少？",
]
QUESTION_LINES = [
    "[述职结束后|每名{who}述职后]，[评议组成员|{leader}|联系领导]进行现场提问，“{q1}”“{q2}”[一个个问题直指要害|问题接连抛出]，述职人[结合实际|逐一]作了回答。",
    "[现场提问环节|提问环节]，{leader}[逐一|分别]追问：“{q1}”[被问到的{who}坦承了差距|述职人当场作了说明]，[并表示|明确]将[限期整改|在下一步工作中重点解决]。",
    "[评委|与会领导]围绕[述职内容|存在的薄弱环节]进行提问。[有的问题|一些提问]十分尖锐，如“{q1}”，[让述职人红了脸、出了汗|让大家深受触动]。",
]
COMMENT = [
    "{leader}对[每位|各]{who}的述职[逐一|分别]进行点评，[既肯定成绩，也直指问题|点成绩、点问题、点方向]，[指出了|点出了]{problems}等问题。",
    "[在点评中|点评时]，{leader}[指出|认为]，各{who}抓党建[意识普遍增强|各有特色]，但[仍然存在|也存在]{problems}等短板。",
    "[会议|{leader}]对述职情况[进行了综合点评|逐一点评]，[对|针对]{problems}等问题[提出了整改要求|进行了提醒]。",
]
SCORE = [
    "与会人员[按照|围绕]“好、较好、一般、差”四个等次对述职人进行了民主测评，[测评结果将纳入年度党建工作考核|结果将作为评先评优和干部选用的重要参考]。",
    "[会议|会上]组织[民主测评|现场打分]，[{attendees}|参会人员]对{n}名{who}的履职情况[逐一|分别]打分。[测评结果|得分情况]将[在一定范围内通报|与年度绩效挂钩]。",
    "[经民主测评|测评结果显示]，{good}名{who}[被评为|等次为]“好”，其余为“较好”[，没有出现“一般”等次|]。",
]
LISTS = [
    "[会后|会议要求]，各述职人要[对照点评意见|对照问题]列出问题清单、[责任清单、|]整改清单，[限期整改|明确整改时限]，[整改情况将在下一次述职时专门报告|实行销号管理]。",
    "[对于点评指出的问题|对查摆出的问题]，{short}将[建立台账|形成问题清单]，[逐项|逐条]明确责任人和完成时限，[跟踪督办|实行闭环管理]。",
    "[据了解|据悉]，[本次|此次]述职评议共梳理问题{12-90}个，已[全部|]列入[整改清单|问题台账]。",
]
OVERVIEW = [
    "[从述职情况看|总的来看]，{who}[普遍|大多]能够[认真履行第一责任人职责|把党建工作放在心上、抓在手上]，[有的|一些][单位|支部][结合{work}创新了工作方法|形成了特色品牌]；[但也有|同时也有]{who}[述职时|在述职中][讲成绩多、谈问题少|问题剖析不够深入]。",
    "[这次述职|本次述职][准备充分|内容扎实]，{who}[用数据和事例说话|紧扣责任清单]，[既|]讲了[做法成效|亮点特色]，[也|又][剖析了短板不足|亮出了问题清单]，[体现了较强的责任意识|达到了交流经验、查找差距的目的]。",
]
EXAMPLE = [
    "[如|比如]，{p3}在述职中[介绍|谈到]，[一年来|过去一年]，[本单位|所在支部]{action}，{dresult}；[同时|但他也][坦承|坦言]，{problem}的问题[仍然存在|还没有根本解决]。",
    "{p3}的述职[给与会人员留下了深刻印象|引起了共鸣]：[过去一年|一年来]，[他们|该单位]{action}，{dresult}。[点评时|评议中]，{leader}[肯定了这一做法|对此给予肯定]，[同时提醒|也提醒]要[防止|注意]{problem}。",
]
EXTRAS = [
    "[据介绍|据了解|总体来看]，{general}，{general}。",
    "[会前|此前]，{short}[组织|派出]考核组[深入|到]{subs}[实地查看|查阅台账]、[个别谈话|走访群众]，[对|就][各单位|各支部]的[党建工作情况|年度任务完成情况]进行[量化打分|综合考评]，[为|给]述职评议[提供了依据|打下了基础]。",
    "[今年的述职评议|本次述职评议][有|突出了][几个|三个]特点：[一是|一个是][突出问题导向|聚焦问题]，[要求|规定]述职[报告|内容]中问题剖析不少于[三分之一|一半]；[二是|另一个是][强化现场互动|增加提问环节]，[每名{who}都要回答提问|提问随机抽取]；[三是|再一个是][注重结果运用|评议结果公开]。",
    "{p4}在述职中[谈到|提到]，[本单位|所在单位]{action}，{dresult}。[对于|针对]{problem}的问题，[他|她][表示|承诺][将|要]在[一季度|上半年]内[拿出|制定][整改方案|具体措施]。",
    "[评议中|点评时]，{leader}[特别|专门][点出了|提醒]个别{who}[对党建工作|对支部建设][重视不够|投入精力不足]，[“两张皮”现象依然存在|有“重业务、轻党建”倾向]，[要求|希望]{who}[把党建当作主业|把第一责任人职责扛起来]。",
    "[与往年相比|与上年度相比]，[今年|本次]述职[更加注重|突出]“[用事实说话|晒实绩]”，[各|]{who}[普遍|大多][拿出了|列出了][具体数据和典型事例|问题清单和整改时间表]，[空话套话明显减少|形式主义的东西少了]。",
    "[述职评议会前|会前]，{short}[还|][组织|开展]了[党员群众满意度测评|基层党建工作专项检查]，[收集|征集]意见建议{20-200}条，[并|已][分别|逐一][反馈|转交]给[各述职单位|相关{who}]。",
    "{leader}[强调|指出]，述职评议[不是|不能][走过场|搞形式]，[要|必须]把[评议|点评]中[指出的问题|发现的短板]作为[下一步工作|来年党建工作]的[重点|发力点]，[以|用]问题[整改|解决]的实际成效[检验|体现]述职评议成果。",
    "[据了解|据介绍]，[{year}年|今年]是{short}[连续第{2-9}年|第{2-9}次]开展{reporters}述职评议[工作|]，[评议结果|测评结果]一直[与|和][年度考核|评先评优|干部使用][挂钩|结合]，[形成了|建立了][较为完善的|一套]考核评价[机制|体系]。",
]
REQ_OPEN = [
    "{leader}[对下一步工作|就抓好基层党建]提出[要求|几点意见]：",
    "[针对|结合]述职中暴露的问题，{leader}[强调|要求]：",
    "[会议强调|会议要求]，",
]
REQS = [
    "扛牢管党治党政治责任，[当好|做好]第一责任人",
    "推动党建与业务深度融合，防止“两张皮”",
    "[抓实|夯实]支部建设，[补齐|消除]弱项短板",
    "[用好|强化]考核结果运用，[让述职评议真正动起真格|把压力传导到基层]",
    "[锤炼|加强]党务干部队伍，提升[抓党建的能力|专业化水平]",
    "[聚焦|紧盯]问题清单，[一项一项|逐条逐项]抓好整改",
    "[坚持|落实]“三会一课”等制度，[提高|提升]组织生活质量",
    "把{camp_s}成果转化为[推动工作的实际成效|抓党建的具体行动]",
]
CLOSES = [
    "[据悉|据了解]，[本次述职评议|此次述职]实现了{subs}全覆盖，评议结果[将与年度绩效考核挂钩|作为考核评价的重要依据]。",
    "[述职评议|这次述职][是|作为]{year}年度党建考核的[重要环节|一项重要内容]，{short}将[把评议结果和日常考核结合起来|综合运用评议结果]，[推动基层党建工作全面进步|压紧压实各级书记责任]。",
    "[与会{who}表示|述职人纷纷表示]，将[认真对照点评意见|把点评意见带回去]，[抓好整改|补齐短板]，[推动党建工作提质增效|以实际成效接受检验]。",
]

# heads of enterprises / leading bodies reporting to the body above them
HEADS_PROCESS = [
    "会上，{n}家{subs_first}[主要负责人|党委书记、董事长][依次|逐一]述职，[围绕|聚焦]经营业绩、改革发展、党的建设[和|、]党风廉政建设等情况[作了汇报|报告履职情况]。",
    "{unit}领导班子和{n}名领导人员[分别|逐一]作述职报告，[围绕|结合]年度目标任务完成情况和履职尽责情况，[总结成绩|查找不足]。",
]
HEADS_SCORE = [
    "[评议组|与会人员]从[政治表现|业绩贡献|作风形象|廉洁从业]等维度进行了[量化测评|综合评价]，[结果将作为年度考核和薪酬兑现的重要依据|测评结果纳入经营业绩考核]。",
    "[会上|会议]采取[无记名方式|现场打分方式]进行民主测评，[测评结果|得分]将[与任期考核挂钩|作为干部选拔任用的重要参考]。",
]


def build(rng: random.Random, org: Org, camp: Campaign) -> Draft:
    ctx = base_ctx(rng, org, camp)
    year = rng.choice(range(camp.start, camp.end + 1))
    day = day_in(rng, year + 1, (1, 2, 3)) if chance(rng, 0.8) else day_in(rng, year, (7, 12))
    shape = rng.choices(["party", "heads", "brief"], [6, 2, 2])[0]
    if org.level == "branch" or org.kind in {"organisation", "work_committee"}:
        shape = "party" if shape == "heads" else shape
    enterprises = org.kind in {"sasac", "soe"} or (org.level == "group" and org.kind not in {"bank", "insurer"})
    who_list, who = reporters(org)
    n = rng.randint(3, 12) if org.level == "branch" else rng.randint(6, 40)
    ctx.update(
        {
            "date": cn_date(day, with_year=chance(rng, 0.3)),
            "year": str(year),
            "n": str(n),
            "good": str(rng.randint(1, n)),
            "leader_t": org.head,
            "host_t": org.deputy,
            "camp_ref": CAMP_REF,
            "focus": "、".join(picks(rng, FOCUS, rng.randint(2, 3))),
            "written": WRITTEN,
            "q1": QUESTIONS,
            "q2": QUESTIONS,
            "subs_first": org.subs[0].replace("各", ""),
        }
    )
    ctx["reporters"] = rng.choice(who_list)  # one group is reviewed throughout
    ctx["who"] = who
    ctx["topic"] = "" if org.level == "branch" else rng.choice(["抓基层党建工作", "抓党建工作", "抓基层党建"])
    ctx["problems"] = "、".join(picks(rng, ctx["problem"], rng.randint(2, 3), ctx))
    ctx["action"] = dealer(rng, domain(org)["action"])
    ctx["problem"] = dealer(rng, ctx["problem"])
    ctx["dresult"] = dealer(rng, domain(org)["result"])
    paras: list[str] = []
    if shape == "heads":
        ctx["who"] = "企业负责人" if enterprises else "领导人员"
        ctx["reporters"] = "{subs_first}负责人" if enterprises else "领导班子和领导人员"
        title = pick(rng, COMMISSION_TITLES if enterprises else HEAD_TITLES, ctx)
        who_heads = "{subs_first}负责人" if enterprises else "领导班子和领导人员"
        paras.append(
            fill(
                rng,
                f"{{date}}，{{short}}召开{{year}}年度{who_heads}述职评议会。{{head_t}}{{leader}}出席并讲话，{{host_t}}{{host}}主持。",
                ctx,
            )
        )
        paras.append(fill(rng, HEADS_PROCESS[0 if enterprises else 1], ctx))
        process_at = len(paras)
        if chance(rng, 0.6):
            paras.append(pick(rng, COMMENT, ctx))
        paras.append(fill(rng, HEADS_SCORE[0 if enterprises else 1], ctx))
    else:
        title = pick(rng, TITLES, ctx)
        lead = pick(rng, LEADS, ctx)
        paras.append(lead)
        if str(ctx["leader"]) not in lead:
            paras.append(fill(rng, "{head_t}{leader}[出席会议并讲话|作点评讲话]，{host_t}{host}主持会议。", ctx))
        if shape != "brief" or chance(rng, 0.4):
            paras.append(pick(rng, ATTEND[1:] if org.level == "branch" else ATTEND, ctx))
        paras.append(pick(rng, PROCESS, ctx))
        process_at = len(paras)
        middle = [pick(rng, QUESTION_LINES, ctx), pick(rng, COMMENT, ctx), pick(rng, SCORE, ctx)]
        if shape == "brief":
            middle = rng.sample(middle, 2)
        elif chance(rng, 0.3):
            middle[0], middle[1] = middle[1], middle[0]
        if shape != "brief" and chance(rng, 0.6):
            middle.insert(rng.randint(0, 1), pick(rng, OVERVIEW, ctx))
        if shape != "brief" and chance(rng, 0.6):
            middle.insert(rng.randint(0, 2), pick(rng, EXAMPLE, ctx))
        paras.extend(middle)
        if shape != "brief" or chance(rng, 0.5):
            paras.append(pick(rng, LISTS, ctx))
    extras = EXTRAS if shape != "heads" else [EXTRAS[0], EXTRAS[6], EXTRAS[7]]
    grow(rng, paras, extras, ctx, target_length(rng, shape == "brief") - 200, at=process_at)
    reqs = picks(rng, REQS, rng.randint(2, 3 if shape == "brief" else 5), ctx)
    reqs = ordinal_list(
        rng, elaborate(rng, reqs, ctx, 0.2 if shape == "brief" else 0.6), rng.choice(["要", "是", "要"])
    )
    opener = pick(rng, REQ_OPEN, ctx)
    if shape == "brief" or chance(rng, 0.5):
        paras.append(opener + "；".join(reqs) + "。")
    else:
        paras.append(opener.rstrip("，") + ("" if opener.endswith("：") else "："))
        paras.extend(r + "。" for r in reqs)
    if chance(rng, 0.6):
        paras.append(pick(rng, CLOSES, ctx))
    return Draft(title=title, paragraphs=paras, template=f"performance_review/{shape}", date=day.isoformat())
