"""Where saved files live, what a profile may be called, and the schema version they carry."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from pomplan.errors import UsageProblem

SCHEMA_VERSION = 1
DEFAULT_PROFILE = "default"
NAME = re.compile(r"[a-z0-9_-]{1,40}")


class Locations(NamedTuple):
    """Where pomplan keeps what a person saves."""

    config: Path  # profiles
    data: Path  # progress and backups
    override: bool  # True when POMPLAN_HOME decides

    def profile_file(self, name: str) -> Path:
        return self.config / "profiles" / f"{name}.toml"

    def progress_file(self, name: str) -> Path:
        return self.data / "progress" / f"{name}.json"

    @property
    def backups(self) -> Path:
        return self.data / "backups"


def locations(environ: Mapping[str, str]) -> Locations:
    """``POMPLAN_HOME`` if set (everything under it), else the platform's user directories."""
    home = environ.get("POMPLAN_HOME", "")
    if home:
        root = Path(os.path.abspath(Path(home).expanduser()))  # noqa: PTH100 (keep symlinks)
        return Locations(root, root, True)
    import platformdirs

    return Locations(
        Path(platformdirs.user_config_dir("pomplan", appauthor=False)),
        Path(platformdirs.user_data_dir("pomplan", appauthor=False)),
        False,
    )


# Names Windows keeps for devices: 'con.toml' there is not a file.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)


def check_name(name: str, where: str = "--profile") -> str:
    """``name`` if it is a valid profile name, else a usage error (nothing reaches outside)."""
    if name in RESERVED:
        raise UsageProblem(f"{where}: {name!r} is a name Windows reserves; choose another")
    if NAME.fullmatch(name):
        return name
    raise UsageProblem(
        f"{where}: {name!r} is not a profile name; use 1-40 characters from a-z, 0-9, '-' and '_'"
    )
