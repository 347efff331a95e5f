"""The estimate document as one line of JSON text, put together from cached pieces.

This is for ``estimate --input``, where a cohort has many rows and few distinct values. Each
line of the estimate depends on one or two profile values. The rules' own line functions make
it (``rules.degree_line`` and the rest) and ``json_doc`` writes it as text, once per distinct
value. A row then costs a few cache lookups, two additions per end of the range, and a join,
instead of a full estimate and a ``json.dumps`` of a 2 KB document.

The result reads back as exactly the document that ``json_doc.estimate(build_report(...))``
gives for the same values. tests/test_batch.py checks this against that slower path, row by
row, over random profiles and rules files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pomplan import rules as engine
from pomplan.model import PATHS, Adjustment, Profile, Range, to_months
from pomplan.render import json_doc
from pomplan.report import CHOSEN, Given, auto_assumption, filled, next_steps, resolve

SIZE = 1024  # entries per cache keyed on a free-form value; the rest are bounded by the rules

Piece = tuple[Range, str]  # a line's effect, and its JSON text ("" for no line)


class EstimateLines:
    """Estimate documents, as JSON text, for one set of rules."""

    def __init__(self, rules: engine.Rules) -> None:
        self.rules = rules
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self.encode: Callable[[Any], str] = encode
        self.baseline = rules.baseline.effect
        self.head = f'"schema_version":{json_doc.SCHEMA_VERSION},"profile":{{"degree":'
        self.chosen = encode({"automatic": CHOSEN.automatic, "reason": CHOSEN.reason})
        self.tail = f',"rules_file":{encode(rules.source)},"saved_profile":null}}'
        self.baseline_text = encode(json_doc.span(self.baseline))

        def line(make: Callable[..., Adjustment]) -> Callable[..., Piece]:
            def piece(*key: Any) -> Piece:
                made = make(rules, *key)
                return made.effect, encode(json_doc.adjustment(made))

            return piece

        fixed = lru_cache(maxsize=None)
        bounded = lru_cache(maxsize=SIZE)
        self.degree = fixed(line(engine.degree_line))
        self.background = fixed(line(engine.background_line))
        self.path_fit = fixed(line(engine.path_fit_line))
        self.experience = bounded(line(engine.experience_line))
        self.pace = bounded(line(engine.pace_line))
        self.certs = bounded(self._certs)
        self.settle = bounded(self._settle)
        self.years = bounded(self._years)
        self.number = bounded(lambda value: encode(json_doc.num(value)))
        self.text = bounded(encode)
        self.choice = bounded(self._choice)
        self.assumptions = bounded(self._assumptions)
        self.next_steps = bounded(self._next_steps)
        self.fastest = bounded(self._fastest)

    # --- the pieces, each made once per distinct key ---------------------------------------

    def _certs(self, held: tuple[str, ...]) -> tuple[Range, str, str]:
        lines = engine.cert_lines(self.rules, held)
        low = sum((a.effect.low for a in lines), Decimal(0))
        high = sum((a.effect.high for a in lines), Decimal(0))
        text = ",".join(self.encode(json_doc.adjustment(a)) for a in lines)
        return Range(low, high), text, self.encode(list(held))

    def _settle(self, raw: Range) -> tuple[Range, str]:
        final, floor = engine.settle(self.rules, raw)
        return final, "" if floor is None else self.encode(json_doc.adjustment(floor))

    def _years(self, final: Range) -> str:
        months = {"low": to_months(final.low), "high": to_months(final.high)}
        return f'"years":{self.encode(json_doc.span(final))},"months":{self.encode(months)}'

    def _choice(self, path: str, best: Range, standard: Range) -> tuple[str, str]:
        reason = engine.auto_reason(path, best, standard)
        return reason, self.encode({"automatic": True, "reason": reason})

    def _assumptions(self, missing: tuple[bool, ...], path: str | None, reason: str) -> str:
        # Only which values are missing matters (a given value is not an assumption).
        ref = self.rules.reference
        stand_in = Given(
            *(
                None if gone else value
                for gone, value in zip(missing, _given_values(ref), strict=True)
            )
        )
        found = resolve(stand_in, self.rules)[1]
        if path is not None:
            found.append(auto_assumption(path, reason))
        return self.encode(json_doc.assumptions(found))

    def _next_steps(self, path: str, degree: str, background: str) -> str:
        ref = self.rules.reference
        who = ref._replace(path=path, degree=degree, background=background)
        return self.encode(list(next_steps(who)))

    def _fastest(self, common: Range, background: str) -> tuple[Any, ...]:
        # Every path differs only in its path-fit line: the shortest wins, as in choose_path.
        best: tuple[Any, ...] | None = None
        standard = None
        for path in PATHS:
            f_effect, f_text = self.path_fit(path, background)
            final, floor = self.settle(
                Range(common.low + f_effect.low, common.high + f_effect.high)
            )
            rank = engine.ranking(final)
            if best is None or rank < best[0]:
                best = (rank, path, final, floor, f_text)
            if path == "standard":
                standard = final
        assert best is not None and standard is not None
        _, path, final, floor, f_text = best
        reason, choice = self.choice(path, final, standard)
        return path, final, floor, f_text, reason, choice

    # --- a row ----------------------------------------------------------------------------

    def solve(self, given: Given) -> tuple[Any, ...]:
        """Everything a row's document says, worked out from the cached pieces: the profile
        (reference values filled in), the path, whether it was picked automatically, the
        final range, the lines' JSON text, and the path choice and its reason."""
        p: Profile = filled(given, self.rules)
        background = p.background
        d_effect, d_text = self.degree(p.degree)
        b_effect, b_text = self.background(background)
        e_effect, e_text = self.experience(background, p.experience_years)
        c_effect, c_text, c_list = self.certs(p.certifications)
        h_effect, h_text = self.pace(p.hours_per_week)
        base = self.baseline
        low = base.low + d_effect.low + b_effect.low + e_effect.low + c_effect.low + h_effect.low
        high = (
            base.high
            + d_effect.high
            + b_effect.high
            + e_effect.high
            + c_effect.high
            + h_effect.high
        )
        automatic = given.path is None or given.path == "auto"
        if automatic:
            path, final, floor, f_text, reason, choice = self.fastest(Range(low, high), background)
        else:
            path = p.path
            f_effect, f_text = self.path_fit(path, background)
            final, floor = self.settle(Range(low + f_effect.low, high + f_effect.high))
            reason, choice = "", self.chosen
        texts = [d_text, b_text, e_text, f_text]
        if c_text:
            texts.append(c_text)
        texts.append(h_text)
        if floor:
            texts.append(floor)
        return p, path, automatic, final, ",".join(texts), c_list, reason, choice

    def missing(self, given: Given) -> tuple[bool, ...]:
        """Which values a row left out, in the order of :class:`Given` (the path never counts:
        an automatic path has an assumption of its own)."""
        return (
            given.degree is None,
            given.background is None,
            given.experience_years is None,
            False,
            given.certifications is None,
            given.hours_per_week is None,
        )

    def body(self, given: Given) -> str:
        """The estimate document for ``given`` as JSON text, without its opening brace."""
        p, path, automatic, final, lines, c_list, reason, choice = self.solve(given)
        text = self.text
        assumed = self.assumptions(self.missing(given), path if automatic else None, reason)
        return (
            f'{self.head}{text(p.degree)},"background":{text(p.background)},'
            f'"experience_years":{self.number(p.experience_years)},"path":{text(path)},'
            f'"certifications":{c_list},"hours_per_week":{self.number(p.hours_per_week)}}},'
            f'"path_choice":{choice},"baseline":{self.baseline_text},"adjustments":[{lines}],'
            f'{self.years(final)},"assumptions":{assumed},'
            f'"next_steps":{self.next_steps(path, p.degree, p.background)}{self.tail}'
        )


def _given_values(p: Profile) -> tuple[Any, ...]:
    """A profile's values in the order of :class:`Given`'s fields."""
    return tuple(getattr(p, field) for field in Given._fields)
