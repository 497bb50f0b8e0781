"""Metrics for both label sets: accuracy, macro-F1, per-class precision/recall/F1, confusion matrices.

Macro-F1 averages over the labels that occur in the truth or the predictions (scikit-learn's
convention): a label nobody has and nobody predicted is not counted as a perfect or a zero score.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classify.corpus.record import Record
from classify.corpus.schema import LabelSchema


@dataclass
class LabelSetReport:
    """Metrics of one label set."""

    name: str
    labels: list[str]
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]]  # rows: truth, columns: prediction, both in ``labels`` order
    n: int


@dataclass
class EvaluationReport:
    """Metrics of every label set, plus the documents that were got wrong."""

    sets: dict[str, LabelSetReport]
    n: int
    uncertain: int = 0
    mistakes: list[dict[str, Any]] = field(default_factory=list)
    #: the in-scope decision on in-scope and out-of-scope documents (:func:`scope_report`), if measured
    scope: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = {
            "n": self.n,
            "uncertain": self.uncertain,
            "label_sets": {k: asdict(v) for k, v in self.sets.items()},
            "mistakes": self.mistakes,
        }
        if self.scope is not None:
            data["scope"] = self.scope
        return data

    def summary(self) -> dict[str, dict[str, float]]:
        """``{label set: {"accuracy", "macro_f1", "n"}}`` (and ``scope``: in-scope precision, recall):
        what model cards and benchmarks quote."""
        out: dict[str, dict[str, float]] = {
            k: {"accuracy": v.accuracy, "macro_f1": v.macro_f1, "n": v.n} for k, v in self.sets.items()
        }
        if self.scope is not None:
            out["scope"] = dict(self.scope)
        return out

    def save_json(self, path: str | Path) -> None:
        """Write :meth:`to_dict` as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")

    def render(self, console=None, *, title: str = "") -> None:
        """Print the tables (rich)."""
        from rich.console import Console
        from rich.table import Table

        console = console or Console()
        if title:
            console.rule(title)
        for report in self.sets.values():
            console.print(
                f"[bold]{report.name}[/bold]: accuracy {report.accuracy:.3f}  macro-F1 {report.macro_f1:.3f}"
                f"  ({report.n} documents)"
            )
            table = Table(show_header=True)
            table.add_column("label")
            for column in ("precision", "recall", "F1", "support"):
                table.add_column(column, justify="right")
            for label in report.labels:
                m = report.per_class[label]
                table.add_row(
                    label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(int(m["support"]))
                )
            console.print(table)
            confusion = Table(title=f"{report.name}: confusion (rows truth, columns predicted)")
            confusion.add_column("")
            for label in report.labels:  # full names: the table folds headers rather than cut them
                confusion.add_column(label, justify="right", overflow="fold")
            for label, row in zip(report.labels, report.confusion, strict=True):
                confusion.add_row(label, *map(str, row))
            console.print(confusion)
        if self.uncertain:
            console.print(f"{self.uncertain} of {self.n} documents had a prediction flagged uncertain")
        if self.scope is not None:
            sc = self.scope
            console.print(
                f"[bold]in scope[/bold]: precision {sc['precision']:.3f}  recall {sc['recall']:.3f}  F1 {sc['f1']:.3f}"
                f"  ({int(sc['n_in_scope'])} in scope, {int(sc['n_out_of_scope'])} out of scope)"
            )

    def plot(self, path: str | Path, *, normalize: bool = True) -> None:
        """Confusion matrices of every label set side by side, as a PNG (scikit-learn's
        ``ConfusionMatrixDisplay``). ``normalize``: each truth row as shares of that label's documents,
        so a rare label's errors show as plainly as a common one's (the counts are in the titles)."""
        from classify.errors import require

        matplotlib = require("matplotlib", "plot", "--plot")
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from sklearn.metrics import ConfusionMatrixDisplay

        fig, axes = plt.subplots(1, len(self.sets), figsize=(7 * len(self.sets), 6.2))
        axes = np.atleast_1d(axes)
        for ax, report in zip(axes, self.sets.values(), strict=True):
            matrix = np.array(report.confusion, dtype=float)
            if normalize:
                totals = matrix.sum(axis=1, keepdims=True)
                matrix = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
            display = ConfusionMatrixDisplay(matrix, display_labels=report.labels)
            display.plot(ax=ax, cmap="Blues", colorbar=False, values_format=".2f" if normalize else "d")
            ax.tick_params(axis="x", labelrotation=40)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
            ax.set_xlabel("predicted")
            ax.set_ylabel("truth")
            shown = "share of each truth row" if normalize else "counts"
            ax.set_title(f"{report.name}: macro-F1 {report.macro_f1:.3f}, {report.n} docs ({shown})")
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)


def label_set_report(name: str, order: Sequence[str], truth: Sequence[str], predicted: Sequence[str]) -> LabelSetReport:
    """Metrics of one label set, computed by scikit-learn (``classification_report``,
    ``confusion_matrix``); ``order`` gives the display order of labels."""
    from sklearn.metrics import accuracy_score, classification_report, confusion_matrix

    seen = set(truth) | set(predicted)
    present = [label for label in order if label in seen] + sorted(seen - set(order))
    n = len(truth)
    if not n:
        return LabelSetReport(name, present, 0.0, 0.0, {}, [], 0)
    table = classification_report(truth, predicted, labels=present, output_dict=True, zero_division=0)
    per_class = {
        label: {
            "precision": float(table[label]["precision"]),
            "recall": float(table[label]["recall"]),
            "f1": float(table[label]["f1-score"]),
            "support": float(table[label]["support"]),
        }
        for label in present
    }
    return LabelSetReport(
        name=name,
        labels=present,
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(table["macro avg"]["f1-score"]),
        per_class=per_class,
        confusion=confusion_matrix(truth, predicted, labels=present).tolist(),
        n=n,
    )


def evaluate_labels(
    truth: Sequence[dict[str, str]],
    predicted: Sequence[dict[str, str]],
    schema: LabelSchema,
    ids: Sequence[str] | None = None,
) -> EvaluationReport:
    """Compare predicted labels with the truth for every label set."""
    sets = {
        s.name: label_set_report(s.name, s.labels, [t[s.name] for t in truth], [p[s.name] for p in predicted])
        for s in schema.sets
    }
    mistakes = []
    for i, (t, p) in enumerate(zip(truth, predicted, strict=True)):
        wrong = {name: {"truth": t[name], "predicted": p[name]} for name in schema.names if t[name] != p[name]}
        if wrong:
            mistakes.append({"id": ids[i] if ids else i, **wrong})
    return EvaluationReport(sets=sets, n=len(truth), mistakes=mistakes)


def scope_report(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of "in scope", with the counts behind them."""
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "n_in_scope": float(sum(truth)),
        "n_out_of_scope": float(len(truth) - sum(truth)),
        "false_in_scope": float(fp),
        "false_out_of_scope": float(fn),
    }


def evaluate(model, records: Sequence[Record]) -> EvaluationReport:
    """Evaluate a classifier on labelled records: type and level on the in-scope ones (the model's
    best labels, kept even where its in-scope decision says no: those misses are counted in the scope
    figures), and the in-scope decision on all of them when any is labelled out of scope."""
    documents = [r.document for r in records]
    predictions = model.predict_documents(documents, keep_out_of_scope=True)
    inside = [i for i, r in enumerate(records) if model.schema.in_scope(r.labels)]
    predicted = [{name: predictions[i].labels[name].label for name in model.schema.names} for i in inside]
    report = evaluate_labels(
        [records[i].labels for i in inside], predicted, model.schema, ids=[records[i].id for i in inside]
    )
    report.uncertain = sum(any(lp.uncertain for lp in predictions[i].labels.values()) for i in inside)
    if len(inside) < len(records):
        truth = [model.schema.in_scope(r.labels) for r in records]
        report.scope = scope_report(truth, [p.in_scope for p in predictions])
    return report
