"""Imported questions → ``quiz.json`` (or ``exam.json``) in the course source format, plus images.

Descriptions become the ``context`` of the question that follows them (a trailing one is added to
the last question's explanation). Each question is validated against the pack's own question model
before it is written, so ``pack build`` accepts the file; one that does not validate is refused.
Files are written to temporary names and renamed into place: an interrupted import leaves the old
quiz as it was.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cc2desktop.core.packs.manifest import ID_RE, Question, format_validation_error
from cc2desktop.core.quizimport.common import finalise
from cc2desktop.core.quizimport.model import Blob, Item, Refusal

MAX_PRACTICE = 200
MAX_EXAM = 500
_ID = re.compile(ID_RE)
_QUESTION = TypeAdapter(Question)


@dataclass
class Built:
    quiz: dict[str, Any]
    blobs: list[Blob]
    refused: list[Refusal]
    by_type: dict[str, int] = field(default_factory=dict)
    imported: int = 0


def quiz_id_from(name: str, fallback: str = "quiz") -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:64]
    return s if s and _ID.match(s) else fallback


def localise(q: dict, lang: str) -> dict:
    """Plain strings → ``{lang: text}`` in every text field of a course-format question."""
    def lt(v: Any) -> Any:
        return {lang: v} if isinstance(v, str) else v

    out = dict(q)
    for key in ("prompt", "context", "explanation"):
        if key in out:
            out[key] = lt(out[key])
    if isinstance(out.get("hints"), list):
        out["hints"] = [lt(h) for h in out["hints"]]
    for key in ("outcome_feedback", "feedback"):
        if isinstance(out.get(key), dict):
            out[key] = {k: lt(v) for k, v in out[key].items()}
    for key in ("choices", "items", "left", "right", "accept"):
        if isinstance(out.get(key), list):
            out[key] = [{k: (lt(v) if k in ("text", "feedback") and key != "accept" or k == "feedback" else v)
                         for k, v in c.items()} for c in out[key]]
    if isinstance(out.get("gaps"), list):
        out["gaps"] = [localise(g, lang) for g in out["gaps"]]
    return out


def arrange(q: dict, seed: str) -> dict:
    """The order learners see, fixed here once (the app shows lists as written): choices shuffled
    when the source asked for it (``shuffle``, popped); ordering items never in the right order;
    matching targets shuffled. Deterministic: the same import gives the same file."""
    q = dict(q)
    shuffle = bool(q.pop("shuffle", False))
    rng = random.Random(seed)

    def mixed(items: list, avoid: list | None = None) -> list:
        items = list(items)
        for _ in range(10):
            rng.shuffle(items)
            if avoid is None or [i["id"] for i in items] != avoid or len(items) < 2:
                break
        return items

    if shuffle and isinstance(q.get("choices"), list):
        q["choices"] = mixed(q["choices"])
    if q.get("type") == "ordering":
        q["items"] = mixed(q["items"], list(q.get("answer") or []))
    if q.get("type") == "matching":
        q["right"] = mixed(q["right"])
    if isinstance(q.get("gaps"), list):
        q["gaps"] = [dict(g, choices=mixed(g["choices"])) if shuffle and isinstance(g.get("choices"), list) else g
                     for g in q["gaps"]]
    return q


def _empty_text(q: dict, where: str = "") -> str | None:
    """The first learner-visible text that is empty (the course format needs every text filled)."""
    for key in ("prompt",):
        if not str(q.get(key, "x")).strip():
            return f"{where}{key}"
    for key in ("choices", "items", "left", "right"):
        for i, c in enumerate(q.get(key) or []):
            if not str(c.get("text", "")).strip():
                return f"{where}{key}[{i}]"
    for g in q.get("gaps") or []:
        bad = _empty_text(g, f"gap {g.get('id')}: ")
        if bad:
            return bad
    return None


def _drop_empty(q: dict) -> dict:
    """Optional texts left empty are left out."""
    out = {k: v for k, v in q.items() if not (k in ("context", "explanation") and not str(v).strip())}
    if isinstance(out.get("hints"), list):
        out["hints"] = [h for h in out["hints"] if str(h).strip()] or None
        if out["hints"] is None:
            del out["hints"]
    return out


def build(results: list[Item | Refusal], lang: str, quiz_id: str, *, exam: bool = False) -> Built:
    refused: list[Refusal] = []
    pending: list[str] = []
    kept: list[tuple[Item, dict]] = []
    n_desc = 0
    for r in results:
        if isinstance(r, Refusal):
            refused.append(r)
            continue
        q = dict(r.question)
        if q.get("type") == "description":
            pending.append(q["prompt"])
            n_desc += 1
            continue
        if pending:
            q["context"] = "".join(pending)
            pending = []
        kept.append((r, q))
    if pending and kept:
        item, last = kept[-1]
        last["explanation"] = (last.get("explanation") or "") + "".join(pending)
    elif pending:
        n_desc = 0  # descriptions alone: nothing to attach them to
    questions: list[dict] = []
    blobs: list[Blob] = []
    used_ids: set[str] = set()
    by_type: dict[str, int] = {}
    limit = MAX_EXAM if exam else MAX_PRACTICE
    wanted = {it.idnumber for it, _ in kept if it.idnumber and _ID.match(it.idnumber)}
    counter = 0
    for item, q in kept:
        counter += 1
        if len(questions) >= limit:
            refused.append(Refusal(item.name, item.line, f"a {'final exam' if exam else 'practice quiz'} holds at most "
                                   f"{limit} questions: split the bank into several quizzes"))
            continue
        qid = item.idnumber if item.idnumber and _ID.match(item.idnumber) and item.idnumber not in used_ids else None
        if qid is None:
            qid = f"q{counter}"
            while qid in used_ids or qid in wanted:
                qid += "x"
        q = _drop_empty(finalise(arrange(q, f"{quiz_id}/{qid}")))
        empty = _empty_text(q)
        if empty:
            refused.append(Refusal(item.name, item.line, f"{empty} is empty"))
            continue
        full = localise({"id": qid, **q}, lang)
        try:
            _QUESTION.validate_python(full)
        except ValidationError as exc:
            why = format_validation_error(exc, "question").split(": ", 1)[-1]
            refused.append(Refusal(item.name, item.line, "not valid in the course format: " + why))
            continue
        used_ids.add(qid)
        questions.append(full)
        by_type[full["type"]] = by_type.get(full["type"], 0) + 1
        for b in item.images:
            if b not in blobs:
                blobs.append(b)
    if n_desc and questions:
        by_type["description"] = n_desc
    refused.sort(key=lambda r: r.line or 0)
    quiz: dict[str, Any] = {"id": quiz_id, "scoring": "fractions", "questions": questions}
    if not exam:
        quiz = {"id": quiz_id, "mastery_score": 0.6, "scoring": "fractions", "questions": questions}
    # keep only the images the kept questions show
    from cc2desktop.core.packs.manifest import media_paths

    shown = {p for q in questions for p in media_paths(q)}
    blobs = [b for b in blobs if b.rel in shown]
    return Built(quiz, blobs, refused, by_type, len(questions))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def write(built: Built, out_dir: Path, *, exam: bool = False) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    for b in built.blobs:
        dest = out_dir / b.rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_file() and dest.stat().st_size == b.size:
            continue  # named by its hash: already there
        tmp = dest.with_name(dest.name + ".part")
        shutil.copyfile(b.path, tmp)
        tmp.replace(dest)
    target = out_dir / ("exam.json" if exam else "quiz.json")
    _atomic_write(target, (json.dumps(built.quiz, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return target


# --- a second language into an existing quiz ---------------------------------------------------------
def languages_of(quiz: dict) -> set[str]:
    """The languages of a quiz file's question prompts."""
    out: set[str] = set()
    for q in quiz.get("questions") or []:
        if isinstance(q, dict) and isinstance(q.get("prompt"), dict):
            out |= set(q["prompt"])
    return out


def _is_langtext(v: Any) -> bool:
    return isinstance(v, dict) and bool(v) and all(isinstance(k, str) and len(k) in (2, 3) and k.isalpha()
                                                   and isinstance(t, str) for k, t in v.items())


def _skeleton(v: Any) -> Any:
    """The question without its texts: what must be equal for two language versions to be one."""
    if _is_langtext(v):
        return "<text>"
    if isinstance(v, dict):
        return {k: _skeleton(x) for k, x in v.items() if k != "format"}
    if isinstance(v, list):
        return [_skeleton(x) for x in v]
    return v


def _promote(q: dict) -> dict:
    """A plain-text question rewritten as an HTML one (texts escaped, line breaks kept)."""
    from cc2desktop.core.packs.manifest import map_html
    from cc2desktop.core.quizimport import html as H

    if q.get("format") == "html":
        return q
    return map_html(dict(q, format="html"), lambda t: H.plain_to_html(t) if t else t)


def _graft(old: Any, new: Any, lang: str) -> Any:
    if _is_langtext(old) and _is_langtext(new):
        return {**{k: t for k, t in old.items() if k != lang}, lang: new.get(lang, "")}
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: _graft(v, new.get(k), lang) for k, v in old.items()}
    if isinstance(old, list) and isinstance(new, list):
        return [_graft(a, b, lang) for a, b in zip(old, new)]
    return old


def merge_language(existing: dict, new: dict, lang: str) -> tuple[dict, int, list[tuple[str, str]]]:
    """``existing`` (other languages) with the ``lang`` texts of ``new`` (same questions, same ids,
    same answers) added. Returns (merged quiz, questions merged, [(question id, problem)])."""
    by_id = {q["id"]: q for q in new.get("questions") or []}
    merged_qs, problems, count = [], [], 0
    for old in existing.get("questions") or []:
        nq = by_id.pop(old.get("id"), None)
        if nq is None:
            problems.append((old.get("id", "?"), f"has no {lang} version in this file"))
            merged_qs.append(old)
            continue
        a, b = old, nq
        if a.get("format") != b.get("format"):
            a, b = _promote(a), _promote(b)
        if _skeleton(a) != _skeleton(b):
            problems.append((old["id"], f"the {lang} version differs (type, choices or answers): "
                                        "export both languages from the same questions"))
            merged_qs.append(old)
            continue
        merged_qs.append(_graft(a, b, lang))
        count += 1
    for qid in by_id:
        problems.append((qid, "is not in the existing quiz (import the first language again to add it)"))
    return {**existing, "questions": merged_qs}, count, problems
