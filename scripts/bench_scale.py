"""Corpora at scale (issue 18): streaming JSONL, --jobs 2, Ray Data, and resume after a kill.

People's Daily articles (from ``$CLASSIFY_SHARED/corpora/people-daily-2019-2020``; non-empty texts only)
are repeated into a corpus of N records in a temporary folder (never in the repository), then:

1. ``classify predict corpus.jsonl --id-field id -o out.jsonl`` (one process and ``--jobs 2``), in a
   child process whose docs/s and peak RSS (its own and its workers', from /proc) are read when the
   output reaches each checkpoint (10k, 50k, 100k records): memory should be flat;
2. the file path it replaces: today's ``classify predict FILES -f jsonl --jobs 2`` on one file per
   report (a sample), for docs/s;
3. the same corpus as Parquet through Ray Data on a local instance of 2 CPUs, docs/s against
   ``--jobs 2``, and the predictions of 1,000 records compared with the streaming ones;
4. a streaming run killed midway (SIGKILL), rerun with ``--resume``: every record answered exactly once.

    python scripts/bench_scale.py            # 100,000 records (checkpoints 10k, 50k, 100k)
    python scripts/bench_scale.py --quick    # 3,000 records (checkpoints 500, 1.5k, 3k)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = "corpora/people-daily-2019-2020/people_daily_2019-2020_5months.jsonl.gz"


def shared_root() -> Path:
    root = Path(os.environ.get("CLASSIFY_SHARED", REPO.parent / "shared"))
    if not (root / CORPUS).is_file():
        sys.exit(f"bench_scale: {root / CORPUS} not found (set CLASSIFY_SHARED)")
    return root


def articles(limit: int | None = None) -> list[str]:
    texts = []
    with gzip.open(shared_root() / CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
                if limit and len(texts) >= limit:
                    break
    return texts


def make_corpus(folder: Path, n: int, texts: list[str]) -> Path:
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"d{i:07d}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
    return path


def env() -> dict[str, str]:
    src = str(REPO / "src")
    return {
        **os.environ,
        "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "RAY_AUTH_MODE": "disabled",
    }


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (workers), in kB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack += [int(c) for c in children]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def stream_run(corpus: Path, out: Path, checkpoints: list[int], jobs: int) -> list[tuple[int, float, float]]:
    """(records, docs/s since start, peak RSS MB so far) at each checkpoint."""
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "classify", "predict", str(corpus), "--id-field", "id", "-o", str(out)]
    command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env(), cwd=REPO, stderr=subprocess.DEVNULL)
    rows, peak, todo = [], 0, list(checkpoints)
    while todo:
        peak = max(peak, tree_rss_kb(child.pid))
        done = count_lines(out)
        while todo and done >= todo[0]:
            rows.append((todo.pop(0), done / (time.perf_counter() - start), peak / 1024))
        if child.poll() is not None:
            done = count_lines(out)
            rows += [(c, done / (time.perf_counter() - start), peak / 1024) for c in todo if done >= c]
            break
        time.sleep(0.2)
    child.wait()
    return rows


def files_run(folder: Path, texts: list[str], n: int, jobs: int) -> float:
    """Today's file path: n reports as files, ``classify predict DIR -f jsonl --jobs``; docs/s."""
    reports = folder / "reports"
    reports.mkdir(exist_ok=True)
    for i in range(n):
        (reports / f"r{i:06d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "classify", "predict", str(reports), "-f", "jsonl", "--jobs", str(jobs)],
        env=env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    return n / (time.perf_counter() - start)


RAY_SCRIPT = """
import json, sys, time
import pyarrow as pa, pyarrow.json as pj, pyarrow.parquet as pq, ray
from classify.ray_predict import predict_dataset
corpus, parquet, out = sys.argv[1:4]
pq.write_table(pj.read_json(corpus), parquet)
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
ray.data.DataContext.get_current().enable_progress_bars = False
start = time.perf_counter()
predict_dataset(parquet, out, id_field="id", concurrency=2, batch_size=256)
seconds = time.perf_counter() - start
print("RAY", json.dumps({"seconds": seconds, "rows": pq.read_table(out).num_rows}))
"""


def ray_run(folder: Path, corpus: Path) -> dict:
    out = folder / "ray-out"
    run = subprocess.run(
        [sys.executable, "-c", RAY_SCRIPT, str(corpus), str(folder / "corpus.parquet"), str(out)],
        env=env(), cwd=folder, capture_output=True, text=True, timeout=3600, start_new_session=True,
    )  # fmt: skip
    line = next((x for x in run.stdout.splitlines() if x.startswith("RAY ")), None)
    if line is None:
        return {"error": run.stderr[-1500:]}
    result = json.loads(line[4:])
    result["out"] = out
    return result


def compare(stream_out: Path, ray_out: Path, sample: int) -> tuple[int, int]:
    """Of ``sample`` records, how many the streaming and Ray outputs agree on (labels, probabilities)."""
    import pyarrow.parquet as pq

    table = pq.read_table(ray_out).to_pylist()
    ray = {r["id"]: r for r in table}
    same = checked = 0
    with stream_out.open(encoding="utf-8") as handle:
        for line in handle:
            if checked >= sample:
                break
            s = json.loads(line)
            r = ray.get(s["id"])
            checked += 1
            if r is None:
                continue
            if s.get("error") is not None:
                same += r["error"] == s["error"]
                continue
            same += all(
                r[name] == s[name]["label"]
                and r[f"{name}_probability"] == s[name]["probability"]
                and r[f"{name}_probabilities"] == s[name]["probabilities"]
                for name in ("type", "level")
            )
    return same, checked


def kill_and_resume(corpus: Path, out: Path, n: int) -> tuple[int, int, int, int]:
    """Kill a streaming run at about half, rerun with --resume; (answered before kill, lines after,
    distinct ids after, records in the corpus)."""
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "classify", "predict", str(corpus), "--id-field", "id", "-o", str(out)]
    child = subprocess.Popen(command, env=env(), cwd=REPO, stderr=subprocess.DEVNULL, start_new_session=True)
    while count_lines(out) < n // 2 and child.poll() is None:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    before = count_lines(out)
    subprocess.run([*command, "--resume"], env=env(), cwd=REPO, stderr=subprocess.DEVNULL, check=False)
    ids = []
    with out.open(encoding="utf-8") as handle:
        ids = [json.loads(line)["id"] for line in handle]
    return before, len(ids), len(set(ids)), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3,000 records instead of 100,000")
    parser.add_argument("--records", type=int, help="corpus size (default 100,000; --quick 3,000)")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray Data run")
    args = parser.parse_args()
    n = args.records or (3000 if args.quick else 100_000)
    checkpoints = [n // 10, n // 2, n]
    texts = articles()
    print(f"corpus: {n:,} records, {len(texts):,} distinct People's Daily articles repeated, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        folder = Path(tmp)
        corpus = make_corpus(folder, n, texts)
        print(
            f"\nstreamed from JSONL ({corpus.stat().st_size / 2**20:,.0f} MB): docs/s and peak RSS (process + workers)"
        )
        print(f"{'run':<22}" + "".join(f"{f'{c:,} records':>26}" for c in checkpoints))
        results = {}
        for jobs in (1, 2):
            rows = stream_run(corpus, folder / f"stream{jobs}.jsonl", checkpoints, jobs)
            results[jobs] = rows
            cells = "".join(f"{f'{rate:,.0f}/s {rss:,.0f} MB':>26}" for _, rate, rss in rows)
            print(f"{f'stream, --jobs {jobs}':<22}{cells}")
        sample = min(n, 3000 if not args.quick else 1000)
        files_rate = files_run(folder, texts, sample, 2)
        print(f"{'files, --jobs 2':<22}{f'{files_rate:,.0f}/s':>26}   (today's path, {sample:,} report files)")
        if not args.no_ray:
            ray = ray_run(folder, corpus)
            if "error" in ray:
                print(f"\nRay Data: failed\n{ray['error']}")
            else:
                rate = ray["rows"] / ray["seconds"]
                stream2 = results[2][-1][1] if results[2] else float("nan")
                print(
                    f"\nRay Data, local instance of 2 CPUs (2 workers): {ray['rows']:,} records, {rate:,.0f} docs/s"
                    f" (start-up of workers included; stream --jobs 2: {stream2:,.0f} docs/s)"
                )
                same, checked = compare(folder / "stream1.jsonl", ray["out"], 1000)
                print(f"identical predictions, Ray vs streaming, on a sample of {checked:,}: {same:,}")
        before, lines, distinct, total = kill_and_resume(corpus, folder / "resume.jsonl", n)
        verdict = "every record answered exactly once" if lines == distinct == total else "MISMATCH"
        print(
            f"\nkilled at {before:,} of {total:,} results; after --resume: {lines:,} lines, {distinct:,} distinct"
            f" ids: {verdict}"
        )


if __name__ == "__main__":
    main()
