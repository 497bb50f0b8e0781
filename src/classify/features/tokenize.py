"""Word segmentation with jieba's algorithm: a compact dictionary, a domain user dictionary, stopwords.

The tokenizer is a directory of text files (``dict.txt``, ``userdict.txt``, ``stopwords.txt``, and the
organisation gazetteer ``orgs.yaml`` read by :mod:`classify.features.orgs`),
shipped in the package and copied into every model directory, so that a model always segments text
the way it was trained (the Hugging Face habit of keeping the tokenizer with the model).

Two segmenters give the same words: jieba-rs, compiled (the ``rjieba`` wheel, ~20x faster), and
pure-Python jieba, the fallback where that wheel is not installed. Chosen by measurement (People's
Daily, same dictionaries, HMM off, against pure-Python jieba) over jieba-fast-dat (9-10x, and one of
the 1,806 labelled texts segmented differently), jieba-next (2.5-2.9x) and jieba_fast (no wheel for
current Pythons); ``scripts/bench_baseline.py`` reports the speed and the token agreement.

HMM-based new-word discovery is off: it is 30% slower and the character n-gram features already
cover the names and rare words it would find.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

TOKENIZER_FILES = ("dict.txt", "userdict.txt", "stopwords.txt", "orgs.yaml")
_PACKAGED = {
    "dict.txt": "jieba_dict.txt",
    "userdict.txt": "userdict.txt",
    "stopwords.txt": "stopwords.txt",
    "orgs.yaml": "orgs.yaml",
}
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")  # a token needs a letter or a Han character
_NUMBER = re.compile(r"^[\d.%,]+$")


def _import_jieba():
    """Import jieba without pkg_resources: jieba's import-time ``import pkg_resources`` costs ~0.17 s
    (a third of our cold start) and a deprecation warning, and jieba has a fallback without it."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    missing = object()
    saved = sys.modules.get("pkg_resources", missing)
    if saved is missing:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if saved is missing:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(60)  # silence "Building prefix dict ..." on stderr
    return jieba


# -- segmenters ---------------------------------------------------------------------------------------
#
# Both segment like ``jieba.Tokenizer(dict.txt)`` + ``load_userdict(userdict.txt)`` + ``lcut(HMM=False)``:
# the maximum-probability route over the dictionary DAG. jieba-rs (the ``rjieba`` wheel) is the same
# algorithm compiled; on the 602 labelled reports and 4,000 People's Daily articles it gives the same
# tokens, 20x faster than pure-Python jieba; ``scripts/bench_baseline.py`` reports the agreement.

SEGMENTERS = ("auto", "rjieba", "jieba")
_SENTINEL = "\ue000"  # a private-use character: outside jieba's Han runs, so never part of a route
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")  # jieba's own pattern for user dictionaries


def _dictionary_entries(text: str) -> tuple[list[str], list[int]]:
    """Words and frequencies of a jieba main dictionary (``word freq [tag]`` per line), as jieba reads
    it, as two lists: 50,000 ``(word, freq)`` tuples would be objects the garbage collector tracks, and
    building them cost a start ~20 ms of collections (strings and ints are never tracked)."""
    parts = text.split()
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(parts) == 3 * lines:  # every line ``word freq tag``: parsed in C, 2.5x faster
        try:
            return parts[0::3], list(map(int, parts[1::3]))
        except ValueError:
            pass  # a malformed line: found and named below
    words, freqs = [], []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        parts = line.split(" ")
        try:
            freq = int(parts[1])
        except (IndexError, ValueError):
            raise ValueError(f"invalid dictionary entry at line {number}: {line!r}") from None
        words.append(parts[0])
        freqs.append(freq)
    return words, freqs


def _userdict_entries(text: str) -> list[tuple[str, int | None, str | None]]:
    """``(word, freq or None, tag or None)`` of a jieba user dictionary, as ``load_userdict`` reads it."""
    out = []
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if not line:
            continue
        word, freq, tag = _USERDICT_LINE.match(line).groups()  # type: ignore[union-attr]  # (.+?) always matches
        out.append((word, int(freq) if freq is not None else None, tag.strip() if tag is not None else None))
    return out


def _load_rjieba():
    """The ``rjieba`` extension module, or ``None`` when the wheel is missing or unusable.

    ``import rjieba`` builds jieba-rs's embedded 350,000-word default dictionary at import time
    (~0.25 s) that we never use, so the compiled module inside the package is loaded on its own.
    """
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    try:
        spec = find_spec("rjieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for suffix in (*EXTENSION_SUFFIXES, ".abi3.so"):
            path = Path(folder) / f"rjieba{suffix}"
            if path.is_file():
                try:
                    loader = ExtensionFileLoader("rjieba.rjieba", str(path))
                    module = module_from_spec(spec_from_file_location("rjieba.rjieba", path, loader=loader))
                    loader.exec_module(module)
                    module.Jieba.empty().add_word("测试", 1, None)  # the API this module relies on
                except Exception:  # an incompatible build: the pure-Python path still works
                    return None
                return module
    return None


class RustSegmenter:
    """jieba-rs through the ``rjieba`` wheel, filled with our dictionary and user dictionary."""

    name = "rjieba"

    def __init__(self, module, dictionary: tuple[list[str], list[int]], userdict: str) -> None:
        """``dictionary``: the main dictionary's words and frequencies (:func:`_dictionary_entries`)."""
        jieba = module.Jieba.empty()
        add = jieba.add_word
        seen: dict[str, int] = {}
        python_total = rust_total = 0  # jieba adds every entry to its total, jieba-rs replaces repeats
        for word, freq in zip(*dictionary, strict=True):
            add(word, freq, None)
            python_total += freq
            rust_total += freq - seen.get(word, 0)
            seen[word] = freq
        for word, freq, tag in _userdict_entries(userdict):
            if freq is None:  # jieba suggests a frequency from the totals so far: keep them equal
                self._balance(jieba, python_total - rust_total)
            freq = add(word, freq, tag)
            python_total += freq
            rust_total += freq - seen.get(word, 0)
            seen[word] = freq
        self._balance(jieba, python_total - rust_total)
        self._cut = jieba.cut

    @staticmethod
    def _balance(jieba, missing: int) -> None:
        """Give jieba-rs the same total frequency as jieba (which counts replaced entries twice), through
        a word that can never be matched, so every route has exactly jieba's probability."""
        if missing > 0:
            jieba.add_word(_SENTINEL, missing, None)

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (every character kept), without HMM."""
        return self._cut(text, False)


class PythonSegmenter:
    """Pure-Python jieba (the fallback), with its prefix table built by us and cached in a user cache
    directory we own, never in jieba's predictable ``/tmp/jieba.u<md5>.cache`` (anyone on the machine
    could plant one there and change what we predict)."""

    name = "jieba"

    def __init__(self, dictionary: bytes, userdict: str) -> None:
        jieba = _import_jieba()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = _prefix_table(jieba, dictionary)
        tokenizer.initialized = True  # jieba's initialize() (and its /tmp cache) is never run
        for word, freq, tag in _userdict_entries(userdict):
            tokenizer.add_word(word, freq, tag)
        self._cut = tokenizer.lcut

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (every character kept), without HMM."""
        return self._cut(text, HMM=False)


def cache_dir() -> Path | None:
    """Our user cache directory (``$CLASSIFY_CACHE_DIR``, else ``$XDG_CACHE_HOME/classify`` or
    ``~/.cache/classify``); ``None`` when it cannot be made private to this user."""
    import os

    env = os.environ.get("CLASSIFY_CACHE_DIR")
    if env:
        folder = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
        folder = (Path(base) if base else Path.home() / ".cache") / "classify"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            info = folder.stat()
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None  # someone else could write there
    except (OSError, RuntimeError):
        return None
    return folder


def _cached_json(name: str, dictionary: bytes, build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``build()``, kept as JSON in :func:`cache_dir` under ``name`` and the dictionary's SHA-256 (JSON:
    a damaged file cannot run code; one that fails ``valid`` or does not parse is rebuilt)."""
    import hashlib
    import json
    import os

    folder = cache_dir()
    path = folder / f"{name}-{hashlib.sha256(dictionary).hexdigest()[:32]}.json" if folder else None
    if path is not None and path.is_file():
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            if valid(value):
                return value
        except (OSError, ValueError, TypeError):
            pass  # rebuilt and rewritten below
    value = build()
    if path is not None:
        try:
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only home: no cache, same tokens
    return value


def _prefix_table(jieba, dictionary: bytes) -> tuple[dict[str, int], int]:
    """jieba's prefix table (word and prefix -> frequency) and total, cached (:func:`_cached_json`)."""
    import io

    def valid(value: Any) -> bool:
        return len(value) == 2 and isinstance(value[0], dict) and isinstance(value[1], int)

    freq, total = _cached_json(
        f"jieba-prefix-{jieba.__version__}",
        dictionary,
        lambda: list(jieba.Tokenizer.gen_pfdict(io.BytesIO(dictionary))),
        valid,
    )
    return freq, total


def _dictionary_lists(dictionary: bytes) -> tuple[list[str], list[int]]:
    """:func:`_dictionary_entries` of a main dictionary, cached (:func:`_cached_json`): reading the
    lists back is ~3x faster than parsing 50,000 lines, a tenth of a one-report process's start."""

    def valid(value: Any) -> bool:
        return (
            len(value) == 2
            and len(value[0]) == len(value[1])
            and {type(word) for word in value[0]} <= {str}
            and {type(freq) for freq in value[1]} <= {int}
        )

    words, freqs = _cached_json(
        "dictionary", dictionary, lambda: _dictionary_entries(dictionary.decode("utf-8")), valid
    )
    return words, freqs


def make_segmenter(dictionary: bytes, userdict: str, kind: str | None = None):
    """The segmenter for a dictionary and user dictionary: ``kind`` ``"rjieba"`` (compiled, needs the
    wheel), ``"jieba"`` (pure Python) or ``"auto"`` (default, or ``$CLASSIFY_SEGMENTER``): the
    compiled one when its wheel is installed, else jieba."""
    import os

    kind = kind or os.environ.get("CLASSIFY_SEGMENTER") or "auto"
    if kind not in SEGMENTERS:
        raise ValueError(f"unknown segmenter '{kind}' (expected one of {', '.join(SEGMENTERS)})")
    if kind != "jieba":
        module = _load_rjieba()
        if module is not None:
            return RustSegmenter(module, _dictionary_lists(dictionary), userdict)
        if kind == "rjieba":
            raise ImportError("the compiled segmenter needs the rjieba wheel: pip install rjieba")
    return PythonSegmenter(dictionary, userdict)


def raw_before(raw: list[str], chars: int) -> int:
    """How many of the raw tokens ``raw`` (of one text) start in its first ``chars`` characters."""
    if chars <= 0:
        return 0
    # tokens are never empty, so those starting before ``chars`` are among the first ``chars``: a
    # 200-character lead needs at most 200 lengths, not the whole article's
    ends = list(accumulate(map(len, raw[:chars])))
    return min(bisect_left(ends, chars) + 1, len(raw))


def write_default_tokenizer(directory: str | Path) -> Path:
    """Copy the packaged tokenizer files into ``directory`` (created); returns the directory."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    import shutil
    from importlib.resources import as_file, files

    resources = files("classify.resources")
    for name, packaged in _PACKAGED.items():
        with as_file(resources.joinpath(packaged)) as source:
            shutil.copyfile(source, directory / name)
    return directory


class JiebaTokenizer:
    """Segment Chinese text into content words.

    Parameters
    ----------
    directory:
        A tokenizer directory (``dict.txt``, ``userdict.txt``, ``stopwords.txt``); ``None`` uses the
        packaged one.
    segmenter:
        ``"auto"`` (default; or ``$CLASSIFY_SEGMENTER``): the compiled jieba-rs when the ``rjieba`` wheel
        is installed, else pure-Python jieba; ``"rjieba"`` or ``"jieba"`` to choose. Same tokens.
    """

    _CACHE_LIMIT = 200_000  # distinct raw tokens remembered with their filtered form

    def __init__(self, directory: str | Path | None = None, segmenter: str | None = None) -> None:
        self.directory = Path(directory) if directory else None
        self.segmenter = segmenter
        self._segmenter = None
        self._stopwords: frozenset[str] = frozenset()
        self._kept: dict[str, str | None] = {}

    def _paths(self) -> dict:
        if self.directory is None:
            from importlib.resources import files  # only for the packaged tokenizer (imports tempfile)

            resources = files("classify.resources")
            return {name: resources.joinpath(packaged) for name, packaged in _PACKAGED.items()}
        return {name: self.directory / name for name in TOKENIZER_FILES}

    def _load(self):
        paths = self._paths()
        segmenter = make_segmenter(
            paths["dict.txt"].read_bytes(), paths["userdict.txt"].read_text(encoding="utf-8"), self.segmenter
        )
        stopwords = paths["stopwords.txt"].read_text(encoding="utf-8").splitlines()
        self._stopwords = frozenset(w.strip() for w in stopwords if w.strip() and not w.startswith("#"))
        self._kept = {}
        self._segmenter = segmenter
        return segmenter

    @property
    def segmenter_name(self) -> str:
        """Which segmenter runs: ``"rjieba"`` or ``"jieba"`` (loads the dictionary)."""
        return (self._segmenter or self._load()).name

    def cut(self, text: str) -> list[str]:
        """Raw segmentation of ``text`` (every character kept, HMM off), before any filtering."""
        return (self._segmenter or self._load()).cut(text)

    def judge(self, token: str) -> str | None:
        """What a raw token (of :meth:`cut`) becomes: itself, ``<num>``, or ``None`` (dropped)."""
        if token in self._stopwords:
            return None
        if _KEEP.search(token):
            return token
        if _NUMBER.match(token):
            return "<num>"
        return None

    def _filtered(self, raw: list[str]) -> list[str | None]:
        """Each raw token's filtered form (:meth:`judge`), remembered per distinct token: a document
        brings only a few new ones, so this is one C-level pass."""
        kept = self._kept
        unseen = set(raw).difference(kept)
        if unseen:
            if len(kept) + len(unseen) > self._CACHE_LIMIT:
                kept.clear()
                unseen = set(raw)
            for token in unseen:
                kept[token] = self.judge(token)
        return list(map(kept.__getitem__, raw))

    def tokenize(self, text: str) -> list[str]:
        """Content words of ``text``: no punctuation or spaces, no stopwords, numbers as ``<num>``."""
        segmenter = self._segmenter or self._load()
        return list(filter(None, self._filtered(segmenter.cut(text))))  # kept tokens are never empty

    def tokenize_with_offsets(self, text: str) -> list[tuple[str, int]]:
        """Content words with the offset where each starts in ``text``."""
        segmenter = self._segmenter or self._load()
        raw = segmenter.cut(text)
        starts = accumulate(map(len, raw), initial=0)
        return [(token, start) for token, start in zip(self._filtered(raw), starts, strict=False) if token is not None]

    def tokenize_lead(self, text: str, lead_chars: int) -> tuple[list[str], int]:
        """Content words of ``text`` and how many of them start in its first ``lead_chars`` characters:
        :meth:`tokenize_with_offsets` without an offset per word (a few C-level passes instead)."""
        segmenter = self._segmenter or self._load()
        raw = segmenter.cut(text)
        kept = self._filtered(raw)
        tokens = list(filter(None, kept))
        return tokens, len(list(filter(None, kept[: raw_before(raw, lead_chars)])))

    @property
    def gazetteer(self) -> Path | None:
        """The organisation gazetteer beside the dictionary (``None``: the packaged one)."""
        return self.directory / "orgs.yaml" if self.directory else None

    def save_pretrained(self, directory: str | Path) -> None:
        """Write the tokenizer files into ``directory``."""
        directory = Path(directory)
        if self.directory is None:
            write_default_tokenizer(directory)
            return
        import shutil

        directory.mkdir(parents=True, exist_ok=True)
        for name in TOKENIZER_FILES:
            if (self.directory / name).resolve() != (directory / name).resolve():
                shutil.copyfile(self.directory / name, directory / name)

    def __getstate__(self) -> dict:
        # The segmenter is rebuilt in the receiving process (worker processes, copies).
        return {"directory": self.directory, "segmenter": self.segmenter}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["directory"], state.get("segmenter"))
