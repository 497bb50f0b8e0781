"""Join label files (ids + labels, no text) with the third-party corpora in ``../shared``.

The corpora are copyright of others, so the repository keeps only ``data/labels/*.tsv`` rows of
``source, id, type, level, issuer, sha256, note``; the texts are read from ``../shared`` at run time
and each one's hash is checked, so a label can never silently attach to a different text.

Sources:

* ``pd``: People's Daily 2019-2020 (``corpora/people-daily-2019-2020/*.jsonl.gz``), id = article id;
  text = the ``text`` field, title = ``title``, subtitle = pre-title and subtitle.
* ``cctv``: CCTV 新闻联播 transcripts touching party building (``corpora/cctv-xwlb-party``), id =
  the item id (``20160718-4``: broadcast date and position); text = the transcript, title = the item's
  title without the site's ``[视频]`` mark.
* ``pgwe``: party-branch write-ups (``corpora/party-gov-works-editorial``), id = the first 16 hex
  digits of the SHA-256 of the file's path under that folder (the path holds the headline, which is
  the publisher's text too, so it is not committed); text = the file, title = the file name.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from classify.corpus.record import Record
from classify.corpus.schema import LabelSchema
from classify.errors import InputError, LabelError

if TYPE_CHECKING:
    import argparse

PEOPLE_DAILY = Path("corpora/people-daily-2019-2020/people_daily_2019-2020_5months.jsonl.gz")
CCTV = Path("corpora/cctv-xwlb-party/xwlb_party_items.jsonl.gz")
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


def shared_or_exit(given: str | Path | None) -> Path:
    """For scripts: the ``shared`` folder given on their command line, else :func:`find_shared`'s;
    exits with a one-line message when there is none."""
    shared = Path(given) if given else find_shared()
    if shared is None:
        raise SystemExit("../shared not found (pass --shared)")
    return shared


def parse_args_with_shared(parser: argparse.ArgumentParser) -> tuple[argparse.Namespace, Path]:
    """For scripts that read ``../shared``: add the ``--shared`` option to ``parser``, parse the command
    line, and find the folder (:func:`shared_or_exit`); the parsed arguments and the folder."""
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: found)")
    args = parser.parse_args()
    return args, shared_or_exit(args.shared)


@lru_cache(maxsize=8)
def _jsonl_by_id(path: str, name: str) -> dict[str, dict]:
    if not Path(path).exists():
        raise InputError(path, f"{name} corpus not found")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {row["id"]: row for row in map(json.loads, handle)}


def people_daily(root: str | Path) -> dict[str, dict]:
    """All People's Daily articles by id (read once per process)."""
    return _jsonl_by_id(str(Path(root).resolve() / PEOPLE_DAILY), "People's Daily")


def cctv(root: str | Path) -> dict[str, dict]:
    """All CCTV 新闻联播 party-building items by id (read once per process)."""
    return _jsonl_by_id(str(Path(root).resolve() / CCTV), "CCTV transcripts")


def pgwe_id(relative_path: str | Path) -> str:
    """The id of a party-gov-works file: a hash of its path under the corpus folder (POSIX form)."""
    return hashlib.sha256(Path(relative_path).as_posix().encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=4)
def _pgwe_paths(root: str) -> dict[str, str]:
    folder = Path(root) / PARTY_GOV_WORKS
    files = (p for p in folder.rglob("*") if p.is_file() and p.suffix in {".md", ".txt"} and p.name != "SOURCE.txt")
    return {pgwe_id(p.relative_to(folder)): p.relative_to(folder).as_posix() for p in files}


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
    if source == "cctv":
        row = cctv(root).get(doc_id)
        if row is None:
            raise LabelError(f"cctv:{doc_id}", "no CCTV transcript with this id")
        title = row["title"].removeprefix("[视频]").strip()
        return Record(id=f"cctv:{doc_id}", text=row["text"], title=title, meta={"date": row["date"]})
    if source == "pgwe":
        relative = _pgwe_paths(str(Path(root).resolve())).get(doc_id)
        if relative is None:
            raise LabelError(f"pgwe:{doc_id}", "no file with this id in the party-gov-works corpus")
        path = Path(root) / PARTY_GOV_WORKS / relative
        return Record(id=f"pgwe:{doc_id}", text=path.read_text(encoding="utf-8"), title=path.stem)
    raise LabelError(f"{source}:{doc_id}", f"unknown source '{source}' (expected pd, cctv or pgwe)")


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
            record.meta.update({k: row[k] for k in ("source", "issuer", "note") if row.get(k)})
            records.append(record)
    if not records:
        raise LabelError(labels_dir, "no label rows found (*.tsv with a 'source' column)")
    return records
