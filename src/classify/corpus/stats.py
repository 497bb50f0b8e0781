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
    console.print(f"{len(records)} labelled documents")
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
