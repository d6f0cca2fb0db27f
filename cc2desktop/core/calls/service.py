"""Calls for projects on a PC (docs/calls.md): the calls the server published (broadcast items of
the course's scope), a learner's eligibility, her draft (autosaved, this PC only), her submitted
versions (events, which travel by sync and by stick like the rest of her log) and the status the
server sent back (signed sync items).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cc2desktop.core import events as ev
from cc2desktop.core.calls import spec as S
from cc2desktop.core.changes import NONE, Changes
from cc2desktop.core.errors import NotFoundError, PermissionDeniedError, ValidationError

DRAFT_PREF = "call.draft:"  # learner_prefs key of a draft (+ call id)

#: what the learner is told next, by status (the GUI translates the status; the CLI prints this)
NEXT_STEP = {
    "draft": "finish and submit your application before the call closes",
    "pending": "sync or carry a USB stick to the centre: the programme has not received it yet",
    "received": "the programme has received your application; wait for the review",
    "shortlisted": "you are shortlisted: the programme will contact you for the next round",
    "selected": "you are selected for incubation: your cohort group is on your home page",
    "waitlisted": "you are on the waiting list: the programme will tell you if a place opens",
    "rejected": "your project was not selected this time",
    "refused": "the programme could not accept this application (see the reason)",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- the calls this PC holds ------------------------------------------------------------------------
def held_calls(session: Session) -> dict[str, dict[str, Any]]:
    """Every call published to this PC's courses, by id (a call published again replaces itself)."""
    from cc2desktop.core.sync import broadcast as B

    out: dict[str, dict[str, Any]] = {}
    for it in B.held(session, kind=S.CALL_ITEM):
        try:
            call = S.check_call(it.body)
        except ValidationError:
            continue  # a call this version cannot read
        if it.course_id != call["course"]:
            continue  # a call only counts in its own course's scope
        out[call["id"]] = {**call, "published_at": it.at}
    return out


def call_state(call: dict[str, Any], now: dt.datetime | None = None) -> str:
    return S.is_open(call, now or _now()) or "open"


def get_call(session: Session, call_id: str) -> dict[str, Any]:
    call = held_calls(session).get(call_id)
    if call is None:
        raise NotFoundError(f"no call {call_id!r} on this computer (sync or import a USB reply first)",
                            code="call_unknown")
    return call


def list_calls(kit: Any, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    with kit.read() as s:
        calls = held_calls(s)
    return [{"id": c["id"], "course": c["course"], "title": c["title"], "opens": c["opens"], "closes": c["closes"],
             "grace_hours": c["grace_hours"], "state": call_state(c, now), "fields": len(c["fields"])}
            for c in sorted(calls.values(), key=lambda c: (c["closes"], c["id"]))]


# --- eligibility -----------------------------------------------------------------------------------
def eligibility(session: Session, learner_id: str, course_id: str) -> dict[str, Any]:
    """``{"eligible", "reason", "missing"}``: only a learner certified for the call's course may
    apply (the server checks again). ``missing`` says what she still has to do."""
    from cc2desktop.core.certification.decision import decisions

    if any(d.certified for d in decisions(session, learner_id=learner_id, course_id=course_id)):
        return {"eligible": True, "reason": None, "missing": []}
    claimed = ev.for_learner(session, learner_id, course_id=course_id, types=("exam.claimed",))
    missing = ["certificate_pending"] if claimed else ["certificate"]
    return {"eligible": False, "reason": "not_certified", "missing": missing}


def eligibility_of(kit: Any, learner_id: str, course_id: str) -> dict[str, Any]:
    with kit.read() as s:
        return eligibility(s, learner_id, course_id)


def _refuse_ineligible(session: Session, learner_id: str, call: dict[str, Any]) -> None:
    el = eligibility(session, learner_id, call["course"])
    if not el["eligible"]:
        pending = "certificate_pending" in el["missing"]
        raise PermissionDeniedError(
            f"not certified for the course {call['course']!r}: only certified learners may apply"
            + (" (your exam is not graded yet: sync first)" if pending else ""), code="call_not_certified")


# --- applying --------------------------------------------------------------------------------------
def _read_files(call: dict[str, Any], answers: dict[str, Any], base_dir: Path | None) -> dict[str, bytes]:
    """Replace every file answer given as a path by its description; returns ``{sha256: data}``."""
    files: dict[str, bytes] = {}
    for f in call["fields"]:
        v = answers.get(f["id"])
        if f["type"] != "file" or not isinstance(v, str) or not v.strip():
            continue
        path = Path(v)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            size = path.stat().st_size
            if size > f["max"]:
                raise ValidationError(f"field {f['id']!r}: the file is too large ({size} bytes, at most {f['max']})",
                                      code="call_file_too_large")
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(f"field {f['id']!r}: cannot read {path.name}: {exc.strerror or exc}",
                                  code="call_file") from None
        desc = S.file_answer(f, data, path.name)
        files[desc["sha256"]] = data
        answers[f["id"]] = desc
    return files


def _submissions(session: Session, learner_id: str, app_id: str) -> list[ev.EventRecord]:
    return ev.for_learner(session, learner_id, types=(S.SUBMITTED,), payload={"application_id": app_id})


def apply(kit: Any, learner_id: str, pin: str | None, call_id: str, answers: Any, *, draft: bool = False,
          base_dir: Path | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Save a draft or submit a version of the learner's application: ``{"id", "state"}``. The
    PIN is checked first; a learner not certified for the call's course, a closed call and bad
    answers are refused with one line and change nothing."""
    kit.learning.open(learner_id, pin)  # the PIN (raises)
    return apply_signed_in(kit, learner_id, call_id, answers, draft=draft, base_dir=base_dir, now=now)


def apply_signed_in(kit: Any, learner_id: str, call_id: str, answers: Any, *, draft: bool = False,
                    base_dir: Path | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """:func:`apply` for a learner whose PIN was checked when she opened her profile (the window)."""
    now = now or _now()
    with kit.read() as s:
        call = get_call(s, call_id)
        _refuse_ineligible(s, learner_id, call)
    answers = dict(answers) if isinstance(answers, dict) else answers
    if not isinstance(answers, dict):
        raise ValidationError("the answers must be a JSON object {field: answer}", code="call_answers")
    app_id = S.application_id(learner_id, call_id)
    if draft:
        for f in call["fields"]:  # a draft keeps a file's path; checked when submitted
            if f["type"] == "file" and isinstance(answers.get(f["id"]), str):
                answers.pop(f["id"])
        clean = S.check_answers(call, answers, draft=True)
        save_draft(kit, learner_id, call_id, clean)
        return {"id": app_id, "state": "draft"}
    why = S.is_open(call, now)
    if why == "closed":
        raise PermissionDeniedError(f"the call {call_id!r} closed on {call['closes']}: no more applications",
                                    code="call_closed")
    if why == "not_open":
        raise PermissionDeniedError(f"the call {call_id!r} opens on {call['opens']}", code="call_not_open")
    files = _read_files(call, answers, base_dir)
    clean = S.check_answers(call, answers)
    atts = [{"field": fid, **v} for fid, v in clean.items() if isinstance(v, dict)]
    with kit.write() as s:
        _refuse_ineligible(s, learner_id, call)
        mine = _submissions(s, learner_id, app_id)
        version = 1 + max((int(e.payload.get("version") or 0) for e in mine), default=0)
        sent = {e.payload.get("sha256") for e in ev.for_learner(s, learner_id, types=(S.ATTACHMENT,),
                                                                 payload={"application_id": app_id})}
        for sha, data in files.items():
            if sha in sent:
                continue  # that very file already travels with an earlier version
            n = max(1, math.ceil(len(data) / S.CHUNK))
            for i in range(n):
                ev.append(s, learner_id, S.ATTACHMENT, {
                    "application_id": app_id, "call_id": call_id, "sha256": sha, "i": i, "n": n,
                    "data": base64.b64encode(data[i * S.CHUNK:(i + 1) * S.CHUNK]).decode("ascii")},
                    course_id=call["course"])
        ev.append(s, learner_id, S.SUBMITTED, {
            "application_id": app_id, "call_id": call_id, "version": version, "answers": clean,
            "attachments": atts, "submitted_at": _iso(now)}, course_id=call["course"])
        from cc2desktop.core.learning.models import LearnerPref

        pref = s.get(LearnerPref, (learner_id, DRAFT_PREF + call_id))
        if pref is not None:
            s.delete(pref)
    return {"id": app_id, "state": "submitted", "version": version}


def save_draft(kit: Any, learner_id: str, call_id: str, answers: dict[str, Any]) -> None:
    from cc2desktop.core.learning.models import LearnerPref

    with kit.write() as s:
        s.merge(LearnerPref(learner_id=learner_id, key=DRAFT_PREF + call_id,
                            value=json.dumps({"answers": answers, "saved_at": _iso(_now())}, ensure_ascii=False)))


def draft(session: Session, learner_id: str, call_id: str) -> dict[str, Any] | None:
    from cc2desktop.core.learning.models import LearnerPref

    row = session.get(LearnerPref, (learner_id, DRAFT_PREF + call_id))
    if row is None:
        return None
    try:
        d = json.loads(row.value)
        return d if isinstance(d, dict) else None
    except ValueError:
        return None


# --- status ----------------------------------------------------------------------------------------
def _statuses(session: Session, learner_id: str) -> dict[str, dict[str, Any]]:
    """The latest signed status of each of her applications, by application id (items not signed
    by the programme's server are ignored)."""
    from cc2desktop.core.sync.client import items
    from cc2desktop.core.sync.models import SyncState

    st = session.scalar(select(SyncState))
    key = getattr(st, "broadcast_key", None) or getattr(st, "server_public_key", None)
    out: dict[str, dict[str, Any]] = {}
    for it in items(session, kind=S.STATUS_ITEM, learner_id=learner_id):
        b = it.get("body")
        if not isinstance(b, dict) or not S.status_is_signed(key, b) or b.get("learner_id") != learner_id:
            continue
        app = str(b.get("application_id"))
        if app not in out or int(b.get("seq") or 0) >= int(out[app].get("seq") or 0):
            out[app] = b
    return out


def status(kit: Any, learner_id: str, pin: str | None, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    kit.learning.open(learner_id, pin)
    with kit.read() as s:
        return applications(s, learner_id, now=now)


def applications(session: Session, learner_id: str, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Her applications, each with ``status`` (draft, pending — not received by the server yet —,
    received, shortlisted, selected, waitlisted, rejected, refused) and the next step."""
    from cc2desktop.core.learning.models import LearnerPref

    calls = held_calls(session)
    stats = _statuses(session, learner_id)
    rows: dict[str, dict[str, Any]] = {}
    for e in ev.for_learner(session, learner_id, types=(S.SUBMITTED,)):
        p = e.payload
        cid = str(p.get("call_id"))
        r = rows.setdefault(cid, {"id": str(p.get("application_id")), "call": cid, "versions": 0})
        r["versions"] += 1
        if int(p.get("version") or 0) >= int(r.get("version") or 0):
            r.update(version=int(p.get("version") or 0), submitted_at=p.get("submitted_at"), answers=p.get("answers"))
    drafts = session.scalars(select(LearnerPref).where(LearnerPref.learner_id == learner_id,
                                                       LearnerPref.key.startswith(DRAFT_PREF))).all()
    for d in drafts:
        cid = d.key[len(DRAFT_PREF):]
        r = rows.setdefault(cid, {"id": S.application_id(learner_id, cid), "call": cid, "versions": 0})
        r["draft"] = True
    out = []
    for cid, r in rows.items():
        call = calls.get(cid)
        st = stats.get(r["id"])
        if st is not None:
            status_ = str(st.get("status"))
        else:
            status_ = "pending" if r["versions"] else "draft"
        out.append({"id": r["id"], "call": cid, "title": call["title"] if call else None,
                    "state": "submitted" if r["versions"] else "draft", "status": status_,
                    "version": r.get("version"), "submitted_at": r.get("submitted_at"),
                    "counted_version": st.get("version") if st else None,
                    "reason": st.get("reason") if st else None, "draft": bool(r.get("draft")),
                    "call_state": call_state(call, now) if call else None, "next_step": NEXT_STEP.get(status_)})
    return sorted(out, key=lambda r: r["call"])


# --- broadcast appliers (core/broadcast_kinds.py) --------------------------------------------------
def apply_call_items(session: Session, items: list[Any]) -> Changes | None:
    """A call: nothing to derive (read from the held items); a body that cannot be read is set aside."""
    for it in items:
        S.check_call(it.body)
    return Changes(certificates=True) if items else NONE


def apply_cohort_items(session: Session, items: list[Any]) -> Changes | None:
    """An incubation cohort: a facilitation group of the selected learners this PC knows (a
    learner's own PC, her centre's facilitator's PC). Published again at each selection: the last
    list wins; a learner no longer selected leaves the group."""
    from sqlalchemy import delete

    from cc2desktop.core.db.base import utcnow_iso
    from cc2desktop.core.db.models import Learner
    from cc2desktop.core.facilitation.models import Group, GroupMember

    changed = False
    for it in items:
        b = it.body
        gid, name, members = b.get("group_id"), b.get("group_name"), b.get("learners")
        if not isinstance(gid, str) or not isinstance(name, str) or not isinstance(members, list):
            raise ValidationError("malformed cohort item", code="call_cohort")
        here = set(session.scalars(select(Learner.id).where(Learner.id.in_([str(m) for m in members][:5000]))))
        g = session.get(Group, gid)
        if g is None and not here:
            continue
        if g is None:
            name = name.strip()[:80] or "Cohort"
            if session.scalar(select(Group.id).where(Group.name == name)):
                name = f"{name[:70]} ({gid[:4]})"
            session.add(Group(id=gid, name=name, created_at=utcnow_iso()))
            session.flush()
        session.execute(delete(GroupMember).where(GroupMember.group_id == gid, GroupMember.learner_id.not_in(here)))
        held_ = set(session.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == gid)))
        for lid in sorted(here - held_):
            session.add(GroupMember(group_id=gid, learner_id=lid, since=it.at))
        session.flush()
        changed = True
    return Changes(groups=True) if changed else NONE
