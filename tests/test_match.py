"""``pomplan match``, the pure part: the keyword catalogue, finding keywords, required or nice to
have, matching a resume or a profile, and the score (tests/test_match_files.py: files and CLI)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import content, keywords
from pomplan.keywords import Keyword
from pomplan.match import HAS_SKILL, Match, explain, in_posting, lines_of, match
from pomplan.model import Given

CATALOGUE = keywords.catalogue()
BY_ID = {k.id: k for k in CATALOGUE.keywords}
SKILL_NAMES = {s.id: s.name for s in content.skills()}


def found(text: str) -> dict[str, bool]:
    """Keyword id -> required, for the keywords ``text`` (a posting) names."""
    return {k.id: required for k, required, _ in in_posting(text, CATALOGUE)}


NOBODY = Given()


def run(
    posting: str, resume: str | None, given: Given = NOBODY, levels: dict[str, int] | None = None
) -> Match:
    return match(
        ("posting.txt", posting),
        None if resume is None else ("resume.txt", resume),
        ("default", given),
        levels or {},
        CATALOGUE,
        SKILL_NAMES,
    )


# --- the catalogue ----------------------------------------------------------------------------


def test_catalogue_size_and_kinds() -> None:
    assert 40 <= len(CATALOGUE.keywords) <= 70
    assert {k.kind for k in CATALOGUE.keywords} == set(keywords.KINDS)
    assert CATALOGUE.weights.required > CATALOGUE.weights.nice_to_have >= 1


def test_every_id_the_catalogue_names_exists() -> None:
    skills = {s.id for s in content.skills()}
    milestones = set(content.milestone_ids())
    facts = set(content.sources()[1])
    for k in CATALOGUE.keywords:
        assert k.skill in skills, k.id
        assert k.milestones and set(k.milestones) <= milestones, k.id
        assert set(k.sources) <= facts, k.id
        assert k.common != bool(k.sources), k.id  # sourced, or marked as common usage


@pytest.mark.parametrize(
    "wanted",
    [
        "lean",
        "six-sigma",
        "agile",
        "scrum",
        "kanban",
        "sql",
        "dashboards",
        "jira",
        "confluence",
        "tableau",
        "spreadsheets",
        "productboard",
        "process-improvement",
        "release-management",
        "intake",
        "cross-functional",
        "roadmapping",
        "experimentation",
        "okrs",
        "kpis",
        "documentation",
        "stakeholder-management",
        "customer-feedback",
        "supply-chain",
        "product-management",
        "project-management",
        "data-analysis",
        "pmp",
    ],
)
def test_catalogue_covers(wanted: str) -> None:
    assert wanted in BY_ID


def test_a_bad_id_in_the_catalogue_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader checks skill and milestone ids: a typo fails loudly (this can fail)."""
    from pomplan import datafile
    from pomplan.errors import DataFileError

    doc, label = datafile.load_shipped("keywords.toml")
    for key, bad in (("skill", "no-such-skill"), ("milestones", ["no-such-milestone"])):
        broken = {**doc, "keywords": [{**doc["keywords"][0], key: bad}]}
        monkeypatch.setattr(datafile, "load_shipped", lambda name, b=broken: (b, label))
        keywords.catalogue.cache_clear()
        with pytest.raises(DataFileError, match=key):
            keywords.catalogue()
    keywords.catalogue.cache_clear()


# --- finding keywords ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("Certified ScrumMaster (CSM)", "scrum"),
        ("CSM since 2021", "scrum"),
        ("scrum master for two teams", "scrum"),
        ("ran A/B tests weekly", "experimentation"),
        ("ran A / B testing", "experimentation"),
        ("cross functional teams", "cross-functional"),
        ("Cross-Functional teams", "cross-functional"),
        ("wrote SQL daily", "sql"),
        ("set our OKRs", "okrs"),
        ("set the OKR for Q3", "okrs"),
        ("Lean practitioner", "lean"),
        ("lean manufacturing background", "lean"),
        ("Six-Sigma Green Belt", "six-sigma"),
        ("KPI dashboards in Looker", "tableau"),
        ("built dashboards", "dashboards"),
    ],
)
def test_synonyms_and_spellings_count(text: str, ident: str) -> None:
    assert lines_of(text, BY_ID[ident]) == (1,)


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("we keep a clean backlog", "lean"),
        ("lean on your team", "lean"),  # 'lean' as a verb: only 'Lean' and Lean phrases count
        ("SQLite and MySQLish", "sql"),
        ("workokrs", "okrs"),
        ("we excel at hiring", "spreadsheets"),
        ("csm", "scrum"),  # the abbreviation only in capitals
        ("Jiraya", "jira"),
    ],
)
def test_parts_of_words_and_everyday_words_do_not_count(text: str, ident: str) -> None:
    assert lines_of(text, BY_ID[ident]) == ()


def test_lines_are_numbered_from_one() -> None:
    assert lines_of("intro\n\nSQL here\nno\nand SQL again", BY_ID["sql"]) == (3, 5)


# --- required or nice to have -----------------------------------------------------------------

POSTING = """\
# Product Operations Manager

## About the role
You will run release management.

## Requirements
- SQL and dashboards
- A track record of process improvement, ideally with Lean

## Nice to have
- Experience with Productboard
- Jira (must)

## Benefits
- A budget for a PMP course
"""


def test_sections_and_wording_decide() -> None:
    kinds = found(POSTING)
    assert kinds["release-management"] is True  # no signal: required
    assert kinds["sql"] is True and kinds["dashboards"] is True  # under Requirements
    assert kinds["process-improvement"] is True
    assert kinds["lean"] is False  # 'ideally' on its line
    assert kinds["productboard"] is False  # under Nice to have
    assert kinds["jira"] is True  # 'must' beats the section
    assert "pmp" not in kinds  # under Benefits: not counted


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Bachelor's degree required, MBA preferred", {"degree": True, "mba": False}),
        ("SQL, Tableau and Python are a plus", {"sql": False, "tableau": False, "python": False}),
        ("Must know SQL; Looker a plus", {"sql": True, "tableau": False}),
        ("Experience with Jira is preferred but not required", {"jira": False}),
        ("Bonus: Kanban", {"kanban": False}),
        ("Kanban experience is a bonus", {"kanban": False}),
        ("Minimum 3 years of SQL", {"sql": True}),
    ],
)
def test_wording_on_the_line(line: str, expected: dict[str, bool]) -> None:
    assert {k: v for k, v in found(line).items() if k in expected} == expected


@pytest.mark.parametrize(
    "heading",
    [
        "Nice to have",
        "Nice-to-haves:",
        "Preferred qualifications",
        "BONUS POINTS",
        "**Nice to have**",
    ],
)
def test_nice_to_have_headings(heading: str) -> None:
    assert found(f"Requirements\n- Jira\n{heading}\n- SQL") == {"jira": True, "sql": False}


@pytest.mark.parametrize(
    "heading", ["What you'll need", "Requirements:", "Minimum Qualifications", "## Must have"]
)
def test_required_headings(heading: str) -> None:
    assert found(f"Nice to have\n- Jira\n{heading}\n- SQL") == {"jira": False, "sql": True}


def test_a_keyword_named_both_ways_counts_as_required() -> None:
    assert found("Nice to have\n- SQL\nRequirements\n- SQL")["sql"] is True


# --- matching and the score -------------------------------------------------------------------


def test_resume_match_and_score_by_hand() -> None:
    posting = "Requirements\n- SQL\n- Jira\nNice to have\n- Kanban\n- Scrum"
    m = run(posting, "Jira every day\nCertified ScrumMaster")
    got = {f.keyword.id: (f.found, f.in_posting, f.in_resume) for f in m.findings}
    assert got == {
        "sql": (False, (2,), ()),
        "jira": (True, (3,), (1,)),
        "kanban": (False, (5,), ()),
        "scrum": (True, (6,), (2,)),
    }
    # required weigh 2, nice-to-have 1: found 2 + 1 = 3 of 2 + 2 + 1 + 1 = 6 -> 50
    assert m.score.value == 50
    assert (m.score.found_weight, m.score.total_weight) == (3, 6)
    assert [f.keyword.id for f in m.missing] == ["sql", "kanban"]  # required first
    assert "Found 1 of 2 required (1 x 2 = 2) and 1 of 2 nice-to-have (1 x 1 = 1)" in explain(
        m.score
    )
    assert "100 x 3 / 6 = 50.0, rounded: 50" in explain(m.score)


def test_rounding_is_half_up() -> None:
    # 1 of 8 required = 2 of 16 = 12.5 -> 13 (Python's round would give 12)
    posting = "Requirements\n" + "\n".join(
        f"- {w}"
        for w in ("SQL", "Jira", "Kanban", "Confluence", "OKRs", "Tableau", "Python", "Asana")
    )
    assert run(posting, "SQL").score.value == 13


def test_no_catalogue_keyword_means_no_score() -> None:
    m = run("We bake bread.\nFlour, water, salt.", "I bake.")
    assert m.findings == () and m.score.value is None
    assert "no score" in explain(m.score)


def test_a_resume_in_another_language_matches_little_and_does_not_fail() -> None:
    resume = (
        "Erfahrung: Projektleitung, Prozessoptimierung, Kundenbetreuung.\nWerkzeuge: Jira, Excel."
    )
    m = run(POSTING, resume)
    assert {f.keyword.id for f in m.findings if f.found} == {"jira"}
    assert m.score.value is not None and m.score.value < 30


def test_against_a_profile() -> None:
    posting = "Requirements\n- SQL\n- Scrum\n- Supply chain\n- Roadmapping"
    given = Given(background="data-analysis", certifications=("agile",))
    m = run(posting, None, given, {"strategic-pragmatism": HAS_SKILL, "operational-thinking": 4})
    shown = {f.keyword.id: f.evidence for f in m.findings}
    assert shown["sql"] == "background data-analysis"
    assert shown["scrum"] == "certification agile"
    assert shown["roadmapping"] == f"Strategic yet practical thinking rated {HAS_SKILL} of 4"
    assert shown["supply-chain"] is None  # a background needs the background, not a rating


def test_a_rating_below_the_threshold_does_not_count() -> None:
    m = run("- Roadmapping", None, Given(), {"strategic-pragmatism": HAS_SKILL - 1})
    assert [f.found for f in m.findings] == [False]


def test_hint_when_the_profile_has_it_but_the_resume_lacks_the_word() -> None:
    m = run("Requirements\n- Scrum\n- SQL", "SQL", Given(certifications=("agile",)))
    (scrum,) = m.missing
    assert scrum.hint is not None and "certification agile" in scrum.hint and "Scrum" in scrum.hint
    assert all(f.hint is None for f in m.findings if f.found)


# --- properties -------------------------------------------------------------------------------

PHRASES = [k.label for k in CATALOGUE.keywords] + ["CSM", "A/B tests", "clean", "ops", "bread"]
WORDS = st.lists(st.sampled_from(PHRASES), max_size=12)


@settings(max_examples=60, deadline=None)
@given(posting=WORDS, resume=WORDS, extra=st.sampled_from(PHRASES), nice=st.booleans())
def test_adding_a_keyword_to_a_resume_never_lowers_its_score(
    posting: list[str], resume: list[str], extra: str, nice: bool
) -> None:
    text = ("Nice to have\n" if nice else "") + "\n".join(f"- {p}" for p in posting)
    before = run(text, "\n".join(resume)).score.value
    after = run(text, "\n".join([*resume, extra])).score.value
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after >= before


@settings(max_examples=60, deadline=None)
@given(posting=WORDS, resume=WORDS)
def test_score_is_between_0_and_100_and_redoable(posting: list[str], resume: list[str]) -> None:
    m = run("\n".join(posting), "\n".join(resume))
    s = m.score
    if s.value is None:
        assert not m.findings
        return
    assert 0 <= s.value <= 100
    numbers = re.findall(r"100 x (\d+) / (\d+)", explain(s))
    assert numbers == [(str(s.found_weight), str(s.total_weight))]
    assert s.value == int(100 * s.found_weight / s.total_weight + 0.5)


def test_every_keyword_finds_its_own_label_and_synonyms() -> None:
    for k in CATALOGUE.keywords:
        for word in (k.label, *k.synonyms, *k.exact):
            assert lines_of(f"x {word} y", k) == (1,), (k.id, word)


def test_keyword_record_is_typed() -> None:
    assert isinstance(CATALOGUE.keywords[0], Keyword)
