"""Groups, group sessions, attendance and group quizzes.

Every change is written as events on the learners' logs (so it syncs like any learning activity)
and applied to the derived ``fac_*`` tables, which :func:`rebuild` recomputes from the log (after a
sync import, for instance). Event types and payloads:

- ``group.enrolled`` / ``group.left`` / ``group.renamed`` / ``group.deleted``: ``{group_id, group_name}``
- ``session.planned`` / ``session.updated``: ``{session_id, group_id, group_name, date, capsules, notes, facilitator}``
- ``session.attended``: the same plus ``present`` (bool); the latest event for (session, learner) wins
- ``session.deleted``: the session's snapshot; the session leaves the lists and figures, events stay
- ``quiz.answered`` / ``quiz.completed`` with ``attempt: "group_session"`` and ``session_id`` (group quiz)

Every function takes a :class:`FacilitatorSession` and refuses anything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import Integer, case, delete, func, select, type_coerce
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cc2desktop.core import event_types as T
from cc2desktop.core import limits
from cc2desktop.core import events
from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.db.models import Event, Learner
from cc2desktop.core.errors import NotFoundError, ValidationError
from cc2desktop.core.facilitation import participants_csv as pcsv
from cc2desktop.core.facilitation.accounts import FacilitatorSession, require
from cc2desktop.core.facilitation.models import Attendance, Group, GroupMember, GroupSession
from cc2desktop.core.learning import progress

FACILITATION_TYPES = (T.GROUP_ENROLLED, T.GROUP_LEFT, T.GROUP_RENAMED, T.GROUP_DELETED, T.SESSION_PLANNED,
                      T.SESSION_UPDATED, T.SESSION_ATTENDED, T.SESSION_DELETED)
GENDERS = ("female", "male", "other")


@dataclass(frozen=True)
class GroupInfo:
    id: str
    name: str
    members: int


@dataclass(frozen=True)
class SessionInfo:
    id: str
    group_id: str
    group_name: str
    date: str
    capsules: list[str]
    notes: str
    facilitator: str
    present: int
    recorded: int


@dataclass(frozen=True)
class AttendanceRow:
    learner_id: str
    display_name: str
    code: str | None
    present: bool | None  # None: not recorded yet


@dataclass(frozen=True)
class MemberRow:
    learner_id: str
    display_name: str
    code: str | None
    gender: str | None
    country: str | None
    category: str | None
    age_band: str | None = None
    pin: str = "none"  # "set", "needed" (made by a facilitator, chosen at first use) or "none"


_PIN_STATE = case((Learner.pin_hash.is_not(None), "set"), (Learner.pin_needed, "needed"), else_="none")
_MEMBER_COLUMNS = (Learner.id, Learner.display_name, Learner.code, Learner.gender, Learner.country, Learner.category,
                   Learner.age_band, _PIN_STATE)


# ----------------------------------------------------------------------------- groups

def _group(s: Session, name_or_id: str) -> Group:
    g = s.get(Group, name_or_id) or s.scalar(select(Group).where(Group.name == name_or_id))
    if g is None:
        raise NotFoundError(f"no group named {name_or_id!r}", code="group_not_found")
    return g


def create_group(s: Session, fs: FacilitatorSession, name: str) -> GroupInfo:
    require(fs)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("a group needs a name", code="group_name")
    limits.check_text(name, limits.GROUP_NAME, "group name")
    if s.scalar(select(Group.id).where(Group.name == name)):
        raise ValidationError(f"a group named {name!r} already exists", code="group_exists")
    g = Group(id=new_id(), name=name, created_at=utcnow_iso())
    s.add(g)
    s.flush()
    return GroupInfo(g.id, g.name, 0)


def list_groups(s: Session, fs: FacilitatorSession) -> list[GroupInfo]:
    require(fs)
    q = (select(Group.id, Group.name, func.count(GroupMember.learner_id))
         .outerjoin(GroupMember, GroupMember.group_id == Group.id).group_by(Group.id).order_by(Group.name))
    return [GroupInfo(*r) for r in s.execute(q)]


def members(s: Session, fs: FacilitatorSession, group: str) -> list[MemberRow]:
    require(fs)
    g = _group(s, group)
    q = (select(*_MEMBER_COLUMNS).join(GroupMember, GroupMember.learner_id == Learner.id)
         .where(GroupMember.group_id == g.id).order_by(Learner.display_name))
    return [MemberRow(*r) for r in s.execute(q)]


def local_learners(s: Session, fs: FacilitatorSession) -> list[MemberRow]:
    """Every learner profile known on this PC (to pick from when enrolling)."""
    require(fs)
    q = select(*_MEMBER_COLUMNS).order_by(Learner.display_name)
    return [MemberRow(*r) for r in s.execute(q)]


def enrol(s: Session, fs: FacilitatorSession, group: str, learner_ids: Iterable[str]) -> int:
    """Enrol learners (ids or codes) in a group; returns how many were newly enrolled."""
    require(fs)
    g = _group(s, group)
    ids = [_learner_id(s, x) for x in learner_ids]
    already = set(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id)))
    recs = [events.append(s, lid, T.GROUP_ENROLLED, {"group_id": g.id, "group_name": g.name})
            for lid in dict.fromkeys(ids) if lid not in already]
    _apply(s, recs)
    return len(recs)


def leave(s: Session, fs: FacilitatorSession, group: str, learner_ids: Iterable[str]) -> int:
    require(fs)
    g = _group(s, group)
    current = set(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id)))
    recs = [events.append(s, lid, T.GROUP_LEFT, {"group_id": g.id, "group_name": g.name})
            for lid in dict.fromkeys(_learner_id(s, x) for x in learner_ids) if lid in current]
    _apply(s, recs)
    return len(recs)


def move(s: Session, fs: FacilitatorSession, learner_ids: Iterable[str], from_group: str, to_group: str) -> int:
    ids = list(learner_ids)
    _group(s, to_group)
    leave(s, fs, from_group, ids)
    return enrol(s, fs, to_group, ids)


def rename_group(s: Session, fs: FacilitatorSession, group: str, new_name: str) -> GroupInfo:
    """A new name for a group; a ``group.renamed`` event on each member's log carries it to other PCs."""
    require(fs)
    g = _group(s, group)
    name = " ".join((new_name or "").split())
    if not name:
        raise ValidationError("a group needs a name", code="group_name")
    limits.check_text(name, limits.GROUP_NAME, "group name")
    if name != g.name and s.scalar(select(Group.id).where(Group.name == name)):
        raise ValidationError(f"a group named {name!r} already exists", code="group_exists")
    g.name = name
    s.flush()
    mids = list(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id)))
    _apply(s, [events.append(s, lid, T.GROUP_RENAMED, {"group_id": g.id, "group_name": name}) for lid in mids])
    return GroupInfo(g.id, g.name, len(mids))


def _learners_with(s: Session, key: str, value: str) -> list[str]:
    """Learners with a facilitation event whose payload's ``key`` is ``value`` (a group's, a session's)."""
    q = (select(Event.learner_id).where(Event.type.in_(FACILITATION_TYPES),
                                         func.json_extract(Event.payload, f"$.{key}") == value)
         .distinct().order_by(Event.learner_id))
    return list(s.scalars(q))


def delete_group(s: Session, fs: FacilitatorSession, group: str) -> int:
    """Delete a group and its sessions from the lists and the reports.

    Nothing a learner did is removed: a ``group.deleted`` event goes to the log of everyone who was
    ever in the group or on one of its sheets (so that a rebuild, a sync or another PC forgets the
    group too); their profiles, progress, quiz results and past attendance events stay. Returns the
    number of learners whose log got the event."""
    require(fs)
    g = _group(s, group)
    who = sorted(set(_learners_with(s, "group_id", g.id))
                 | set(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id))))
    payload = {"group_id": g.id, "group_name": g.name}
    recs = [events.append(s, lid, T.GROUP_DELETED, payload) for lid in who]
    s.execute(delete(Group).where(Group.id == g.id))  # members, sessions and sheets go with it (cascade)
    _apply(s, recs)
    return len(recs)


def _learner_id(s: Session, id_or_code: str) -> str:
    if s.get(Learner, id_or_code) is not None:
        return id_or_code
    lid = s.scalar(select(Learner.id).where(Learner.code == id_or_code.strip().upper()))
    if lid is None:
        raise NotFoundError(f"no learner with id or code {id_or_code!r}", code="learner_not_found")
    return lid


def new_learner(s: Session, fs: FacilitatorSession, display_name: str, *, gender: str | None = None,
                country: str | None = None, category: str | None = None, age_band: str | None = None) -> str:
    """Create a learner profile on this PC (a participant without one), validated by the learning
    domain's rules; the app's French and English labels are accepted too (``Femme``, ``Étudiant·e``,
    ``Sénégal``, ``18 à 24 ans``). The profile has no PIN and is marked as needing one: the learner
    chooses it before the first use (or in front of the facilitator, :func:`set_pin`)."""
    from cc2desktop.core.learning.service import validate_profile

    require(fs)
    v = validate_profile(display_name, **_profile_codes(gender=gender, country=country, category=category,
                                                        age_band=age_band))
    row = Learner(id=new_id(), display_name=v["name"], gender=v["gender"], country=v["country"],
                  category=v["category"], age_band=v["age_band"], local=True, pin_failures=0, pin_needed=True,
                  created_at=utcnow_iso())
    s.add(row)
    s.flush()
    return row.id


def _profile_codes(**fields: str | None) -> dict[str, str | None]:
    """Profile fields as codes, from codes or from the labels people type (see :mod:`participants_csv`)."""
    conv = {"gender": pcsv.gender_code, "country": pcsv.country_code, "category": pcsv.category_code,
            "age_band": pcsv.age_band_code}
    return {k: conv[k](v) if v else None for k, v in fields.items()}


def update_participant(s: Session, fs: FacilitatorSession, learner_id: str, *, display_name: str,
                       gender: str | None = None, country: str | None = None, category: str | None = None,
                       age_band: str | None = None) -> None:
    """Correct a participant's name and self-declared fields. Her events are untouched; the changed
    profile goes to the server with the next sync (as when she edits it herself)."""
    from cc2desktop.core.learning.service import validate_profile

    require(fs)
    row = s.get(Learner, _learner_id(s, learner_id))
    assert row is not None
    v = validate_profile(display_name, **_profile_codes(gender=gender, country=country, category=category,
                                                        age_band=age_band))
    row.display_name, row.gender, row.country = v["name"], v["gender"], v["country"]
    row.category, row.age_band = v["category"], v["age_band"]
    s.flush()


def set_pin(s: Session, fs: FacilitatorSession, learner_id: str, pin: str) -> None:
    """A new PIN for a learner who forgot hers, typed by the learner herself in front of the
    facilitator. Lifts any lock; her profile, progress and every event stay as they are."""
    from cc2desktop.core.learning import pins

    require(fs)
    row = s.get(Learner, _learner_id(s, learner_id))
    assert row is not None
    row.pin_hash = pins.hash_pin(pin)
    row.pin_failures, row.pin_locked_until, row.pin_needed = 0, None, False
    s.flush()


@dataclass
class CsvImport:
    """What a participants file did: profiles created, learners newly enrolled, rows already in the
    group, refused rows (line, code, cell) and the columns that were not used."""

    created: int = 0
    enrolled: int = 0
    already: int = 0
    errors: list[pcsv.RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def enrol_csv(s: Session, fs: FacilitatorSession, group: str, path: Path) -> CsvImport:
    """Enrol the participants of a CSV file in a group (see :mod:`participants_csv` for what it reads).

    A row whose ``code`` is a learner's of this PC enrols her; a row whose name is already a member of
    the group is counted in ``already`` (importing the same file twice adds nobody); otherwise a new
    profile is made (needing a PIN). A row that cannot be used is refused alone, in ``errors``.
    """
    require(fs)
    g = _group(s, group)
    parsed = pcsv.parse(Path(path))
    rep = CsvImport(errors=list(parsed.errors), ignored_columns=parsed.ignored_columns)
    members: dict[str, list[str]] = {}
    for lid, name in s.execute(select(Learner.id, Learner.display_name).join(
            GroupMember, GroupMember.learner_id == Learner.id).where(GroupMember.group_id == g.id)):
        members.setdefault(pcsv.fold(name), []).append(lid)
    ids: list[str] = []
    for row in parsed.rows:
        lid = s.scalar(select(Learner.id).where(Learner.code == row.code)) if row.code else None
        if lid is None and members.get(pcsv.fold(row.name)):
            members[pcsv.fold(row.name)].pop()
            rep.already += 1
            continue
        if lid is None:
            if not row.name:
                rep.errors.append(pcsv.RowError(row.line, "name_empty"))
                continue
            try:
                with s.begin_nested():
                    lid = new_learner(s, fs, row.name, **row.fields)
            except ValidationError as exc:
                rep.errors.append(pcsv.RowError(row.line, exc.code, row.name if exc.code == "name_long" else ""))
                continue
            rep.created += 1
        ids.append(lid)
    rep.enrolled = enrol(s, fs, g.id, ids)
    rep.already += len(set(ids)) - rep.enrolled
    rep.errors.sort(key=lambda e: e.line)
    return rep


# ----------------------------------------------------------------------------- sessions

def check_date(value: str) -> str:
    """A ``YYYY-MM-DD`` date, or :class:`ValidationError`."""
    try:
        return _date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError(f"not a date (YYYY-MM-DD): {value!r}", code="date") from None


def _group_of(s: Session, gs: GroupSession) -> Group:
    g = s.get(Group, gs.group_id)
    if g is None:  # a foreign key: only a damaged database
        raise NotFoundError(f"group {gs.group_id} of session {gs.id} not found", code="not_found")
    return g


def _session_payload(gs: GroupSession, group_name: str) -> dict[str, Any]:
    return {"session_id": gs.id, "group_id": gs.group_id, "group_name": group_name, "date": gs.date,
            "capsules": json.loads(gs.capsules), "notes": gs.notes, "facilitator": gs.facilitator}


def plan_session(s: Session, fs: FacilitatorSession, group: str, date: str, capsules: Iterable[str] = (),
                 notes: str = "") -> str:
    """Plan (or start) a session for a group; a ``session.planned`` event goes to each member's log."""
    require(fs)
    limits.check_text(notes or "", limits.SESSION_NOTES, "notes")
    g = _group(s, group)
    gs = GroupSession(id=new_id(), group_id=g.id, date=check_date(date), capsules=json.dumps(list(capsules)),
                      notes=notes or "", facilitator=fs.name, updated_at=utcnow_iso())
    s.add(gs)
    s.flush()
    payload = _session_payload(gs, g.name)
    mids = list(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id)))
    _apply(s, [events.append(s, lid, T.SESSION_PLANNED, payload) for lid in mids])
    return gs.id


def _session(s: Session, session_id: str) -> GroupSession:
    gs = s.get(GroupSession, session_id)
    if gs is None:
        raise NotFoundError(f"no group session {session_id!r}", code="session_not_found")
    return gs


def update_session(s: Session, fs: FacilitatorSession, session_id: str, *, date: str | None = None,
                   capsules: Iterable[str] | None = None, notes: str | None = None) -> None:
    require(fs)
    gs = _session(s, session_id)
    if date is not None:
        gs.date = check_date(date)
    if capsules is not None:
        gs.capsules = json.dumps(list(capsules))
    if notes is not None:
        gs.notes = limits.check_text(notes, limits.SESSION_NOTES, "notes")
    gs.updated_at = utcnow_iso()
    s.flush()
    g = _group_of(s, gs)
    payload = _session_payload(gs, g.name)
    ids = set(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id)))
    ids |= set(s.scalars(select(Attendance.learner_id).where(Attendance.session_id == gs.id)))
    _apply(s, [events.append(s, lid, T.SESSION_UPDATED, payload) for lid in sorted(ids)])


def delete_session(s: Session, fs: FacilitatorSession, session_id: str) -> int:
    """Delete a session (planned by mistake, cancelled). A ``session.deleted`` event goes to the log of
    everyone it concerned; their earlier events (planning, attendance, a group quiz's answers) stay in
    their logs, and a group quiz still counts in their quiz results, but the session no longer shows nor
    counts in the attendance figures. Returns the number of learners whose log got the event."""
    require(fs)
    gs = _session(s, session_id)
    g = _group_of(s, gs)
    who = sorted(set(_learners_with(s, "session_id", gs.id))
                 | set(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == g.id))))
    payload = _session_payload(gs, g.name)
    recs = [events.append(s, lid, T.SESSION_DELETED, payload) for lid in who]
    s.execute(delete(GroupSession).where(GroupSession.id == gs.id))
    _apply(s, recs)
    return len(recs)


def session_capsules(courses: Iterable[Any], capsule_ids: Iterable[str], *,
                     need_quiz: bool = False) -> list[tuple[Any, Any]]:
    """(course, capsule) pairs of installed ``courses`` (:func:`cc2desktop.core.learning.catalog.load_courses`)
    that a session covers (every installed capsule when the session names none); ``need_quiz``: only
    capsules with a practice quiz, inline in an installed pack or in a course source folder."""
    wanted = set(capsule_ids)
    return [(co, ca) for co in courses for ca in co.capsules
            if (not wanted or ca.id in wanted) and (ca.has_quiz or not need_quiz)]


def list_sessions(s: Session, fs: FacilitatorSession, group: str | None = None) -> list[SessionInfo]:
    require(fs)
    present = func.coalesce(func.sum(type_coerce(Attendance.present, Integer)), 0)
    q = (select(GroupSession, Group.name, present, func.count(Attendance.learner_id))
         .join(Group, Group.id == GroupSession.group_id)
         .outerjoin(Attendance, Attendance.session_id == GroupSession.id)
         .group_by(GroupSession.id).order_by(GroupSession.date.desc(), GroupSession.updated_at.desc()))
    if group:
        q = q.where(GroupSession.group_id == _group(s, group).id)
    return [SessionInfo(gs.id, gs.group_id, gname, gs.date, json.loads(gs.capsules), gs.notes, gs.facilitator,
                        int(p or 0), int(n)) for gs, gname, p, n in s.execute(q)]


def get_session(s: Session, fs: FacilitatorSession, session_id: str) -> SessionInfo:
    for info in list_sessions(s, fs):
        if info.id == session_id:
            return info
    raise NotFoundError(f"no group session {session_id!r}", code="session_not_found")


def attendance(s: Session, fs: FacilitatorSession, session_id: str) -> list[AttendanceRow]:
    """The sheet: group members plus anyone recorded for the session (e.g. moved since)."""
    require(fs)
    gs = _session(s, session_id)
    rec = {lid: bool(p) for lid, p in s.execute(
        select(Attendance.learner_id, Attendance.present).where(Attendance.session_id == gs.id))}
    ids = set(s.scalars(select(GroupMember.learner_id).where(GroupMember.group_id == gs.group_id))) | set(rec)
    rows = s.execute(select(Learner.id, Learner.display_name, Learner.code).where(Learner.id.in_(ids))
                     .order_by(Learner.display_name)).all()
    return [AttendanceRow(lid, name, code, rec.get(lid)) for lid, name, code in rows]


def record_attendance(s: Session, fs: FacilitatorSession, session_id: str, *, absent: Iterable[str] = (),
                      present: Iterable[str] | None = None) -> int:
    """Mark everyone on the sheet present except ``absent`` (or exactly ``present`` when given).

    Only changes become events, so saving the same sheet twice writes nothing. Returns the number of
    learners whose attendance changed.
    """
    require(fs)
    gs = _session(s, session_id)
    sheet = attendance(s, fs, session_id)
    on_sheet = {r.learner_id for r in sheet}
    absent = {_learner_id(s, x) for x in absent}
    want_present = on_sheet - absent if present is None else {_learner_id(s, x) for x in present}
    unknown = (absent | want_present) - on_sheet
    if unknown:
        raise ValidationError(f"{len(unknown)} learner(s) are neither in the group nor on this session's sheet",
                              code="not_on_sheet")
    g = _group_of(s, gs)
    base = _session_payload(gs, g.name)
    recs = []
    for r in sheet:
        want = r.learner_id in want_present
        if r.present is None or r.present != want:
            recs.append(events.append(s, r.learner_id, T.SESSION_ATTENDED, {**base, "present": want}))
    _apply(s, recs)
    return len(recs)


# ----------------------------------------------------------------------------- group quiz

def hand_choices(question: dict) -> list[str]:
    """The options one can count hands for (choice ids; ``true``/``false`` for true/false)."""
    if question.get("type") == "true_false":
        return ["true", "false"]
    if question.get("type") == "single":
        return [str(c["id"]) for c in question.get("choices", [])]
    return []


@dataclass(frozen=True)
class GroupQuizResult:
    attempts: int  # learners credited with a group-session attempt
    mean_scaled: float
    attempt_id: str


def record_group_quiz(s: Session, fs: FacilitatorSession, session_id: str, quiz: Any, *, course_id: str | None,
                      capsule_id: str, answers: dict[str, dict[str, Any]] | None = None,
                      hands: dict[str, dict[str, int]] | None = None) -> GroupQuizResult:
    """Record a quiz played on the projector during a session.

    Per question, either ``answers[qid] = {learner_id: response}`` (participants answering one by
    one) or ``hands[qid] = {choice: count}`` (the room's show of hands, single/true-false questions).
    Every learner marked present gets a ``quiz.completed`` attempt (``attempt: "group_session"``,
    same payload as the learning domain's): a question scores 1 for a learner whose own answer is
    right (graded by the learning domain's grader), else the share of raised hands that were right.
    """
    from cc2desktop.core.learning.quiz import XAPI_TYPES, Quiz, answer_fields, check_response, grade, quiz_from_dict

    require(fs)
    answers, hands = answers or {}, hands or {}
    q_obj: Quiz = quiz if isinstance(quiz, Quiz) else quiz_from_dict(quiz)
    questions = q_obj.questions
    if not questions:
        raise ValidationError("the quiz has no questions", code="quiz_empty")
    gs = _session(s, session_id)
    present = [lid for lid, p in s.execute(select(Attendance.learner_id, Attendance.present)
                                           .where(Attendance.session_id == gs.id)
                                           .order_by(Attendance.learner_id)) if p]
    if not present:
        raise ValidationError("record attendance before the group quiz: nobody is marked present",
                              code="no_attendance")
    qids = {q["id"] for q in questions}
    for qid in set(answers) | set(hands):
        if qid not in qids:
            raise ValidationError(f"question {qid!r} is not in the quiz", code="quiz_question")
    by_id = {q["id"]: q for q in questions}
    for qid, per in answers.items():
        if set(per) - set(present):
            raise ValidationError(f"question {qid!r}: answers from learners not marked present", code="not_present")
        for response in per.values():
            check_response(by_id[qid], response)
    room: dict[str, float] = {}
    for q in questions:
        h = hands.get(q["id"])
        if h is None:
            continue
        opts = hand_choices(q)
        if not opts:
            raise ValidationError(f"question {q['id']!r}: a show of hands needs a single-choice or true/false question",
                                  code="hands_type")
        if any(str(k) not in opts or int(v) < 0 for k, v in h.items()):
            raise ValidationError(f"question {q['id']!r}: bad show of hands {h!r}", code="hands")
        total = sum(int(v) for v in h.values())
        right = sum(int(v) for k, v in h.items()
                    if grade(q, (str(k) == "true") if q["type"] == "true_false" else str(k)).correct)
        room[q["id"]] = right / total if total else 0.0
    attempt_id = new_id()
    base = {"capsule_id": capsule_id, "quiz_id": q_obj.id, "attempt_id": attempt_id, "attempt": "group_session",
            "session_id": gs.id}
    mode = "mixed" if hands and answers else "show_of_hands" if hands else "individual"
    scores = []
    for lid in present:
        points = 0.0
        for q in questions:
            mine = answers.get(q["id"], {})
            if lid in mine:
                g = grade(q, mine[lid])
                rec = events.append(s, lid, T.QUIZ_ANSWERED, {
                    **base, "question_id": q["id"], "interaction_type": XAPI_TYPES[q["type"]],
                    "question_type": q["type"], **answer_fields(q, mine[lid]),
                    "success": g.correct, "score": round(g.score, 4), "duration_s": 0.0}, course_id=course_id)
                progress.record(s, rec)
                points += 1.0 if g.correct else 0.0
            else:
                points += room.get(q["id"], 0.0)
        scaled = round(points / len(questions), 4)
        scores.append(scaled)
        progress.record(s, events.append(s, lid, T.QUIZ_COMPLETED, {
            **base, "score": round(points, 4), "max_score": float(len(questions)), "scaled": scaled,
            "success": scaled >= q_obj.mastery_score - 1e-9, "duration_s": 0.0, "mode": mode}, course_id=course_id))
    return GroupQuizResult(len(scores), sum(scores) / len(scores), attempt_id)


# ----------------------------------------------------------------------------- derived tables

def _deleted(s: Session, event_type: str, key: str, ids: set[str]) -> set[str]:
    """Which of ``ids`` (groups or sessions) a ``*.deleted`` event of the log names."""
    if not ids:
        return set()
    col = func.json_extract(Event.payload, f"$.{key}")
    return set(s.scalars(select(col).where(Event.type == event_type, col.in_(sorted(ids))).distinct()))


def _apply(s: Session, recs: list) -> None:
    """Apply facilitation events (in order) to the derived tables. A group or session that a
    ``*.deleted`` event of the log names is never brought back (by a rebuild or a late event)."""
    if not recs:
        return
    groups: dict[str, dict] = {}
    renames: dict[str, str] = {}
    sessions: dict[str, dict] = {}
    member_ops: dict[tuple[str, str], str | None] = {}  # (group, learner) → since, None = left
    att: dict[tuple[str, str], dict] = {}
    for r in recs:
        p = r.payload if isinstance(r.payload, dict) else json.loads(r.payload)
        if "group_id" in p:
            groups.setdefault(p["group_id"], {"id": p["group_id"], "name": p.get("group_name") or p["group_id"],
                                              "created_at": r.created_at})
        if r.type == T.GROUP_ENROLLED:
            member_ops[(p["group_id"], r.learner_id)] = r.created_at
        elif r.type == T.GROUP_LEFT:
            member_ops[(p["group_id"], r.learner_id)] = None
        elif r.type == T.GROUP_RENAMED:
            renames[p["group_id"]] = p["group_name"]
        elif r.type in (T.SESSION_PLANNED, T.SESSION_UPDATED, T.SESSION_ATTENDED):
            # The latest event's snapshot of the session wins (events are applied in log order).
            sessions[p["session_id"]] = {
                "id": p["session_id"], "group_id": p["group_id"], "date": p["date"],
                "capsules": json.dumps(p.get("capsules") or []), "notes": p.get("notes") or "",
                "facilitator": p.get("facilitator") or "", "updated_at": r.created_at}
            if r.type == T.SESSION_ATTENDED:
                att[(p["session_id"], r.learner_id)] = {"session_id": p["session_id"], "learner_id": r.learner_id,
                                                        "present": bool(p.get("present")), "updated_at": r.created_at}
        elif r.type == T.SESSION_DELETED:
            sessions.setdefault(p["session_id"], {"id": p["session_id"], "group_id": p["group_id"]})
    gone_groups = _deleted(s, T.GROUP_DELETED, "group_id", set(groups))
    gone_sessions = _deleted(s, T.SESSION_DELETED, "session_id", set(sessions))
    gone_sessions |= {sid for sid, row in sessions.items() if row["group_id"] in gone_groups}
    for g in groups.values():
        if g["id"] in gone_groups:
            continue
        name = renames.get(g["id"], g["name"])
        existing = s.get(Group, g["id"])
        if existing is not None and (g["id"] not in renames or existing.name == name):
            continue
        if s.scalar(select(Group.id).where(Group.name == name, Group.id != g["id"])):  # same name made elsewhere
            name = f"{name} ({g['id'][:4]})"
        if existing is None:
            s.add(Group(**{**g, "name": name}))
        else:
            existing.name = name
        s.flush()
    for row in sessions.values():
        if row["id"] in gone_sessions:
            continue
        s.execute(sqlite_insert(GroupSession).values(**row).on_conflict_do_update(
            index_elements=["id"], set_={k: row[k] for k in row if k != "id"}))
    for (gid, lid), since in member_ops.items():
        if gid in gone_groups:
            continue
        if since is None:
            s.execute(delete(GroupMember).where(GroupMember.group_id == gid, GroupMember.learner_id == lid))
        else:
            s.execute(sqlite_insert(GroupMember).values(group_id=gid, learner_id=lid, since=since)
                      .on_conflict_do_nothing())
    rows = [a for (sid, _lid), a in att.items() if sid not in gone_sessions]
    if rows:
        stmt = sqlite_insert(Attendance)
        s.execute(stmt.on_conflict_do_update(index_elements=["session_id", "learner_id"],
                                             set_={"present": stmt.excluded.present,
                                                   "updated_at": stmt.excluded.updated_at}), rows)
    if gone_sessions:
        s.execute(delete(GroupSession).where(GroupSession.id.in_(sorted(gone_sessions))))
    if gone_groups:
        s.execute(delete(Group).where(Group.id.in_(sorted(gone_groups))))
    s.flush()


def rebuild(s: Session) -> int:
    """Recompute groups' members, sessions and attendance from the event log (e.g. after an import).

    Empty groups created on this PC are kept. Returns the number of events replayed.
    """
    s.execute(delete(Attendance))
    s.execute(delete(GroupSession))
    s.execute(delete(GroupMember))
    q = (select(Event).where(Event.type.in_(FACILITATION_TYPES))
         .order_by(Event.created_at, Event.device_id, Event.seq))
    recs = [events.EventRecord.from_row(e) for e in s.scalars(q)]
    _apply(s, recs)
    return len(recs)
