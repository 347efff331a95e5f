"""Skill ratings in the plan and the match: a skill rated strong or expert covers the milestones
it builds (never a certificate's), the weakest skills' milestones of the earliest open phase come
first in the next actions, and ``match`` shows a rated skill as evidence against the profile."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
from _plan_strategies import RULES, SETTINGS, givens, make
from hypothesis import given
from hypothesis import strategies as st

from pomplan import content, planner, skills
from pomplan.levels import SKILLS
from pomplan.render import json_doc
from pomplan.report import Given, build_report

SCHEMA = json.loads(Path("docs/schemas/plan.schema.json").read_text(encoding="utf-8"))
START = date(2026, 1, 5)
ratings = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4))


def rated(wanted: Given, levels: dict[str, int]) -> Given:
    return wanted._replace(skills=tuple(sorted(levels.items())) or None)


def covers(wanted: Given) -> dict[str, str]:
    profile = build_report(wanted, RULES).estimate.profile
    return planner.covered(profile, planner.contents(profile)[1])


@SETTINGS
@given(givens, ratings, st.sampled_from(SKILLS), st.integers(1, 4))
def test_raising_a_skill_never_lengthens_nor_uncovers(
    wanted: Given, levels: dict[str, int], skill: str, up: int
) -> None:
    before = rated(wanted, levels)
    after = rated(wanted, {**levels, skill: min(levels.get(skill, 0) + up, 4)})
    low, high = build_report(before, RULES).estimate.years
    new_low, new_high = build_report(after, RULES).estimate.years
    assert new_low <= low and new_high <= high
    assert set(covers(before)) <= set(covers(after))


@SETTINGS
@given(givens, ratings)
def test_a_strong_skill_covers_its_milestones_but_not_a_certificate(
    wanted: Given, levels: dict[str, int]
) -> None:
    profile = build_report(rated(wanted, levels), RULES).estimate.profile
    specs = planner.contents(profile)[1]
    found = planner.covered(profile, specs)
    by_record = planner.covered(profile._replace(skills=()), specs)
    by_skill = skills.covered(levels)
    for spec in specs:
        if spec.id in by_record:
            assert found[spec.id] == by_record[spec.id]  # the record's reason comes first
        elif spec.id.startswith("cert-"):
            assert spec.id not in found  # only the certificate itself covers it
        elif spec.id in by_skill:
            assert found[spec.id].startswith("You rated ")
            assert found[spec.id].endswith(
                "this milestone builds it." if len(by_skill[spec.id]) == 1 else "builds them."
            )
        else:
            assert spec.id not in found


def test_the_reason_names_the_skill_and_its_level() -> None:
    wanted = Given(background="data-analysis", skills=(("analytical-skills", 3),))
    assert covers(wanted)["skills-data-decisions"] == (
        "You rated analytical skills strong (3 of 4): this milestone builds it."
    )
    both = skills.reason({"communication": 4, "soft-skills": 3}, ["communication", "soft-skills"])
    assert (
        both == "You rated communication expert (4 of 4) and soft skills strong (3 of 4): "
        "this milestone builds them."
    )


def test_strong_lean_six_sigma_does_not_cover_a_certificate() -> None:
    wanted = Given(path="project-management", skills=(("lean-six-sigma", 4),))
    assert "cert-six-sigma" in {
        s.id for s in planner.contents(build_report(wanted, RULES).estimate.profile)[1]
    }
    assert not any(ident.startswith("cert-") for ident in covers(wanted))


@SETTINGS
@given(givens, ratings, st.dates(min_value=date(2024, 1, 1), max_value=date(2034, 1, 1)))
def test_covered_milestones_are_never_next_and_the_plan_validates(
    wanted: Given, levels: dict[str, int], today: date
) -> None:
    plan = make(rated(wanted, levels), START, {}, today)
    shut = {m.id for m in plan.milestones if m.covered}
    assert not shut & set(plan.next)
    doc = json.loads(json.dumps(json_doc.plan(plan)))
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["next"] == list(plan.next)
    for m in doc["milestones"]:
        assert m["covered"] == (m["id"] in shut)


def _weight(levels: dict[str, int], ident: str) -> float:
    weights = [
        float(levels.get(s.id, skills.UNRATED_WEIGHT))
        for s in content.skills()
        if ident in s.milestones
    ]
    return min(weights, default=float(skills.TOP))


@SETTINGS
@given(
    givens, ratings.filter(bool), st.dates(min_value=date(2024, 1, 1), max_value=date(2034, 1, 1))
)
def test_next_puts_the_weakest_skills_of_the_earliest_phase_first(
    wanted: Given, levels: dict[str, int], today: date
) -> None:
    plan = make(rated(wanted, levels), START, {}, today)
    alongside = {p.id for p in plan.phases if p.alongside}
    opened = [m for m in plan.milestones if not m.done and not m.covered]
    plain = [m.id for m in opened][:3]
    assert sorted(plan.next) == sorted(plan.next)  # no id twice
    assert len(plan.next) == len(plain)
    front = next((m.phase for m in opened if m.phase not in alongside), None)
    phase = {m.id: m.phase for m in opened}
    for was, now in zip(plain, plan.next, strict=True):
        if phase[was] != front:
            assert now == was  # outside the earliest open phase nothing moves
        else:
            assert phase[now] == front
    ours = [i for i in plan.next if phase[i] == front]
    assert ours == sorted(ours, key=lambda i: _weight(levels, i)) or len(ours) < 2
    rest = [m.id for m in opened if m.phase == front and m.id not in plan.next]
    if ours and rest:
        assert max(_weight(levels, i) for i in ours) <= min(_weight(levels, i) for i in rest)


def test_without_ratings_next_is_the_plan_order() -> None:
    plan = make(Given(), START, {}, START)
    assert list(plan.next) == [m.id for m in plan.milestones if not m.done and not m.covered][:3]


def test_a_weak_skill_moves_its_milestone_up_within_the_phase() -> None:
    base = Given(degree="master", background="data-analysis")  # no education phase
    first = make(base, START, {}, START)
    weak = make(base._replace(skills=(("technical-acumen", 0),)), START, {}, START)
    assert "skills-ops-tool" not in first.next
    assert weak.next[0] == "skills-ops-tool"  # first of its phase, ahead of its due day
    estimate = build_report(base._replace(skills=(("technical-acumen", 0),)), RULES)
    assert (
        planner.opening(estimate.estimate.profile, estimate.estimate.years)[0].id
        == "skills-ops-tool"
    )


def test_match_shows_a_rated_skill_as_evidence(run: Any, tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text("## Requirements\n- Process improvement\n", encoding="utf-8")

    def evidence() -> Any:
        result = run("match", str(posting), "--json")
        assert result.exit_code == 0, result.output
        (keyword,) = json.loads(result.stdout)["keywords"]
        return keyword["id"], keyword["found"], keyword["evidence"]

    assert evidence() == ("process-improvement", False, None)
    assert run("profile", "set", "--skill", "operational-thinking=1").exit_code == 0
    assert evidence() == ("process-improvement", False, None)  # below working: not shown
    assert run("profile", "set", "--skill", "operational-thinking=3").exit_code == 0
    assert evidence() == ("process-improvement", True, "Operational thinking rated 3 of 4")
