"""The keyword catalogue for ``pomplan match`` (``data/keywords.toml``): what postings ask for.

Each keyword names the skill it belongs to, the milestones that build it and the facts behind it
(or marks it as common usage); every id it names is checked against the shipped skills, plan and
sources when the file is read, so a typo in the data is an error, not a silent gap. Pure: no I/O
beyond the shipped file, no printing.
"""

from __future__ import annotations

import re
from functools import cache

from pomplan import content, datafile
from pomplan.datafile import Reader
from pomplan.errors import DataFileError
from pomplan.fields import BACKGROUNDS, CERTIFICATIONS
from pomplan.record import Record

KINDS = ("method", "tool", "activity", "background", "certification")
_KEYS = (
    "id",
    "label",
    "kind",
    "synonyms",
    "exact",
    "skill",
    "milestones",
    "sources",
    "common",
    "backgrounds",
    "certifications",
)


class Keyword(Record):
    id: str
    label: str
    kind: str
    synonyms: tuple[str, ...]  # matched whole, in any case
    exact: tuple[str, ...]  # matched whole, with this very capitalisation
    skill: str
    milestones: tuple[str, ...]
    sources: tuple[str, ...]  # fact ids; empty when common
    common: bool  # pomplan's judgement: postings often ask for it
    backgrounds: tuple[str, ...]  # profile backgrounds that show a person has it
    certifications: tuple[str, ...]  # profile certifications that show it


class Weights(Record):
    required: int
    nice_to_have: int


class Catalogue(Record):
    keywords: tuple[Keyword, ...]
    weights: Weights


def _keyword(r: Reader, skills: tuple[str, ...], milestones: tuple[str, ...]) -> Keyword:
    r.only(*_KEYS)
    ident = r.text("id", limit=40)
    if not content.MILESTONE_ID.fullmatch(ident):
        raise r.fail("id", "use a-z, 0-9 and single '-' between words")
    kind = r.text("kind")
    if kind not in KINDS:
        raise r.fail("kind", f"unknown kind {kind!r} (expected one of: {', '.join(KINDS)})")
    skill = r.text("skill")
    if skill not in skills:
        raise r.fail("skill", f"unknown skill {skill!r} (expected one of: {', '.join(skills)})")
    common = r.table.get("common", False)
    if not isinstance(common, bool):
        raise r.fail("common", "expected true or false")
    if common == r.has("sources"):
        raise r.fail("sources", "give either sources (fact ids) or common = true, not both")
    sources = r.texts("sources") if r.has("sources") else ()
    facts = content.sources()[1]
    for fact in sources:
        if fact not in facts:
            raise r.fail("sources", f"unknown fact {fact!r} (see data/sources.toml)")
    words = {
        key: (r.texts(key, limit=80, most=40) if r.has(key) else ())
        for key in ("synonyms", "exact")
    }
    return Keyword(
        id=ident,
        label=r.text("label", limit=60),
        kind=kind,
        synonyms=words["synonyms"],
        exact=words["exact"],
        skill=skill,
        milestones=r.texts("milestones", allowed=milestones),
        sources=sources,
        common=common,
        backgrounds=r.texts("backgrounds", allowed=BACKGROUNDS) if r.has("backgrounds") else (),
        certifications=(
            r.texts("certifications", allowed=CERTIFICATIONS) if r.has("certifications") else ()
        ),
    )


@cache
def catalogue() -> Catalogue:
    """The shipped keywords and the weights of the score, every id they name checked."""
    doc, label = datafile.load_shipped("keywords.toml")
    top = Reader(doc, label)
    top.only("schema_version", "weights", "keywords")
    w = top.sub("weights")
    w.only("required", "nice_to_have")
    weights = Weights(w.integer("required"), w.integer("nice_to_have"))
    if not 1 <= weights.nice_to_have <= weights.required <= 100:
        raise w.fail("", "weights must be whole numbers from 1 to 100, required >= nice_to_have")
    skills = tuple(s.id for s in content.skills())
    milestones = content.milestone_ids()
    found = tuple(_keyword(r, skills, milestones) for r in top.items("keywords", "keyword"))
    seen: set[str] = set()
    for k in found:
        if k.id in seen:
            raise DataFileError(f"{label}: keyword {k.id!r} appears twice")
        seen.add(k.id)
    return Catalogue(found, weights)


def _term(word: str) -> str:
    """A pattern for ``word``: spaces and hyphens between its parts interchangeable (``cross
    functional``, ``cross-functional``), spaces around a slash optional (``A / B``), and a
    plural ``s``/``es`` allowed at the end."""
    parts = re.split(r"[\s\-]+", word.strip())
    pattern = r"[\s\-]+".join(re.escape(p).replace("/", r"\s*/\s*") for p in parts)
    if word[-1].isalnum():
        pattern += "(?:s|es)?"
    return pattern


def _bounded(pattern: str) -> str:
    # Whole words only: no letter or digit right before or after ("Lean" is not in "clean").
    return rf"(?<![^\W_]){pattern}(?![^\W_])"


@cache
def pattern(keyword: Keyword) -> re.Pattern[str]:
    """One pattern that finds ``keyword`` by its label, synonyms and exact spellings."""
    loose = [w for w in (keyword.label, *keyword.synonyms) if w not in keyword.exact]
    loose_part = "|".join(_term(w) for w in sorted(loose, key=len, reverse=True))
    parts = [f"(?i:{_bounded(f'(?:{loose_part})')})"]
    if keyword.exact:
        exact_part = "|".join(_term(w) for w in sorted(keyword.exact, key=len, reverse=True))
        parts.append(_bounded(f"(?:{exact_part})"))
    return re.compile("|".join(parts))


@cache
def anchors(keyword: Keyword) -> tuple[str, ...]:
    """The first word of each of ``keyword``'s spellings, in lower case: a text holding none of
    them can't hold the keyword, and is not searched for it."""
    found = (re.search(r"[^\W_]+", w) for w in (keyword.label, *keyword.synonyms, *keyword.exact))
    return tuple(dict.fromkeys(m.group().lower() for m in found if m))
