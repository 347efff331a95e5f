"""The rules engine: a registry of rule kinds (:mod:`.kinds`), loading and validating a rules
file (:mod:`.load`), and the estimate that walks the registry (:mod:`.engine`). Pure."""

from pomplan.rules.base import Kind, Rule, Rules
from pomplan.rules.engine import (
    auto_reason,
    choose_path,
    compare_paths,
    estimate,
    lines_for,
    ranking,
    settle,
)
from pomplan.rules.kinds import KINDS
from pomplan.rules.load import RULES_FILE, load_rules, parse_rules, rules_text

__all__ = [
    "KINDS",
    "RULES_FILE",
    "Kind",
    "Rule",
    "Rules",
    "auto_reason",
    "choose_path",
    "compare_paths",
    "estimate",
    "lines_for",
    "load_rules",
    "parse_rules",
    "ranking",
    "rules_text",
    "settle",
]
