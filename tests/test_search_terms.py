"""The spelling table written into the search index (scripts/search_terms.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import search_terms
from hypothesis import given
from hypothesis import strategies as st

# The separator mkdocs.yml gives Material's search (read from the built index in the last tests).
SEPARATOR = r'[\s\-–—,:;!?=\[\]()"“”‘/$]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("optimize", "optimise"),
        ("optimizing", "optimising"),
        ("organization", "organisation"),
        ("recognizes", "recognises"),
        ("analyze", "analyse"),
        ("behavior", "behaviour"),
        ("behavioral", "behavioural"),
        ("favor", "favour"),
        ("favorite", "favourite"),
        ("center", "centre"),
        ("fibers", "fibres"),
        ("labeled", "labelled"),
        ("modeling", "modelling"),
        ("defense", "defence"),
        ("catalog", "catalogue"),
        ("gray", "grey"),
        ("judgment", "judgement"),
        # -ize roots that end like an -ise-only word ("theoris" like "ris" of rise, "summaris" like "aris").
        ("theorizes", "theorises"),
        ("summarize", "summarise"),
        ("authorized", "authorised"),
        ("categorizing", "categorising"),
        ("polarization", "polarisation"),
    ],
)
def test_each_spelling_finds_the_other(american: str, british: str) -> None:
    assert british in search_terms.spelling_variants(american)
    assert american in search_terms.spelling_variants(british)


@pytest.mark.parametrize(
    "word",
    [
        "promise",
        "premise",
        "raise",
        "fundraising",
        "surprise",
        "exercise",
        "advise",
        "otherwise",
        "noise",
        "motor",
        "actor",
        "error",
        "doctor",
        "parameter",
        "level",
        "size",
        "prize",
        "seize",
        "sunrise",
        "uprising",
        "arise",
        "arising",
        "apprised",
        "reprise",
        "likewise",
        "clockwise",
    ],
)
def test_words_spelled_alike_on_both_sides_have_no_variant(word: str) -> None:
    assert search_terms.spelling_variants(word) == set()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14))
def test_a_variant_is_never_the_word_itself_and_leads_back(word: str) -> None:
    for variant in search_terms.spelling_variants(word):
        assert variant != word
        assert word in search_terms.spelling_variants(variant)


def test_numbers_from_zero_to_ninety_nine_in_words() -> None:
    numbers = search_terms.number_words()
    assert numbers["fifteen"] == "15"
    assert numbers["ten"] == "10"
    assert numbers["seventy-three"] == "73"
    assert sorted(numbers.values(), key=int) == [str(n) for n in range(100)]


@pytest.mark.parametrize(
    ("form", "base"),
    [
        ("drove", "drive"),
        ("driven", "drive"),
        ("taught", "teach"),
        ("thought", "think"),
        ("learnt", "learn"),
        ("spoke", "speak"),
        ("built", "build"),
        ("children", "child"),
        ("people", "person"),
        ("better", "good"),
    ],
)
def test_irregular_forms_lead_to_their_base(form: str, base: str) -> None:
    assert search_terms.irregular_forms()[form] == base


def test_page_words_are_split_as_materials_search_splits_them() -> None:
    index = {
        "config": {"separator": SEPARATOR},
        "docs": [
            {
                "location": "",
                "title": "Vibe coding",
                "text": "<p>A <em>single-minded</em> model raised $3 billion, in 2020–2025.</p>",
            },
            {"location": "x/", "title": "OpenAI", "text": "SSI's plan. camelCase"},
        ],
    }
    assert search_terms.page_words(index) == {
        "vibe",
        "coding",
        "a",
        "single",
        "minded",
        "model",
        "raised",
        "3",
        "billion",
        "in",
        "2020",
        "2025",
        "openai",
        "ssi's",
        "plan",
        "camel",
        "case",
    }


def test_the_table_lists_only_forms_that_are_not_page_words() -> None:
    words = {"optimize", "optimizing", "15", "drive", "driver", "teach", "behaviour", "fifteenth", "ten"}
    table = search_terms.variants(words)
    assert table["optimise"] == ["optimize"]
    assert table["optimising"] == ["optimizing"]
    # The family fills in a form no page has: "optimisation" -> both page forms.
    assert table["optimisation"] == ["optimize", "optimizing"]
    assert table["behavior"] == ["behaviour"]
    assert table["drove"] == ["drive"]
    assert table["taught"] == ["teach"]
    # "ten" is a page word: found as typed, never listed.
    assert "ten" not in table
    # "fifteen" only starts "fifteenth": listed, for the worker to add once the reader types past it.
    assert table["fifteen"] == ["15"]
    # Only targets that are on the pages: no page says "think", so "thought" is not listed.
    assert "thought" not in table
    for typed, targets in table.items():
        assert typed not in words
        assert all(any(word.startswith(target) for word in words) for target in targets)
        # A target the typed form starts is found by Material already.
        assert not any(target.startswith(typed) for target in targets)


@pytest.mark.parametrize("page_word", ["optimizing", "theorizes", "generalization", "analysed", "specialised"])
def test_every_form_of_an_ize_verb_in_both_spellings_leads_to_the_form_a_page_has(page_word: str) -> None:
    """The family: Porter's stems join "optimize" to "optimism", so the table lists every form."""
    forms = search_terms.ize_family(page_word)
    assert len(forms) == 17
    table = search_terms.variants({page_word, "optimism"})
    for form in forms:
        # A form the page word begins ("theorize" of "theorizes") is found by Material as typed.
        assert table.get(form, [page_word]) == [page_word], form
        assert form in table or page_word.startswith(form), form


@pytest.mark.parametrize("word", ["promise", "raise", "otherwise", "size", "sunrise", "motor"])
def test_words_with_no_other_spelling_have_no_ize_family(word: str) -> None:
    assert search_terms.ize_family(word) == set()


def test_adding_the_table_keeps_the_index_and_is_stable(tmp_path: Path) -> None:
    index = {
        "config": {"lang": ["en"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"]},
        "docs": [{"location": "", "title": "Home", "text": "<p>A teenager learns to drive in 10 hours.</p>"}],
    }
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(index), encoding="utf-8")
    assert search_terms.add_variants(path) > 0
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["docs"] == index["docs"]
    assert written["config"]["separator"] == SEPARATOR
    assert written["config"][search_terms.CONFIG_KEY]["variants"]["drove"] == ["drive"]
    assert written["config"][search_terms.CONFIG_KEY]["variants"]["ten"] == ["10"]
    first = path.read_bytes()
    path.write_text(json.dumps(index), encoding="utf-8")
    search_terms.add_variants(path)
    assert path.read_bytes() == first


def test_the_built_index_carries_the_table(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    table = index["config"][search_terms.CONFIG_KEY]["variants"]
    words = search_terms.page_words(index)
    assert table == search_terms.variants(words)
    # The article's own cases, whatever the pages' wording: each is there when its target is.
    if "drive" in words and "drove" not in words:
        assert table["drove"] == ["drive"]
    if "15" in words:
        assert "15" in table.get("fifteen", ["15"])
