"""The model-directory format every kind shares, Hugging Face style::

    config.json     kind ("baseline", "bert", "onnx"), label sets, threshold, parameters, file checksums
    README.md       the model card: what the model is, its data and how good it is
    ...             the kind's own files (weights in safetensors, tokenizer files, vocabularies)

Nothing is ever unpickled. Checksums of the weight files are recorded at save time and verified at load
time, so a truncated or edited file is reported as a corrupt model directory instead of giving wrong
answers. ``config.json`` itself is checksummed in ``checksums.json`` (whose absence is an error), so the
checks cannot be switched off by deleting ``files`` and an edited ``classes``/label set is caught; a
``files`` entry that leaves the directory (``..``, an absolute path, a symbolic link out) is refused.

Saves are atomic (:func:`atomic_directory`): a model directory is written beside its target and
swapped in, so a save killed at any moment leaves the old model or the new one, never a broken one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from classify import __version__
from classify.errors import ModelError

CONFIG_NAME = "config.json"
CARD_NAME = "README.md"
MANIFEST_NAME = "checksums.json"


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: ``model_type`` (what Hugging Face tools read to tell a model's family) for each classify ``kind``.
MODEL_TYPES = {"baseline": "classify-baseline", "bert": "classify-bert", "onnx": "classify-onnx"}


def portable(value: Any) -> Any:
    """``value`` with absolute paths of this machine made shareable: relative to the working directory
    when under it, else the last two parts (``models/m3e-small``); recursive over dicts and lists."""
    if isinstance(value, dict):
        return {k: portable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [portable(v) for v in value]
    if isinstance(value, str) and value.startswith(("/", "~")) and "\n" not in value and len(value) < 1024:
        path = Path(value).expanduser()
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            return "/".join(path.parts[-2:])
    return value


def publish(directory: Path, names: Iterable[str]) -> None:
    """The model's files readable by all (0644), whatever the umask (other files there are left alone)."""
    for name in names:
        (directory / name).chmod(0o644)


def write_config(directory: Path, config: dict[str, Any], checksummed: Iterable[str]) -> None:
    """Write ``config.json`` with ``model_type`` beside ``kind``, the classify version and the checksums
    of ``checksummed`` files; no absolute path of this machine (:func:`portable`); files 0644."""
    config = portable(config)
    if "kind" in config:
        config = {
            "kind": config["kind"],
            "model_type": MODEL_TYPES.get(config["kind"], f"classify-{config['kind']}"),
        } | {k: v for k, v in config.items() if k != "kind"}
    config = {**config, "classify_version": __version__}
    config["files"] = {name: sha256_file(directory / name) for name in sorted(checksummed)}
    (directory / CONFIG_NAME).write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    write_manifest(directory)
    publish(directory, [CONFIG_NAME, MANIFEST_NAME, *config["files"]])


def write_manifest(directory: Path) -> None:
    """Record ``config.json``'s own checksum (it holds every other file's)."""
    manifest = {CONFIG_NAME: sha256_file(directory / CONFIG_NAME)}
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _inside(directory: Path, name: object) -> Path:
    """``directory / name``, refused (ModelError) unless it resolves inside ``directory``."""
    if not isinstance(name, str) or not name or Path(name).is_absolute():
        raise ModelError(directory, f"corrupt model directory: bad file name {name!r} in {CONFIG_NAME}")
    file = directory / name
    root = directory.resolve()
    if not file.resolve().is_relative_to(root):
        raise ModelError(directory, f"corrupt model directory: {name} leaves the model directory")
    return file


def read_config(directory: str | Path, kind: str | None = None) -> dict[str, Any]:
    """Read and verify a model directory's ``config.json`` and file checksums.

    Raises :class:`ModelError` naming the directory for a missing directory or file, unreadable JSON,
    a file whose checksum changed, or (when ``kind`` is given) a model of another kind.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelError(directory, "model directory not found")
    path = directory / CONFIG_NAME
    if not path.is_file():
        raise ModelError(directory, f"not a model directory (no {CONFIG_NAME})")
    manifest_path = _inside(directory, MANIFEST_NAME)
    _inside(directory, CONFIG_NAME)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(directory, f"corrupt model directory: no {MANIFEST_NAME} (re-save the model)") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise ModelError(directory, f"corrupt model directory: {MANIFEST_NAME} is not valid JSON") from None
    if not isinstance(manifest, dict) or sha256_file(path) != manifest.get(CONFIG_NAME):
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} changed since the model was saved")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} is not valid JSON ({exc})") from None
    except RecursionError:
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} is nested too deeply") from None
    if not isinstance(config, dict) or "kind" not in config or "label_sets" not in config:
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} lacks 'kind' or 'label_sets'")
    if kind is not None and config["kind"] != kind:
        raise ModelError(directory, f"model kind is '{config['kind']}', not '{kind}'")
    files = config.get("files")
    if not isinstance(files, dict) or not files:
        raise ModelError(directory, f"corrupt model directory: {CONFIG_NAME} lists no file checksums")
    for name, expected in files.items():
        file = _inside(directory, name)
        if not file.is_file():
            raise ModelError(directory, f"corrupt model directory: {name} is missing")
        if sha256_file(file) != expected:
            raise ModelError(directory, f"corrupt model directory: {name} changed since the model was saved")
    return config


# --- atomic saves ----------------------------------------------------------------------------------


@contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """A fresh directory beside ``target`` to write a model into; on success it replaces ``target`` in
    one step (the old directory is removed after), on failure it is removed and ``target`` is untouched.

    On Linux the swap is ``renameat2(RENAME_EXCHANGE)``: at every moment ``target`` is the old complete
    directory or the new one. Elsewhere the old one is renamed aside first (a crash between the two
    renames leaves it as ``.NAME.old-*`` beside ``target``).
    """
    import shutil
    import tempfile

    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ModelError(target, "exists and is not a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.tmp-*"):  # left by a killed save
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    work.chmod(0o755)  # mkdtemp's 0700 would make a shipped model unreadable to others
    try:
        yield work
        _fsync_tree(work)
        if target.exists() and _exchange(work, target):
            shutil.rmtree(work, ignore_errors=True)  # the old model, now under the temporary name
        elif target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / "model")
            os.replace(work, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


# --- the model card ---------------------------------------------------------------------------------

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
    import platform  # this and importlib.metadata (~20 ms) only when a model is saved
    from importlib.metadata import PackageNotFoundError, version

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


def card_metadata(config: dict[str, Any], info: dict[str, Any]) -> dict[str, Any]:
    """The card's YAML front matter, as the Hugging Face Hub reads it: language, licence, base model,
    metrics (``model-index``) and the label sets."""
    kind = config["kind"]
    source = str((config.get("encoder") or {}).get("source") or "")
    meta: dict[str, Any] = {
        "language": ["zh"],
        "license": "apache-2.0" if kind == "baseline" else "other",
        "library_name": "classify",
        "pipeline_tag": "text-classification",
        "tags": ["classify", kind, "chinese", "party-building-reports"],
    }
    if meta["license"] == "other":
        meta["license_name"] = "research-only (m3e)" if "m3e" in source.lower() else "see the base model"
    if source:
        meta["base_model"] = portable(source) if source.startswith(("/", "~")) else source
    meta["label_sets"] = {name: list(spec["labels"]) for name, spec in config["label_sets"].items()}
    metrics = info.get("metrics") or {}
    if metrics:
        meta["metrics"] = ["accuracy", "f1"]
        results = []
        for split, per_set in metrics.items():
            for name, m in per_set.items():
                if not (isinstance(m, dict) and "macro_f1" in m):
                    continue
                results.append(
                    {
                        "task": {"type": "text-classification", "name": name},
                        "dataset": {"name": "classify labelled reports", "type": "custom", "split": split},
                        "metrics": [
                            {"type": "accuracy", "value": round(float(m["accuracy"]), 4)},
                            {
                                "type": "f1",
                                "name": "macro-F1",
                                "value": round(float(m["macro_f1"]), 4),
                                "args": {"average": "macro"},
                            },
                        ],
                    }
                )
        if results:
            meta["model-index"] = [{"name": f"classify-{kind}", "results": results}]
    return meta


def write_model_card(path: Path, config: dict[str, Any], info: dict[str, Any]) -> None:
    """Render the card from the model's config and the trainer's ``info`` (data, splits, metrics), with
    Hugging Face front matter (:func:`card_metadata`); no absolute path of this machine; 0644."""
    from datetime import date

    import yaml

    kind = config["kind"]
    info = portable(info)
    front = yaml.safe_dump(card_metadata(config, info), allow_unicode=True, sort_keys=False)
    lines = [
        "---",
        *front.rstrip("\n").splitlines(),
        "---",
        "",
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
        f"Predictions whose top probability is under {config.get('threshold', 0.5)} are flagged `uncertain`, "
        "and so is every label of a document judged out of scope (given only with `--keep-out-of-scope`).",
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
    if info.get("scope_points"):
        lines += [
            "## In scope: choosing the threshold",
            "",
            f"A document is in scope when its in-scope probability is at least {config.get('scope_threshold')}.",
            'Other thresholds, with the precision and recall of "in scope" they gave out of fold over the',
            "training documents (a lower threshold loses fewer reports and keeps more non-reports; pick one with",
            "`classify predict --scope-threshold T` or `model.scope_threshold = T`):",
            "",
            "| threshold | precision | recall |",
            "|---:|---:|---:|",
            *(f"| {p['threshold']} | {p['precision']:.3f} | {p['recall']:.3f} |" for p in info["scope_points"]),
            "",
        ]
    if info.get("parameters"):
        lines += ["## Parameters", "", "```", *info["parameters"], "```", ""]
    lines += [
        "## Intended use and limits",
        "",
        "For analysts sorting folders of 党建 reports. Trained on the real reports counted above and the",
        "generated examples: reports from an outlet, years or genres not in the training data score lower",
        "(the project README's leave-one-source-out figures), and the rare types rest on few real examples.",
        "Where the report names an organisation whose level is known, `issuer_threshold` says when that level",
        "overrides the text's (`decided_by: issuer`). Check `uncertain` predictions by hand.",
        "",
    ]
    if info.get("license"):
        lines += ["## Licence", "", info["license"], ""]
    lines += ["## Software", ""]
    lines += [f"- {name} {v}" for name, v in (info.get("versions") or library_versions()).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o644)
