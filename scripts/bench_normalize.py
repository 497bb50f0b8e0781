"""Intake throughput over People's Daily, beside jieba segmentation of the same text.

Each article is turned back into the bytes of a report file (title line, blank line, body, UTF-8) and
put through the whole intake: decoding, cleaning (OpenCC, pinyin, markers, footers, mojibake) and
structure (title, metadata, paragraphs, sentences). jieba's default ``lcut`` of the same text is the
yardstick: intake must cost well under a fifth of it.

Usage: python scripts/bench_normalize.py [--limit N] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time

from classify.corpus.shared import PEOPLE_DAILY, parse_args_with_shared
from classify.intake import read_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0 = all 10,294)")
    args, shared = parse_args_with_shared(parser)
    with gzip.open(shared / PEOPLE_DAILY, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    if args.limit:
        rows = rows[: args.limit]
    payloads = [f"{r['title']}\n\n{r['text']}".encode() for r in rows]
    chars = sum(len(p.decode()) for p in payloads)

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    read_document(payloads[0], name="warm-up")  # load OpenCC and compile patterns outside the timing

    start = time.perf_counter()
    sentences = sum(len(read_document(p, name="pd").sentences) for p in payloads)
    intake = time.perf_counter() - start

    texts = [p.decode() for p in payloads]
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    segment = time.perf_counter() - start

    n = len(payloads)
    print(f"documents: {n}  characters: {chars:,}  sentences found: {sentences:,}")
    print(f"intake (read+clean+structure+sentences): {n / intake:8.1f} docs/s  {1000 * intake / n:6.2f} ms/doc")
    print(f"jieba.lcut of the same text:             {n / segment:8.1f} docs/s  {1000 * segment / n:6.2f} ms/doc")
    print(f"intake cost / jieba cost: {intake / segment:.3f}  (target: well under 0.2)")


if __name__ == "__main__":
    main()
