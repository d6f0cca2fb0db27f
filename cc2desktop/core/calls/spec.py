"""A call for projects and the answers to it, checked the same way on the server (``server call
create``, every submission that arrives) and on the PC (``call apply``) — docs/calls.md.

Pure functions, stdlib only: a call file is normalised (:func:`check_call`), answers are checked
against its fields (:func:`check_answers`), a status item is signed and verified
(:func:`sign_status`, :func:`status_is_signed`). Every refusal is one line (``ValidationError``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Any

from cc2desktop.core import crypto
from cc2desktop.core.errors import ValidationError

CALL_ITEM = "call.published"        # broadcast kind, scope course:<id>: the call as the server published it
COHORT_ITEM = "call.cohort"         # broadcast kind, scope course:<id>: the selected learners of a call
STATUS_ITEM = "call.status"         # sync item (the learner's devices): her application's status, signed
SUBMITTED = "call.submitted"        # event: a submitted version of an application
ATTACHMENT = "call.attachment"      # event: one chunk of an attached file

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
FIELD_RE = re.compile(r"[a-z][a-z0-9_]{0,31}")
TYPES = ("text", "long_text", "choice", "number", "file")
STATUSES = ("received", "shortlisted", "selected", "waitlisted", "rejected", "refused")
DECISIONS = ("received", "shortlisted", "selected", "waitlisted", "rejected")
MAX_FIELDS = 40
TEXT_MAX = 500           # a "text" field's max, at most
LONG_TEXT_MAX = 4000     # a "long_text" field's max, at most
ANSWERS_MAX = 12_000     # all the text answers of one application (they travel in one event)
FILE_MAX = 1024 * 1024   # one attached file, at most (whatever the call says)
FILE_DEFAULT = 256 * 1024
FILES_MAX = 5            # file fields in one call
CHUNK = 9000             # bytes of a file per call.attachment event (base64 fits one event)
GRACE_DEFAULT_H = 72
GRACE_MAX_H = 30 * 24
_NS = uuid.UUID("6b1f4c2e-5a0d-4c8e-9a57-c2d0ca11f0b1")
_STATUS_PREFIX = b"cc2-call-status\n"


def application_id(learner_id: str, call_id: str) -> str:
    """One application per learner and call, whatever the PC: its id is derived from both."""
    return str(uuid.uuid5(_NS, f"{learner_id}\n{call_id}"))


def cohort_group_id(call_id: str) -> str:
    return str(uuid.uuid5(_NS, f"cohort\n{call_id}"))


def parse_time(value: Any, what: str) -> dt.datetime:
    """An ISO 8601 time WITH its offset (a call is read in many time zones)."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValidationError(f"{what} must be an ISO 8601 time with its offset", code="call_time")
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"{what} is not an ISO 8601 time: {value!r}", code="call_time") from None
    if t.tzinfo is None:
        raise ValidationError(f"{what} needs its offset (e.g. {value}+00:00)", code="call_time")
    return t


def _text(value: Any, what: str, limit: int = 200) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k].strip() for k in ("fr", "en")):
        raise ValidationError(f"{what} needs a French and an English text ({{\"fr\": …, \"en\": …}})", code="call_text")
    out = {k: str(v).strip() for k, v in value.items() if k in ("fr", "en") and isinstance(v, str)}
    if any(len(v) > limit for v in out.values()):
        raise ValidationError(f"{what} is longer than {limit} characters", code="call_text")
    return out


def _int(value: Any, what: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValidationError(f"{what} must be a whole number from {lo} to {hi}", code="call_number")
    return value


def check_call(doc: Any) -> dict[str, Any]:
    """The call file, checked and normalised (one-line ``ValidationError`` otherwise)."""
    if not isinstance(doc, dict):
        raise ValidationError("a call is a JSON object", code="call_file")
    for k in ("id", "course", "title", "opens", "closes", "fields"):
        if k not in doc:
            raise ValidationError(f"the call has no {k!r}", code="call_file")
    cid, course = doc["id"], doc["course"]
    if not isinstance(cid, str) or not ID_RE.fullmatch(cid):
        raise ValidationError("the call's id must be 1–40 letters, digits, '.', '_' or '-'", code="call_id")
    if not isinstance(course, str) or not course or len(course) > 128:
        raise ValidationError("the call's course must be a course id", code="call_course")
    opens, closes = parse_time(doc["opens"], "opens"), parse_time(doc["closes"], "closes")
    if closes <= opens:
        raise ValidationError("the call closes before it opens", code="call_time")
    out: dict[str, Any] = {"id": cid, "course": course, "title": _text(doc["title"], "title"),
                           "opens": doc["opens"], "closes": doc["closes"],
                           "grace_hours": _int(doc.get("grace_hours", GRACE_DEFAULT_H), "grace_hours", 0, GRACE_MAX_H)}
    if doc.get("description") is not None:
        out["description"] = _text(doc["description"], "description", 2000)
    att = doc.get("attachments") or {}
    if not isinstance(att, dict):
        raise ValidationError("attachments must be an object ({\"max_bytes\": N})", code="call_file")
    max_file = _int(att.get("max_bytes", FILE_DEFAULT), "attachments.max_bytes", 1, FILE_MAX)
    out["attachments"] = {"max_bytes": max_file}
    fields = doc["fields"]
    if not isinstance(fields, list) or not 1 <= len(fields) <= MAX_FIELDS:
        raise ValidationError(f"fields must be a list of 1 to {MAX_FIELDS} fields", code="call_fields")
    seen: set[str] = set()
    out["fields"] = [_field(f, i, seen, max_file) for i, f in enumerate(fields)]
    if sum(f["type"] == "file" for f in out["fields"]) > FILES_MAX:
        raise ValidationError(f"a call has at most {FILES_MAX} file fields", code="call_fields")
    rubric = doc.get("rubric")
    if rubric is not None:
        if not isinstance(rubric, list) or len(rubric) > 20:
            raise ValidationError("rubric must be a list of at most 20 criteria", code="call_rubric")
        out["rubric"] = [{"id": str(r.get("id", ""))[:32], "label": _text(r.get("label"), f"rubric[{i}].label"),
                          "max": _int(r.get("max", 5), f"rubric[{i}].max", 1, 100)}
                         for i, r in enumerate(x if isinstance(x, dict) else {} for x in rubric)]
    return out


def _field(f: Any, i: int, seen: set[str], max_file: int) -> dict[str, Any]:
    where = f"fields[{i}]"
    if not isinstance(f, dict):
        raise ValidationError(f"{where} must be an object", code="call_fields")
    fid, ftype = f.get("id"), f.get("type")
    if not isinstance(fid, str) or not FIELD_RE.fullmatch(fid):
        raise ValidationError(f"{where}.id must be a short lower-case name (a-z, 0-9, _)", code="call_fields")
    if fid in seen:
        raise ValidationError(f"two fields are named {fid!r}", code="call_fields")
    seen.add(fid)
    if ftype not in TYPES:
        raise ValidationError(f"field {fid!r}: type must be one of {', '.join(TYPES)}", code="call_fields")
    out: dict[str, Any] = {"id": fid, "type": ftype, "required": bool(f.get("required", False)),
                           "label": _text(f.get("label"), f"field {fid!r} label")}
    if f.get("help") is not None:
        out["help"] = _text(f["help"], f"field {fid!r} help", 500)
    if ftype == "text":
        out["max"] = _int(f.get("max", 200), f"field {fid!r} max", 1, TEXT_MAX)
    elif ftype == "long_text":
        out["max"] = _int(f.get("max", 2000), f"field {fid!r} max", 1, LONG_TEXT_MAX)
    elif ftype == "number":
        out["min"] = _int(f.get("min", 0), f"field {fid!r} min", -10**12, 10**12)
        out["max"] = _int(f.get("max", 10**9), f"field {fid!r} max", out["min"], 10**12)
    elif ftype == "file":
        out["max"] = _int(f.get("max", max_file), f"field {fid!r} max", 1, max_file)
    else:  # choice
        choices = f.get("choices")
        if not isinstance(choices, list) or not 1 <= len(choices) <= 50:
            raise ValidationError(f"field {fid!r}: a choice needs 1 to 50 choices", code="call_fields")
        norm = []
        for c in choices:
            if isinstance(c, str) and c.strip():
                norm.append({"id": c.strip()[:64], "label": {"fr": c.strip()[:200], "en": c.strip()[:200]}})
            elif isinstance(c, dict) and isinstance(c.get("id"), str) and c["id"].strip():
                norm.append({"id": c["id"].strip()[:64], "label": _text(c.get("label"), f"field {fid!r} choice")})
            else:
                raise ValidationError(f"field {fid!r}: a choice is a text or {{\"id\", \"label\"}}", code="call_fields")
        if len({c["id"] for c in norm}) != len(norm):
            raise ValidationError(f"field {fid!r}: two choices have the same id", code="call_fields")
        out["choices"] = norm
        out["max"] = _int(f.get("max", 1), f"field {fid!r} max", 1, len(norm))
    return out


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == []


def check_answers(call: dict[str, Any], answers: Any, *, draft: bool = False) -> dict[str, Any]:
    """The answers, checked against the call's fields. A file answer is its description
    ``{"name", "size", "sha256"}`` (the PC reads the file first, :func:`file_answer`). A draft may
    leave required fields empty; nothing else is relaxed."""
    if not isinstance(answers, dict):
        raise ValidationError("the answers must be a JSON object {field: answer}", code="call_answers")
    fields = {f["id"]: f for f in call["fields"]}
    unknown = [k for k in answers if k not in fields]
    if unknown:
        raise ValidationError(f"unknown field {str(unknown[0])[:40]!r} (this call has: {', '.join(fields)})",
                              code="call_answers")
    out: dict[str, Any] = {}
    for fid, f in fields.items():
        v = answers.get(fid)
        if _blank(v):
            if f["required"] and not draft:
                raise ValidationError(f"field {fid!r} is required", code="call_required")
            continue
        out[fid] = _answer(f, v)
    size = sum(len(v) for v in out.values() if isinstance(v, str))
    if size > ANSWERS_MAX:
        raise ValidationError(f"the answers are too long in all ({size} characters, at most {ANSWERS_MAX})",
                              code="call_answers")
    return out


def _answer(f: dict[str, Any], v: Any) -> Any:
    fid, t = f["id"], f["type"]
    if t in ("text", "long_text"):
        if not isinstance(v, str):
            raise ValidationError(f"field {fid!r} takes a text", code="call_type")
        v = v.strip() if t == "text" else v.strip("\n ")
        if len(v) > f["max"]:
            raise ValidationError(f"field {fid!r} is too long ({len(v)} characters, at most {f['max']})",
                                  code="call_too_long")
        if "\x00" in v:
            raise ValidationError(f"field {fid!r} holds a control character", code="call_type")
        return v
    if t == "number":
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValidationError(f"field {fid!r} takes a number", code="call_type")
        if not f["min"] <= v <= f["max"]:
            raise ValidationError(f"field {fid!r} must be from {f['min']} to {f['max']}", code="call_range")
        return v
    if t == "choice":
        picked = v if isinstance(v, list) else [v]
        ids = {c["id"] for c in f["choices"]}
        if not all(isinstance(p, str) for p in picked):
            raise ValidationError(f"field {fid!r} takes one of its choices", code="call_type")
        bad = [p for p in picked if p not in ids]
        if bad:
            raise ValidationError(f"field {fid!r}: {bad[0][:40]!r} is not one of its choices", code="call_choice")
        if len(set(picked)) != len(picked) or len(picked) > f["max"]:
            raise ValidationError(f"field {fid!r}: at most {f['max']} different choice(s)", code="call_choice")
        return picked if f["max"] > 1 else picked[0]
    # file: its description
    if not isinstance(v, dict) or not isinstance(v.get("sha256"), str) \
            or not re.fullmatch(r"[0-9a-f]{64}", v["sha256"]) or isinstance(v.get("size"), bool) \
            or not isinstance(v.get("size"), int) or not isinstance(v.get("name"), str):
        raise ValidationError(f"field {fid!r} takes a file", code="call_type")
    if not 0 < v["size"] <= f["max"]:
        raise ValidationError(f"field {fid!r}: the file is too large ({v['size']} bytes, at most {f['max']})",
                              code="call_file_too_large")
    return {"name": v["name"].replace("/", "_").replace("\\", "_")[:120], "size": v["size"], "sha256": v["sha256"]}


def file_answer(f: dict[str, Any], data: bytes, name: str) -> dict[str, Any]:
    """A file's description, after checking its size against the field's limit (before it is read
    into chunks)."""
    import hashlib

    if len(data) > f["max"]:
        raise ValidationError(f"field {f['id']!r}: the file is too large ({len(data)} bytes, at most {f['max']})",
                              code="call_file_too_large")
    if not data:
        raise ValidationError(f"field {f['id']!r}: the file is empty", code="call_type")
    return {"name": name[:120], "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


# --- the deadline ----------------------------------------------------------------------------------
def is_open(call: dict[str, Any], now: dt.datetime) -> str | None:
    """None when a learner may submit now (by this clock), else why not (``not_open``, ``closed``)."""
    if now < parse_time(call["opens"], "opens"):
        return "not_open"
    if now > parse_time(call["closes"], "closes"):
        return "closed"
    return None


def counts_in_time(call: dict[str, Any], *, received_at: str, submitted_at: Any) -> bool:
    """The server's judgement of "submitted before the deadline" (docs/calls.md, "Deadline"):
    received by the server before ``closes`` whatever the PC said; or received within the call's
    grace period after it, when the PC's own clock says it was submitted before ``closes`` (a PC's
    clock is weak evidence: a clock set back gains at most the grace period, which the call states)."""
    closes = parse_time(call["closes"], "closes")
    rx = parse_time(received_at, "received_at")
    if rx <= closes:
        return True
    if rx > closes + dt.timedelta(hours=int(call.get("grace_hours", GRACE_DEFAULT_H))):
        return False
    try:
        said = parse_time(submitted_at, "submitted_at")
    except ValidationError:
        return False
    return parse_time(call["opens"], "opens") <= said <= closes


# --- status items ----------------------------------------------------------------------------------
def sign_status(key: Any, body: dict[str, Any]) -> dict[str, Any]:
    """A status item's body with the origin server's Ed25519 signature (``sig``)."""
    unsigned = {k: v for k, v in body.items() if k != "sig"}
    return {**unsigned, "sig": crypto.b64url(key.sign(_STATUS_PREFIX + crypto.canonicalize(unsigned)))}


def status_is_signed(public: Any, body: Any) -> bool:
    if not isinstance(body, dict) or not isinstance(body.get("sig"), str) or not public:
        return False
    try:
        raw = crypto.b64url_decode(body["sig"])
        form = crypto.canonicalize({k: v for k, v in body.items() if k != "sig"})
    except Exception:  # noqa: BLE001 - anything unreadable is simply not signed
        return False
    return crypto.verify(public, raw, _STATUS_PREFIX + form)
