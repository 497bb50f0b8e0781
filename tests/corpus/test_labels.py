"""The committed labels: valid, unique, joined to the right texts, seeds kept out of training."""

from __future__ import annotations

from pathlib import Path

import pytest

from classify.corpus.load import load_records
from classify.corpus.schema import LabelSchema
from classify.corpus.shared import LABEL_COLUMNS, load_shared_labels, read_label_rows
from classify.corpus.splits import near_duplicate_groups, split_records
from classify.errors import LabelError

LABELS = Path(__file__).resolve().parents[2] / "data" / "labels"


def test_every_committed_label_is_valid_and_unique_without_shared():
    schema = LabelSchema.from_yaml()
    seen = set()
    rows = [row for table in sorted(LABELS.glob("*.tsv")) for row in read_label_rows(table)]
    assert len(rows) >= 300
    for row in rows:
        assert list(row)[: len(LABEL_COLUMNS)] == list(LABEL_COLUMNS)
        schema.validate(row, where=row["_where"])
        assert row["source"] in {"pd", "cctv", "pgwe"} and len(row["sha256"]) == 16
        assert row["issuer"] or row["type"] == schema.out_of_scope, row["_where"]  # every report names its issuer
        assert (row["source"], row["id"]) not in seen, row["_where"]
        seen.add((row["source"], row["id"]))


@pytest.fixture(scope="module")
def corpus(shared):
    return load_shared_labels(LABELS, shared_root=shared)


def test_every_hash_matches_its_text_in_shared(corpus):
    # load_shared_labels raises on a mismatch; check the count and that texts are real reports.
    assert len(corpus) == sum(len(read_label_rows(t)) for t in LABELS.glob("*.tsv"))
    reports = [r for r in corpus if LabelSchema.from_yaml().in_scope(r.labels)]
    assert all(len(r.text) > 80 for r in reports)  # TV items run short (94 characters)


def test_a_changed_text_is_caught(tmp_path, shared):
    table = tmp_path / "x.tsv"
    row = read_label_rows(LABELS / "people_daily.tsv")[0]
    row["sha256"] = "0" * 16
    header = "\t".join(LABEL_COLUMNS)
    table.write_text(header + "\n" + "\t".join(row[c] for c in LABEL_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(LabelError, match="does not match the recorded hash"):
        load_shared_labels(tmp_path, shared_root=shared)


def test_loader_finds_label_folders_and_splits_are_stable(corpus, shared):
    assert len(load_records(LABELS, shared_root=shared)) == len(corpus)
    parts = split_records(corpus)
    assert {r.id for r in parts["test"]} == {r.id for r in split_records(list(reversed(corpus)))["test"]}
    sides = [{r.id for r in parts[name]} for name in ("train", "dev", "test")]
    assert not (sides[0] & sides[1] or sides[0] & sides[2] or sides[1] & sides[2])
    assert sum(map(len, sides)) == len(corpus)
    for rare in ("summary_meeting", "performance_review"):
        assert any(r.labels["type"] == rare for r in parts["test"]), rare


def test_reprints_are_on_one_side(corpus):
    parts = split_records(corpus)
    side = {r.id: name for name, part in parts.items() for r in part}
    by_id = {r.id: r for r in corpus}
    reprints = [
        (r.id, "pd:" + r.meta["note"].split("dup of ")[1].split()[0])
        for r in corpus
        if "dup of " in r.meta.get("note", "")
    ]
    assert len(reprints) >= 10
    for copy, original in reprints:
        if original in by_id:
            assert side[copy] == side[original], (copy, original)


def test_seeds_are_not_in_the_labelled_corpus(corpus, seeds_dir):
    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    groups = near_duplicate_groups(seeds + [f"{r.title}\n{r.text}" for r in corpus])
    assert not set(groups[:5]) & set(groups[5:])
