"""Counts of a labelled corpus: per label, per type x level, per split."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from classify.corpus.record import Record
from classify.corpus.schema import LabelSchema
from classify.corpus.splits import SPLITS, split_records


def crosstab(records: Sequence[Record], rows: str = "type", cols: str = "level") -> Counter[tuple[str, str]]:
    """Counts of ``(row label, column label)`` pairs."""
    return Counter((r.labels.get(rows, "?"), r.labels.get(cols, "?")) for r in records)


def render_stats(records: Sequence[Record], *, schema: LabelSchema | None = None, show_split: bool = True) -> None:
    """Print the counts as rich tables on standard output."""
    from rich.console import Console
    from rich.table import Table

    schema = schema or LabelSchema.from_yaml()
    console = Console()
    outside = [r for r in records if not schema.in_scope(r.labels)]
    records = [r for r in records if schema.in_scope(r.labels)]
    console.print(f"{len(records)} labelled reports, {len(outside)} documents labelled out of scope")
    type_set, level_set = schema["type"], schema["level"]
    table = Table(title="type x level", show_footer=True)
    counts = crosstab(records)
    table.add_column("type", footer="total")
    for level in level_set.labels:
        table.add_column(level, justify="right", footer=str(sum(counts[(t, level)] for t in type_set.labels)))
    table.add_column("total", justify="right", footer=str(len(records)))
    for t in type_set.labels:
        row = [counts[(t, level)] for level in level_set.labels]
        table.add_row(t, *map(str, row), str(sum(row)))
    console.print(table)
    sources = sorted({r.id.split(":", 1)[0] for r in records + outside})
    if len(sources) > 1 or outside:
        by_source = Table(title="per source (out of scope: read by a person and rejected / drawn at random, unread)")
        for column in ("source", "reports", "out of scope, read", "out of scope, unread", *type_set.labels):
            by_source.add_column(column, justify="left" if column == "source" else "right")
        for source in sources:
            mine = [r for r in records if r.id.startswith(f"{source}:")]
            theirs = [r for r in outside if r.id.startswith(f"{source}:")]
            unread = sum("unread" in (r.meta.get("note") or "") for r in theirs)
            kinds = Counter(r.labels["type"] for r in mine)
            by_source.add_row(
                source, str(len(mine)), str(len(theirs) - unread), str(unread), *(str(kinds[t]) for t in type_set.labels)
            )
        console.print(by_source)
    if show_split:
        parts = split_records(records)
        split_table = Table(title="split (deterministic, near-duplicates kept together)")
        split_table.add_column("split")
        for t in type_set.labels:
            split_table.add_column(t, justify="right")
        split_table.add_column("total", justify="right")
        for name in SPLITS:
            c = Counter(r.labels["type"] for r in parts[name])
            split_table.add_row(name, *(str(c[t]) for t in type_set.labels), str(len(parts[name])))
        console.print(split_table)
