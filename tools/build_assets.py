"""Build what the repository does not commit: compiled translations (.qm), the demo course media,
the signed demo pack and the app icon. Every step skips what is already up to date. Run by packaging/dev.sh.
"""

from __future__ import annotations

import importlib
import sys
import time

STEPS = [
    # (module, function) run in order; a module that does not exist yet is skipped.
    ("tools.i18n", "build_qm"),
    ("tools.demo_media", "build"),
    ("tools.demo_pack", "build"),
    ("tools.app_icon", "build"),
]


def main() -> int:
    for mod_name, fn in STEPS:
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError as exc:
            if exc.name == mod_name:
                continue
            raise
        t0 = time.monotonic()
        changed = getattr(mod, fn)()
        if changed:
            print(f"[assets] {mod_name}.{fn}: done in {time.monotonic() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
