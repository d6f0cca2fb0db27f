"""Supervised exam sessions ("examen surveillé"): a facilitator opens an exam session for a group on
her PC, takes attendance, and co-signs the answer sheets made in it; the server then certifies
those sheets as taken under supervision, and only those (docs/certification.md, "Supervised
sessions").

1. **Open** (facilitator's PC): a group session of the facilitation domain for today, plus an
   ``exam.session`` event on each member's log ``{session_id, code, course_id, state: "open",
   opened_at, facilitator, group_id, group_name}``. The **session code** (8 characters with a check
   character, e.g. ``EX7K-3M9Q``) goes on the board.
2. **Take the exam** (learners' PCs): the learner types the code when she starts; the attempt's
   ``exam.started`` and its claim carry ``"proctor": {"session": code}``.
3. **Co-sign** (facilitator's PC): the sheets reach her PC like any learner's events (sync with the
   centre's hub, or the "Other PCs" USB import). For each present learner's sheet naming the code
   she co-signs (or declines): an ``exam.cosigned`` event on the learner's log, signed by her PC's
   device key (enrolled with the server)::

       {"claim_id", "claim_sha256", "session_id", "session_code", "course_id", "verdict": "cosigned" |
        "declined", "facilitator", "opened_at", "closed_at", "present": true, "device_id", "sig"}

   Co-signing closes the session (``closed_at``: the facilitator's clock, not the learner's).
4. **Decide** (server): a sheet naming a session waits (``held``) until a co-signature for it
   arrives; co-signed → graded and, if certified, the certificate says "examen surveillé"; declined
   or never answered within :data:`HOLD_DAYS` → graded as an unsupervised exam. The co-signature
   must come from another enrolled PC than the sheet's, match the sheet byte for byte, and leave
   the sheet's time spent within the session's length on the facilitator's clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cc2desktop.core import crypto
from cc2desktop.core import events as ev
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.db.base import utcnow_iso
from cc2desktop.core.errors import NotFoundError, ValidationError
from cc2desktop.core.event_types import EXAM_CLAIMED, EXAM_COSIGNED, EXAM_SESSION

CODE_LENGTH = 8
HOLD_DAYS = 14          # a sheet waits this long for its co-signature, then is graded as unsupervised
WINDOW_GRACE_S = 120    # two PCs' clocks read a few seconds apart
VERDICTS = ("cosigned", "declined")


def new_session_code() -> str:
    return pl.new_verification_code(CODE_LENGTH)


def normalize_session_code(text: str) -> str | None:
    return pl.normalize_code(text, CODE_LENGTH)


def claim_digest(claim: dict[str, Any]) -> str:
    """SHA-256 of the sheet as signed (its canonical JSON, signature included)."""
    return hashlib.sha256(crypto.canonicalize(claim)).hexdigest()


def claim_session(claim: dict[str, Any]) -> str | None:
    """The session code a sheet names, if any."""
    p = claim.get("proctor")
    return str(p["session"]) if isinstance(p, dict) and isinstance(p.get("session"), str) else None


def _span(a: str, b: str) -> float:
    import datetime as dt

    p = lambda s: dt.datetime.fromisoformat(str(s).replace("Z", "+00:00"))  # noqa: E731
    return (p(b) - p(a)).total_seconds()


@dataclass(frozen=True)
class ProctorWord:
    """A co-signature as the server holds it: the ``exam.cosigned`` payload, the device that pushed
    it and that device's enrolled public key (None: unknown or revoked)."""

    payload: dict[str, Any]
    device_id: str
    public_key: str | None

    def check(self, claim: dict[str, Any], took_s: float) -> dict[str, Any] | tuple[str, str] | None:
        """The supervision to print on the certificate; None when this word does not vouch for the
        sheet (declined, forged, another sheet, the sheet's own PC): it is then graded as an
        unsupervised exam; ``(reason code, why)`` when the facilitator's clock contradicts the
        sheet's time spent."""
        p = self.payload
        if p.get("verdict") != "cosigned" or p.get("present") is False or self.public_key is None:
            return None
        body = {k: v for k, v in p.items() if k != "sig"}
        try:
            sig = crypto.b64url_decode(str(p.get("sig", "")))
        except ValueError:
            return None
        if p.get("device_id") != self.device_id or self.device_id == claim.get("device_id") \
                or not crypto.verify_json(self.public_key, sig, body):
            return None
        if p.get("claim_id") != claim.get("claim_id") or p.get("claim_sha256") != claim_digest(claim) \
                or p.get("session_code") != claim_session(claim):
            return None
        try:
            window = _span(str(p["opened_at"]), str(p["closed_at"]))
        except (KeyError, ValueError, TypeError):
            return None
        if window < 0 or took_s > window + WINDOW_GRACE_S:
            return ("timing", f"{took_s:.0f} s spent in a supervised session that lasted {max(window, 0):.0f} s "
                              "on the facilitator's PC")
        return {"session": p["session_code"], "session_id": p.get("session_id"), "facilitator": p.get("facilitator"),
                "opened_at": p["opened_at"], "closed_at": p["closed_at"], "device_id": self.device_id}


# --- on the facilitator's PC ------------------------------------------------------------------------
def sessions(session) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    """Exam sessions known on this PC (session id → latest state), from the ``exam.session`` events."""
    from sqlalchemy import select

    from cc2desktop.core.db.models import Event

    out: dict[str, dict[str, Any]] = {}
    rows = session.execute(select(Event.payload).where(Event.type == EXAM_SESSION)
                           .order_by(Event.created_at, Event.seq)).scalars()
    import json

    for text in rows:
        p = json.loads(text)
        cur = out.get(p["session_id"])
        if cur is None or cur.get("state") != "closed":
            out[p["session_id"]] = {**(cur or {}), **p}
    return out


def open_session(session, fs: Any, group: str, course_id: str, *, date: str | None = None) -> dict[str, Any]:  # noqa: ANN001
    """Open a supervised exam session for a group (a facilitation session of today, attendance to
    take) and give its code."""
    from cc2desktop.core.facilitation import service as fac

    fac.require(fs)
    today = date or utcnow_iso()[:10]
    sid = fac.plan_session(session, fs, group, today, notes=f"exam {course_id}")
    info = fac.get_session(session, fs, sid)
    state = {"session_id": sid, "code": new_session_code(), "course_id": course_id, "state": "open",
             "opened_at": utcnow_iso(), "facilitator": fs.name, "group_id": info.group_id,
             "group_name": info.group_name}
    _to_members(session, fs, sid, state)
    return state


def _to_members(session, fs: Any, session_id: str, state: dict[str, Any]) -> None:  # noqa: ANN001
    from cc2desktop.core.facilitation import service as fac

    for row in fac.attendance(session, fs, session_id):
        ev.append(session, row.learner_id, EXAM_SESSION, state, course_id=state["course_id"])


def _session_state(session, session_id: str) -> dict[str, Any]:  # noqa: ANN001
    st = sessions(session).get(session_id)
    if st is None:
        raise NotFoundError(f"no supervised exam session {session_id!r}", code="exam_session_not_found")
    return st


def close_session(session, fs: Any, session_id: str) -> dict[str, Any]:  # noqa: ANN001
    """Close the session: its end on the facilitator's clock bounds every sheet made in it."""
    from cc2desktop.core.facilitation import service as fac

    fac.require(fs)
    st = _session_state(session, session_id)
    if st["state"] == "closed":
        return st
    st = {**st, "state": "closed", "closed_at": utcnow_iso()}
    _to_members(session, fs, session_id, st)
    return st


def sheets(session, fs: Any, session_id: str) -> list[dict[str, Any]]:  # noqa: ANN001
    """The session's sheet: each learner on the attendance sheet, present or not, with the answer
    sheets on this PC that name the session's code and what the facilitator said of each."""
    from cc2desktop.core.facilitation import service as fac

    st = _session_state(session, session_id)
    rows = []
    for a in fac.attendance(session, fs, session_id):
        claims = [e for e in ev.for_learner(session, a.learner_id, course_id=st["course_id"], types=(EXAM_CLAIMED,))
                  if claim_session(e.payload) == st["code"]]
        said = {e.payload.get("claim_id"): e.payload.get("verdict")
                for e in ev.for_learner(session, a.learner_id, types=(EXAM_COSIGNED,))}
        rows.append({"learner_id": a.learner_id, "name": a.display_name, "code": a.code, "present": a.present,
                     "claims": [{"claim_id": c.payload.get("claim_id"), "submitted_at": c.payload.get("submitted_at"),
                                 "elapsed_s": c.payload.get("elapsed_s"),
                                 "verdict": said.get(c.payload.get("claim_id"))} for c in claims]})
    return rows


def cosign(session, fs: Any, keys_dir: Path, session_id: str, claim_ids: list[str], *,  # noqa: ANN001
           verdict: str = "cosigned") -> int:
    """Co-sign (or decline) answer sheets made in the session; closes the session first. Only sheets
    of learners marked present can be co-signed; a sheet already answered is skipped. Returns how
    many sheets were answered."""
    from cc2desktop.core.certification.claims import device_key
    from cc2desktop.core.facilitation import service as fac

    fac.require(fs)
    if verdict not in VERDICTS:
        raise ValidationError(f"verdict must be one of {', '.join(VERDICTS)}", code="exam_bad_verdict")
    st = close_session(session, fs, session_id)
    wanted = set(claim_ids)
    key = device_key(keys_dir)
    done = 0
    for row in sheets(session, fs, session_id):
        for c in row["claims"]:
            if c["claim_id"] not in wanted or c["verdict"] is not None:
                continue
            if not row["present"] and verdict == "cosigned":
                raise ValidationError(f"{row['name']} is not marked present in this session: mark the attendance "
                                      "first", code="exam_not_present")
            [claim] = [e.payload for e in ev.for_learner(session, row["learner_id"], types=(EXAM_CLAIMED,))
                       if e.payload.get("claim_id") == c["claim_id"]]
            body = {"claim_id": c["claim_id"], "claim_sha256": claim_digest(claim), "session_id": session_id,
                    "session_code": st["code"], "course_id": st["course_id"], "verdict": verdict,
                    "facilitator": fs.name, "opened_at": st["opened_at"], "closed_at": st["closed_at"],
                    "present": bool(row["present"]), "device_id": ev.device_id(session)}
            body["sig"] = crypto.b64url(crypto.sign_json(key, body))
            ev.append(session, row["learner_id"], EXAM_COSIGNED, body, course_id=st["course_id"])
            done += 1
    return done
