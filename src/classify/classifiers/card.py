"""The model card: a README.md in every model directory saying what the model is and how good it is."""

from __future__ import annotations

import platform
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from classify import __version__

_LIBRARIES = (
    "classify",
    "numpy",
    "scikit-learn",
    "jieba",
    "opencc",
    "safetensors",
    "torch",
    "transformers",
    "onnxruntime",
)


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries a model depends on (those present)."""
    out = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def _metrics_table(metrics: dict[str, Any]) -> list[str]:
    lines = ["| split | label set | accuracy | macro-F1 | documents |", "|---|---|---|---|---|"]
    for split, per_set in metrics.items():
        for name, m in per_set.items():
            if isinstance(m, dict) and "macro_f1" in m:
                lines.append(f"| {split} | {name} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {m['n']} |")
    return lines


def write_model_card(path: Path, config: dict[str, Any], info: dict[str, Any]) -> None:
    """Render the card from the model's config and the trainer's ``info`` (data, splits, metrics)."""
    kind = config["kind"]
    lines = [
        f"# classify {kind} model",
        "",
        f"Trained {info.get('date', date.today().isoformat())} with classify {__version__}.",
        "Predicts the report **type** and the issuing-organisation **level** of Chinese party-building reports",
        "(label guide: `../shared/LABELS.md`; schema: `configs/labels.yaml`).",
        "",
        "## Labels",
        "",
    ]
    for name, spec in config["label_sets"].items():
        labels = ", ".join(f"`{k}` ({v.get('zh', '')})" for k, v in spec["labels"].items())
        lines.append(f"- **{name}**: {labels}")
    lines += [
        "",
        f"Predictions whose top probability is under {config.get('threshold', 0.5)} are flagged `uncertain`.",
        "",
    ]
    if info.get("encoder"):
        lines += ["## Encoder", "", info["encoder"], ""]
    if info.get("data"):
        lines += ["## Training data", "", *info["data"], ""]
    if info.get("metrics"):
        lines += ["## Metrics", "", *_metrics_table(info["metrics"]), ""]
        if info.get("metrics_note"):
            lines += [info["metrics_note"], ""]
    if info.get("parameters"):
        lines += ["## Parameters", "", "```", *info["parameters"], "```", ""]
    lines += [
        "## Intended use and limits",
        "",
        "For analysts sorting folders of 党建 reports. Trained on a few hundred real People's Daily 2019-2020",
        "reports and branch write-ups plus generated examples: reports from other outlets, years or genres may",
        "score lower, and the rare types rest on few real examples (see the counts above). Check `uncertain`",
        "predictions by hand.",
        "",
    ]
    if info.get("license"):
        lines += ["## Licence", "", info["license"], ""]
    lines += ["## Software", ""]
    lines += [f"- {name} {v}" for name, v in (info.get("versions") or library_versions()).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
