"""What the window asks about calls for projects (one calling style, like the other facades):
reads return data, writes return ``Done`` with what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cc2desktop.core.calls import service
from cc2desktop.core.changes import Changes, Done


class Calls:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    def home(self, learner_id: str, course_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """For her home page: each call of her courses (open, or where she has an application), with
        her eligibility, her draft and her application's status."""
        with self.kit.read() as s:
            calls = service.held_calls(s)
            apps = {a["call"]: a for a in service.applications(s, learner_id)}
            out = []
            for c in sorted(calls.values(), key=lambda c: (c["closes"], c["id"])):
                if course_ids is not None and c["course"] not in course_ids:
                    continue
                state = service.call_state(c)
                app = apps.get(c["id"])
                if state != "open" and app is None:
                    continue
                d = service.draft(s, learner_id, c["id"])
                out.append({"call": c, "state": state, "eligibility": service.eligibility(s, learner_id, c["course"]),
                            "application": app, "draft": (d or {}).get("answers")})
        return out

    def save_draft(self, learner_id: str, call_id: str, answers: dict[str, Any]) -> Done[dict[str, Any]]:
        return Done(service.apply_signed_in(self.kit, learner_id, call_id, answers, draft=True), Changes())

    def submit(self, learner_id: str, call_id: str, answers: dict[str, Any],
               base_dir: Path | None = None) -> Done[dict[str, Any]]:
        res = service.apply_signed_in(self.kit, learner_id, call_id, answers, base_dir=base_dir)
        return Done(res, Changes(pending_sync=True, certificates=True))
