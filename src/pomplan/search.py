"""The FAQ search: finds the entry a question means, or says there is none. Pure.

A query and every entry are reduced to *terms*: words lower-cased, filler words dropped, plural
and other endings trimmed, and everyday names folded together ("certs", "certificate" and
"credential" are one term; so are "CS", "support" and "customer success"). An entry's terms are
weighed by where they appear: its id and question count most, its alternative phrasings and
keywords next, its answer least. A word found in no entry is matched to the nearest known word
when the spelling is close (rapidfuzz), so typos still count. The confidence of an entry is the
share of the query it covers, rare terms weighing more than common ones; below ``THRESHOLD``
the search answers nothing rather than guess.
"""

from __future__ import annotations

import math
import re
from functools import cache

from pomplan.model import FaqEntry

THRESHOLD = 0.6  # the least share of a query an entry must cover to be an answer
NEAR_TOP = 0.15  # entries this close to the best one are shown after it
MAX_RESULTS = 3
QUESTION, PHRASING, ANSWER = 1.0, 0.75, 0.35
TYPO_CUTOFF = 0.8  # at most one slip (a wrong, missing, extra or swapped letter) in five
TYPO_MIN_LENGTH = 5  # shorter words must be spelled right: "this" is not a typo of "thin"

_STOP = frozenset(
    """a about after am an and any anything are as at be become becoming before being best but by
    can could did do does doing for from get getting go going got had has have how i if in
    into is it its just key like main me might more most much must my necessary need needed
    needs now of on one or our pomplan primary really require required requirement s should so
    some someone something that the their them then there these they this those to too up us
    want was we were what when where which who why will with without would you your advice all
    also actually anyone consider even ever expect grow guide hello hi kind know look looking
    okay please pursue recommend recommended sort suggest tell thanks think tips try trying
    type good great goes put include includes contain im ive id dont cant whats m ve re ll d t
""".split()  # noqa: SIM905
)

# Several words that mean one thing, read before single words.
_PHRASES = (
    (r"\bproduct[\s-]*op(?:eration)?s?\b|\bprodops\b", " productops "),
    (r"\b(?:lean\s+)?(?:six|6)[\s-]*sigma\b|\b(?:green|black|yellow)\s+belt\b", " sixsigma "),
    (r"\bcustomer[\s-]+(?:support|success|service|care|experience)\b", " customersupport "),
    (r"\bhelp[\s-]*desk\b", " customersupport "),
    (r"\bproject\s+management\s+professional\b", " pmp "),
    (r"\bday[\s-]+to[\s-]+day\b|\b(?:typical|all|whole|every)\s+day\b", " daily "),
    (r"\bcase\s+stud(?:y|ies)\b", " portfolio "),
    (r"\bbusiness\s+intelligence\b", " analy "),
    (
        r"\b(?:someone|people|person)\s+like\s+me\b|\bmy\s+(?:situation|case|profile)\b",
        " personal ",
    ),
    (r"\bmaster(?:'?s)?\s+degree\b", " master "),
)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "productops": ("productop",),
    "cert": ("certs", "credential", "credentials", "certified", "accreditation"),
    "customersupport": ("cs", "support", "success", "helpdesk", "service", "csm"),
    "sixsigma": ("sigma", "kaizen"),
    "mba": ("mbas",),
    "master": ("masters", "msc", "postgraduate", "postgrad", "graduate"),
    "degree": ("bachelor", "bachelors", "bsc", "diploma", "undergrad", "undergraduate", "phd"),
    "ops": ("operation", "operations", "operational", "operating", "op"),
    "manage": ("manager", "managers", "management", "managing", "managed"),
    "analy": ("analyst", "analysts", "analysis", "analytics", "analytical", "analyze", "analyse"),
    "salary": (
        "pay",
        "paid",
        "earn",
        "earns",
        "earning",
        "earnings",
        "money",
        "income",
        "wage",
        "wages",
        "compensation",
        "salaries",
        "paycheck",
    ),
    "tool": ("software", "stack", "app", "apps", "jira", "platform", "platforms"),
    "course": ("class", "classes", "training", "bootcamp", "bootcamps", "lesson", "lessons"),
    "network": (
        "networking",
        "connections",
        "contacts",
        "meetup",
        "meetups",
        "mentor",
        "mentors",
        "mentorship",
        "mentoring",
        "community",
        "communities",
    ),
    "definition": ("mean", "meaning", "means", "define", "explain", "explained"),
    "portfolio": ("showcase", "proof", "evidence"),
    "role": (
        "hired",
        "hire",
        "hiring",
        "job",
        "jobs",
        "position",
        "positions",
        "title",
        "titles",
        "opening",
    ),
    "duty": ("duties", "responsibility", "responsibilities", "tasks", "task", "involve"),
    "daily": ("everyday", "routine", "typical"),
    "fast": (
        "faster",
        "quick",
        "quicker",
        "quickly",
        "speed",
        "accelerate",
        "sooner",
        "shortcut",
        "shorten",
        "hurry",
    ),
    "time": ("long", "years", "year", "timeline", "duration", "months", "takes", "take"),
    "switch": ("change", "changer", "changing", "transition", "pivot", "switching"),
    "skill": ("abilities", "ability", "competencies", "competency", "strengths", "qualities"),
    "beginner": ("newbie", "newcomer", "novice", "junior", "entry", "zero", "nothing"),
    "worth": ("useful", "valuable", "value", "help", "helpful", "benefit", "matter"),
    "pmp": ("capm", "pmi"),
    "project": ("program", "programme", "delivery", "projects"),
    "learn": ("learning", "learned", "learnt"),
    "study": ("studying", "studies", "studied"),
    "estimate": ("calculate", "calculation", "computed", "compute", "calculated", "estimates"),
}
_CANON = {word: canon for canon, words in _SYNONYMS.items() for word in words}
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """A word's term: its everyday synonym's name, else the word with common endings trimmed."""
    if word in _CANON or word in _SYNONYMS:
        return _CANON.get(word, word)
    if word.startswith("cert"):
        return "cert"
    for ending, keep in (("ies", "y"), ("ing", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 4 and not word.endswith("ss"):
            trimmed = word[: -len(ending)] + keep
            return _CANON.get(trimmed, trimmed)
    return word


def _words(text: str) -> list[str]:
    text = text.lower().replace("'s", "").replace("\u2019s", "")
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text)
    return [w for w in _WORD.findall(text) if w not in _STOP]


def terms(text: str) -> set[str]:
    """The terms of ``text``: what the search compares."""
    return {_stem(w) for w in _words(text)}


class _Index:
    """Every entry's terms with their weights, and how rare each term is."""

    def __init__(self, entries: tuple[FaqEntry, ...]) -> None:
        self.entries = entries
        self.weights: list[dict[str, float]] = []
        self.questions: list[list[set[str]]] = []  # the question and each phrasing
        spellings: dict[str, str] = {}
        for e in entries:
            asked = [terms(e.question) | terms(e.id.replace("-", " "))]
            asked += [terms(p) for p in e.phrasings]
            tags = terms(" ".join(e.keywords))
            weight = dict.fromkeys(terms(e.answer), ANSWER)
            weight.update(dict.fromkeys(tags.union(*asked[1:]), PHRASING))
            weight.update(dict.fromkeys(asked[0], QUESTION))
            self.weights.append(weight)
            self.questions.append([a for a in asked if a])
            for text in (e.question, e.answer, *e.phrasings, *e.keywords):
                spellings.update((w, _stem(w)) for w in _words(text))
        spellings.update((w, _stem(w)) for w in _CANON)
        self.spellings = spellings
        # Both sides of a typo are long words: "movie" is not a typo of "move".
        self.long_spellings = [w for w in spellings if len(w) >= TYPO_MIN_LENGTH]
        self.known = set(spellings.values()) | set(_SYNONYMS)
        count = len(entries)
        strong = [{t for t, w in weight.items() if w > ANSWER} for weight in self.weights]
        self.rarity = {
            t: math.log(1 + count / (1 + sum(t in s for s in strong))) for t in self.known
        }
        self.rarest = max(self.rarity.values(), default=1.0)

    def correct(self, word: str) -> tuple[str, float] | None:
        """The known term ``word`` stands for, and how sure that is (1 unless it is a typo)."""
        term = _stem(word)
        if term in self.known:
            return term, 1.0
        if len(word) < TYPO_MIN_LENGTH:
            return None
        from rapidfuzz import process  # only a search with an unknown word pays for it
        from rapidfuzz.distance import DamerauLevenshtein

        found = process.extractOne(
            word,
            self.long_spellings,
            scorer=DamerauLevenshtein.normalized_similarity,
            score_cutoff=TYPO_CUTOFF,
        )
        return (self.spellings[found[0]], found[1]) if found else None


@cache
def _index(entries: tuple[FaqEntry, ...]) -> _Index:
    return _Index(entries)


def _query_terms(index: _Index, query: str) -> dict[str, tuple[str | None, float]]:
    """Each query word's term (None if unknown), and how sure the reading is."""
    result: dict[str, tuple[str | None, float]] = {}
    for word in _words(query):
        found = index.correct(word)
        result[word] = found if found else (None, 0.0)
    return result


def score(index: _Index, query: str) -> list[tuple[float, int]]:
    """(confidence, entry position) for every entry, best first."""
    read = _query_terms(index, query)
    if not read:
        return []
    rarity = {
        w: index.rarity.get(t, index.rarest) if t else index.rarest for w, (t, _) in read.items()
    }
    total = sum(rarity.values())
    wanted = {t for t, _ in read.values() if t}
    scored = []
    for position, weight in enumerate(index.weights):
        covered = sum(rarity[w] * sure * weight.get(t, 0.0) for w, (t, sure) in read.items() if t)
        # Among entries that cover the query alike, the one whose question the query fills best.
        fit = max((len(a & wanted) / len(a) for a in index.questions[position]), default=0.0)
        scored.append((covered / total + 0.1 * fit, position))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def search_faq(query: str, entries: tuple[FaqEntry, ...]) -> list[FaqEntry]:
    """The entries that answer ``query``, best first; empty when none does with confidence.

    An exact entry id wins outright.
    """
    text = query.strip().lower()
    for entry in entries:
        if text == entry.id:
            return [entry]
    if not entries:
        return []
    scored = score(_index(entries), text)
    if not scored or scored[0][0] < THRESHOLD:
        return []
    top = scored[0][0]
    near = [position for value, position in scored if value >= max(THRESHOLD, top - NEAR_TOP)]
    return [entries[position] for position in near[:MAX_RESULTS]]
