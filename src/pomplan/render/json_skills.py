"""The JSON document of ``pomplan skills --mine``: a person's level in each skill."""

from __future__ import annotations

from typing import Any

from pomplan.levels import LEVEL_NAMES
from pomplan.render.json_doc import SCHEMA_VERSION
from pomplan.render.views import SkillLevelsView


def skill_levels(view: SkillLevelsView) -> dict[str, Any]:
    rated = dict(view.levels)
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": view.profile,
        "levels": dict(view.levels),
        "skills": [
            {
                "id": s.id,
                "name": s.name,
                "group": s.group,
                "level": rated.get(s.id),
                "level_name": None if s.id not in rated else LEVEL_NAMES[rated[s.id]],
                "meaning": None if s.id not in rated else s.levels[rated[s.id]],
            }
            for s in view.skills
        ],
        "not_rated": [s.id for s in view.skills if s.id not in rated],
    }
