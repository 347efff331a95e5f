"""Shell completion for bash, zsh and fish, through the protocol the shells speak.

The scripts that ``--show-completion`` prints run pomplan with ``_POMPLAN_COMPLETE`` set:
``complete_bash`` with ``COMP_WORDS``/``COMP_CWORD``, ``complete_zsh`` with
``_TYPER_COMPLETE_ARGS`` (the line up to the cursor), ``complete_fish`` with that and
``_TYPER_COMPLETE_FISH_ACTION`` (``get-args`` for the values, ``is-args`` for "are there
any"). Most cases run in-process (CliRunner); a few run the installed console script, and a
few drive a real interactive bash on a pseudo-terminal. Nothing here is timed.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from pomplan import content
from pomplan.cli import app
from pomplan.cli.estimate import BATCH_FORMATS
from pomplan.cli.profile import UNSET
from pomplan.fields import by_key
from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES, PATH_CHOICES, PATHS
from pomplan.render.formats import names
from pomplan.render.views import PlanView

SHELLS = ("bash", "zsh", "fish")
COMMANDS = ["estimate", "plan", "progress", "profile", "note", "cohort", "paths", "match"]
COMMANDS += ["faq"]
COMMANDS += ["steps", "skills", "rules", "sources"]
VENV_BIN = Path(sys.executable).parent
FORMATS = names(PlanView)  # what plan --format offers
TICKED = ("network-mentor", "skills-process-map")  # ticked off in the 'work' profile

runner = CliRunner()


# --- speaking the protocol -------------------------------------------------------------------


def bash_words(line: str) -> tuple[list[str], int]:
    """``COMP_WORDS`` and ``COMP_CWORD`` as bash makes them for ``line`` (cursor at the end).

    Bash splits at spaces and also at '=' (it is in ``COMP_WORDBREAKS``), which becomes a word
    of its own: ``--what-if degree=ma`` is ``--what-if``, ``degree``, ``=``, ``ma``.
    """
    words: list[str] = []
    for chunk in line.split(" "):
        words += [part for part in re.split(r"(=+)", chunk) if part] or [""]
    return words, len(words) - 1


def protocol_env(shell: str, line: str, action: str = "get-args") -> dict[str, str]:
    if shell == "bash":
        words, cword = bash_words(line)
        # The script joins the words with IFS's first character, a newline.
        return {
            "_POMPLAN_COMPLETE": "complete_bash",
            "COMP_WORDS": "\n".join(words),
            "COMP_CWORD": str(cword),
        }
    env = {"_POMPLAN_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = action
    return env


def _zsh_unescape(text: str) -> str:
    return (
        text.replace(r"\\:", ":")
        .replace("''", "'")
        .replace('""', '"')
        .replace("\\$", "$")
        .replace("\\`", "`")
    )


@dataclass
class Offered:
    """What a shell is told: the values, and the help beside each (zsh and fish only)."""

    shell: str
    out: str
    values: list[str] = field(default_factory=list)
    helps: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.shell == "bash":
            self.values = [line for line in self.out.splitlines() if line]
        elif self.shell == "zsh":
            body = self.out.strip()
            if body == "_files":  # nothing to offer: zsh falls back to file names
                return
            prefix, suffix = "_arguments '*: :((", "))'"
            assert body.startswith(prefix), body
            assert body.endswith(suffix), body
            spec = body[len(prefix) : -len(suffix)]
            item = re.compile(r'"((?:[^"]|"")*)"(?::"((?:[^"]|"")*)")?(?:\n|$)')
            at = 0
            while at < len(spec):
                found = item.match(spec, at)
                assert found, f"not a zsh completion at {spec[at:]!r}"
                at = found.end()
                value = _zsh_unescape(found.group(1))
                self.values.append(value)
                if found.group(2) is not None:
                    # zsh evals the output unquoted, so a wrapped help is one line again.
                    self.helps[value] = " ".join(_zsh_unescape(found.group(2)).split())
        else:
            for line in self.out.splitlines():
                value, _, help_text = line.partition("\t")
                if value:
                    self.values.append(value)
                    if help_text:
                        self.helps[value] = help_text


def invoke(env: dict[str, str]) -> Result:
    return runner.invoke(app, [], env=env, prog_name="pomplan")


def offered(shell: str, line: str) -> Offered:
    """Ask pomplan, in-process, what ``shell`` should offer at the end of ``line``."""
    result = invoke(protocol_env(shell, line))
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    assert "Traceback" not in result.output
    return Offered(shell, result.stdout)


def bash_raw(comp_words: str, comp_cword: int) -> list[str]:
    """bash's answer for exactly these ``COMP_WORDS`` (space-joined) and ``COMP_CWORD``."""
    env = {
        "_POMPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": comp_words,
        "COMP_CWORD": str(comp_cword),
    }
    result = invoke(env)
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


def console(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (not the checkout) with ``env`` added."""
    script = shutil.which("pomplan", path=str(VENV_BIN))
    assert script, f"no pomplan console script in {VENV_BIN}; install the package into the venv"
    return subprocess.run(
        [script],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def work_profile(run: Any) -> None:
    """Profiles 'work' (two milestones ticked off) and 'home' (nothing ticked)."""
    ok(run("--profile", "work", "profile", "set", "--degree", "master"))
    ok(run("--profile", "home", "profile", "set", "--degree", "master"))
    for ident in TICKED:
        assert ident in content.milestone_ids()
        ok(run("--profile", "work", "progress", "done", ident))


def pairs() -> list[str]:
    """The enumerated ``--what-if`` values, written independently of pomplan.cli.complete."""
    found = [f"degree={d}" for d in DEGREES]
    found += [f"background={b}" for b in BACKGROUNDS]
    found += [f"path={p}" for p in (*PATHS, "auto")]
    found += [f"cert={c}" for c in CERTIFICATIONS]
    return found


# --- command, subcommand and flag names ------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pomplan ", COMMANDS),
        ("pomplan est", ["estimate"]),
        ("pomplan pro", ["progress", "profile"]),
        ("pomplan s", ["steps", "skills", "sources"]),
        ("pomplan progress ", ["done", "undo"]),
        ("pomplan profile ", ["set", "show", "list", "path", "reset", "init", "export", "import"]),
        ("pomplan profile re", ["reset"]),
        ("pomplan cohort ", ["import", "export"]),
        (
            "pomplan cohort --sort ",
            ["name", "percent", "status", "remaining", "overdue", "last-activity"],
        ),
        ("pomplan cohort export site --format ", ["html", "markdown", "ics"]),
        ("pomplan paths ", ["show"]),
        ("pomplan estimate --hou", ["--hours-per-week"]),
        ("pomplan --pro", ["--profile"]),
        ("pomplan --ver", ["--version"]),
    ],
)
def test_names(shell: str, line: str, expected: list[str]) -> None:
    assert offered(shell, line).values == expected


# Typer renders each help through Rich at the terminal width, so a long help reached fish as
# several lines, each taken for another completion; pomplan's fish class joins them again.


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pomplan estimate --what", ["--what-if"]),
        ("pomplan plan --form", ["--format"]),
        ("pomplan estimate --c", ["--cert"]),
    ],
)
def test_names_of_options_with_a_long_help(
    shell: str, line: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert offered(shell, line).values == expected


def test_zsh_gets_the_whole_of_a_long_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    got = offered("zsh", "pomplan estimate --what")
    assert got.values == ["--what-if"]
    assert got.helps["--what-if"].startswith("Also estimate with this changed")
    assert got.helps["--what-if"].endswith("a cert is added to those you hold.")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_command_names_come_with_their_help(shell: str) -> None:
    helps = offered(shell, "pomplan ").helps
    assert set(helps) == set(COMMANDS)
    assert all(helps.values())
    assert offered(shell, "pomplan estimate --hou").helps["--hours-per-week"].startswith("Hours")


# --- enumerated values -----------------------------------------------------------------------


def _sorted(values: Any) -> list[str]:
    return sorted(values)


VALUE_CASES = [
    ("pomplan estimate --degree ", DEGREES),
    ("pomplan plan --degree ", DEGREES),
    ("pomplan profile set --degree ", DEGREES),
    ("pomplan estimate --background ", BACKGROUNDS),
    ("pomplan paths --background ", BACKGROUNDS),
    ("pomplan estimate --path ", PATH_CHOICES),
    ("pomplan profile set --path ", PATH_CHOICES),
    ("pomplan estimate --cert ", (*CERTIFICATIONS, "none")),
    ("pomplan estimate --cert agile --cert ", (*CERTIFICATIONS, "none")),
    ("pomplan paths show ", PATHS),
    ("pomplan progress done ", content.milestone_ids()),
    ("pomplan progress done skills-process-map ", content.milestone_ids()),
    ("pomplan plan --format ", FORMATS),
    ("pomplan estimate --format ", BATCH_FORMATS),
    ("pomplan estimate --format ", ("text", "jsonl", "csv")),
    ("pomplan faq ", tuple(e.id for e in content.faq())),
    ("pomplan faq degree ", tuple(e.id for e in content.faq())),
    ("pomplan profile set --unset ", tuple(UNSET)),
]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("line", "expected"), VALUE_CASES)
def test_every_value(shell: str, line: str, expected: tuple[str, ...]) -> None:
    assert expected, "nothing to compare with"
    assert _sorted(offered(shell, line).values) == _sorted(expected)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("line", "incomplete", "choices"),
    [
        ("pomplan estimate --degree ", "m", DEGREES),
        ("pomplan estimate --degree ", "bachelor", DEGREES),
        ("pomplan estimate --background ", "pro", BACKGROUNDS),
        ("pomplan estimate --path ", "a", PATH_CHOICES),
        ("pomplan estimate --cert ", "p", (*CERTIFICATIONS, "none")),
        ("pomplan paths show ", "e", PATHS),
        ("pomplan progress done ", "edu", content.milestone_ids()),
        ("pomplan progress done ", "network-", content.milestone_ids()),
        ("pomplan plan --format ", "s", FORMATS),
        ("pomplan estimate --format ", "j", BATCH_FORMATS),
        ("pomplan faq ", "m", tuple(e.id for e in content.faq())),
    ],
)
def test_prefix_filtering(shell: str, line: str, incomplete: str, choices: tuple[str, ...]) -> None:
    expected = [c for c in choices if c.startswith(incomplete)]
    assert expected, "the prefix should match something"
    assert len(expected) < len(choices), "the prefix should leave something out"
    assert _sorted(offered(shell, line + incomplete).values) == _sorted(expected)


@pytest.mark.parametrize("shell", SHELLS)
def test_degree_m_is_master_and_mba(shell: str) -> None:
    assert offered(shell, "pomplan estimate --degree m").values == ["master", "mba"]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_value_that_matches_nothing_offers_nothing(shell: str) -> None:
    assert offered(shell, "pomplan estimate --degree zzz").values == []
    assert offered(shell, "pomplan progress done zzz").values == []


# --- help texts beside the values (zsh, fish) -----------------------------------------------


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_milestones_come_with_their_titles(shell: str) -> None:
    got = offered(shell, "pomplan progress done ")
    assert got.helps == {m.id: m.title for m in content.plan_catalogue()[1]}
    assert got.helps["education-audit"] == "Audit what your education already covers"


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_an_apostrophe_in_a_help_survives(shell: str) -> None:
    got = offered(shell, "pomplan progress done education-graduate")
    assert got.helps == {"education-graduate-degree": "Weigh a master's degree or an MBA"}
    if shell == "zsh":  # inside zsh's single-quoted _arguments spec, a quote is doubled
        assert "master''s" in got.out


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_faq_topics_and_paths_come_with_their_help(shell: str) -> None:
    assert offered(shell, "pomplan faq ").helps == {e.id: e.question for e in content.faq()}
    path_helps = offered(shell, "pomplan estimate --path ").helps
    assert path_helps == {
        **{p.id: p.name for p in content.paths()},
        "auto": "the fastest path for you",
    }


# --- --what-if KEY=VALUE ---------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_what_if_offers_every_key(shell: str) -> None:
    values = offered(shell, "pomplan estimate --what-if ").values
    assert {v.partition("=")[0] for v in values} == set(by_key())
    assert all("=" in v and v.partition("=")[2] for v in values)
    assert set(pairs()) <= set(values)
    assert len(values) == len(set(values))


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("typed", "key"),
    [("deg", "degree"), ("back", "background"), ("pa", "path"), ("ce", "cert")],
)
def test_what_if_key_prefix(shell: str, typed: str, key: str) -> None:
    """No '=' typed yet: every shell gets the whole ``KEY=VALUE``."""
    values = offered(shell, f"pomplan estimate --what-if {typed}").values
    assert values == [p for p in pairs() if p.startswith(f"{key}=")]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("degree=", [f"degree={d}" for d in DEGREES]),
        ("degree=ma", ["degree=master"]),
        ("cert=", [f"cert={c}" for c in CERTIFICATIONS]),
        ("cert=product-", ["cert=product-management", "cert=product-operations"]),
        ("path=", [f"path={p}" for p in (*PATHS, "auto")]),
        ("background=data", ["background=data-analysis"]),
        ("degree=zzz", []),
    ],
)
def test_what_if_after_the_equals_sign(shell: str, typed: str, expected: list[str]) -> None:
    """zsh and fish replace the whole word; bash only the part after '=' (see bash_words)."""
    if shell == "bash":
        expected = [value.partition("=")[2] for value in expected]
    values = offered(shell, f"pomplan estimate --what-if {typed}").values
    assert _sorted(values) == _sorted(expected)


@pytest.mark.parametrize("shell", SHELLS)
def test_option_equals_value(shell: str) -> None:
    """``--option=partial``: every shell is answered with the bare value (click splits at '=')."""
    assert offered(shell, "pomplan estimate --degree=ma").values == ["master"]
    assert offered(shell, "pomplan estimate --cert=ag").values == ["agile"]
    assert _sorted(offered(shell, "pomplan estimate --degree=").values) == _sorted(DEGREES)


# --- bash's '=' word splitting, exactly as the brief's COMP_WORDS ---------------------------


@pytest.mark.parametrize(
    ("comp_words", "comp_cword", "expected"),
    [
        ("pomplan estimate --what-if degree = ma", 5, ["master"]),
        ("pomplan estimate --what-if degree =", 4, list(DEGREES)),
        ("pomplan estimate --degree = ma", 4, ["master"]),
        ("pomplan estimate --degree =", 3, list(DEGREES)),
        ("pomplan estimate --what-if cert = ag", 5, ["agile"]),
        ("pomplan estimate --what-if cert =", 4, list(CERTIFICATIONS)),
        ("pomplan estimate --what-if path =", 4, [*PATHS, "auto"]),
        ("pomplan estimate --what-if background = data", 5, ["data-analysis"]),
        ("pomplan estimate --what-if deg", 3, [f"degree={d}" for d in DEGREES]),
        ("pomplan plan --format = ht", 4, ["html"]),
        # an earlier KEY=VALUE does not get in the way of the next one
        ("pomplan estimate --what-if degree = master --what-if cert = ag", 9, ["agile"]),
        ("pomplan estimate --what-if degree = master --degree ", 7, list(DEGREES)),
        ("pomplan estimate --degree = master --bac", 5, ["--background"]),
    ],
)
def test_bash_equals_sign_words(comp_words: str, comp_cword: int, expected: list[str]) -> None:
    assert _sorted(bash_raw(comp_words, comp_cword)) == _sorted(expected)


def test_bash_answers_are_values_not_key_value_pairs() -> None:
    """What bash inserts replaces only the word after '=': never 'degree=master' there."""
    answer = bash_raw("pomplan estimate --what-if degree =", 4)
    assert answer == list(DEGREES)
    assert not any("=" in value for value in answer)


def test_bash_an_earlier_option_equals_value_is_understood(work_profile: None) -> None:
    assert bash_raw("pomplan --profile = work progress undo ", 6) == sorted(TICKED)


# --- profile names ---------------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "line",
    [
        "pomplan --profile ",
        "pomplan plan --profile ",
        "pomplan estimate --profile ",
        "pomplan progress --profile ",
        "pomplan profile show --profile ",
    ],
)
def test_profile_names(shell: str, line: str, work_profile: None) -> None:
    got = offered(shell, line)
    assert got.values == ["home", "work"]
    if shell != "bash":
        assert got.helps == {"home": "saved profile", "work": "saved profile"}


@pytest.mark.parametrize("shell", SHELLS)
def test_profile_names_by_prefix(shell: str, work_profile: None) -> None:
    assert offered(shell, "pomplan --profile w").values == ["work"]
    assert offered(shell, "pomplan plan --profile h").values == ["home"]
    assert offered(shell, "pomplan plan --profile x").values == []


@pytest.mark.parametrize("shell", SHELLS)
def test_no_profiles_no_names(shell: str) -> None:
    assert offered(shell, "pomplan --profile ").values == []


# --- progress undo: only what the profile has ticked off -------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("line", "env"),
    [
        ("pomplan --profile work progress undo ", {}),
        ("pomplan progress --profile work undo ", {}),
        ("pomplan progress undo ", {"POMPLAN_PROFILE": "work"}),
        ("pomplan --profile work progress undo ", {"POMPLAN_PROFILE": "home"}),
    ],
)
def test_undo_offers_the_ticked_ids(
    shell: str,
    line: str,
    env: dict[str, str],
    work_profile: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    got = offered(shell, line)
    assert got.values == sorted(TICKED)
    if shell != "bash":
        title = {m.id: m.title for m in content.plan_catalogue()[1]}["network-mentor"]
        assert re.fullmatch(r"done \d{4}-\d{2}-\d{2}: " + re.escape(title), got.helps[TICKED[0]])


@pytest.mark.parametrize("shell", SHELLS)
def test_undo_filters_by_prefix(shell: str, work_profile: None) -> None:
    assert offered(shell, "pomplan --profile work progress undo sk").values == [TICKED[1]]
    assert offered(shell, "pomplan --profile work progress undo edu").values == []


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "line",
    [
        "pomplan --profile home progress undo ",  # a profile with nothing ticked
        "pomplan progress undo ",  # the default profile, never saved
        "pomplan --profile nobody progress undo ",  # no such profile
    ],
)
def test_undo_offers_nothing_when_nothing_is_ticked(
    shell: str, line: str, work_profile: None
) -> None:
    assert offered(shell, line).values == []


@pytest.mark.parametrize("shell", SHELLS)
def test_undo_follows_the_ticks(shell: str, run: Any, work_profile: None) -> None:
    ok(run("--profile", "work", "progress", "undo", TICKED[0]))
    assert offered(shell, "pomplan --profile work progress undo ").values == [TICKED[1]]
    ok(run("--profile", "work", "progress", "done", "education-audit"))
    assert offered(shell, "pomplan --profile work progress undo ").values == sorted(
        ["education-audit", TICKED[1]]
    )


# --- fish: is-args, and zsh's fallback -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("pomplan estimate --degree ", 0),
        ("pomplan progress done edu", 0),
        ("pomplan est", 0),
        ("pomplan estimate --experience ", 1),  # a free number: fish may offer files
        ("pomplan estimate --degree zzz", 1),
    ],
)
def test_fish_is_args(line: str, code: int) -> None:
    result = invoke(protocol_env("fish", line, action="is-args"))
    assert result.exit_code == code, result.output
    assert result.output == ""


def test_zsh_with_nothing_to_offer_falls_back_to_files() -> None:
    result = invoke(protocol_env("zsh", "pomplan estimate --experience "))
    assert result.exit_code == 0
    assert result.stdout.strip() == "_files"


# --- a damaged store: completion offers nothing, quietly -------------------------------------


def _profiles_is_a_file(home: Path) -> None:
    (home / "pomplan").mkdir()
    (home / "pomplan" / "profiles").write_text("not a folder\n")
    (home / "pomplan" / "progress").write_text("not a folder either\n")


def _progress_is_not_json(home: Path) -> None:
    folder = home / "pomplan" / "progress"
    folder.mkdir(parents=True)
    (folder / "work.json").write_text("{not json", "utf-8")
    (folder / "default.json").write_bytes(b"\xff\xfe\x00garbage")


def _progress_file_is_a_folder(home: Path) -> None:
    (home / "pomplan" / "progress" / "work.json").mkdir(parents=True)
    (home / "pomplan" / "progress" / "default.json").mkdir(parents=True)


def _progress_is_from_the_future(home: Path) -> None:
    folder = home / "pomplan" / "progress"
    folder.mkdir(parents=True)
    text = '{"schema_version": 999, "profile": "work", "done": {"cert-lean": "2026-01-01"}}'
    (folder / "work.json").write_text(text, "utf-8")
    (folder / "default.json").write_text("[1, 2, 3]", "utf-8")


def _home_is_a_file(home: Path) -> None:
    (home / "pomplan").write_text("not a folder\n")


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "damage",
    [
        _profiles_is_a_file,
        _progress_is_not_json,
        _progress_file_is_a_folder,
        _progress_is_from_the_future,
        _home_is_a_file,
    ],
)
@pytest.mark.parametrize(
    "line",
    [
        "pomplan progress undo ",
        "pomplan --profile work progress undo ",
        "pomplan progress --profile work undo ",
    ],
)
def test_a_damaged_store_never_breaks_undo(
    shell: str, damage: Any, line: str, isolated_env: Path
) -> None:
    damage(isolated_env)
    assert offered(shell, line).values == []  # offered() also asserts exit 0, no traceback


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("damage", [_profiles_is_a_file, _home_is_a_file])
def test_a_damaged_store_never_breaks_profile_names(
    shell: str, damage: Any, isolated_env: Path
) -> None:
    damage(isolated_env)
    assert offered(shell, "pomplan --profile ").values == []
    assert offered(shell, "pomplan plan --profile ").values == []
    # Everything that does not read the store still works.
    assert offered(shell, "pomplan estimate --degree m").values == ["master", "mba"]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_damaged_profile_file_still_lists_its_name(shell: str, isolated_env: Path) -> None:
    folder = isolated_env / "pomplan" / "profiles"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("this is = = not toml", "utf-8")
    (folder / "fine.toml").write_text("schema_version = 1\n", "utf-8")
    assert offered(shell, "pomplan --profile ").values == ["broken", "fine"]
    assert offered(shell, "pomplan --profile broken progress undo ").values == []


# --- --show-completion and --install-completion ----------------------------------------------

SCRIPT_MARKS = {
    "bash": [
        "_POMPLAN_COMPLETE=complete_bash",
        "complete -o default -F _pomplan_completion pomplan",
    ],
    "zsh": ["#compdef pomplan", "_POMPLAN_COMPLETE=complete_zsh", "compdef _pomplan_completion"],
    "fish": [
        "complete --command pomplan",
        "_POMPLAN_COMPLETE=complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION=get-args",
        "_TYPER_COMPLETE_FISH_ACTION=is-args",
    ],
}


@pytest.fixture
def no_shell_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer then takes the shell's name as the option's value. Set before the invocation:
    CliRunner builds the command (and these options) before it applies its ``env``."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion(shell: str, no_shell_detection: None) -> None:
    result = ok(runner.invoke(app, ["--show-completion", shell], prog_name="pomplan"))
    assert "_POMPLAN_COMPLETE" in result.stdout
    for mark in SCRIPT_MARKS[shell]:
        assert mark in result.stdout


def test_show_completion_for_an_unknown_shell_fails(no_shell_detection: None) -> None:
    result = runner.invoke(app, ["--show-completion", "tcsh"], prog_name="pomplan")
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_show_completion_from_the_console_script(tmp_path: Path) -> None:
    script = shutil.which("pomplan", path=str(VENV_BIN))
    assert script
    for shell in SHELLS:
        proc = subprocess.run(
            [script, "--show-completion", shell],
            env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        for mark in SCRIPT_MARKS[shell]:
            assert mark in proc.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_install_completion(shell: str, no_shell_detection: None, isolated_env: Path) -> None:
    home = isolated_env
    result = ok(runner.invoke(app, ["--install-completion", shell], prog_name="pomplan"))
    installed = {
        "bash": home / ".bash_completions" / "pomplan.sh",
        "zsh": home / ".zfunc" / "_pomplan",
        "fish": home / ".config" / "fish" / "completions" / "pomplan.fish",
    }[shell]
    assert f"{shell} completion installed in {installed}" in result.stdout
    script = installed.read_text()
    for mark in SCRIPT_MARKS[shell]:
        assert mark in script
    if shell == "bash":
        assert f"source '{installed}'" in (home / ".bashrc").read_text().splitlines()
    elif shell == "zsh":
        assert "fpath+=~/.zfunc" in (home / ".zshrc").read_text()
    # Installing completion is no reason to create pomplan's own folder.
    assert not (home / "pomplan").exists()


def test_install_completion_for_bash_twice_sources_once(
    no_shell_detection: None, isolated_env: Path
) -> None:
    rc = isolated_env / ".bashrc"
    rc.write_text("# my own settings\nalias ll='ls -l'\n")
    for _ in range(2):
        ok(runner.invoke(app, ["--install-completion", "bash"], prog_name="pomplan"))
    text = rc.read_text()
    assert text.startswith("# my own settings\nalias ll='ls -l'\n")
    assert text.count("source '") == 1


# --- the real program, in a subprocess -------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "line", "expected"),
    [
        ("bash", "pomplan est", ["estimate"]),
        ("bash", "pomplan estimate --what-if degree=ma", ["master"]),
        ("bash", "pomplan estimate --what-if degree=", list(DEGREES)),
        ("zsh", "pomplan pro", ["progress", "profile"]),
        ("zsh", "pomplan estimate --what-if degree=ma", ["degree=master"]),
        ("fish", "pomplan estimate --degree m", ["master", "mba"]),
        ("fish", "pomplan paths show ", list(PATHS)),
    ],
)
def test_console_script_protocol(
    shell: str, line: str, expected: list[str], tmp_path: Path
) -> None:
    proc = console(protocol_env(shell, line), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert Offered(shell, proc.stdout).values == expected


def test_console_script_zsh_and_fish_show_titles(tmp_path: Path) -> None:
    for shell in ("zsh", "fish"):
        proc = console(protocol_env(shell, "pomplan progress done education-au"), tmp_path)
        assert proc.returncode == 0, proc.stderr
        got = Offered(shell, proc.stdout)
        assert got.helps == {"education-audit": "Audit what your education already covers"}


def test_console_script_fish_is_args(tmp_path: Path) -> None:
    yes = console(protocol_env("fish", "pomplan estimate --degree ", "is-args"), tmp_path)
    no = console(protocol_env("fish", "pomplan estimate --experience ", "is-args"), tmp_path)
    assert (yes.returncode, yes.stdout, yes.stderr) == (0, "", "")
    assert (no.returncode, no.stdout, no.stderr) == (1, "", "")


def test_console_script_undo_after_ticking_with_the_cli(tmp_path: Path) -> None:
    script = shutil.which("pomplan", path=str(VENV_BIN))
    assert script
    for args in (
        ["--profile", "work", "profile", "set", "--degree", "master"],
        ["--profile", "work", "progress", "done", "cert-lean", "network-event"],
    ):
        subprocess.run([script, *args], cwd=tmp_path, check=True, capture_output=True, timeout=60)
    for shell in SHELLS:
        proc = console(protocol_env(shell, "pomplan --profile work progress undo "), tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert Offered(shell, proc.stdout).values == ["cert-lean", "network-event"]
        proc = console(protocol_env(shell, "pomplan --profile "), tmp_path)
        assert Offered(shell, proc.stdout).values == ["work"]


@pytest.mark.parametrize(
    ("damage", "names"),
    [
        (_profiles_is_a_file, []),
        (_progress_is_not_json, ["default", "work"]),  # listed by name, though unreadable
    ],
)
def test_console_script_damaged_store(
    damage: Any, names: list[str], isolated_env: Path, tmp_path: Path
) -> None:
    damage(isolated_env)
    for line, expected in [
        ("pomplan --profile ", names),
        ("pomplan --profile work progress undo ", []),
        ("pomplan progress undo ", []),
    ]:
        proc = console(protocol_env("bash", line), tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        assert proc.stderr == ""
        assert proc.stdout.split() == expected


# --- a real interactive bash on a pseudo-terminal --------------------------------------------


class Bash:
    """An interactive bash with pomplan's completion sourced; type keys, read the words back.

    Each attempt types the keys (TABs included), then goes to the start of the line (Ctrl-A)
    and puts ``printf '@@%s@@\\n'`` in front, so running the line prints its words, one per
    line, which nothing bash echoes while editing can look like. A trailing ``echo`` of an
    arithmetic result marks the end, as the typed text never contains the result itself.
    """

    def __init__(self, bash: str, script: Path, env: dict[str, str]) -> None:
        self.leader, follower = os.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 400, 0, 0))
        self.proc = subprocess.Popen(
            [bash, "--norc", "--noprofile", "-i"],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            cwd=env["HOME"],
            close_fds=True,
            start_new_session=True,
        )
        os.close(follower)
        self.pending = b""
        self.count = 0
        self.run(f"source '{script}'")

    def read_until(self, marker: bytes, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while marker not in self.pending:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.leader], [], [], max(left, 0))
            if not ready:
                shown = self.pending.decode(errors="replace")
                raise AssertionError(f"bash never printed {marker!r}; got:\n{shown}")
            try:
                chunk = os.read(self.leader, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                shown = self.pending.decode(errors="replace")
                raise AssertionError(f"bash ended before printing {marker!r}; got:\n{shown}")
            self.pending += chunk
        end = self.pending.index(marker) + len(marker)
        seen, self.pending = self.pending[:end], self.pending[end:]
        return seen.decode(errors="replace")

    def run(self, command: str) -> str:
        """Type ``command`` and Enter; what bash printed up to the end marker."""
        self.count += 1
        mark = 7000 + self.count
        os.write(self.leader, f"\x15{command} ; echo END$((7000+{self.count}))\r".encode())
        return self.read_until(f"END{mark}".encode())

    def complete(self, keys: str) -> tuple[list[str], str]:
        """Type ``keys`` (with TABs); the words of the line bash ended up with, and the screen."""
        self.count += 1
        mark = 7000 + self.count
        line = f"\x15{keys} ; echo END$((7000+{self.count}))\x01printf '@@%s@@\\n' \r"
        os.write(self.leader, line.encode())
        screen = self.read_until(f"END{mark}".encode())
        words = re.findall(r"^@@(.*)@@\r?$", screen.replace("\r\n", "\n"), re.MULTILINE)
        return words, screen

    def close(self) -> None:
        try:
            os.write(self.leader, b"\x15exit\r")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            os.close(self.leader)


@pytest.fixture
def bash(
    isolated_env: Path, no_shell_detection: None, work_profile: None, tmp_path: Path
) -> Iterator[Bash]:
    executable = shutil.which("bash")
    if executable is None:
        pytest.fail("bash is not on PATH: the real-shell completion tests need it")
    if shutil.which("pomplan", path=str(VENV_BIN)) is None:
        pytest.fail(f"no pomplan console script in {VENV_BIN}: the bash tests run it by name")
    result = ok(runner.invoke(app, ["--show-completion", "bash"], prog_name="pomplan"))
    script = tmp_path / "pomplan-completion.bash"
    script.write_text(result.stdout)
    env = {
        key: value
        for key, value in os.environ.items()
        if key.startswith(("POMPLAN_", "XDG_")) or key in ("HOME", "LANG", "LC_ALL")
    }
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        TERM="dumb",
        PS1="$ ",
        INPUTRC=os.devnull,  # no user or system readline settings
        HISTFILE=os.devnull,
    )
    shell = Bash(executable, script, env)
    try:
        yield shell
    finally:
        shell.close()


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("pomplan est\tX", ["pomplan", "estimate", "X"]),  # the space after 'estimate' too
        ("pomplan progress u\tX", ["pomplan", "progress", "undo", "X"]),
        (
            "pomplan estimate --what-if degree=mas\tX",
            ["pomplan", "estimate", "--what-if", "degree=master", "X"],
        ),
        (
            "pomplan estimate --what-if cert=six\tX",
            ["pomplan", "estimate", "--what-if", "cert=six-sigma", "X"],
        ),
        ("pomplan estimate --degree=ma\tX", ["pomplan", "estimate", "--degree=master", "X"]),
        ("pomplan estimate --degree mb\tX", ["pomplan", "estimate", "--degree", "mba", "X"]),
        (
            "pomplan progress done education-au\tX",
            ["pomplan", "progress", "done", "education-audit", "X"],
        ),
        (
            "pomplan --profile work progress undo net\tX",
            ["pomplan", "--profile", "work", "progress", "undo", "network-mentor", "X"],
        ),
        ("pomplan --profile wo\tX", ["pomplan", "--profile", "work", "X"]),
    ],
)
def test_real_bash_completes_the_line(bash: Bash, keys: str, expected: list[str]) -> None:
    words, screen = bash.complete(keys)
    assert words == expected, screen


def test_real_bash_lists_the_bare_values_after_equals(bash: Bash) -> None:
    """Two TABs after 'degree=' list the degrees themselves, and the line is left as it was."""
    words, screen = bash.complete("pomplan estimate --what-if degree=\t\t")
    assert words == ["pomplan", "estimate", "--what-if", "degree="], screen
    for degree in DEGREES:  # none of them is in what was typed
        assert re.search(rf"(?<![\w=-]){re.escape(degree)}(?![\w-])", screen), screen
    assert "degree=master" not in screen


def test_real_bash_ambiguous_prefix_leaves_the_word(bash: Bash) -> None:
    words, screen = bash.complete("pomplan estimate --degree m\tX")
    assert words == ["pomplan", "estimate", "--degree", "mX"], screen


def test_combined_what_if_changes_complete_the_last_one() -> None:
    for shell in ("zsh", "fish"):
        values = offered(shell, "pomplan estimate --what-if degree=master,cert=ag").values
        assert values == ["degree=master,cert=agile"]
    # bash sends degree, =, master,cert, =, ag and replaces only 'ag'.
    assert bash_raw("pomplan estimate --what-if degree = master,cert = ag", 7) == ["agile"]


def test_a_profile_name_the_command_would_refuse_offers_nothing(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"schema_version": 1, "done": {}}', encoding="utf-8")
    assert offered("zsh", f"pomplan --profile {tmp_path}/x progress undo ").values == []


# --- file names for --input, --output and --rules ---------------------------------------------


@pytest.mark.parametrize(
    "line", ["pomplan estimate --input ", "pomplan plan -o ", "pomplan rules --rules "]
)
def test_fish_gets_file_names_and_the_others_their_own(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # fish's script turns its own file completion off, so pomplan lists the files; bash and
    # zsh get nothing from pomplan and fall back to the shell's file names.
    folder = tmp_path / "work"
    (folder / "plans").mkdir(parents=True)
    (folder / "cohort.csv").write_text("id\n", encoding="utf-8")
    (folder / ".hidden").write_text("", encoding="utf-8")
    monkeypatch.chdir(folder)
    assert offered("fish", line).values == ["cohort.csv", "plans/"]
    assert offered("fish", line + "pl").values == ["plans/"]
    assert offered("fish", line + ".h").values == [".hidden"]
    assert offered("fish", f"{line}{folder}/co").values == [f"{folder}/cohort.csv"]
    assert offered("zsh", line).out.strip() == "_files"
    assert offered("bash", line).values == []
