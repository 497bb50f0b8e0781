"""summary_meeting: a meeting held to sum up a campaign, a programme or a period of work.

Shapes: the standard report (lead, attendance, results recap, experience, speech, requirements), a
commendation meeting, a 总结暨部署 meeting, a report headed by a leader's instruction to the meeting,
and a short news brief. Non-party programmes (poverty alleviation, safety drives) are summed up too.
"""

from __future__ import annotations

import random

from phrasebank.campaigns import Campaign
from phrasebank.common import base_ctx, cn_date, elaborate, summary_date
from phrasebank.core import Draft, chance, cn, dealer, fill, grow, ordinal_list, pick, picks, target_length
from phrasebank.orgs import Org

MEETINGS = {
    "standard": ["{camp}总结会议", "{camp}总结大会", "{camp}工作总结会", "{camp}总结会"],
    "commendation": ["{camp}总结表彰大会", "{camp}总结暨表彰大会", "{year}年{camp}总结表彰会"],
    "deploy": ["{camp}总结暨{next_one}部署会议", "{camp}总结暨{next_one}推进会", "{camp}工作总结和{next_one}部署会"],
}

TITLES = [
    "{short}召开{meeting}",
    "{org}召开{meeting}",
    "{short}{meeting}[召开|在{city}召开|举行]",
    "{short}召开{meeting} [全面总结成效经验|回顾成效 部署任务|巩固成果 接续奋进]",
    "[总结经验 再启新程|回望来路 笃定前行|凝心聚力 乘势而上]——{short}召开{meeting}",
    "{short}：[总结|盘点]{camp_s}成效 [部署|谋划]下一步工作",
    "{leader}在{short}{meeting}上强调[巩固拓展{camp_s}成果|把{camp_s}成果转化为发展动力]",
]

LEADS = [
    "{date}，{org}[{place}|]召开{meeting}，{purpose}。",
    "{date}，{party}召开{meeting}，{purpose}。{host_line}",
    "[近日|日前]，{org}[{place}|]召开{meeting}。[会议|大会]{purpose}。",
    "为[全面|系统|认真]总结{camp}[开展情况|取得的成效|主要做法]，{date}，{short}召开{meeting}。{host_line}",
    "{date}[上午|下午|]，{short}以[视频|“主会场+分会场”]形式召开{meeting}，{purpose}。",
    "{date}，{short}{meeting}[{place}|]举行。{leader_t}{leader}出席会议并讲话。",
]

PURPOSES = [
    "全面总结{camp}[取得的成效|的主要成效]和[经验|做法]",
    "[认真|深入]回顾{camp_s}开展情况",
    "对巩固拓展{camp_s}成果[作出部署|进行安排]",
    "[表彰|通报表扬]一批{honour0}和{honour1}",
    "[动员|号召]{members}[以更加饱满的热情投入下一步工作|把成果转化为推动工作的实际成效]",
    "[深入|认真]贯彻落实上级有关会议精神",
    "[梳理|盘点]{camp_s}中形成的好经验好做法",
]

HOST_LINES = [
    "{leader_t}{leader}出席会议并讲话，{host_t}{host}主持会议。",
    "会议由{host_t}{host}主持，{leader_t}{leader}作[总结讲话|讲话]。",
    "{leader_t}、{camp_s}领导小组组长{leader}[讲话|作总结讲话]，{host_t}{host}主持。",
    "{host_t}{host}主持会议[并传达上级有关会议精神|]，{leader_t}{leader}[出席并讲话|作总结讲话]。",
]

ATTEND = [
    "{guest_t}{guest}[出席会议|到会指导|出席会议并讲话]。{attendees}[在主会场|]参加会议。",
    "{attendees}参加会议[，{subs}设{3-90}个分会场|]。",
    "{attendees}[在主会场参加会议|参加会议]，{subs}[相关人员|党员干部]在分会场参加。{guest_t}{guest}到会[指导|并讲话]。",
    "[会议以视频形式召开|会议采取视频形式]，{attendees}参加。",
]

RECAP_OPEN = [
    "会议[指出|认为]，{since}，{self}[坚决贯彻上级决策部署|按照上级统一部署|在上级党组织的指导下]，[紧扣|围绕]“{aim}”[目标|要求]，[精心组织|周密安排|扎实推进]，{camp_s}取得[明显|显著|扎实]成效。",
    "[会议充分肯定了{camp_s}取得的成绩|会议对{camp_s}开展情况给予充分肯定]。{since}，{scope}[上下|]{campaign_effort}，[各项任务|规定动作和自选动作]落到了实处。",
    "{leader}[在讲话中|]回顾了{camp_s}的[开展情况|主要成效]。他[指出|说]，{since}，{self}{campaign_effort}，[达到了预期目的|取得了实实在在的成效]。",
]
SINCE = [
    "[一年来|一段时间以来|活动开展以来]",
    "自{camp_s}开展以来",
    "{year}年以来",
    "[按照|对照]既定安排，经过几个月的努力",
]
EFFORT = [
    "[坚持高标准谋划、高质量推进|坚持把{camp_s}作为一项重要政治任务来抓]",
    "[把{camp_s}同中心工作结合起来|坚持上下联动、全员参与]",
    "[层层压实责任、逐项推进落实|一级抓一级、层层抓落实]",
]

COUNTS = ["[全年|活动期间|一年来]，{metrics}。", "据统计，{metrics}。", "[数据显示|截至目前]，{metrics}。"]

ACHIEVEMENTS = [
    "[坚持领导带头|突出以上率下]，[班子成员|领导干部]带头学习、带头调研、带头整改，[为全体党员作出了示范|形成了一级带一级的局面]",
    "[聚焦|围绕]{work}，把{camp_s}[与|同]年度重点任务[紧密结合|一体推进]，[推动|促进]了一批难题的解决",
    "[用好|创新]学习载体，[线上线下结合|集中学习和自学结合]，[学习覆盖面和参与度明显提高|做到了全覆盖]",
    "[坚持|注重]问题导向，[边学边查边改|即知即改、立行立改]，{result}",
    "[广泛|深入]宣传，[讲好|挖掘]身边[典型|故事]，[营造了比学赶超的浓厚氛围|形成了良好的舆论氛围]",
    "[坚持|突出]为民导向，{result}",
    "[强化督导|加强指导]，[巡回指导组深入基层|通过蹲点指导和随机抽查]，[确保了工作质量|防止了走过场]",
]

EXPERIENCE = [
    "会议[认为|总结指出]，[在推进{camp_s}过程中|实践中]，{self}积累了[一些|几条]有益经验：{lessons}。",
    "会议[梳理|总结]了[{camp_s}中的|这次{camp_s}的]经验做法，[认为|指出]必须{lessons}。",
]
LESSONS = [
    "坚持领导带头、以上率下",
    "坚持学用结合、以学促干",
    "坚持问题导向、即知即改",
    "坚持统筹兼顾、分类指导",
    "坚持群众参与、[群众评判|开门搞活动]",
    "坚持[严督实导|从严从实]、[注重实效|力戒形式主义]",
]

SPEECH = [
    "{leader}[指出|表示]，开展{camp}是[上级党组织|党中央]作出的[重要部署|重大决策]，{self}[认真落实|主动作为|积极响应]，[交出了一份合格答卷|取得了阶段性成果]。[同时也要看到|也应清醒看到]，[个别单位|少数党组织]还存在{weak}等问题，[需要在下一步工作中加以解决|必须认真加以改进]。",
    "{leader}[强调|指出]，{camp_s}[告一段落|集中阶段虽然结束]，但[巩固成果的任务|后续工作]没有结束。[要|必须]把{camp_s}中[形成的好经验|焕发的工作热情]转化为[推进{work}的强大动力|完成全年任务的实际行动]。",
    "{leader}[在讲话中|]充分肯定了{camp_s}取得的成效，[对|向]{members}[表示感谢|致以敬意]。他[说|指出]，[成绩来之不易|这些成效是大家干出来的]，[要倍加珍惜|要巩固好、发展好]。",
]
WEAK = ["学用结合不够紧密", "成果转化不够充分", "工作进展不平衡", "长效机制还不健全", "宣传总结不够到位"]

GUEST_SPEECH = [
    "{guest}[在讲话中|]充分肯定了{short}{camp_s}[取得的成效|的组织开展情况]，[认为|指出]{self}[领导重视、组织有力|工作扎实、特色鲜明]，[在|围绕]{work}[等方面|上][探索了有效路径|作出了积极贡献]。[他|她]希望{self}[巩固好、运用好|持续深化]{camp_s}成果，[在新的起点上|以更高标准]推动各项工作。",
    "{guest}[在讲话中|]对{self}{camp_s}取得的成效表示[肯定|祝贺]，[并就|就][巩固拓展成果|做好下一步工作]提出[意见建议|希望]。[他|她]说，[这次|本次]{camp_s}[组织周密、推进有序|规定动作扎实、自选动作有特色]，[形成了一批可复制的经验|给基层留下了深刻印象]。",
]
ACH_TAIL = [
    "{metric}",
    "{metric}，{metric}",
    "[受到|得到]{folk}[普遍好评|广泛认可]",
    "[相关做法|有关经验]在{parent}[交流推广|作经验介绍]",
]
TRANSMIT = [
    "会议[传达学习了|首先传达了]上级[关于{camp_s}总结工作的通知精神|有关会议精神]，[播放了|观看了]{camp_s}[工作纪实片|成果展示片]。",
    "[会前|会议开始前]，与会人员[集体学习了|学习了]上级关于{camp_s}的[有关文件|重要部署]。",
]
SHORTFALLS = [
    "会议[同时指出|也指出]，[对照上级要求|对照群众期盼]，{camp_s}[还存在一些不足|还有一些差距]：{weak}，{weak2}。[对这些问题|这些问题][要高度重视|必须认真对待]，[在今后工作中|在巩固成果中][加以解决|逐步解决]。",
]
EXTRAS = [
    "[据介绍|据了解|总体来看]，{general}，{general}。",
    "会议[认为|指出]，[在理论武装方面|在思想引领上]，{self}[坚持|注重][集中学习与自学相结合|领导带头学与全员跟进学相结合]，[推动|引导]{members}[把学习成果转化为工作思路|学有所得、学有所用]，{metric}。",
    "[在解决实际问题方面|在为民办实事上]，{self}[坚持|注重][问题导向|群众点题]，[梳理|形成]问题清单，[逐项|逐一]明确[责任单位和完成时限|责任人]，{result}，[受到|得到]{folk}[的普遍欢迎|好评]。",
    "[在推动中心工作方面|在服务发展大局上]，{self}[把|将]{camp_s}[与|同]{work}[统筹推进|结合起来]，[主要|各项]指标[稳中有进|好于预期]，[为完成全年目标任务提供了有力保障|为高质量发展注入了动力]。",
    "[在组织推动方面|在强化领导上]，{self}[成立|组建]领导小组和工作专班，[建立|完善][周调度、月通报|定期会商]机制，[派出|组建]{2-9}个[巡回指导组|督导组][深入|到]{subs}[开展指导|督促落实]，[确保了|保证了]{camp_s}[有力有序推进|高质量开展]。",
    "[在宣传引导方面|在营造氛围上]，{self}[通过|借助][网站专栏|微信公众号|简报]等平台[刊发|推送]各类稿件{30-400}篇，[选树|推出]先进典型{5-60}个，[在{members}中|在全系统][形成了比学赶超的良好氛围|引起了强烈反响]。",
    "{leader}[还|]指出，[这次|本次]{camp_s}[之所以|能够][取得明显成效|顺利推进]，[根本在于|关键在于][上级的坚强领导|各级党组织的共同努力]，[得益于|离不开]{members}的[积极参与|辛勤付出]。",
    "[会议还|会上还][通报了|介绍了]{camp_s}[巡回指导|督导检查]情况，[对|就][工作中发现的|督导中发现的]问题[提出了整改意见|作了说明]，[要求|明确]有关单位[限期|抓紧]整改到位。",
    "{guest}[结合|围绕][指导|调研]中[掌握|了解]的情况，[对|就]{self}{camp_s}的[特色做法|成效经验][作了点评|进行了评价]，[认为|指出]{self}[规定动作扎实、自选动作有特色|组织有力、成效明显]。",
    "[有关单位|{2-5}家单位][负责人|负责同志][分别|先后][结合本单位实际|围绕{work}][介绍了|交流了]{camp_s}中的[典型做法|体会和经验]，[为|给]与会人员[提供了借鉴|带来了启发]。",
    "[会议认为|会议指出]，{camp_s}[使|让]{members}[普遍受到|经受了]一次[深刻的|全面的][思想洗礼|政治教育]，[干事创业的精气神|攻坚克难的信心][明显增强|进一步提振]，[为完成下一阶段任务|为推动各项事业发展][打下了坚实基础|积蓄了强大动力]。",
]
REQ_OPEN = [
    "{leader}就[下一步工作|巩固拓展{camp_s}成果]提出[要求|几点意见]：",
    "[会议强调|会议要求]，[下一步|今后一个时期]，[要|]重点做好以下工作：",
    "{host_t}{host}就贯彻落实会议精神提出要求：",
    "[对于下一步工作|针对后续工作]，{leader}[强调|提出]：",
]
REQS = [
    "持续巩固成果，推动{camp_s}[常态化长效化|成果不断转化为工作动力]",
    "[坚持|注重]学用结合，把成效体现到[完成年度目标任务|推动高质量发展|解决实际问题]上",
    "[健全|完善]长效机制，把行之有效的做法[固化为制度|形成规范]",
    "[压紧压实|层层压实]责任，[确保|推动]各项任务落地见效",
    "[加强宣传引导|讲好身边故事]，[选树|推出]一批先进典型",
    "[聚焦|围绕]{next_one}，[提前谋划|统筹抓好]各项工作",
    "[锤炼|转变]作风，[力戒|坚决反对]形式主义、官僚主义",
    "[关心关爱|用好]基层一线[干部|党员]，[激发|调动]干事创业积极性",
    "[迅速|及时]传达会议精神，[把会议部署落实到每个支部|确保会议精神传达到全体党员]",
]

COMMEND = [
    "会议[宣读了|通报了]《关于表彰{year}年度{camp}{honour0}和{honour1}的决定》，{n_groups}个{honour0}、{n_people}名{honour1}受到表彰。",
    "[大会|会上]对在{camp_s}中表现突出的{n_groups}个集体和{n_people}名个人[进行了表彰|予以通报表扬]，[与会领导为受表彰代表颁奖|受表彰代表上台领奖]。",
]
EXCHANGE = [
    "会上，{2-8}[家单位|个党组织|名党员代表]围绕[{camp_s}中的做法和体会|如何巩固拓展成果]作交流发言。",
    "[{p3}|受表彰代表{p3}]代表[先进集体|基层党组织]作[表态|交流]发言。",
    "[会上|会议期间]，[播放了|观看了]{camp_s}[专题片|成果展示片]。",
]
DEPLOY = [
    "会议[还|同时]对{next_one}[作出部署|进行了安排]，[明确了|提出了]{3-8}[方面|项]重点任务。",
    "[会上|会议]印发了[《关于巩固拓展{camp_s}成果的实施意见》|{next_one}工作要点]，[对下一步工作作出具体安排|明确了时间表和责任人]。",
]
CLOSES = [
    "[与会人员|大家]表示，将[认真学习领会会议精神|把会议精神传达到每一名党员]，[推动|确保]{camp_s}成果[不断巩固|转化为工作实效]。",
    "[会议要求|会议号召]{subs}[结合实际抓好贯彻落实|把会议精神落实到具体工作中]。",
]

INSTRUCTION_TITLES = [
    "{boss}对{short}{camp_s}总结工作作出批示",
    "{boss}[会见|看望]{short}{camp_s}总结表彰大会代表",
]
INSTRUCTION_LEADS = [
    "{date}，{short}召开{meeting}。{boss}[专门作出批示|发来批示]，对{camp_s}取得的成效给予肯定，[要求|希望]{self}[巩固好、拓展好成果|再接再厉、乘势而上]。",
    "{date}，{boss}[会见了|亲切会见了]出席{short}{meeting}的代表，[向受表彰的集体和个人表示祝贺|勉励大家再立新功]。",
]


def build(rng: random.Random, org: Org, camp: Campaign) -> Draft:
    ctx = base_ctx(rng, org, camp)
    day = summary_date(rng, camp)
    shape = rng.choices(["standard", "commendation", "deploy", "instruction", "brief"], [5, 2, 2, 1, 2])[0]
    meeting_kind = shape if shape in MEETINGS else rng.choice(["standard", "standard", "commendation"])
    ctx.update(
        {
            "date": cn_date(day, with_year=chance(rng, 0.3)),
            "year": str(camp.end),
            "city": org.extra.get("city", "京"),
            "next_one": rng.choice(camp.next_work),
            "since": SINCE,
            "campaign_effort": EFFORT,
            "weak": dealer(rng, WEAK),
            "weak2": None,
            "leader_t": org.head,
            "host_t": org.deputy,
            "boss": ["上级党组织主要负责同志", "{parent}主要负责同志", "{parent}负责同志"],
        }
    )
    ctx["weak2"] = ctx["weak"]
    small = org.level == "branch"
    ctx["n_groups"] = str(rng.randint(1, 4) if small else rng.randint(3, 40))
    ctx["n_people"] = str(rng.randint(2, 8) if small else rng.randint(5, 90))
    ctx["meeting"] = fill(rng, rng.choice(MEETINGS[meeting_kind]), ctx)
    ctx["purpose"] = "，".join(picks(rng, PURPOSES, rng.randint(1, 3), ctx))
    ctx["host_line"] = pick(rng, HOST_LINES if org.kind != "leading_group" else [HOST_LINES[0], HOST_LINES[1]], ctx)
    ctx["metrics"] = "，".join(picks(rng, camp.metrics, rng.randint(2, 3), ctx))
    ctx["lessons"] = "；".join(picks(rng, LESSONS, rng.randint(3, 5), ctx))
    brief = shape == "brief"

    paras: list[str] = []
    if shape == "instruction":
        title = pick(rng, INSTRUCTION_TITLES, ctx)
        paras.append(pick(rng, INSTRUCTION_LEADS, ctx))
        paras.append(str(ctx["host_line"]))
    else:
        title = pick(rng, TITLES, ctx)
        lead = pick(rng, LEADS, ctx)
        paras.append(lead)
        if str(ctx["leader"]) not in lead and str(ctx["host"]) not in lead:
            paras.append(str(ctx["host_line"]))
    if not brief or chance(rng, 0.5):
        paras.append(pick(rng, ATTEND, ctx))
    if not brief and chance(rng, 0.3):
        paras.append(pick(rng, TRANSMIT, ctx))

    if shape == "commendation" or (not brief and chance(rng, 0.2)):
        paras.append(pick(rng, COMMEND, ctx))
    recap = pick(rng, RECAP_OPEN, ctx)
    if chance(rng, 0.7):
        recap += pick(rng, COUNTS, ctx)
    paras.append(recap)
    if not brief:
        tail = dealer(rng, ACH_TAIL)
        achievements = [
            a + ("，" + fill(rng, tail(), ctx) if chance(rng, 0.6) else "")
            for a in picks(rng, ACHIEVEMENTS, rng.randint(2, 5), ctx)
        ]
        items = ordinal_list(rng, achievements, rng.choice(["是", "第", "括"]))
        if chance(rng, 0.5):
            paras.append(
                fill(
                    rng,
                    "[具体来看|主要体现在以下几个方面|成效主要体现在{n}个方面]：",
                    {"n": "两" if len(items) == 2 else cn(len(items))},
                )
            )
            paras.extend(i + "。" for i in items)
        else:
            paras.append("；".join(items) + "。")
        if chance(rng, 0.6):
            paras.append(pick(rng, EXPERIENCE, ctx))
        grow(rng, paras, EXTRAS, ctx, target_length(rng) - 450)
        if chance(rng, 0.35):
            paras.append(pick(rng, SHORTFALLS, ctx))
        if chance(rng, 0.35):
            paras.append(pick(rng, GUEST_SPEECH, ctx))
        if chance(rng, 0.75):
            paras.extend(picks(rng, SPEECH, rng.randint(1, 2), ctx))
    if shape == "deploy" or chance(rng, 0.15):
        paras.append(pick(rng, DEPLOY, ctx))

    if brief:
        grow(rng, paras, EXTRAS[:4], ctx, target_length(rng, brief) - 100)
    reqs = picks(rng, REQS, rng.randint(2, 3 if brief else 5), ctx)
    reqs = ordinal_list(rng, elaborate(rng, reqs, ctx, 0.2 if brief else 0.6), rng.choice(["要", "要", "是", "第"]))
    opener = pick(rng, REQ_OPEN, ctx)
    if brief or chance(rng, 0.5):
        paras.append(opener + "；".join(reqs) + "。")
    else:
        paras.append(opener)
        paras.extend(r + "。" for r in reqs)
    if chance(rng, 0.3 if brief else 0.5):
        paras.append(pick(rng, EXCHANGE, ctx))
    if chance(rng, 0.5):
        paras.append(pick(rng, CLOSES, ctx))
    return Draft(title=title, paragraphs=paras, template=f"summary_meeting/{shape}", date=day.isoformat())
