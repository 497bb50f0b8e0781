"""Write data/labels/out_of_scope.tsv: the documents the in-scope decision learns are not reports.

Two kinds of row, both with ``type = out_of_scope`` and no level:

* every candidate a person read and rejected (``data/candidates/rejected.tsv``; the note keeps the
  reason's category and the reader), the hard negatives: visits, policy meetings, deputies, profiles,
  commentary, documents ...;
* ``--random`` People's Daily articles drawn at random (seeded) from those nobody read, as ordinary
  news. A person read a random sample of 200 such articles first (reader ``E``): none was in scope, so
  these are labelled out of scope unread (note ``random unread``).

Articles kept for the held-out check of ``scripts/bench_scope.py`` (a second seeded draw, frozen in
``data/candidates/held_out_pd.txt``) are never taken, and the random draw, frozen in
``data/candidates/random_unread_pd.txt``, stays as it is when more articles are read (an article read
since is written with its reader's verdict instead). Ids, labels and hashes only: the texts stay in ../shared.

Usage: python scripts/build_scope_labels.py [--random 1500]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections.abc import Callable
from pathlib import Path

from classify.corpus.record import text_hash
from classify.corpus.shared import LABEL_COLUMNS, parse_args_with_shared, people_daily, shared_record

REPO = Path(__file__).resolve().parents[1]
SEED = 29


def unread_people_daily(shared: Path) -> list[str]:
    """People's Daily ids that no label file and no rejected row names, in a fixed order."""
    named = {doc_id for _, doc_id in labelled_reports()}
    rejected = REPO / "data" / "candidates" / "rejected.tsv"
    named |= {row["id"] for row in csv.DictReader(rejected.open(encoding="utf-8"), delimiter="\t")}
    return sorted(i for i in people_daily(shared) if i not in named)


def _frozen_draw(path: Path, draw: Callable[[], list[str]]) -> list[str]:
    """The ids in ``path`` (one per line); when it is missing, ``draw()``'s, written there first."""
    if path.exists():
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    drawn = sorted(draw())
    path.write_text("".join(f"{i}\n" for i in drawn), encoding="utf-8")
    return drawn


#: the held-out draw, frozen (ids only) so that reading more People's Daily never changes it
HELD_OUT = REPO / "data" / "candidates" / "held_out_pd.txt"
OUT_OF_SCOPE = REPO / "data" / "labels" / "out_of_scope.tsv"


def held_out_pool(shared: Path, n: int = 2000) -> list[str]:
    """The articles ``scripts/bench_scope.py`` checks: never used in training. Read from
    :data:`HELD_OUT`; drawn (seeded, from the unread articles) and written there only when missing."""
    return _frozen_draw(HELD_OUT, lambda: random.Random(SEED + 1).sample(unread_people_daily(shared), n))


#: the random draw of unread articles, frozen (ids only) like the held-out one
RANDOM_UNREAD = REPO / "data" / "candidates" / "random_unread_pd.txt"


def random_unread(shared: Path, n: int, keep_out: set[str]) -> list[str]:
    """The ``random unread`` articles: read from :data:`RANDOM_UNREAD` (frozen: reading more articles
    later does not redraw them); drawn (seeded, from the unread articles outside ``keep_out``) and
    written there only when the file is missing."""
    return _frozen_draw(
        RANDOM_UNREAD,
        lambda: random.Random(SEED).sample([i for i in unread_people_daily(shared) if i not in keep_out], n),
    )


def labelled_reports() -> set[tuple[str, str]]:
    """``(source, id)`` of every document a label file other than ``out_of_scope.tsv`` names."""
    named = set()
    for table in (REPO / "data" / "labels").glob("*.tsv"):
        if table.name != OUT_OF_SCOPE.name:
            named |= {(r["source"], r["id"]) for r in csv.DictReader(table.open(encoding="utf-8"), delimiter="\t")}
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=1500, help="unread People's Daily articles to add")
    args, shared = parse_args_with_shared(parser)
    rows = []
    rejected = REPO / "data" / "candidates" / "rejected.tsv"
    for row in csv.DictReader(rejected.open(encoding="utf-8"), delimiter="\t"):
        record = shared_record(row["source"], row["id"], shared)
        category = re.split(r"[:;]", row["reason"])[0].split()[0] if row["reader"] not in ("h1", "h2", "h3", "h4") else "read"
        rows.append([row["source"], row["id"], "out_of_scope", "", "", record.sha256, f"{category} ({row['reader']})"])
    keep_out = set(held_out_pool(shared))
    read = {(row[0], row[1]) for row in rows} | labelled_reports()
    articles = people_daily(shared)
    for doc_id in random_unread(shared, args.random, keep_out):
        if ("pd", doc_id) in read:  # read since it was drawn: its reader's row or its label stands
            continue
        rows.append(["pd", doc_id, "out_of_scope", "", "", text_hash(articles[doc_id]["text"]), "random unread"])
    out = OUT_OF_SCOPE
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(LABEL_COLUMNS)
        writer.writerows(rows)
    unread = sum(row[-1] == "random unread" for row in rows)
    print(f"{out}: {len(rows)} rows ({len(rows) - unread} read and rejected, {unread} random unread)")


if __name__ == "__main__":
    main()
