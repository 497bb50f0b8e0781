"""Build a web page, a Word document and a PDF of a report inside a test, from its Document.

Nothing here holds report text: the tests pass in a seed read at test time. The web page wraps the
article in the site chrome of a Chinese CMS (navigation, breadcrumbs, font-size and print buttons,
share box, previous/next links, related news, footer); the PDF is typeset the Chinese way (two-character
indent) with a running header and page numbers, in reportlab's built-in CID font STSong-Light.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from pathlib import Path

from classify.intake import Document

CHROME_TOP = """<div class="header"><a href="/">首页</a> | <a href="/xwzx">新闻中心</a> | <a href="/djgz">党建工作</a>
 | <a href="/lxwm">联系我们</a></div>
<div class="nav"><ul><li><a href="/a">集团概况</a></li><li><a href="/b">新闻中心</a></li>
<li><a href="/c">科技创新</a></li><li><a href="/d">企业文化</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx">新闻中心</a> &gt; 要闻</div>"""
CHROME_BOTTOM = """<div class="share">分享到：<a class="wx">微信</a> <a class="wb">微博</a> <a class="qq">QQ空间</a>
 扫一扫在手机打开当前页</div>
<div class="pages">上一篇：<a href="/1">某某单位召开年度工作会议</a><br>下一篇：<a href="/2">某某单位开展集体学习</a></div>"""
RELATED = """<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/r1">某某单位召开动员大会</a> 2021-03-12</li>
<li><a href="/r2">某某单位召开专题民主生活会</a> 2021-12-30</li>
<li><a href="/r3">某某单位开展“我为群众办实事”实践活动</a> 2021-06-01</li></ul></div>
<div class="footer">版权所有：某某单位 京ICP备00000000号 <a href="/map">网站地图</a> 地址：北京市某某区某某路1号</div>"""


def meta_line(doc: Document) -> str:
    """``文章来源:X 发布时间:Y`` as far as ``doc`` has them ("" when it has neither)."""
    fields = [f"文章来源:{doc.source}" if doc.source else "", f"发布时间:{doc.date}" if doc.date else ""]
    return " ".join(f for f in fields if f)


def lines_of(doc: Document) -> list[str]:
    """The report as an author wrote it: metadata line, paragraphs, bylines (the title apart)."""
    return [x for x in [meta_line(doc), *(p.text for p in doc.paragraphs)] if x] + [f"（{b}）" for b in doc.bylines]


def web_page(doc: Document, *, charset: str = "gb2312", meta: bool = True) -> bytes:
    """A saved web page of ``doc``, encoded in ``charset`` and saying so in a ``<meta>``."""
    e = html.escape
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    if meta and doc.date:
        head += f'\n<meta name="PubDate" content="{doc.date} 10:30">'
    if meta and doc.source:
        head += f'\n<meta name="ContentSource" content="{e(doc.source)}">'
    body = "\n".join(f"<p>　　{e(line)}</p>" for line in lines_of(doc)[1 if meta_line(doc) else 0 :])
    page = f"""<!DOCTYPE html>
<html><head>{head}
<title>{e(doc.title or "")}_新闻中心_某某网</title>
<script>var _hmt = _hmt || []; function share() {{}}</script><style>.nav {{ color: red }}</style></head>
<body>
{CHROME_TOP}
<div class="article"><h1>{e(doc.title or "")}</h1>
<div class="info">{e(meta_line(doc))} 【字号 <a>大</a> <a>中</a> <a>小</a>】 【<a href="javascript:print()">打印</a>】</div>
<div class="content" id="zoom">
{body}
</div>
{CHROME_BOTTOM}
</div>
{RELATED}
</body></html>"""
    return page.encode("gb18030" if charset == "gb2312" else charset)


def word_document(doc: Document, *, table: list[list[str]] | None = None, heading: str | None = None) -> bytes:
    """A .docx of ``doc``: the title in the Title style, then its lines; optionally a Heading 1 and a
    table after the first paragraph."""
    import docx

    document = docx.Document()
    document.add_heading(doc.title or "", level=0)
    for n, line in enumerate(lines_of(doc)):
        document.add_paragraph(line)
        if n == 1 and heading:
            document.add_heading(heading, level=1)
        if n == 1 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(doc: Document, *, paragraphs: list[str] | None = None, header: str = "某某单位 内部资料", **options) -> bytes:
    """A PDF of ``doc`` (or of ``paragraphs``) with a running header and ``- N -`` page numbers.

    ``options`` go to reportlab's document template (``encrypt=...``)."""
    blocks = [("title", doc.title)] if doc.title else []
    blocks += [("body", line) for line in (paragraphs or lines_of(doc))]
    return typeset(blocks, header=header, title=doc.title or "", **options)


def typeset(blocks: Sequence[tuple[str, str]], *, header: str, title: str = "", **options) -> bytes:
    """A PDF of ``blocks``, each ``("title", text)``, ``("body", text)`` or ``("break", "")`` (a page
    break), typeset the Chinese way (two-character indent, CID font STSong-Light) with ``header``
    running at the top of every page and ``- N -`` page numbers at the foot; ``title`` is the PDF's
    metadata title. ``options`` go to reportlab's document template."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    styles = {
        "body": ParagraphStyle(
            "body", fontName="STSong-Light", fontSize=11, leading=16, firstLineIndent=22, wordWrap="CJK"
        ),
        "title": ParagraphStyle(
            "title", fontName="STSong-Light", fontSize=16, leading=22, alignment=1, spaceAfter=8
        ),
    }

    def running(canvas, template) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawString(72, A4[1] - 40, header)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {template.page} -")
        canvas.restoreState()

    story = [PageBreak() if kind == "break" else Paragraph(html.escape(text), styles[kind]) for kind, text in blocks]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=title, **options).build(story, onFirstPage=running, onLaterPages=running)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
