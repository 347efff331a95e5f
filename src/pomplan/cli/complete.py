"""Shell completion: what each option and argument can be, for bash, zsh and fish.

Typer answers the shell's questions (``_POMPLAN_COMPLETE=complete_bash`` and friends) from
these functions. They never fail: a completion that can't be worked out (an unreadable
profile folder, say) offers nothing rather than printing an error into the shell. Each
function's parameters are named as Typer expects (``ctx``, ``args``, ``incomplete``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Item = tuple[str, str]  # a value and the help a shell shows beside it (zsh, fish)


def _matching(items: Iterable[Item], incomplete: str) -> list[Item]:
    return [(value, help_text) for value, help_text in items if value.startswith(incomplete)]


def _safely(make: Callable[[], Iterable[Item]], incomplete: str) -> list[Item]:
    try:
        return _matching(make(), incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def values(choices: Iterable[str], helps: dict[str, str] | None = None) -> Callable[..., Any]:
    """A completer for a fixed list of values."""
    fixed = tuple(choices)

    def complete(incomplete: str) -> list[Item]:
        return _matching(((c, (helps or {}).get(c, "")) for c in fixed), incomplete)

    return complete


def path_names() -> dict[str, str]:
    from pomplan.content import paths

    return {p.id: p.name for p in paths()}


def paths(incomplete: str) -> list[Item]:
    """Path ids, with their names, and ``auto``."""
    return _safely(
        lambda: [*path_names().items(), ("auto", "the fastest path for you")], incomplete
    )


def milestones(incomplete: str) -> list[Item]:
    """Every milestone id, with its title."""
    from pomplan.content import plan_catalogue

    return _safely(lambda: ((m.id, m.title) for m in plan_catalogue()[1]), incomplete)


def _profile_in(ctx: Any) -> str:
    from pomplan.store import DEFAULT_PROFILE, check_name

    seen = ctx
    while seen is not None:
        name = seen.params.get("profile") if isinstance(seen.params, dict) else None
        if isinstance(name, str) and name:
            return check_name(name)  # a name the command would refuse offers nothing
        seen = seen.parent
    return check_name(os.environ.get("POMPLAN_PROFILE") or DEFAULT_PROFILE)


def ticked(ctx: Any, incomplete: str) -> list[Item]:
    """The milestones the profile has ticked off (what 'progress undo' can take back)."""

    def recorded() -> list[Item]:
        from pomplan.content import plan_catalogue
        from pomplan.store import load_progress, locations

        titles = {m.id: m.title for m in plan_catalogue()[1]}
        done = load_progress(locations(os.environ), _profile_in(ctx))
        return [(i, f"done {d.isoformat()}: {titles.get(i, '')}") for i, d in sorted(done.items())]

    return _safely(recorded, incomplete)


def profiles(incomplete: str) -> list[Item]:
    """The saved profiles' names."""

    def saved() -> list[Item]:
        from pomplan.store import list_profiles, locations

        return [(p.name, "saved profile") for p in list_profiles(locations(os.environ))]

    return _safely(saved, incomplete)


def faq_topics(incomplete: str) -> list[Item]:
    """FAQ entry ids, with their questions."""
    from pomplan.content import faq

    return _safely(lambda: ((e.id, e.question) for e in faq()), incomplete)


def what_if(incomplete: str) -> list[Item]:
    """``KEY=VALUE`` for every enumerated value, and an example for the numeric keys."""

    def pairs() -> list[Item]:
        from pomplan.levels import SKILLS
        from pomplan.model import BACKGROUNDS, CERTIFICATIONS, DEGREES

        found = [(f"degree={d}", "with this degree") for d in DEGREES]
        found += [(f"background={b}", "coming from this field") for b in BACKGROUNDS]
        found += [(f"path={p}", name) for p, name in path_names().items()]
        found.append(("path=auto", "the fastest path for you"))
        found += [(f"cert={c}", "with this certification too") for c in CERTIFICATIONS]
        found += [(f"hours-per-week={h}", "hours a week") for h in (5, 10, 15, 20)]
        found += [(f"experience={y}", "years in your background") for y in (1, 2, 3, 5)]
        found += [(f"skill={s}=3", "with this skill strong") for s in SKILLS]
        return found

    # Changes joined with ',' are completed one at a time: the last one is the one typed.
    done, comma, last = incomplete.rpartition(",")
    return [(done + comma + value, text) for value, text in _safely(pairs, last)]


def skill_levels(incomplete: str) -> list[Item]:
    """``ID=LEVEL`` for every skill: the level as a number (its name beside it), or as its name
    once a letter follows the '='; pairs joined with ',' are completed one at a time."""

    def pairs() -> list[Item]:
        from pomplan.levels import LEVEL_NAMES, SKILLS

        named = last.partition("=")[2][:1].isalpha()
        return [
            (f"{s}={name if named else n}", f"{n}: {name}")
            for s in SKILLS
            for n, name in enumerate(LEVEL_NAMES)
        ]

    done, comma, last = incomplete.rpartition(",")
    return [(done + comma + value, text) for value, text in _safely(pairs, last)]


def files(incomplete: str) -> list[Item]:
    """Files and folders, for fish only: its script turns off fish's own file completion, while
    bash and zsh fall back to theirs when pomplan offers nothing."""
    if not os.environ.get("_POMPLAN_COMPLETE", "").endswith("fish"):
        return []

    def listed() -> list[Item]:
        folder, slash, start = incomplete.rpartition("/")
        where = Path(folder or "/" if slash else ".").expanduser()
        found = []
        for entry in sorted(os.scandir(where), key=lambda e: e.name):
            if entry.name.startswith(".") and not start.startswith("."):
                continue  # hidden, unless asked for
            shown = f"{folder}{slash}{entry.name}"
            found.append((shown + "/" if entry.is_dir() else shown, ""))
        return found

    return _safely(listed, incomplete)


def tokens(words: list[str], cword: int) -> tuple[list[str], str, str]:
    """Bash's words put back together: the arguments before the cursor, the whole word being
    completed, and the part of it that bash will replace.

    Bash splits words at '=', so ``--what-if degree=ma`` arrives as ``degree``, ``=``, ``ma``:
    every '=' glues its neighbours back into one word. Bash replaces only the piece after the
    last '=' (nothing, when the cursor is right after it). Used by the bash class that
    :func:`pomplan.cli._typer_private.install_completion_fixes` installs.
    """
    current = words[cword] if cword < len(words) else ""
    glued: list[str] = []
    join_next = False
    for word in [*words[:cword], current]:
        if word == "=" and glued:
            glued[-1] += "="
            join_next = True
        elif join_next:
            glued[-1] += word
            join_next = False
        else:
            glued.append(word)
    whole = glued[-1]
    replaced = "" if current == "=" else current
    return glued[1:-1], whole, whole[: len(whole) - len(replaced)]
