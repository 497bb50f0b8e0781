"""Benchmark of the baseline classifier: quality beside two peers, seeds, throughput, cold start, bad input.

Quality (every system trained on the same real documents plus the same generated reports; measured
on the real test split and on leave-one-source-out: trained without one source, tested on it):
  ours        classify's baseline (configs/baseline.yaml): text classifier, level from the named issuer
              where the classifier is unsure, in-scope decision from the out-of-scope labels
  ours-text   the same model, level from the text alone
  ours-nogen  trained without the generated reports
  char-lr   scikit-learn TfidfVectorizer(analyzer="char") + LogisticRegression(), default settings
  rules     keyword rules a domain reader would write (see KeywordRules)
``--cv`` adds grouped 5-fold cross-validation over all real documents, steadier than one small test.
The issuer ranker is the shipped one (trained on the non-test part) for the test split; for a source
left out, one trained as the shipped one is (``classify.training.issuer_ranker``) on the other sources'
non-test reports, so that no part of ours has read the source it is tested on (``--shipped-ranker``:
the shipped one).

Speed (People's Daily articles): jieba.lcut alone (default dictionary and HMM) against our whole
prediction (intake + features + classifier), single process and --jobs 2, each repetition measuring
both in turn so that ratios compare figures taken under the same load; the wall time of a whole
`classify predict` process on one seed (cold start, median of 10); token agreement of the compiled
segmenter with pure-Python jieba on the labelled corpus, and the shipped model's probabilities before
and after on the seeds and sample reports.

Usage: python scripts/bench_baseline.py [--model src/classify/models/baseline] [--docs 2000] [--cv] [--skip-quality]
       [--repeat 3] [--speed-only]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class KeywordRules:
    """The keyword-rule peer: what a reader of LABELS.md's 'typical signals' would write."""

    TYPE_RULES = (
        ("performance_review", re.compile(r"述职|民主测评|考核评议")),
        ("summary_meeting", re.compile(r"总结(?:会议|大会|表彰大会|会)|总结暨")),
        ("branch_case", re.compile(r"典型案例|背景和起因|经验做法|主要做法")),
    )
    LEVEL_RULES = (
        ("branch", re.compile(r"党支部|党总支|党小组|[村社]党委|社区|村")),
        ("central", re.compile(r"中央|国务院|国资委|部委|全国|中组部|中宣部|[^市县区]部")),
        ("subsidiary", re.compile(r"分公司|分行|研究院|研究所|所属|子公司|[一二三四五六七八九]院")),
        ("group", re.compile(r"集团|银行|中国[\u4e00-\u9fff]{2,6}公司")),
        ("local", re.compile(r"[省市县区州镇乡]")),
    )

    def predict(self, title: str, body: str) -> dict[str, str]:
        head = f"{title}\n{body[:200]}"
        kind = next((label for label, rx in self.TYPE_RULES if rx.search(head)), "local_campaign")
        level = next((label for label, rx in self.LEVEL_RULES if rx.search(title or body[:60])), "local")
        return {"type": kind, "level": level}


def quality(args) -> None:
    """Every system trained on the same real documents (plus the same generated reports where the
    system takes them) and measured on real documents it never saw: the test split, leave-one-source-out
    (train on every source but one, test on the one left out), and with --cv pooled 5-fold CV."""
    from classify.classifiers.baseline import document_fields
    from classify.corpus.schema import LabelSchema
    from classify.corpus.splits import kfold_assignments
    from classify.evaluate import evaluate_labels, scope_report
    from classify.training.config import load_config
    from classify.training.run import TrainingData, load_training_data

    schema = LabelSchema.from_yaml()
    config = load_config(REPO / "configs" / "baseline.yaml")
    data = load_training_data(config, schema)
    real = data.train + data.dev + data.test
    negatives = data.out_of_scope("train", "dev", "test")

    def ours(train_records, test_records, augment, train_negatives):
        from classify.training.baseline import fit_baseline

        split = TrainingData(train_records, [], test_records, augment, data.augment_weight, data.source)
        split.negatives = {"train": list(train_negatives)}
        cfg = json.loads(json.dumps(config))
        if args.fixed_c:  # the C the shipped model chose by cross-validation: one fit instead of 5 x 4
            cfg["classifier"]["C"] = [args.fixed_c]
        start = time.perf_counter()
        model, _, _ = fit_baseline(cfg, split, schema, lambda _: None)
        predictions = model.predict_documents([r.document for r in test_records], keep_out_of_scope=True)
        return model, predictions, time.perf_counter() - start

    def run_all(train_records, test_records, augment, train_negatives, variants=True):
        results, extra = {}, {}
        for name, generated in (("ours", augment), ("ours-nogen", []))[: 2 if variants else 1]:
            model, predictions, seconds = ours(train_records, test_records, generated, train_negatives)
            results[name] = ([{n: lp.label for n, lp in p.labels.items()} for p in predictions], seconds)
            extra[name] = (model, predictions)
            if name == "ours":  # the same model with level from the text alone (no issuer fallback)
                alone = model.predict_documents([r.document for r in test_records], keep_out_of_scope=True, issuer=False)
                results["ours-text"] = ([{n: lp.label for n, lp in p.labels.items()} for p in alone], 0.0)

        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        start = time.perf_counter()
        texts = ["\n".join(document_fields(r.document)[:2]) for r in train_records + augment]
        test_texts = ["\n".join(document_fields(r.document)[:2]) for r in test_records]
        vectorizer = TfidfVectorizer(analyzer="char")
        matrix = vectorizer.fit_transform(texts)
        peer = {}
        for name in schema.names:
            peer[name] = LogisticRegression().fit(matrix, [r.labels[name] for r in train_records + augment])
        test_matrix = vectorizer.transform(test_texts)
        columns = {name: peer[name].predict(test_matrix) for name in schema.names}
        results["char-lr"] = (
            [{n: str(columns[n][i]) for n in schema.names} for i in range(len(test_records))],
            time.perf_counter() - start,
        )
        rules = KeywordRules()
        results["rules"] = ([rules.predict(*document_fields(r.document)[:2]) for r in test_records], 0.0)
        return results, extra

    def table(title, truth, results):
        print(f"\n{title}")
        short = {label: label.split("_")[0][:7] for s in schema.sets for label in s.labels}
        head = " ".join(f"{short[lab]:>7}" for s in schema.sets for lab in s.labels)
        print(f"{'system':11} {'type F1':>7} {'level F1':>8} {'fit s':>6} | per class F1: {head}")
        for name, (predicted, seconds) in results.items():
            report = evaluate_labels(truth, predicted, schema)
            cells = []
            for s in schema.sets:
                per = report.sets[s.name].per_class
                cells += [f"{per[lab]['f1']:7.2f}" if lab in per else f"{'-':>7}" for lab in s.labels]
            t, lv = report.sets["type"], report.sets["level"]
            print(f"{name:11} {t.macro_f1:7.3f} {lv.macro_f1:8.3f} {seconds:6.0f} |               {' '.join(cells)}")

    def honesty(title, truth, predictions):
        """How often a prediction not flagged uncertain is right, and how many are flagged (every label
        of a report judged out of scope is: its type and level are given on request only)."""
        parts = []
        outside = sum(not p.in_scope for p in predictions)
        for name in schema.names:
            sure = [(t[name], p.labels[name]) for t, p in zip(truth, predictions, strict=True)]
            confident = [(t, lp) for t, lp in sure if not lp.uncertain]
            right = sum(t == lp.label for t, lp in confident)
            parts.append(
                f"{name}: {right}/{len(confident)} = {right / max(len(confident), 1):.3f} right when not flagged, "
                f"{len(sure) - len(confident)} flagged uncertain"
            )
        parts.append(f"the flagged include the {outside} reports judged out of scope")
        print(f"  ours, {title}: " + "; ".join(parts))

    def scope_line(title, model, test_reports, test_negatives):
        docs = [r.document for r in test_reports + test_negatives]
        predicted = [p.in_scope for p in model.predict_documents(docs, issuer=False)]
        sc = scope_report([True] * len(test_reports) + [False] * len(test_negatives), predicted)
        print(
            f"  in scope, {title}: precision {sc['precision']:.3f} recall {sc['recall']:.3f} "
            f"({len(test_reports)} reports, {len(test_negatives)} out of scope; "
            f"threshold {model.scope_threshold})"
        )

    real_train = data.train + data.dev
    print(
        f"real reports: train+dev {len(real_train)}, test {len(data.test)}; out of scope: train+dev "
        f"{len(data.out_of_scope('train', 'dev'))}, test {len(data.out_of_scope('test'))}; "
        f"generated (training only): {len(data.augment)}"
    )
    results, extra = run_all(real_train, data.test, data.augment, data.out_of_scope("train", "dev"))
    table(f"test split ({len(data.test)} real reports)", [r.labels for r in data.test], results)
    honesty("test split", [r.labels for r in data.test], extra["ours"][1])
    scope_line("test split", extra["ours"][0], data.test, data.out_of_scope("test"))

    def source(record) -> str:
        return record.id.split(":", 1)[0]

    rankers = {} if args.shipped_ranker else rankers_without_each_source(real, {r.id for r in data.test})
    for left_out in sorted({source(r) for r in real}):
        inside = [r for r in real if source(r) != left_out]
        outside = [r for r in real if source(r) == left_out]
        negatives_in = [r for r in negatives if source(r) != left_out]
        negatives_out = [r for r in negatives if source(r) == left_out]
        with issuer_ranker(rankers.get(left_out)):
            results, extra = run_all(inside, outside, data.augment, negatives_in, variants=args.variants)
        table(
            f"leave one source out: trained without '{left_out}', tested on its {len(outside)} reports",
            [r.labels for r in outside],
            results,
        )
        honesty(f"'{left_out}' left out", [r.labels for r in outside], extra["ours"][1])
        if negatives_out:
            scope_line(f"'{left_out}' left out", extra["ours"][0], outside, negatives_out)
    if args.cv:
        folds = kfold_assignments(real, k=5, seed=7)
        pooled = {}
        for fold in range(5):
            inside = [r for r, f in zip(real, folds, strict=True) if f != fold]
            outside = [r for r, f in zip(real, folds, strict=True) if f == fold]
            for name, (predicted, seconds) in run_all(inside, outside, data.augment, [])[0].items():
                got = pooled.setdefault(name, ([None] * len(real), 0.0))
                index = [i for i, f in enumerate(folds) if f == fold]
                for i, p in zip(index, predicted, strict=True):
                    got[0][i] = p
                pooled[name] = (got[0], got[1] + seconds)
        table(f"5-fold cross-validation over all {len(real)} real reports (pooled)", [r.labels for r in real], pooled)


def rankers_without_each_source(reports: list, test_ids: set[str]) -> dict:
    """Per source, an issuer ranker trained as the shipped one is (``scripts/train_issuer_ranker.py``:
    its defaults, the non-test reports) on every other source's reports only."""
    from classify.issuer import IssuerExtractor
    from classify.training.issuer_ranker import build
    from classify.training.issuer_ranker import rankers_without_each_source as train

    return train(build(reports, IssuerExtractor(use_ranker=False), test_ids))


@contextmanager
def issuer_ranker(ranker):
    """Within the block, every issuer extractor (training's and prediction's) uses ``ranker``
    (``None``: the shipped one)."""
    import classify.issuer.extract as extract

    shipped = extract.packaged_ranker
    if ranker is not None:
        extract.packaged_ranker = lambda: ranker
    try:
        yield
    finally:
        extract.packaged_ranker = shipped


def seeds(model_dir: Path) -> None:
    from classify.classifiers import load_model
    from classify.corpus.load import load_records
    from classify.corpus.shared import find_shared

    shared = find_shared()
    records = load_records(shared / "seeds")
    model = load_model(model_dir)
    right = 0
    print(f"\nseeds with {model_dir}")
    for record, prediction in zip(records, model.predict_documents([r.document for r in records]), strict=True):
        ok = all(prediction.labels[n].label == record.labels[n] for n in model.schema.names)
        right += ok
        got = ", ".join(
            f"{n} {prediction.labels[n].label} {prediction.labels[n].probability:.2f}" for n in model.schema.names
        )
        print(f"  {'ok ' if ok else 'BAD'} {record.id:28} {got}")
    print(f"  {right}/5 seeds classified correctly")


def speed(model_dir: Path, n_docs: int, repeat: int) -> None:
    """Docs/s of jieba.lcut alone and of our prediction, measured in turn in each repetition (so each
    ratio compares figures taken under the same machine load), plus --jobs 2 against --jobs 1."""
    from classify.classifiers import load_model
    from classify.corpus.shared import PEOPLE_DAILY, find_shared
    from classify.predict import predict_files

    with gzip.open(find_shared() / PEOPLE_DAILY, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(n_docs), handle, strict=False)]
    texts = [f"{r['title']}\n\n{r['text']}" for r in rows]
    print(
        f"\nthroughput over {len(texts)} People's Daily articles ({sum(map(len, texts)) / len(texts):.0f} chars on "
        f"average), {repeat} repetitions; load average before: {_load()}"
    )

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    model = load_model(model_dir)
    segmenter = model.vectorizer_.tokenizer.segmenter_name
    model.predict_texts(texts[:20])
    figures: dict[str, list[float]] = {}

    def rate(name: str, run) -> float:
        cpu = _cpu()
        start = time.perf_counter()
        run()
        value = len(texts) / (time.perf_counter() - start)
        figures.setdefault(name, []).append(value)
        used = [b - a for a, b in zip(cpu, _cpu(), strict=True)]
        if name == "jobs2":  # what two free cores would give: the busier of parent and average worker
            figures.setdefault("cpu_jobs2", []).append(len(texts) / max(used[0], used[1] / 2))
        elif name == "jobs1":
            figures.setdefault("cpu_jobs1", []).append(len(texts) / used[0])
        return value

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            path = Path(tmp) / f"{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        for i in range(repeat):
            base = rate("jieba", lambda: [jieba.lcut(t) for t in texts])
            ours = rate("ours", lambda: model.predict_texts(texts))
            one = rate("jobs1", lambda: list(predict_files(model, paths, jobs=1)))
            two = rate("jobs2", lambda: list(predict_files(model, paths, jobs=2)))
            figures.setdefault("ratio", []).append(ours / base)
            figures.setdefault("scaling", []).append(two / one)
            cpu_scaling = figures["cpu_jobs2"][-1] / figures["cpu_jobs1"][-1]
            figures.setdefault("cpu_scaling", []).append(cpu_scaling)
            print(
                f"  run {i + 1}: jieba.lcut {base:6.1f} docs/s | predict_texts {ours:6.1f} = {ours / base:.2f}x jieba"
                f" | predict_files --jobs 1 {one:6.1f}, --jobs 2 {two:6.1f} = {two / one:.2f}x"
                f" (CPU time: {cpu_scaling:.2f}x) | load {_load()}"
            )
    med = {k: statistics.median(v) for k, v in figures.items()}
    print(
        f"  median: jieba.lcut alone (default dictionary, HMM) {med['jieba']:.1f} docs/s; ours ({segmenter} segmenter), "
        f"predict_texts in 1 process {med['ours']:.1f} docs/s = {med['ratio']:.2f}x jieba "
        f"(range {min(figures['ratio']):.2f}-{max(figures['ratio']):.2f}); predict_files from disk "
        f"--jobs 2 {med['jobs2']:.1f} docs/s = {med['scaling']:.2f}x --jobs 1 "
        f"(range {min(figures['scaling']):.2f}-{max(figures['scaling']):.2f}); by CPU time (parent and workers' "
        f"user+sys, what two otherwise idle cores would give) {med['cpu_scaling']:.2f}x; load average after: {_load()}"
    )


def _cpu() -> tuple[float, float]:
    """User+system CPU seconds of this process and of its finished children (the --jobs workers)."""
    import resource

    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def cold_start(model_dir: Path, runs: int = 10) -> None:
    """Wall time of a whole `classify predict` process on one seed, median of ``runs``: the console
    entry (classify.launch:main, run as `python -m classify`, which `pyproject.toml`'s script calls
    too) and, in the same loop, the typer command (`--jobs 1` is not on the entry's fast path)."""
    from classify.corpus.shared import find_shared

    seed = next((find_shared() / "seeds").glob("000_*.txt"))
    command = [sys.executable, "-m", "classify", "predict", "--model", str(model_dir), str(seed)]
    subprocess.run(command, check=True, capture_output=True)  # warm the page cache and our user cache
    times: dict[str, list[float]] = {"entry": [], "typer": []}
    for _ in range(runs):
        for name, extra in (("entry", []), ("typer", ["--jobs", "1"])):
            start = time.perf_counter()
            subprocess.run([*command, *extra], check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    entry, typer = times["entry"], times["typer"]
    print(
        f"\ncold start of `python -m classify predict` on one seed (whole process), median of {runs}: "
        f"{statistics.median(entry):.2f} s (min {min(entry):.2f}, max {max(entry):.2f}); through the typer "
        f"command: {statistics.median(typer):.2f} s (min {min(typer):.2f}); load average {_load()}"
    )


def tokens(model_dir: Path) -> None:
    """Token agreement of the chosen segmenter with the pure-Python jieba path (as the baseline was
    trained: jieba.Tokenizer(dict.txt) + load_userdict + lcut(HMM=False), its cache kept out of /tmp)
    on the labelled corpus, and the shipped model's probabilities on the seeds and sample reports
    both ways (jieba + feature strings, as before, against the default path)."""
    import numpy as np

    from classify.classifiers import load_model
    from classify.classifiers.baseline import document_fields
    from classify.corpus.load import load_records
    from classify.corpus.shared import find_shared, load_shared_labels
    from classify.features.tokenize import JiebaTokenizer, _import_jieba

    tokenizer_dir = model_dir / "tokenizer"
    chosen = JiebaTokenizer(tokenizer_dir)
    jieba = _import_jieba()
    with tempfile.TemporaryDirectory() as tmp:
        reference = jieba.Tokenizer(str(tokenizer_dir / "dict.txt"))
        reference.tmp_dir = tmp
        reference.initialize()
        reference.load_userdict(str(tokenizer_dir / "userdict.txt"))
    records = load_shared_labels(REPO / "data" / "labels")
    texts = []
    for record in records:
        fields = document_fields(record.document)
        texts += [fields.title, fields.body, "\n".join(fields.headings)]
    differ_texts = differ_tokens = total = 0
    for text in texts:
        ours, theirs = chosen.cut(text), reference.lcut(text, HMM=False)
        total += len(theirs)
        if ours != theirs:
            differ_texts += 1
            differ_tokens += sum(a != b for a, b in zip(ours, theirs, strict=False)) + abs(len(ours) - len(theirs))
    print(
        f"\ntoken agreement, {chosen.segmenter_name} against pure-Python jieba on the labelled corpus "
        f"({len(records)} documents, {len(texts)} title/body/heading texts, {total} tokens): "
        f"{len(texts) - differ_texts}/{len(texts)} texts identical, {differ_tokens} tokens differ"
    )

    model = load_model(model_dir)
    before = load_model(model_dir)
    before.vectorizer_.tokenizer = JiebaTokenizer(tokenizer_dir, "jieba")
    shared = find_shared()
    docs = [r.document for r in load_records(shared / "seeds")]
    docs += [r.document for r in load_records(REPO / "data" / "sample" / "reports", labelled=False)]
    vectorizer = before.vectorizer_
    old = before.proba_from_rows([vectorizer.raw_counts(vectorizer.analyze(*document_fields(d))) for d in docs])
    model.vectorizer_.fast_lookup()  # the integer tables from the first document on
    new = model.predict_proba_documents(docs)
    worst = max(float(np.max(np.abs(old[name] - new[name]))) for name in old)
    same = all(np.array_equal(np.argmax(old[n], 1), np.argmax(new[n], 1)) for n in old)
    print(
        f"shipped model on {len(docs)} seeds and sample reports, before (jieba, feature strings) against now: "
        f"labels {'identical' if same else 'DIFFER'}, largest probability difference {worst:.2e}"
    )


def bad_input(model_dir: Path) -> None:
    exe = str(Path(sys.executable).with_name("classify"))
    with tempfile.TemporaryDirectory() as tmp:
        empty, binary, corrupt = Path(tmp) / "empty.txt", Path(tmp) / "photo.jpg.txt", Path(tmp) / "model"
        empty.write_bytes(b"")
        binary.write_bytes(bytes(range(256)) * 64)
        corrupt.mkdir()
        (corrupt / "config.json").write_text('{"kind": "baseline"', encoding="utf-8")
        print("\nbad input (stderr lines, exit status):")
        for args in ([str(empty), str(binary)], ["--model", str(corrupt), str(empty)]):
            result = subprocess.run(
                [exe, "predict", "--model", str(model_dir), *args]
                if "--model" not in args
                else [exe, "predict", *args],
                capture_output=True,
                text=True,
            )
            for line in result.stderr.strip().splitlines():
                print(f"  {line}")
            print(f"  exit {result.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO / "src" / "classify" / "models" / "baseline")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--cv", action="store_true", help="also run 5-fold cross-validation")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the throughput runs")
    parser.add_argument("--speed-only", action="store_true", help="tokens, throughput and cold start only")
    parser.add_argument("--quality-only", action="store_true", help="quality tables and seeds only")
    parser.add_argument(
        "--fixed-c", type=float, default=None, help="one C for every fit (no cross-validated choice: faster)"
    )
    parser.add_argument("--variants", action="store_true", help="ours-nogen on the left-out sources too")
    parser.add_argument(
        "--shipped-ranker", action="store_true", help="the shipped issuer ranker on the left-out sources too"
    )
    args = parser.parse_args()
    if args.speed_only:
        tokens(args.model)
        speed(args.model, args.docs, args.repeat)
        cold_start(args.model)
        return
    if not args.skip_quality:
        quality(args)
    seeds(args.model)
    if args.quality_only:
        return
    tokens(args.model)
    speed(args.model, args.docs, args.repeat)
    cold_start(args.model)
    bad_input(args.model)


if __name__ == "__main__":
    main()
