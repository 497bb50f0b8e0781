"""Lead-paragraph benchmark: ours against LEAD, an oracle and the peers a user would reach for.

Datasets (read from ../shared at run time; nothing is copied into the repository):

* ``lcsts-val`` / ``lcsts-test``: LCSTS part II as split by CLUE CLGE (1,000 Weibo posts each),
  the headline as reference.
* ``pd-dev`` / ``pd-test``: People's Daily 2019-2020, title and subtitle as reference, the body alone
  as input (the title never reaches any system). Slices are fixed by the MD5 of the article id
  (bucket = hash mod 10: test 0-2, dev 3, train 4-9); articles with fewer than ``MIN_SENTENCES`` body
  sentences after intake are too short to summarise and are left out.
* ``clts``: the 12 CLTS / CLTS+ long-article samples with their CLTS summary (n=12: indicative only).

Every system sees the same cleaned body (intake has removed bylines, captions and metadata). The
peers (sumy LexRank/TextRank with its Chinese tokenizer, textrank4zh, snownlp) rank their own
sentence units; their ranking is packed into the same character budget with the same rule as ours
(:func:`classify.summarize.select.pack`). LEAD-K takes the first K sentences whatever their length.

ROUGE-1/2/L F1 come from ``rouge-score`` with a character tokenizer (its default tokenizer deletes
Chinese), averaged per document. ms/doc is the wall time of the system call alone, per document,
single process; intake (shared by all systems) is timed separately.

The default weights of ours were fitted with ``--tune``: coordinate ascent (classify.training.summarize)
on the People's Daily train slice and LCSTS val, each at its budget; it prints the weights and their
scores on the dev data (People's Daily dev, LCSTS val). Test data is never used for fitting.

Usage: python scripts/bench_summarize.py [--datasets lcsts-test pd-test clts] [--systems ...]
       [--limit N] [--jobs N] [--json out.json] [--shared ../shared]
       python scripts/bench_summarize.py --tune [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from classify.corpus.shared import PEOPLE_DAILY, parse_args_with_shared
from classify.intake import Document
from classify.summarize import summarize
from classify.summarize.rouge import CharTokenizer
from classify.summarize.select import pack

LCSTS = Path("corpora/summarization/lcsts_part2_clge")
CLTS = Path("corpora/summarization/clts_samples")
MIN_SENTENCES = 5
PD_SLICES = {"test": range(0, 3), "dev": range(3, 4), "train": range(4, 10)}
#: Budget per dataset: the 90th percentile of the reference length on the dev data, rounded up to
#: the next 10 characters (LCSTS val 23 -> 30; People's Daily dev 36 -> 40; CLTS 77 -> 80, on the 12
#: samples themselves, which have no dev set).
BUDGETS = {"lcsts": 30, "pd": 40, "clts": 80}
DEFAULT_SYSTEMS = (
    "ours",
    "lead-1",
    "lead-3",
    "lead",
    "oracle",
    "sumy-lexrank",
    "sumy-textrank",
    "textrank4zh",
    "snownlp",
)


@dataclass
class Item:
    """One document to summarise and its reference."""

    id: str
    doc: Document
    reference: str


# --- data ------------------------------------------------------------------------------------------


def _item(id_: str, body: str, reference: str) -> Item:
    # title=None: the body alone is the input; for People's Daily the title is the reference.
    return Item(id_, Document.from_parts(title=None, body=body, path=id_), reference)


def load_lcsts(shared: Path, split: str) -> Iterator[Item]:
    """LCSTS part II pairs: ``summary<TAB>text`` per line."""
    with (shared / LCSTS / f"{split}.tsv").open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            summary, _, text = line.rstrip("\n").partition("\t")
            yield _item(f"lcsts-{split}-{n}", text, summary)


def pd_bucket(article_id: str) -> int:
    """The fixed slice bucket (0-9) of a People's Daily article: MD5 of its id, mod 10."""
    return int(hashlib.md5(article_id.encode()).hexdigest(), 16) % 10


def load_pd(shared: Path, split: str) -> Iterator[Item]:
    """People's Daily articles of one slice with at least ``MIN_SENTENCES`` body sentences."""
    buckets = PD_SLICES[split]
    with gzip.open(shared / PEOPLE_DAILY, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if pd_bucket(row["id"]) not in buckets:
                continue
            item = _item(row["id"], row["text"], " ".join(x for x in (row["title"], row["subtitle"]) if x))
            if len(item.doc.sentences) >= MIN_SENTENCES:
                yield item


_CLTS_FIELD = re.compile(r'\{"(summarization|CLTS Summary|article)"?:"(.*)"\}\s*$')


def load_clts(shared: Path) -> Iterator[Item]:
    """The CLTS and CLTS+ README samples: article with its CLTS summary (CLTS+ repeats it)."""
    for name in ("CLTS_samples.txt", "CLTS_plus_samples.txt"):
        summary = None
        for line in (shared / CLTS / name).read_text(encoding="utf-8").splitlines():
            match = _CLTS_FIELD.match(line.strip())
            if not match:
                continue
            if match[1] == "article" and summary is not None:
                yield _item(f"clts-{name}-{len(summary)}", match[2], summary)
                summary = None
            elif match[1] != "article":
                summary = match[2]


def load(shared: Path, dataset: str) -> list[Item]:
    """Items of a dataset name (``lcsts-val``, ``lcsts-test``, ``pd-dev``, ``pd-test``, ``pd-train``, ``clts``)."""
    if dataset.startswith("lcsts-"):
        return list(load_lcsts(shared, dataset.split("-", 1)[1]))
    if dataset.startswith("pd-"):
        return list(load_pd(shared, dataset.split("-", 1)[1]))
    if dataset == "clts":
        return list(load_clts(shared))
    raise SystemExit(f"unknown dataset {dataset!r}")


# --- systems ---------------------------------------------------------------------------------------

System = Callable[[Item, int], str]


def _ours(method: str) -> System:
    def run(item: Item, budget: int) -> str:
        return summarize(item.doc, max_chars=budget, method=method, reference=item.reference).text

    return run


@lru_cache(maxsize=1)
def _sumy_tokenizer():
    from sumy.nlp.tokenizers import Tokenizer

    return Tokenizer("chinese")


def _sumy(kind: str) -> System:
    def run(item: Item, budget: int) -> str:
        from sumy.parsers.plaintext import PlaintextParser

        if kind == "lexrank":
            from sumy.summarizers.lex_rank import LexRankSummarizer as Summarizer
        else:
            from sumy.summarizers.text_rank import TextRankSummarizer as Summarizer
        document = PlaintextParser.from_string(item.doc.body, _sumy_tokenizer()).document
        ranked: list[tuple[int, str]] = []

        def capture(infos):  # sumy accepts a callable count: it receives the sentences best first
            ranked.extend((info.order, str(info.sentence)) for info in infos)
            return infos

        Summarizer()(document, capture)
        return _packed_in_order(ranked, budget)

    return run


def _packed_in_order(ranked: list[tuple[int, str]], budget: int) -> str:
    """Pack (position, sentence) pairs given best first, then restore document order."""
    taken = pack([len(s) for _, s in ranked], budget)
    return "".join(s for _, s in sorted(ranked[i] for i in taken))


@lru_cache(maxsize=1)
def _tr4s():
    import networkx as nx

    if not hasattr(nx, "from_numpy_matrix"):  # removed in networkx 3; textrank4zh still calls it
        nx.from_numpy_matrix = nx.from_numpy_array
    from textrank4zh import TextRank4Sentence

    return TextRank4Sentence()


def _textrank4zh(item: Item, budget: int) -> str:
    tr4s = _tr4s()
    tr4s.analyze(text=item.doc.body, lower=True, source="all_filters")  # the project README's call
    ranked = tr4s.get_key_sentences(num=len(tr4s.key_sentences))
    return _packed_in_order([(s.index, s.sentence) for s in ranked], budget)


def _snownlp(item: Item, budget: int) -> str:
    from snownlp import SnowNLP

    s = SnowNLP(item.doc.body)
    units = s.sentences
    if not units:
        return ""
    ranked = s.summary(limit=len(units))
    # snownlp returns clause strings without their punctuation; recover positions for document order.
    position = {u: i for i, u in reversed(list(enumerate(units)))}
    return _packed_in_order([(position[u], u) for u in ranked], budget)


SYSTEMS: dict[str, System] = {
    "ours": _ours("default"),
    "ours-textrank": _ours("textrank"),
    "lead-1": _ours("lead-1"),
    "lead-3": _ours("lead-3"),
    "lead": _ours("lead"),
    "oracle": _ours("oracle"),
    "sumy-lexrank": _sumy("lexrank"),
    "sumy-textrank": _sumy("textrank"),
    "textrank4zh": _textrank4zh,
    "snownlp": _snownlp,
}
LABELS = {
    "ours": "ours (default)",
    "ours-textrank": "ours, centrality only",
    "lead": "LEAD (budget)",
    "lead-1": "LEAD-1",
    "lead-3": "LEAD-3",
    "oracle": "oracle (ceiling)",
    "sumy-lexrank": "sumy LexRank",
    "sumy-textrank": "sumy TextRank",
    "textrank4zh": "textrank4zh",
    "snownlp": "snownlp",
}


def warm_up() -> None:
    """Load every lazy resource (jieba's dictionary, snownlp's models, OpenCC) outside the timing."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    item = _item("warm-up", "第一句话在这里。第二句话在那里。第三句话说明了一切。第四句话也有内容。", "一句话")
    for system in SYSTEMS.values():
        system(item, 30)


# --- scoring ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=CharTokenizer())


def rouge(summary: str, reference: str) -> tuple[float, float, float]:
    """Character ROUGE-1/2/L F1 of one summary."""
    scores = _scorer().score(reference, summary)
    return scores["rouge1"].fmeasure, scores["rouge2"].fmeasure, scores["rougeL"].fmeasure


def run_system(args: tuple[str, list[Item], int]) -> tuple[list[tuple[float, float, float]], list[float]]:
    """Summaries of ``items`` by one system: per-document ROUGE and seconds (for a worker process)."""
    name, items, budget = args
    warnings.filterwarnings("ignore")
    warm_up()
    system = SYSTEMS[name]
    scores, seconds = [], []
    for item in items:
        start = time.perf_counter()
        summary = system(item, budget)
        seconds.append(time.perf_counter() - start)
        scores.append(rouge(summary, item.reference))
    return scores, seconds


def evaluate(name: str, items: list[Item], budget: int, jobs: int) -> dict[str, float]:
    """Mean ROUGE F1 (x100) and ms/doc of one system on one dataset."""
    if jobs > 1 and len(items) > 50:
        from multiprocessing import get_context

        chunks = [items[i::jobs] for i in range(jobs)]
        with get_context("fork").Pool(jobs) as pool:
            parts = pool.map(run_system, [(name, chunk, budget) for chunk in chunks])
        scores = [s for part in parts for s in part[0]]
        seconds = [t for part in parts for t in part[1]]
    else:
        scores, seconds = run_system((name, items, budget))
    n = len(scores)
    return {
        "rouge1": 100 * sum(s[0] for s in scores) / n,
        "rouge2": 100 * sum(s[1] for s in scores) / n,
        "rougeL": 100 * sum(s[2] for s in scores) / n,
        "ms_per_doc": 1000 * sum(seconds) / n,
        "docs": n,
    }


def tune(shared: Path, limit: int) -> None:
    """Fit the default weights on People's Daily train + LCSTS val; print them and their dev scores."""
    from classify.summarize.scoring import Weights
    from classify.training.summarize import describe, fit_weights, objective, prepare

    def examples(dataset: str):
        items = load(shared, dataset)[: limit or None]
        return prepare(((i.doc, i.reference) for i in items), BUDGETS[dataset.split("-")[0]])

    train, lcsts, dev = examples("pd-train"), examples("lcsts-val"), examples("pd-dev")
    weights, _ = fit_weights([(train, 0.5), (lcsts, 0.5)])
    print(describe(weights))
    for name, data in (("pd-train", train), ("lcsts-val", lcsts), ("pd-dev", dev)):
        before, after = objective(data, Weights()), objective(data, weights)
        print(f"{name:10} first pick R1/R2/RL: current defaults {before.round(2)}  fitted {after.round(2)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=["lcsts-test", "pd-test", "clts"])
    parser.add_argument("--systems", nargs="+", default=list(DEFAULT_SYSTEMS), choices=list(SYSTEMS))
    parser.add_argument("--limit", type=int, default=0, help="documents per dataset (0 = all)")
    parser.add_argument("--budget", type=int, default=0, help="override every dataset's budget")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (timings stay per process)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--tune", action="store_true", help="fit the default weights instead (see above)")
    args, shared = parse_args_with_shared(parser)
    warnings.filterwarnings("ignore")
    if args.tune:
        tune(shared, args.limit)
        return

    results = []
    for dataset in args.datasets:
        start = time.perf_counter()
        items = load(shared, dataset)
        if args.limit:
            items = items[: args.limit]
        intake_ms = 1000 * (time.perf_counter() - start) / max(len(items), 1)
        budget = args.budget or BUDGETS[dataset.split("-")[0]]
        refs = [len(i.reference) for i in items]
        print(
            f"{dataset}: {len(items)} documents, budget {budget} chars, reference {statistics.mean(refs):.1f} chars"
            f" on average; loading + intake {intake_ms:.2f} ms/doc (not in ms/doc below)",
            file=sys.stderr,
            flush=True,
        )
        for name in args.systems:
            row = {"dataset": dataset, "system": name, "budget": budget, **evaluate(name, items, budget, args.jobs)}
            results.append(row)
            print(
                f"  {LABELS[name]:<22} R1 {row['rouge1']:5.2f}  R2 {row['rouge2']:5.2f}  RL {row['rougeL']:5.2f}"
                f"  {row['ms_per_doc']:8.2f} ms/doc",
                file=sys.stderr,
                flush=True,
            )

    print("| dataset | docs | budget | system | ROUGE-1 | ROUGE-2 | ROUGE-L | ms/doc |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for row in results:
        print(
            f"| {row['dataset']} | {row['docs']} | {row['budget']} | {LABELS[row['system']]} | {row['rouge1']:.2f} |"
            f" {row['rouge2']:.2f} | {row['rougeL']:.2f} | {row['ms_per_doc']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
