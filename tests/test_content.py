"""The shipped knowledge loads, hangs together, and the FAQ search finds what people mean."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pomplan import content, search
from pomplan.model import BACKGROUNDS, DEGREES, PATHS, CareerPath, FaqEntry

REQUIRED_FAQ = (
    "how-long",
    "degree",
    "no-experience",
    "certifications",
    "entry-roles",
    "skills",
    "which-path",
    "how-estimate-works",
)


def _cited() -> list[tuple[str, str]]:
    """Every (where, fact id) cited by the shipped content."""
    cited: list[tuple[str, str]] = []
    for p in content.paths():
        cited += [(f"path {p.id}", s) for s in p.sources]
    for s in content.steps():
        cited += [(f"step {s.id}", f) for f in s.sources]
    for k in content.skills():
        cited += [(f"skill {k.id}", f) for f in k.sources]
    for e in content.faq():
        cited += [(f"faq {e.id}", f) for f in e.sources]
    return cited


# --- every file loads -----------------------------------------------------------------------


def test_every_content_file_loads() -> None:
    assert content.paths()
    assert content.steps()
    assert content.skills()
    assert content.faq()
    items, facts = content.sources()
    assert items
    assert facts


def test_loading_is_cached_and_stable() -> None:
    assert content.paths() is content.paths()
    assert content.faq() is content.faq()


@pytest.mark.parametrize(
    ("kind", "ids"),
    [
        ("paths", lambda: [p.id for p in content.paths()]),
        ("steps", lambda: [s.id for s in content.steps()]),
        ("skills", lambda: [s.id for s in content.skills()]),
        ("faq", lambda: [e.id for e in content.faq()]),
        ("sources", lambda: [s.id for s in content.sources()[0]]),
    ],
)
def test_ids_are_unique(kind: str, ids: Callable[[], list[str]]) -> None:
    found = ids()
    assert found, kind
    assert len(found) == len(set(found)), kind
    for ident in found:
        assert ident == ident.strip() and ident, (kind, ident)


def test_fact_ids_belong_to_a_source() -> None:
    items, facts = content.sources()
    source_ids = {s.id for s in items}
    for fact in facts:
        assert fact.split(".", 1)[0] in source_ids, fact
        assert facts[fact].strip(), fact


@pytest.mark.parametrize(("where", "fact"), _cited())
def test_every_cited_source_exists(where: str, fact: str) -> None:
    assert fact in content.sources()[1], f"{where} cites unknown {fact}"


def test_every_entry_cites_something() -> None:
    for p in content.paths():
        assert p.sources, p.id
    for s in content.steps():
        assert s.sources, s.id
    for k in content.skills():
        assert k.sources, k.id
    for e in content.faq():
        assert e.sources, e.id


def test_sources_have_urls() -> None:
    for s in content.sources()[0]:
        assert s.url.startswith("https://"), s.id
        assert s.title and s.publisher and s.kind, s.id


# --- paths ----------------------------------------------------------------------------------


def test_paths_are_the_five_in_order() -> None:
    assert tuple(p.id for p in content.paths()) == PATHS
    assert len(PATHS) == 5
    assert PATHS[0] == "standard"


@pytest.mark.parametrize("path_id", PATHS)
def test_path_by_id(path_id: str) -> None:
    path = content.path_by_id(path_id)
    assert isinstance(path, CareerPath)
    assert path.id == path_id


def test_path_by_unknown_id() -> None:
    with pytest.raises(KeyError):
        content.path_by_id("nope")


@pytest.mark.parametrize("path", content.paths(), ids=lambda p: p.id)
def test_every_path_is_complete(path: CareerPath) -> None:
    assert path.name and path.summary
    assert path.suits and set(path.suits) <= set(BACKGROUNDS)
    assert path.strengths and path.gaps
    unconditional = [a for a in path.first_steps if not a.condition.when and not a.condition.unless]
    assert len(unconditional) >= 3, path.id
    for action in path.first_steps:
        for allowed in (*action.condition.when.values(), *action.condition.unless.values()):
            assert set(allowed) <= set(DEGREES) | set(BACKGROUNDS)


def test_every_background_suits_some_path() -> None:
    assert {b for p in content.paths() for b in p.suits} == set(BACKGROUNDS)


# --- steps and skills -----------------------------------------------------------------------


def test_six_steps_numbered_in_order() -> None:
    steps = content.steps()
    assert [s.number for s in steps] == [1, 2, 3, 4, 5, 6]
    for s in steps:
        assert s.title and s.summary and s.actions


def test_skills_come_in_core_and_edge() -> None:
    groups = [s.group for s in content.skills()]
    assert set(groups) == {"core", "edge"}
    # Core skills come first, so the listing reads from essential to extra.
    assert groups == sorted(groups, key=lambda g: g != "core")
    for s in content.skills():
        assert s.name and s.why and s.practice


# --- FAQ ------------------------------------------------------------------------------------


def test_required_faq_entries_exist() -> None:
    ids = {e.id for e in content.faq()}
    for ident in REQUIRED_FAQ:
        assert ident in ids


def test_faq_entries_are_complete() -> None:
    for e in content.faq():
        assert e.question.endswith("?"), e.id
        assert e.answer.strip(), e.id
        assert e.keywords, e.id
        assert all(k == k.lower() for k in e.keywords), e.id


def _search(query: str) -> list[str]:
    return [e.id for e in search.search_faq(query, content.faq())]


@pytest.mark.parametrize("entry", content.faq(), ids=lambda e: e.id)
def test_exact_id_wins_outright(entry: FaqEntry) -> None:
    assert _search(entry.id) == [entry.id]
    assert _search(f"  {entry.id.upper()} ") == [entry.id]


def test_exact_id_beats_an_entry_that_mentions_it() -> None:
    # "mba" is also a keyword of "degree"; the entry called mba is the answer.
    assert _search("mba") == ["mba"]


@pytest.mark.parametrize("entry", content.faq(), ids=lambda e: e.id)
def test_own_question_finds_the_entry_first(entry: FaqEntry) -> None:
    assert _search(entry.question)[0] == entry.id


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("degree", "degree"),
        ("degre", "degree"),
        ("Degree?", "degree"),
        ("how long", "how-long"),
        ("long how", "how-long"),
        ("How long does it take?", "how-long"),
        ("experiance", "no-experience"),
        ("no experience", "no-experience"),
        ("certifcate", "certifications"),
        ("certificates", "certifications"),
        ("which path", "which-path"),
        ("path which", "which-path"),
        ("networking", "network"),
        ("portfolio", "portfolio"),
    ],
)
def test_search_forgives_typos_and_word_order(query: str, first: str) -> None:
    found = _search(query)
    assert found, query
    assert found[0] == first


@pytest.mark.parametrize("query", ["zzzqqq", "", "   ", "!!!", "qwxz vbnm"])
def test_search_without_a_match(query: str) -> None:
    assert _search(query) == []


def test_search_results_are_entries_without_repeats() -> None:
    for query in ("how long", "degree", "skills", "experience", "job"):
        found = search.search_faq(query, content.faq())
        assert len({e.id for e in found}) == len(found)
        assert all(e in content.faq() for e in found)


def test_search_in_an_empty_list() -> None:
    assert search.search_faq("degree", ()) == []


def test_closest() -> None:
    assert content.closest("bachelors", DEGREES)[0] == "bachelor"
    assert content.closest("data-analyst", BACKGROUNDS)[0] == "data-analysis"
    assert content.closest("zzzzzz", DEGREES) == []


@pytest.mark.parametrize("query", ["xylophone banana", "weather", "this that", "matches"])
def test_short_or_unrelated_words_do_not_match_by_accident(query: str) -> None:
    # "this" once matched "things" and "nothing" matched "things": near spellings of
    # short words are not typos.
    assert search.search_faq(query, content.faq()) == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("how is the estimate computed", "how-estimate-works"),
        ("switch careers", "career-change"),
        ("entry jobs", "entry-roles"),
        ("mba worth it", "mba"),
    ],
)
def test_questions_in_plain_words(query: str, first: str) -> None:
    found = search.search_faq(query, content.faq())
    assert found and found[0].id == first
