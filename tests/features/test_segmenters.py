"""The compiled segmenter (jieba-rs through rjieba) and the pure-Python fallback give the same words."""

from __future__ import annotations

import pytest

from classify.features import tokenize
from classify.features.tokenize import JiebaTokenizer, make_segmenter

# Made-up sentences: domain terms from the user dictionary, numbers, Latin letters, mixed scripts,
# full-width forms, whitespace of every kind and characters outside jieba's Han range.
SENTENCES = [
    "公司召开2021年党组织书记抓基层党建工作述职评议会，深入开展党史学习教育和我为群众办实事。",
    "某某集团党委理论学习中心组（扩大）学习会暨主题教育读书班开班。",
    "不忘初心、牢记使命主题教育总结大会在京召开，5G+党建、“三会一课”制度落实率100%。",
    "一要提高政治站位；二要压实主体责任\r\n三要强化督导检查\t（四）健全长效机制",
    "ABC公司党支部与XYZ科技有限公司联合开展“支部共建”活动 3.5万元 第1季度",
    "㐀䶵𠀀和龥鿕鿿的罕用字以及全角ＡＢＣ１２３与半角abc123混排",
    "",
    "   \n\n  ",
]


@pytest.fixture(scope="module")
def dictionaries(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tok")
    JiebaTokenizer().save_pretrained(folder)
    return (folder / "dict.txt").read_bytes(), (folder / "userdict.txt").read_text(encoding="utf-8"), folder


def test_compiled_and_fallback_segment_alike(dictionaries, monkeypatch, tmp_path):
    pytest.importorskip("rjieba")
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path / "cache"))
    dictionary, userdict, folder = dictionaries
    compiled, fallback = make_segmenter(dictionary, userdict, "rjieba"), make_segmenter(dictionary, userdict, "jieba")
    assert (compiled.name, fallback.name) == ("rjieba", "jieba")
    for sentence in SENTENCES:
        assert compiled.cut(sentence) == fallback.cut(sentence), sentence
        assert "".join(compiled.cut(sentence)) == sentence  # nothing dropped: offsets stay right
    for sentence in SENTENCES:  # and the content words, through the tokenizer the model uses
        assert JiebaTokenizer(folder, "rjieba").tokenize_with_offsets(sentence) == JiebaTokenizer(
            folder, "jieba"
        ).tokenize_with_offsets(sentence)


def test_user_words_without_frequency_and_repeated_words(dictionaries, monkeypatch, tmp_path):
    """jieba counts a repeated word twice in its total and suggests frequencies for user words given
    without one; the compiled segmenter is given the same arithmetic."""
    pytest.importorskip("rjieba")
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path / "cache"))
    dictionary, userdict, _ = dictionaries
    userdict += "述职评议\n党建引领基层治理\n中心组 3 n\n"
    compiled, fallback = make_segmenter(dictionary, userdict, "rjieba"), make_segmenter(dictionary, userdict, "jieba")
    for sentence in [*SENTENCES, "以党建引领基层治理，开展述职评议和中心组学习。"]:
        assert compiled.cut(sentence) == fallback.cut(sentence), sentence


def test_fallback_when_the_compiled_module_is_absent(monkeypatch, tmp_path):
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLASSIFY_SEGMENTER", raising=False)
    monkeypatch.setattr(tokenize, "_load_rjieba", lambda: None)  # as on a platform without the wheel
    tokenizer = JiebaTokenizer()
    assert tokenizer.segmenter_name == "jieba"
    assert "党史学习教育" in tokenizer.tokenize("深入开展党史学习教育")
    with pytest.raises(ImportError, match="rjieba"):
        JiebaTokenizer(segmenter="rjieba").tokenize("测试")


def test_fallback_never_uses_jiebas_tmp_cache(monkeypatch, tmp_path):
    """jieba's own cache is a predictable file in /tmp (anyone could plant one); ours lives in a private
    user cache directory, named by the dictionary's checksum, and is only JSON."""
    import tempfile

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path / "cache"))
    first = JiebaTokenizer(segmenter="jieba").tokenize("深入开展党史学习教育")
    assert list((tmp_path / "tmp").iterdir()) == []
    cached = list((tmp_path / "cache").glob("jieba-prefix-*.json"))
    assert len(cached) == 1
    assert JiebaTokenizer(segmenter="jieba").tokenize("深入开展党史学习教育") == first  # read back
    cached[0].write_text("not json", encoding="utf-8")  # a damaged cache is rebuilt, not trusted
    assert JiebaTokenizer(segmenter="jieba").tokenize("深入开展党史学习教育") == first


def test_compiled_segmenter_reads_its_dictionary_back_from_the_cache(dictionaries, monkeypatch, tmp_path):
    """The compiled segmenter's parsed dictionary is kept as JSON named by the dictionary's checksum;
    read back it gives the same words, and a damaged or wrong-shaped file is rebuilt, not trusted."""
    pytest.importorskip("rjieba")
    monkeypatch.setenv("CLASSIFY_CACHE_DIR", str(tmp_path / "cache"))
    dictionary, userdict, _ = dictionaries
    sentence = SENTENCES[0]
    first = make_segmenter(dictionary, userdict, "rjieba").cut(sentence)
    cached = list((tmp_path / "cache").glob("dictionary-*.json"))
    assert len(cached) == 1
    assert make_segmenter(dictionary, userdict, "rjieba").cut(sentence) == first  # read back
    for damage in ("not json", '[["a", "b"], [1]]', '[["a"], ["1"]]'):
        cached[0].write_text(damage, encoding="utf-8")
        assert make_segmenter(dictionary, userdict, "rjieba").cut(sentence) == first
    assert len(cached[0].read_text(encoding="utf-8")) > 100_000  # rewritten whole
    other = dictionary + "\n中心组学习会 100000 n\n".encode()  # an empty line: the line-by-line parse
    assert make_segmenter(other, userdict, "rjieba").cut("中心组学习会") == ["中心组学习会"]  # its own file
    assert len(list((tmp_path / "cache").glob("dictionary-*.json"))) == 2


def test_unknown_segmenter_is_refused():
    with pytest.raises(ValueError, match="unknown segmenter"):
        make_segmenter(b"", "", "fast")


def test_content_words_and_offsets_follow_the_raw_segmentation():
    """Filtering (stopwords out, numbers as <num>, punctuation and spaces out) and offsets, against a
    plain loop over the raw words; the lead count of tokenize_lead against the offsets."""
    import re

    tokenizer = JiebaTokenizer()
    tokenizer._CACHE_LIMIT = 50  # the per-token cache is emptied and refilled along the way
    keep, number = re.compile(r"[\u3400-\u9fffA-Za-z]"), re.compile(r"^[\d.%,]+$")
    for sentence in SENTENCES * 2:
        expected, position = [], 0
        for token in tokenizer.cut(sentence):
            if token not in tokenizer._stopwords:
                if keep.search(token):
                    expected.append((token, position))
                elif number.match(token):
                    expected.append(("<num>", position))
            position += len(token)
        assert tokenizer.tokenize_with_offsets(sentence) == expected
        assert tokenizer.tokenize(sentence) == [t for t, _ in expected]
        for lead in (0, 1, 7, 30, 1000):
            assert tokenizer.tokenize_lead(sentence, lead) == (
                [t for t, _ in expected],
                sum(s < lead for _, s in expected),
            )
