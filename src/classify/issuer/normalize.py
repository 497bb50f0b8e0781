"""Compare issuer names: the normalisation the benchmark and the extractor's pooling share.

``issuer_key(name)``:

1. a parenthesised note is dropped (``中共中央(中央政治局委员等…)`` -> ``中共中央``);
2. the Party prefix ``中共`` / ``中国共产党`` is dropped;
3. a known short or full name becomes the knowledge base's full name (``航天科技``, ``中国航天科技集团``
   -> ``中国航天科技集团有限公司``; ``中组部`` -> ``中共中央组织部``), also when followed by a
   headquarters suffix (``中国石油党组``);
4. otherwise, trailing ``党委`` / ``党组`` / ``党工委`` / ``机关党委`` and company forms (``有限责任公司``,
   ``股份有限公司``, ``有限公司``, ``公司`` after ``集团``) are dropped, and a leading chain of places is
   reduced to the most specific part (``江西省鹰潭市`` -> ``鹰潭市``, ``株洲高科集团`` -> ``高科集团``,
   ``宁波奉化区章胡村`` -> ``章胡村``).

``label_keys(label)``: the keys of a label; a round-up label listing several organisations
(``中宣部、中央文明办``, ``山东东营/四川青神``, ``各地(北京、浙江宁波)``) gives one key per listed name.
"""

from __future__ import annotations

import re

from classify.issuer.knowledge import GAZETTEER_KINDS, Knowledge, knowledge

_NOTE = re.compile(r"[（(][^（）()]*[)）]")
_PARTY = re.compile(r"^(?:中共|中国共产党)")
_BODY_SUFFIX = re.compile(r"(?:机关党委|党委|党组|党工委|党总委)$")
_COMPANY = re.compile(r"(?:集团)?(?:有限责任公司|股份有限公司|有限公司|股份公司)$|(?<=集团)公司$")
_SPLIT = re.compile(r"[、/，,]|和(?=[\u4e00-\u9fff]{2,}(?:省|市|中央|部|委))")


def issuer_key(name: str, kb: Knowledge | None = None) -> str:
    kb = kb or knowledge()
    name = _NOTE.sub("", name or "").strip()
    name = _PARTY.sub("", name)
    if not name:
        return ""
    entry = kb.entries.get(name)
    if entry is None:
        bare = _BODY_SUFFIX.sub("", name)
        entry = (
            kb.entries.get(bare)
            or kb.entries.get(_COMPANY.sub("", bare) + "集团")
            or kb.entries.get(_COMPANY.sub("", bare))
        )
    if entry is not None and entry.kind in GAZETTEER_KINDS:
        return entry.full_name
    name = _BODY_SUFFIX.sub("", name) or name
    name = _COMPANY.sub(lambda m: "集团" if m.group(0).startswith("集团") else "", name) or name
    if entry is not None:  # a place
        return entry.full_name
    return kb.strip_places(name)


def label_keys(label: str, kb: Knowledge | None = None) -> set[str]:
    """Keys of a labelled issuer: the whole label and, for a round-up, each listed name."""
    kb = kb or knowledge()
    keys = {issuer_key(label, kb)}
    inner = " ".join(_NOTE.findall(label))
    for part in _SPLIT.split(_NOTE.sub("", label) + "、" + inner.strip("()（）")):
        part = re.sub(r"(?:等(?:地|\d+省市)?|各地|[（()）])", "", part).strip()
        if len(part) >= 2:
            keys.add(issuer_key(part, kb))
    keys.discard("")
    return keys


def same_issuer(predicted: list[str | None], label: str, kb: Knowledge | None = None) -> bool:
    """Whether any of the predicted names (name, full name) matches the label after normalising."""
    keys = label_keys(label, kb)
    return any(p and issuer_key(p, kb) in keys for p in predicted)
