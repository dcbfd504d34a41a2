"""Other spellings of the site's words, for search: British and American, numbers, irregular forms.

Material's search finds a typed word only as a prefix of a word on the pages.
A reader who types *optimise*, *fifteen* or *drove* finds nothing when the
pages say *optimize*, *15* and *drive*. After the build, this module reads the
search index, collects the words the pages use, and writes into the index's
``config`` a small table from the forms a reader may type to the pages' words:

- British and American spellings, both ways (*optimise* -> *optimize*,
  *behavior* -> *behaviour*), by the regular patterns of the two spellings,
  and every form of an -ize verb in both (*optimisation* -> *optimizing*);
- numbers in words and in digits (*fifteen* -> *15*, *7* -> *seven*);
- irregular verb forms and plurals (*drove* -> *drive*, *taught* -> *teach*).

Only forms that are not page words are listed (a word a page contains is
always found as typed, never replaced), and only for page words that exist,
so the table follows whatever the pages say. A form that starts some page word
(*ten* starts *tend*) is used only once the reader has typed past it. The search worker
(overrides/assets/javascripts/forgiving-search-worker.js) reads it, with
stemming and typo correction that need no table.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# Where the worker looks for the table in the index's config.
CONFIG_KEY = "forgiving"

_TAG = re.compile(r"<[^>]*>")

# -- British and American spellings ----------------------------------------------

# -ize/-ise, -yze/-yse and their derived forms: optimize, optimizing, organization.
_IZE_SUFFIXES = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "able")
_IZE = re.compile(rf"(?<=[a-z]{{3}})([iy])z({'|'.join(_IZE_SUFFIXES)})$")
_ISE = re.compile(rf"(?<=[a-z]{{3}})([iy])s({'|'.join(_IZE_SUFFIXES)})$")
# Words that end in -ise in both spellings (or in -ise only): never spelled -ize. Whole roots, not
# endings: "ris" (of rise) would also catch theorise, "aris" (of arise) summarise.
_ALWAYS_ISE = (
    "advertis",
    "advis",
    "appris",
    "bruis",
    "chastis",
    "compris",
    "compromis",
    "concis",
    "cruis",
    "demis",
    "despis",
    "devis",
    "disguis",
    "enterpris",
    "excis",
    "exercis",
    "expertis",
    "franchis",
    "improvis",
    "merchandis",
    "nois",
    "pois",
    "prais",
    "precis",
    "premis",
    "promis",
    "rais",
    "repris",
    "revis",
    "sunris",
    "supervis",
    "surmis",
    "surpris",
    "televis",
    "treatis",
    "upris",
    "wis",
)
# -or/-our: only in these roots (not in "motor", "actor", "error").
_OUR_ROOTS = (
    "armo",
    "behavio",
    "cando",
    "clamo",
    "colo",
    "endeavo",
    "favo",
    "flavo",
    "harbo",
    "hono",
    "humo",
    "labo",
    "neighbo",
    "odo",
    "rigo",
    "rumo",
    "savo",
    "splendo",
    "tumo",
    "valo",
    "vapo",
    "vigo",
)
# -er/-re: center/centre, fiber/fibre, liter/litre, theater/theatre.
_RE_ROOTS = ("cent", "fib", "lit", "theat", "somb", "calib", "meag", "sab")
# Doubled l before a suffix: labeled/labelled, modeling/modelling.
_LL_ROOTS = (
    "cancel",
    "channel",
    "counsel",
    "dial",
    "equal",
    "fuel",
    "funnel",
    "jewel",
    "label",
    "level",
    "marvel",
    "model",
    "pencil",
    "quarrel",
    "rival",
    "shovel",
    "signal",
    "total",
    "travel",
    "tunnel",
)
_LL_SUFFIXES = ("ed", "ing", "er", "ers")
# Pairs no pattern covers: (American, British).
_SPELLING_PAIRS = (
    ("aging", "ageing"),
    ("analog", "analogue"),
    ("artifact", "artefact"),
    ("catalog", "catalogue"),
    ("cozy", "cosy"),
    ("defense", "defence"),
    ("dialog", "dialogue"),
    ("enroll", "enrol"),
    ("esthetic", "aesthetic"),
    ("fulfill", "fulfil"),
    ("gray", "grey"),
    ("judgment", "judgement"),
    ("license", "licence"),
    ("maneuver", "manoeuvre"),
    ("math", "maths"),
    ("mold", "mould"),
    ("offense", "offence"),
    ("plow", "plough"),
    ("pretense", "pretence"),
    ("skeptic", "sceptic"),
    ("skeptical", "sceptical"),
    ("skillful", "skilful"),
    ("willful", "wilful"),
)


def _ize_match(word: str) -> re.Match[str] | None:
    """Where ``word`` ends in -ize/-ise or a form of it (optimiz|ing), unless it is an -ise word in both spellings."""
    for pattern in (_IZE, _ISE):
        match = pattern.search(word)
        if match and not (word[: match.start() + 1] + "s").endswith(_ALWAYS_ISE):
            return match
    return None


def spelling_variants(word: str) -> set[str]:
    """The other spelling (British for American, American for British) of ``word``, if it has one."""
    variants = set()
    match = _ize_match(word)
    if match:
        letter = "s" if match.group(0)[1] == "z" else "z"
        variants.add(word[: match.start() + 1] + letter + match.group(2))
    for root in _OUR_ROOTS:
        if word.startswith(root + "ur"):
            variants.add(root + "r" + word[len(root) + 2 :])
        elif word.startswith(root + "r"):
            variants.add(root + "ur" + word[len(root) + 1 :])
    for root in _RE_ROOTS:
        for ending, other in (("er", "re"), ("ers", "res"), ("re", "er"), ("res", "ers")):
            if word == root + ending:
                variants.add(root + other)
    for root in _LL_ROOTS:
        for suffix in _LL_SUFFIXES:
            if word == root + suffix:
                variants.add(root + "l" + suffix)
            elif word == root + "l" + suffix:
                variants.add(root + suffix)
    for american, british in _SPELLING_PAIRS:
        if word == american:
            variants.add(british)
        elif word == british:
            variants.add(american)
    variants.discard(word)
    return variants


def ize_family(word: str) -> set[str]:
    """Every form of an -ize (-yze) verb in both spellings but ``word``: "optimizing" -> "optimise", "optimization", ...

    A page may use one form only ("optimizing"), and the stems the worker falls
    back on join unrelated words to the rest: Porter's stem of "optimize" is
    "optim", as is "optimism"'s. Listing the family sends every form to the word the page has.
    """
    match = _ize_match(word)
    if not match:
        return set()
    stem = word[: match.start() + 1]
    return {stem + letter + suffix for letter in "zs" for suffix in _IZE_SUFFIXES} - {word}


# -- Numbers ----------------------------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words() -> dict[str, str]:
    """Every number from zero to ninety-nine in words, with its digits: {"fifteen": "15", ...}."""
    words = {name: str(value) for value, name in enumerate(_UNITS)}
    for tens, name in enumerate(_TENS, start=2):
        words[name] = str(tens * 10)
        for unit in range(1, 10):
            words[f"{name}-{_UNITS[unit]}"] = str(tens * 10 + unit)
    return words


# -- Irregular forms --------------------------------------------------------------

# Each line: the base form, then its irregular forms (past, participle, plural).
_IRREGULAR = """
arise arose arisen | awake awoke awoken | bear bore borne born | beat beaten | become became
begin began begun | bend bent | bet | bind bound | bite bit bitten | bleed bled | blow blew blown
break broke broken | breed bred | bring brought | build built | burn burnt | buy bought
catch caught | choose chose chosen | cling clung | come came | creep crept | cut | deal dealt
dig dug | do did done | draw drew drawn | dream dreamt | drink drank drunk | drive drove driven
eat ate eaten | fall fell fallen | feed fed | feel felt | fight fought | find found | flee fled
fly flew flown | forbid forbade forbidden | forecast | foresee foresaw foreseen | forget forgot forgotten
forgive forgave forgiven | freeze froze frozen | get got gotten | give gave given | go went gone
grind ground | grow grew grown | hang hung | have had | hear heard | hide hid hidden | hit | hold held
hurt | keep kept | know knew known | lay laid | lead led | lean leant | leap leapt | learn learnt
leave left | lend lent | lie lay lain | light lit | lose lost | make made | mean meant | meet met
mislead misled | mistake mistook mistaken | overcome overcame | overtake overtook overtaken
pay paid | prove proven | quit | read | rethink rethought | ride rode ridden | ring rang rung
rise rose risen | run ran | say said | see saw seen | seek sought | sell sold | send sent | set
shake shook shaken | shine shone | shoot shot | show shown | shrink shrank shrunk | shut
sing sang sung | sink sank sunk | sit sat | sleep slept | slide slid | speak spoke spoken
speed sped | spell spelt | spend spent | spin spun | split | spread | stand stood | steal stole stolen
stick stuck | sting stung | strike struck | strive strove striven | swear swore sworn | sweep swept
swim swam swum | swing swung | take took taken | teach taught | tear tore torn | tell told
think thought | throw threw thrown | undergo underwent undergone | understand understood
undertake undertook undertaken | wake woke woken | wear wore worn | weep wept | win won | wind wound
withdraw withdrew withdrawn | write wrote written
analysis analyses | child children | crisis crises | criterion criteria | foot feet | goose geese
hypothesis hypotheses | index indices | life lives | man men | matrix matrices | mouse mice
person people | phenomenon phenomena | thesis theses | tooth teeth | woman women
bad worse worst | far further furthest farther farthest | good better best | little less least
many more most
"""


def irregular_forms() -> dict[str, str]:
    """Irregular forms and their base: {"drove": "drive", "taught": "teach", "people": "person", ...}."""
    forms: dict[str, str] = {}
    for group in _IRREGULAR.split("|"):
        for line in group.strip().splitlines():
            base, *others = line.split()
            for form in others:
                forms.setdefault(form, base)
    return forms


# -- The index --------------------------------------------------------------------


def page_words(index: dict[str, Any]) -> set[str]:
    """Every word of the index's titles and texts, split as Material's search splits them, lower-cased."""
    separator = re.compile(index["config"]["separator"])
    words: set[str] = set()
    for doc in index["docs"]:
        for part in (doc.get("title", ""), doc.get("text", "")):
            # Split before lower-casing: the separator splits camelCase at capitals.
            words.update(token.lower() for token in separator.split(_TAG.sub(" ", part)) if token)
    return words


class Prefixes:
    """Answers "does any page word start with this?" in a sorted list."""

    def __init__(self, words: Iterable[str]):
        self._sorted = sorted(words)

    def __contains__(self, prefix: object) -> bool:
        if not isinstance(prefix, str):
            return False
        at = bisect.bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)


def _candidates(words: set[str]) -> Iterator[tuple[str, str, int]]:
    """(what a reader may type, the page's form, rank) for every page word with another form.

    Rank 0 is the same word in another form; rank 1 another word of its -ize
    family, used only for a form with no rank 0 target ("generalise" finds
    "generalize", and "generalization" only when no page says "generalize").
    """
    for word in words:
        for variant in spelling_variants(word):
            yield variant, word, 0
        for variant in ize_family(word):
            yield variant, word, 1
    for name, digits in number_words().items():
        yield name, digits, 0
        yield digits, name, 0
    for form, base in irregular_forms().items():
        yield form, base, 0


def variants(words: set[str]) -> dict[str, list[str]]:
    """The forms a reader may type that are not page words, each with the page words it stands for.

    A target is kept when some page word starts with it: Material searches it as
    a prefix, so *drive* also finds *driver*. A target the typed form starts is
    left out: Material finds it already.

    Most forms start no page word, and the worker puts the targets in their
    place. A form that only starts page words (*ten*, when the pages say *tend*
    and *10*) may be a word still being typed: the worker leaves it as typed and
    adds its targets only once the reader has typed past it.
    """
    prefixes = Prefixes(words)
    table: dict[str, tuple[int, set[str]]] = {}
    for typed, target, rank in _candidates(words):
        if typed in words or target not in prefixes or target.startswith(typed):
            continue
        best, targets = table.get(typed, (rank, set()))
        if rank < best:
            table[typed] = (rank, {target})
        elif rank == best:
            table[typed] = (rank, targets | {target})
    return {typed: _shortest(targets) for typed, (_, targets) in sorted(table.items())}


def _shortest(targets: set[str]) -> list[str]:
    """The targets no other target begins: Material finds "generalizing" with "generalize"."""
    return sorted(t for t in targets if not any(t != other and t.startswith(other) for other in targets))


def add_variants(index_path: Path) -> int:
    """Write the variants table into the index at ``index_path``; return how many forms it lists."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    table = variants(page_words(index))
    index["config"][CONFIG_KEY] = {"variants": table}
    # Material writes the index compactly; keep it so (the index is sent to every reader).
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(table)
