"""A job posting matched against a resume or a saved profile, with a score a person can redo.

Pure: texts and a profile in, a :class:`Match` out; no I/O, no printing.

- **Finding keywords**: each catalogue keyword (``data/keywords.toml``) by its label, synonyms
  and exact spellings, whole words only, in any case (its ``exact`` spellings in theirs), each
  with the numbers of the lines it stands on (1 = the first line of the text as read).
- **Required or nice-to-have**: decided where the keyword stands in the posting. The wording
  of its own clause comes first ("must", "required" / "a plus", "nice to have", "preferred",
  "bonus" ...; the closest such word after the keyword, else the closest before it); then the
  heading of its section ("Requirements", "What you'll need" / "Nice to have", "Preferred
  qualifications" ...). With neither, it counts as **required**: text without such a signal
  mostly describes the job itself, and counting it as required never flatters the score.
  Keywords that stand only under headings about the company ("About us", "Benefits", "What we
  offer" ...) are not counted. A keyword named both ways counts as required.
- **Against a resume**: found when it stands anywhere in the resume.
- **Against a profile**: found when the saved background or a certification shows it (the
  catalogue says which), or, for methods, tools and activities, when the person rates its
  skill :data:`HAS_SKILL` or more (0-4). Backgrounds and certifications need the real thing.
- **Score**: required keywords weigh ``weights.required``, nice-to-have ones
  ``weights.nice_to_have`` (``data/keywords.toml``); score = 100 x found weight / total
  weight, rounded half up. No catalogue keyword in the posting: no score (``None``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from pomplan.keywords import Catalogue, Keyword, Weights, anchors, pattern
from pomplan.model import Given
from pomplan.record import Record

HAS_SKILL = 2  # a self-rating (0-4) from which a skill's methods, tools and activities count
REQUIRED, NICE, IGNORED = "required", "nice", "ignored"

# The wording that marks a requirement or a nice-to-have: some words follow what they mark
# ("SQL is a plus", "MBA preferred"), some come before it ("ideally Lean", "must know SQL").
_NICE_AFTER = (
    r"a\s+plus|(?:a\s+)?bonus|preferred|desired|desirable|an\s+advantage|advantageous|helpful|"
    r"nice[\s-]to[\s-]haves?|good[\s-]to[\s-]haves?|optional|would\s+be\s+(?:great|nice|helpful)|"
    r"not\s+(?:required|necessary|a\s+must)|extra\s+credit"
)
_NICE_BEFORE = (
    r"ideally|preferably|nice[\s-]to[\s-]haves?|good[\s-]to[\s-]haves?|bonus|preferred|prefer|"
    r"desirable|desired|optional"
)
_MUST_AFTER = r"required|essential|mandatory|needed|a\s+must|\(\s*must\s*\)"
_MUST_BEFORE = r"must|required|requires?|at\s+least|minimum|need\s+to\s+have|essential"
_REQUIRED_HEADING = (
    r"requirements?|qualifications?|what\s+you(?:'|\u2019|\s+wi)?ll\s+need|what\s+you\s+need|"
    r"what\s+we(?:'|\u2019|\s+a)?re\s+looking\s+for|who\s+you\s+are|about\s+you|you\s+have|"
    r"you\s+bring|you\s+will|you(?:'|\u2019)ll|skills|experience|responsibilit(?:y|ies)|"
    r"what\s+you(?:'|\u2019|\s+wi)?ll\s+do|the\s+role|your\s+role|duties|must[\s-]haves?"
)
_IGNORED_HEADING = (
    r"benefits|perks|what\s+we\s+offer|about\s+us|about\s+the\s+company|who\s+we\s+are|"
    r"compensation|salary|pay\s+range|equal\s+opportunity|our\s+values|why\s+join|"
    r"how\s+to\s+apply|life\s+at"
)
_BULLET = re.compile(r"\s*(?:[-*+\u2022\u00b7\u25aa\u2013]|\d{1,2}[.)])\s")
_CLAUSE_END = re.compile(r"[;]|[.!?](?=\s|$)")


@cache
def _cues() -> tuple[re.Pattern[str], ...]:
    def words(alternatives: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)

    return (
        words(f"{_NICE_AFTER}|{_NICE_BEFORE}"),
        words(f"{_MUST_AFTER}|{_MUST_BEFORE}"),
        words(_REQUIRED_HEADING),
        words(_IGNORED_HEADING),
    )


@cache
def _marks() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, kind) of the wording that follows what it marks, and of what comes before."""

    def words(alternatives: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)

    return (
        (words(_NICE_AFTER), NICE),
        (words(_MUST_AFTER), REQUIRED),
        (words(_NICE_BEFORE), NICE),
        (words(_MUST_BEFORE), REQUIRED),
    )


_SMALL = {"with", "in", "of", "for", "on", "using", "from", "at", "by"}


def _heading(line: str) -> tuple[str, bool] | None:
    """The heading ``line`` is, or the label it starts with ("Requirements: SQL"), if any; and
    whether it is a true heading (a label with no cue leaves the section as it was)."""
    text = line.strip()
    if not text or _BULLET.match(text):
        return None
    marked = text.startswith("#") or (text.startswith(("**", "__")) and text.endswith(("**", "__")))
    text = text.lstrip("#").strip().strip("*_").strip()
    label, colon, _ = text.partition(":")
    if colon and 0 < len(label) <= 60:
        return label, marked or not _.strip()
    if marked:
        return text, True
    if len(text) > 60 or text.endswith((".", ",", ";")):
        return None
    if text.istitle() or text.isupper():
        return text, True
    words = text.lower().split()
    nice, _must, required, ignored = _cues()
    cued = any(c.match(text) for c in (nice, required, ignored))
    return (text, True) if cued and len(words) <= 5 and not _SMALL & set(words) else None


def _section(heading: tuple[str, bool], current: str | None) -> str | None:
    """The kind of section a heading opens: required, nice, ignored, or None (no signal)."""
    text, opens = heading
    nice, _, required, ignored = _cues()
    if nice.search(text):
        return NICE
    if required.search(text):
        return REQUIRED
    if ignored.search(text):
        return IGNORED
    return None if opens else current


def _clause_signal(line: str, at: int, end: int) -> str | None:
    """What the wording of the clause around ``line[at:end]`` says: the closest word after it
    that marks what comes before ("a plus"), else the closest before it that marks what
    follows ("ideally"); None if the clause has neither."""
    starts = [0] + [m.end() for m in _CLAUSE_END.finditer(line)]
    begin = starts[bisect_right(starts, at) - 1]
    stop = next((m.start() for m in _CLAUSE_END.finditer(line, end)), len(line))
    (nice_after, _), (must_after, _), (nice_before, _), (must_before, _) = _marks()
    after = [(m.start(), NICE) for m in nice_after.finditer(line, end, stop)]
    after += [(m.start(), REQUIRED) for m in must_after.finditer(line, end, stop)]
    if after:
        return min(after)[1]
    before = [(m.end(), NICE) for m in nice_before.finditer(line, begin, at)]
    before += [(m.end(), REQUIRED) for m in must_before.finditer(line, begin, at)]
    return max(before)[1] if before else None


def _sections(lines: list[str]) -> list[str | None]:
    """Each line's section: what the latest heading above it (or on it) says."""
    current: str | None = None
    kinds = []
    for line in lines:
        heading = _heading(line)
        if heading is not None:
            current = _section(heading, current)
        kinds.append(current)
    return kinds


class Finding(Record):
    keyword: Keyword
    required: bool
    in_posting: tuple[int, ...]  # line numbers, from 1
    in_resume: tuple[int, ...]  # line numbers, from 1 (none against a profile)
    found: bool
    evidence: str | None  # against a profile: what in it shows the keyword
    hint: str | None  # missing from the resume though the profile shows it: name it


class Score(Record):
    value: int | None  # 0-100; None when the posting names no catalogue keyword
    weights: Weights
    required_found: int
    required_total: int
    nice_found: int
    nice_total: int

    @property
    def found_weight(self) -> int:
        w = self.weights
        return self.required_found * w.required + self.nice_found * w.nice_to_have

    @property
    def total_weight(self) -> int:
        w = self.weights
        return self.required_total * w.required + self.nice_total * w.nice_to_have


class Match(Record):
    posting: str
    resume: str | None  # None: matched against the profile
    profile: str  # the profile's name
    findings: tuple[Finding, ...]  # in the order they first stand in the posting
    score: Score

    @property
    def missing(self) -> tuple[Finding, ...]:
        """The keywords not found, required first, each group in posting order."""
        lost = [f for f in self.findings if not f.found]
        return tuple(sorted(lost, key=lambda f: not f.required))


def lines_of(text: str, keyword: Keyword) -> tuple[int, ...]:
    """The numbers of the lines (from 1) on which ``keyword`` stands in ``text``."""
    return tuple(sorted({n for n, _, _ in _hits(_Text(text), keyword)}))


class _Text:
    """A text with what every keyword's search needs, worked out once: where its lines start,
    and its lower case (to skip a keyword none of whose words is there)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]


def _hits(text: _Text, keyword: Keyword) -> list[tuple[int, int, int]]:
    """(line number, start, end in that line) of each time ``keyword`` stands in ``text``."""
    if not any(word in text.lower for word in anchors(keyword)):
        return []
    starts, hits = text.starts, []
    for m in pattern(keyword).finditer(text.text):
        index = bisect_right(starts, m.start()) - 1
        hits.append((index + 1, m.start() - starts[index], m.end() - starts[index]))
    return hits


def in_posting(text: str, catalogue: Catalogue) -> list[tuple[Keyword, bool, tuple[int, ...]]]:
    """The keywords the posting names (outside sections about the company), each with whether
    it is required and the lines it stands on, in the order they first appear."""
    lines = text.split("\n")
    sections = _sections(lines)
    known = _Text(text)
    result = []
    for keyword in catalogue.keywords:
        kinds: dict[int, str] = {}
        for number, start, end in _hits(known, keyword):
            section = sections[number - 1]
            if section == IGNORED:
                continue
            kind = _clause_signal(lines[number - 1], start, end) or section or REQUIRED
            kinds[number] = REQUIRED if kinds.get(number) == REQUIRED else kind
        if kinds:
            result.append((keyword, REQUIRED in kinds.values(), tuple(sorted(kinds))))
    result.sort(key=lambda item: item[2][0])
    return result


def evidence(
    keyword: Keyword, given: Given, levels: Mapping[str, int], skill_names: Mapping[str, str]
) -> str | None:
    """What in the profile shows ``keyword``, in a few words; None if nothing does."""
    if given.background is not None and given.background in keyword.backgrounds:
        return f"background {given.background}"
    held = [c for c in given.certifications or () if c in keyword.certifications]
    if held:
        return f"certification {held[0]}"
    level = levels.get(keyword.skill, 0)
    if keyword.kind not in ("background", "certification") and level >= HAS_SKILL:
        return f"{skill_names.get(keyword.skill, keyword.skill)} rated {level} of 4"
    return None


def score(findings: tuple[Finding, ...], weights: Weights) -> Score:
    required = [f for f in findings if f.required]
    nice = [f for f in findings if not f.required]
    partial = Score(
        None,
        weights,
        sum(f.found for f in required),
        len(required),
        sum(f.found for f in nice),
        len(nice),
    )
    total = partial.total_weight
    if not total:
        return partial
    # 100 x found / total, rounded half up, in whole numbers (no float can round it wrongly).
    value = (200 * partial.found_weight + total) // (2 * total)
    return Score(value, *tuple(partial)[1:])


def explain(s: Score) -> str:
    """How the score is made, in words and numbers a person can redo by hand."""
    w = s.weights
    if s.value is None:
        return "The posting names none of the keywords pomplan knows, so there is no score."
    exact = Decimal(100 * s.found_weight) / Decimal(s.total_weight)
    shown = exact.quantize(Decimal("0.1"), ROUND_HALF_UP)
    return (
        f"A required keyword weighs {w.required}, a nice-to-have one {w.nice_to_have}: "
        "requirements decide who is invited, the rest only breaks ties. "
        f"Found {s.required_found} of {s.required_total} required "
        f"({s.required_found} x {w.required} = {s.required_found * w.required}) and "
        f"{s.nice_found} of {s.nice_total} nice-to-have "
        f"({s.nice_found} x {w.nice_to_have} = {s.nice_found * w.nice_to_have}): "
        f"{s.found_weight} of {s.total_weight} points. "
        f"Score = 100 x {s.found_weight} / {s.total_weight} = {shown:f}, rounded: {s.value}."
    )


def match(
    posting: tuple[str, str],
    resume: tuple[str, str] | None,
    profile: tuple[str, Given],
    levels: Mapping[str, int],
    catalogue: Catalogue,
    skill_names: Mapping[str, str],
) -> Match:
    """Match ``posting`` (name, text) against ``resume`` (name, text) or, without one, the
    profile (name, values) and ``levels`` (skill id -> self-rating 0-4)."""
    given = profile[1]
    mine = None if resume is None else _Text(resume[1])
    findings = []
    for keyword, required, where in in_posting(posting[1], catalogue):
        shown = evidence(keyword, given, levels, skill_names)
        if resume is None:
            findings.append(Finding(keyword, required, where, (), shown is not None, shown, None))
            continue
        lines = tuple(sorted({n for n, _, _ in _hits(mine, keyword)})) if mine else ()
        hint = None
        if not lines and shown is not None:
            hint = f"your profile shows it ({shown}): if so, name it as '{keyword.label}'"
        findings.append(Finding(keyword, required, where, lines, bool(lines), None, hint))
    done = tuple(findings)
    return Match(
        posting[0],
        None if resume is None else resume[0],
        profile[0],
        done,
        score(done, catalogue.weights),
    )
