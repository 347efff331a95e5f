"""The FAQ search finds the entry a natural question means, and nothing for other topics."""

from __future__ import annotations

from typing import Any

import pytest

from pomplan import content
from pomplan.search import search_faq

# Questions as people type them, with the entry that answers each. Kept apart from the
# entries' own phrasings: most of these words appear in no entry exactly as written.
NATURAL: list[tuple[str, str]] = [
    ("do I need an MBA", "mba"),
    ("is getting an mba worth the money", "mba"),
    ("should i do a masters degree", "mba"),
    ("master's or MBA?", "mba"),
    ("do i need a college degree", "degree"),
    ("can i get hired without a bachelors", "degree"),
    ("which certs should i get", "certifications"),
    ("what certification is best", "certifications"),
    ("best certificates for product ops", "certifications"),
    ("which certifcations help", "certifications"),
    ("PMP", "pmp"),
    ("is the pmp worth it", "pmp"),
    ("capm or pmp for product ops?", "pmp"),
    ("is six sigma useful", "six-sigma"),
    ("should I get a green belt", "six-sigma"),
    ("is 6 sigma worth it", "six-sigma"),
    ("which courses should i take", "courses"),
    ("any good online classes or bootcamps", "courses"),
    ("what is product ops", "what-is-product-ops"),
    ("what does product operations even mean", "what-is-product-ops"),
    ("what does a product operations manager do", "what-they-do"),
    ("what does the job involve day to day", "what-they-do"),
    ("what are the main responsibilities", "what-they-do"),
    ("which tools should i learn", "tools"),
    ("what software do product ops people use", "tools"),
    ("how long does it take", "how-long"),
    ("how many years to become a product ops manager", "how-long"),
    ("how long will it take someone like me", "path-timelines"),
    ("how long does each path take", "path-timelines"),
    ("how long from customer support", "from-customer-support"),
    ("i work in customer service, can i move to product ops", "from-customer-support"),
    ("from CS to product ops", "from-customer-support"),
    ("im a project manager, how do i switch", "from-project-management"),
    ("from program management to product operations", "from-project-management"),
    ("i'm a data analyst", "from-data-analysis"),
    ("moving from data analytics", "from-data-analysis"),
    ("i am a product manager", "from-product-management"),
    ("how much does it pay", "salary"),
    ("what is the salary", "salary"),
    ("how much money will i earn", "salary"),
    ("i have no experience at all", "no-experience"),
    ("where do i start as a complete beginner", "no-experience"),
    ("how do i use my current job to get there", "current-job"),
    ("can i move internally at my company", "current-job"),
    ("how to build a network", "network"),
    ("how do i find a mentor", "network"),
    ("what should be in my portfolio", "portfolio"),
    ("portfolo examples", "portfolio"),
    ("which skills matter", "skills"),
    ("what skils do i need", "skills"),
    ("how can i get there faster", "speed-up"),
    ("how is the estimate calculated", "how-estimate-works"),
    ("can i switch careers from an unrelated field", "career-change"),
    ("what jobs lead into product ops", "entry-roles"),
    ("which path should i choose", "which-path"),
    ("how do i keep up with trends", "keep-learning"),
]

OUT_OF_SCOPE = [
    "what's the weather like tomorrow",
    "best pancake recipe",
    "how is the job market in Berlin",
    "who won the football match last night",
    "how do I fix my car engine",
    "what time is it in Tokyo",
    "recommend a good movie",
    "how to bake sourdough bread",
    "cheap flights to Lisbon",
    "what is the capital of France",
]


def _first(query: str) -> str | None:
    found = search_faq(query, content.faq())
    return found[0].id if found else None


def test_the_set_covers_every_entry_and_is_large_enough() -> None:
    assert len(NATURAL) >= 40
    ids = {e.id for e in content.faq()}
    assert {first for _, first in NATURAL} <= ids


def test_natural_questions_find_their_entry_first() -> None:
    misses = [(q, want, _first(q)) for q, want in NATURAL if _first(q) != want]
    rate = 1 - len(misses) / len(NATURAL)
    assert rate >= 0.95, misses


@pytest.mark.parametrize("query", OUT_OF_SCOPE)
def test_out_of_scope_questions_find_nothing(query: str) -> None:
    assert search_faq(query, content.faq()) == []


@pytest.mark.parametrize("query", OUT_OF_SCOPE[:3])
def test_out_of_scope_on_the_command_line(run: Any, query: str) -> None:
    result = run("faq", *query.split())
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "try one of these topics" in lines[0]
    assert "salary" in lines[0]


@pytest.mark.parametrize(("query", "first"), NATURAL[:6])
def test_natural_questions_on_the_command_line(run_json: Any, query: str, first: str) -> None:
    doc = run_json("faq", *query.split())
    assert doc["entries"][0]["id"] == first


def test_every_entry_is_found_by_each_of_its_phrasings() -> None:
    for entry in content.faq():
        for phrasing in entry.phrasings:
            assert _first(phrasing) == entry.id, (entry.id, phrasing)
