"""Learning events as xAPI 1.0.3 statements (docs/xapi.md).

One statement per learning event, built from the event alone (and the learner's code):

- ``video.watched`` → the video profile's ``paused`` (https://w3id.org/xapi/video): the played
  segments since the last event, the time code, progress; length, speed, quality, subtitles (on or
  off, and their language) in the context; the session is the capsule visit of that day.
- ``quiz.answered`` → ``answered`` a ``cmi.interaction`` of the matching interaction type, with the
  response in that type's pattern (a numeric answer typed with a decimal comma is given with a
  point; an answer that is not a number is kept aside in an extension, never as a numeric response).
- ``quiz.completed`` → ``completed`` the quiz (an ``assessment``), score and success;
  ``capsule.completed`` → ``completed`` the capsule (a ``lesson``); ``exam.started`` → ``attempted``;
  ``exam.claimed`` → ``submitted`` (the answers stay out: the central server grades them);
  ``session.attended`` (present) → ``attended`` the group session.
- a certification decision (the central server's ``certificate`` item) → ``passed`` or ``failed``
  the exam, with the score and the certificate's verification code.

Statement ids are UUIDv5 of the event id (of the decision id for a decision), so a statement sent
twice is the same statement. The actor is pseudonymous: an ``account`` of the programme's homePage
named by the learner's code; never a name, an e-mail, a gender or a country.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote

from cc2desktop.core.event_types import EventRecord

XAPI_VERSION = "1.0.3"
DEFAULT_IRI_BASE = "https://connexions-citoyennes.org/xapi"
DEFAULT_HOME_PAGE = "https://connexions-citoyennes.org"
#: the namespace of statement ids (UUIDv5 of the event id): fixed forever
NAMESPACE = uuid.UUID("6f1c2a52-0d6b-5b0e-9a4e-3c2c2d7c0c21")

ADL = "http://adlnet.gov/expapi/verbs/"
VIDEO = "https://w3id.org/xapi/video"
VIDEO_EXT = VIDEO + "/extensions/"
ACT = "http://adlnet.gov/expapi/activities/"
INTERACTION_TYPES = frozenset({"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                               "sequencing", "likert", "numeric", "other"})
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class XapiConfig:
    iri_base: str = DEFAULT_IRI_BASE      # activity ids: <base>/courses/<course>/…
    home_page: str = DEFAULT_HOME_PAGE    # the actors' account homePage
    platform: str = "cc2desktop"

    def iri(self, *parts: str) -> str:
        return self.iri_base.rstrip("/") + "/" + "/".join(quote(str(p), safe="") for p in parts)


def statement_id(source_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, source_id))


def duration(seconds: Any) -> str | None:
    """ISO 8601 duration with xAPI's 0.01 s precision."""
    try:
        s = max(0.0, float(seconds))
    except (TypeError, ValueError):
        return None
    return f"PT{round(s, 2):g}S" if s < 1e9 else None


def numeric_response(value: Any) -> str | None:
    """A numeric response as xAPI wants it (a decimal point, no grouping), or None when the answer
    is not a number (``"3,5"`` → ``"3.5"``, ``"1 000"`` → ``"1000"``, ``"about 3"`` → None)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return text if _NUMBER.fullmatch(text) else None


def _scaled(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return max(-1.0, min(1.0, v))


def _lang_map(titles: Any, fallback: str) -> dict[str, str]:
    if isinstance(titles, dict) and titles:
        return {("fr-FR" if k == "fr" else "en-US" if k == "en" else k): str(v) for k, v in titles.items() if v}
    return {"en-US": fallback}


class StatementBuilder:
    """Statements of one export or forwarding run. ``actor_name(learner_id)`` gives the account
    name (the learner's code; her id when she has none)."""

    def __init__(self, config: XapiConfig, actor_name: Callable[[str], str]) -> None:
        self.config = config
        self.actor_name = actor_name
        self.builders: dict[str, Callable[[EventRecord, dict], dict | None]] = {
            "video.watched": self._video, "quiz.answered": self._answered, "quiz.completed": self._quiz_completed,
            "capsule.completed": self._capsule_completed, "exam.started": self._exam_started,
            "exam.claimed": self._exam_claimed, "session.attended": self._attended,
        }

    # common parts -----------------------------------------------------------------------------
    def actor(self, learner_id: str) -> dict:
        return {"objectType": "Agent", "account": {"homePage": self.config.home_page,
                                                    "name": self.actor_name(learner_id)}}

    def _activity(self, iri: str, kind: str, name: str, extra: dict | None = None) -> dict:
        d: dict[str, Any] = {"type": kind, "name": {"en-US": name}}
        if extra:
            d.update(extra)
        return {"objectType": "Activity", "id": iri, "definition": d}

    def _course(self, course_id: str | None) -> dict:
        cid = course_id or "unknown"
        return self._activity(self.config.iri("courses", cid), ACT + "course", cid)

    def _capsule(self, course_id: str | None, capsule_id: str) -> dict:
        return self._activity(self.config.iri("courses", course_id or "unknown", "capsules", capsule_id),
                              ACT + "lesson", capsule_id)

    def _statement(self, e: EventRecord, verb: str, display: str, obj: dict, *, result: dict | None = None,
                   context: dict | None = None, parents: list[dict] | None = None) -> dict:
        ctx: dict[str, Any] = {"platform": self.config.platform, **(context or {})}
        acts = ctx.setdefault("contextActivities", {})
        if parents:
            acts["parent"] = parents
        acts.setdefault("grouping", [self._course(e.course_id)])
        st: dict[str, Any] = {"id": statement_id(e.id), "actor": self.actor(e.learner_id),
                              "verb": {"id": verb, "display": {"en-US": display}}, "object": obj,
                              "timestamp": e.created_at, "context": ctx, "version": XAPI_VERSION}
        if result:
            st["result"] = result
        return st

    def build(self, e: EventRecord) -> dict | None:
        """The statement of one event, or None for events that are not learning records
        (facilitators' records, an exam's answers before the claim…) or cannot be read."""
        fn = self.builders.get(e.type)
        if fn is None:
            return None
        try:
            p = e.payload
        except ValueError:
            return None
        try:
            return fn(e, p)
        except (KeyError, TypeError, ValueError):
            return None

    # per event type ---------------------------------------------------------------------------
    def _video(self, e: EventRecord, p: dict) -> dict | None:
        cap = str(p["capsule_id"])
        segs = [s for s in p.get("segments") or [] if isinstance(s, list) and len(s) == 2]
        played = "[,]".join(f"{float(a):g}[.]{float(b):g}" for a, b in segs)
        length = float(p.get("length") or 0.0)
        position = max(0.0, float(p.get("position") or (segs[-1][1] if segs else 0.0)))
        ext_r: dict[str, Any] = {VIDEO_EXT + "time": round(position, 3),
                                 VIDEO_EXT + "progress": round(min(1.0, max(0.0, float(p.get("progress") or 0))), 4)}
        if played:
            ext_r[VIDEO_EXT + "played-segments"] = played
        subs = p.get("subtitles")
        ext_c: dict[str, Any] = {VIDEO_EXT + "length": round(max(0.0, length), 3),
                                 # one session per learner, capsule and day (the event log has no player session)
                                 VIDEO_EXT + "session-id": str(uuid.uuid5(NAMESPACE, "|".join(
                                     (e.learner_id, cap, e.created_at[:10])))),
                                 VIDEO_EXT + "completion-threshold": 0.9}
        if isinstance(p.get("rate"), (int, float)):
            ext_c[VIDEO_EXT + "speed"] = f"{float(p['rate']):g}x"
        if isinstance(p.get("rendition"), str):
            ext_c[VIDEO_EXT + "quality"] = p["rendition"]
        if isinstance(subs, str):
            ext_c[VIDEO_EXT + "cc-enabled"] = subs not in ("", "off")
            if subs not in ("", "off"):
                ext_c[VIDEO_EXT + "cc-subtitle-lang"] = subs
        video = self._activity(self.config.iri("courses", e.course_id or "unknown", "capsules", cap, "video"),
                               VIDEO + "/activity-type/video", f"{cap} video")
        result: dict[str, Any] = {"extensions": ext_r}
        d = duration(p.get("duration_s"))
        if d:
            result["duration"] = d
        profile = {"id": VIDEO, "definition": {"type": ACT + "profile"}, "objectType": "Activity"}
        return self._statement(e, VIDEO + "/verbs/paused", "paused", video, result=result,
                               context={"extensions": ext_c, "contextActivities": {"category": [profile]}},
                               parents=[self._capsule(e.course_id, cap)])

    def _answered(self, e: EventRecord, p: dict) -> dict | None:
        cap, quiz, qid = str(p["capsule_id"]), str(p["quiz_id"]), str(p["question_id"])
        itype = p.get("interaction_type")
        if itype not in INTERACTION_TYPES:
            itype = "other"
        raw = p.get("response")
        ext: dict[str, Any] = {}
        if itype == "numeric":
            resp = numeric_response(p.get("raw_response", raw) if raw in (None, "") else raw)
            if resp is None and raw not in (None, ""):
                ext[self.config.iri("extensions", "typed-response")] = str(raw)[:500]
        elif itype == "true-false":
            resp = raw if raw in ("true", "false") else None
        else:
            resp = str(raw) if raw is not None and raw != "" else None
        result: dict[str, Any] = {}
        if resp is not None:
            result["response"] = resp
        if isinstance(p.get("success"), bool):
            result["success"] = p["success"]
        sc = _scaled(p.get("score"))
        if sc is not None:
            result["score"] = {"scaled": round(sc, 4)}
        d = duration(p.get("duration_s"))
        if d:
            result["duration"] = d
        if ext:
            result["extensions"] = ext
        question = self._activity(self.config.iri("courses", e.course_id or "unknown", "quizzes", quiz, "questions",
                                                  qid), ACT + "cmi.interaction", qid, {"interactionType": itype})
        context = _registration(p.get("attempt_id"))
        quiz_act = self._activity(self.config.iri("courses", e.course_id or "unknown", "quizzes", quiz),
                                  ACT + "assessment", quiz)
        return self._statement(e, ADL + "answered", "answered", question, result=result, context=context,
                               parents=[quiz_act, self._capsule(e.course_id, cap)])

    def _quiz_completed(self, e: EventRecord, p: dict) -> dict | None:
        cap, quiz = str(p["capsule_id"]), str(p["quiz_id"])
        score: dict[str, Any] = {}
        sc = _scaled(p.get("scaled"))
        if sc is not None:
            score["scaled"] = round(sc, 4)
        try:
            raw, top = float(p["score"]), float(p["max_score"])
            if 0 <= raw <= top:
                score.update({"raw": round(raw, 4), "min": 0, "max": round(top, 4)})
        except (KeyError, TypeError, ValueError):
            pass
        result: dict[str, Any] = {"completion": True}
        if score:
            result["score"] = score
        if isinstance(p.get("success"), bool):
            result["success"] = p["success"]
        d = duration(p.get("duration_s"))
        if d:
            result["duration"] = d
        obj = self._activity(self.config.iri("courses", e.course_id or "unknown", "quizzes", quiz),
                             ACT + "assessment", quiz)
        return self._statement(e, ADL + "completed", "completed", obj, result=result,
                               context=_registration(p.get("attempt_id")), parents=[self._capsule(e.course_id, cap)])

    def _capsule_completed(self, e: EventRecord, p: dict) -> dict | None:
        cap = str(p["capsule_id"])
        result: dict[str, Any] = {"completion": True}
        ext = {}
        if isinstance(p.get("watched"), (int, float)):
            ext[self.config.iri("extensions", "watched")] = round(float(p["watched"]), 4)
        if isinstance(p.get("quiz_scaled"), (int, float)):
            ext[self.config.iri("extensions", "quiz-scaled")] = round(float(p["quiz_scaled"]), 4)
        if ext:
            result["extensions"] = ext
        return self._statement(e, ADL + "completed", "completed", self._capsule(e.course_id, cap), result=result,
                               parents=[self._course(e.course_id)])

    def _exam(self, e: EventRecord, exam_id: str) -> dict:
        return self._activity(self.config.iri("courses", e.course_id or "unknown", "exam", exam_id or "final"),
                              ACT + "assessment", f"{e.course_id} final exam")

    def _exam_started(self, e: EventRecord, p: dict) -> dict | None:
        return self._statement(e, ADL + "attempted", "attempted", self._exam(e, str(p.get("exam_id") or "")),
                               context=_registration(p.get("attempt_id")))

    def _exam_claimed(self, e: EventRecord, p: dict) -> dict | None:
        result: dict[str, Any] = {"completion": True}
        try:
            from datetime import datetime

            spent = (datetime.fromisoformat(str(p["submitted_at"]).replace("Z", "+00:00"))
                     - datetime.fromisoformat(str(p["started_at"]).replace("Z", "+00:00"))).total_seconds()
            d = duration(spent)
            if d:
                result["duration"] = d
        except (KeyError, ValueError, TypeError):
            pass
        return self._statement(e, "http://activitystrea.ms/schema/1.0/submit", "submitted",
                               self._exam(e, str(p.get("exam_id") or "")), result=result,
                               context=_registration(p.get("attempt_id")))

    def _attended(self, e: EventRecord, p: dict) -> dict | None:
        if p.get("present") is not True:
            return None
        obj = self._activity(self.config.iri("sessions", str(p["session_id"])), ACT + "meeting",
                             str(p.get("group_name") or p["session_id"]))
        return self._statement(e, ADL + "attended", "attended", obj)

    # certification decisions ----------------------------------------------------------------------
    def decision(self, body: dict, learner_id: str, decided_at: str) -> dict | None:
        """``passed`` / ``failed`` for a decision that graded the answers (refusals for another
        reason — too early, no such course — are not learning records)."""
        kind = body.get("kind")
        did = body.get("id")
        if not isinstance(did, str) or kind not in ("certificate", "refusal"):
            return None
        if kind == "refusal" and body.get("score") is None:
            return None
        course = str(body.get("course_id") or "unknown")
        result: dict[str, Any] = {"success": kind == "certificate", "completion": True}
        sc = _scaled(body.get("score"))
        if sc is not None:
            result["score"] = {"scaled": round(sc, 4)}
        if body.get("code"):
            result["extensions"] = {self.config.iri("extensions", "certificate-code"): str(body["code"])}
        exam = self._activity(self.config.iri("courses", course, "exam", "final"), ACT + "assessment",
                              f"{course} final exam",
                              {"name": _lang_map(body.get("course_title"), f"{course} final exam")})
        verb = ("passed", ADL + "passed") if kind == "certificate" else ("failed", ADL + "failed")
        ctx: dict[str, Any] = {"platform": self.config.platform,
                               "contextActivities": {"grouping": [self._course(course)]}}
        return {"id": statement_id("decision:" + did), "actor": self.actor(learner_id),
                "verb": {"id": verb[1], "display": {"en-US": verb[0]}}, "object": exam, "result": result,
                "context": ctx, "timestamp": str(body.get("decided_at") or decided_at), "version": XAPI_VERSION}


def _registration(attempt_id: Any) -> dict:
    """An attempt id (a UUID) as the statement's registration."""
    try:
        return {"registration": str(uuid.UUID(str(attempt_id)))}
    except (ValueError, TypeError, AttributeError):
        return {}


def dumps(statement: dict) -> str:
    return json.dumps(statement, ensure_ascii=False, separators=(",", ":"))
