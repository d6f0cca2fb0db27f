"""Learner profiles and the learner-scoped service.

:class:`Profiles` lists and creates profiles and *opens* one (checking its PIN). Opening returns a
:class:`LearnerService` bound to that learner: every read and write it offers concerns that learner
only (no method takes another learner's id), so one learner can never read another's progress
through it. Nothing else in the app constructs a LearnerService.

Every method opens its own session and returns plain data; it is safe to call from a worker thread.
A write returns once its transaction is committed (synchronous=FULL): the event is on disk.
"""

from __future__ import annotations

import builtins

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import select

from cc2desktop.core import events
from cc2desktop.core.db.base import new_id, utcnow_iso
from cc2desktop.core.db.models import Learner
from cc2desktop.core.errors import CCError, NotFoundError, PermissionDeniedError, ValidationError
from cc2desktop.core.learning import countries, pins, progress
from cc2desktop.core.learning.catalog import Capsule, Course
from cc2desktop.core.learning.models import CapsuleProgress, LearnerPref
from cc2desktop.core import limits
from cc2desktop.core.learning.quiz import XAPI_TYPES, Quiz, answer_fields, check_response, grade


class PinRequiredError(CCError):
    code = "pin_required"


class WrongPinError(CCError):
    code = "pin_wrong"


class PinLockedError(CCError):
    code = "pin_locked"


class PinSetupRequiredError(CCError):
    """A profile a facilitator made: its learner chooses a PIN before she first opens it."""

    code = "pin_setup_required"


@dataclass(frozen=True)
class LearnerInfo:
    id: str
    name: str
    has_pin: bool
    gender: str | None = None
    country: str | None = None
    age_band: str | None = None
    category: str | None = None
    created_at: str = ""
    campaign: str | None = None
    needs_pin: bool = False  # made by a facilitator: the learner chooses a PIN before the first use
    code: str | None = None  # her learner code (given at the first sync): to find her account on another PC

    @classmethod
    def from_row(cls, r: Learner) -> "LearnerInfo":
        return cls(r.id, r.display_name, bool(r.pin_hash), r.gender, r.country, r.age_band, r.category, r.created_at,
                   campaign=r.campaign, needs_pin=bool(r.pin_needed) and not r.pin_hash, code=r.code)

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "has_pin": self.has_pin, "gender": self.gender,
                "country": self.country, "age_band": self.age_band, "category": self.category,
                "created_at": self.created_at, "needs_pin": self.needs_pin, "campaign": self.campaign}


def _iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse_iso(s: str) -> float:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def known_campaigns(kit: Any) -> list[dict]:
    """Campaigns listed by the installed course packs and the course folders the kit was given (the
    first title of a code wins)."""
    import json
    from pathlib import Path

    from cc2desktop.core.packs.service import installed_manifests

    found = [(c.code, dict(c.title)) for m in installed_manifests(kit) for c in m.campaigns or []]
    for folder in getattr(kit, "course_dirs", None) or []:
        try:
            data = json.loads((Path(folder) / "course.json").read_text(encoding="utf-8"))
            found += [(str(c["code"]), dict(c["title"])) for c in data.get("campaigns") or []]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # a course folder that does not say: no campaign from it
    out: dict[str, dict] = {}
    for code, title in found:
        out.setdefault(code, {"code": code, "title": title})
    return sorted(out.values(), key=lambda c: c["code"])


def check_campaign(code: str | None, known: list[dict]) -> str | None:
    """A campaign code as typed (case and spaces forgiven), one of ``known``; None for none."""
    code = (code or "").strip().lower() or None
    if code is None:
        return None
    codes = [c["code"] for c in known]
    if code not in codes:
        listed = ", ".join(codes) if codes else "none on this PC (install the course pack that lists them)"
        raise ValidationError(f"unknown campaign {code!r} (known: {listed})", code="campaign_invalid")
    return code


def validate_profile(name: str, pin: str | None = None, gender: str | None = None, country: str | None = None,
                     age_band: str | None = None, category: str | None = None) -> dict:
    """Checked, normalised fields; raises ValidationError with a one-line reason."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("a profile needs a name", code="name_empty")
    if len(name) > limits.PERSON_NAME:
        raise ValidationError(f"a name is at most {limits.PERSON_NAME} characters", code="name_long")
    pin = (pin or "").strip() or None
    if pin is not None:
        pins.check_pin_format(pin)
    out = {"name": name, "pin": pin}
    for key, val, allowed in (("gender", gender, countries.GENDERS), ("age_band", age_band, countries.AGE_BANDS),
                              ("category", category, countries.CATEGORIES)):
        val = (val or "").strip() or None
        if val is not None and val not in allowed:
            raise ValidationError(f"{key} must be one of {', '.join(allowed)} (got {val!r})", code=f"{key}_invalid")
        out[key] = val
    country = (country or "").strip().upper() or None
    if country is not None and not countries.is_country(country):
        raise ValidationError(f"unknown country code {country!r}", code="country_invalid")
    out["country"] = country
    return out


_TOKEN = object()  # only Profiles.open can make a LearnerService


class Profiles:
    def __init__(self, kit: Any, *, clock: Callable[[], float] = time.time) -> None:
        self.kit = kit
        self.clock = clock

    def list(self) -> list[LearnerInfo]:
        with self.kit.read() as s:
            rows = s.scalars(select(Learner).order_by(Learner.display_name, Learner.created_at))
            return [LearnerInfo.from_row(r) for r in rows]

    def get(self, learner_id: str) -> LearnerInfo:
        with self.kit.read() as s:
            row = s.get(Learner, learner_id)
            if row is None:
                raise NotFoundError(f"no learner {learner_id}")
            return LearnerInfo.from_row(row)

    def create(self, name: str, pin: str | None = None, **fields: str | None) -> LearnerInfo:
        return self.create_many([{"name": name, "pin": pin, **fields}])[0]

    def create_many(self, rows: builtins.list[dict]) -> builtins.list[LearnerInfo]:
        """All or nothing: every row is validated before anything is written."""
        known: builtins.list[dict] | None = None
        campaigns = []
        for r in rows:
            if r.get("campaign"):
                known = known if known is not None else known_campaigns(self.kit)
            campaigns.append(check_campaign(r.get("campaign"), known or []))
        checked = [validate_profile(**{k: v for k, v in r.items() if k != "campaign"}) for r in rows]
        hashed = [pins.hash_pin(c["pin"]) if c["pin"] else None for c in checked]
        out = []
        with self.kit.session() as s:
            for c, h, campaign in zip(checked, hashed, campaigns):
                row = Learner(id=new_id(), display_name=c["name"], pin_hash=h, pin_failures=0, gender=c["gender"],
                              country=c["country"], age_band=c["age_band"], category=c["category"], local=True,
                              created_at=utcnow_iso(), campaign=campaign)
                s.add(row)
                s.flush()
                out.append(LearnerInfo.from_row(row))
        return out

    def open(self, learner_id: str, pin: str | None = None) -> "LearnerService":
        """Check the PIN (if the profile has one) and return the service bound to this learner.

        Raises PinRequiredError, WrongPinError (``params['tries_left']``) or PinLockedError
        (``params['retry_in_s']``). While locked, the PIN is not even checked.
        """
        now = self.clock()
        err: CCError | None = None
        with self.kit.session() as s:
            row = s.get(Learner, learner_id)
            if row is None:
                raise NotFoundError(f"no learner {learner_id} on this computer")
            if not row.pin_hash and row.pin_needed:
                raise PinSetupRequiredError("choose a PIN before opening this profile the first time")
            if row.pin_hash:
                if row.pin_locked_until and _parse_iso(row.pin_locked_until) > now:
                    wait = int(_parse_iso(row.pin_locked_until) - now + 0.999)
                    raise PinLockedError(f"too many wrong PINs: try again in {wait} s", retry_in_s=wait)
                if not pin:
                    raise PinRequiredError("this profile is protected by a PIN")
                if pins.verify_pin(pin, row.pin_hash):
                    row.pin_failures = 0
                    row.pin_locked_until = None
                else:  # count the failure (committed when the block ends), then refuse
                    row.pin_failures = (row.pin_failures or 0) + 1
                    delay = pins.lock_delay_s(row.pin_failures)
                    row.pin_locked_until = _iso(now + delay) if delay else None
                    if delay:
                        err = PinLockedError(f"wrong PIN; locked for {delay} s", retry_in_s=delay)
                    else:
                        err = WrongPinError("wrong PIN", tries_left=pins.FREE_TRIES - row.pin_failures)
            info = LearnerInfo.from_row(row)
        if err is not None:
            raise err
        return LearnerService(self.kit, info, _TOKEN)

    def update(self, learner_id: str, **fields: str | None) -> LearnerInfo:
        """Change the name or the self-declared fields of a profile (``name``, gender, country, age
        band, category, campaign; a field not given stays, an empty one is cleared, a name cannot
        be). Sync carries the change to the learner's other PCs (last change wins)."""
        allowed = {"gender", "country", "age_band", "category", "campaign"}
        new_name = fields.pop("name", None)
        bad = set(fields) - allowed
        if bad:
            raise ValidationError(f"cannot change {sorted(bad)[0]} here", code="profile_field")
        with self.kit.read() as s:
            row = s.get(Learner, learner_id)
            if row is None:
                raise NotFoundError(f"no learner {learner_id}")
            current = {k: getattr(row, k) for k in allowed}
            name = row.display_name
        merged = {**current, **fields}
        typed = merged.pop("campaign")
        campaign = check_campaign(typed, known_campaigns(self.kit)) \
            if "campaign" in fields and fields["campaign"] else (None if "campaign" in fields else current["campaign"])
        checked = validate_profile(name if new_name is None else new_name, **merged)
        with self.kit.session() as s:
            row = s.get(Learner, learner_id)
            if row is None:
                raise NotFoundError(f"no learner {learner_id}")
            for k in ("gender", "country", "age_band", "category"):
                setattr(row, k, checked[k])
            row.display_name = checked["name"]
            row.campaign = campaign
            s.flush()
            return LearnerInfo.from_row(row)

    def set_first_pin(self, learner_id: str, pin: str) -> None:
        """The learner chooses her PIN before first opening a profile a facilitator made (refused
        on any other profile: a PIN is changed by a facilitator, with the learner present)."""
        pins.check_pin_format(pin)
        h = pins.hash_pin(pin)
        with self.kit.session() as s:
            row = s.get(Learner, learner_id)
            if row is None:
                raise NotFoundError(f"no learner {learner_id}")
            if row.pin_hash or not row.pin_needed:
                raise PermissionDeniedError("this profile already has its PIN", code="pin_already_set")
            row.pin_hash, row.pin_failures, row.pin_locked_until, row.pin_needed = h, 0, None, False

    def reset_pin(self, learner_id: str, new_pin: str | None) -> None:
        """Facilitator action (CLI): set or clear a PIN and lift any lock."""
        h = pins.hash_pin(new_pin) if new_pin else None
        with self.kit.session() as s:
            row = s.get(Learner, learner_id)
            if row is None:
                raise NotFoundError(f"no learner {learner_id}")
            row.pin_hash, row.pin_failures, row.pin_locked_until = h, 0, None
            if h:
                row.pin_needed = False


@dataclass(frozen=True)
class AnswerResult:
    event_id: str
    question_id: str
    correct: bool
    score: float
    expected: Any
    feedback: tuple[dict, ...] = ()  # {lang: text} maps: feedback of the picked answers and the outcome


@dataclass(frozen=True)
class QuizResult:
    event_id: str
    score: float
    max_score: float
    scaled: float
    passed: bool
    best: float
    last: float
    attempts: int
    capsule_completed: bool


@dataclass
class CourseProgress:
    course_id: str
    capsules: dict[str, progress.CapsuleState] = field(default_factory=dict)
    completed: int = 0
    total: int = 0
    modules: dict[str, tuple[int, int]] = field(default_factory=dict)  # module id → (done, total)
    time_spent_s: float = 0.0

    @property
    def ratio(self) -> float:
        return self.completed / self.total if self.total else 0.0


class LearnerService:
    """Everything one opened learner does. Bound at construction; see :meth:`Profiles.open`."""

    def __init__(self, kit: Any, learner: LearnerInfo, token: object) -> None:
        if token is not _TOKEN:
            raise PermissionDeniedError("open a learner through Profiles.open (PIN check)")
        self.kit = kit
        self.learner = learner

    @property
    def learner_id(self) -> str:
        return self.learner.id

    # ----------------------------------------------------------------------------- preferences
    def get_pref(self, key: str, default: str | None = None) -> str | None:
        with self.kit.read() as s:
            row = s.get(LearnerPref, (self.learner_id, key))
            return row.value if row else default

    def set_pref(self, key: str, value: str) -> None:
        with self.kit.session() as s:
            s.merge(LearnerPref(learner_id=self.learner_id, key=key, value=str(value)))

    # ------------------------------------------------------------------------------- watching
    def record_watch(self, course: Course, capsule: Capsule, segments: list[list[float]], *, position: float,
                     length: float, duration_s: float = 0.0, rate: float = 1.0,
                     rendition: str = "standard") -> progress.CapsuleState:
        """Append one ``video.watched`` event (the intervals actually played since the last one)."""
        segs = progress.union(segments, gap=0.0)
        length = float(length or capsule.duration_s or 0.0)
        with self.kit.session() as s:
            pref = s.get(LearnerPref, (self.learner_id, "subtitles"))  # the subtitle language she watched with
            before = progress.current(s, self.learner_id, course.id, capsule.id)
            covered = progress.covered(progress.union(before.watched + segs), length or None)
            ratio = min(1.0, covered / length) if length else 0.0
            ev = events.append(s, self.learner_id, progress.VIDEO_WATCHED, {
                "capsule_id": capsule.id, "module_id": capsule.module_id,
                "segments": [[round(a, 2), round(b, 2)] for a, b in segs], "position": round(float(position), 2),
                "length": round(length, 2), "progress": round(ratio, 4), "rate": rate,
                "duration_s": round(float(duration_s), 2), "rendition": rendition,
                "subtitles": (pref.value if pref is not None and pref.value else "off"),
            }, course_id=course.id)
            return self._after_activity(s, course, capsule, ev)

    def _after_activity(self, s: Any, course: Course, capsule: Capsule,
                        ev: events.EventRecord) -> progress.CapsuleState:
        """Fold the new event into the progress cache; complete the capsule when its rule is met."""
        st = progress.record(s, ev)
        assert st is not None
        if not st.completed and st.meets_rule(capsule.min_watched, capsule.quiz_required, capsule.has_quiz):
            done = events.append(s, self.learner_id, progress.CAPSULE_COMPLETED, {
                "capsule_id": capsule.id, "module_id": capsule.module_id,
                "watched": round(st.watched_ratio, 4), "quiz_scaled": st.quiz_best,
            }, course_id=course.id)
            st = progress.record(s, done)
            assert st is not None
        return st

    # -------------------------------------------------------------------------------- quizzes
    def answer(self, course: Course, capsule: Capsule, quiz: Quiz, question_id: str, response: Any, *,
               attempt_id: str, duration_s: float = 0.0) -> AnswerResult:
        q = quiz.question(question_id)
        check_response(q, response)
        g = grade(q, response)
        with self.kit.session() as s:
            ev = events.append(s, self.learner_id, progress.QUIZ_ANSWERED, {
                "capsule_id": capsule.id, "quiz_id": quiz.id, "attempt_id": attempt_id, "question_id": question_id,
                "interaction_type": XAPI_TYPES[q["type"]], "question_type": q["type"],
                **answer_fields(q, response), "success": g.correct,
                "score": round(g.score, 4), "duration_s": round(float(duration_s), 2),
            }, course_id=course.id)
            progress.record(s, ev)
        return AnswerResult(ev.id, question_id, g.correct, g.score, g.expected, g.feedback)

    def complete_quiz(self, course: Course, capsule: Capsule, quiz: Quiz, *, attempt_id: str,
                      duration_s: float = 0.0) -> QuizResult:
        """Close an attempt: its score is the last answer given to each question in it."""
        with self.kit.session() as s:
            answered = events.for_learner(s, self.learner_id, course_id=course.id, types=(progress.QUIZ_ANSWERED,),
                                          payload={"attempt_id": attempt_id})
            last: dict[str, float] = {}
            for e in answered:
                last[e.payload["question_id"]] = float(e.payload.get("score") or 0)
            if not last:
                raise ValidationError("answer at least one question before finishing", code="quiz_empty")
            points, max_points = quiz.attempt_score(last)
            scaled = points / max_points if max_points else 0.0
            ev = events.append(s, self.learner_id, progress.QUIZ_COMPLETED, {
                "capsule_id": capsule.id, "quiz_id": quiz.id, "attempt_id": attempt_id, "score": points,
                "max_score": max_points, "scaled": round(scaled, 4), "success": scaled >= quiz.mastery_score - 1e-9,
                "duration_s": round(float(duration_s), 2),
            }, course_id=course.id)
            st = self._after_activity(s, course, capsule, ev)
        return QuizResult(ev.id, points, max_points, scaled, scaled >= quiz.mastery_score - 1e-9,
                          st.quiz_best or 0.0, st.quiz_last or 0.0, st.quiz_attempts, st.completed)

    # ------------------------------------------------------------------------------- reading
    def capsule_state(self, course_id: str, capsule_id: str) -> progress.CapsuleState:
        with self.kit.read() as s:
            row = s.get(CapsuleProgress, (self.learner_id, course_id, capsule_id))
            return progress.row_to_state(row) if row else progress.CapsuleState(course_id, capsule_id)

    def course_progress(self, course: Course) -> CourseProgress:
        with self.kit.read() as s:
            rows = s.scalars(select(CapsuleProgress).where(CapsuleProgress.learner_id == self.learner_id,
                                                           CapsuleProgress.course_id == course.id))
            states = {r.capsule_id: progress.row_to_state(r) for r in rows}
        cp = CourseProgress(course.id)
        for m in course.modules:
            done = 0
            for c in m.capsules:
                st = states.get(c.id) or progress.CapsuleState(course.id, c.id, length_s=c.duration_s)
                cp.capsules[c.id] = st
                done += st.completed
                cp.time_spent_s += st.time_spent_s
            cp.modules[m.id] = (done, len(m.capsules))
            cp.completed += done
            cp.total += len(m.capsules)
        return cp

    def last_activity(self) -> tuple[str, str] | None:
        """(course id, capsule id) of the most recent activity, for "continue where I left off"."""
        with self.kit.read() as s:
            row = s.scalars(select(CapsuleProgress).where(CapsuleProgress.learner_id == self.learner_id,
                                                          CapsuleProgress.last_activity_at.is_not(None))
                            .order_by(CapsuleProgress.last_activity_at.desc())).first()
            return (row.course_id, row.capsule_id) if row else None

    def quiz_answers(self, course_id: str, attempt_id: str) -> dict[str, dict]:
        """The answers saved in one attempt (question id → payload), e.g. after a restart."""
        with self.kit.read() as s:
            evs = events.for_learner(s, self.learner_id, course_id=course_id, types=(progress.QUIZ_ANSWERED,),
                                     payload={"attempt_id": attempt_id})
        return {e.payload["question_id"]: e.payload for e in evs}

    def events(self, course_id: str | None = None) -> list[events.EventRecord]:
        with self.kit.read() as s:
            return events.for_learner(s, self.learner_id, course_id=course_id)

    def rebuild_progress(self) -> int:
        with self.kit.session() as s:
            return progress.rebuild(s, self.learner_id)
