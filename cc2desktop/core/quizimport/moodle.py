"""Moodle XML (``<quiz><question type="…">…``) → course-format questions.

Each ``<question>`` is converted on its own (see docs/quiz-import.md for the mapping); one that
cannot be graded as Moodle grades it is refused with a reason, never the file. The file streams
through :mod:`.safexml` (one question in memory at a time, images decoded straight to disk).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cc2desktop.core.quizimport import cloze
from cc2desktop.core.quizimport.common import (MAX_CHOICES, Texts, choice_question, entry, fraction, letters,
                                               matching_question, numeric_question, text_question, to_bool,
                                               to_float)
from cc2desktop.core.quizimport.model import Item, MediaStore, QuizImportError, Refusal, Refused, short_name
from cc2desktop.core.quizimport.safexml import Node, clean_to_file, parse_records

NOT_GRADABLE = {
    "essay": "essay questions are marked by a teacher; the app grades automatically. Keep it as a reflection "
             "in the capsule, or rewrite it with an answer key",
    "calculated": "calculated questions draw new numbers for each attempt; export it as a numerical question",
    "calculatedsimple": "calculated questions draw new numbers for each attempt; export it as a numerical question",
    "calculatedmulti": "calculated questions draw new numbers for each attempt; "
                       "export it as a multiple choice question",
    "random": "a random question picks from a category when the quiz starts; export the category's questions",
    "randomsamatch": "random short-answer matching picks questions when the quiz starts; export a matching question",
    "ddimageortext": "drag and drop onto an image is not supported; rewrite it as matching or gaps",
    "ddmarker": "drag markers onto an image is not supported; rewrite it as a question with an answer key",
    "recordrtc": "audio and video recordings are marked by a teacher",
}
ORDERING_GRADING = {
    "-1": "all_or_nothing", "0": "absolute_position", "1": "relative_next_exclude_last",
    "2": "relative_next_include_last", "3": "relative_one_previous_and_next", "4": "relative_all_previous_and_next",
    "5": "longest_ordered_subset", "6": "longest_contiguous_subset", "7": "relative_to_correct",
    "ABSOLUTE": "absolute_position", "ABS": "absolute_position", "RELATIVE": "relative_next_exclude_last",
    "REL": "relative_next_exclude_last",
}


def read(path: Path, media: MediaStore) -> list[Item | Refusal]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise QuizImportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with fh:
        clean = clean_to_file(fh)
    results: list[Item | Refusal | None] = []
    state: dict[str, Any] = {"category": None}
    try:
        problems, root = parse_records(clean, {"question"}, lambda n: results.append(_guarded(n, state, media)),
                                       media=media, resume_tag="question")
    finally:
        clean.unlink(missing_ok=True)
    if root not in ("quiz", "question") and not results:
        raise QuizImportError(f"not a Moodle XML file (its root element is <{root}>)" if root else
                              "not a Moodle XML file (no XML element found)", line=1)
    for p in problems:
        if p.in_record:
            results.append(Refusal("?", p.line, p.reason))
        elif not results:
            raise QuizImportError(p.reason, line=p.line)
    found = [r for r in results if r is not None]
    found.sort(key=lambda r: r.line or 0)
    return found


def _guarded(node: Node, state: dict, media: MediaStore) -> Item | Refusal | None:
    name = short_name(_plain(node.find("name")), f"question at line {node.line}")
    try:
        return _convert(node, state, media, name)
    except Refused as exc:
        return Refusal(name, node.line, exc.reason)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        return Refusal(name, node.line, f"cannot be read: {type(exc).__name__}: {exc}")


# --- reading elements -----------------------------------------------------------------------------
def _plain(el: Node | None) -> str:
    if el is None:
        return ""
    t = el.find("text")
    return (t.all_text() if t is not None else el.all_text()).strip()


def _first(q: Node, name: str) -> Node | None:
    """Duplicated elements: the first with content wins."""
    found = q.findall(name)
    for el in found:
        if _plain(el) or el.findall("file"):
            return el
    return found[0] if found else None


def _value(q: Node, name: str, default: str | None = None) -> str | None:
    el = _first(q, name)
    if el is None:
        return default
    v = _plain(el)
    return v if v != "" else (default if not el.children else v)


class _Q:
    """One Moodle question being converted."""

    def __init__(self, node: Node, media: MediaStore) -> None:
        self.node = node
        self.texts = Texts(media)
        qt = node.find("questiontext")
        self.qformat = qt.attrs.get("format") if qt is not None else None

    def files_of(self, el: Node) -> None:
        for f in el.findall("file"):
            name = f.attrs.get("name", "")
            path = (f.attrs.get("path") or "/").strip("/")
            keys = [name, f"{path}/{name}".strip("/")]
            for k in keys:
                if f.blob is not None:
                    self.texts.files[k] = f.blob  # type: ignore[assignment]
                elif f.blob_error:
                    self.texts.file_errors[k] = f.blob_error

    def rich(self, el: Node | None, default_fmt: str = "html") -> str:
        if el is None:
            return ""
        self.files_of(el)
        t = el.find("text")
        raw = t.all_text() if t is not None else el.text
        fmt = el.attrs.get("format") or default_fmt
        if fmt == "moodle_auto_format" or not el.attrs.get("format"):
            fmt = "html" if re.search(r"<\s*(p|br|div|span|img|b|strong|i|em|ul|ol|table)\b", raw, re.I) else fmt
        return self.texts.html(raw, fmt)

    def plain(self, el: Node | None, what: str = "an answer") -> str:
        if el is None:
            return ""
        self.files_of(el)
        t = el.find("text")
        raw = t.all_text() if t is not None else el.text
        fmt = el.attrs.get("format") or self.qformat or "html"
        return self.texts.plain(raw, fmt, what)

    def feedback(self, el: Node | None) -> str | None:
        if el is None:
            return None
        fb = el.find("feedback")
        t = self.rich(fb, (fb.attrs.get("format") if fb is not None else None) or "html") if fb is not None else ""
        return t or None


def _answers(q: Node) -> list[Node]:
    return q.findall("answer")


def _common(q: _Q, name: str) -> dict:
    node = q.node
    out: dict[str, Any] = {"prompt": q.rich(_first(node, "questiontext"), "moodle_auto_format")}
    old_image = node.find("image_base64")
    if old_image is not None and old_image.text.strip() and q.texts.media is not None:
        import base64

        data = base64.b64decode("".join(old_image.text.split()))
        blob = q.texts.media.add_bytes(_plain(node.find("image")) or "image", data)
        q.texts.images.append(blob)
        out["prompt"] += f'<p><img src="{blob.rel}" /></p>'
    gf = q.rich(_first(node, "generalfeedback"))
    if gf:
        out["explanation"] = gf
    grade = to_float(_value(node, "defaultgrade"), 1.0)
    if grade is not None and grade > 0 and abs(grade - 1.0) > 1e-9:
        out["points"] = round(grade, 7)
    hints = [h for h in (q.rich(el) for el in node.findall("hint")) if h]
    if hints:
        out["hints"] = hints[:10]
    outcome = {}
    for key, tag in (("right", "correctfeedback"), ("partial", "partiallycorrectfeedback"),
                     ("wrong", "incorrectfeedback")):
        t = q.rich(_first(node, tag))
        if t:
            outcome[key] = t
    if outcome:
        out["outcome_feedback"] = outcome
    return out


# --- per type ----------------------------------------------------------------------------------------
def _convert(node: Node, state: dict, media: MediaStore, name: str) -> Item | Refusal | None:
    qtype = (node.attrs.get("type") or "").strip().lower()
    if qtype == "category":
        state["category"] = _plain(node.find("category")) or None
        return None
    if not qtype:
        raise Refused("the question has no type attribute")
    if qtype in NOT_GRADABLE:
        raise Refused(NOT_GRADABLE[qtype])
    q = _Q(node, media)
    idnumber = (_value(node, "idnumber") or "").strip() or None
    conv = _CONVERTERS.get(qtype)
    if conv is None:
        raise Refused(f"question type {qtype!r} is not supported")
    body = conv(q, name)
    if qtype == "description":
        question = {"type": "description", "prompt": body["prompt"]}
    else:
        question = {**_common(q, name), **body}
        if "prompt_override" in question:
            question["prompt"] = question.pop("prompt_override")
    if not question.get("prompt"):
        raise Refused("the question text is empty")
    return Item(question, name, node.line, qtype, list(q.texts.images), idnumber, state.get("category"))


def _description(q: _Q, name: str) -> dict:
    text = q.rich(_first(q.node, "questiontext"), "moodle_auto_format")
    if not text:
        raise Refused("the description is empty")
    return {"prompt": text}


def _multichoice(q: _Q, name: str) -> dict:
    node = q.node
    answers = [a for a in _answers(node) if _plain(a) or a.findall("file")]
    if len(answers) < 2:
        raise Refused("a multiple choice question needs at least two answers")
    if len(answers) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} answers")
    single = to_bool(_value(node, "single"), True)
    shuffle = to_bool(_value(node, "shuffleanswers"), True)
    ids = letters(len(answers))
    choices, fracs = [], []
    for cid, a in zip(ids, answers):
        c: dict[str, Any] = {"id": cid, "text": q.plain(a)}
        fb = q.feedback(a)
        if fb:
            c["feedback"] = fb
        choices.append(c)
        fracs.append(fraction(a.attrs.get("fraction")))
    return choice_question(choices, fracs, single, shuffle)


_TRUE = {"true", "vrai", "1", "yes", "oui", "t", "v"}
_FALSE = {"false", "faux", "0", "no", "non", "f"}


def _truefalse(q: _Q, name: str) -> dict:
    answer: bool | None = None
    feedback: dict[str, str] = {}
    for a in _answers(q.node):
        word = _plain(a).strip().lower()
        val = True if word in _TRUE else False if word in _FALSE else None
        if val is None:
            continue
        if fraction(a.attrs.get("fraction")) >= 1.0:
            answer = val
        fb = q.feedback(a)
        if fb:
            feedback["true" if val else "false"] = fb
    if answer is None:
        raise Refused("neither true nor false is marked right (fraction 100)")
    out: dict[str, Any] = {"type": "true_false", "answer": answer}
    if feedback:
        out["feedback"] = feedback
    return out


def _shortanswer(q: _Q, name: str) -> dict:
    accept = []
    for a in _answers(q.node):
        text = _plain(a).strip()
        if not text:
            continue
        accept.append(entry({"text": text[:500]}, fraction(a.attrs.get("fraction")), q.feedback(a)))
    usecase = to_bool(_value(q.node, "usecase"), False)
    return text_question(accept, "case_sensitive" if usecase else "case_insensitive")


def _numerical(q: _Q, name: str) -> dict:
    node = q.node
    accept = []
    for a in _answers(node):
        raw = _plain(a).strip()
        if raw == "":
            continue
        base: dict[str, Any]
        if raw == "*":
            base = {"value": "*"}
        else:
            v = to_float(raw)
            if v is None:
                raise Refused(f"answer {raw!r} is not a number")
            base = {"value": v}
            tol = to_float(_value(a, "tolerance"), 0.0) or 0.0
            if tol:
                base["tolerance"] = abs(tol)
        accept.append(entry(base, fraction(a.attrs.get("fraction")), q.feedback(a)))
    out = numeric_question(accept)
    units: list[dict[str, Any]] = []
    units_el = node.find("units")
    for u in (units_el.findall("unit") if units_el is not None else []):
        uname = _plain(u.find("unit_name")).strip()
        mult = to_float(_plain(u.find("multiplier")), 1.0) or 1.0
        if uname and mult > 0 and uname not in [x["unit"] for x in units]:
            units.append({"unit": uname[:40], "multiplier": mult})
    if units and (_value(node, "showunits") or "").strip() != "3":
        out["units"] = units[:20]
        grading = (_value(node, "unitgradingtype") or "0").strip()
        penalty = to_float(_value(node, "unitpenalty"), 0.0) or 0.0
        if grading in ("1", "2") and penalty > 0:
            out["unit_grading"] = "response" if grading == "1" else "question"
            out["unit_penalty"] = min(1.0, penalty)
    return out


def _matching(q: _Q, name: str) -> dict:
    return matching_question([(q.plain(sub, "a matching item"), _plain(sub.find("answer")).strip())
                              for sub in q.node.findall("subquestion")])


def _ordering(q: _Q, name: str) -> dict:
    answers = [a for a in _answers(q.node) if _plain(a) or a.findall("file")]
    if len(answers) < 2:
        raise Refused("an ordering question needs at least two items")
    if len(answers) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} items")
    order = [to_float(a.attrs.get("fraction")) for a in answers]
    if all(o is not None for o in order) and len(set(order)) == len(order):
        answers = [a for _, a in sorted(zip(order, answers), key=lambda p: p[0] or 0.0)]
    ids = letters(len(answers))
    items = [{"id": i, "text": q.plain(a, "an item")} for i, a in zip(ids, answers)]
    out: dict[str, Any] = {"type": "ordering", "items": items, "answer": ids}
    g = (_value(q.node, "gradingtype") or "").strip()
    grading = ORDERING_GRADING.get(g.upper(), g.lower() if g else None)
    if grading and grading != "absolute_position":
        from cc2desktop.core.packs.manifest import ORDERING_GRADINGS

        if grading not in ORDERING_GRADINGS:
            raise Refused(f"ordering grading {g!r} is not known")
        out["grading"] = grading
    return out


def _gapselect(q: _Q, name: str) -> dict:
    """gapselect / ddwtos: ``[[n]]`` in the text is a gap whose right answer is option n; the options
    of the same group are its choices. Each gap counts the same (Moodle: right gaps / gaps)."""
    node = q.node
    tag = "selectoption" if node.find("selectoption") is not None else "dragbox"
    options = []
    for el in node.findall(tag):
        options.append((q.plain(el, "an option"), (_value(el, "group") or "1").strip()))
    if not options:
        raise Refused("no options to choose from")
    prompt = q.rich(_first(node, "questiontext"), "html")
    gaps: list[dict[str, Any]] = []
    pieces = []
    last = 0
    for m in re.finditer(r"\[\[(\d+)\]\]", prompt):
        n = int(m.group(1))
        if not 1 <= n <= len(options):
            raise Refused(f"gap [[{n}]] names no option")
        group = options[n - 1][1]
        members = [i for i, (_, g) in enumerate(options) if g == group]
        if len(members) > MAX_CHOICES:
            raise Refused(f"more than {MAX_CHOICES} options in group {group}")
        ids = letters(len(members))
        gid = f"g{len(gaps) + 1}"
        choices = [{"id": cid, "text": options[i][0] or "—"} for cid, i in zip(ids, members)]
        if len(choices) < 2:
            choices.append({"id": ids[-1] + "z" if len(ids) else "z", "text": "—"})
        gaps.append({"id": gid, "type": "single", "choices": choices, "answer": ids[members.index(n - 1)]})
        pieces.append(prompt[last:m.start()])
        pieces.append(f"[[{gid}]]")
        last = m.end()
    if not gaps:
        raise Refused("the text has no gap [[n]]")
    if len(gaps) > cloze.MAX_GAPS:
        raise Refused(f"more than {cloze.MAX_GAPS} gaps")
    pieces.append(prompt[last:])
    return {"type": "gaps", "prompt_override": "".join(pieces), "gaps": gaps,
            "shuffle": to_bool(_value(node, "shuffleanswers"), True)}


def _multianswer(q: _Q, name: str) -> dict:
    node = q.node
    el = _first(node, "questiontext")
    q.files_of(el) if el is not None else None
    t = el.find("text") if el is not None else None
    raw = (t.all_text() if t is not None else el.text) if el is not None else ""
    fmt = (el.attrs.get("format") if el is not None else None) or "html"
    text, gaps = cloze.parse(raw, lambda s: q.texts.html(s, "html"))
    if not gaps:
        raise Refused("no embedded answers {…} in the text")
    prompt = q.texts.html(text, fmt)
    return {"type": "gaps", "prompt_override": prompt, "gaps": gaps}


_CONVERTERS = {
    "description": _description, "multichoice": _multichoice, "truefalse": _truefalse,
    "shortanswer": _shortanswer, "numerical": _numerical, "match": _matching, "matching": _matching,
    "ordering": _ordering, "gapselect": _gapselect, "ddwtos": _gapselect, "multianswer": _multianswer,
    "cloze": _multianswer,
}
