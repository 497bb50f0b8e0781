"""What the issuer extractor knows, read from data files (no knowledge in code):

* ``resources/orgs.yaml`` (shared with :mod:`classify.features.orgs`): central Party and State organs,
  central SOE and financial groups (full name -> short names), known units of groups, universities
  under central ministries, brand prefixes of the groups;
* ``resources/admin_divisions.tsv``: provinces, prefecture-level cities and counties with their short
  names (extracted from jionlp by ``scripts/build_admin_divisions.py``);
* ``resources/issuer.yaml``: the words that shape names and sentences (heads, convenor verbs, words of
  attendance, outlets, person titles).

:meth:`Knowledge.level_of` turns an organisation's name into the level it implies, following the close
calls of the label guide (LABELS.md): a group's unit is ``subsidiary``, a ministry-run institute or a
university under a ministry is ``subsidiary``, a body or enterprise under a locality is ``local``, a
village or community party organisation is ``branch``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files

import yaml

from classify.features.orgs import LazyTrie, class_names, load_gazetteer

HAN = "\u4e00-\u9fff"
_TOWNSHIP = re.compile(rf"[{HAN}]{{2,4}}(?:街道|镇|乡)(?!党)")  # a street or township, named or not
GAZETTEER_KINDS = ("central_organ", "central_soe", "central_soe_unit", "central_university")
# Suffixes that leave a group a group (国家开发银行党委, 中国一重集团有限公司) and an organ an organ.
_HQ_SUFFIX = re.compile(r"^(?:集团)?(?:有限责任公司|股份有限公司|有限公司|公司)?(?:党组|党委|机关党委|机关)?$")
_ORGAN_SUFFIX = re.compile(r"^(?:党组|党委|机关党委|机关|各司局|直属机关|系统|领导小组)?$")
PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")


@dataclass(frozen=True)
class Entry:
    """One known name: its full name and its kind (a gazetteer class or a division level)."""

    name: str
    full_name: str
    kind: str


@dataclass(frozen=True)
class Verdict:
    """The level a name implies, the full name the knowledge base gives, and why."""

    level: str | None
    full_name: str | None
    why: str


class Knowledge:
    """Names, places and rules, loaded once (see :func:`knowledge`)."""

    def __init__(self) -> None:
        self.gazetteer = load_gazetteer()
        text = files("classify.resources").joinpath("issuer.yaml").read_text(encoding="utf-8")
        self.rules = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster

    # --- tables ------------------------------------------------------------------------------------

    @cached_property
    def entries(self) -> dict[str, Entry]:
        """Every known name (organisations first, then places): full names and short names."""
        out: dict[str, Entry] = {}
        for kind in GAZETTEER_KINDS:
            for name, full in class_names(self.gazetteer.get(kind)).items():
                out.setdefault(name, Entry(name, full, kind))
        for name, entry in self.places.items():
            out.setdefault(name, entry)
        return out

    @cached_property
    def divisions(self) -> list[list[str]]:
        """The rows of ``admin_divisions.tsv`` (adcode, name, short name, level, parent), read once."""
        text = files("classify.resources").joinpath("admin_divisions.tsv").read_text(encoding="utf-8")
        return [line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "adcode"))]

    @cached_property
    def places(self) -> dict[str, Entry]:
        """Provinces, cities and counties by full name; provinces and cities also by short name
        (counties' short names are too often ordinary words: 和平, 东方, 长安)."""
        out: dict[str, Entry] = {}
        rows = self.divisions
        for _code, name, _alias, level, _parent in rows:
            out.setdefault(name, Entry(name, name, level))
        for _code, name, alias, level, _parent in rows:
            if level != "county" and len(alias) >= 2:
                out.setdefault(alias, Entry(alias, name, level))
        out.setdefault("兵团", Entry("兵团", "新疆生产建设兵团", "province"))
        out.setdefault("新疆生产建设兵团", Entry("新疆生产建设兵团", "新疆生产建设兵团", "province"))
        return out

    @cached_property
    def county_alias_re(self) -> LazyTrie:
        """Counties' short names, trusted only right after a province or city (海南乐东, 云南腾冲); the
        longest at a position, like the alternation of them all, longest first."""
        return LazyTrie(sorted({row[2] for row in self.divisions if row[3] == "county" and len(row[2]) >= 2}))

    @cached_property
    def brands(self) -> dict[str, str | None]:
        return {str(k): v for k, v in (self.gazetteer.get("central_soe_brand") or {}).items()}

    @cached_property
    def name_body(self) -> str:
        """One character of an organisation's name: not the start of a verb or a function word."""
        return self.head_re.pattern.split("{0,10}")[0]

    def heads(self, *groups: str) -> list[str]:
        words = {w for g in groups for w in self.rules["heads"][g]}
        return sorted(words, key=len, reverse=True)

    def words(self, key: str) -> list[str]:
        return sorted(self.rules[key], key=len, reverse=True)

    @cached_property
    def name_re(self) -> LazyTrie:
        """The known names, longest first at each position (a trie per first character, compiled when
        that character is first met)."""
        return LazyTrie(list(self.entries))

    @cached_property
    def head_re(self) -> re.Pattern[str]:
        """One more segment of a nested name: a few name characters and a head (二部, 一室, 党支部)."""
        heads = self.heads(
            "branch", "grassroots_place", "party_body", "enterprise", "unit", "institution", "local_place", "local_body"
        )
        heads += self.heads("central_body")
        stops = "|".join(map(re.escape, self.words("convenor_verbs") + self.words("attend_words")))
        body = rf"(?:(?!{stops}|[的和与及等是在了着个位名至])[{HAN}0-9A-Za-z])"
        return re.compile(rf"{body}{{0,10}}?(?:{'|'.join(map(re.escape, sorted(set(heads), key=len, reverse=True)))})")

    @cached_property
    def places_re(self) -> LazyTrie:
        """Any known place name, longest first (~3,600 names; a trie per first character)."""
        return LazyTrie(list(self.places))

    def place_prefix(self, name: str) -> int:
        """Length of the chain of places ``name`` begins with (江西省鹰潭市, 浙江省宁波市奉化区莼湖街道), 0 when
        it begins with none: at each step the longest known place, else two to four characters and
        街道, 镇 or 乡 (not followed by 党). Read through :attr:`places_re` rather than one alternation
        of 3,600 names, which cost ~20 ms of every process's start to compile."""
        end = 0
        while True:
            match = self.places_re.match(name, end) or _TOWNSHIP.match(name, end)
            if match is None:
                return end
            end = match.end()

    # --- levels ------------------------------------------------------------------------------------

    def longest_prefix(self, name: str) -> Entry | None:
        match = self.name_re.match(name)
        return self.entries[match.group(0)] if match else None

    def level_of(self, name: str) -> Verdict:
        """The level an organisation's name implies (``None`` when the name says nothing)."""
        core = PARTY_PREFIX.sub("", name)
        if not core:
            return Verdict(None, None, "no name")
        branch = self.heads("branch")
        if core.endswith(tuple(branch)):
            return Verdict(
                "branch", None, f"a grassroots party organisation ({next(h for h in branch if core.endswith(h))})"
            )
        if re.search(self.rules["grassroots_pattern"], core):
            return Verdict("branch", None, "a military company, squadron or station (a grassroots unit)")
        if re.search(self.rules["armed_unit_pattern"], core):
            return Verdict("subsidiary", None, "a unit of the armed police (a central force)")
        stripped = re.sub(r"(?:党委|党总支|党支部|党组织)$", "", core)
        if stripped.endswith(tuple(self.heads("grassroots_place"))) and not stripped.endswith(("农村", "乡村")):
            return Verdict("branch", None, "a village or community (grassroots, LABELS.md)")

        entry = self.longest_prefix(name) if name != core and self.longest_prefix(name) else self.longest_prefix(core)
        if entry is not None:
            core = core if core.startswith(entry.name) else name
            rest = core[len(entry.name) :]
            if entry.kind == "central_soe":
                if _HQ_SUFFIX.match(rest):
                    return Verdict("group", entry.full_name, f"{entry.name}: a central group's headquarters")
                return Verdict("subsidiary", None, f"a unit of {entry.full_name} ({rest})")
            if entry.kind in ("central_soe_unit", "central_university"):
                what = (
                    "a known unit of a central group"
                    if entry.kind == "central_soe_unit"
                    else "a university under a central ministry"
                )
                full = entry.full_name if not rest else None
                return Verdict("subsidiary", full, f"{entry.name}: {what}")
            if entry.kind == "central_organ":
                if _ORGAN_SUFFIX.match(rest):
                    return Verdict("central", entry.full_name, f"{entry.name}: a central Party or State organ")
                if rest.endswith(tuple(self.heads("institution"))) or re.search(
                    r"(?:研究院|研究所|直属|所属|中心)", rest
                ):
                    return Verdict("subsidiary", None, f"an institution under {entry.name}")
                return Verdict("central", None, f"part of {entry.name}, a central organ")
            # a place: whatever follows it is run by the locality
            return Verdict(
                "local", entry.full_name if not rest else None, f"{entry.name}: a {entry.kind} ({entry.full_name})"
            )
        for brand in sorted(self.brands, key=len, reverse=True):
            if core.startswith(brand) and len(core) > len(brand):
                group = self.brands[brand] or f"a central group ({brand})"
                return Verdict("subsidiary", None, f"{brand}: brand of {group}; the name goes on, so a unit")
        if re.search(r"(?:党中央|中央|国务院|全国)", core) and core.endswith(tuple(self.heads("central_body"))):
            return Verdict("central", None, "a central leading, guiding or lecturing body")
        if core.startswith(("中央企业", "央企", "中管企业", "中管金融企业")):
            return Verdict("group", None, "central enterprises as a whole")
        core = re.sub(r"(?:机关党委|党委|党组|党工委)$", "", core) or core
        if core.endswith(tuple(self.heads("local_body"))) or core.endswith(tuple(self.heads("local_place"))):
            return Verdict("local", None, "a local Party committee, government or division")
        if core.endswith(tuple(self.heads("enterprise"))):
            return Verdict("local", None, "an enterprise not among the central groups: a local or private one")
        if core.endswith(tuple(self.heads("institution"))):
            return Verdict("local", None, "an institution not under a central ministry")
        return Verdict(None, None, "not in the knowledge base")

    # --- names -------------------------------------------------------------------------------------

    def strip_places(self, name: str) -> str:
        """``江西省鹰潭市`` -> ``鹰潭市``; ``宁波奉化区章胡村`` -> ``章胡村``; ``株洲高科集团`` -> ``高科集团``:
        the most specific part of a name that begins with a chain of places."""
        entry = self.longest_prefix(name)
        if entry is not None and entry.kind in GAZETTEER_KINDS:
            return name  # 中山大学 is a university, not 中山 + 大学
        end = self.place_prefix(name)
        if end == 0:
            return name
        rest = name[end:]
        if rest and (len(rest) < 2 or rest in self.rules["heads"]["local_body"] or rest[0] in "市县区省州"):
            return name  # 成都市委, 湖南省委: the place is the body's name
        if rest:
            return rest
        # the name is all places: keep the last one
        last = None
        for m in self.places_re.finditer(name):
            last = m
        return self.places[last.group(0)].full_name if last else name


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The packaged knowledge, loaded on first use."""
    return Knowledge()
