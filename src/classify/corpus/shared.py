"""Join label files (ids + labels, no text) with the third-party corpora in ``../shared``.

The corpora are copyright of others, so the repository keeps only ``data/labels/*.tsv`` rows of
``source, id, type, level, issuer, sha256, note``; the texts are read from ``../shared`` at run time
and each one's hash is checked, so a label can never silently attach to a different text.

Sources:

* ``pd``: People's Daily 2019-2020 (``corpora/people-daily-2019-2020/*.jsonl.gz``), id = article id;
  text = the ``text`` field, title = ``title``, subtitle = pre-title and subtitle.
* ``pgwe``: party-branch write-ups (``corpora/party-gov-works-editorial``), id = path under that
  folder; text = the file, title = the file name (the headline).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from functools import lru_cache
from pathlib import Path

from classify.corpus.load import Record
from classify.corpus.schema import LabelSchema
from classify.errors import InputError, LabelError

PEOPLE_DAILY = Path("corpora/people-daily-2019-2020/people_daily_2019-2020_5months.jsonl.gz")
PARTY_GOV_WORKS = Path("corpora/party-gov-works-editorial")
LABEL_COLUMNS = ("source", "id", "type", "level", "issuer", "sha256", "note")


def find_shared(start: str | Path | None = None) -> Path | None:
    """The ``shared`` folder: ``$CLASSIFY_SHARED``, else ``../shared`` beside the repository or the
    working directory; ``None`` when there is none (tests that need it then skip)."""
    env = os.environ.get("CLASSIFY_SHARED")
    candidates = [Path(env)] if env else []
    here = Path(start) if start else Path.cwd()
    repo = Path(__file__).resolve().parents[3]
    candidates += [here / "shared", here.parent / "shared", repo.parent / "shared", repo / "shared"]
    for candidate in candidates:
        if (candidate / "corpora").is_dir() or (candidate / "seeds").is_dir():
            return candidate.resolve()
    return None


@lru_cache(maxsize=4)
def _people_daily(root: str) -> dict[str, dict]:
    path = Path(root) / PEOPLE_DAILY
    if not path.exists():
        raise InputError(path, "People's Daily corpus not found")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {row["id"]: row for row in map(json.loads, handle)}


def people_daily(root: str | Path) -> dict[str, dict]:
    """All People's Daily articles by id (read once per process)."""
    return _people_daily(str(Path(root).resolve()))


def shared_record(source: str, doc_id: str, root: str | Path) -> Record:
    """The text of one shared-corpus document as a :class:`Record` (labels not attached)."""
    if source == "pd":
        row = people_daily(root).get(doc_id)
        if row is None:
            raise LabelError(f"pd:{doc_id}", "no People's Daily article with this id")
        subtitle = " ".join(x for x in (row.get("pretitle"), row.get("subtitle")) if x) or None
        return Record(
            id=f"pd:{doc_id}",
            text=row["text"],
            title=row["title"],
            subtitle=subtitle,
            meta={"date": row["date"], "page": row["page"]},
        )
    if source == "pgwe":
        path = Path(root) / PARTY_GOV_WORKS / doc_id
        if not path.is_file():
            raise LabelError(f"pgwe:{doc_id}", "no such file in the party-gov-works corpus")
        return Record(id=f"pgwe:{doc_id}", text=path.read_text(encoding="utf-8"), title=Path(doc_id).stem)
    raise LabelError(f"{source}:{doc_id}", f"unknown source '{source}' (expected pd or pgwe)")


def read_label_rows(path: Path) -> list[dict[str, str]]:
    """Rows of one label file, each with ``_where`` (file:line) for error messages."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in ("source", "id", "type", "level") if c not in (reader.fieldnames or [])]
        if missing:
            raise LabelError(path, f"label file lacks column(s) {', '.join(missing)}")
        for number, row in enumerate(reader, 2):
            row["_where"] = f"{path}:{number}"
            rows.append(row)
    return rows


def load_shared_labels(
    labels_dir: str | Path,
    *,
    schema: LabelSchema | None = None,
    shared_root: str | Path | None = None,
    check_hash: bool = True,
) -> list[Record]:
    """Every labelled document of ``labels_dir/*.tsv`` joined with its text from ``../shared``.

    Raises :class:`LabelError` naming the row for an unknown label, a duplicate id, an id missing from
    the corpus, or a text whose hash differs from the one recorded.
    """
    schema = schema or LabelSchema.from_yaml()
    root = Path(shared_root) if shared_root else find_shared()
    if root is None:
        raise InputError(labels_dir, "these labels point into ../shared, which was not found (set CLASSIFY_SHARED)")
    records: list[Record] = []
    seen: dict[str, str] = {}
    for table in sorted(Path(labels_dir).glob("*.tsv")):
        for row in read_label_rows(table):
            where = row["_where"]
            key = f"{row['source']}:{row['id']}"
            if key in seen:
                raise LabelError(where, f"{key} is labelled twice (also at {seen[key]})")
            seen[key] = where
            labels = schema.validate(row, where=where)
            try:
                record = shared_record(row["source"], row["id"], root)
            except LabelError as exc:
                raise LabelError(where, exc.problem) from None
            if check_hash and row.get("sha256") and record.sha256 != row["sha256"]:
                raise LabelError(where, f"text of {key} does not match the recorded hash (corpus changed?)")
            record.labels = labels
            record.meta.update({k: row[k] for k in ("issuer", "note") if row.get(k)})
            records.append(record)
    if not records:
        raise LabelError(labels_dir, "no label rows found (*.tsv with a 'source' column)")
    return records
