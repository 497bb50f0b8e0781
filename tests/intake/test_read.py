"""Reading bytes: encodings detected, unreadable files refused with one clear error."""

from __future__ import annotations

import codecs

import pytest

from classify.errors import InputError
from classify.intake import read as read_module
from classify.intake import read_document
from classify.intake.read import decode_bytes, read_text
from tests.conftest import seed_path


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_seed_reads_identically_in_other_encodings(seeds_dir, tmp_path, prefix, encoding):
    original = seed_path(seeds_dir, prefix)
    copy = tmp_path / f"{prefix}.{encoding}.txt"
    copy.write_bytes(original.read_text(encoding="utf-8").encode(encoding))
    assert read_text(copy) == original.read_text(encoding="utf-8")
    assert read_document(copy).to_dict() | {"path": None} == read_document(original).to_dict() | {"path": None}


def test_big5_seed_reads_identically(seeds_dir, tmp_path):
    # Seed 003 is in traditional characters, all of them in Big5; Big5 bytes also decode (wrongly) as
    # GB18030, so this checks that the plausible reading wins.
    original = seed_path(seeds_dir, "003")
    text = original.read_text(encoding="utf-8")
    copy = tmp_path / "003.big5.txt"
    copy.write_bytes(text.encode("big5"))
    assert read_text(copy) == text
    assert read_document(copy).title == read_document(original).title == "中国航天科工二院二部一室党支部"


def test_gbk_and_big5_short_texts_are_told_apart():
    simplified = "国资委党委召开党史学习教育总结会议，认真总结经验。"
    traditional = "國資委黨委召開黨史學習教育總結會議，認真總結經驗。"
    assert decode_bytes(simplified.encode("gbk")) == simplified
    assert decode_bytes(traditional.encode("big5")) == traditional


def test_utf16_without_bom_is_detected():
    text = "2022年1月8日 report 国资委 ABC\n" * 20
    assert decode_bytes(text.encode("utf-16-le")) == text


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty file"), (b"  \n\t\n", "empty file"), (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary file")],
)
def test_bad_bytes_give_one_clear_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert str(info.value).startswith(str(path))
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_text("党" * 5000, encoding="utf-8")
    monkeypatch.setattr(read_module, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="file too large"):
        read_module.read_text(path, max_bytes=read_module.MAX_BYTES)


def test_invalid_bytes_after_a_bom_are_an_error():
    with pytest.raises(InputError, match="not valid utf-8"):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd abc")
