"""Report -> TF-IDF feature vector, in blocks that let the title and lead weigh more than the body.

Blocks (each its own L2-normalised TF-IDF vector, scaled by a weight, then concatenated):

* ``title``: word uni/bigrams and character n-grams of the title (and subtitle);
* ``lead``: words of the first ``lead_chars`` characters of the body, where reports name who did what;
* ``body``: word uni/bigrams of the body;
* ``char``: character n-grams of title and body (names, rare words, segmentation errors);
* ``cue``: the kinds of organisation named in title and lead (:mod:`classify.features.orgs`);
* ``heading``: words of the section headings (背景和起因 / 主要做法 / 一要…: the genre's skeleton);
* ``bodycue``: the kinds of organisation named in the rest of the body (level evidence, weighed less);
* ``structure``: the roles of the section headings (:mod:`classify.features.structure`).

Training (:mod:`classify.training.baseline`) keeps features seen in at least ``min_df`` training
documents, capped at ``max_features`` by document frequency, with scikit-learn's TfidfVectorizer.
This module analyses documents (for training and prediction alike) and transforms them with a fitted
vocabulary: a document's feature indices and values come back as numpy arrays, so inference needs
neither scipy nor scikit-learn (which alone costs 2.4 s to import and would break the CLI's cold start).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import repeat
from operator import add
from typing import NamedTuple

import numpy as np

from classify.features.orgs import OrgCues
from classify.features.structure import section_roles
from classify.features.tokenize import JiebaTokenizer, raw_before

BLOCKS = ("title", "lead", "body", "char", "cue", "heading", "bodycue", "structure")
PREFIX = {
    "title": "T|",
    "lead": "L|",
    "body": "B|",
    "char": "C|",
    "cue": "K|",
    "heading": "H|",
    "bodycue": "Q|",
    "structure": "S|",
}
_DEFAULT_WEIGHTS = {
    "title": 1.5,
    "lead": 1.0,
    "body": 1.0,
    "char": 1.0,
    "cue": 1.0,
    "heading": 1.0,
    "bodycue": 0.5,
    "structure": 1.0,
}


class ReportFields(NamedTuple):
    """What the vectorizer reads of a report."""

    title: str
    body: str
    headings: tuple[str, ...] = ()


@dataclass
class FeatureConfig:
    """Feature-extraction parameters (stored in the model's ``config.json``)."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 3)
    lead_chars: int = 200
    max_chars: int = 20_000  # longer bodies are read up to here: reports say what they are early
    min_df: int = 2
    max_features: int = 60_000
    sublinear_tf: bool = True
    weights: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(BLOCKS)
        if unknown:
            raise TypeError(f"unknown feature block(s) {sorted(unknown)}; blocks are {', '.join(BLOCKS)}")
        self.weights = {**_DEFAULT_WEIGHTS, **self.weights}

    @classmethod
    def from_dict(cls, data: dict) -> FeatureConfig:
        """Build from plain data; unknown keys raise ``TypeError`` (caught by the config loader)."""
        data = dict(data)
        for key in ("word_ngrams", "char_ngrams"):
            if key in data:
                data[key] = tuple(data[key])
        return cls(**data)


def _word_ngrams(tokens: Sequence[str], low: int, high: int) -> list[str]:
    out = list(tokens) if low <= 1 else []
    for n in range(max(low, 2), high + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def _char_ngrams(text: str, low: int, high: int) -> Iterable[str]:
    """Character n-grams built by ``map(operator.add, ...)``, which runs in C (4x faster than slicing)."""
    text = "".join(text.split())
    grams: Iterable[str] = text
    for n in range(1, high + 1):
        if n > 1:
            grams = list(map(add, grams, text[n - 1 :]))
        if n >= low:
            yield from grams


_SLOW_DOCS = 16  # documents transformed through feature strings before the integer tables pay off
_CHAR_BITS = 21  # every code point fits in 21 bits, so up to three of them pack into one int64


def _code_points(text: str) -> np.ndarray:
    """Code points of ``text`` without whitespace (as :func:`_char_ngrams` reads it), as int64."""
    text = "".join(text.split())
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)


class _CodeTable:
    """One block's n-grams as packed integers: unit sequences (code points, or token numbers) in,
    feature indices out, with no n-gram string built (what :meth:`ReportVectorizer.analyze` spends
    most of its time on). Units below 0 (tokens not in the vocabulary) end every n-gram they are in."""

    def __init__(self, grams: dict[int, tuple[list[int], list[int]]], base: int) -> None:
        self.base = base
        self.tables = {}
        for n, (codes, ids) in grams.items():
            codes_array, ids_array = np.asarray(codes, dtype=np.int64), np.asarray(ids, dtype=np.int64)
            order = np.argsort(codes_array, kind="stable")
            self.tables[n] = (codes_array[order], ids_array[order])

    def indices(self, units: np.ndarray, known: bool = True) -> list[np.ndarray]:
        """Feature indices of every n-gram of ``units`` found in the table (repeats kept)."""
        out = []
        valid = None if known else units >= 0
        for n, (codes, ids) in self.tables.items():
            m = len(units) - n + 1
            if m <= 0 or not len(codes):
                continue
            packed = units[:m].copy()
            ok = None if valid is None else valid[:m].copy()
            for k in range(1, n):
                packed *= self.base
                packed += units[k : k + m]
                if ok is not None:
                    ok &= valid[k : k + m]
            if ok is not None:
                packed = packed[ok]
            packed.sort()  # sorted needles: searchsorted twice as fast (the order of indices is free)
            pos = np.searchsorted(codes, packed)
            pos[pos == len(codes)] = 0
            hit = codes[pos] == packed
            out.append(ids[pos[hit]])
        return out


class _FastLookup:
    """The vocabulary as :class:`_CodeTable` s: title, lead, body and heading words, title and body
    characters. Built from a fitted vectorizer and its tokenizer's filter (``judge``); ``None`` where its
    n-gram sizes do not fit in int64."""

    def __init__(
        self, lookup: dict[str, dict[str, int]], config: FeatureConfig, judge: Callable[[str], str | None]
    ) -> None:
        low, high = config.word_ngrams
        clow, chigh = config.char_ngrams
        if high > 3 or chigh > 3 or low < 1 or clow < 1:
            raise ValueError("n-grams longer than 3 do not pack into int64")
        words: dict[str, int] = {}  # every token of every word feature -> its number
        for block in ("title", "lead", "body", "heading"):
            for term in lookup[block]:
                if not term.startswith("#"):
                    for token in term.split(" "):
                        words.setdefault(token, len(words))
        self.words = words
        self.units = _UnitCache(judge, words)
        base = max(len(words), 1)
        if base**high >= 2**62:
            raise ValueError("too many words to pack word n-grams into int64")
        self.title_words = self._word_table(lookup["title"], (low, high), base)
        self.lead = self._word_table(lookup["lead"], (1, 1), base)
        self.body = self._word_table(lookup["body"], (low, high), base)
        self.heading = self._word_table(lookup["heading"], (low, high), base)
        self.title_chars = self._char_table(
            {t[1:]: i for t, i in lookup["title"].items() if t.startswith("#")}, (clow, chigh)
        )
        self.chars = self._char_table(lookup["char"], (clow, chigh))

    def _word_table(self, terms: dict[str, int], sizes: tuple[int, int], base: int) -> _CodeTable:
        grams: dict[int, tuple[list[int], list[int]]] = {n: ([], []) for n in range(sizes[0], sizes[1] + 1)}
        words = self.words
        for term, index in terms.items():
            if term.startswith("#"):
                continue  # title characters: their own table
            parts = term.split(" ")
            if len(parts) in grams:
                code = 0
                for part in parts:
                    code = code * base + words[part]
                grams[len(parts)][0].append(code)
                grams[len(parts)][1].append(index)
        return _CodeTable(grams, base)

    @staticmethod
    def _char_table(terms: dict[str, int], sizes: tuple[int, int]) -> _CodeTable:
        grams: dict[int, tuple[list[int], list[int]]] = {}
        for n in range(sizes[0], sizes[1] + 1):
            chosen = [(t, i) for t, i in terms.items() if len(t) == n and "".join(t.split()) == t]
            if not chosen:
                grams[n] = ([], [])
                continue
            units = _code_points("".join(t for t, _ in chosen)).reshape(-1, n)
            codes = np.zeros(len(chosen), dtype=np.int64)
            for k in range(n):
                codes = (codes << _CHAR_BITS) | units[:, k]
            grams[n] = (codes.tolist(), [i for _, i in chosen])
        return _CodeTable(grams, 1 << _CHAR_BITS)

    def raw_units(self, raw: Sequence[str]) -> np.ndarray:
        """Token numbers of raw (unfiltered) tokens: :data:`_DROPPED` where the tokenizer drops one."""
        return np.fromiter(map(self.units.__getitem__, raw), dtype=np.int64, count=len(raw))


_DROPPED = -2  # the unit of a raw token the tokenizer drops (punctuation, spaces, stopwords)


class _UnitCache(dict):
    """Raw token -> its token number (:data:`_DROPPED`, -1 for a kept token no word feature has),
    worked out on first sight: the tokenizer's filter and the vocabulary in one C-level lookup."""

    def __init__(self, judge: Callable[[str], str | None], words: dict[str, int], limit: int = 200_000) -> None:
        super().__init__()
        self.judge, self.words, self.limit = judge, words, limit

    def __missing__(self, token: str) -> int:
        if len(self) >= self.limit:  # a stream of ever new tokens (numbers, names) must not grow it forever
            self.clear()
        kept = self.judge(token)
        unit = _DROPPED if kept is None else self.words.get(kept, -1)
        self[token] = unit
        return unit


class ReportVectorizer:
    """Analysis of a report into its blocks' features (jieba), and the fitted TF-IDF transform over them
    (rebuilt from a model directory with :meth:`from_state`)."""

    def __init__(self, config: FeatureConfig | None = None, tokenizer: JiebaTokenizer | None = None) -> None:
        self.config = config or FeatureConfig()
        self.tokenizer = tokenizer or JiebaTokenizer()
        self.orgs = OrgCues(self.tokenizer.gazetteer)
        self.terms_: list[str] = []
        self._fast: _FastLookup | bool | None = None  # built on first use; False: not possible
        self._slow_left = _SLOW_DOCS
        self.idf_ = np.zeros(0, dtype=np.float32)
        self.block_ = np.zeros(0, dtype=np.int8)
        self._lookup: dict[str, dict[str, int]] = {block: {} for block in BLOCKS}

    # -- analysis ------------------------------------------------------------------------------------
    def analyze(self, title: str, body: str, headings: Sequence[str] = ()) -> dict[str, Counter[str]]:
        """Raw counts of every feature of a document, per block (before vocabulary lookup)."""
        cfg = self.config
        body = body[: cfg.max_chars]
        low, high = cfg.word_ngrams
        clow, chigh = cfg.char_ngrams
        title_counts: Counter[str] = Counter()
        if title:
            title_counts.update(_word_ngrams(self.tokenizer.tokenize(title), low, high))
            title_counts.update(["#" + g for g in _char_ngrams(title, clow, chigh)])
        words = self.tokenizer.tokenize_with_offsets(body)
        body_tokens = [token for token, _ in words]
        return {
            "title": title_counts,
            "lead": Counter(token for token, start in words if start < cfg.lead_chars),
            "body": Counter(_word_ngrams(body_tokens, low, high)),
            "char": Counter(_char_ngrams(f"{title}\n{body}", clow, chigh)),
            "cue": Counter(self.orgs.cues(title, body[: cfg.lead_chars])),
            "bodycue": Counter(self.orgs.body_cues(body[cfg.lead_chars :])),
            "structure": Counter(section_roles(headings)),
            "heading": Counter(_word_ngrams(self.tokenizer.tokenize("\n".join(headings)), low, high))
            if headings
            else Counter(),
        }

    def _build_lookup(self) -> None:
        """Per-block dictionaries from unprefixed term to global index (what transforming uses)."""
        self._lookup = {block: {} for block in BLOCKS}
        self._fast = None
        terms = self.terms_
        if terms == sorted(terms):  # as saved: each block's terms are one run, found by bisection
            for block, prefix in PREFIX.items():
                start = bisect_left(terms, prefix)
                stop = bisect_left(terms, prefix[0] + chr(ord(prefix[1]) + 1), start)
                self._lookup[block] = dict(zip([t[2:] for t in terms[start:stop]], range(start, stop), strict=True))
            return
        names = {prefix: block for block, prefix in PREFIX.items()}
        for i, term in enumerate(terms):
            self._lookup[names[term[:2]]][term[2:]] = i

    # -- transforming --------------------------------------------------------------------------------
    @property
    def _block_weights(self) -> np.ndarray:
        cached = getattr(self, "_weights_cache", None)
        if cached is None or cached[0] != self.config.weights:
            array = np.array([self.config.weights[b] for b in BLOCKS], dtype=np.float32)
            cached = (dict(self.config.weights), array)
            self._weights_cache = cached
        return cached[1]

    @property
    def n_features(self) -> int:
        """Size of the feature space."""
        return len(self.terms_)

    def raw_counts(self, blocks: dict[str, Counter[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices (sorted) and raw TF-IDF values of one document, before block weighting."""
        index_parts, tf_parts = [], []
        for block, counts in blocks.items():
            if not counts:
                continue
            lookup = self._lookup[block]
            idx = np.fromiter(map(lookup.get, counts.keys(), repeat(-1)), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            keep = idx >= 0
            index_parts.append(idx[keep])
            tf_parts.append(tf[keep])
        if not index_parts or not sum(len(i) for i in index_parts):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        index = np.concatenate(index_parts)
        tf = np.concatenate(tf_parts)
        if self.config.sublinear_tf:
            tf = 1.0 + np.log(tf)
        order = np.argsort(index)
        return index[order], (tf * self.idf_[index])[order].astype(np.float32)

    def fast_lookup(self) -> _FastLookup | None:
        """The vocabulary as integer tables (built once, ~50 ms); ``None`` if the config cannot use them."""
        if self._fast is None:
            try:
                self._fast = _FastLookup(self._lookup, self.config, self.tokenizer.judge)
            except ValueError:
                self._fast = False
        return self._fast or None

    def transform_raw(self, title: str, body: str, headings: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Exactly ``raw_counts(analyze(title, body, headings))``, 3x faster: n-grams are looked up as
        packed integers and counted with numpy, without building their strings (prediction path). The
        first few documents take the string path, so that one report does not wait for the tables."""
        if self._fast is None and self._slow_left > 0:  # one report (a cold start): no tables (~50 ms)
            self._slow_left -= 1
            return self.raw_counts(self.analyze(title, body, headings))
        fast = self.fast_lookup()
        if fast is None:
            return self.raw_counts(self.analyze(title, body, headings))
        cfg = self.config
        body = body[: cfg.max_chars]
        parts: list[np.ndarray] = []
        if title:
            parts += fast.title_words.indices(self._units(fast, title), known=False)
            parts += fast.title_chars.indices(_code_points(title))
        raw = self.tokenizer.cut(body)
        units = fast.raw_units(raw)
        kept = units != _DROPPED
        n_lead = np.count_nonzero(kept[: raw_before(raw, cfg.lead_chars)])
        units = units[kept]
        parts += fast.lead.indices(units[:n_lead], known=False)
        parts += fast.body.indices(units, known=False)
        parts += fast.chars.indices(_code_points(f"{title}\n{body}"))
        if headings:
            parts += fast.heading.indices(self._units(fast, "\n".join(headings)), known=False)
        small = {
            "cue": self.orgs.cues(title, body[: cfg.lead_chars]),
            "bodycue": self.orgs.body_cues(body[cfg.lead_chars :]),
            "structure": section_roles(headings),
        }
        for block, terms in small.items():
            lookup = self._lookup[block]
            parts.append(np.fromiter(map(lookup.get, terms, repeat(-1)), dtype=np.int64, count=len(terms)))
        index = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        index, counts = np.unique(index[index >= 0], return_counts=True)
        if not len(index):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        tf = counts.astype(np.float32)
        if cfg.sublinear_tf:
            tf = 1.0 + np.log(tf)
        return index, (tf * self.idf_[index]).astype(np.float32)

    def _units(self, fast: _FastLookup, text: str) -> np.ndarray:
        """Token numbers of the content words of ``text`` (-1: a word no word feature has)."""
        units = fast.raw_units(self.tokenizer.cut(text))
        return units[units != _DROPPED]

    def block_weights(self, overrides: dict[str, float] | None = None) -> np.ndarray:
        """Block weights in :data:`BLOCKS` order: the config's, with ``overrides`` on top."""
        if not overrides:
            return self._block_weights
        merged = {**self.config.weights, **overrides}
        return np.array([merged[b] for b in BLOCKS], dtype=np.float32)

    def weigh(self, index: np.ndarray, raw: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per-block L2 normalisation of raw TF-IDF values, times each block's weight."""
        if not len(index):
            return raw
        weights = self._block_weights if weights is None else weights
        blocks_of = self.block_[index]
        norms = np.sqrt(np.bincount(blocks_of, weights=raw * raw, minlength=len(BLOCKS)))
        return (raw * (weights[blocks_of] / np.maximum(norms[blocks_of], 1e-12))).astype(np.float32)

    def vectorize_counts(self, blocks: dict[str, Counter[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and TF-IDF values (per-block L2 norm times block weight) of one document."""
        index, raw = self.raw_counts(blocks)
        return index, self.weigh(index, raw)

    def transform_one(self, title: str, body: str, headings: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Indices and values of one document."""
        return self.vectorize_counts(self.analyze(title, body, headings))

    def describe(self, index: int) -> str:
        """A feature as a reader would say it: ``述职评议 (title)``."""
        term = self.terms_[index]
        block = BLOCKS[self.block_[index]]
        text = term[2:]
        if text.startswith("#"):
            return f"{text[1:]} (title chars)"
        if block in ("cue", "bodycue"):
            return f"organisation cue {text}"
        if block == "structure":
            return f"section structure {text}"
        if block == "heading":
            return f"{text} (headings)"
        return f"{text} ({block})" if block != "char" else f"{text} (chars)"

    # -- persistence ---------------------------------------------------------------------------------
    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """JSON-able description plus arrays, for the model directory."""
        meta = {"config": asdict(self.config), "terms": self.terms_}
        return meta, {"idf": self.idf_, "block": self.block_.astype(np.int32)}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray], tokenizer: JiebaTokenizer) -> ReportVectorizer:
        """Rebuild a fitted vectorizer from :meth:`state` output."""
        config = meta["config"]
        vectorizer = cls(config if isinstance(config, FeatureConfig) else FeatureConfig.from_dict(config), tokenizer)
        vectorizer.terms_ = list(meta["terms"])
        vectorizer.idf_ = np.asarray(arrays["idf"], dtype=np.float32)
        vectorizer.block_ = np.asarray(arrays["block"], dtype=np.int8)
        vectorizer._build_lookup()
        if not (len(vectorizer.terms_) == len(vectorizer.idf_) == len(vectorizer.block_)):
            raise ValueError("vocabulary and weight arrays differ in length")
        return vectorizer
