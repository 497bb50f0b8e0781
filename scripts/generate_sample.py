"""Generate the labelled sample corpus shipped in data/sample/ (and extra data for rare classes).

Every report is assembled from phrase banks we wrote ourselves (``scripts/phrasebank/``): an invented
organisation of the requested level, a campaign it plausibly runs, and a genre builder for the requested
type. About half the reports then get the dirt real web input carries (traditional characters, pinyin
readings, page markers, footers, broken or missing titles, source lines, bylines, mojibake) and a
few of the raw files are saved in GB18030, Big5 or UTF-16.

Generated text trains and smoke-tests; it never judges quality: the real test split does.

Writes into ``--out``:

* ``corpus.jsonl``: one report per line with ``id``, ``title`` (empty when the raw text carries it),
  ``text``, ``type``, ``level``, ``issuer``, ``generated``, ``template`` and ``dirt`` (the kinds applied);
* ``reports/``: raw report files as they would arrive plus ``labels.tsv`` (``file type level issuer``),
  the layout of ``../shared/seeds``, so ``load_records("data/sample/reports")`` reads them.

Usage::

    python scripts/generate_sample.py --out data/sample --per-combo 24 --seed 7 [--dirty-share 0.5]
    # more reports for rare classes, numbered after the shipped ones, no raw files:
    python scripts/generate_sample.py --out runs/augment --combos performance_review:group branch_case:local \\
        --per-combo 200 --start 1000 --reports 0

The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:  # the phrase banks live beside this script
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from phrasebank import branch_case, local_campaign, performance_review, summary_meeting
from phrasebank.campaigns import choose
from phrasebank.core import Draft
from phrasebank.dirt import dirty
from phrasebank.orgs import Org, make_org

TYPES = ("summary_meeting", "performance_review", "branch_case", "local_campaign")
LEVELS = ("central", "group", "subsidiary", "branch", "local")
BUILDERS = {
    "summary_meeting": summary_meeting.build,
    "performance_review": performance_review.build,
    "branch_case": branch_case.build,
    "local_campaign": local_campaign.build,
}

DEFAULT_SEED = 7
DEFAULT_PER_COMBO = 24
DEFAULT_DIRTY_SHARE = 0.5
DEFAULT_REPORTS = 20
# How the raw report files are saved: most UTF-8, a few in legacy encodings (Big5 needs traditional text).
REPORT_ENCODINGS = ("gb18030", "gb18030", "gb18030", "big5", "big5", "utf-16", "utf-16", "utf-8-sig") + ("utf-8",) * 12
CLEAN_REPORTS = 4  # raw files without dirt


@dataclass
class Sample:
    """One generated report: labels, the clean draft and the text as it arrives."""

    id: str
    type: str
    level: str
    issuer: str
    draft: Draft
    text: str  # raw: dirty or clean body
    title: str  # the title field: empty when the raw text carries it (or lost it)
    dirt: list[str] = field(default_factory=list)
    org: Org | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "type": self.type,
            "level": self.level,
            "issuer": self.issuer,
            "generated": True,
            "template": self.draft.template,
            "dirt": self.dirt,
        }


def generate_one(
    seed: int, type_: str, level: str, index: int, *, dirty_share: float, stream: str = "corpus", big5: bool = False
) -> Sample:
    """Report number ``index`` of one type×level combination; its own random stream makes it independent
    of every other report (adding combinations or changing counts does not change existing reports)."""
    rng = random.Random(f"{seed}/{stream}/{type_}/{level}/{index}")
    org = make_org(rng, level, type_)
    camp = choose(rng, org)
    draft = BUILDERS[type_](rng, org, camp)
    draft.paragraphs = [p for p in draft.paragraphs if p.strip()]
    assert all("\n" not in p for p in draft.paragraphs), draft.template
    sample_id = f"gen-{type_}-{level}-{index:04d}" if stream == "corpus" else f"{stream}-{type_}-{level}-{index:04d}"
    if big5 or rng.random() < dirty_share:
        result = dirty(rng, draft, org, big5=big5)
        return Sample(sample_id, type_, level, org.name, draft, result.text, "", result.kinds, org)
    return Sample(sample_id, type_, level, org.name, draft, draft.body + "\n", draft.title, [], org)


def combos(selected: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """All 20 type×level pairs, or the ``type:level`` pairs given."""
    if not selected:
        return [(t, lv) for t in TYPES for lv in LEVELS]
    out = []
    for item in selected:
        type_, _, level = item.partition(":")
        if type_ not in TYPES or level not in LEVELS:
            raise SystemExit(f"unknown combination '{item}' (expected type:level, e.g. branch_case:local)")
        out.append((type_, level))
    return out


def generate_corpus(
    seed: int = DEFAULT_SEED,
    per_combo: int = DEFAULT_PER_COMBO,
    dirty_share: float = DEFAULT_DIRTY_SHARE,
    *,
    selected: Iterable[str] | None = None,
    start: int = 0,
) -> Iterator[Sample]:
    """The labelled corpus, combination by combination."""
    for type_, level in combos(selected):
        for index in range(start, start + per_combo):
            yield generate_one(seed, type_, level, index, dirty_share=dirty_share)


def generate_reports(seed: int = DEFAULT_SEED, count: int = DEFAULT_REPORTS) -> list[tuple[str, bytes, Sample, str]]:
    """Raw report files ``(name, bytes, sample, encoding)``: one per combination in turn, saved in a
    mix of encodings, most of them dirty."""
    rng = random.Random(f"{seed}/reports")
    pairs = combos()
    encodings = [REPORT_ENCODINGS[i % len(REPORT_ENCODINGS)] for i in range(count)]
    rng.shuffle(encodings)
    clean = set(rng.sample(range(count), min(CLEAN_REPORTS, count)))
    files = []
    for i in range(count):
        type_, level = pairs[i % len(pairs)]
        encoding = encodings[i]
        if i in clean and encoding == "big5":
            encoding = "utf-8"
        for attempt in range(20):  # Big5 lacks some characters (a rare name): draw another report
            number = i + attempt * count
            sample = generate_one(
                seed,
                type_,
                level,
                number,
                dirty_share=0.0 if i in clean else 1.0,
                stream="report",
                big5=encoding == "big5",
            )
            text = sample.text if sample.dirt else _clean_file(sample.draft)
            data, used = _encode(text, encoding)
            if used == encoding:
                break
        encoding = used
        name = f"{i:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        files.append((name, data, sample, encoding))
    return files


def _clean_file(draft: Draft) -> str:
    """A report file without dirt: title, publication date, body."""
    y, m, d = (int(x) for x in draft.date.split("-"))
    return f"{draft.title}\n{y}年{m}月{d}日\n\n{draft.body}\n"


def _encode(text: str, encoding: str) -> tuple[bytes, str]:
    """``text`` in ``encoding`` (utf-16 and utf-8-sig write their BOM); GB18030 when Big5 cannot hold it."""
    for candidate in (encoding, "gb18030"):
        try:
            return text.encode(candidate), candidate
        except UnicodeEncodeError:
            continue
    return text.encode("utf-8"), "utf-8"


def corpus_lines(samples: Iterable[Sample]) -> list[str]:
    return [json.dumps(s.to_json(), ensure_ascii=False) for s in samples]


def write(out: Path, samples: list[Sample], reports: list[tuple[str, bytes, Sample, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "corpus.jsonl").write_text("\n".join(corpus_lines(samples)) + "\n", encoding="utf-8")
    if not reports:
        return
    folder = out / "reports"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    rows = ["file\ttype\tlevel\tissuer"]
    for name, data, sample, _ in reports:
        (folder / name).write_bytes(data)
        rows.append(f"{name}\t{sample.type}\t{sample.level}\t{sample.issuer}")
    (folder / "labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/sample"), help="output folder (default data/sample)")
    parser.add_argument(
        "--per-combo", type=int, default=DEFAULT_PER_COMBO, help="reports per type×level (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument(
        "--dirty-share", type=float, default=DEFAULT_DIRTY_SHARE, help="share of dirty reports (default %(default)s)"
    )
    parser.add_argument(
        "--combos", nargs="+", metavar="TYPE:LEVEL", help="only these combinations (to augment rare classes)"
    )
    parser.add_argument(
        "--start", type=int, default=0, help="first report number: use one past the shipped sample for fresh reports"
    )
    parser.add_argument(
        "--reports", type=int, default=DEFAULT_REPORTS, help="raw report files to write (0: none; default %(default)s)"
    )
    args = parser.parse_args(argv)
    if not 0.0 <= args.dirty_share <= 1.0:
        parser.error("--dirty-share must be between 0 and 1")
    samples = list(generate_corpus(args.seed, args.per_combo, args.dirty_share, selected=args.combos, start=args.start))
    reports = generate_reports(args.seed, args.reports) if args.reports else []
    write(args.out, samples, reports)
    dirty_count = sum(bool(s.dirt) for s in samples)
    print(
        f"{len(samples)} reports ({dirty_count} dirty) -> {args.out / 'corpus.jsonl'}; {len(reports)} raw files -> {args.out / 'reports'}"
    )


if __name__ == "__main__":
    main()
