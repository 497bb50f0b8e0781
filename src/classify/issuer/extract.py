"""Name the organisation a report is about: ``extract_issuer(document) -> Issuer | None``.

Candidates are (a) names the knowledge base knows (organs, groups, units, universities, places),
grown into the nested name the report writes (国资委 -> 国资委党委, 中国航天科工 ->
中国航天科工二院二部一室党支部, 株洲 -> 株洲高科集团), and (b) the subjects of convenor sentences in
the title and lead (``航天通信召开…``, ``公共管理学院开展…``). Each mention is scored by hand-written
preference rules (where it stands, whether it convenes, attends, or is a person's affiliation or a
place visited); mentions of one organisation are pooled and the best organisation wins. Outlets that
republished the report are never candidates.

Spans index ``Document.text`` (title, subtitle and body joined by newlines, after cleaning).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from classify.intake.document import Document
from classify.issuer.candidates import Candidate as _Candidate
from classify.issuer.candidates import Mention as _Mention
from classify.issuer.knowledge import HAN, PARTY_PREFIX, Knowledge, Verdict, knowledge
from classify.issuer.rank import features, packaged_ranker

LEAD_SENTENCES = 3
LEAD_MAX_CHARS = 400
_CLAUSE_END = '，,。；;：:！!？?\n【】「」“”"《》（）()—|丨 　'
_STRONG = (
    "召开",
    "举办",
    "举行",
    "开展",
    "组织",
    "启动",
    "印发",
    "部署",
    "推行",
    "实施",
    "出台",
    "成立",
    "推出",
    "探索",
)
_LINK = rf"(?:在[{HAN}]{{0,6}}?|于[{HAN}\d]{{0,8}}?|近日|日前|今天|昨天|近期|\d{{1,2}}月\d{{1,2}}日)?"
_MODIFIER = "(?:深入|扎实|认真|积极|精心|全面|持续|专门|隆重|广泛|集中|大力|率先|先后|陆续|创新|联合|共同|统一)?"
_STRONG_RE = re.compile(rf"^{_LINK}{_MODIFIER}(?:{'|'.join(_STRONG)})")
_LOCATIVE = ("在", "赴", "到", "来到", "走进", "探访", "前往", "位于", "深入", "走访", "来自", "向", "对", "给", "为")
_TIME = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:上午|下午|晚上)?")
#: the knowledge base's kinds of organisation a bare part (学院, 分公司) may belong to
PARENT_KINDS = ("central_organ", "central_soe", "central_soe_unit", "central_university")
_MEMBERS = ("班子", "成员", "全体", "广大", "各级", "领导", "干部", "党员", "职工", "同志", "书记", "负责人")


@dataclass
class Issuer:
    """The organisation a report is about.

    ``name`` is as the report writes it; ``full_name`` from the text (a longer form it also uses)
    or the knowledge base; ``span`` is ``(start, end)`` of the chosen mention in ``Document.text``;
    ``level`` the level that organisation implies (``None`` when unknown); ``evidence`` a short why.
    """

    name: str
    full_name: str | None
    span: tuple[int, int]
    level: str | None
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data


def _zones(doc: Document, text: str) -> list[tuple[int, int, str, float]]:
    """``(start, end, zone, weight)``: title, subtitle, the lead (first sentences), the rest."""
    zones = []
    pos = 0
    for part, zone, weight in ((doc.title, "title", 2.5), (doc.subtitle, "subtitle", 2.0)):
        if part:
            zones.append((pos, pos + len(part), zone, weight))
            pos += len(part) + 1
    body_start = pos
    ends = [m.end() for m in re.finditer(r"[。！？!?]+[”’」』）)]*|\n", text[body_start:])]
    short_lines = 0
    lead_end = body_start
    for count, end in enumerate(ends, 1):
        lead_end = body_start + end
        # pd's lead line (海南“五级书记”齐上阵) and a broken header do not count as sentences
        if text[lead_end - 1 : lead_end] == "\n" and end - (ends[count - 2] if count > 1 else 0) < 30:
            short_lines += 1
        if count - short_lines >= LEAD_SENTENCES or lead_end - body_start > LEAD_MAX_CHARS:
            break
    first_end = body_start + (ends[min(short_lines, len(ends) - 1)] if ends else len(text) - body_start)
    zones.append((body_start, min(first_end, lead_end), "first sentence", 1.5))
    zones.append((min(first_end, lead_end), lead_end, "lead", 0.75))
    zones.append((lead_end, len(text), "body", 0.0))
    return zones


def _clause_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    return start


def _strip_leading(kb: Knowledge, clause: str) -> int:
    """How many characters of time words and adverbials open a clause (``近日，``, ``1月7日``)."""
    adverbials = kb.words("leading_adverbials")
    cut = 0
    while True:
        before = cut
        m = _TIME.match(clause[cut:])
        if m and m.end():
            cut += m.end()
        for word in adverbials:
            if clause.startswith(word, cut):
                cut += len(word)
                break
        if cut == before:
            return cut


class IssuerExtractor:
    """Hand-written preference rules over the candidates (see the module docstring)."""

    def __init__(self, kb: Knowledge | None = None, *, use_ranker: bool = True) -> None:
        self.kb = kb or knowledge()
        self.ranker = packaged_ranker() if use_ranker else None

    # --- candidates --------------------------------------------------------------------------------

    def _grow(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Grow a known name into the nested name around it: 中共 before, segments with heads after."""
        if text[max(0, start - 2) : start] == "中共":
            start -= 2
        if (
            self.kb.entries.get(text[start:end].removeprefix("中共"), None) is not None
            and text[start:end] in self.kb.places
        ):
            county = self.kb.county_alias_re.match(text, end)
            if county:
                end = county.end()
        limit = end + 30
        while end < limit:
            if text.startswith("的", end):  # 海口市的施茶村
                m = self.kb.head_re.match(text, end + 1)
                if m and m.group(0).endswith(tuple(self.kb.heads("grassroots_place"))):
                    end = m.end()
                    continue
                break
            m = self.kb.head_re.match(text, end)
            if not m or m.end() == end:
                break
            end = m.end()
        return start, end

    def known_mentions(self, text: str) -> list[_Mention]:
        out: list[_Mention] = []
        outlets = tuple(self.kb.rules["outlets"])
        outlet_suffixes = tuple(self.kb.words("outlet_suffixes"))
        for m in self.kb.name_re.finditer(text):
            start, end = m.start(), m.end()
            if text.startswith(outlet_suffixes, end):
                continue  # the organisation's own website or account naming the page: an outlet
            if out and out[-1].end == start:  # adjacent names chain: 江西 + 赣州市, 湖北省 + 分行
                prev = out.pop()
                start = prev.start
            start, end = self._grow(text, start, end)
            if out and start < out[-1].end:  # the previous name already grew over this one
                continue
            name = text[start:end]
            if name.startswith(outlets) or name.endswith(outlet_suffixes) or text.startswith(outlet_suffixes, end):
                continue  # a republishing outlet, or a website or account (grown over 网站, 融媒体中心)
            out.append(_Mention(start, end, name))
        person_chain = re.compile(self.kb.rules["person_title_chain"])
        for m in re.finditer(self.kb.rules["central_body_pattern"], text):
            start = m.start() + _strip_leading(self.kb, m.group(0))
            chain = person_chain.match(text, start, m.end())
            if chain:  # 中央政治局委员、中央…领导小组: the body is what follows a person's titles
                start = chain.end()
            if not any(
                k.start <= start < k.end or start <= k.start < m.end()
                for k in out
                if k.end - k.start >= m.end() - start
            ):
                out = [k for k in out if not (start <= k.start and k.end <= m.end())]
                out.append(_Mention(start, m.end(), text[start : m.end()]))
        out.sort(key=lambda k: k.start)
        return out

    def subject_mentions(self, text: str, zones: list[tuple[int, int, str, float]]) -> list[_Mention]:
        """Subjects of convenor sentences in the title and lead that the knowledge base does not know."""
        out = []
        verbs = "|".join(_STRONG + tuple(self.kb.words("convenor_verbs")))
        heads = self.kb.heads(
            "branch",
            "grassroots_place",
            "party_body",
            "enterprise",
            "unit",
            "institution",
            "local_place",
            "local_body",
            "central_body",
        )
        head_re = re.compile(rf"^{self.kb.name_body}{{1,24}}(?:{'|'.join(map(re.escape, heads))})")
        outlets = tuple(self.kb.rules["outlets"])
        for zstart, zend, zone, _ in zones:
            if zone == "body":
                continue
            for clause in re.finditer(rf"[^{re.escape(_CLAUSE_END)}]+", text[zstart:zend]):
                cstart = zstart + clause.start()
                body = clause.group(0)
                cut = _strip_leading(self.kb, body)
                verb = re.search(verbs, body[cut:])
                if not verb:
                    # a title that opens with a grassroots unit's name and a colon (红八连：…)
                    after = text[cstart + len(body) : cstart + len(body) + 1]
                    if (
                        zone == "title"
                        and after in "：:"
                        and re.fullmatch(rf"[{HAN}0-9]{{2,12}}", body)
                        and self.kb.level_of(body).level == "branch"
                    ):
                        out.append(_Mention(cstart, cstart + len(body), body))
                    continue
                subject = body[cut : cut + verb.start()].split("、")[0]
                subject = re.sub(rf"{_LINK}{_MODIFIER}$", "", subject) if subject else subject
                if not subject or subject.startswith(outlets) or body[cut + verb.end() :].startswith("以来"):
                    continue
                if re.search(r"(?:教育|活动|工作|会议|精神|行动|工程|以来)$", subject) or self._not_subject(subject):
                    continue
                m = head_re.match(subject)
                rest = subject[m.end() :] if m else ""
                if m and (not rest or rest.startswith(_MEMBERS) or re.fullmatch(r"[\u4e00-\u9fff]{0,4}会议?", rest)):
                    name = m.group(0)
                elif (
                    3 <= len(subject) <= 10
                    and _STRONG_RE.match(body[cut + len(subject) :])
                    and re.fullmatch(rf"[{HAN}]{{2,10}}", subject)
                ):
                    name = subject
                else:
                    continue
                if name.startswith(("党", "支部")) or name in heads:
                    continue  # 党支部, 党委: a generic head, not a name
                out.append(_Mention(cstart + cut, cstart + cut + len(name), name))
        return out

    def _not_subject(self, subject: str) -> bool:
        rules = self.kb.rules["not_subjects"]
        return (
            subject.startswith(tuple(rules["starts"]))
            or any(w in subject for w in rules["contains"])
            or subject.endswith(tuple(rules["ends"]))
        )

    # --- scoring -----------------------------------------------------------------------------------

    def _score(self, text: str, mention: _Mention, zones: list[tuple[int, int, str, float]]) -> None:
        zone = next((z for z in zones if z[0] <= mention.start < z[1]), zones[-1])
        _, _, zname, weight = zone
        if weight:
            mention.score += weight
            mention.reasons.append(zname)
        cstart = _clause_start(text, mention.start)
        opening = text[cstart : mention.start]
        if len(opening) == _strip_leading(self.kb, opening):
            mention.score += 1.0 if weight else 0.0
            mention.reasons.append("opens its clause")
            if zname == "title" and cstart == zone[0]:
                mention.score += 1.0
        after = text[mention.end : mention.end + 40]
        clause_after = re.split(rf"[{re.escape(_CLAUSE_END)}]", after, maxsplit=1)[0]
        if _STRONG_RE.match(after):
            mention.score += 2.5
            mention.reasons.append("convenes")
        elif after.startswith(tuple(self.kb.rules["convenor_verbs"])):
            mention.score += 1.0
            mention.reasons.append("subject of the sentence")
        if after.startswith(tuple(self.kb.rules["person_titles"])) or re.match(r"^(?:副)?(?:书记|主任|部长)", after):
            mention.score -= 1.5
            mention.reasons.append("a person's affiliation")
        if any(w in clause_after for w in self.kb.rules["attend_words"]) and not _STRONG_RE.match(after):
            penalty = 3.0 if mention.name.endswith(tuple(self.kb.heads("central_body"))) else 1.5
            mention.score -= penalty
            mention.reasons.append("attends or speaks")
        if text[max(0, mention.start - 2) : mention.start].endswith(_LOCATIVE):
            mention.score -= 1.5
            mention.reasons.append("a place visited or addressed")
        if weight and self.kb.level_of(mention.name).level in ("branch", "subsidiary"):
            mention.score += 0.5  # the label is the most specific organisation (LABELS.md)
            mention.reasons.append("specific")

    def key(self, name: str) -> str:
        from classify.issuer.normalize import issuer_key

        return issuer_key(name, self.kb)

    # --- choice ------------------------------------------------------------------------------------

    def candidates(self, doc: Document) -> list[_Candidate]:
        """The organisations the report names, each with its pooled mentions, rule score and features."""
        text = doc.text
        if not text.strip():
            return []
        zones = _zones(doc, text)
        mentions = self.known_mentions(text)
        for m in mentions:
            m.origin = "known" if self.kb.longest_prefix(m.name) is not None else "central pattern"
            if re.search(self.kb.rules["central_body_pattern"], m.name):
                m.origin = "central pattern"
        known_spans = {(m.start, m.end) for m in mentions}
        for m in self.subject_mentions(text, zones):
            # a subject that ends in a known nested name is that name (中国航天航天科技集团… -> the group)
            inner = next((k for k in mentions if m.start <= k.start and k.end == m.end), None)
            if inner is not None or (m.start, m.end) in known_spans:
                continue
            # the report names it again elsewhere (高科集团党委 ... 高科集团): those mentions count too
            core = self.key(m.name) if self.key(m.name) in m.name else m.name
            for again in re.finditer(re.escape(core), text):
                if (again.start(), again.end()) not in known_spans and not (m.start <= again.start() < m.end):
                    known_spans.add((again.start(), again.end()))
                    mentions.append(_Mention(again.start(), again.end(), core, origin="repeated subject"))
            known_spans.add((m.start, m.end))
            m.origin = "subject"
            mentions.append(m)
        if not mentions:
            return []
        pooled: dict[str, list[_Mention]] = defaultdict(list)
        for m in mentions:
            self._score(text, m, zones)
            pooled[self.key(m.name)].append(m)
        out = []
        for key, group in pooled.items():
            best = max(group, key=lambda m: (m.score, -m.start))
            total = best.score + 0.25 * min(len(group), 8)
            out.append(_Candidate(key, group, best, total))
        features(self.kb, text, zones, out)
        return out

    def choose(self, cands: list[_Candidate]) -> _Candidate | None:
        """The organisation the report is about, or ``None``. With a packaged ranker: its best-scored
        candidate among those with a mention the rules think plausible (score >= 1). Without: the
        hand-written choice, the highest pooled rule score (the earliest on a tie), if plausible."""
        if self.ranker is not None:
            return self.ranker.choose(self.eligible(cands))
        if not cands:
            return None
        best = max(cands, key=lambda c: (c.total, -c.first))
        return best if best.best.score >= 1.0 else None

    def eligible(self, cands: list[_Candidate]) -> list[_Candidate]:
        """Candidates the ranker may choose: a mention the rules find plausible (score >= 1), or a
        central leading group named in the title or lead even as its leader's affiliation (the leading
        group's meeting that its deputy head chairs: an implicit convenor)."""
        leading = tuple(self.kb.rules["implicit_convenors"])
        return [
            c
            for c in cands
            if c.best.score >= 1.0
            or (
                c.best.origin == "central pattern"
                and c.best.name.endswith(leading)
                and c.features.get("body_only") == 0
            )
        ]

    def extract(self, doc: Document) -> Issuer | None:
        cands = self.candidates(doc)
        cand = self.choose(cands)
        return None if cand is None else self.issuer(cand, cands)

    def issuer(self, cand: _Candidate, others: Sequence[_Candidate] = ()) -> Issuer:
        """The chosen candidate as an :class:`Issuer`: its full name and level from the knowledge
        base, or, for a bare part of an organisation (公共管理学院, 二分公司), from the organisation
        among ``others`` that the title or lead names it under (:meth:`parent`)."""
        group, best = cand.group, cand.best
        full = self._full_name(group, best)
        verdict = self.kb.level_of(full or best.name)
        if verdict.level is None and full:
            verdict = self.kb.level_of(best.name)
        name = full or best.name
        parent = self.parent(name, others) if verdict.level in (None, "local") else None
        if parent is not None:
            joined = parent + PARTY_PREFIX.sub("", name)
            inherited = self.kb.level_of(joined)
            if inherited.level is not None and inherited.level != "local":
                verdict = Verdict(inherited.level, None, f"part of {parent} ({inherited.why})")
                full = joined
        elif verdict.level == "local" and self._bare_core(name, self.kb.rules["school_heads"]) is not None:
            # 公共管理学院 under no university the title or lead names (or a stand-alone college named
            # without its place): its owner may be a ministry or a locality, so the name implies no
            # level and the text's level decides
            verdict = Verdict(None, None, "a college whose name shows no owner: a university's school, or a college named without its place")
        full = verdict.full_name if verdict.full_name and (full is None or len(verdict.full_name) > len(full)) else full
        why = f"{best.name}: {', '.join(best.reasons) or 'named'}"
        if len(group) > 1:
            why += f"; named {len(group)} times"
        why += f"; level {verdict.level or 'unknown'}: {verdict.why}"
        return Issuer(best.name, full, (best.start, best.end), verdict.level, why)

    def parent(self, name: str, others: Sequence[_Candidate]) -> str | None:
        """The organisation a bare part's name (no place or known name before it, a part's head at
        its end: 公共管理学院, 二分公司党委) belongs to: a known central organisation (a ministry, a
        group, a university under a ministry) whose mention in the title or lead writes the part in
        full (华中科技大学公共管理学院党委), not as a place visited or an attending body. ``None``
        when the name is not a bare part or no mention joins the two."""
        core = self._bare_core(name, self.kb.words("part_heads"))
        if core is None:
            return None
        joined = [
            (len(c.group), -c.first, entry.name)
            for c in others
            for m in c.group
            if m.reasons
            and m.reasons[0] in ("title", "subtitle", "first sentence", "lead")
            and not {"a place visited or addressed", "attends or speaks", "a person's affiliation"} & set(m.reasons)
            and (entry := self.kb.longest_prefix(m.name)) is not None
            and entry.kind in PARENT_KINDS
            and m.name[len(entry.name) :].lstrip("的").startswith(core)
        ]
        return max(joined)[-1] if joined else None

    @staticmethod
    def _core(name: str) -> str:
        return re.sub(r"(?:机关党委|党委|党总支|党组|党工委)$", "", PARTY_PREFIX.sub("", name))

    def _bare_core(self, name: str, heads: Sequence[str]) -> str | None:
        """``name`` without its party prefix and body when it is only a part of an organisation (one
        of ``heads`` at its end) with no place or known name before it (公共管理学院党委 -> 公共管理学院,
        二分公司); ``None`` otherwise."""
        core = self._core(name)
        bare = core.endswith(tuple(heads)) and self.kb.longest_prefix(core) is None and not self.kb.place_prefix(core)
        return core if bare else None

    def _full_name(self, group: list[_Mention], best: _Mention) -> str | None:
        """A longer form of the name the report also writes, beginning with a known name or place."""
        placed = self.kb.strip_places(best.name) != best.name
        longer = [
            m.name
            for m in group
            if m.name != best.name
            and self.kb.longest_prefix(m.name)
            and (len(m.name) > len(best.name) or (not placed and self.kb.strip_places(m.name) != m.name))
        ]
        if not longer:
            return None
        return max(longer, key=lambda n: (sum(1 for m in group if m.name == n), len(n)))


def extract_issuer(document: Document) -> Issuer | None:
    """The organisation ``document`` is about, or ``None`` when it names none (never raises on text)."""
    return IssuerExtractor().extract(document)
