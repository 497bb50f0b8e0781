"""Campaigns and programmes an organisation carries out, sums up or is reviewed on.

Party campaigns and non-party programmes (poverty alleviation, epidemic prevention, rectification
drives, reform actions) sit side by side: the genre, not the campaign, decides the report type.
Each campaign brings its own vocabulary: aims, measures, counts, results and what comes after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from phrasebank.core import table

ALL = frozenset({"central", "group", "subsidiary", "branch", "local"})


@dataclass(frozen=True)
class Campaign:
    key: str
    name: str  # as written after 开展 (党史学习教育, “我为群众办实事”实践活动, 安全生产专项整治三年行动)
    short: str  # a later mention (学习教育, 专项整治)
    party: bool
    start: int  # the year it ran (a summary meeting falls at its end)
    end: int
    aims: tuple[str, ...]
    measures: tuple[str, ...]
    metrics: tuple[str, ...]
    results: tuple[str, ...]
    next_work: tuple[str, ...]
    levels: frozenset[str] = ALL
    honours: tuple[str, ...] = field(default=("先进集体", "先进个人"))


def _campaign(row: dict[str, Any]) -> Campaign:
    """A :class:`Campaign` from one entry of ``campaigns.yaml`` (lists become tuples, levels a set)."""
    values = {key: tuple(value) if isinstance(value, list) else value for key, value in row.items()}
    if "levels" in values:
        values["levels"] = frozenset(values["levels"])
    return Campaign(**values)


CAMPAIGNS: tuple[Campaign, ...] = tuple(_campaign(row) for row in table("campaigns"))


_PARTY = {c.key for c in CAMPAIGNS if c.party}
# Non-party programmes that fit an organisation of a given kind (the default is its level's list).
_PROGRAMMES_BY_KIND = {
    "sasac": {"reform", "safety", "epidemic", "poverty", "efficiency"},
    "ministry": {"safety", "poverty", "epidemic"},
    "organisation": set(),
    "work_committee": {"poverty"},
    "hospital": {"epidemic"},
    "university": {"epidemic", "poverty"},
    "college": {"epidemic"},
    "soe": {"reform", "safety", "efficiency", "epidemic"},
    "bureau": {"safety", "civility", "epidemic"},
    "village": {"poverty", "revival", "epidemic"},
    "community": {"civility", "epidemic"},
}
_LEADING_GROUPS = {"扶贫": {"poverty"}, "安全生产": {"safety"}, "主题教育": {"theme2023", "initial"}}


def fits(camp: Campaign, org) -> bool:
    """Whether ``org`` (an :class:`~phrasebank.orgs.Org`) plausibly runs ``camp``."""
    if org.kind == "leading_group":
        return any(word in org.name and camp.key in keys for word, keys in _LEADING_GROUPS.items())
    if org.level not in camp.levels:
        return False
    if camp.party:
        return org.kind not in {"organisation"} or camp.key in {"theme2023", "history", "discipline", "quality"}
    kind = org.kind if org.level != "branch" else org.domain
    if kind in _PROGRAMMES_BY_KIND:
        return camp.key in _PROGRAMMES_BY_KIND[kind]
    if org.level == "branch":
        return camp.key in {"epidemic", "poverty"}
    return True


def choose(rng: random.Random, org, *, party_share: float = 0.65) -> Campaign:
    """A campaign ``org`` carries out: a party one with probability ``party_share`` when both kinds fit."""
    fitting = [c for c in CAMPAIGNS if fits(c, org)]
    party = [c for c in fitting if c.party]
    programmes = [c for c in fitting if not c.party]
    if party and (not programmes or rng.random() < party_share):
        return rng.choice(party)
    return rng.choice(programmes or fitting)
