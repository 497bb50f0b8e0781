"""Word segmentation with jieba: a compact dictionary, a domain user dictionary, stopwords.

The tokenizer is a directory of text files (``dict.txt``, ``userdict.txt``, ``stopwords.txt``, and the
organisation gazetteer ``orgs.yaml`` read by :mod:`classify.features.orgs`),
shipped in the package and copied into every model directory, so that a model always segments text
the way it was trained (the Hugging Face habit of keeping the tokenizer with the model).

HMM-based new-word discovery is off: it is 30% slower and the character n-gram features already
cover the names and rare words it would find.
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib.resources import as_file, files
from pathlib import Path

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


def write_default_tokenizer(directory: str | Path) -> Path:
    """Copy the packaged tokenizer files into ``directory`` (created); returns the directory."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
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
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else None
        self._tokenizer = None
        self._stopwords: frozenset[str] = frozenset()

    def _load(self):
        jieba = _import_jieba()
        if self.directory is None:
            resources = files("classify.resources")
            paths = {name: resources.joinpath(packaged) for name, packaged in _PACKAGED.items()}
        else:
            paths = {name: self.directory / name for name in TOKENIZER_FILES}
        with as_file(paths["dict.txt"]) as dictionary:
            tokenizer = jieba.Tokenizer(str(dictionary))
            tokenizer.initialize()
        with as_file(paths["userdict.txt"]) as userdict:
            tokenizer.load_userdict(str(userdict))
        stopwords = paths["stopwords.txt"].read_text(encoding="utf-8").splitlines()
        self._stopwords = frozenset(w.strip() for w in stopwords if w.strip() and not w.startswith("#"))
        self._tokenizer = tokenizer
        return tokenizer

    def tokenize(self, text: str) -> list[str]:
        """Content words of ``text``: no punctuation or spaces, no stopwords, numbers as ``<num>``."""
        return [token for token, _ in self.tokenize_with_offsets(text)]

    def tokenize_with_offsets(self, text: str) -> list[tuple[str, int]]:
        """Content words with the offset where each starts in ``text``."""
        tokenizer = self._tokenizer or self._load()
        out = []
        stop = self._stopwords
        position = 0
        for token in tokenizer.lcut(text, HMM=False):
            start = position
            position += len(token)
            if token in stop:
                continue
            if _KEEP.search(token):
                out.append((token, start))
            elif _NUMBER.match(token):
                out.append(("<num>", start))
        return out

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
        directory.mkdir(parents=True, exist_ok=True)
        for name in TOKENIZER_FILES:
            if (self.directory / name).resolve() != (directory / name).resolve():
                shutil.copyfile(self.directory / name, directory / name)

    def __getstate__(self) -> dict:
        # The jieba tokenizer is rebuilt in the receiving process (worker processes, copies).
        return {"directory": self.directory}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["directory"])
