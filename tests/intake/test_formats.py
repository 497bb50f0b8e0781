"""Web pages, Word documents and PDFs read like the .txt report they hold.

Every file is built inside the test from seed 000, read at test time (its text is never committed):
see :mod:`tests.intake.make_formats`.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
import zipfile

import pytest

from classify.errors import InputError
from classify.intake import expand_inputs, read_document
from classify.intake.formats.pdf import drop_running, join_lines
from classify.intake.formats.web import declared_charset, decode_html
from classify.intake.sniff import sniff
from classify.summarize import summarize
from tests.conftest import run_cli, seed_path
from tests.intake import make_formats as make

pytest.importorskip("trafilatura")
pytest.importorskip("docx")
pytest.importorskip("pypdf")
pytest.importorskip("reportlab")


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def seed(seeds_dir):
    return read_document(seed_path(seeds_dir, "000"))


@pytest.fixture(scope="module")
def files(seed, seeds_dir, tmp_path_factory):
    """Seed 000 as .txt, .html (GB2312, with site chrome), .docx and .pdf."""
    folder = tmp_path_factory.mktemp("formats")
    (folder / "report.txt").write_bytes(seed_path(seeds_dir, "000").read_bytes())
    make.write(folder / "report.html", make.web_page(seed))
    make.write(folder / "report.docx", make.word_document(seed))
    make.write(folder / "report.pdf", make.pdf(seed))
    return {path.suffix[1:]: path for path in sorted(folder.iterdir())}


# --- the same report in every format ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_each_format_reads_like_the_txt(files, kind):
    txt, other = read_document(files["txt"]), read_document(files[kind])
    assert other.title == txt.title == "中国航天航天科技集团有限公司召开党史学习教育总结会议"
    assert other.date == txt.date == "2022-01-21"
    assert other.source == txt.source
    assert other.bylines == txt.bylines
    assert other.paragraphs == txt.paragraphs  # no menus, share box, header or page number among them
    assert other.path == str(files[kind])


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_each_format_is_summarised_like_the_txt(files, kind):
    assert summarize(files[kind]).sentences == summarize(files["txt"]).sentences


def test_each_format_is_classified_and_summarised_like_the_txt_by_the_cli(files):
    ordered = [str(files[k]) for k in ("txt", "html", "docx", "pdf")]
    result = run_cli("predict", "-f", "jsonl", "--summary", *ordered)
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [row.pop("path") for row in rows] == ordered
    assert rows[0]["summary"] and all(row == rows[0] for row in rows), rows


# --- web pages -------------------------------------------------------------------------------------


def test_declared_gb2312_is_honoured_and_a_stale_declaration_is_not(seed):
    page = make.web_page(seed, charset="gb2312")
    assert declared_charset(page) == "gb18030"
    assert "党史学习教育" in decode_html(page, "x.html")
    # A page re-saved as UTF-8 that still declares gb2312 is read as UTF-8.
    utf8 = page.decode("gb18030").encode("utf-8")
    assert decode_html(utf8, "x.html") == page.decode("gb18030")
    # <meta charset=big5> on a traditional-character page
    big5 = b'<html><head><meta charset="big5"><title>t</title></head><body><p>' + "黨史學習".encode("big5") + b"</p>"
    assert "黨史學習" in decode_html(big5, "x.html")


def test_page_without_metadata_still_gets_title_date_and_source_from_its_lines(seed):
    doc = read_document(make.web_page(seed, meta=False, charset="utf-8"), name="page.html")
    assert (doc.title, doc.date, doc.source) == (seed.title, seed.date, seed.source)


def test_an_undated_page_does_not_take_a_related_links_date(seed):
    doc = read_document(make.web_page(dataclasses.replace(seed, date=None)), name="page.html")
    assert doc.date is None and doc.paragraphs == seed.paragraphs  # the related news list has dates


def test_page_with_no_article_is_one_error():
    page = (
        b"<!DOCTYPE html><html><head><title>Home</title></head><body><ul><li><a href=/a>A</a></li></ul></body></html>"
    )
    with pytest.raises(InputError, match=r"^menu\.html: no article found in the web page$"):
        read_document(page, name="menu.html")


# --- Word ------------------------------------------------------------------------------------------


def test_docx_keeps_order_headings_from_styles_and_tables_as_text(seed):
    data = make.word_document(seed, heading="一、基本情况", table=[["指标", "数值"], ["专题学习", "四千场次"]])
    doc = read_document(data, name="x.docx")
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("一、基本情况")
    assert texts[start - 1] == seed.paragraphs[0].text
    assert doc.paragraphs[start].kind == "heading"
    assert texts[start + 1 : start + 3] == ["指标 数值", "专题学习 四千场次"]
    assert texts[start + 3] == seed.paragraphs[1].text
    assert doc.title == seed.title


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_running_header_and_page_numbers_go_and_a_paragraph_across_pages_is_whole(seed):
    long = "".join(p.text for p in seed.paragraphs)[:3000]  # one paragraph longer than a page
    data = make.pdf(seed, paragraphs=[long, "完。"], header="某某单位 内部资料 2022年第3期")
    doc = read_document(data, name="long.pdf")
    assert doc.title == seed.title
    assert [p.text for p in doc.paragraphs] == [long, "完。"]


def test_pdf_line_joining_rules():
    pages = [
        "报头 第1期\n  第一段的文字排满了一整行\n接着写满第二行的文字啊\n第三行短。\n- 1 -",
        "报头 第2期\n  段落 with a long infor-\nmation word spanning two\nlines of text ok\n2",
    ]
    lines = drop_running(pages)
    assert lines == [
        "  第一段的文字排满了一整行",
        "接着写满第二行的文字啊",
        "第三行短。",
        "  段落 with a long infor-",
        "mation word spanning two",
        "lines of text ok",
    ]
    assert join_lines(lines) == [
        "第一段的文字排满了一整行接着写满第二行的文字啊第三行短。",
        "段落 with a long information word spanning two lines of text ok",
    ]


# --- bad files: one line each ----------------------------------------------------------------------


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(50, 50, 400, 600, fill=1)  # a picture of a page, no text
    page.showPage()
    page.save()
    return out.getvalue()


def _bad_files(seed) -> dict[str, tuple[bytes, str]]:
    good_pdf = make.pdf(seed)
    good_docx = make.word_document(seed)
    return {
        "truncated.pdf": (good_pdf[:400], "corrupt PDF"),
        "garbage.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 20, "corrupt PDF"),
        "locked.pdf": (make.pdf(seed, encrypt="secret"), "encrypted PDF: needs a password"),
        "scan.pdf": (_scanned_pdf(), "no text layer: needs OCR"),
        "old.doc": (OLE_MAGIC + "WordDocument".encode("utf-16-le") + b"\x00" * 600, "old binary Word document (.doc)"),
        "locked.docx": (OLE_MAGIC + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600, "encrypted Office"),
        "truncated.docx": (good_docx[: len(good_docx) // 2], "corrupt Word document"),
        "archive.zip": (_zip({"a.txt": "x"}), "a zip archive, not a report"),
        "menu.html": (b"<html><body><nav><a href=/>home</a></nav></body></html>", "no article found"),
    }


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_bad_files_each_get_one_line_naming_the_file(seed, tmp_path):
    for name, (data, problem) in _bad_files(seed).items():
        path = make.write(tmp_path / name, data)
        with pytest.raises(InputError) as info:
            read_document(path)
        message = str(info.value)
        assert message.startswith(f"{path}: ") and problem in message, message
        assert "\n" not in message


def test_missing_extra_gives_a_one_line_hint(files, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdf", None)  # what an install without the extra looks like
    with pytest.raises(
        InputError, match=r"reading PDF files needs the formats extra: pip install 'classify\[formats\]'$"
    ):
        read_document(files["pdf"])


# --- telling formats apart ---------------------------------------------------------------------------


def test_format_is_told_from_the_bytes_not_the_name(files, seed, tmp_path):
    assert [sniff(files[k].read_bytes(), "report.txt") for k in ("txt", "html", "docx", "pdf")] == [
        "text",
        "html",
        "docx",
        "pdf",
    ]
    # a PDF saved as .txt and a web page saved as .doc are read as what they are
    pdf_as_txt = make.write(tmp_path / "a.txt", files["pdf"].read_bytes())
    page_as_doc = make.write(tmp_path / "b.doc", files["html"].read_bytes())
    assert read_document(pdf_as_txt).paragraphs == read_document(page_as_doc).paragraphs == seed.paragraphs
    # stray tags in a text report do not make it a web page
    assert sniff("标题\n<BR>正文<p>一段</p>\n<PAGE_DIV>".encode(), "x.txt") == "text"
    assert sniff(OLE_MAGIC + b"\x00" * 100, "x.doc") == "ole"


def test_folders_pick_up_every_format(files):
    folder = files["txt"].parent
    assert sorted(expand_inputs([folder])) == sorted(str(p) for p in files.values())
