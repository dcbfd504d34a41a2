"""scripts/text_fragments.py: text directives are encoded, parsed and matched as the
WICG spec says, and the directives built for quotations open the article once, at them."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from text_fragments import (
    QUOTE_CHARS,
    DirectiveSyntaxError,
    SearchText,
    TextDirective,
    build_directive,
    decode_term,
    directive_for_parts,
    encode_term,
    fold,
    fragment_problems,
    fragment_range,
    is_word_boundary,
    iter_matches,
    line_offset,
    parse_directive,
)

SOURCE = (ROOT / "sources" / "the-decoder.txt").read_text(encoding="utf-8")


# --- Encoding and parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "encoded"),
    [
        ("single-minded", "single%2Dminded"),
        ("R&D", "R%26D"),
        ("room, explains", "room%2C%20explains"),
        ("recipe—putting", "recipe%E2%80%94putting"),
        ("that’s", "that%E2%80%99s"),
        ("(SSI)", "(SSI)"),
        ("$3 billion", "$3%20billion"),
        ("100%", "100%25"),
    ],
)
def test_terms_are_percent_encoded_as_the_spec_requires(term, encoded):
    assert encode_term(term) == encoded
    assert decode_term(encoded) == term


@given(st.text(min_size=1))
def test_encoding_leaves_no_syntax_character_bare_and_round_trips(term):
    encoded = encode_term(term)
    assert not set("-&, ") & set(encoded)
    assert ":~:" not in encoded  # the fragment directive's delimiter never stands inside a term
    assert re.fullmatch(r"(?:[A-Za-z0-9!$'()*+./:;=?@_~]|%[0-9A-F]{2})+", encoded)
    assert decode_term(encoded) == term


terms = st.text(min_size=1, max_size=12)


@given(terms, st.none() | terms, st.none() | terms, st.none() | terms)
@example(":~:", None, None, None)  # found by hypothesis: the delimiter inside a term
@example("a", "b:~:c", "x:", "~:y")
def test_a_directive_parses_back_to_itself(start, end, prefix, suffix):
    directive = TextDirective(start, end, prefix, suffix)
    assert parse_directive(directive.encode()) == directive
    assert parse_directive("https://example.com/a#:~:" + directive.encode()) == directive


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("text=start", TextDirective("start")),
        ("text=start,end", TextDirective("start", "end")),
        ("text=prefix-,start", TextDirective("start", prefix="prefix")),
        ("text=prefix-,start,end", TextDirective("start", "end", prefix="prefix")),
        ("text=prefix-,start,end,-suffix", TextDirective("start", "end", "prefix", "suffix")),
        ("text=start,-suffix", TextDirective("start", suffix="suffix")),
        ("text=start,end,-suffix", TextDirective("start", "end", suffix="suffix")),
        ("text=an%20example,text%20fragment", TextDirective("an example", "text fragment")),
    ],
)
def test_every_shape_of_directive_parses(raw, expected):
    assert parse_directive(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("text=single-minded", "must be percent-encoded"),
        ("text=R&D", "more than one directive"),
        ("text=a little", "must be percent-encoded"),
        ("text=a,b,c,d,e", "is not [prefix-,]start"),
        ("text=,b", "is not [prefix-,]start"),
        ("text=%FF", "does not decode to UTF-8"),
        ("text=100%", "not followed by two hex digits"),
        ("start=a", "does not begin with text="),
        ("text=a’s", "must be percent-encoded"),
    ],
)
def test_malformed_directives_are_refused_with_a_reason(raw, reason):
    with pytest.raises(DirectiveSyntaxError, match=re.escape(reason)):
        parse_directive(raw)
    assert any(reason in problem for problem in fragment_problems("a little text", raw))


# --- Word boundaries and folding ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "boundary"),
    [
        ("mountain range", 8, True),
        ("forest ranger", 13, True),
        ("forest ranger", 12, False),
        ("color orange", 7, False),
        ("that’s it", 4, False),  # an apostrophe between letters joins them (WB6, WB7)
        ("that’s it", 5, False),
        ("don't", 3, False),
        ("15-year-old", 2, True),  # a hyphen does not
        ("15-year-old", 3, True),
        ("$3 billion", 1, True),
        ("3.5 hours", 1, False),  # a decimal point between digits does not break (WB11, WB12)
        ("1,000", 2, False),
        ("end. Next", 3, True),
        ('room,"', 4, True),
        ("a  b", 2, False),  # spaces keep together (WB3d)
        ("line\nnext", 4, True),
        ("", 0, False),
        ("word", 0, True),
        ("word", 4, True),
    ],
)
def test_word_boundaries_follow_uax29(text, position, boundary):
    assert is_word_boundary(text, position) is boundary


def test_folding_is_case_and_accent_blind_and_keeps_length():
    assert fold("Café RÉSUMÉ naïve") == "cafe resume naive"
    assert len(fold("ß İ ﬁ")) == len("ß İ ﬁ")


def test_search_text_collapses_whitespace_and_maps_back_to_the_raw_text():
    raw = "  One   two\tthree \nfour  five"
    doc = SearchText(raw)
    assert doc.text == "One two three\nfour five"
    start = doc.text.index("two")
    assert raw[slice(*doc.to_raw(start, start + len("two three")))] == "two\tthree"
    assert doc.from_raw(raw.index("four"), len(raw)) == (doc.text.index("four"), len(doc.text))


# --- Matching as the spec's algorithm does ----------------------------------------------------


def matches(text: str, directive: str) -> list[str]:
    doc = SearchText(text)
    return [doc.text[a:b] for a, b in iter_matches(doc, parse_directive(directive))]


def test_context_terms_disambiguate_as_in_the_spec_example():
    directive = "text=this%20is-,an%20example,-text%20fragment"
    assert matches("this is an example text fragment", directive) == ["an example"]
    assert matches("here is an example text", directive) == []


def test_a_range_runs_to_the_first_end_after_the_start():
    text = "an example of a text fragment and another text fragment"
    assert matches(text, "text=an%20example,text%20fragment") == ["an example of a text fragment"]


def test_a_range_keeps_looking_for_an_end_whose_suffix_fits():
    text = "alpha one beta two beta three"
    assert matches(text, "text=alpha,beta,-three") == ["alpha one beta two beta"]


def test_matching_ignores_case_and_accents_but_needs_word_boundaries():
    assert matches("The Café opens", "text=the%20cafe") == ["The Café"]
    assert matches("color orange", "text=range") == []
    assert matches("forest ranger", "text=range") == []
    assert matches("mountain range", "text=range") == ["range"]


def test_a_suffix_may_lie_across_a_block_boundary_but_a_term_may_not():
    text = "Heading one\nBody text follows"
    assert matches(text, "text=one,-Body") == ["one"]
    assert matches(text, "text=one%20Body") == []
    assert matches(text, "text=one%0ABody") == []


def test_every_match_is_counted_not_just_the_first():
    text = "the value function and the value function again"
    assert matches(text, "text=value%20function") == ["value function", "value function"]
    assert matches(text, "text=value%20function,-again") == ["value function"]


# --- Proving a directive ----------------------------------------------------------------------


def test_a_sound_directive_has_no_problems():
    assert fragment_problems(SOURCE, "text=Scaling%20sucked%20out,in%20the%20room") == []


def test_an_ambiguous_directive_is_reported_with_its_count():
    problems = fragment_problems(SOURCE, "text=value%20function")
    assert len(problems) == 1 and "matches 3 passages" in problems[0]


def test_words_not_in_the_source_are_reported():
    problems = fragment_problems(SOURCE, "text=Scaling%20is%20dead")
    assert len(problems) == 1 and "matches nothing" in problems[0]


@pytest.mark.parametrize(
    "directive",
    [
        "text=%E2%80%9CScaling%20sucked",  # a typographic opening mark
        "text=Scaling%20sucked%20out,the%20room%22",  # a straight closing mark in the end term
        "text=superintelligent%2015%2Dyear%2Dold%20that%E2%80%99s",  # an apostrophe
    ],
)
def test_quotation_marks_and_apostrophes_in_terms_are_problems(directive):
    assert any("quotation mark or apostrophe" in problem for problem in fragment_problems(SOURCE, directive))


def test_fragment_problems_reads_a_whole_url():
    url = "https://the-decoder.com/x/#:~:text=A%20human%20being,not%20an%20AGI"
    assert fragment_problems(SOURCE, url) == []
    found = fragment_range(SOURCE, url)
    assert found is not None
    assert SOURCE[found[0] : found[1]] == "A human being is not an AGI"


# --- Building directives for the article's quotations -------------------------------------------

SOURCE_QUOTES = [match.span(1) for match in re.finditer(r'"([^"\n]+)"', SOURCE)]


def clean_core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span from its first to its last word without a quotation mark or apostrophe,
    each word taken without the punctuation at its edges."""
    words = []
    for token in re.finditer(r"\S+", text[start:end]):
        core = re.search(r"\w(?:.*\w)?", token.group())
        if core and not QUOTE_CHARS.intersection(token.group()):
            words.append((start + token.start() + core.start(), start + token.start() + core.end()))
    return words[0][0], words[-1][1]


def assert_opens_at(text: str, start: int, end: int, directive: TextDirective) -> None:
    encoded = directive.encode()
    assert fragment_problems(text, encoded) == [], encoded
    found = fragment_range(text, encoded)
    assert found is not None, encoded
    core = clean_core(text, start, end)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end) % (len(text) + 1)
    assert line_start <= found[0] <= core[0] and core[1] <= found[1] <= line_end, (encoded, text[found[0] : found[1]])


@pytest.mark.parametrize("span", SOURCE_QUOTES, ids=[SOURCE[a:b][:30] for a, b in SOURCE_QUOTES])
def test_every_direct_quotation_of_the_article_gets_a_sound_directive(span):
    directive = build_directive(SOURCE, span[0], span[1])
    assert directive is not None
    start, end = span
    assert_opens_at(SOURCE, start, end, directive)


def test_the_article_quotes_two_dozen_passages():
    assert len(SOURCE_QUOTES) == 24


def test_a_span_that_matches_alone_gets_no_context():
    start = SOURCE.index("Scaling sucked")
    end = SOURCE.index("in the room,") + len("in the room")
    assert build_directive(SOURCE, start, end) == TextDirective("Scaling sucked out", "in the room")


def test_an_edge_word_with_an_apostrophe_is_left_out():
    start = SOURCE.index("that’s very eager")
    directive = build_directive(SOURCE, start, start + len("that’s very eager to go"))
    assert directive is not None and "’" not in directive.start and directive.start.startswith("very")


def test_a_repeated_phrase_gets_context_or_reaches_beyond_the_span():
    start = SOURCE.index('"sentient life."') + 1
    directive = build_directive(SOURCE, start, start + len("sentient life."))
    assert directive is not None and directive != TextDirective("sentient life")
    assert_opens_at(SOURCE, start, start + len("sentient life."), directive)


def test_directive_for_parts_spans_from_the_first_part_to_the_last():
    line = 17
    text = SOURCE.split("\n")[line - 1]
    first = text.index("Unfortunately")
    last = text.index("one of them") + len("one of them")
    directive = directive_for_parts(SOURCE, line, ((first, first + 10), (last - 11, last)))
    assert directive is not None
    found = fragment_range(SOURCE, directive.encode())
    base = line_offset(SOURCE, line)
    assert found == (base + first, base + last)


SOURCE_LINES = SOURCE.split("\n")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_run_of_words_in_the_article_gets_a_directive_that_opens_at_it(data):
    line = data.draw(st.integers(1, len(SOURCE_LINES)))
    words = list(re.finditer(r"\S+", SOURCE_LINES[line - 1]))
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(first + 30, len(words) - 1)))
    base = line_offset(SOURCE, line)
    start, end = base + words[first].start(), base + words[last].end()
    assume(
        any(not QUOTE_CHARS.intersection(w.group()) and re.search(r"\w", w.group()) for w in words[first : last + 1])
    )
    directive = build_directive(SOURCE, start, end)
    assert directive is not None
    assert_opens_at(SOURCE, start, end, directive)


# --- The matcher against a brute-force reading of the spec ------------------------------------

VOCABULARY = [
    "the",
    "value",
    "values",
    "function",
    "The",
    "Value",
    "theme",
    "of",
    "humans",
    "is",
    "a",
    "rat",
    "race",
    "’s",
]


def brute_force_count(text: str, directive: TextDirective) -> int:
    """How many start positions satisfy the directive, read off the spec's definitions
    one position at a time (exact matches, with optional prefix and suffix)."""
    doc = SearchText(text)
    t, folded = doc.text, doc.folded

    def at(query: str, position: int) -> bool:
        return folded.startswith(fold(query), position)

    count = 0
    for position in range(len(t)):
        if not at(directive.start, position):
            continue
        end = position + len(directive.start)
        if not is_word_boundary(t, end) and directive.suffix is None:
            continue
        if directive.prefix is not None:
            before = t[:position].rstrip(" \n")
            if not fold(before).endswith(fold(directive.prefix)):
                continue
            if not is_word_boundary(t, len(before) - len(directive.prefix)):
                continue
        elif not is_word_boundary(t, position):
            continue
        if directive.suffix is not None:
            after = len(t[:end]) + len(t[end:]) - len(t[end:].lstrip(" \n"))
            if not (at(directive.suffix, after) and is_word_boundary(t, after + len(directive.suffix))):
                continue
        count += 1
    return count


sentences = st.lists(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map(" ".join), min_size=1, max_size=4
).map("\n".join)
phrases = st.lists(st.sampled_from(VOCABULARY[:-1]), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(sentences, phrases, st.none() | phrases, st.none() | phrases)
@example("the value function\nthe value", "value", "the", None)
@example("a rat race of a rat", "rat", None, "race")
def test_exact_matches_agree_with_a_brute_force_reading(text, start, prefix, suffix):
    directive = TextDirective(start, prefix=prefix, suffix=suffix)
    assert len(list(iter_matches(SearchText(text), directive))) == brute_force_count(text, directive)


@settings(max_examples=300, deadline=None)
@given(sentences, st.data())
def test_built_directives_match_once_even_in_repetitive_text(text, data):
    words = list(re.finditer(r"\S+", text))
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    assume("\n" not in text[words[first].start() : words[last].end()])
    directive = build_directive(text, words[first].start(), words[last].end())
    if directive is not None:  # repetitive text may leave no unambiguous choice
        assert_opens_at(text, words[first].start(), words[last].end(), directive)
