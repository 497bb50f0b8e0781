"""Extractive lead paragraph (导语): a report's own sentences, in document order, within a budget.

::

    from classify.summarize import summarize
    lead = summarize(doc_or_text, max_chars=150)
    print(lead.text)

The modules, one job each: :mod:`.candidates` (which sentences may be picked), :mod:`.vectors`
(bigram TF-IDF, similarity, TextRank), :mod:`.scoring` (features and weights), :mod:`.select` (MMR and
the budget), :mod:`.methods` (ours, LEAD-K, oracle behind one call), :mod:`.result` (the
:class:`Summary`), :mod:`.rouge` (character ROUGE for evaluation).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import types
from pathlib import Path

from classify.intake import Document, read_document
from classify.summarize.candidates import Candidate, candidates, cut_to_budget, fallback_candidates
from classify.summarize.methods import Request, get_method, method_names
from classify.summarize.result import Summary
from classify.summarize.scoring import Weights

__all__ = ["DEFAULT_MAX_CHARS", "Candidate", "Summary", "Weights", "candidates", "method_names", "summarize"]

#: Default budget of a lead, in characters: two or three sentences of a report.
DEFAULT_MAX_CHARS = 150


def summarize(
    source: str | Document | os.PathLike[str],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    method: str = "default",
    title: str | None = None,
    reference: str | None = None,
    weights: Weights | None = None,
) -> Summary:
    """The lead paragraph of a report: whole sentences of its body, in document order, at most
    ``max_chars`` characters. When no single sentence fits, the best one is cut at a clause mark (or a
    character) within the budget and ``Summary.note`` says so; a document with no selectable body
    sentence (one short sentence, a list of short items, only a title) gets its first sentences with
    content, headings included, with a note.

    ``source`` is report text, a :class:`~classify.intake.Document`, or a path (``pathlib.Path``) to a
    report file. ``title`` overrides the document's own title (``""`` ignores it). ``method`` picks the
    summariser (:func:`method_names`); ``reference`` is only for the ``oracle`` method. ``weights``
    replaces the default sentence-score weights. Metadata, bylines, captions and headings are never
    selected. Deterministic.

    Raises ``ValueError`` for a budget below 1 or an unknown method, and
    :class:`~classify.errors.InputError` for a path that cannot be read.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    chosen = get_method(method)
    if isinstance(source, Document):
        doc = source
    elif isinstance(source, os.PathLike):
        doc = read_document(Path(source))
    else:
        doc = Document.from_text(source)
    title = doc.title if title is None else (title or None)
    cands = candidates(doc)
    note = None
    if not cands:
        cands = fallback_candidates(doc)
        note = "no selectable body sentence: taken from headings, list items or the title" if cands else None
    selection = chosen(cands, Request(max_chars=max_chars, title=title, reference=reference, weights=weights))
    order = sorted(range(len(selection.picks)), key=lambda k: (cands[selection.picks[k]].index, selection.picks[k]))
    picked = [cands[selection.picks[k]] for k in order]
    if len(picked) == 1 and picked[0].chars > max_chars:
        picked = [dataclasses.replace(picked[0], text=cut_to_budget(picked[0].text, max_chars))]
        note = f"no sentence fits the budget: the best one cut to {picked[0].chars} characters"
    return Summary(
        note=note,
        sentences=[c.text for c in picked],
        indices=[c.index for c in picked],
        method=method,
        max_chars=max_chars,
        title=title,
        path=doc.path,
        scores=[selection.scores[k] for k in order] if selection.scores else [],
    )


class _CallableModule(types.ModuleType):
    """This package, callable as :func:`summarize`.

    ``classify`` exports the function ``summarize`` lazily from this package, which has the same name:
    once the package is imported, Python binds ``classify.summarize`` to the package itself, so
    ``classify.summarize(text)`` would call a module. Making the module callable keeps both spellings
    (``classify.summarize(...)`` and ``classify.summarize.summarize(...)``) working.
    """

    def __call__(self, *args, **kwargs) -> Summary:
        return summarize(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
