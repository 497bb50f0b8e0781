"""Hostile input and faults: the whole catalogue of issue 15, tried as a careless or hostile user would.

``python scripts/bench_faults.py [--quick] [--only GROUP]`` makes every bad input itself (in a
temporary folder; nothing from ../shared), runs it through the command line or the API, and prints per
group how many cases were tried and how many were handled cleanly:

* a file case is clean when the batch answers it exactly once, as a result (possibly required to be
  ``uncertain``) or as one ``classify: error: NAME: problem`` line, with no traceback and no
  ``internal error``, and the good file of its batch is still answered;
* an API case is clean when it returns sound results (per-item errors where asked) or raises a
  :class:`classify.errors.ClassifyError` (one line, naming the item), never another exception;
* a command-line option case is clean when it exits 2 (usage) or 1 with one error line, before any
  file is read;
* a signal case: exit 130 (Ctrl-C) with no traceback and complete output lines, or the model
  directory loading after a kill.

Then the two load figures: a batch of 10,000 files (1,000 with ``--quick``) with 1 % bad ones in every
output format and with ``--jobs 2`` (every good file answered, exit 1, peak memory against a batch a
tenth the size), and a save killed 20 times at random moments (5 with ``--quick``): the model
directory must load every time, as the old model or the new one.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from classify.errors import ClassifyError, printable  # noqa: E402

TEXT = "党支部召开组织生活会，认真开展批评与自我批评。会议强调要巩固拓展学习教育成果，推动工作落实。"
TRAD = "黨支部召開組織生活會，認真開展批評與自我批評。會議強調要鞏固拓展學習教育成果。"
ENV = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(REPO / "src"), "COLUMNS": "400"}
RESULTS: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)


def record(group: str, name: str, ok: bool, detail: str = "") -> None:
    RESULTS[group].append((name, ok, detail))


def cli(*args: str, stdin: bytes | None = None, timeout: float = 300, shell: str | None = None):
    if shell is not None:
        return subprocess.run(shell, shell=True, capture_output=True, cwd=REPO, env=ENV, timeout=timeout)
    return subprocess.run(
        [sys.executable, "-m", "classify", *args], input=stdin, capture_output=True, cwd=REPO, env=ENV, timeout=timeout
    )


def clean_stderr(stderr: bytes) -> bool:
    text = stderr.decode("utf-8", "replace")
    return "Traceback" not in text and "internal error" not in text


# --- file cases: one batch per group through the CLI -------------------------------------------------
# expect: "ok" a result, "uncertain" a result with every label uncertain, "error" an error line,
# "answered" either (a sound result or a clear error).


def run_file_batch(group: str, cases: list[tuple[str, str, str]], good: Path, fmt: str = "jsonl", *extra: str):
    """``cases``: (case name, path, expect). One CLI run over all paths plus a good file."""
    paths = [p for _, p, _ in cases]
    result = cli("predict", "-f", fmt, *extra, *paths, str(good), timeout=600)
    records = {}
    if fmt == "jsonl":
        for line in result.stdout.decode("utf-8", "surrogateescape").splitlines():
            try:
                item = json.loads(line)
                records.setdefault(item["path"], []).append(item)
            except (ValueError, KeyError):
                pass
    errors: dict[str, list[str]] = defaultdict(list)
    stray = []
    for line in result.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("classify: error: "):
            errors[line[len("classify: error: ") :]].append(line)
        else:
            stray.append(line)
    batch_clean = clean_stderr(result.stderr) and not stray and result.returncode in (0, 1)
    good_ok = str(good) in records
    for name, path, expect in cases:
        shown = printable(path) or "''"
        errs = [e for key, lines in errors.items() if key.startswith(shown + ": ") for e in lines]
        # a failed input is both its error line and a record with "error" (the output contract): one answer
        got = [r for r in records.get(path, []) if not r.get("error")]
        if len(got) + len(errs) != 1:
            record(group, name, False, f"answered {len(got)} results + {len(errs)} errors")
            continue
        if expect == "error":
            ok = bool(errs)
        elif expect == "ok":
            ok = bool(got)
        elif expect == "uncertain":  # no confident type: out of scope (no labels), all flagged, or an error
            ok = bool(got) and (
                got[0].get("in_scope") is False
                or all(v["uncertain"] for k, v in got[0].items() if isinstance(v, dict) and "uncertain" in v)
            )
            ok = ok or bool(errs)
        else:
            ok = True
        record(
            group, name, ok and batch_clean and good_ok, (errs[0] if errs else "result") if ok else f"expected {expect}"
        )


def encoding_cases(root: Path) -> list[tuple[str, str, str]]:
    folder = root / "enc"
    folder.mkdir()
    t = TEXT * 3
    u8 = t.encode()
    made: list[tuple[str, bytes, str]] = [
        ("utf-8", u8, "ok"),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + u8, "ok"),
        ("gb18030", t.encode("gb18030"), "ok"),
        ("gbk", t.encode("gbk"), "ok"),
        ("gb2312", t.encode("gb2312"), "ok"),
        ("big5 traditional", (TRAD * 3).encode("big5"), "ok"),
        ("utf-8 traditional", (TRAD * 3).encode(), "ok"),
        ("utf-16-le BOM", b"\xff\xfe" + t.encode("utf-16-le"), "ok"),
        ("utf-16-be BOM", b"\xfe\xff" + t.encode("utf-16-be"), "ok"),
        ("utf-16-le no BOM", t.encode("utf-16-le"), "ok"),
        ("utf-16-be no BOM", t.encode("utf-16-be"), "ok"),
        ("utf-16-le no BOM ascii mix", ("Report 2021\n" + t).encode("utf-16-le"), "ok"),
        ("utf-32-le BOM", t.encode("utf-32"), "ok"),
        ("utf-32-le no BOM", t.encode("utf-32-le"), "ok"),
        ("utf-32-be no BOM", t.encode("utf-32-be"), "ok"),
        ("utf-32-be BOM", b"\x00\x00\xfe\xff" + t.encode("utf-32-be"), "ok"),
        ("stray byte at start", b"\xff" + u8, "error"),
        ("stray byte in middle", u8[:60] + b"\xfe" + u8[60:], "error"),
        ("stray byte at end", u8 + b"\x80", "error"),
        ("truncated last character", u8[:-1], "answered"),
        ("CESU surrogate bytes", u8 + b"\xed\xa0\x80", "error"),
        ("overlong slash", u8 + b"\xc0\xaf", "error"),
        ("latin-1", "Café résumé, naïve déjà vu à la carte; über Straße. ".encode("latin-1") * 4, "error"),
        ("cp1252 quotes", "“Smart quotes” – and dashes — everywhere… ".encode("cp1252") * 4, "error"),
        ("koi8-r russian", "Партийное собрание прошло успешно. ".encode("koi8-r") * 4, "error"),
        ("shift_jis japanese", "党支部の会議が開催されました。".encode("shift_jis") * 4, "answered"),
        ("euc-kr korean", "당 지부 회의가 열렸습니다. ".encode("euc-kr") * 4, "answered"),
        ("utf-8 then gbk", u8 + t.encode("gbk"), "answered"),
        ("NUL bytes", u8 + b"\x00" * 20 + u8, "answered"),
        ("binary", bytes(range(256)) * 8, "error"),
        ("only BOM", b"\xef\xbb\xbf", "error"),
        ("BOM and spaces", b"\xef\xbb\xbf   \n\n", "error"),
        ("empty", b"", "error"),
        ("whitespace only", b" \n\t\r\n ", "error"),
        ("ideographic spaces", ("\u3000" * 40).encode(), "uncertain"),
        ("punctuation only", "。，！？；：“”（）……".encode() * 5, "uncertain"),
        ("english only", b"hello world, this is not a Chinese report at all. " * 4, "uncertain"),
        ("digits only", b"1234567890 " * 20, "uncertain"),
        ("emoji only", ("\U0001f600\U0001f389" * 30).encode(), "uncertain"),
        ("terminal escapes", b"\x1b[31m" + u8 + b"\x1b[0m", "answered"),
        ("zero-width characters", ("\u200b\u200d\ufeff".join(t)).encode(), "ok"),
        ("right-to-left override", ("\u202e" + t).encode(), "ok"),
        ("CRLF lines", t.replace("。", "。\r\n").encode(), "ok"),
        ("CR-only lines", t.replace("。", "。\r").encode(), "ok"),
        ("rich markup in text", ("[/][bold]" + t + "[red]").encode(), "ok"),
        ("html entities", ("&lt;p&gt;" + t + "&amp;").encode(), "ok"),
        ("one long line", (TEXT.replace("。", "，") * 300).encode(), "ok"),
        ("private-use characters", ("\ue000\ue001" * 10 + t).encode(), "ok"),
    ]
    out = []
    for i, (name, data, expect) in enumerate(made):
        path = folder / f"{i:02d}.txt"
        path.write_bytes(data)
        out.append((name, str(path), expect))
    names = folder / "names"
    names.mkdir()
    odd = {
        "name with [draft] markup": "[draft]report.txt",
        "name with [bold] markup": "[bold]x.txt",
        "name with newline": "a\nb.txt",
        "name with tab": "a\tb.txt",
        "name with escape": "a\x1b[31mb.txt",
        "name of spaces": "   .txt",
        "name starting with dash": "-n.txt",
        "chinese name": "党支部报告.txt",
    }
    for name, file in odd.items():
        (names / file).write_text(TEXT, encoding="utf-8")
        out.append((name, str(names / file), "ok"))
    undecodable = os.fsdecode(bytes(names) + b"/bad\xff\xfe.txt")
    Path(undecodable).write_text(TEXT, encoding="utf-8")
    out.append(("non-UTF-8 file name", undecodable, "ok"))
    return out


def special_cases(root: Path) -> list[tuple[str, str, str]]:
    folder = root / "special"
    folder.mkdir()
    fifo = folder / "fifo.txt"
    os.mkfifo(fifo)
    sock_path = folder / "sock.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    (folder / "missing-link.txt").symlink_to(folder / "nowhere.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "zero-link.txt").symlink_to("/dev/zero")
    (folder / "dir.txt").mkdir()
    (folder / "emptydir").mkdir()
    locked = folder / "locked.txt"
    locked.write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    blocker = folder / "file.txt"
    blocker.write_text(TEXT, encoding="utf-8")
    loops = folder / "loops"
    (loops / "a" / "b").mkdir(parents=True)
    (loops / "a" / "b" / "up").symlink_to(loops)
    (loops / "a" / "r.txt").write_text(TEXT, encoding="utf-8")
    (loops / "x.txt").symlink_to(loops / "x.txt")
    deep = folder / "deep"
    current = deep
    for _ in range(30):
        current = current / ("d" * 200)
    with contextlib.suppress(OSError):  # may fail past PATH_MAX: the walk must still report it
        os.makedirs(current)
    hard = folder / "hard.txt"
    os.link(blocker, hard)
    return [
        ("/dev/zero", "/dev/zero", "error"),
        ("/dev/null", "/dev/null", "error"),
        ("/dev/urandom", "/dev/urandom", "error"),
        ("FIFO without writer", str(fifo), "error"),
        ("unix socket", str(sock_path), "error"),
        ("symlink to nowhere", str(folder / "missing-link.txt"), "error"),
        ("symlink to itself", str(folder / "self.txt"), "error"),
        ("symlink to /dev/zero", str(folder / "zero-link.txt"), "error"),
        ("folder named .txt", str(folder / "dir.txt"), "error"),
        ("empty folder", str(folder / "emptydir"), "error"),
        ("missing file", str(folder / "missing.txt"), "error"),
        ("file under a file", str(blocker / "x.txt"), "error"),
        ("mode 000 file", str(locked), "answered"),
        ("name over NAME_MAX", str(folder / ("n" * 300 + ".txt")), "error"),
        ("path over PATH_MAX", "/".join(["p" * 200] * 25) + ".txt", "error"),
        ("hard link", str(hard), "ok"),
        ("/proc file (size 0 in stat)", "/proc/self/status", "answered"),
        ("folder with a symlink loop", str(loops), "answered"),
        ("deep folder past PATH_MAX", str(deep), "answered"),
        ("empty name", "", "error"),
    ]


def run_folder_cases(group: str, cases: list[tuple[str, str, str]], good: Path) -> None:
    """Folders expand into several entries: clean when the run ends with no traceback, exit 1, the
    good file answered, and every entry under the folder answered or reported."""
    singles = [c for c in cases if not os.path.isdir(c[1]) or c[1].endswith(".txt")]
    folders = [c for c in cases if c not in singles]
    run_file_batch(group, singles, good)
    for name, path, _ in folders:
        result = cli("predict", "-f", "jsonl", path, str(good), timeout=300)
        lines = result.stderr.decode("utf-8", "replace").splitlines()
        ok = (
            clean_stderr(result.stderr)
            and all(line.startswith("classify: error: ") for line in lines)
            and str(good) in result.stdout.decode("utf-8", "replace")
            and result.returncode == 1
        )
        if "loop" in name:
            ok = ok and any("loop" in line for line in lines) and "r.txt" in result.stdout.decode()
        record(group, name, ok, lines[0] if lines else "")


def huge_cases(root: Path, good: Path) -> None:
    group = "huge input"
    folder = root / "huge"
    folder.mkdir()
    sparse = folder / "sparse.txt"
    with sparse.open("wb") as handle:
        handle.truncate(5 * 1024**3)
    big = folder / "big.txt"
    big.write_bytes(TEXT.encode() * (21 * 1024 * 1024 // len(TEXT.encode()) + 1))
    nopunct = folder / "nopunct.txt"
    nopunct.write_bytes(("学习贯彻党的精神" * 650_000).encode())
    lines = folder / "lines.txt"
    lines.write_bytes(("学习。\n" * 200_000).encode())
    pdf = folder / "fake.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(1_000_000))
    html = folder / "deep.html"
    html.write_bytes(b"<html><body>" + b"<div>" * 100_000 + TEXT.encode() + b"</div>" * 100_000 + b"</body></html>")
    docx = folder / "broken.docx"
    docx.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    bomb = folder / "bomb.docx"
    import zipfile

    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 1024 * 1024) + b"</w:document>")
    cases = [
        ("5 GB sparse file", str(sparse), "error"),
        ("21 MB text", str(big), "error"),
        ("5 MB without punctuation", str(nopunct), "answered"),
        ("200k short lines", str(lines), "answered"),
        ("1 MB fake PDF", str(pdf), "error"),
        ("100k-deep HTML", str(html), "answered"),
        ("broken docx", str(docx), "error"),
        ("docx decompressing to 300 MB", str(bomb), "answered"),
    ]
    run_file_batch(group, cases, good)
    # standard input: bounded, in predict and summarize
    for name, command in [
        ("/dev/zero on stdin (predict)", f"{sys.executable} -m classify predict - < /dev/zero"),
        ("/dev/zero on stdin (summarize)", f"{sys.executable} -m classify summarize - < /dev/zero"),
        (
            "250 MB on stdin (summarize)",
            f"head -c 250000000 /dev/zero | tr '\\0' 'a' | {sys.executable} -m classify summarize -",
        ),
        ("5 GB sparse on stdin", f"{sys.executable} -m classify predict - < {sparse}"),
    ]:
        result = cli(shell=command, timeout=300)
        record(group, name, result.returncode == 1 and clean_stderr(result.stderr) and b"too large" in result.stderr)
    result = cli("summarize", str(nopunct), "-f", "json")
    try:
        lead = json.loads(result.stdout)[0]
        ok = lead["chars"] <= 150 and lead["note"]
    except (ValueError, KeyError, IndexError):
        ok = False
    record(group, "summary of 5 MB without punctuation within budget", bool(ok))
    for text, name in [
        ("党支部召开组织生活会认真开展批评与自我批评", "one-sentence text"),
        ("1.学习党章。2.交纳党费。3.开展活动。", "short 1.2.3. list"),
    ]:
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        result = cli("summarize", str(path))
        record(group, f"summary of a {name}", result.returncode == 0 and bool(result.stdout.strip()))


# --- model directories --------------------------------------------------------------------------------


def model_cases(root: Path, source: Path) -> None:
    from classify.classifiers import load_model
    from classify.classifiers.model_dir import write_manifest

    group = "model-directory tampering"
    outside = root / "outside.txt"
    outside.write_text("x")

    def edit(change: Callable[[dict], None], manifest: bool = False):
        def apply(d: Path) -> None:
            config = json.loads((d / "config.json").read_text(encoding="utf-8"))
            change(config)
            (d / "config.json").write_text(json.dumps(config), encoding="utf-8")
            if manifest:
                write_manifest(d)

        return apply

    def flip(name: str):
        def apply(d: Path) -> None:
            data = bytearray((d / name).read_bytes())
            data[-1] ^= 1
            (d / name).write_bytes(bytes(data))

        return apply

    def link_out(name: str):
        def apply(d: Path) -> None:
            (d / name).unlink()
            (d / name).symlink_to(outside)

        return apply

    damages: dict[str, Callable[[Path], None]] = {
        "config missing": lambda d: (d / "config.json").unlink(),
        "config not JSON": lambda d: (d / "config.json").write_text("{oops"),
        "config empty": lambda d: (d / "config.json").write_text(""),
        "config a list": lambda d: ((d / "config.json").write_text("[]"), write_manifest(d)),
        "config 100k deep": lambda d: (
            (d / "config.json").write_text("[" * 100_000 + "]" * 100_000),
            write_manifest(d),
        ),
        "config binary": lambda d: (d / "config.json").write_bytes(os.urandom(500)),
        "kind removed": edit(lambda c: c.pop("kind")),
        "kind unknown": edit(lambda c: c.update(kind="pickle"), manifest=True),
        "files removed": edit(lambda c: c.pop("files")),
        "files removed, manifest redone": edit(lambda c: c.pop("files"), manifest=True),
        "files empty": edit(lambda c: c.update(files={}), manifest=True),
        "files a list": edit(lambda c: c.update(files=["vocab.json"]), manifest=True),
        "files entry ../": edit(lambda c: c["files"].update({"../outside.txt": "0"}), manifest=True),
        "files entry absolute": edit(lambda c: c["files"].update({"/etc/hostname": "0"}), manifest=True),
        "files entry not a string hash": edit(lambda c: c["files"].update({"vocab.json": 5}), manifest=True),
        "classes swapped": edit(lambda c: c["classes"]["type"].reverse()),
        "label set edited": edit(lambda c: c["label_sets"]["type"]["labels"].popitem()),
        "threshold edited": edit(lambda c: c.update(threshold=0.0)),
        "manifest missing": lambda d: (d / "checksums.json").unlink(),
        "manifest not JSON": lambda d: (d / "checksums.json").write_text("{"),
        "manifest edited": lambda d: (d / "checksums.json").write_text('{"config.json": "00"}'),
        "manifest a symlink out": link_out("checksums.json"),
        "config a symlink out": link_out("config.json"),
        "weights byte flipped": flip("model.safetensors"),
        "weights truncated": lambda d: (d / "model.safetensors").write_bytes(b"\x00" * 10),
        "weights replaced by a pickle": lambda d: (d / "model.safetensors").write_bytes(
            b"\x80\x04\x95\x00cos\nsystem\n(S'touch /tmp/pwned'\ntR."
        ),
        "weights a symlink out": link_out("model.safetensors"),
        "vocab missing": lambda d: (d / "vocab.json").unlink(),
        "vocab edited": flip("vocab.json"),
        "tokenizer folder missing": lambda d: shutil.rmtree(d / "tokenizer"),
        "tokenizer dictionary edited": lambda d: (d / "tokenizer" / "dict.txt").write_text("党 1 n\n"),
        "tokenizer a symlink out": lambda d: (shutil.rmtree(d / "tokenizer"), (d / "tokenizer").symlink_to(root)),
        "directory is a file": lambda d: (shutil.rmtree(d), d.write_text("x")),
        "directory missing": lambda d: shutil.rmtree(d),
        "directory empty": lambda d: (shutil.rmtree(d), d.mkdir()),
        "pickle planted beside (ignored)": lambda d: (d / "model.pkl").write_bytes(b"\x80\x04N."),
    }
    for name, damage in damages.items():
        target = root / "models" / name.replace(" ", "_").replace("/", "_")
        shutil.copytree(source, target)
        damage(target)
        try:
            load_model(target)
            ok = name.endswith("(ignored)")
        except ClassifyError as exc:
            ok = "\n" not in str(exc) and not name.endswith("(ignored)")
        except Exception as exc:
            ok = False
            name = f"{name} ({type(exc).__name__})"
        record(group, name, ok)
    result = cli("predict", "--model", str(root / "models" / "classes_swapped"), str(root / "good.txt"))
    record(group, "classes swapped, through the CLI", result.returncode == 1 and clean_stderr(result.stderr))


# --- training corpora -----------------------------------------------------------------------------------


def training_cases(root: Path) -> None:
    import yaml
    from tests.classifiers.tiny import tiny_corpus

    from classify.corpus.load import load_records
    from classify.training.config import load_config
    from classify.training.run import train

    group = "training corpora"
    folder = root / "train"
    folder.mkdir()
    secret = root / "secret.txt"
    secret.write_text("秘密" * 50, encoding="utf-8")
    docs, labels = tiny_corpus(3)
    good_rows = [
        {"id": f"d{i}", "title": d.title, "text": d.body, **lab}
        for i, (d, lab) in enumerate(zip(docs, labels, strict=False))
    ]

    def jsonl(name: str, rows: list) -> Path:
        path = folder / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        return path

    def table(name: str, text: str, data: bytes | None = None) -> Path:
        sub = folder / name
        sub.mkdir()
        (sub / "labels.tsv").write_bytes(data if data is not None else text.encode())
        (sub / "r.txt").write_text(TEXT, encoding="utf-8")
        (sub / "link.txt").symlink_to(secret)
        return sub

    header = "id\tfile\ttype\tlevel\n"
    def file_column(n: int, file: str, **options: object) -> Callable[[], object]:
        """Loading a label table (in its own folder ``tN``) whose one row's file column names ``file``."""
        return lambda: load_records(table(f"t{n}", header + f"a\t{file}\tbranch_case\tbranch\n"), **options)

    loads: dict[str, tuple[Callable[[], object], bool]] = {
        "file column ../secret": (file_column(1, "../../secret.txt"), False),
        "file column /etc/passwd": (file_column(2, "/etc/passwd"), False),
        "file column symlink out": (file_column(3, "link.txt"), False),
        "file column inside": (file_column(4, "r.txt"), True),
        "file column outside, allowed": (file_column(5, "../../secret.txt", outside_paths=True), True),
        "file column missing file": (file_column(6, "nope.txt"), False),
        "file column /dev/zero": (file_column(7, "/dev/zero"), False),
        "unknown label": (lambda: load_records(jsonl("u.jsonl", [{**good_rows[0], "type": "nope"}])), False),
        "missing label": (lambda: load_records(jsonl("m.jsonl", [{"id": "x", "text": TEXT}])), False),
        "empty text": (lambda: load_records(jsonl("e.jsonl", [{**good_rows[0], "text": ""}])), False),
        "bad JSON line": (
            lambda: (folder / "b.jsonl").write_text("{oops\n") and load_records(folder / "b.jsonl"),
            False,
        ),
        "non-object line": (lambda: load_records(jsonl("n.jsonl", [[1, 2]])), False),
        "table without header": (lambda: load_records(table("t8", "")), False),
        "table not UTF-8": (
            lambda: load_records(table("t9", "", data=(header + "a\tr.txt\t支部\tbranch\n").encode("gbk"))),
            False,
        ),
        "corpus missing": (lambda: load_records(folder / "nothing.jsonl"), False),
        "corpus of unknown format": (
            lambda: load_records(secret.with_suffix(".bin")) if secret.with_suffix(".bin").write_bytes(b"x") else None,
            False,
        ),
    }
    for name, (call, should_load) in loads.items():
        try:
            call()
            ok = should_load
        except ClassifyError as exc:
            ok = not should_load and "\n" not in str(exc)
        except Exception as exc:
            ok, name = False, f"{name} ({type(exc).__name__}: {exc})"
        record(group, name, ok)

    corpus = jsonl("good.jsonl", good_rows)
    base = {
        "model": "baseline",
        "data": {"train": str(corpus), "augment": None},
        "split": {"dev": 0.1, "test": 0.1, "seed": 1},
        "features": {"min_df": 1, "max_features": 2000},
        "classifier": {"C": 1, "cv_folds": 2},
    }

    def settings(**change) -> dict:
        config = json.loads(json.dumps(base))
        for key, value in change.items():
            section, _, field = key.partition("__")
            if field:
                config[section][field] = value
            else:
                config[section] = value
        path = folder / "c.yaml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        return load_config(path)

    blocker = folder / "blocker"
    blocker.write_text("x")
    dup_same = jsonl("dup1.jsonl", [*good_rows, good_rows[0]])
    dup_conflict = jsonl(
        "dup2.jsonl",
        [
            *good_rows,
            {**good_rows[0], "type": "branch_case" if good_rows[0]["type"] != "branch_case" else "local_campaign"},
        ],
    )
    trainings: dict[str, Callable[[], object]] = {
        "C: -1": lambda: train(settings(classifier__C=-1), out=folder / "o"),
        "C: 'abc'": lambda: train(settings(classifier__C="abc"), out=folder / "o"),
        "C: []": lambda: train(settings(classifier__C=[]), out=folder / "o"),
        "cv_folds: 1": lambda: train(settings(classifier__cv_folds=1), out=folder / "o"),
        "min_df: 0": lambda: train(settings(features__min_df=0), out=folder / "o"),
        "min_df: 100000": lambda: train(settings(features__min_df=100_000), out=folder / "o"),
        "max_features: 0": lambda: train(settings(features__max_features=0), out=folder / "o"),
        "unknown feature key": lambda: train(settings(features__bogus=1), out=folder / "o"),
        "unknown classifier key": lambda: train(settings(classifier__bogus=1), out=folder / "o"),
        "--out under a file": lambda: train(settings(), out=blocker / "m"),
        "--out is a file": lambda: train(settings(), out=blocker),
        "duplicate ids, same labels": lambda: train(
            settings(data={"train": str(dup_same), "augment": None}), out=folder / "o"
        ),
        "duplicate ids, conflicting labels": lambda: train(
            settings(data={"train": str(dup_conflict), "augment": None}), out=folder / "o"
        ),
        "unknown model kind": lambda: train(settings(model="svm"), out=folder / "o"),
        "corpus too small": lambda: train(
            settings(data={"train": str(jsonl("s.jsonl", good_rows[:3])), "augment": None}), out=folder / "o"
        ),
    }
    for name, call in trainings.items():
        started = time.monotonic()
        try:
            call()
            ok = False
        except ClassifyError as exc:
            ok = "\n" not in str(exc)
        except Exception as exc:
            ok, name = False, f"{name} ({type(exc).__name__}: {exc})"
        record(group, name, ok and time.monotonic() - started < 60)
    for name, text in [
        ("config YAML invalid", "model: [baseline\n"),
        ("config not a mapping", "- 1\n- 2\n"),
        ("config 10k-deep YAML", "[" * 10_000 + "]" * 10_000),
        ("config unknown key", "modle: baseline\n"),
    ]:
        path = folder / "bad.yaml"
        path.write_text(text, encoding="utf-8")
        result = cli("train", "--config", str(path), "--out", str(folder / "o"))
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        record(group, name, result.returncode in (1, 2) and clean_stderr(result.stderr) and len(lines) >= 1)
    result = cli("train", "--config", str(folder / "missing.yaml"))
    record(group, "config missing", result.returncode in (1, 2) and clean_stderr(result.stderr))


# --- API types ------------------------------------------------------------------------------------------


def api_cases(root: Path, model) -> None:
    from classify import summarize
    from classify.classifiers import load_model
    from classify.intake import Document, read_document

    group = "API types"
    path = root / "good.txt"

    def batch(items, expect_errors: set[int], expect_uncertain: set[int] = frozenset()):
        def check():
            results = model.predict_texts(items)
            assert len(results) == len(items)
            for i, r in enumerate(results):
                if i in expect_errors:
                    assert r.error and r.error.startswith(f"texts[{i}]"), r.error
                else:
                    assert r.ok
                    assert all(v.uncertain for v in r.labels.values()) or i not in expect_uncertain
            return True

        return check

    def raises(call, kind=ClassifyError):
        def check():
            try:
                call()
            except kind as exc:
                return "\n" not in str(exc)
            return False

        return check

    def returns(call, test=lambda r: True):
        return lambda: bool(test(call()))

    cases: dict[str, Callable[[], bool]] = {
        "predict_texts(one str)": raises(lambda: model.predict_texts("一个字符串"), TypeError),
        "predict_texts(bytes)": raises(lambda: model.predict_texts(b"bytes"), TypeError),
        "predict_texts(None)": raises(lambda: model.predict_texts(None), TypeError),
        "predict_texts(3)": raises(lambda: model.predict_texts(3), TypeError),
        "predict_texts(Document)": raises(lambda: model.predict_texts(Document.from_text(TEXT)), TypeError),
        "predict_texts([None])": batch([None], {0}),
        "predict_texts([3])": batch([3], {0}),
        "predict_texts([3.5])": batch([3.5], {0}),
        "predict_texts([b'..'])": batch([TEXT.encode()], {0}),
        "predict_texts([['list']])": batch([[TEXT]], {0}),
        "predict_texts([''])": batch([""], {0}),
        "predict_texts(['   '])": batch(["   "], {0}),
        "predict_texts(ideographic spaces)": batch(["\u3000\u3000"], {0}),
        "predict_texts(punctuation)": batch(["。，！？"], set(), {0}),
        "predict_texts(english)": batch(["hello world"], set(), {0}),
        "predict_texts(lone surrogate)": batch([TEXT + "\udcff"], set()),
        "predict_texts(only a surrogate)": batch(["\ud800"], set(), {0}),
        "predict_texts(one bad among good)": batch([TEXT, None, TEXT], {1}),
        "predict_texts(generator)": returns(
            lambda: model.predict_texts(t for t in [TEXT, TEXT]), lambda r: len(r) == 2
        ),
        "predict_texts(Document list)": returns(
            lambda: model.predict_texts([Document.from_text(TEXT)]), lambda r: r[0].ok
        ),
        "predict_texts([]) is []": returns(lambda: model.predict_texts([]), lambda r: r == []),
        "predict([None])": raises(lambda: model.predict([TEXT, None])),
        "predict(one str)": raises(lambda: model.predict("一个字符串"), TypeError),
        "predict_proba(one str)": raises(lambda: model.predict_proba("一个字符串"), TypeError),
        "predict_file(bytes path)": returns(lambda: model.predict_file(os.fsencode(path)), lambda r: r.ok),
        "predict_file(missing bytes path)": raises(lambda: model.predict_file(b"/no/such.txt")),
        "predict_file(None)": raises(lambda: model.predict_file(None), TypeError),
        "predict_file(3)": raises(lambda: model.predict_file(3), TypeError),
        "predict_file(path with NUL)": raises(lambda: model.predict_file("a\x00b.txt")),
        "predict_file(folder)": raises(lambda: model.predict_file(root)),
        "read_document(missing)": raises(lambda: read_document(root / "nope.txt")),
        "summarize('')": returns(lambda: summarize(""), lambda s: s.sentences == []),
        "summarize(surrogate)": returns(lambda: summarize(TEXT + "\udcff"), lambda s: s.text),
        "summarize(max_chars=0)": raises(lambda: summarize(TEXT, max_chars=0), ValueError),
        "load_model(missing)": raises(lambda: load_model(root / "nope")),
    }
    for name, check in cases.items():
        try:
            ok = check()
        except Exception as exc:
            ok, name = False, f"{name} ({type(exc).__name__}: {exc})"
        record(group, name, bool(ok))


# --- options --------------------------------------------------------------------------------------------


def option_cases(root: Path) -> None:
    group = "options"
    good = str(root / "good.txt")
    files = [good] * 3
    usage = [
        ("--max-chars 0", ["predict", "--summary", "--max-chars", "0", *files]),
        ("--max-chars -1", ["predict", "--summary", "--max-chars", "-1", *files]),
        ("--max-chars abc", ["predict", "--max-chars", "abc", *files]),
        ("--threshold nan", ["predict", "--threshold", "nan", *files]),
        ("--threshold inf", ["predict", "--threshold", "inf", *files]),
        ("--threshold -0.1", ["predict", "--threshold", "-0.1", *files]),
        ("--threshold 1.5", ["predict", "--threshold", "1.5", *files]),
        ("--jobs 0", ["predict", "--jobs", "0", *files]),
        ("--jobs -3", ["predict", "--jobs", "-3", *files]),
        ("--format xml", ["predict", "--format", "xml", *files]),
        ("--bogus option", ["predict", "--bogus", *files]),
        ("no files", ["predict"]),
        ("summarize -n 0", ["summarize", "-n", "0", good]),
        ("summarize --method bogus", ["summarize", "--method", "bogus", good]),
        ("normalize --format bad", ["normalize", "--format", "bad", good]),
        ("evaluate --split bogus", ["evaluate", "--data", good, "--split", "bogus"]),
        ("export without --onnx", ["export", "--model", str(root)]),
    ]
    for name, args in usage:
        result = cli(*args)
        record(group, name, result.returncode == 2 and result.stdout == b"" and clean_stderr(result.stderr))
    errors = [
        ("--model missing", ["predict", "--model", str(root / "nope"), *files]),
        ("--model a file", ["predict", "--model", good, *files]),
        ("--model empty folder", ["predict", "--model", str(root / "special" / "emptydir"), *files]),
        ("--model ''", ["predict", "--model", "", *files]),
        ("closed stdin", None),
        ("stdin '-' twice", ["predict", "-", "-"]),
    ]
    for name, args in errors:
        if args is None:
            result = cli(shell=f"{sys.executable} -m classify predict - 0<&-")
        else:
            result = cli(*args, stdin=TEXT.encode() if "-" in args else None)
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        ok = result.returncode in (1, 2) and clean_stderr(result.stderr) and len(lines) <= 3
        if name == "stdin '-' twice":
            ok = result.returncode == 1 and clean_stderr(result.stderr)
        record(group, name, ok, lines[0] if lines else "")


# --- signals --------------------------------------------------------------------------------------------


def signal_cases(root: Path, many: Path, tiny_model: Path, kills: int) -> dict:
    from tests.ctrl_c import interrupt, whole_json_lines

    group = "signals"
    for jobs, delay in [(2, 1.0), (2, 2.0), (2, 3.0), (1, 1.5), (1, 3.0)]:
        args = ["predict", "--jobs", str(jobs), "-f", "jsonl", str(many)]
        code, out, err = interrupt(args, after=delay, cwd=REPO, env=ENV, timeout=120)
        ok = code in (130, 0, 1) and b"Traceback" not in err and whole_json_lines(out)
        record(group, f"Ctrl-C after {delay}s with --jobs {jobs}", ok and code == 130, f"exit {code}")
    code, _, err = interrupt(["summarize", str(many)], after=2, cwd=REPO, env=ENV)
    record(group, "Ctrl-C during summarize", code == 130 and b"Traceback" not in err)
    result = cli(shell=f"{sys.executable} -m classify predict -f jsonl {many} | head -1", timeout=300)
    record(group, "output pipe closed early (| head -1)", b"Traceback" not in result.stderr)
    # kill during save
    from classify.classifiers import load_model

    target = root / "killed-model"
    shutil.copytree(tiny_model, target)
    code = (
        "import sys\n"
        "from classify.classifiers import load_model\n"
        "m = load_model(sys.argv[1]); i = 0\n"
        "while True:\n"
        "    m.threshold = 0.3 + (i % 2) * 0.4; i += 1\n"
        "    m.save_pretrained(sys.argv[1])\n"
    )
    rng = random.Random(15)
    loaded = {"old or new": 0, "broken": 0}
    thresholds = set()
    for _ in range(kills):
        child = subprocess.Popen([sys.executable, "-c", code, str(target)], env=ENV, cwd=REPO)
        time.sleep(rng.uniform(1.0, 2.5))  # start-up is ~1 s; the rest lands anywhere in the save loop
        child.send_signal(signal.SIGKILL)
        child.wait()
        try:
            thresholds.add(load_model(target).threshold)
            loaded["old or new"] += 1
        except ClassifyError:
            loaded["broken"] += 1
    record(group, f"kill -9 during save x{kills}: always loads", loaded["broken"] == 0, str(loaded))
    leftovers = [p.name for p in target.parent.glob(f".{target.name}.*")]
    return {"kills": kills, **loaded, "thresholds seen": sorted(thresholds), "temp folders left": len(leftovers)}


# --- the 10,000-file batch ----------------------------------------------------------------------------


def peak_rss_run(args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI, sampling the resident memory of it and its workers; (result, peak MB)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "classify", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=ENV
    )
    peak = 0.0
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(child.stdout.read())),
        threading.Thread(target=lambda: err_chunks.append(child.stderr.read())),
    ]
    for r in readers:
        r.start()
    while child.poll() is None:
        peak = max(peak, _tree_rss(child.pid))
        time.sleep(0.05)
    for r in readers:
        r.join()
    return subprocess.CompletedProcess(args, child.returncode, b"".join(out_chunks), b"".join(err_chunks)), peak


def _tree_rss(pid: int) -> float:
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def make_batch(folder: Path, n: int) -> tuple[int, int]:
    folder.mkdir(parents=True)
    bad = 0
    bodies = [TEXT * (1 + k % 4) for k in range(7)]
    for i in range(n):
        path = folder / f"{i // 1000:02d}" / f"{i:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        if i % 100 == 37:  # 1 % bad: empty, binary, not a Chinese encoding, a loop, a FIFO
            bad += 1
            kind = (i // 100) % 5
            if kind == 0:
                path.write_bytes(b"")
            elif kind == 1:
                path.write_bytes(bytes(range(256)) * 4)
            elif kind == 2:
                path.write_bytes("Café déjà vu über ".encode("latin-1") * 20)
            elif kind == 3:
                path.symlink_to(path)
            else:
                os.mkfifo(path)
        else:
            path.write_text(f"第{i}号。" + bodies[i % 7], encoding="utf-8")
    return n - bad, bad


def batch_figures(root: Path, n: int) -> list[dict]:
    small, big = root / "batch-small", root / "batch"
    make_batch(small, max(100, n // 10))
    good, bad = make_batch(big, n)
    rows = []
    for fmt, jobs in [("jsonl", 1), ("csv", 1), ("json", 1), ("table", 1), ("jsonl", 2)]:
        args = ["predict", "-f", fmt, "--jobs", str(jobs)]
        _, small_peak = peak_rss_run([*args, str(small)])
        started = time.monotonic()
        result, peak = peak_rss_run([*args, str(big)])
        seconds = time.monotonic() - started
        out = result.stdout.decode("utf-8", "replace")
        if fmt == "jsonl":
            answered = sum(1 for line in out.splitlines() if '"type"' in line and '"error"' not in line)
        elif fmt == "csv":
            answered = sum(1 for row in list(csv.reader(io.StringIO(out)))[1:] if len(row) > 1 and row[1])
        elif fmt == "json":
            answered = sum(1 for item in json.loads(out) if "error" not in item) if out.strip() else 0
        errors = result.stderr.decode("utf-8", "replace").splitlines()
        if fmt == "table":  # one line per input after the header, failed inputs included (output contract)
            answered = len([line for line in out.splitlines()[1:] if ".txt" in line]) - len(errors)
        rows.append(
            {
                "format": fmt,
                "jobs": jobs,
                "files": n,
                "good": good,
                "answered": answered,
                "error lines": len(errors),
                "bad": bad,
                "exit": result.returncode,
                "clean": clean_stderr(result.stderr) and all(e.startswith("classify: error: ") for e in errors),
                "peak MB": round(peak),
                f"peak MB at {max(100, n // 10)} files": round(small_peak),
                "seconds": round(seconds, 1),
            }
        )
        print(f"  batch {fmt} --jobs {jobs}: {rows[-1]}", flush=True)
    return rows


# --- main ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000-file batch, 5 kills (CI size)")
    parser.add_argument("--no-load", action="store_true", help="skip the batch and kill-during-save figures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    os.environ["PYTHONWARNINGS"] = "ignore"
    from tests.classifiers.tiny import tiny_corpus

    from classify.classifiers import load_model
    from classify.features.vectorize import FeatureConfig
    from classify.training.baseline import fit_documents

    root = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    failed: list = []
    try:
        good = root / "good.txt"
        good.write_text(TEXT * 2, encoding="utf-8")
        model = load_model(None)
        docs, labels = tiny_corpus()
        tiny_dir = root / "tiny-model"
        fit_documents(docs, labels, features=FeatureConfig(min_df=1, max_features=2000), C=4.0).save_pretrained(
            tiny_dir
        )
        many = root / "many"
        many.mkdir()
        for i in range(3000):
            (many / f"{i:05d}.txt").write_text(TEXT * (1 + i % 5), encoding="utf-8")

        steps = [
            ("encodings", lambda: run_file_batch("encodings", encoding_cases(root), good)),
            ("special files", lambda: run_folder_cases("special files", special_cases(root), good)),
            ("huge input", lambda: huge_cases(root, good)),
            ("model-directory tampering", lambda: model_cases(root, tiny_dir)),
            ("training corpora", lambda: training_cases(root)),
            ("API types", lambda: api_cases(root, model)),
            ("options", lambda: option_cases(root)),
        ]
        for name, step in steps:
            started = time.monotonic()
            step()
            print(f"  {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        # table output of markup-laden names and texts: literal
        table = cli(
            "predict",
            "--summary",
            *(str(p) for p in (root / "enc" / "names").iterdir() if "[" in p.name),
            str(root / "enc" / "44.txt"),
        )
        text = table.stdout.decode("utf-8", "replace")
        record(
            "encodings",
            "table prints [draft] and [/] literally",
            "[draft]report" in text and "[bold]x" in text and "[/]" in text and table.returncode == 0,
        )
        save = signal_cases(root, many, tiny_dir, 5 if options.quick else 20)

        print("\ngroup                       tried  handled cleanly")
        total = handled = 0
        for group in [
            "encodings",
            "special files",
            "huge input",
            "model-directory tampering",
            "training corpora",
            "API types",
            "signals",
            "options",
        ]:
            cases = RESULTS[group]
            ok = sum(1 for _, good_case, _ in cases if good_case)
            total, handled = total + len(cases), handled + ok
            print(f"{group:<28}{len(cases):>5}  {ok:>5}")
        print(f"{'all':<28}{total:>5}  {handled:>5}")
        failed = [(g, n, d) for g, cases in RESULTS.items() for n, ok, d in cases if not ok]
        for group, name, detail in failed:
            print(f"  NOT HANDLED [{group}] {name}: {detail}")
        print(f"\nkill during save: {save}")
        failed += [None] if save["broken"] else []
        if not options.no_load:
            print("\nbatch with 1 % bad files:")
            rows = batch_figures(root, 1000 if options.quick else 10_000)
            failed += [
                r
                for r in rows
                if (r["answered"], r["error lines"], r["exit"], r["clean"]) != (r["good"], r["bad"], 1, True)
            ]
    finally:
        if options.keep:
            print(f"kept {root}")
        else:
            for path in root.rglob("*"):
                if path.is_file() and not path.is_symlink():
                    with contextlib.suppress(OSError):
                        path.chmod(0o600)
            shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
