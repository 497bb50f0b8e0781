"""The five real reports in ../shared/seeds: each lead reads as a 导语 (skipped when ../shared is absent).

Only short fragments of the seeds appear here; the texts are read from ../shared at test time.
"""

from __future__ import annotations

import re

import pytest

from classify.intake import read_document
from classify.summarize import summarize
from classify.summarize.candidates import candidates
from tests.conftest import seed_path

SEEDS = ["000", "001", "002", "003", "004"]
_DANGLING = re.compile(r"^(?:但|而|同时|此外|另外|因此|所以|其中|这|该|他|她|[一二三四五]是)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])")
_FINISHED = re.compile(r"[。！？…][”’）」』]*$")


def lead_of(seeds_dir, prefix, **options):
    doc = read_document(seed_path(seeds_dir, prefix))
    return doc, summarize(doc, **options)


def test_seed_000_opens_with_its_meeting_sentence(seeds_dir):
    _, lead = lead_of(seeds_dir, "000")
    assert lead.text.startswith("1月20日，")
    assert "召开党史学习教育总结会议" in lead.sentences[0]


def test_seed_003_lead_holds_no_source_date_or_heading(seeds_dir):
    doc, lead = lead_of(seeds_dir, "003")
    assert doc.source and doc.date  # intake found them, so they must not come back in the lead
    for absent in (doc.source, "人民网", "来源", "2022年07月11日", "2022-07-11", "10:11", "背景和起因", "主要做法"):
        assert absent not in lead.text
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert not any(h in lead.text for h in headings)
    assert not any(_HEADING.match(s) for s in lead.sentences)


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_seed_lead_reads_as_a_lead(seeds_dir, seed_labels, prefix):
    doc, lead = lead_of(seeds_dir, prefix)
    # Short: within the default budget, yet a real paragraph, not a fragment.
    assert 30 <= lead.chars <= 150
    # Whole body sentences of the report, in document order, each properly finished.
    own = [s.text for s in doc.sentences]
    assert [own[i] for i in lead.indices] == lead.sentences and lead.indices == sorted(lead.indices)
    assert all(_FINISHED.search(s) for s in lead.sentences)
    # It opens like a lead: not on a connective or pronoun that points back, not on a heading or list item.
    assert not _DANGLING.match(lead.sentences[0]) and not _HEADING.match(lead.sentences[0])
    # No metadata: source/date lines, bylines and captions stay out (the source may be the company
    # itself, named in the body, so its line's labels are checked rather than its value).
    for field in ("来源：", "来源:", "发布时间", doc.date, *doc.bylines, *doc.captions):
        if field:
            assert field not in lead.text
    # It tells what the report is: it names the organisation the report is about.
    issuer = next(row["issuer"] for name, row in seed_labels.items() if name.startswith(prefix))
    core = issuer.removeprefix("株洲")  # 004's reports call it 高科集团
    assert core[:4] in lead.text
    # And it comes from the opening of the report, where the point is made.
    first = candidates(doc)
    assert lead.indices[0] in {c.index for c in first[:10]}


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_seed_lead_respects_smaller_budgets(seeds_dir, prefix):
    doc = read_document(seed_path(seeds_dir, prefix))
    for budget in (60, 100, 200):
        lead = summarize(doc, max_chars=budget)
        assert lead.chars <= budget or len(lead.sentences) == 1
