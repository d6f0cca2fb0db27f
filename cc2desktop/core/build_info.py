"""What this copy of the app is: run from a source checkout, or a build (and which build).

A build made by ``packaging/cc2desktop.spec`` carries ``assets/build-info.json``::

    {"version": "0.1.0", "commit": "3fde0eb…", "built_at": "2026-…Z", "platform": "linux-x86_64",
     "demo": true}

``demo`` is the build-time switch "this build ships the demo course": the demo pack is bundled and
the demo publisher key may be trusted (for the demo course only). ``bash packaging/dev.sh build``
ships it; ``CC2_BUILD_DEMO=0 bash packaging/dev.sh build`` makes a build without it.

From a source checkout there is no such file: ``frozen`` is False and ``demo`` True (the checkout
holds the demo course; tests and ``dev.sh run`` use it). A frozen app without the file (a build made
some other way) ships no demo: the safe answer.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cc2desktop import __version__
from cc2desktop.core.paths import assets_dir

FILENAME = "build-info.json"
DEMO_COURSE_ID = "demo-intro-civictech"


@dataclass(frozen=True)
class BuildInfo:
    frozen: bool
    demo: bool
    version: str = __version__
    commit: str = ""
    built_at: str = ""
    platform: str = ""

    def describe(self) -> str:
        """One line for ``--version``-like output and the diagnostic."""
        if not self.frozen:
            return f"{self.version} (source)"
        parts = [self.version, "build"]
        if self.commit:
            parts.append(self.commit[:10])
        if self.built_at:
            parts.append(self.built_at)
        if self.platform:
            parts.append(self.platform)
        if self.demo:
            parts.append("demo")
        return " ".join(parts[:1]) + " (" + ", ".join(parts[1:]) + ")"


def read(assets: Path | None = None, *, frozen: bool | None = None) -> BuildInfo:
    """The build information found in ``assets`` (default: the bundled assets); pure apart from
    reading that one file."""
    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    path = (assets if assets is not None else assets_dir()) / FILENAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (OSError, ValueError):
        return BuildInfo(frozen=is_frozen, demo=not is_frozen)
    return BuildInfo(frozen=is_frozen, demo=data.get("demo") is True,
                     version=str(data.get("version") or __version__), commit=str(data.get("commit") or ""),
                     built_at=str(data.get("built_at") or ""), platform=str(data.get("platform") or ""))


@lru_cache(maxsize=1)
def current() -> BuildInfo:
    return read()


def ships_demo() -> bool:
    """True when this copy carries the demo course (a source checkout, or a build made with it)."""
    return current().demo
