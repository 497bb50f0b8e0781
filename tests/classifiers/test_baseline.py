"""The baseline: fitted with scikit-learn, numpy inference equal to the pipeline's, safe round trip, bad model dirs."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from classify.classifiers import load_model
from classify.classifiers.baseline import BaselineClassifier
from classify.errors import ModelError
from classify.features.vectorize import FeatureConfig, ReportVectorizer
from classify.intake import Document
from classify.training.baseline import analyse, fit_documents, make_pipeline
from tests.classifiers.tiny import (
    DAMAGES,
    assert_batches_survive_bad_files,
    assert_damage_is_one_clear_error,
    tiny_corpus,
)

FEATURES = FeatureConfig(min_df=1, max_features=5000)


@pytest.fixture(scope="module")
def fitted():
    docs, labels = tiny_corpus()
    return fit_documents(docs, labels, features=FEATURES, C=10.0), docs, labels


def test_fit_predicts_its_training_data(fitted):
    model, docs, labels = fitted
    assert model.predict(docs) == labels


def test_probabilities_match_the_scikit_learn_pipeline(fitted):
    model, docs, labels = fitted
    X = analyse(docs, ReportVectorizer(FEATURES))
    ours = model.predict_proba(docs)
    for label_set in model.schema.sets:
        pipeline = make_pipeline(FEATURES, C=10.0).fit(X, [lab[label_set.name] for lab in labels])
        expected = pipeline.predict_proba(X)
        columns = [label_set.index(c) for c in pipeline.classes_]
        np.testing.assert_allclose(ours[label_set.name][:, columns], expected, atol=2e-5)
        absent = [j for j in range(len(label_set.labels)) if j not in columns]
        assert np.all(ours[label_set.name][:, absent] == 0)


def test_per_label_set_weights_change_only_their_set_and_round_trip(tmp_path):
    docs, labels = tiny_corpus()
    plain = fit_documents(docs, labels, features=FEATURES, C=1.0)
    weighted = fit_documents(docs, labels, features=FEATURES, C=1.0, set_weights={"type": {"title": 6.0, "body": 0.1}})
    a, b = plain.predict_proba(docs), weighted.predict_proba(docs)
    np.testing.assert_allclose(a["level"], b["level"], atol=1e-6)
    assert not np.allclose(a["type"], b["type"], atol=1e-3)
    weighted.save_pretrained(tmp_path / "w")
    np.testing.assert_array_equal(load_model(tmp_path / "w").predict_proba(docs)["type"], b["type"])
    with pytest.raises(ValueError, match="unknown label set"):
        fit_documents(docs, labels, set_weights={"genre": {"title": 2.0}})


def test_round_trip_is_exact(fitted, tmp_path):
    model, docs, _ = fitted
    model.save_pretrained(tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert isinstance(loaded, BaselineClassifier)
    for name, p in model.predict_proba(docs).items():
        np.testing.assert_array_equal(loaded.predict_proba(docs)[name], p)
    card = (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\nlanguage:\n- zh\nlicense: apache-2.0\n") and "\n# classify baseline model" in card
    front = yaml.safe_load(card.split("---\n")[1])
    assert front["label_sets"]["type"] and front["library_name"] == "classify"
    config = json.loads((tmp_path / "m" / "config.json").read_text(encoding="utf-8"))
    assert list(config)[:2] == ["kind", "model_type"] and config["model_type"] == "classify-baseline"
    for name in ["config.json", "README.md", *config["files"]]:
        assert (tmp_path / "m" / name).stat().st_mode & 0o777 == 0o644, name
    assert "/work/" not in card + json.dumps(config) and str(tmp_path) not in card + json.dumps(config)
    assert not list((tmp_path / "m").rglob("*.pkl")) and not list((tmp_path / "m").rglob("*.bin"))


def test_predictions_results_and_threshold(fitted):
    model, _, _ = fitted
    result = model.predict_texts(["某党支部开展主题党日活动，支部党员参观纪念馆，重温入党誓词。"], explain=True)[0]
    assert result.type.label == "local_campaign" and result.level.label == "branch"
    assert set(result.type.probabilities) == set(model.schema["type"].labels)
    assert abs(sum(result.type.probabilities.values()) - 1) < 1e-6
    assert result.explanation and all(w > 0 for _, w in result.explanation["type"])
    data = json.loads(result.to_json())
    assert data["type"]["label"] == "local_campaign" and "explanation" in data
    model.threshold = 1.01
    assert model.predict_texts(["某党支部开展主题党日活动，支部党员参观纪念馆，重温入党誓词。"])[0].type.uncertain
    model.threshold = 0.5


@pytest.mark.parametrize("text", ["hello world, a report in English", "。，！？……" * 50, "\u3000 ，\n\t" * 40, "党支部开展活动"])
def test_no_chinese_text_is_out_of_scope_never_a_confident_type(fitted, text):
    model, _, _ = fitted
    result = model.predict_texts([text])[0]
    assert not result.in_scope and result.scope.reason == "no Chinese text to read"
    assert result.type is None and result.level is None and result.issuer is None
    data = json.loads(result.to_json())
    assert data["in_scope"] is False and data["type"] is None and data["level"] is None
    kept = model.predict_texts([text], keep_out_of_scope=True)[0]
    assert not kept.in_scope and kept.type is not None  # the best guess on request, still out of scope
    assert kept.type.uncertain and kept.level.uncertain


def test_the_best_guess_for_a_document_out_of_scope_is_flagged_uncertain():
    from classify.classifiers import default_model_path, load_model

    if not default_model_path().exists():
        pytest.skip("no shipped model")
    model = load_model(default_model_path())  # the tiny model here has no in-scope decision
    text = "某村党支部开展主题党日活动，支部党员参观红色教育基地，重温入党誓词，交流学习体会。"
    model.scope_threshold = 0.0  # every document in scope: the labels as the classifiers read them
    inside = model.predict_texts([text])[0]
    model.scope_threshold = 1.01  # none: the same labels, given on request only, all flagged
    outside = model.predict_texts([text], keep_out_of_scope=True)[0]
    dropped = model.predict_texts([text])[0]
    assert inside.in_scope and not inside.type.uncertain and not inside.level.uncertain
    assert not outside.in_scope and dropped.type is None
    assert outside.type.label == inside.type.label and outside.type.probability == inside.type.probability
    assert outside.type.uncertain and outside.level.uncertain


def test_blank_text_is_an_error_for_its_item_only(fitted):
    model, _, _ = fitted
    blank, good = model.predict_texts(["\u3000 \n\t", "某党支部开展主题党日活动，支部党员参观纪念馆，重温入党誓词。"])
    assert blank.error == "texts[0]: empty text" and good.ok and good.type is not None


def test_batches_survive_bad_files_and_workers_agree(fitted, tmp_path):
    model, docs, _ = fitted
    assert_batches_survive_bad_files(model, docs[:6], tmp_path)


def test_unfitted_and_one_class_training_are_clear_errors():
    with pytest.raises(ModelError, match="not fitted"):
        BaselineClassifier().predict_texts(["正文。"])
    docs = [Document.from_text(f"第{i}篇。正文内容。") for i in range(3)]
    with pytest.raises(ModelError, match="one label only"):
        fit_documents(docs, [{"type": "branch_case", "level": "branch"}] * 3, features=FEATURES)


@pytest.mark.parametrize("damage", DAMAGES)
def test_corrupt_model_directories_give_one_clear_error(fitted, tmp_path, damage):
    files = {"changed": "model.safetensors", "missing": "vocab.json", "truncated": "model.safetensors"}
    assert_damage_is_one_clear_error(fitted[0], tmp_path / "m", damage, **files)


def test_the_named_issuer_decides_the_level_and_a_disagreement_is_flagged(fitted):
    from classify.classifiers.base import ISSUER_ALWAYS

    model, _, _ = fitted
    # the title's convenor is a province's committee (local); the body reads like a group's institute
    doc = Document.from_parts(
        title="湖南省委召开总结大会",
        body="湖南省委召开会议。某某集团所属研究院第1次。某某集团所属研究院会议总结了一年来的成效和经验。",
    )
    text_only = model.predict_documents([doc], issuer=False)[0].labels["level"]
    before = model.issuer_threshold
    try:
        model.issuer_threshold = ISSUER_ALWAYS
        result = model.predict_documents([doc])[0]
    finally:
        model.issuer_threshold = before
    assert result.issuer is not None and result.issuer.level == "local"
    level = result.labels["level"]
    assert level.label == "local"
    assert text_only.label != "local"  # the text alone reads the institute
    assert level.decided_by == "issuer"
    assert level.probability == text_only.probabilities["local"]
    assert level.uncertain and not text_only.uncertain  # confident text, overridden: flagged for checking


def test_a_report_naming_no_organisation_keeps_the_classifiers_level(fitted):
    from classify.classifiers.base import ISSUER_ALWAYS

    model, _, _ = fitted
    text = "全体党员开展主题党日活动，参观纪念馆，重温入党誓词。自学习教育开展以来，累计开展专题学习三十次。"
    before = model.issuer_threshold
    try:
        model.issuer_threshold = ISSUER_ALWAYS  # the issuer's level wherever one is found: here none is
        result = model.predict_texts([text], keep_out_of_scope=True)[0]
    finally:
        model.issuer_threshold = before
    assert result.error is None and result.issuer is None
    text_only = model.predict_texts([text], keep_out_of_scope=True, issuer=False)[0]
    assert result.level.label == text_only.level.label and result.level.decided_by is None
    assert json.loads(result.to_json())["issuer"] is None
