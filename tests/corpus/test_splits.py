"""Splits: deterministic, disjoint, stratified, near-duplicates on one side."""

from __future__ import annotations

import random

from classify.corpus.record import Record
from classify.corpus.splits import near_duplicate_groups, split_records

WORDS = [
    "党支部",
    "学习",
    "教育",
    "开展",
    "主题",
    "活动",
    "群众",
    "实事",
    "总结",
    "会议",
    "部署",
    "推进",
    "落实",
    "基层",
    "组织",
    "建设",
    "发展",
    "集团",
    "公司",
    "工作",
]


def _text(rng: random.Random, n: int = 120) -> str:
    return "，".join("".join(rng.choice(WORDS) for _ in range(4)) for _ in range(n // 4)) + "。"


def _corpus(seed: int = 0) -> list[Record]:
    rng = random.Random(seed)
    records = []
    for i in range(60):
        t = ["local_campaign", "summary_meeting", "branch_case"][i % 3]
        lv = ["local", "central"][i % 2]
        records.append(Record(id=f"d{i:02d}", text=_text(rng), labels={"type": t, "level": lv}))
    # two reprints of d00 and d01 (a page-1 story printed again on page 4)
    records.append(Record(id="r00", text=records[0].text + "（转载）", labels=dict(records[0].labels)))
    records.append(Record(id="r01", text="编者按。" + records[1].text, labels=dict(records[1].labels)))
    return records


def test_near_duplicates_are_grouped_and_distinct_texts_are_not():
    records = _corpus()
    groups = near_duplicate_groups([r.text for r in records])
    assert groups[0] == groups[60] and groups[1] == groups[61]
    assert len(set(groups)) == 60


def test_split_is_deterministic_disjoint_and_complete():
    records = _corpus()
    first = split_records(records)
    again = split_records(list(reversed(records)))
    ids = {name: sorted(r.id for r in part) for name, part in first.items()}
    assert ids == {name: sorted(r.id for r in part) for name, part in again.items()}
    all_ids = [i for part in ids.values() for i in part]
    assert len(all_ids) == len(set(all_ids)) == len(records)
    assert split_records(records, seed=99) != first  # the seed matters


def test_reprints_stay_on_one_side_and_every_stratum_is_tested():
    parts = split_records(_corpus())
    side = {r.id: name for name, part in parts.items() for r in part}
    assert side["d00"] == side["r00"] and side["d01"] == side["r01"]
    strata = {(r.labels["type"], r.labels["level"]) for r in _corpus()}
    tested = {(r.labels["type"], r.labels["level"]) for r in parts["test"]}
    assert tested == strata
    assert 0.15 <= len(parts["test"]) / 62 <= 0.3 and len(parts["dev"]) >= 6
