"""The organisation a report is about, its full name and the level it implies (issue 14).

``extract_issuer(document) -> Issuer | None``; knowledge in ``resources/orgs.yaml``,
``resources/admin_divisions.tsv`` and ``resources/issuer.yaml``; name comparison in
:mod:`classify.issuer.normalize`.
"""

from classify.issuer.extract import Issuer, IssuerExtractor, extract_issuer
from classify.issuer.knowledge import Knowledge, knowledge
from classify.issuer.normalize import issuer_key, label_keys, same_issuer

__all__ = [
    "Issuer",
    "IssuerExtractor",
    "Knowledge",
    "extract_issuer",
    "issuer_key",
    "knowledge",
    "label_keys",
    "same_issuer",
]
