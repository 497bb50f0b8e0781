"""Reading reports kept as PDF and web pages: time and memory, and which HTML extractor keeps the article.

``python scripts/bench_formats.py [--pages 300]`` typesets a PDF of at least that many pages (the
generated sample reports in data/sample/corpus.jsonl, one after another, in reportlab's built-in CJK
font, with a running header and page numbers), then reads it with ``classify.read_document`` in a fresh
process and prints the wall time and peak memory (resident set size of that process, and the Python
heap's peak from tracemalloc in a second run).

``python scripts/bench_formats.py --html [--limit N]`` compares trafilatura with readability-lxml on
Chinese news pages: each report (the shipped sample corpus, plus the five seeds when ../shared is
there) is wrapped in three kinds of site chrome (a CMS article page with menus, share box and related
news; an old table-layout government page; a portal page with a sidebar of headlines and a comment
box), and the extracted text is scored against the report's true body: character precision (how much
of what came out is article), recall (how much of the article came out) and F1, averaged over pages.
Needs ``pip install readability-lxml`` besides the formats extra.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from classify.intake import Document, read_document  # noqa: E402


def sample_documents(limit: int | None = None) -> list[Document]:
    with (REPO / "data" / "sample" / "corpus.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:limit]
    docs = [
        Document.from_parts(title=r["title"], body=r["text"]) if r["title"] else Document.from_text(r["text"])
        for r in rows
    ]
    return [d for d in docs if d.title and len(d.paragraphs) >= 3]


# --- PDF: time and memory -------------------------------------------------------------------------


def build_pdf(pages: int) -> tuple[bytes, int, list[str]]:
    """A PDF of at least ``pages`` pages, its page count and the paragraphs typeset (titles included)."""
    import pypdf
    from tests.intake.make_formats import typeset

    docs = sample_documents()
    per_page = 0.9  # reports per page, about; the story grows until the PDF is long enough
    while True:
        blocks, typeset_text = [], []
        for n in range(int(pages * per_page)):
            doc = docs[n % len(docs)]
            blocks += [("title", doc.title or ""), *(("body", p.text) for p in doc.paragraphs)]
            typeset_text += [doc.title or "", *(p.text for p in doc.paragraphs)]
            if n % 7 == 6:
                blocks.append(("break", ""))
        data = typeset(blocks, header="党建工作资料汇编（内部资料）", title="党建工作资料汇编")
        count = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        if count >= pages:
            return data, count, typeset_text
        per_page *= 1.03 * pages / count


def measure(path: str, trace: bool) -> dict:
    """Read ``path`` once (in this fresh process) and report time and memory."""
    import tracemalloc

    import pypdf  # imported before the clock starts, as a long-running batch would have it

    del pypdf
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    doc = read_document(path)
    seconds = time.perf_counter() - start
    out = {
        "seconds": round(seconds, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "paragraphs": len(doc.paragraphs),
        "characters": len(doc.body),
    }
    if trace:
        out["python_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return out


def bench_pdf(pages: int) -> None:
    start = time.perf_counter()
    data, count, typeset = build_pdf(pages)
    built = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        runs = {}
        for trace in (False, True):
            args = [sys.executable, __file__, "--measure", str(path)] + (["--trace"] if trace else [])
            runs[trace] = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        doc = read_document(path)
    got = Counter([doc.title or "", *(p.text for p in doc.paragraphs)])
    whole = sum((got & Counter(typeset)).values())
    plain, traced = runs[False], runs[True]
    baseline = json.loads(
        subprocess.run(
            [sys.executable, "-c", _BASELINE_RSS, str(REPO / "src")], check=True, capture_output=True, text=True
        ).stdout
    )
    print(f"PDF: {count} pages, {len(data) / 1e6:.1f} MB (built in {built:.1f} s)")
    print(
        f"read_document: {plain['seconds']:.2f} s ({1000 * plain['seconds'] / count:.1f} ms/page), "
        f"{plain['paragraphs']} paragraphs, {plain['characters']:,} characters"
    )
    print(
        f"peak memory: {plain['max_rss_mb']:.0f} MB resident (the process with classify and pypdf loaded, "
        f"before reading: {baseline['max_rss_mb']:.0f} MB); Python heap peak {traced['python_heap_peak_mb']:.0f} MB"
    )
    print(
        "paragraphs rebuilt exactly (no header, footer or page number in them, none split or merged): "
        f"{whole} of {len(typeset)} ({whole / len(typeset):.1%})"
    )


_BASELINE_RSS = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import classify.intake, classify.intake.formats.pdf, pypdf
print(json.dumps({"max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# --- HTML: trafilatura against readability-lxml ---------------------------------------------------


def _cms(doc: Document, body: str) -> str:
    from tests.intake.make_formats import CHROME_BOTTOM, CHROME_TOP, RELATED

    return f"""<html><head><meta charset="utf-8"><title>{html.escape(doc.title or "")}_新闻中心</title></head><body>
{CHROME_TOP}<div class="article"><h1>{html.escape(doc.title or "")}</h1>
<div class="info">来源：某某网 发布时间：2022-01-21 【打印】【关闭】</div><div class="content">{body}</div>
{CHROME_BOTTOM}</div>{RELATED}</body></html>"""


def _table_gov(doc: Document, body: str) -> str:
    menu = "".join(
        f'<td><a href="/m{i}">{w}</a></td>'
        for i, w in enumerate(["首页", "政务公开", "政策文件", "办事服务", "互动交流", "专题专栏"])
    )
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{html.escape(doc.title or "")}</title></head>
<body><table width="1000"><tr>{menu}</tr></table>
<table width="1000"><tr><td width="200" valign="top"><table><tr><td><a href="/l1">通知公告</a></td></tr><tr><td><a href="/l2">工作动态</a></td></tr>
<tr><td><a href="/l3">党建工作</a></td></tr><tr><td><a href="/l4">信息公开目录</a></td></tr></table></td>
<td valign="top"><table><tr><td align="center"><font size="5"><b>{html.escape(doc.title or "")}</b></font></td></tr>
<tr><td align="center">发布日期：2022-01-21　　浏览次数：1024</td></tr>
<tr><td>{body}</td></tr><tr><td align="right">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</td></tr></table></td></tr></table>
<table><tr><td>主办单位：某某市人民政府办公室　　网站标识码：0000000000　　京公网安备 00000000000000号</td></tr></table></body></html>"""


def _portal(doc: Document, body: str) -> str:
    side = "".join(f'<li><a href="/s{i}">某某地区开展第{i}批主题教育集中学习活动</a></li>' for i in range(1, 11))
    return f"""<html><head><meta charset="utf-8"><title>{html.escape(doc.title or "")}--党建频道--某某网</title>
<meta property="og:title" content="{html.escape(doc.title or "")}"></head><body>
<div id="top"><a href="/">网站首页</a> <a href="/dj">党建</a> <a href="/sz">时政</a> <a href="/sh">社会</a> <a href="/app">客户端</a> <a href="/login">登录</a></div>
<div class="main"><div class="left"><h1>{html.escape(doc.title or "")}</h1><p class="sou">2022年01月21日08:31 来源：某某网-党建频道</p>
<div class="rm_txt_con">{body}</div><div class="edit">(责编：张三、李四)</div>
<div class="comment"><h3>网友评论</h3><textarea>请输入评论内容</textarea><button>发表</button><p>已有0人参与</p></div></div>
<div class="right"><h3>热点排行</h3><ul>{side}</ul><h3>图片推荐</h3><ul><li><a href="/p1"><img src="p1.jpg">某某风光</a></li></ul></div></div>
<div id="foot">某某网版权所有，未经书面授权禁止使用　Copyright © 1997-2022 by www.example.cn. all rights reserved</div></body></html>"""


TEMPLATES = {"cms": _cms, "table-gov": _table_gov, "portal": _portal}


def _trafilatura(page: str, *, tables: bool = False) -> str:
    import trafilatura

    result = trafilatura.bare_extraction(page, include_comments=False, include_tables=tables)
    return (result.text if result is not None else "") or ""


def _classify(page: str) -> str:
    """What reaches the Document: trafilatura as intake calls it, then cleaning and structure (the
    title and the metadata line become fields)."""
    return read_document(page.encode("utf-8"), name="page.html").body


def _readability(page: str) -> str:
    import lxml.html
    from readability import Document as Readable

    summary = Readable(page).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content()


EXTRACTORS = {
    "trafilatura": _trafilatura,
    "trafilatura+tables": lambda page: _trafilatura(page, tables=True),
    "readability-lxml": _readability,
    "classify (intake)": _classify,
}


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if ch.isalnum())


def bench_html(limit: int) -> None:
    import logging

    from classify.corpus.shared import find_shared

    logging.disable(logging.WARNING)
    docs = sample_documents(limit)
    shared = find_shared(REPO)
    if shared is not None:
        docs += [read_document(p) for p in sorted((shared / "seeds").glob("*.txt"))]
        docs = [d for d in docs if d.title]
    scores: dict[tuple[str, str], list[tuple[float, float]]] = {}
    seconds: Counter[str] = Counter()
    for doc in docs:
        body = "\n".join(f"<p>　　{html.escape(p.text)}</p>" for p in doc.paragraphs)
        truth = _chars("".join(p.text for p in doc.paragraphs))
        for template, make in TEMPLATES.items():
            page = make(doc, body)
            for name, extract in EXTRACTORS.items():
                start = time.perf_counter()
                got = _chars(extract(page))
                seconds[name] += time.perf_counter() - start
                common = sum((got & truth).values())
                scores.setdefault((name, template), []).append(
                    (common / max(1, sum(got.values())), common / max(1, sum(truth.values())))
                )
    print(f"{len(docs)} reports x {len(TEMPLATES)} templates (character precision / recall / F1, mean over pages)")
    print(f"{'extractor':18} {'template':10} {'P':>6} {'R':>6} {'F1':>6}")
    for name in EXTRACTORS:
        for template in [*TEMPLATES, "all"]:
            rows = [s for (n, t), v in scores.items() if n == name and template in (t, "all") for s in v]
            p = sum(r[0] for r in rows) / len(rows)
            r = sum(r[1] for r in rows) / len(rows)
            f1s = [2 * a * b / (a + b) if a + b else 0.0 for a, b in rows]
            print(f"{name:18} {template:10} {p:6.3f} {r:6.3f} {sum(f1s) / len(f1s):6.3f}")
        print(f"{name:18} {'ms/page':10} {1000 * seconds[name] / (len(docs) * len(TEMPLATES)):6.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300, help="Pages of the generated PDF.")
    parser.add_argument("--html", action="store_true", help="Compare the HTML extractors instead.")
    parser.add_argument("--limit", type=int, default=120, help="Sample reports for --html.")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.trace)))
    elif args.html:
        bench_html(args.limit)
    else:
        bench_pdf(args.pages)


if __name__ == "__main__":
    main()
