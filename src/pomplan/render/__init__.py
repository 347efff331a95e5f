"""Output forms, and the one place that picks between them.

``json_doc`` builds the JSON contract; ``human`` renders for people with Rich. Both offer the
same forms (``estimate``, ``paths``, ``faq`` ...) with the same arguments; a human form leaves
out what only the JSON document records (the query, the rules file). Each module is imported
only when its form is asked for, so ``--json`` never imports Rich.
"""

from __future__ import annotations

from typing import Any


def show(as_json: bool, form: str, *data: Any) -> None:
    """Write ``data`` as the JSON document ``form``, or render it for people."""
    if as_json:
        from pomplan.render import json_doc

        json_doc.write(getattr(json_doc, form)(*data))
    else:
        from pomplan.render import human

        getattr(human, form)(*data)
