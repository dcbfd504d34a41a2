"""Quotation rules: when a quotation, under its attribution, stands in the sources.

* ``Attribution``: who a block quotation is given to: a listed speaker, the publisher,
  or a name the facts file does not list.
* ``verify(text, attribution, index)`` -> ``Verdict``: the accepting match, or the
  problem (``quote-not-found``, ``quote-misattributed``, ``quote-unknown-speaker``,
  ``quote-negation-changed``) with its message and hint.

The acceptance rule is one function, used by the proof, the quote cards and the index:
a publisher's words must stand in its own texts, a listed speaker's only inside the
source's quotation marks, unattributed words anywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from verbatim.matching import QuoteMatch, SourceIndex, SourceText, _name_key, _parse_quotation, normalise

__all__ = ["Attribution", "Verdict", "VerifiedIndex", "attribution_for", "negations", "verify"]

#: the words whose loss, gain or swap reverses a statement
NEGATIONS = frozenset(
    {"not", "no", "never", "nothing", "none", "neither", "nor", "without", "cannot", "nobody", "nowhere"}
)
_TOKEN = re.compile(r"\w+(?:'\w+)*")
_OMISSION_OR_INSERTION = re.compile(r"…|\.\.\.|\[[^\[\]]*\]")


@dataclass(frozen=True)
class Attribution:
    """The name a reader reads under a block quotation; ``kind`` says whose it is."""

    name: str
    kind: str  # "speaker", "publisher" or "unknown"


#: the attributions of the names seen lately (a site's cards name its few speakers again and again)
_ATTRIBUTIONS: dict[tuple[str, int], tuple[SourceIndex, Attribution]] = {}


def attribution_for(name: str | None, index: SourceIndex) -> Attribution | None:
    if name is None or not name.strip():
        return None
    known = _ATTRIBUTIONS.get((name, id(index)))
    if known is not None and known[0] is index:
        return known[1]
    if len(_ATTRIBUTIONS) >= 256:
        _ATTRIBUTIONS.clear()
    found = _ATTRIBUTIONS[name, id(index)] = (index, _attribution(name, index))
    return found[1]


def _attribution(name: str, index: SourceIndex) -> Attribution:
    cleaned = clean_name(name)
    if index.is_publisher(cleaned):
        return Attribution(cleaned, "publisher")
    if index.speaker_named(cleaned) is not None:
        return Attribution(cleaned, "speaker")
    return Attribution(cleaned, "unknown")


def clean_name(name: str) -> str:
    """``— Ilya Sutskever, in the interview`` -> ``Ilya Sutskever``."""
    text = normalise(name).strip().lstrip("—–―-~ ").strip()
    text = re.split(r"\s*[,;(]|\s+[–—]\s+|:\s", text, maxsplit=1)[0]
    return text.strip(" .\"'")


def looks_like_name(text: str) -> bool:
    """A person's or publisher's name, as a title reads: two to four capitalised words."""
    words = clean_name(text).split()
    return 1 < len(words) <= 4 and all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha() for w in words)


@dataclass(frozen=True)
class Verdict:
    match: QuoteMatch | None
    code: str = ""
    message: str = ""
    hint: str = ""

    @property
    def proved(self) -> bool:
        return self.match is not None and not self.code


def scope(attribution: Attribution | None, index: SourceIndex) -> dict[str, Any]:
    """Where a quotation must stand to be accepted, as ``find`` arguments."""
    if attribution is not None and attribution.kind == "publisher":
        key = _name_key(attribution.name)
        return {"sources": [t.path for t in index.texts if t.publisher and _name_key(t.publisher) == key]}
    if attribution is not None:
        return {"quoted_only": True}
    return {}


def verified_match(text: str, attribution: Attribution | None, index: SourceIndex) -> QuoteMatch | None:
    """The match by which the proof accepts these words under this attribution."""
    return index.find(text, **scope(attribution, index))


class VerifiedIndex(SourceIndex):
    """One build's sources, each look-up made once: the quote cards, the quote index and
    the proof of the built pages ask about the same words, and get the one answer.

    ``lookups`` counts the searches made, ``asked`` the questions (scripts/bench_check.py
    and the tests read them)."""

    def __init__(self, texts: Sequence[SourceText]) -> None:
        super().__init__(texts)
        self._answers: dict[tuple[str, bool, tuple[str, ...] | None], QuoteMatch | None] = {}
        self.lookups = 0
        self.asked = 0

    @classmethod
    def of(cls, index: SourceIndex) -> VerifiedIndex:
        return index if isinstance(index, VerifiedIndex) else cls(index.texts)

    def find(self, text: str, *, quoted_only: bool = False, sources: Iterable[str] | None = None) -> QuoteMatch | None:
        key = (text, quoted_only, None if sources is None else tuple(sources))
        self.asked += 1
        if key not in self._answers:
            self.lookups += 1
            self._answers[key] = super().find(text, quoted_only=quoted_only, sources=key[2])
        return self._answers[key]


def negations(text: str) -> Counter[str]:
    """The negations in ``text``: ``n't`` counted as ``not``."""
    found: Counter[str] = Counter()
    for token in _TOKEN.findall(normalise(text).casefold()):
        if token in NEGATIONS:
            found[token] += 1
        elif token.endswith("n't"):
            found["not"] += 1
    return found


def verify(text: str, attribution: Attribution | None, index: SourceIndex) -> Verdict:
    """Whether ``text`` stands in the sources as the attribution requires."""
    if attribution is not None and attribution.kind == "unknown":
        names = [s.name for s in index.speakers] + sorted(index.publishers)
        return Verdict(
            None,
            "quote-unknown-speaker",
            f"quotation attributed to {attribution.name}, who is not a speaker of the sources",
            "attribute it to " + " or ".join(names) + " (sources/*.yml speakers:), or drop the name",
        )
    match = verified_match(text, attribution, index)
    if match is None:
        return _not_accepted(text, attribution, index)
    changed = _negation_change(text, match)
    if changed:
        return Verdict(
            match,
            "quote-negation-changed",
            changed,
            "an omission or a bracketed insertion may not drop, add or replace a negation: "
            f'quote the passage whole: "{excerpt(match.text, 90)}"',
        )
    return Verdict(match)


def _negation_change(text: str, match: QuoteMatch) -> str:
    if not _OMISSION_OR_INSERTION.search(text):
        return ""
    quoted, said = negations(text), negations(match.text)
    if quoted == said:
        return ""
    dropped = sorted((said - quoted).elements())
    added = sorted((quoted - said).elements())
    what = "; ".join(
        filter(
            None,
            [
                ("drops " + ", ".join(f'"{w}"' for w in dropped)) if dropped else "",
                ("adds " + ", ".join(f'"{w}"' for w in added)) if added else "",
            ],
        )
    )
    return f"the edit to the quotation {what}, which reverses what {match.source}:{match.line} says"


def _not_accepted(text: str, attribution: Attribution | None, index: SourceIndex) -> Verdict:
    if attribution is not None and attribution.kind == "publisher":
        elsewhere = index.find(text)
        if elsewhere is not None:
            return Verdict(
                None,
                "quote-misattributed",
                f"quotation attributed to {attribution.name} comes from {elsewhere.source}, "
                f"which {attribution.name} did not publish",
                f"attribute it to the publisher of {elsewhere.source}",
            )
    elif attribution is not None:
        prose = index.find(text)
        if prose is not None:
            publisher = (
                next((t.publisher for t in index.texts if t.path == prose.source and t.publisher), None) or "the source"
            )
            return Verdict(
                None,
                "quote-misattributed",
                f"quotation attributed to {attribution.name} is not words the source quotes: "
                f"{prose.source}:{prose.line} has them outside its quotation marks",
                f'attribute it to "{publisher}", or quote only words the source puts in quotation marks',
            )
    return Verdict(
        None, "quote-not-found", f'quotation not found in the sources: "{excerpt(text)}"', not_found_hint(text, index)
    )


def excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def not_found_hint(text: str, index: SourceIndex) -> str:
    parts = _parse_quotation(text)
    if len(parts) > 1:
        missing = next((p for p in parts if index.find(p.text) is None), None)
        if missing is None:
            joiner = "within one sentence" if any(p.joined_by == "insertion" for p in parts) else "within one paragraph"
            return (
                f"each part is in the sources, but not in this order {joiner}; quote one "
                "passage, or make two quotations"
            )
        text = missing.text
    closest = index.closest(text)
    if closest is None or closest[2] < 60:
        return (
            "nothing in the sources comes close: quote only what the source says, or drop "
            "the quotation marks (a term or a title goes in *italics*)"
        )
    source, line, alike, passage, differences = closest
    changes = f"; differs: {differences}" if differences else ""
    return f'closest: {source}:{line} ({alike}% alike): "{excerpt(passage, 90)}"{changes}'
