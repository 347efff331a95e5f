"""The examples that end each command's ``--help`` (Typer's ``epilog=``), by command path.

Each line fits a 40-column terminal once indented, so no help page wraps an example.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ("pomplan estimate", "pomplan help plan", "pomplan faq do I need an MBA"),
    "estimate": (
        "pomplan estimate --degree master",
        "pomplan estimate --what-if \\\n    hours-per-week=10",
        "pomplan estimate --json",
    ),
    "plan": (
        "pomplan plan",
        "pomplan plan --details",
        "pomplan plan --format ics \\\n    -o plan.ics",
    ),
    "progress": ("pomplan progress", "pomplan progress done \\\n    education-audit"),
    "progress done": (
        "pomplan progress done \\\n    education-audit",
        "pomplan progress done \\\n    education-audit --on 2026-03-01",
    ),
    "progress undo": ("pomplan progress undo \\\n    education-audit",),
    "profile": ("pomplan profile init", "pomplan profile show", "pomplan profile list"),
    "profile set": (
        "pomplan profile set \\\n    --background operations",
        "pomplan profile set --unset degree",
    ),
    "profile show": ("pomplan profile show", "pomplan --profile ana \\\n    profile show --json"),
    "profile list": ("pomplan profile list", "pomplan profile list --json"),
    "profile path": ("pomplan profile path", "pomplan profile path --json"),
    "profile reset": ("pomplan profile reset", "pomplan profile reset --yes"),
    "profile export": (
        "pomplan profile export -o ana.json",
        "pomplan --profile ana \\\n    profile export > ana.json",
    ),
    "profile import": (
        "pomplan profile import ana.json",
        "pomplan profile import ana.json \\\n    --as ana2",
    ),
    "note": ("pomplan note add met a mentor", "pomplan note list"),
    "note add": (
        "pomplan note add met a mentor",
        "pomplan note add asked for a \\\n    project -m skills-process-map",
    ),
    "note list": ("pomplan note list", "pomplan note list --json"),
    "note remove": ("pomplan note remove 3",),
    "profile init": ("pomplan profile init", "pomplan --profile ana \\\n    profile init"),
    "cohort": ("pomplan cohort", "pomplan cohort --behind", "pomplan cohort --sort overdue"),
    "cohort import": (
        "pomplan cohort import roster.csv",
        "pomplan cohort import roster.csv \\\n    --yes",
    ),
    "cohort export": (
        "pomplan cohort export site",
        "pomplan cohort export site \\\n    --format markdown --force",
    ),
    "paths": ("pomplan paths", "pomplan paths --compare", "pomplan paths show standard"),
    "paths show": ("pomplan paths show standard", "pomplan paths show data-analysis"),
    "match": (
        "pomplan match posting.pdf \\\n    --resume resume.docx",
        "pomplan match posting.txt",
        "pomplan match posting.txt --json",
    ),
    "faq": ("pomplan faq", "pomplan faq do I need an MBA", "pomplan faq certifications"),
    "steps": ("pomplan steps", "pomplan steps --json"),
    "skills": ("pomplan skills", "pomplan skills --mine", "pomplan skills assess"),
    "skills show": ("pomplan skills show \\\n    analytical-skills",),
    "skills assess": (
        "pomplan skills assess",
        "pomplan profile set --skill \\\n    analytical-skills=3",
    ),
    "rules": ("pomplan rules", "pomplan rules --toml > my.toml", "pomplan rules --json"),
    "help": ("pomplan help", "pomplan help plan", "pomplan help profile set"),
    "sources": ("pomplan sources", "pomplan sources S1.F29", "pomplan sources s1.f2 s2.f1"),
}


def examples(path: str) -> str:
    """The epilog of the command at ``path`` ("profile set"): its example lines, kept as
    written (Click's ``\\b`` marker stops it rewrapping them)."""
    lines = "\n".join(EXAMPLES[path])
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines.split("\n"))
