"""End to end on the real encoder: fine-tune m3e-small briefly on a small real subset, predict the seeds,
round-trip the model directory, export to ONNX int8 and predict again. Skips cleanly without ../shared.

Kept small so that it runs in the default ``pytest -q`` (CI included): 40 documents, 64-token chunks,
one epoch over the top layer. It checks the plumbing on real weights, not the quality (scripts/bench_bert.py
measures that).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from classify.classifiers import load_model
from classify.classifiers.bert import BertClassifier
from classify.corpus.schema import LabelSchema
from classify.predict import predict_files
from classify.training.bert import Trainer
from classify.training.config import load_config
from tests.conftest import REPO

INPUTS = {"strategy": "chunks", "max_length": 64, "title_tokens": 24, "max_chunks": 2}
TRAINING = {"epochs": 1, "batch_size": 8, "freeze_layers": 3, "lr": 2e-4, "head_lr": 5e-3, "seed": 13}


@pytest.fixture(scope="module")
def m3e(shared):
    path = shared / "models" / "m3e-small"
    if not (path / "model.safetensors").is_file():
        pytest.skip("../shared/models/m3e-small is not present")
    return path


@pytest.mark.slow
def test_m3e_small_fine_tune_predict_and_export(m3e, shared, seeds_dir, tmp_path):
    from classify.classifiers.onnx import OnnxClassifier
    from classify.training.export_onnx import export_onnx
    from classify.training.run import load_training_data

    schema = LabelSchema.from_yaml()
    config = load_config(REPO / "configs" / "bert.yaml", {"data": {"shared": str(shared)}})
    config["data"]["augment"] = None
    data = load_training_data(config, schema)
    by_type: dict[str, list] = {}
    for record in data.train:
        by_type.setdefault(record.labels["type"], []).append(record)
    train = [r for records in by_type.values() for r in records[:10]][:32]  # every type present, rare ones first
    documents = [r.document for r in train]
    model = BertClassifier(schema, encoder=m3e, inputs=INPUTS, training=TRAINING, batch_size=16)
    Trainer(
        model,
        train=(documents, [r.labels for r in train]),
        eval=([r.document for r in data.dev[:8]], [r.labels for r in data.dev[:8]]),
    ).train()

    seeds = sorted(seeds_dir.glob("*.txt"))
    results = list(predict_files(model, seeds))
    assert [r.path for r in results] == [str(p) for p in seeds] and all(r.ok for r in results)
    for result in results:
        assert result.type.label in schema["type"].labels and result.level.label in schema["level"].labels
        assert abs(sum(result.type.probabilities.values()) - 1) < 1e-6

    directory = tmp_path / "bert"
    model.save_pretrained(directory)
    loaded = load_model(directory)
    check = [r.document for r in data.test[:6]]
    for name, p in model.predict_proba(check).items():
        np.testing.assert_array_equal(loaded.predict_proba(check)[name], p)
    card = (directory / "README.md").read_text(encoding="utf-8")
    assert "research use only" in card and "m3e-small" in card

    onnx_model = export_onnx(directory, tmp_path / "bert-onnx")
    assert isinstance(onnx_model, OnnxClassifier)
    onnx_results = list(predict_files(load_model(tmp_path / "bert-onnx"), seeds))
    for a, b in zip(results, onnx_results, strict=True):
        assert set(a.to_dict()) == set(b.to_dict())
        for name in schema.names:
            difference = max(
                abs(a.labels[name].probabilities[k] - b.labels[name].probabilities[k])
                for k in a.labels[name].probabilities
            )
            assert difference < 0.1  # int8 moves probabilities a little, not a lot
    exported = json.loads((tmp_path / "bert-onnx" / "config.json").read_text(encoding="utf-8"))
    assert exported["kind"] == "onnx" and exported["inputs"] == loaded.inputs.to_dict()
