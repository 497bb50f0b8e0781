"""Training from a config: data preparation shared by every model kind, then the kind's own fitting.

Data preparation: the labelled corpus is split train/dev/test (deterministic, stratified,
near-duplicates together; :mod:`classify.corpus.splits`); generated reports (``data.augment``) join the
training side only, with a lower sample weight; an explicit ``data.eval`` corpus replaces the split's
test side. Quality is always measured on real documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from classify.corpus.load import load_records
from classify.corpus.record import Record
from classify.corpus.schema import LabelSchema
from classify.corpus.splits import split_records
from classify.errors import ConfigError
from classify.evaluate import EvaluationReport, evaluate
from classify.training.progress import Progress, Say, as_progress


@dataclass
class TrainingData:
    """Real train/dev/test records (in scope) plus generated records for training, and the documents
    labelled out of scope, split the same way (``negatives[split]``): the in-scope decision learns from
    them, and type and level never see them."""

    train: list[Record]
    dev: list[Record]
    test: list[Record]
    augment: list[Record] = field(default_factory=list)
    augment_weight: float = 0.5
    source: str = ""
    negatives: dict[str, list[Record]] = field(default_factory=dict)

    def out_of_scope(self, *splits: str) -> list[Record]:
        """The out-of-scope documents of ``splits``."""
        return [r for name in splits for r in self.negatives.get(name, [])]

    def describe(self) -> list[str]:
        """Lines for the model card."""

        def counts(records: Sequence[Record], name: str) -> str:
            c = Counter(r.labels[name] for r in records)
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1]))

        lines = [
            f"- Labelled corpus: `{self.source}`; split deterministic and stratified by type x level,",
            "  near-duplicate reports kept on one side.",
            f"- train {len(self.train)}, dev {len(self.dev)}, test {len(self.test)} real documents.",
        ]
        if self.negatives:
            n = {name: len(self.negatives.get(name, [])) for name in ("train", "dev", "test")}
            lines.append(
                f"- Out of scope (the in-scope decision's negatives): train {n['train']}, dev {n['dev']}, "
                f"test {n['test']}."
            )
        for name in ("type", "level"):
            lines.append(f"- {name} (train): {counts(self.train, name)}")
            lines.append(f"- {name} (test): {counts(self.test, name)}")
        if self.augment:
            lines.append(
                f"- Generated reports added to training only: {len(self.augment)} "
                f"(sample weight {self.augment_weight}; `scripts/generate_sample.py`)."
            )
        return lines


def load_training_data(
    config: dict[str, Any], schema: LabelSchema, progress: Progress | Say | None = None
) -> TrainingData:
    """Read and split the corpus named by ``config["data"]``."""
    data, split = config["data"], config["split"]
    if not data.get("train"):
        raise ConfigError("config", "no training data: set data.train or pass --data")
    say = as_progress(progress)
    say(f"reading {data['train']}")
    records = load_records(
        data["train"], schema=schema, shared_root=data.get("shared"), outside_paths=bool(data.get("outside_paths"))
    )
    _refuse_duplicate_ids(records, data["train"])
    # in-scope and out-of-scope documents are split apart, so adding negatives never moves a report
    negatives = [r for r in records if not schema.in_scope(r.labels)]
    records = [r for r in records if schema.in_scope(r.labels)]
    parts = _given_splits(records)
    negative_parts = _given_splits(negatives) if negatives else None
    if parts is not None:
        say(f"using the corpus's own splits ({', '.join(f'{k} {len(v)}' for k, v in parts.items())})")
    else:
        parts = split_records(records, dev=split["dev"], test=split["test"], seed=split["seed"])
    if negative_parts is None:
        negative_parts = split_records(negatives, dev=split["dev"], test=split["test"], seed=split["seed"])
    if not parts["train"]:
        raise ConfigError(
            data["train"], f"corpus too small to split ({len(records)} documents): nothing left to train on"
        )
    if data.get("eval"):
        say(f"reading evaluation corpus {data['eval']}")
        parts["train"] += parts["test"]
        parts["test"] = load_records(data["eval"], schema=schema, shared_root=data.get("shared"))
    augment = []
    if data.get("augment"):
        say(f"reading generated reports {data['augment']}")
        augment = load_records(data["augment"], schema=schema)
    say(
        f"training data: {len(records)} documents from {_display_path(data['train'])} "
        f"(train {len(parts['train'])}, dev {len(parts['dev'])}, test {len(parts['test'])}); "
        + (
            f"{len(augment)} generated reports from {_display_path(data['augment'])} added to training "
            f"(weight {data.get('augment_weight', 0.5)})"
            if augment
            else "no generated reports"
        )
    )
    return TrainingData(
        parts["train"],
        parts["dev"],
        parts["test"],
        augment,
        float(data.get("augment_weight", 0.5)),
        source=_display_path(data["train"]),
        negatives=negative_parts if negatives else {},
    )


def _refuse_duplicate_ids(records: Sequence[Record], where: str) -> None:
    """Two rows with one id (whatever their labels) would land on both sides of the split, or teach the
    model two answers for one document: refused, naming the id."""
    seen: dict[str, Record] = {}
    for record in records:
        if record.id in seen:
            same = seen[record.id].labels == record.labels
            raise ConfigError(
                where,
                f"duplicate id '{record.id}' ({'same labels' if same else 'conflicting labels'}); ids must be unique",
            )
        seen[record.id] = record


@dataclass
class TrainResult:
    """What training produced: the model, where it was saved, and its reports."""

    model: Any
    out: Path | None
    dev: EvaluationReport | None
    test: EvaluationReport | None
    choices: dict[str, Any]


def train(
    config: dict[str, Any], *, out: str | Path | None = None, progress: Progress | Say | None = None, save: bool = True
) -> TrainResult:
    """Train the model a config describes, evaluate it on the test side, save it with a model card.

    ``progress``: a :class:`~classify.training.progress.Progress` (status lines and bars) or a plain
    function of one string (status lines only); ``None``: silent."""
    say = as_progress(progress)  # the same object when it is a Progress: the bert trainer draws bars on it
    target = Path(out or config.get("out") or Path("runs") / str(config.get("model", "model")))
    if save:
        check_out(target)  # before minutes of training, not after
    schema = LabelSchema.from_yaml(config["labels"]) if config.get("labels") else LabelSchema.from_yaml()
    kind = config["model"]
    if kind == "baseline":
        from classify.training.baseline import check_baseline_config

        check_baseline_config(config, schema)
    data = load_training_data(config, schema, say)
    if kind == "baseline":
        from classify.training.baseline import fit_baseline

        model, choices, dev_report = fit_baseline(config, data, schema, say)
        dev_name = "cross-validation (train+dev, pooled out-of-fold)"
    elif kind == "bert":
        from classify.training.bert import fit_bert

        model, choices, dev_report = fit_bert(config, data, schema, say)
        dev_name = "dev"
    else:
        raise ConfigError("config", f"unknown model '{kind}' (expected baseline or bert)")
    test_report = None
    if data.test:
        negatives = data.out_of_scope("test")
        say(f"evaluating on the test split ({len(data.test)} real documents, {len(negatives)} out of scope)")
        test_report = evaluate(model, data.test + negatives)
    metrics = {}
    if dev_report is not None:
        metrics[dev_name] = dev_report.summary()
    if test_report is not None:
        metrics["test"] = test_report.summary()
    model.card_info.update(
        {
            "date": date.today().isoformat(),
            "data": data.describe(),
            "metrics": metrics,
            "metrics_note": "Test documents were never seen in training or model selection.",
            "parameters": [f"{k}: {v}" for k, v in choices.items() if k != "scope_operating_points"],
            "scope_points": choices.get("scope_operating_points"),
        }
    )
    if save:
        from classify.classifiers.model_dir import atomic_directory

        say(f"saving to {target}")
        with atomic_directory(target) as work:  # old model or new one, never a broken one
            model.save_pretrained(work)
            if test_report is not None:
                test_report.save_json(work / "eval_test.json")
    return TrainResult(model, target if save else None, dev_report, test_report, choices)


#: Split names of a ``datasets.DatasetDict`` and what training calls them.
_SPLIT_NAMES = {"train": "train", "validation": "dev", "valid": "dev", "dev": "dev", "test": "test"}


def _given_splits(records: Sequence[Record]) -> dict[str, list[Record]] | None:
    """The corpus's own train/dev/test (a DatasetDict's splits) when every record has a known one and
    there is a train split; ``None`` to split deterministically."""
    names = [_SPLIT_NAMES.get(str(r.meta.get("split", "")).lower()) for r in records]
    if not records or None in names or "train" not in names:
        return None
    parts: dict[str, list[Record]] = {"train": [], "dev": [], "test": []}
    for record, name in zip(records, names, strict=True):
        parts[name].append(record)
    return parts


def check_out(target: Path) -> None:
    """Refuse an output directory that cannot be written (a file, a read-only parent) up front."""
    import os

    if target.exists() and not target.is_dir():
        raise ConfigError(target, "--out exists and is not a directory")
    parent = next((p for p in [target.parent, *target.parent.parents] if p.exists()), Path("."))
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(target, f"--out cannot be written ({parent} is not a writable folder)")


def _display_path(path: str | Path) -> str:
    """``path`` relative to the working directory when it lies under it: a model card shipped in the
    repository should not carry the absolute path of the machine it was trained on."""
    from classify.classifiers.model_dir import portable

    return str(portable(str(Path(path).resolve())))
