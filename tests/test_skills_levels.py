"""Skill levels: five texts per skill, the ``skills`` profile field (flag, variable, saved
file, batch column, --what-if, --unset), the ``skills`` rule kind, and ``skills --mine``."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomplan import content, datafile
from pomplan.content import plan_catalogue
from pomplan.errors import DataFileError, UsageProblem
from pomplan.levels import LEVEL_NAMES, SKILLS, combine, levels
from pomplan.model import Profile
from pomplan.rules import estimate, load_rules, parse_rules
from pomplan.skills import chart, covered, strong, unrated, weakest_first

REFERENCE = load_rules().reference


def saved(home: Path, name: str = "default") -> dict[str, Any]:
    return tomllib.loads((home / "pomplan" / "profiles" / f"{name}.toml").read_text("utf-8"))


def usage_error(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    text: str = result.stderr
    return text


# --- the shipped texts -----------------------------------------------------------------------


def test_every_skill_has_five_levels_and_milestones_of_the_plan() -> None:
    milestones = {m.id for m in plan_catalogue()[1]}
    skills = content.skills()
    assert tuple(s.id for s in skills) == SKILLS
    for s in skills:
        assert len(s.levels) == len(LEVEL_NAMES) == 5, s.id
        assert all(text.strip() and len(text) < 200 for text in s.levels), s.id
        assert len(set(s.levels)) == 5, s.id
        assert s.milestones, s.id
        assert set(s.milestones) <= milestones, (s.id, set(s.milestones) - milestones)


@pytest.mark.parametrize("count", [0, 4, 6])
def test_skills_file_needs_exactly_five_levels(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    doc, label = datafile.load_shipped("skills.toml")
    doc["skills"][1]["levels"] = [f"level {n}" for n in range(count)]
    monkeypatch.setattr(content.datafile, "load_shipped", lambda name: (doc, label))
    content.skills.cache_clear()
    try:
        with pytest.raises(DataFileError, match="levels"):
            content.skills()
    finally:
        content.skills.cache_clear()


def test_skills_json_has_levels_and_milestones(run_json: Any) -> None:
    doc = run_json("skills")
    for s in doc["skills"]:
        assert len(s["levels"]) == 5 and s["milestones"]


def test_skills_show_one_skill(run: Any, run_json: Any) -> None:
    result = run("skills", "show", "Analytical_Skills")
    assert result.exit_code == 0, result.output
    for n, name in enumerate(LEVEL_NAMES):
        assert f"{n} {name}:" in result.stdout
    assert "skills-data-decisions" in result.stdout
    doc = run_json("skills", "show", "communication")
    assert [s["id"] for s in doc["skills"]] == ["communication"]
    assert "did you mean 'analytical-skills'?" in usage_error(run("skills", "show", "analytic"))


def test_plain_skills_list_is_unchanged_and_profile_needs_mine(run: Any) -> None:
    result = run("skills")
    assert result.exit_code == 0 and "Core skills" in result.stdout
    assert "--mine" in usage_error(run("skills", "--profile", "x"))
    assert "--mine doesn't apply" in usage_error(run("skills", "--mine", "show", "communication"))


# --- reading levels --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["analytical-skills=3"], (("analytical-skills", 3),)),
        (
            ["communication=expert,analytical-skills=0"],
            (("analytical-skills", 0), ("communication", 4)),
        ),
        (["Soft Skills = Strong"], (("soft-skills", 3),)),
        (["analytical-skills=1", "analytical-skills=4"], (("analytical-skills", 4),)),  # later wins
        (["lean-six-sigma=2;communication=1"], (("communication", 1), ("lean-six-sigma", 2))),
        ([" , "], None),
    ],
)
def test_levels_are_read_from_pairs(texts: list[str], expected: Any) -> None:
    assert levels(texts) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("analytical=3", "no skill 'analytical'; did you mean 'analytical-skills'?"),
        ("analytical-skills=5", "give a level from 0 to 4 or one of: none, basic"),
        ("analytical-skills=-1", "is not a level for analytical-skills"),
        ("analytical-skills=3.0", "is not a level"),
        ("analytical-skills", "write ID=LEVEL"),
        ("=3", "write ID=LEVEL"),
        ("analytical-skills=", "write ID=LEVEL"),
        ("analytical-skills=٣", "is not a level"),  # a digit, but not an ASCII one
    ],
)
def test_bad_levels_say_what_to_give(text: str, fragment: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        levels([text], "--skill")
    assert fragment in caught.value.message
    assert caught.value.message.startswith("--skill: ")


pairs = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4))


@given(pairs, pairs)
def test_combine_keeps_the_first_layers_level(
    first: dict[str, int], second: dict[str, int]
) -> None:
    merged = dict(combine(SKILLS, tuple(first.items()), tuple(second.items())))
    assert merged == {**second, **first}
    assert list(merged) == [s for s in SKILLS if s in merged]


@given(pairs)
def test_written_levels_read_back(found: dict[str, int]) -> None:
    text = ",".join(f"{k}={v}" for k, v in found.items())
    assert levels([text]) == (tuple((s, found[s]) for s in SKILLS if s in found) or None)


# --- the field, end to end -------------------------------------------------------------------


def test_flag_variable_and_saved_levels_combine(
    run: Any, run_json: Any, isolated_env: Path
) -> None:
    assert run("profile", "set", "--skill", "analytical-skills=3,communication=2").exit_code == 0
    assert run("profile", "set", "--skill", "communication=strong").exit_code == 0  # merges
    assert saved(isolated_env)["skills"] == {"analytical-skills": 3, "communication": 3}
    doc = run_json("estimate", "--skill", "soft-skills=0")
    assert doc["profile"]["skills"] == {
        "analytical-skills": 3,
        "communication": 3,
        "soft-skills": 0,
    }
    env = {"POMPLAN_SKILL": "analytical-skills=1"}
    result = run("estimate", "--json", env=env)
    assert json.loads(result.stdout)["profile"]["skills"]["analytical-skills"] == 1
    result = run("estimate", "--json", "--skill", "analytical-skills=4", env=env)
    assert json.loads(result.stdout)["profile"]["skills"]["analytical-skills"] == 4
    assert run("profile", "set", "--unset", "skill").exit_code == 0
    assert "skills" not in saved(isolated_env)
    assert run("profile", "set", "--skill", "communication=1").exit_code == 0
    assert run("profile", "set", "--unset", "skills").exit_code == 0  # the field's name works
    assert "skills" not in saved(isolated_env)
    assert "POMPLAN_SKILL: no skill 'x'" in usage_error(
        run("estimate", env={"POMPLAN_SKILL": "x=1"})
    )


def test_unset_and_set_together_contradict(run: Any, isolated_env: Path) -> None:
    result = run("profile", "set", "--unset", "skill", "--skill", "communication=1")
    assert "contradict" in usage_error(result)


def test_hand_edited_levels_by_name_are_read_and_bad_ones_refused(
    run: Any, run_json: Any, isolated_env: Path
) -> None:
    folder = isolated_env / "pomplan" / "profiles"
    folder.mkdir(parents=True)
    (folder / "default.toml").write_text(
        "schema_version = 1\n[skills]\ncommunication = 'expert'\nsoft-skills = 1\n", "utf-8"
    )
    assert run_json("skills", "--mine")["levels"] == {"communication": 4, "soft-skills": 1}
    (folder / "default.toml").write_text("schema_version = 1\n[skills]\nsoft-skills = 7\n", "utf-8")
    result = run("estimate")
    assert result.exit_code == 1 and "soft-skills" in result.stderr and "0 to 4" in result.stderr
    (folder / "default.toml").write_text("schema_version = 1\n[skills]\nbogus = 1\n", "utf-8")
    result = run("estimate")
    assert result.exit_code == 1 and "bogus" in result.stderr


def test_what_if_changes_one_level_and_keeps_the_others(run_json: Any) -> None:
    doc = run_json(
        "estimate",
        "--skill",
        "communication=2",
        "--what-if",
        "skill=analytical-skills=4,skills=soft-skills=expert",
    )
    scenario = doc["scenarios"][0]
    assert scenario["change"] == "skill=analytical-skills=4,skill=soft-skills=4"
    assert scenario["profile"]["skills"] == {
        "analytical-skills": 4,
        "communication": 2,
        "soft-skills": 4,
    }
    assert scenario["saved_months"]["high"] > 0


def test_batch_rows_take_levels_as_text_or_object(run: Any) -> None:
    text = (
        '{"id":"a","skills":"analytical-skills=3;communication=0"}\n'
        '{"id":"b","skills":{"analytical-skills":"strong"}}\n'
        '{"id":"c","skills":{"analytical-skills":true}}\n'
        '{"id":"d","skills":["analytical-skills=3"]}\n'
        '{"id":"e","skills":"nope=1"}\n'
    )
    result = run("estimate", "--input", "-", input=text)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["profile"]["skills"] == {"analytical-skills": 3, "communication": 0}
    assert rows[1]["profile"]["skills"] == {"analytical-skills": 3}
    assert all("skills:" in rows[i]["error"] for i in (2, 3, 4))
    csv_out = run("estimate", "--input", "-", "--format", "csv", input=text.split("\n")[0])
    assert "analytical-skills=3;communication=0" in csv_out.stdout


def test_batch_row_equals_the_flags(run: Any, run_json: Any) -> None:
    text = "id,skills\nx,lean-six-sigma=4;soft-skills=0\n"
    row = json.loads(run("estimate", "--input", "-", input=text).stdout)
    flags = run_json("estimate", "--skill", "lean-six-sigma=4", "--skill", "soft-skills=0")
    for key in ("profile", "adjustments", "years", "assumptions"):
        assert row[key] == flags[key], key


def test_profile_init_keeps_the_levels(
    run: Any, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.cli import profile as profile_cli

    monkeypatch.setattr(profile_cli, "interactive", lambda: True)
    assert run("profile", "set", "--skill", "communication=4").exit_code == 0
    result = run("profile", "init", input="\n" * 7)
    assert result.exit_code == 0, result.output
    assert "How well you can do each skill" not in result.stdout
    assert saved(isolated_env)["skills"] == {"communication": 4}


# --- the rule --------------------------------------------------------------------------------


def with_levels(found: dict[str, int], base: Profile = REFERENCE) -> Profile:
    return base._replace(skills=tuple((s, found[s]) for s in SKILLS if s in found))


def test_the_reference_person_gets_no_skills_line() -> None:
    e = estimate(REFERENCE, load_rules())
    assert "skills" not in {a.id for a in e.adjustments}
    assert (e.years.low, e.years.high) == (3, 6)


def test_basic_and_working_levels_change_nothing() -> None:
    e = estimate(with_levels(dict.fromkeys(SKILLS, 2)), load_rules())
    line = next(a for a in e.adjustments if a.id == "skills")
    assert (line.effect.low, line.effect.high) == (0, 0)
    assert "8 of 8 rated" in line.reason


def test_the_caps_hold() -> None:
    rules = load_rules()
    best = next(
        a
        for a in estimate(with_levels(dict.fromkeys(SKILLS, 4)), rules).adjustments
        if a.id == "skills"
    )
    worst = next(
        a
        for a in estimate(with_levels(dict.fromkeys(SKILLS, 0)), rules).adjustments
        if a.id == "skills"
    )
    assert (best.effect.low, best.effect.high) == (Decimal("-0.5"), Decimal("-1"))
    assert (worst.effect.low, worst.effect.high) == (Decimal("0.5"), Decimal("1"))
    assert "held at the cap" in worst.reason


profiles = st.builds(
    lambda degree, background, hours: REFERENCE._replace(
        degree=degree, background=background, hours_per_week=Decimal(hours)
    ),
    st.sampled_from(("none", "bachelor", "mba")),
    st.sampled_from(("unrelated", "operations", "data-analysis")),
    st.integers(1, 80),
)


@settings(max_examples=150, deadline=None)
@given(profiles, pairs, st.sampled_from(SKILLS), st.integers(1, 4))
def test_raising_a_skill_never_lengthens(
    base: Profile, found: dict[str, int], skill: str, step: int
) -> None:
    rules = load_rules()
    before = estimate(with_levels(found, base), rules).years
    raised = {**found, skill: min(found.get(skill, 0) + step, 4)}
    after = estimate(with_levels(raised, base), rules).years
    assert after.low <= before.low and after.high <= before.high


def rules_text(old: str, new: str) -> str:
    text = datafile.shipped("rules.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "[skills.levels.expert]\nlow = -0.1",
            "[skills.levels.expert]\nlow = 0.2",
            "may not add time",
        ),
        ("lean-six-sigma = 0.5", "lean-six-sigma = 2", "lean-six-sigma"),
        ("lean-six-sigma = 0.5", "lean-six-sigm = 0.5", "lean-six-sigm"),
        ("save_most_low = -0.5", "save_most_low = 0.5", "save_most_low"),
        ("add_most_high = 1", "add_most_high = -1", "add_most_high"),
    ],
)
def test_rules_that_would_let_a_higher_level_add_time_are_refused(
    old: str, new: str, fragment: str
) -> None:
    text = rules_text(old, new)
    with pytest.raises(DataFileError) as caught:
        parse_rules(datafile.parse(text.encode(), "custom.toml"), "custom.toml")
    assert fragment in caught.value.message


def test_unrated_skills_are_an_assumption(run_json: Any) -> None:
    doc = run_json("estimate")
    note = next(a for a in doc["assumptions"] if a["field"] == "skills")
    assert note["value"] == "none rated" and "pomplan skills assess" in note["note"]
    doc = run_json("estimate", "--skill", "communication=1,soft-skills=2")
    note = next(a for a in doc["assumptions"] if a["field"] == "skills")
    left = [s for s in SKILLS if s not in ("communication", "soft-skills")]
    assert note["value"] == "not rated: " + ", ".join(left)
    doc = run_json("estimate", "--skill", ",".join(f"{s}=1" for s in SKILLS))
    assert "skills" not in {a["field"] for a in doc["assumptions"]}


def test_a_batch_row_lists_the_skills_it_left_out(run: Any, run_json: Any) -> None:
    text = "id,skills\na,communication=3\nb,\nc," + ";".join(f"{s}=0" for s in SKILLS) + "\n"
    rows = [
        json.loads(line) for line in run("estimate", "--input", "-", input=text).stdout.splitlines()
    ]
    one = run_json("estimate", "--skill", "communication=3")
    assert rows[0]["assumptions"] == one["assumptions"]
    assert rows[1]["assumptions"] == run_json("estimate")["assumptions"]
    assert "skills" not in {a["field"] for a in rows[2]["assumptions"]}


# --- the pure helpers for the plan -------------------------------------------------------------


def test_strong_and_covered() -> None:
    found = {"analytical-skills": 3, "communication": 4, "soft-skills": 2}
    assert strong(found) == {"analytical-skills", "communication"}
    assert strong(tuple(found.items())) == strong(found)
    assert strong(None) == set()
    got = covered(found)
    assert got["skills-data-decisions"] == ("analytical-skills",)
    assert "skills-leadership" not in got
    assert unrated(found)[0] == "operational-thinking"


def test_weakest_first_orders_by_the_weakest_skill_built() -> None:
    ids = [
        "skills-data-decisions",
        "network-community",
        "skills-leadership",
        "skills-cross-team",
        "skills-ops-tool",
    ]
    found = {"analytical-skills": 4, "soft-skills": 0, "communication": 1}
    assert weakest_first(found, ids) == [
        "skills-leadership",  # soft skills: 0
        "skills-cross-team",  # communication: 1
        "skills-ops-tool",  # technical acumen: not rated, between working and strong
        "skills-data-decisions",  # analytical: 4
        "network-community",  # builds no skill
    ]
    assert weakest_first({}, ids[::-1]) == [
        "skills-ops-tool",
        "skills-cross-team",
        "skills-leadership",
        "skills-data-decisions",
        "network-community",
    ]


# --- skills --mine ---------------------------------------------------------------------------


def test_mine_plain_when_piped(run: Any) -> None:
    assert run("profile", "set", "--skill", "analytical-skills=3,soft-skills=0").exit_code == 0
    result = run("skills", "--mine")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.split() == ["analytical-skills", "###-", "3/4", "strong"] for line in lines)
    assert any(line.split() == ["soft-skills", "----", "0/4", "none"] for line in lines)
    assert any(line.split() == ["communication", "....", "not", "rated"] for line in lines)
    assert "pomplan skills assess" in result.stdout
    assert all(line.isascii() and line == line.rstrip() for line in lines)


def test_mine_json_and_narrow_terminal(
    run: Any, run_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pomplan.render.terminal import console

    doc = run_json("skills", "--mine")
    assert doc["levels"] == {} and doc["not_rated"] == list(SKILLS)
    assert run("profile", "set", "--skill", "communication=4").exit_code == 0
    doc = run_json("skills", "--mine")
    entry = next(s for s in doc["skills"] if s["id"] == "communication")
    assert (entry["level"], entry["level_name"]) == (4, "expert")
    assert entry["meaning"] == content.skills()[2].levels[4]
    assert run("profile", "set", "--skill", "technical-acumen=working").exit_code == 0
    monkeypatch.setattr(console, "_console", None)  # a fresh screen, 40 columns wide
    result = run("skills", "--mine", env={"COLUMNS": "40"})
    assert result.exit_code == 0 and "communication           ####  4/4 expert\n" in result.stdout
    assert "technical-acumen        ##--  2/4\n" in result.stdout  # 'working' would not fit
    assert all(len(line) <= 40 for line in result.stdout.splitlines())


def test_chart_blocks_and_ascii() -> None:
    lines = chart({"analytical-skills": 3}, fancy=True)
    assert lines[1].split() == ["analytical-skills", "███░", "3/4", "strong"]
    assert chart({"analytical-skills": 3}, fancy=False)[1].split()[1] == "###-"
    width = max(map(len, SKILLS))  # ids padded alike: every bar starts in the same column
    assert {line[width : width + 2] for line in lines} == {"  "}
    assert all(line[width + 2 : width + 6].strip() for line in lines)


# --- the plan's exports ----------------------------------------------------------------------


def test_exports_carry_the_chart_only_when_skills_are_rated(run: Any) -> None:
    for form in ("markdown", "html", "svg"):
        assert "Your skills" not in run("plan", "--format", form).stdout, form
    assert run("profile", "set", "--skill", "analytical-skills=3,communication=4").exit_code == 0
    md = run("plan", "--format", "markdown").stdout
    assert "## Your skills" in md and "analytical-skills       ███░  3/4 strong" in md
    assert "Not rated yet: operational-thinking" in md
    for form in ("html", "svg"):
        out = run("plan", "--format", form).stdout
        assert "analytical-skills" in out and "███░" in out, form


# --- shell completion ------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_skill_ids_and_levels_complete(shell: str) -> None:
    from test_completion import offered

    values = offered(shell, "pomplan profile set --skill anal").values
    assert values == [f"analytical-skills={n}" for n in range(5)]
    values = offered(shell, "pomplan estimate --skill soft-skills=s").values
    expected = ["soft-skills=strong"]
    if shell == "bash":  # bash replaces only the part after the last '='
        expected = ["strong"]
    assert values == expected
    values = offered(shell, "pomplan skills show comm").values
    assert values == ["communication"]
    values = offered(shell, "pomplan skills ").values
    assert {"show", "assess"} <= set(values)
