"""Benchmark of the fine-tuned BERT classifier: quality beside the baseline, training time, torch fp32
against ONNX int8 speed on the same documents, the five seeds.

Quality: the baseline (configs/baseline.yaml) and BERT (configs/bert.yaml) are trained in this run on
the same real training split plus the same generated reports (when data/sample/corpus.jsonl exists)
and scored on the same real test split. Training wall time is that of ``classify.training.run.train`` with
the BERT config (data loading, fine-tuning with early stopping on dev, evaluation, saving).

Speed: documents per second of ``predict_proba`` over the test split's documents (plus the dev
split's, --docs to cap), torch fp32 against the exported ONNX int8 model, each warmed up first and
timed --repeat times (best kept); macro-F1 of both on the test split and how often their labels agree.

--compare first trains every combination of shared/separate encoders and head/chunks on dev (the
design comparisons of docs/bert.md) and prints the dev macro-F1 of each.

--generalisation instead compares every system of issue 17 on documents they never saw, in one run:
the baseline, the frozen encoder with logistic-regression heads, SetFit-style contrastive tuning
(--setfit-pairs, 0 to skip), today's fine-tuning (--finetune), and the ensembles of the baseline with
the heads (weights chosen out of fold on the training side), on the test split and with each source
left out (--held-out test,cctv,pd,pgwe to choose). See scripts/bert_generalisation.py.

Usage: python scripts/bench_bert.py [--config configs/bert.yaml] [--out runs/bench-bert]
                                    [--model DIR] [--onnx DIR] [--compare] [--repeat 3] [--docs N]
       python scripts/bench_bert.py --generalisation [--finetune] [--setfit-pairs 1500] [--held-out ...]
Timings on a shared machine are noisy: run it when the machine is otherwise idle.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load(config_path: Path):
    from classify.corpus.schema import LabelSchema
    from classify.training.config import load_config
    from classify.training.run import load_training_data

    config = load_config(config_path)
    if config["data"].get("augment") and not Path(config["data"]["augment"]).exists():
        log(f"generated reports {config['data']['augment']} not found: training without them")
        config["data"]["augment"] = None
    schema = LabelSchema.from_yaml(config["labels"]) if config.get("labels") else LabelSchema.from_yaml()
    return config, schema, load_training_data(config, schema)


def scores(report) -> dict[str, float]:
    return {name: round(s.macro_f1, 4) for name, s in report.sets.items()} | {
        f"{name}_accuracy": round(s.accuracy, 4) for name, s in report.sets.items()
    }


def baseline(config_bert: dict, schema, data) -> dict:
    from classify.evaluate import evaluate
    from classify.training.baseline import fit_baseline
    from classify.training.config import load_config

    config = load_config(REPO / "configs" / "baseline.yaml")
    config["data"]["augment"] = config_bert["data"]["augment"]
    began = time.perf_counter()
    model, _, _ = fit_baseline(config, data, schema, lambda _: None)
    seconds = time.perf_counter() - began
    return {"test": scores(evaluate(model, data.test)), "train_seconds": round(seconds, 1)}


def compare(config: dict, schema, data) -> dict:
    from classify.training.bert import fit_bert

    settings = copy.deepcopy(config)
    settings["encoder"]["shared"] = [True, False]
    settings["encoder"]["strategy"] = ["head", "chunks"]
    settings["split"]["refit_on_dev"] = False
    began = time.perf_counter()
    _, choices, _ = fit_bert(settings, data, schema, log)
    return {
        "dev_macro_f1": choices["dev_macro_f1_by_setting"],
        "train_seconds": choices["train_seconds_by_setting"],
        "total_seconds": round(time.perf_counter() - began, 1),
    }


def cpu_flags() -> dict[str, bool]:
    """The instruction sets int8 inference depends on (from /proc/cpuinfo; all false where it is absent)."""
    from classify.classifiers.onnx import cpu_flags as flags_of_this_cpu

    flags = flags_of_this_cpu()
    wanted = {
        "AVX2": "avx2",
        "AVX-512": "avx512f",
        "AVX-512 VNNI": "avx512_vnni",
        "AVX-VNNI": "avx_vnni",
        "AMX-INT8": "amx_int8",
    }
    return {name: flag in flags for name, flag in wanted.items()}


def generalisation(args, config: dict, schema, data) -> None:
    """Issue 17's comparison (scripts/bert_generalisation.py), written to --out and printed."""
    import bert_generalisation as comparison
    from classify.corpus.load import load_records
    from classify.corpus.shared import find_shared
    from classify.training.config import load_config

    baseline_config = load_config(REPO / "configs" / "baseline.yaml")
    shared = find_shared()
    seeds = load_records(shared / "seeds", schema=schema) if shared and (shared / "seeds").is_dir() else []
    began = time.perf_counter()
    results = comparison.run(
        data,
        schema,
        baseline_config,
        config,
        names=args.held_out.split(",") if args.held_out else None,
        finetune=args.finetune.split(",") if args.finetune and args.finetune != "all" else bool(args.finetune),
        setfit_pairs=args.setfit_pairs,
        setfit_freeze=args.setfit_freeze,
        seeds=seeds,
        keep=args.out / "bert",
        say=log,
    )
    results["wall_seconds"] = round(time.perf_counter() - began, 1)
    results["cpu_flags"] = cpu_flags()
    (args.out / "generalisation.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("\n## scripts/bench_bert.py --generalisation")
    print(
        f"\n{os.cpu_count()} CPUs; instruction sets: {results['cpu_flags']}; whole run {results['wall_seconds']:.0f} s"
    )
    comparison.report(results)


def throughput(models: dict, documents, repeat: int) -> dict[str, float]:
    """Documents per second of each model: warmed up, then timed ``repeat`` times in turns (so that a
    burst of load from elsewhere hits both alike), the best time kept."""
    for model in models.values():
        model.predict_proba_documents(documents[:4])
    best = {name: float("inf") for name in models}
    for _ in range(repeat):
        for name, model in models.items():
            began = time.perf_counter()
            model.predict_proba_documents(documents)
            best[name] = min(best[name], time.perf_counter() - began)
    return {name: round(len(documents) / seconds, 2) for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=REPO / "configs" / "bert.yaml")
    parser.add_argument("--out", type=Path, default=REPO / "runs" / "bench-bert")
    parser.add_argument("--model", type=Path, help="a trained bert model: skip training")
    parser.add_argument("--onnx", type=Path, help="an exported ONNX model: skip the export")
    parser.add_argument("--compare", action="store_true", help="train the dev comparisons first")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docs", type=int, default=0, help="documents for the speed test (0: test + dev)")
    parser.add_argument("--generalisation", action="store_true", help="issue 17's comparison on unseen sources")
    parser.add_argument(
        "--finetune",
        nargs="?",
        const="all",
        default="",
        help="with --generalisation: today's fine-tuning too, on all held-out sets or a comma list (test,cctv,...)",
    )
    parser.add_argument("--setfit-pairs", type=int, default=1500, help="pairs per label set (0: no SetFit)")
    parser.add_argument("--setfit-freeze", type=int, default=2, help="bottom layers frozen in SetFit tuning")
    parser.add_argument("--held-out", default="", help="comma list of test,cctv,pd,pgwe (default: all)")
    args = parser.parse_args()

    import numpy as np
    import torch

    from classify.classifiers import load_model
    from classify.corpus.load import load_records
    from classify.corpus.shared import find_shared
    from classify.evaluate import evaluate
    from classify.training.export_onnx import export_onnx
    from classify.training.run import train

    results: dict = {"machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads()}}
    load_average = os.getloadavg()
    results["machine"]["load_average_at_start"] = [round(x, 2) for x in load_average]
    config, schema, data = load(args.config)
    log(
        f"real train {len(data.train)}, dev {len(data.dev)}, test {len(data.test)}; generated {len(data.augment)}; "
        f"load average {load_average[0]:.2f} on {os.cpu_count()} CPUs"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    if args.generalisation:
        generalisation(args, config, schema, data)
        return

    if args.compare:
        log("dev comparisons: shared/separate encoders x head/chunks")
        results["compare"] = compare(config, schema, data)
        log(json.dumps(results["compare"], indent=2))

    if not args.skip_baseline:
        log("training the baseline")
        results["baseline"] = baseline(config, schema, data)
        log(f"baseline: {results['baseline']}")

    model_dir = args.model
    if model_dir is None:
        model_dir = args.out / "bert"
        log(f"training BERT with {args.config}")
        began = time.perf_counter()
        result = train(copy.deepcopy(config), out=model_dir, progress=log)
        results["bert_train_wall_seconds"] = round(time.perf_counter() - began, 1)
        results["bert_choices"] = {k: v for k, v in result.choices.items() if k != "training"}
        log(f"BERT trained in {results['bert_train_wall_seconds']} s")
    torch_model = load_model(model_dir)
    onnx_dir = args.onnx
    if onnx_dir is None:
        onnx_dir = args.out / "bert-onnx"
        began = time.perf_counter()
        export_onnx(model_dir, onnx_dir)
        results["export_seconds"] = round(time.perf_counter() - began, 1)
    onnx_model = load_model(onnx_dir)
    results["onnx_export"] = onnx_model.export_info

    log("scoring on the test split")
    reports = {"torch fp32": evaluate(torch_model, data.test), "onnx int8": evaluate(onnx_model, data.test)}
    results["test"] = {name: scores(report) for name, report in reports.items()}
    probabilities = {
        "torch": torch_model.predict_proba_documents([r.document for r in data.test]),
        "onnx": onnx_model.predict_proba_documents([r.document for r in data.test]),
    }
    agreement, max_diff = {}, {}
    for name in schema.names:
        a, b = probabilities["torch"][name], probabilities["onnx"][name]
        agreement[name] = round(float(np.mean(a.argmax(1) == b.argmax(1))), 4)
        max_diff[name] = round(float(np.abs(a - b).max()), 4)
    results["torch_vs_onnx"] = {"label_agreement": agreement, "max_probability_difference": max_diff}

    documents = [r.document for r in data.test + data.dev]
    if args.docs:
        documents = documents[: args.docs]
    chunks = sum(len(c) for c in torch_model.tokenizer_.chunks(documents))
    log(f"speed over {len(documents)} documents ({chunks} chunks), best of {args.repeat}")
    speed = {"documents": len(documents), "chunks": chunks}
    speed.update(throughput({"torch fp32": torch_model, "onnx int8": onnx_model}, documents, args.repeat))
    speed["speedup"] = round(speed["onnx int8"] / speed["torch fp32"], 2)
    results["speed_docs_per_second"] = speed
    results["machine"]["cpu_flags"] = cpu_flags()

    shared = find_shared()
    if shared is not None and (shared / "seeds").is_dir():
        seeds = load_records(shared / "seeds", schema=schema)
        rows = []
        for name, model in (("torch fp32", torch_model), ("onnx int8", onnx_model)):
            for record, prediction in zip(seeds, model.predict_documents([r.document for r in seeds]), strict=True):
                ok = all(prediction.labels[n].label == record.labels[n] for n in schema.names)
                got = {
                    n: [prediction.labels[n].label, round(prediction.labels[n].probability, 3)] for n in schema.names
                }
                rows.append({"model": name, "seed": record.id, "ok": ok, "predicted": got, "truth": record.labels})
        results["seeds"] = rows
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (args.out / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    report(results)


def report(results: dict) -> None:
    print("\n## scripts/bench_bert.py")
    machine = results["machine"]
    print(
        f"\n{machine['cpus']} CPUs, torch threads {machine['torch_threads']}, load average "
        f"{machine['load_average_at_start'][0]} at start, {machine['load_average_at_end'][0]} at end"
    )
    if "compare" in results:
        print("\nDev macro-F1 of each setting (54 real dev documents):\n")
        print("| setting | type | level | mean | train s |\n|---|---|---|---|---|")
        for name, f1 in results["compare"]["dev_macro_f1"].items():
            mean = sum(f1.values()) / len(f1)
            seconds = results["compare"]["train_seconds"][name]
            print(f"| {name} | {f1['type']:.3f} | {f1['level']:.3f} | {mean:.3f} | {seconds:.0f} |")
    print("\nTest split macro-F1 (accuracy):\n")
    print("| model | type | level |\n|---|---|---|")
    rows = []
    if "baseline" in results:
        rows.append(("baseline (TF-IDF + LR)", results["baseline"]["test"]))
    rows += [(f"BERT, {name}", s) for name, s in results["test"].items()]
    for name, s in rows:
        print(f"| {name} | {s['type']:.3f} ({s['type_accuracy']:.3f}) | {s['level']:.3f} ({s['level_accuracy']:.3f}) |")
    t, o = results["test"]["torch fp32"], results["test"]["onnx int8"]
    print(
        f"\nONNX int8 - torch fp32 macro-F1: type {o['type'] - t['type']:+.3f}, level {o['level'] - t['level']:+.3f}; "
        f"label agreement {results['torch_vs_onnx']['label_agreement']}, "
        f"max probability difference {results['torch_vs_onnx']['max_probability_difference']}"
    )
    if "bert_train_wall_seconds" in results:
        print(
            f"\nBERT training wall time (classify.training.run.train, whole pipeline): {results['bert_train_wall_seconds']:.0f} s"
        )
        choices = results.get("bert_choices", {})
        print(f"  fine-tuning {choices.get('train_seconds')} s, best epochs {choices.get('best_epochs')}")
    if "baseline" in results:
        print(f"baseline training: {results['baseline']['train_seconds']:.0f} s")
    speed = results["speed_docs_per_second"]
    print(
        f"\nInference over {speed['documents']} documents ({speed['chunks']} chunks): torch fp32 {speed['torch fp32']:.2f} "
        f"docs/s, ONNX int8 {speed['onnx int8']:.2f} docs/s: {speed['speedup']:.2f}x"
    )
    print(f"CPU instruction sets (int8 gains depend on them): {results['machine'].get('cpu_flags', {})}")
    if "seeds" in results:
        print("\nSeeds:\n")
        print("| model | seed | ok | type | level |\n|---|---|---|---|---|")
        for row in results["seeds"]:
            p = row["predicted"]
            print(
                f"| {row['model']} | {row['seed']} | {'ok' if row['ok'] else 'WRONG'} | {p['type'][0]} {p['type'][1]} "
                f"| {p['level'][0]} {p['level'][1]} |"
            )
        for name in ("torch fp32", "onnx int8"):
            right = sum(r["ok"] for r in results["seeds"] if r["model"] == name)
            print(f"{name}: {right}/5 seeds classified correctly")


if __name__ == "__main__":
    main()
