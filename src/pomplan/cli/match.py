"""``pomplan match``: a job posting against your resume or your saved profile, offline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import typer

from pomplan.cli import complete
from pomplan.cli.options import JsonOpt, ProfileOpt
from pomplan.cli.session import person
from pomplan.errors import UsageProblem
from pomplan.render import MatchView, emit


def match(
    ctx: typer.Context,
    posting: Annotated[
        str,
        typer.Argument(
            metavar="POSTING",
            help="The job posting: a text, Markdown, PDF or Word (.docx) file, or '-' to read "
            "standard input.",
            autocompletion=complete.files,
            show_default=False,
        ),
    ],
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            metavar="FILE",
            help="Your resume (text, Markdown, PDF or .docx; '-' for standard input). Left "
            "out: your saved profile stands in.",
            autocompletion=complete.files,
            show_default=False,
        ),
    ] = None,
    profile: ProfileOpt = None,
    json: JsonOpt = False,
) -> None:
    """Match a job posting against your resume or your saved profile.

    Finds the words the posting uses for the role's methods, tools, activities, background
    and certifications, sorts each into required or nice to have by its section and wording,
    and checks your resume (or profile) for it. The score from 0 to 100 is explained so you
    can redo it by hand; each missing keyword comes with the plan milestones that build it.
    Everything happens on this machine: nothing is uploaded.
    """
    if posting == "-" and resume == "-":
        raise UsageProblem(
            "the posting and the resume can't both be standard input ('-')",
            "give one of them as a file",
        )
    from pomplan import content, documents, keywords
    from pomplan import match as matching

    post = documents.read(posting, "posting")
    mine = documents.read(resume, "resume") if resume is not None else None
    who = person(ctx, profile)
    # The skill self-ratings (0-4) saved with the profile, by skill id.
    levels: Mapping[str, int] = dict(who.given.skills or ())
    result = matching.match(
        (posting, post.text),
        None if mine is None else (mine.name, mine.text),
        (who.name, who.given),
        levels,
        keywords.catalogue(),
        {s.id: s.name for s in content.skills()},
    )
    titles = {m.id: m.title for m in content.plan_catalogue()[1]}
    emit(MatchView(result, titles), "json" if json else "text")
