"""The sample-data generator (scripts/generate_sample.py) and the sample it ships in data/sample/."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from classify.corpus.load import load_records
from classify.corpus.schema import LabelSchema
from classify.intake import Document, decode_bytes
from classify.intake.clean import clean_text, to_simplified

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
SAMPLE = REPO / "data" / "sample"
RUN = 25  # the copied-text check's window: no run this long may come from ../shared

_PINYIN = re.compile(r"[(（]\s?[a-zü]{1,6}[1-5āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_LEFTOVERS = ("<PAGE_DIV>", "【", "扫一扫", "分享到", "相关专题", "上一篇", "\u3000", "\ufffd", "责任编辑")


@pytest.fixture(scope="module")
def gen():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module("generate_sample")


@pytest.fixture(scope="module")
def corpus(gen):
    """The shipped sample as the generator makes it with its defaults."""
    return list(gen.generate_corpus())


@pytest.fixture(scope="module")
def dirty_samples(gen, corpus):
    """The dirty reports of the sample, and another seed's reports all made dirty (6 per combination)."""
    return [s for s in corpus if s.dirt] + list(gen.generate_corpus(seed=11, per_combo=6, dirty_share=1.0))


def test_same_seed_same_output_other_seed_other_output(gen):
    first = gen.corpus_lines(gen.generate_corpus(seed=3, per_combo=2))
    again = gen.corpus_lines(gen.generate_corpus(seed=3, per_combo=2))
    other = gen.corpus_lines(gen.generate_corpus(seed=4, per_combo=2))
    assert first == again
    assert first != other
    assert [name for name, *_ in gen.generate_reports(seed=3)] == [name for name, *_ in gen.generate_reports(seed=3)]


def test_a_report_does_not_depend_on_the_others(gen):
    """Reports have their own random streams: asking for more or for one combination keeps the rest."""
    few = gen.corpus_lines(gen.generate_corpus(seed=3, per_combo=2))
    more = gen.corpus_lines(gen.generate_corpus(seed=3, per_combo=3))
    assert set(few) <= set(more)
    one = gen.corpus_lines(gen.generate_corpus(seed=3, per_combo=2, selected=["branch_case:local"]))
    assert set(one) <= set(few)


def test_all_twenty_combinations_with_valid_labels(corpus):
    schema = LabelSchema.from_yaml()
    pairs = {(t, lv) for t in schema["type"].labels for lv in schema["level"].labels}
    assert len(pairs) == 20
    seen: dict[tuple[str, str], int] = {}
    for sample in corpus:
        labels = schema.validate({"type": sample.type, "level": sample.level}, where=sample.id)
        seen[(labels["type"], labels["level"])] = seen.get((labels["type"], labels["level"]), 0) + 1
        assert sample.issuer and sample.draft.template.startswith(sample.type + "/")
    assert set(seen) == pairs
    assert min(seen.values()) >= 20
    assert len({s.id for s in corpus}) == len(corpus)


def test_reports_vary_in_length_shape_and_dirt(corpus):
    lengths = sorted(len(s.draft.body) for s in corpus)
    assert lengths[0] >= 300 and lengths[-1] <= 3000
    assert lengths[len(lengths) // 2] >= 700
    assert len({s.draft.template for s in corpus}) >= 15
    assert len({s.issuer for s in corpus}) >= 0.8 * len(corpus)
    dirty = [s for s in corpus if s.dirt]
    assert 0.4 <= len(dirty) / len(corpus) <= 0.6
    kinds = {k for s in dirty for k in s.dirt}
    assert {
        "traditional_full",
        "pinyin",
        "page_div",
        "footer",
        "broken_title",
        "markdown_title",
        "source_line",
    } <= kinds
    assert {"byline", "fullwidth_indent", "mojibake", "no_title"} <= kinds


def test_confusers_are_present(corpus):
    """Keywords alone must not decide the type: each type also appears without its favourite word,
    and other types carry it in passing."""
    texts = {t: [s.draft.title + s.draft.body for s in corpus if s.type == t] for t in {s.type for s in corpus}}
    assert any("总结" in x for x in texts["local_campaign"])
    assert any("述职" in x for x in texts["local_campaign"])
    assert any("述职" in x for x in texts["branch_case"])
    assert any("会议强调" in x for x in texts["local_campaign"])
    assert any("主题党日" in x for x in texts["local_campaign"])
    branch_days = [s for s in corpus if s.draft.template == "local_campaign/theme_day" and s.level == "branch"]
    assert branch_days
    programme_summaries = [
        s
        for s in corpus
        if s.type == "summary_meeting" and not re.search("学习教育|主题教育|实践活动|行动$", s.draft.title)
    ]
    assert programme_summaries
    assert any("集团" in s.issuer for s in corpus if s.level == "subsidiary")
    assert any("集团" in s.issuer for s in corpus if s.level == "local")


def test_dirty_reports_come_out_of_intake_clean(dirty_samples):
    for sample in dirty_samples:
        doc = Document.from_text(sample.text)
        clean = Document.from_parts(title=sample.draft.title, body=sample.draft.body)
        where = f"{sample.id} {sample.dirt}"
        assert doc.body == clean.body, where
        if "no_title" not in sample.dirt:
            assert doc.title == clean.title, where
        if "source_line" in sample.dirt:
            assert doc.date == sample.draft.date, where
        text = doc.text
        assert to_simplified(text) == text, where
        assert not _PINYIN.search(text), where
        assert not any(mark in text for mark in _LEFTOVERS), where


def test_every_mojibake_run_is_dropped_whole(gen):
    from phrasebank.dirt import MOJIBAKE_SOURCES, to_traditional

    sentence = "会议强调，要认真总结经验。"
    for source in MOJIBAKE_SOURCES:
        garbled = source.encode("utf-8").decode("gbk", errors="replace")
        assert clean_text(sentence + garbled) == sentence, source
        assert clean_text(to_traditional(sentence) + garbled) == sentence, source


def test_shipped_corpus_matches_the_generator(gen, corpus):
    path = SAMPLE / "corpus.jsonl"
    assert path.read_text(encoding="utf-8").splitlines() == gen.corpus_lines(corpus), (
        "data/sample is out of date: run python scripts/generate_sample.py"
    )
    assert path.stat().st_size < 5_000_000
    records = load_records(path)
    assert len(records) == len(corpus)
    for record, sample in zip(records, corpus, strict=True):
        assert record.id == sample.id
        assert record.labels == {"type": sample.type, "level": sample.level}
        assert record.meta["generated"] is True and record.meta["issuer"] == sample.issuer
        assert record.document.body == Document.from_parts(title=None, body=sample.draft.body).body


def test_shipped_reports_match_the_generator_and_load(gen):
    folder = SAMPLE / "reports"
    files = gen.generate_reports()
    assert sorted(p.name for p in folder.glob("*.txt")) == sorted(name for name, *_ in files)
    for name, data, _, _ in files:
        assert (folder / name).read_bytes() == data, f"{name} is out of date: run python scripts/generate_sample.py"
    rows = (folder / "labels.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file\ttype\tlevel\tissuer"
    assert rows[1:] == [f"{name}\t{s.type}\t{s.level}\t{s.issuer}" for name, _, s, _ in files]

    records = {r.id: r for r in load_records(folder)}
    assert len(records) == len(files) >= 20
    assert {r.labels["type"] for r in records.values()} == set(gen.TYPES)
    assert {r.labels["level"] for r in records.values()} == set(gen.LEVELS)
    encodings = {encoding for *_, encoding in files}
    assert {"gb18030", "big5", "utf-16", "utf-8"} <= encodings
    assert any(not s.dirt for _, _, s, _ in files) and sum(bool(s.dirt) for _, _, s, _ in files) >= len(files) // 2
    for name, data, sample, _ in files:
        doc = records[name].document
        clean = Document.from_parts(title=sample.draft.title, body=sample.draft.body)
        assert doc.body == clean.body, name
        if "no_title" not in sample.dirt:
            assert doc.title == clean.title, name
        if sample.dirt:
            assert decode_bytes(data) == sample.text, name


def _windows(text: str) -> set[str]:
    return {text[i : i + RUN] for i in range(len(text) - RUN + 1)}


def test_no_generated_sentence_comes_from_the_seeds(corpus, seeds_dir):
    seeds = [p.read_text(encoding="utf-8", errors="ignore") for p in sorted(seeds_dir.glob("*.txt"))]
    known = set()
    for text in seeds:
        for variant in (text, clean_text(text)):
            for line in variant.splitlines():
                known |= _windows(line)
    seed_text = "\n".join(clean_text(t) for t in seeds)
    for sample in corpus:
        for line in (sample.draft.title, *sample.draft.paragraphs, *sample.text.splitlines()):
            assert not (_windows(line) & known), f"{sample.id}: {line[:40]}"
        for sentence in re.split("[。！？；\n]", sample.draft.body):
            if len(sentence) >= 20:
                assert sentence not in seed_text, f"{sample.id}: {sentence}"
