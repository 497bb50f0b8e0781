"""The BERT classifier's plumbing on a tiny randomly initialised BERT built here (seconds, no download):
chunking, training, exact round trip, results format, bad model directories, ONNX export and predict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from contextlib import contextmanager

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from classify.classifiers import load_model  # noqa: E402
from classify.classifiers.bert import BertClassifier  # noqa: E402
from classify.classifiers.bert_inputs import InputSpec, ReportTokenizer, pool_logits, spread  # noqa: E402
from classify.errors import ConfigError, ModelError  # noqa: E402
from classify.intake import Document  # noqa: E402
from classify.predict import predict_files  # noqa: E402
from classify.training.bert import (  # noqa: E402
    HiddenCache,
    Trainer,
    TrainingArguments,
    class_weights,
    fit_bert,
)
from tests.classifiers.tiny import (  # noqa: E402
    DAMAGES,
    assert_batches_survive_bad_files,
    assert_damage_is_one_clear_error,
    tiny_corpus,
    write_reports,
)
from tests.conftest import REPO, run_cli  # noqa: E402

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
TRAINING = {
    "epochs": 20,
    "patience": 20,
    "batch_size": 8,
    "lr": 5e-3,
    "head_lr": 2e-2,
    "warmup": 0.0,
    "freeze_layers": 0,
    "seed": 3,
}
INPUTS = {"strategy": "chunks", "max_length": 32, "title_tokens": 12, "max_chunks": 3}


def make_tiny_encoder(directory):
    """A 2-layer, hidden-32 BERT with random weights and a character vocabulary, in Hugging Face layout."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    docs, _ = tiny_corpus()
    chars = sorted({c for d in docs for c in d.text if not c.isspace()} | set("0123456789某党支部会议活动。，"))
    vocab = {token: i for i, token in enumerate(SPECIAL + chars)}
    tokenizer = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=False)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    fast.save_pretrained(directory)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(directory)
    return directory


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """A tiny model gains nothing from threads, and on a busy machine they make it crawl."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory):
    return make_tiny_encoder(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture(scope="module")
def fitted(tiny_encoder):
    docs, labels = tiny_corpus()
    model = BertClassifier(encoder=tiny_encoder, inputs=INPUTS, training=TRAINING, batch_size=4)
    Trainer(model, train=(docs, labels), eval=(docs[::3], labels[::3])).train()
    return model, docs, labels


@pytest.fixture(scope="module")
def saved(fitted, tmp_path_factory):
    model, _, _ = fitted
    directory = tmp_path_factory.mktemp("saved") / "bert"
    model.save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def exported(saved, tmp_path_factory):
    from classify.training.export_onnx import export_onnx

    out = tmp_path_factory.mktemp("onnx") / "bert-onnx"
    export_onnx(saved, out, quantize=True)
    return out


# --- chunking ------------------------------------------------------------------------------------------


def test_spread_keeps_first_and_last():
    assert spread(3, 4) == [0, 1, 2]
    assert spread(10, 4) == [0, 3, 6, 9]
    assert spread(10, 1) == [0]


def test_chunks_repeat_the_title_and_cover_the_report(tiny_encoder):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tiny_encoder / "tokenizer.json"))
    special = {"cls": 2, "sep": 3, "pad": 0}
    long = Document.from_parts(title="某党支部会议", body="开展活动。" * 40)  # 200 body tokens
    short = Document.from_parts(title="某党支部会议", body="活动。")
    chunks = ReportTokenizer(tokenizer, InputSpec("chunks", 32, 12, 3), special).chunks([long, short])
    assert len(chunks[0]) == 3 and len(chunks[1]) == 1
    title = tokenizer.encode("某党支部会议", add_special_tokens=False).ids
    for chunk in chunks[0]:
        assert len(chunk) <= 32 and chunk[: len(title) + 2] == [2, *title, 3] and chunk[-1] == 3
    assert chunks[0][-1][-2] == tokenizer.token_to_id("。")  # the last chunk is the end of the report
    head = ReportTokenizer(tokenizer, InputSpec("head", 32, 12, 3), special).chunks([long])
    assert head == [chunks[0][:1]]
    batch = ReportTokenizer(tokenizer, InputSpec("chunks", 32, 12, 3), special).encode([long, short])
    assert batch.input_ids.shape == (4, 32) and batch.document.tolist() == [0, 0, 0, 1]
    assert batch.attention_mask[3].sum() == len(chunks[1][0])
    np.testing.assert_allclose(pool_logits(np.array([[1.0], [2.0], [6.0], [5.0]]), batch.document, 2), [[3.0], [5.0]])


def test_bad_input_settings_are_config_errors():
    with pytest.raises(ConfigError, match="strategy"):
        InputSpec(strategy="middle")
    with pytest.raises(ConfigError, match="title_tokens"):
        InputSpec(max_length=32, title_tokens=30)
    with pytest.raises(ConfigError, match="unknown key"):
        TrainingArguments.from_dict({"epoch": 3})
    with pytest.raises(ConfigError, match="class_weight"):
        TrainingArguments.from_dict({"class_weight": "heavy"})


def test_class_weights_balance_present_classes():
    w = class_weights(np.array([0, 0, 0, 1]), np.ones(4), 3, "balanced")
    np.testing.assert_allclose(w, [4 / 6, 2.0, 0.0])
    np.testing.assert_allclose(class_weights(np.array([0, 0, 0, 1]), np.ones(4), 3, "none"), [1, 1, 0])


# --- training and prediction ---------------------------------------------------------------------------


def test_fit_learns_the_tiny_corpus(fitted):
    model, docs, labels = fitted
    predicted = model.predict(docs)
    right = sum(p == t for p, t in zip(predicted, labels, strict=True))
    assert right >= 0.9 * len(docs)
    history = model.history_["encoder"]
    assert history["best_epoch"] >= 1 and "dev_macro_f1" in history["history"][0]


class _Recorder:
    """A Progress that keeps what it was told: messages, and each bar's description, total and steps."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.bars: list[list] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)

    @contextmanager
    def bar(self, description: str, total: int):
        record = [description, total, 0]
        self.bars.append(record)

        class Bar:
            def advance(self, steps: int = 1, info: str | None = None) -> None:
                record[2] += steps

        yield Bar()


def test_training_is_reproducible_and_reports_progress(tiny_encoder, fitted):
    model, docs, labels = fitted
    again = BertClassifier(encoder=tiny_encoder, inputs=INPUTS, training=TRAINING, batch_size=4)
    progress = _Recorder()
    Trainer(again, train=(docs, labels), eval=(docs[::3], labels[::3]), progress=progress).train()
    for name, p in model.predict_proba(docs[:6]).items():
        np.testing.assert_allclose(again.predict_proba(docs[:6])[name], p, atol=1e-6)
    assert any(m.startswith("loading encoder") for m in progress.messages)
    assert any("epoch 1/" in m and "dev macro-F1" in m for m in progress.messages)
    assert [b[0] for b in progress.bars[:2]] == ["type+level epoch 1/20", "type+level epoch 2/20"]
    assert all(total == done > 0 for _, total, done in progress.bars)  # every bar runs to its end
    messages: list[str] = []  # a plain function still works: the status lines reach it
    Trainer(again, train=(docs, labels), progress=messages.append).train(epochs=1)
    assert any(m.startswith("loading encoder") for m in messages)


def test_cached_frozen_layers_equal_the_full_forward(fitted):
    model, docs, _ = fitted
    module = model.network_.groups["encoder"]
    chunks = [tuple(c) for doc in model.tokenizer_.chunks(docs[:5]) for c in doc]
    cache, progress = HiddenCache(), _Recorder()
    cache.fill(module, chunks, 1, "tiny", "cpu", model.tokenizer_.pad_id, progress)
    n = len(set(chunks))
    assert progress.bars == [[f"encoding {n} chunks through the 1 frozen layers", n, n]]
    hidden, mask = cache.batch(chunks)
    from classify.classifiers.bert_inputs import pad_chunks

    ids, mask_np = pad_chunks(chunks, model.tokenizer_.pad_id)
    with torch.no_grad():
        top = module.classify(module.run_layers(hidden, mask, 1), mask)
        full = module(torch.from_numpy(ids), torch.from_numpy(mask_np))
    for name in full:
        torch.testing.assert_close(top[name], full[name], atol=1e-5, rtol=1e-5)


def test_round_trip_is_exact(fitted, saved):
    model, docs, _ = fitted
    loaded = load_model(saved)
    assert isinstance(loaded, BertClassifier)
    for name, p in model.predict_proba(docs).items():
        np.testing.assert_array_equal(loaded.predict_proba(docs)[name], p)
    card = (saved / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "\n# classify bert model" in card and "## Licence" in card
    assert "\nlicense: other\n" in card and "\nbase_model: " in card
    assert (saved / "encoder" / "config.json").is_file() and (saved / "encoder" / "tokenizer.json").is_file()
    config = json.loads((saved / "config.json").read_text(encoding="utf-8"))
    assert config["kind"] == "bert" and "encoder/model.safetensors" in config["files"]
    assert not list(saved.rglob("*.bin")) and not list(saved.rglob("*.pkl"))


def test_predictions_format_and_threshold(fitted):
    model, _, _ = fitted
    result = model.predict_texts(["某某党支部开展主题党日活动\n自学习教育开展以来，累计开展专题学习三十次。"])[0]
    assert set(result.type.probabilities) == set(model.schema["type"].labels)
    assert abs(sum(result.level.probabilities.values()) - 1) < 1e-6
    data = json.loads(result.to_json())
    assert set(data) == {"path", "in_scope", "in_scope_probability", "type", "level", "issuer"}
    assert data["in_scope"] is True and data["in_scope_probability"] is None  # no in-scope model: no probability
    assert set(data["type"]) == {
        "label",
        "probability",
        "uncertain",
        "probabilities",
    }
    model.threshold = 1.01
    assert model.predict_texts(["某某党支部开展主题党日活动\n自学习教育开展以来，累计开展专题学习三十次。"])[0].type.uncertain
    model.threshold = 0.5
    assert model.predict_proba([])["type"].shape == (0, 4)


def test_batches_survive_bad_files_and_workers_agree(saved, tmp_path):
    model = load_model(saved)
    docs, _ = tiny_corpus(copies=1)
    assert_batches_survive_bad_files(model, docs[:5], tmp_path)


def test_unfitted_and_one_class_training_are_clear_errors(tiny_encoder):
    with pytest.raises(ModelError, match="not fitted"):
        BertClassifier().predict_texts(["正文。"])
    docs = [Document.from_text(f"第{i}篇。正文内容。") for i in range(3)]
    with pytest.raises(ModelError, match="one label only"):
        Trainer(
            BertClassifier(encoder=tiny_encoder), train=(docs, [{"type": "branch_case", "level": "branch"}] * 3)
        ).train()


def test_missing_encoder_is_a_config_error(tmp_path):
    docs, labels = tiny_corpus(copies=1)
    with pytest.raises(ConfigError, match="not found"):
        Trainer(BertClassifier(encoder=tmp_path / "nowhere"), train=(docs, labels)).train()


@pytest.mark.parametrize("damage", DAMAGES)
def test_corrupt_model_directories_give_one_clear_error(fitted, tmp_path, damage):
    files = {"changed": "encoder/model.safetensors", "missing": "encoder", "truncated": "heads.safetensors"}
    assert_damage_is_one_clear_error(fitted[0], tmp_path / "m", damage, **files)


def test_fit_bert_compares_settings_on_dev_and_refits(tiny_encoder):
    from classify.training.run import TrainingData

    docs, labels = tiny_corpus()
    from classify.corpus.record import Record

    records = []
    for i, (doc, lab) in enumerate(zip(docs, labels, strict=True)):
        records.append(Record(id=f"r{i}", text=doc.body, title=doc.title, labels=lab))
    data = TrainingData(train=records[::2], dev=records[1::2], test=[], augment=records[1::4], augment_weight=0.5)
    config = {
        "threshold": 0.5,
        "split": {"refit_on_dev": True},
        "encoder": {**INPUTS, "path": str(tiny_encoder), "shared": [True, False], "strategy": ["head", "chunks"]},
        "training": {**TRAINING, "epochs": 2},
    }
    messages = []
    model, choices, dev_report = fit_bert(config, data, model_schema(), messages.append)
    assert len(choices["dev_macro_f1_by_setting"]) == 4 and choices["refit_on_dev"]
    assert dev_report is not None and dev_report.n == len(data.dev)
    assert model.network_ is not None and len(model.predict(docs[:2])) == 2
    assert any("kept:" in m for m in messages)
    with pytest.raises(ConfigError, match="unknown encoder key"):
        fit_bert({**config, "encoder": {"layers": 2}}, data, model_schema(), messages.append)


def model_schema():
    from classify.corpus.schema import LabelSchema

    return LabelSchema.from_yaml()


# --- ONNX ----------------------------------------------------------------------------------------------


def test_onnx_export_predicts_like_torch(fitted, exported, saved, tmp_path):
    from classify.classifiers.onnx import OnnxClassifier
    from classify.training.export_onnx import export_onnx

    model, docs, _ = fitted
    onnx_model = load_model(exported)
    assert isinstance(onnx_model, OnnxClassifier)
    assert onnx_model.predict(docs) == model.predict(docs)
    torch_results = model.predict_documents(docs[:4])
    onnx_results = onnx_model.predict_documents(docs[:4])
    for a, b in zip(torch_results, onnx_results, strict=True):
        assert set(a.to_dict()) == set(b.to_dict()) and a.type.label == b.type.label
    config = json.loads((exported / "config.json").read_text(encoding="utf-8"))
    assert config["kind"] == "onnx" and config["export"]["quantization"].startswith("int8")
    assert "model.onnx" in config["files"] and (exported / "README.md").is_file()
    fp32 = export_onnx(saved, tmp_path / "fp32", quantize=False)  # without quantisation: the same numbers
    for name, p in model.predict_proba(docs).items():
        np.testing.assert_allclose(fp32.predict_proba(docs)[name], p, atol=1e-4)


def test_onnx_int8_range_follows_the_cpu_and_warns_elsewhere(saved, tmp_path, monkeypatch):
    """The full int8 range only where VNNI adds products without saturating; a model quantised so and
    loaded on a CPU without VNNI says so, and predicts all the same; the heads stay fp32."""
    import onnx

    from classify.classifiers import onnx as onnx_module
    from classify.training import export_onnx as export_module

    monkeypatch.setattr(export_module, "cpu_has_vnni", lambda: True)
    full = export_module.export_onnx(saved, tmp_path / "full")
    assert full.export_info["int8_range"] == 8 and "8-bit" in full.export_info["quantization"]
    graph = onnx.load(str(tmp_path / "full" / "model.onnx")).graph
    producer = {out: node for node in graph.node for out in node.output}
    for output in graph.output:  # each head's product is a float MatMul, not MatMulInteger
        assert [producer[i].op_type for i in producer[output.name].input if i in producer] == ["MatMul"]
    monkeypatch.setattr(onnx_module, "cpu_has_vnni", lambda: False)
    with pytest.warns(UserWarning, match="export again on this machine"):
        load_model(tmp_path / "full")
    monkeypatch.setattr(export_module, "cpu_has_vnni", lambda: False)
    seven = export_module.export_onnx(saved, tmp_path / "seven")
    assert seven.export_info["int8_range"] == 7
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(tmp_path / "seven")


def test_onnx_prediction_does_not_import_torch(exported):
    code = (
        "import sys; from classify.classifiers import load_model; "
        f"m = load_model({str(exported)!r}); m.predict_texts(['某党支部开展主题党日活动。']); "
        "print(sorted(k for k in ('torch', 'transformers') if k in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_onnx_workers_agree_and_corrupt_graph_is_one_line(exported, tmp_path):
    model = load_model(exported)
    docs, _ = tiny_corpus(copies=1)
    paths = write_reports(docs[:4], tmp_path)
    assert [p.to_dict() for p in predict_files(model, paths)] == [
        p.to_dict() for p in predict_files(model, paths, jobs=2)
    ]
    broken = tmp_path / "broken"
    shutil.copytree(exported, broken)
    (broken / "model.onnx").write_bytes(b"not a graph")
    settings = json.loads((broken / "config.json").read_text(encoding="utf-8"))
    settings["files"].pop("model.onnx")
    (broken / "config.json").write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(broken)
    assert str(info.value).startswith(str(broken)) and "\n" not in str(info.value)


def test_cli_export_and_predict(saved, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # a saved model never needs the network
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    report = tmp_path / "report.txt"
    report.write_text("某某市委召开总结大会\n会议总结了一年来的成效和经验，会议强调要巩固拓展成果。", encoding="utf-8")
    result = run_cli("export", "--model", str(saved), "--out", str(tmp_path / "x"))
    assert result.returncode == 2 and b"--onnx" in result.stderr
    result = run_cli("export", "--model", str(saved), "--onnx", "--out", str(tmp_path / "onnx"))
    assert result.returncode == 0, result.stderr.decode()
    outputs = {}
    for name in ("bert", "onnx"):
        directory = saved if name == "bert" else tmp_path / "onnx"
        result = run_cli(
            "predict", "--model", str(directory), "--format", "json", str(report), str(tmp_path / "no.txt")
        )
        assert result.returncode == 1 and result.stderr.decode().count("\n") == 1
        rows = json.loads(result.stdout)  # a list, one object per input; the failed one with its error
        assert len(rows) == 2 and rows[1]["error"].endswith("no such file")
        outputs[name] = rows[0]
        explain = run_cli("predict", "--model", str(directory), "--explain", str(report))
        assert explain.returncode == 2 and b"--explain" in explain.stderr  # a usage error, not ignored
    assert outputs["bert"]["type"]["label"] == outputs["onnx"]["type"]["label"]
    assert set(outputs["bert"]) == set(outputs["onnx"])
