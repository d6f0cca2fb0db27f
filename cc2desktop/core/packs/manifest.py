"""The pack manifest (``manifest.json`` inside a ``.cc2pack``), as a pydantic v2 model.

This is the contract between the pack builder, the installer, the learning domain (outline, capsule
page, practice quizzes) and certification (rules, exam questions). See docs/pack-format.md.

- Every text shown to a learner is a ``{lang: text}`` map covering the course's ``languages``.
- Every path is a pack-relative POSIX path that must be listed in ``files`` (path, size, SHA-256).
- Practice quizzes carry their answers (instant feedback); the final exam (``certification.exam``)
  must NOT: its answer key travels in a separate server-only file (see :mod:`.exam_key`).
- Quiz and certification fields map onto cmi5/xAPI: ``mastery_score`` is cmi5 ``masteryScore``
  (a scaled score 0..1), ``certification.move_on`` is cmi5 ``moveOn``; question ``type`` maps onto
  xAPI ``interactionType`` (:data:`XAPI_INTERACTION_TYPES`).

Validation errors name the field: :func:`parse_manifest` raises :class:`ManifestError` whose message
is e.g. ``manifest field modules[0].capsules[2].title: missing language 'en'``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Annotated, Any, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cc2desktop.core.errors import CCError

SCHEMA_VERSION = 1
MAX_MANIFEST_BYTES = 8 * 1024 * 1024  # a real course manifest is a few hundred KiB at most
MAX_FILES = 20_000
MAX_PATH_CHARS = 240

ID_RE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
COURSE_ID_RE = r"^[a-z0-9][a-z0-9._-]{0,63}$"
LANG_RE = r"^[a-z]{2,3}$"
SHA256_RE = r"^[0-9a-f]{64}$"
VERSION_RE = r"^\d{1,6}\.\d{1,6}\.\d{1,6}$"
RESERVED_NAMES = frozenset({"manifest.json", "manifest.json.sig"})
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)

XAPI_INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "numeric": "numeric",
    "text": "fill-in",
    "ordering": "sequencing",
    "matching": "matching",
    "gaps": "other",
}


class ManifestError(CCError):
    code = "pack_manifest"


def check_pack_path(path: str) -> str | None:
    """Why ``path`` is not a safe pack-relative path, or None when it is.

    Refused: empty, absolute, ``..`` or ``.`` segments, backslashes, drive letters, NUL or other
    control characters, empty segments, over-long paths, Windows device names, reserved names, and
    names that are not NFC-normalised (two spellings of one name would collide on macOS).
    """
    if not isinstance(path, str) or not path:
        return "empty path"
    if len(path) > MAX_PATH_CHARS:
        return "path too long"
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return "control character or NUL in path"
    if "\\" in path:
        return "backslash in path"
    if path.startswith("/"):
        return "absolute path"
    if _DRIVE_RE.match(path) or ":" in path:
        return "drive letter or colon in path"
    if unicodedata.normalize("NFC", path) != path:
        return "path not in Unicode NFC form"
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            return "empty, '.' or '..' segment in path"
        if part != part.strip() or part.endswith("."):
            return "segment with leading/trailing space or trailing dot"
        if _WINDOWS_RESERVED.match(part):
            return "Windows device name in path"
    if path in RESERVED_NAMES:
        return "reserved name"
    return None


def _path(value: str) -> str:
    why = check_pack_path(value)
    if why:
        raise ValueError(f"{why}: {value!r}")
    return value


PackPath = Annotated[str, Field(min_length=1, max_length=MAX_PATH_CHARS)]
LangText = dict[Annotated[str, Field(pattern=LANG_RE)], Annotated[str, Field(max_length=20_000)]]
Id = Annotated[str, Field(pattern=ID_RE)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileEntry(_Model):
    path: PackPath
    size: int = Field(ge=0, le=1 << 40)
    sha256: Annotated[str, Field(pattern=SHA256_RE)]

    @field_validator("path")
    @classmethod
    def _check_path(cls, v: str) -> str:
        return _path(v)


class VideoRenditions(_Model):
    """Renditions of a capsule's video: ``standard`` (H.264/AAC MP4), optional ``low`` (smaller,
    for old PCs) and ``audio`` (audio only, for the slowest machines)."""

    standard: PackPath
    low: PackPath | None = None
    audio: PackPath | None = None


class Resource(_Model):
    path: PackPath
    title: LangText
    kind: str | None = Field(default=None, max_length=32)  # e.g. "pdf", "image", "link-list"


class Choice(_Model):
    id: Id
    text: LangText  # plain text (a radio button or list entry shows it as is)
    feedback: LangText | None = None  # shown when the learner picks this choice (answer key)


class OutcomeFeedback(_Model):
    """Feedback by outcome (answer key): fully right, partly right, wrong."""

    right: LangText | None = None
    partial: LangText | None = None
    wrong: LangText | None = None


# Fields of a question that give its answer away: the exam ships without them (see strip_answer_key).
KEY_FIELDS = ("answer", "tolerance", "explanation", "weights", "accept", "feedback", "outcome_feedback", "hints")
_WEIGHT = Annotated[float, Field(ge=-1, le=1)]


class _Question(_Model):
    id: Id
    prompt: LangText
    explanation: LangText | None = None
    capsule: Id | None = None  # exam questions: the capsule this question covers (feedback)
    format: Literal["text", "html"] | None = None  # "html": prompt, context and feedback use the HTML subset
    context: LangText | None = None  # shown above the prompt (e.g. a case study; imported descriptions)
    points: float | None = Field(default=None, gt=0, le=1000)  # weight in a quiz scored by "fractions" (1)
    hints: list[LangText] | None = Field(default=None, max_length=10)
    outcome_feedback: OutcomeFeedback | None = None

    @property
    def xapi_interaction_type(self) -> str:
        return XAPI_INTERACTION_TYPES[self.type]  # type: ignore[attr-defined]

    @property
    def has_answer(self) -> bool:
        return getattr(self, "answer", None) is not None

    @property
    def reveals_key(self) -> bool:
        """Whether anything of the answer key is in this question (the exam must ship none)."""
        return bool(key_fields_in(self.model_dump(exclude_none=True, exclude_defaults=True)))


def key_fields_in(q: dict) -> list[str]:
    """The answer-key fields present in a question dict (recursing into choices and gaps)."""
    found = [k for k in KEY_FIELDS if q.get(k) is not None]
    for key in ("choices", "items", "left", "right"):
        for c in q.get(key) or []:
            if isinstance(c, dict) and c.get("feedback") is not None:
                found.append(f"{key}.feedback")
    for g in q.get("gaps") or []:
        if isinstance(g, dict):
            found += [f"gaps.{k}" for k in key_fields_in(g)]
    return found


def strip_answer_key(q: dict) -> dict:
    """A question dict without its answer key (what the exam ships to learners' PCs)."""
    out = {k: v for k, v in q.items() if k not in KEY_FIELDS}
    for key in ("choices", "items", "left", "right"):
        if isinstance(out.get(key), list):
            out[key] = [{k: v for k, v in c.items() if k != "feedback"} if isinstance(c, dict) else c for c in out[key]]
    if isinstance(out.get("gaps"), list):
        out["gaps"] = [strip_answer_key(g) if isinstance(g, dict) else g for g in out["gaps"]]
    return out


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i!r}")
        seen.add(i)


def _check_weights(weights: dict[str, float] | None, ids: list[str]) -> None:
    for k in weights or {}:
        if k not in ids:
            raise ValueError(f"weights: {k!r} is not a choice id")


class _SingleBody(_Model):
    """One choice. ``weights`` (optional, -1..1 per choice id, missing = 0): the score is the weight
    of the chosen choice (partial credit, negative marking); ``answer`` is a choice of highest weight."""

    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2, max_length=26)
    answer: Id | None = None
    weights: dict[Id, _WEIGHT] | None = None

    @model_validator(mode="after")
    def _check(self) -> "_SingleBody":
        ids = [c.id for c in self.choices]
        _unique(ids, "choice")
        if self.answer is not None and self.answer not in ids:
            raise ValueError(f"answer: {self.answer!r} is not a choice id")
        _check_weights(self.weights, ids)
        if self.weights and self.answer is not None:
            best = max(self.weights.get(i, 0.0) for i in ids)
            if self.weights.get(self.answer, 0.0) < best:
                raise ValueError(f"answer: {self.answer!r} does not have the highest weight")
        return self


class _MultipleBody(_Model):
    """Several choices. Without ``weights``: a point per choice rightly ticked or left (legacy), or
    ``grading: "all_or_nothing"``. With ``weights``: the score is the sum of the weights of the ticked
    choices, kept within 0..1 (Moodle's multiple-answer rule); ``answer`` lists the positive ones."""

    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2, max_length=26)
    answer: list[Id] | None = None
    weights: dict[Id, _WEIGHT] | None = None
    grading: Literal["per_choice", "all_or_nothing"] | None = None

    @model_validator(mode="after")
    def _check(self) -> "_MultipleBody":
        ids = [c.id for c in self.choices]
        _unique(ids, "choice")
        if self.answer is not None:
            _unique(self.answer, "answer")
            bad = [a for a in self.answer if a not in ids]
            if bad:
                raise ValueError(f"answer: {bad[0]!r} is not a choice id")
        _check_weights(self.weights, ids)
        return self


class TrueFalseFeedback(_Model):
    true: LangText | None = None
    false: LangText | None = None


class TrueFalseQuestion(_Question):
    type: Literal["true_false"]
    answer: bool | None = None
    feedback: TrueFalseFeedback | None = None  # shown for the value the learner chose


class NumericAccept(_Model):
    """One accepted value: ``value`` ± ``tolerance`` scores ``weight``; ``"*"`` matches any number."""

    value: float | Literal["*"]
    tolerance: float | None = Field(default=None, ge=0)
    weight: _WEIGHT | None = None  # 1 when absent
    feedback: LangText | None = None


class Unit(_Model):
    unit: str = Field(min_length=1, max_length=40)
    multiplier: float = Field(default=1.0, gt=0)  # value in this unit = value in the base unit × multiplier


class _NumericBody(_Model):
    """A number. ``accept`` (optional): values tried in order, the first that matches gives the score;
    ``units``: accepted units (the first with multiplier 1 is the base unit); a missing or unknown unit
    costs ``unit_penalty`` of the response's score (``unit_grading: "response"``) or of the question
    (``"question"``); without ``unit_grading`` units are optional."""

    type: Literal["numeric"]
    answer: float | None = None
    tolerance: float = Field(default=0, ge=0)
    accept: list[NumericAccept] | None = Field(default=None, min_length=1, max_length=50)
    units: list[Unit] | None = Field(default=None, max_length=20)
    unit_grading: Literal["response", "question"] | None = None
    unit_penalty: float | None = Field(default=None, ge=0, le=1)


class TextAccept(_Model):
    text: Annotated[str, Field(min_length=1, max_length=500)]
    weight: _WEIGHT | None = None  # 1 when absent
    feedback: LangText | None = None


class _TextBody(_Model):
    """Fill-in. ``match``: ``"normalised"`` (default: case, accents, spaces and end punctuation do not
    matter), ``"case_insensitive"`` or ``"case_sensitive"`` (Moodle: only surrounding spaces, and the
    case when insensitive, are ignored). ``wildcard``: ``*`` in an accepted answer matches any text
    (``\\*`` is a literal star). ``accept`` (optional): answers tried in order, the first that matches
    gives the score and feedback."""

    type: Literal["text"]
    answer: list[Annotated[str, Field(min_length=1, max_length=500)]] | None = Field(default=None, min_length=1)
    accept: list[TextAccept] | None = Field(default=None, min_length=1, max_length=50)
    match: Literal["normalised", "case_insensitive", "case_sensitive"] | None = None
    wildcard: bool | None = None

    @field_validator("answer", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


ORDERING_GRADINGS = ("absolute_position", "all_or_nothing", "relative_to_correct", "relative_next_exclude_last",
                     "relative_next_include_last", "relative_one_previous_and_next",
                     "relative_all_previous_and_next", "longest_ordered_subset", "longest_contiguous_subset")


class OrderingQuestion(_Question):
    """``grading`` (default ``absolute_position``: a point per item in its place) follows Moodle's
    ordering question (docs/quiz-import.md)."""

    type: Literal["ordering"]
    items: list[Choice] = Field(min_length=2, max_length=26)
    answer: list[Id] | None = None
    grading: Literal[ORDERING_GRADINGS] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _check(self) -> "OrderingQuestion":
        ids = [c.id for c in self.items]
        _unique(ids, "item")
        if self.answer is not None and sorted(self.answer) != sorted(ids):
            raise ValueError("answer: must list every item id exactly once")
        return self


class MatchingQuestion(_Question):
    """``answer`` maps every left id to a right id (two left items may share one; extra right items
    are distractors). A point per right pair, or ``grading: "all_or_nothing"``."""

    type: Literal["matching"]
    left: list[Choice] = Field(min_length=1, max_length=26)
    right: list[Choice] = Field(min_length=1, max_length=26)
    answer: dict[Id, Id] | None = None
    grading: Literal["per_pair", "all_or_nothing"] | None = None

    @model_validator(mode="after")
    def _check(self) -> "MatchingQuestion":
        left = [c.id for c in self.left]
        right = [c.id for c in self.right]
        _unique(left + right, "left/right")
        if self.answer is not None:
            if sorted(self.answer) != sorted(left):
                raise ValueError("answer: must map every left id")
            bad = [r for r in self.answer.values() if r not in right]
            if bad:
                raise ValueError(f"answer: target {bad[0]!r} is not a right id")
        return self


class SingleChoiceQuestion(_Question, _SingleBody):
    pass


class MultipleChoiceQuestion(_Question, _MultipleBody):
    pass


class NumericQuestion(_Question, _NumericBody):
    pass


class TextQuestion(_Question, _TextBody):
    """Fill-in: the learner's text matches an accepted answer (see :class:`_TextBody`)."""


class _Gap(_Model):
    id: Id
    points: float | None = Field(default=None, gt=0, le=1000)  # weight of this gap (1) in the question


class SingleGap(_Gap, _SingleBody):
    pass


class MultipleGap(_Gap, _MultipleBody):
    pass


class NumericGap(_Gap, _NumericBody):
    pass


class TextGap(_Gap, _TextBody):
    pass


Gap = Annotated[Union[SingleGap, MultipleGap, NumericGap, TextGap], Field(discriminator="type")]
GAP_RE = re.compile(r"\[\[([A-Za-z0-9][A-Za-z0-9._-]{0,63})\]\]")


class GapsQuestion(_Question):
    """Blanks in a text: the prompt holds ``[[gap id]]`` once per gap, in every language; each gap is
    graded like a question of its ``type`` (a drop-down choice, ticks, a number or a word). The score
    is the points-weighted mean of the gaps' scores (or ``grading: "all_or_nothing"``); right when every
    gap is right. Response:
    ``{gap id: that gap's response}``."""

    type: Literal["gaps"]
    gaps: list[Gap] = Field(min_length=1, max_length=40)
    grading: Literal["per_gap", "all_or_nothing"] | None = None

    @model_validator(mode="after")
    def _check(self) -> "GapsQuestion":
        ids = [g.id for g in self.gaps]
        _unique(ids, "gap")
        for lang, text in self.prompt.items():
            found = GAP_RE.findall(text)
            if sorted(found) != sorted(ids):
                missing = sorted(set(ids) - set(found)) or sorted(set(found) - set(ids)) or found
                raise ValueError(f"prompt.{lang}: each gap must appear once as [[id]] ({missing[0]!r})")
        return self

    @property
    def has_answer(self) -> bool:
        return all(g.answer is not None for g in self.gaps)


Question = Annotated[
    Union[SingleChoiceQuestion, MultipleChoiceQuestion, TrueFalseQuestion, NumericQuestion,
          TextQuestion, OrderingQuestion, MatchingQuestion, GapsQuestion],
    Field(discriminator="type"),
]
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def map_html(q: dict, fn: Any) -> dict:
    """A copy of an HTML-format question dict with ``fn(text) -> text`` applied to every text that
    may hold markup (prompt, context, explanation, hints, feedback); other questions are returned as is."""
    if q.get("format") != "html":
        return q

    def lt(v: Any) -> Any:  # a {lang: text} map, or a bare text (an importer's question before localising)
        if isinstance(v, str):
            return fn(v)
        return {k: fn(t) if isinstance(t, str) else t for k, t in v.items()} if isinstance(v, dict) else v

    def node(n: dict) -> dict:
        n = dict(n)
        for key in ("prompt", "context", "explanation"):
            if key in n:
                n[key] = lt(n[key])
        if isinstance(n.get("hints"), list):
            n["hints"] = [lt(h) for h in n["hints"]]
        for key in ("outcome_feedback", "feedback"):
            if isinstance(n.get(key), dict):
                n[key] = {k: lt(v) for k, v in n[key].items()}
        for key in ("choices", "accept"):
            if isinstance(n.get(key), list):
                n[key] = [dict(c, feedback=lt(c["feedback"])) if isinstance(c, dict) and "feedback" in c else c
                          for c in n[key]]
        if isinstance(n.get("gaps"), list):
            n["gaps"] = [node(g) if isinstance(g, dict) else g for g in n["gaps"]]
        return n

    return node(q)


def map_media(q: dict, fn: Any) -> dict:
    """A copy of a question dict with each ``<img src>`` replaced by ``fn(src)``."""
    def sub(text: str) -> str:
        def one(m: re.Match) -> str:
            src = m.group(2) if m.group(2) is not None else m.group(3)
            return m.group(1) + '"' + _attr_escape(fn(_attr_unescape(src))) + '"'
        return _IMG_SRC.sub(one, text)

    return map_html(q, sub)


def media_paths(q: dict) -> list[str]:
    """The image paths an HTML-format question dict shows (``<img src>``), in order, once each."""
    seen: list[str] = []

    def collect(src: str) -> str:
        if src not in seen:
            seen.append(src)
        return src

    map_media(q, collect)
    return seen


def _attr_unescape(v: str) -> str:
    for entity, char in (("&quot;", '"'), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        v = v.replace(entity, char)
    return v


def _attr_escape(v: str) -> str:
    return v.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _check_media(questions: list[Any], where: str) -> None:
    for i, q in enumerate(questions):
        for src in media_paths(q.model_dump(exclude_none=True)):
            why = check_pack_path(src)
            if why:
                raise ValueError(f"{where}[{i}]: image {src!r}: {why}")


class Quiz(_Model):
    """A practice quiz (answers included). ``mastery_score`` = cmi5 ``masteryScore`` (0..1).
    ``scoring``: ``"right_answers"`` (default: a point per question answered fully right) or
    ``"fractions"`` (each question's score × its ``points``, as Moodle adds marks)."""

    id: Id
    mastery_score: float = Field(default=0.6, ge=0, le=1)
    scoring: Literal["right_answers", "fractions"] | None = None
    questions: list[Question] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _check(self) -> "Quiz":
        _unique([q.id for q in self.questions], "question")
        for i, q in enumerate(self.questions):
            if not q.has_answer:
                raise ValueError(f"questions[{i}].answer: a practice question needs its answer ({q.id})")
        _check_media(self.questions, "questions")
        return self

    def media_paths(self) -> list[str]:
        return [p for q in self.questions for p in media_paths(q.model_dump(exclude_none=True))]


class Draw(_Model):
    """How an attempt draws its questions from the exam's bank (docs/certification.md): ``count``
    questions of the whole bank, or ``per_module`` questions of each module (a number for every
    module, or ``{module id: number}``; a question's module is its ``capsule``'s)."""

    count: int | None = Field(default=None, ge=1, le=500)
    per_module: int | dict[Id, Annotated[int, Field(ge=0, le=500)]] | None = None

    @model_validator(mode="after")
    def _one(self) -> "Draw":
        if (self.count is None) == (self.per_module is None):
            raise ValueError("draw: give either count or per_module")
        if isinstance(self.per_module, int) and self.per_module < 1:
            raise ValueError("draw.per_module: at least 1")
        return self


class Exam(_Model):
    """The final exam as shipped: the bank of questions WITHOUT answers. The answer key is
    server-only; ``answer_key_hmac`` (HMAC-SHA256 under a secret salt the key file holds) binds the
    key file (see :mod:`.exam_key`) to these questions without letting anyone test a guess of it;
    ``answer_key_sha256`` is the unsalted digest of packs built before (still read). ``draw``: how
    many questions each attempt draws (None: all of them)."""

    id: Id
    questions: list[Question] = Field(min_length=1, max_length=500)
    mastery_score: float | None = Field(default=None, ge=0, le=1)  # = certification.exam_mastery
    scoring: Literal["right_answers", "fractions"] | None = None
    shuffle: bool = True
    draw: Draw | None = None
    answer_key_hmac: Annotated[str, Field(pattern=SHA256_RE)] | None = None
    answer_key_sha256: Annotated[str, Field(pattern=SHA256_RE)] | None = None

    @model_validator(mode="after")
    def _check(self) -> "Exam":
        _unique([q.id for q in self.questions], "question")
        for i, q in enumerate(self.questions):
            if q.has_answer or q.reveals_key:
                raise ValueError(f"questions[{i}].answer: the exam must not ship its answer ({q.id})")
        _check_media(self.questions, "questions")
        if self.draw is not None and self.draw.count is not None and self.draw.count > len(self.questions):
            raise ValueError(f"draw.count: {self.draw.count} questions drawn from a bank of {len(self.questions)}")
        return self

    def media_paths(self) -> list[str]:
        return [p for q in self.questions for p in media_paths(q.model_dump(exclude_none=True))]


class Completion(_Model):
    """When a capsule counts as completed: share of the video watched, and the practice quiz."""

    min_watched: float = Field(default=0.9, ge=0, le=1)
    quiz_required: bool = True


#: Self-declared gender of a speaker (the learners' codes): f, m, x (other), na (not said, explicitly).
SPEAKER_GENDERS = ("f", "m", "x", "na")


class Expert(_Model):
    """A speaker of the course's capsules (credits page, the programme's share of women speakers).
    Every field is required; ``na`` says explicitly that the speaker did not say."""

    id: Id
    name: str = Field(min_length=1, max_length=120)
    role: LangText = Field(min_length=1)
    gender: Literal["f", "m", "x", "na"]
    country: Annotated[str, Field(pattern=r"^([A-Z]{2}|na)$")]  # ISO 3166 alpha-2, or na


class Campaign(_Model):
    """An outreach campaign a learner may name on her profile (its code is counted in the reports)."""

    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
    title: LangText = Field(min_length=1)


class Capsule(_Model):
    id: Id
    title: LangText
    summary: LangText | None = None
    expert: str | None = Field(default=None, max_length=200)  # "Name, role", shown as is
    expert_role: LangText | None = None  # the role alone, translated
    experts: list[Id] | None = None  # ids of the course's ``experts`` who speak in it
    duration_s: float | None = Field(default=None, ge=0)
    video: VideoRenditions | None = None
    subtitles: dict[Annotated[str, Field(pattern=LANG_RE)], PackPath] = Field(default_factory=dict)
    transcript: dict[Annotated[str, Field(pattern=LANG_RE)], PackPath] = Field(default_factory=dict)
    resources: list[Resource] = Field(default_factory=list)
    quiz: Quiz | None = None
    completion: Completion = Field(default_factory=Completion)

    def paths(self) -> list[str]:
        out: list[str] = []
        if self.video:
            out += [p for p in (self.video.standard, self.video.low, self.video.audio) if p]
        out += list(self.subtitles.values()) + list(self.transcript.values())
        out += [r.path for r in self.resources]
        if self.quiz is not None:
            out += [p for p in self.quiz.media_paths() if p not in out]
        return out


class Module(_Model):
    id: Id
    title: LangText
    description: LangText | None = None
    capsules: list[Capsule] = Field(min_length=1, max_length=500)


class Certification(_Model):
    """Course rules for the certificate (checked by the server on synced events).

    - ``required_capsules``: ``"all"`` or a list of capsule ids that must be completed;
    - ``quiz_mastery``: practice quizzes of those capsules passed at ≥ this scaled score
      (cmi5 ``masteryScore``);
    - ``exam_mastery``: the final exam passed at ≥ this scaled score (cmi5 ``masteryScore``);
    - ``exam_attempts``, ``exam_time_limit_s`` (None = no limit);
    - ``move_on``: cmi5 ``moveOn`` of the course as a whole (default ``CompletedAndPassed``);
    - ``revocations``: a file of the pack holding the programme's signed revocation list (so that PCs
      that only ever receive packs learn of revoked certificates).
    """

    required_capsules: Literal["all"] | list[Id] = "all"
    quiz_mastery: float = Field(default=0.6, ge=0, le=1)
    exam_mastery: float = Field(default=0.7, ge=0, le=1)
    exam_attempts: int = Field(default=3, ge=1, le=100)
    exam_time_limit_s: int | None = Field(default=None, ge=1)
    move_on: Literal["Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed",
                     "NotApplicable"] = "CompletedAndPassed"
    exam: Exam | None = None
    # the programme's signed certificate revocation list, as of the build (docs/certification.md)
    revocations: PackPath | None = None


class Manifest(_Model):
    schema_: Literal[1] = Field(alias="schema")
    id: Annotated[str, Field(pattern=COURSE_ID_RE)]
    version: Annotated[str, Field(pattern=VERSION_RE)]
    languages: list[Annotated[str, Field(pattern=LANG_RE)]] = Field(min_length=1, max_length=10)
    title: LangText
    description: LangText = Field(default_factory=dict)
    publisher: str | None = Field(default=None, max_length=200)
    modules: list[Module] = Field(min_length=1, max_length=200)
    resources: list[Resource] = Field(default_factory=list)  # course-level (glossary, guide…)
    certification: Certification | None = None
    # None (not an empty list) when absent: packs built before these fields keep their normal form
    experts: list[Expert] | None = Field(default=None, max_length=500)
    campaigns: list[Campaign] | None = Field(default=None, max_length=100)
    files: list[FileEntry] = Field(default_factory=list, max_length=MAX_FILES)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # --- navigation -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.schema_

    @property
    def version_tuple(self) -> tuple[int, int, int]:
        a, b, c = (int(x) for x in self.version.split("."))
        return (a, b, c)

    def capsules(self) -> Iterator[Capsule]:
        for m in self.modules:
            yield from m.capsules

    def capsule(self, capsule_id: str) -> Capsule:
        for c in self.capsules():
            if c.id == capsule_id:
                return c
        raise KeyError(capsule_id)

    def speakers(self) -> list[Expert]:
        """The course's experts who speak in at least one capsule (listed order)."""
        used = {x for c in self.capsules() for x in c.experts or []}
        return [e for e in self.experts or [] if e.id in used]

    def final_exam(self) -> tuple[Certification, Exam]:
        """The certification rules and their final exam; ValueError when the course has none."""
        cert = self.certification
        if cert is None or cert.exam is None:
            raise ValueError(f"course {self.id} has no final exam")
        return cert, cert.exam

    def file(self, path: str) -> FileEntry:
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(path)

    def required_capsule_ids(self) -> list[str]:
        if self.certification is None or self.certification.required_capsules == "all":
            return [c.id for c in self.capsules()]
        return list(self.certification.required_capsules)

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def text(self, field: dict[str, str] | None, lang: str) -> str:
        """A localized text in ``lang``, else the course's first language."""
        if not field:
            return ""
        return field.get(lang) or field.get(self.languages[0]) or next(iter(field.values()))

    # --- serialisation ----------------------------------------------------------------------
    def to_json_obj(self) -> dict[str, Any]:
        """Plain JSON data (no None values): what goes into ``manifest.json``."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    # --- whole-manifest checks --------------------------------------------------------------
    @model_validator(mode="after")
    def _check_whole(self) -> "Manifest":
        langs = self.languages
        if len(set(langs)) != len(langs):
            raise ValueError("languages: duplicate language")
        _check_texts(self, langs)
        mods = [m.id for m in self.modules]
        _unique(mods, "module")
        caps = [c.id for c in self.capsules()]
        _unique(caps, "capsule")
        experts = [e.id for e in self.experts or []]
        _unique(experts, "expert")
        _unique([c.code for c in self.campaigns or []], "campaign")
        for c in self.capsules():
            for x in c.experts or []:
                if x not in experts:
                    raise ValueError(f"capsule {c.id}: expert {x!r} is not in the course's experts")
        # files: unique, also case-insensitively (Windows and macOS file systems)
        seen: dict[str, str] = {}
        for i, f in enumerate(self.files):
            key = f.path.casefold()
            if key in seen:
                raise ValueError(f"files[{i}].path: duplicate (or case-only different) path {f.path!r}")
            seen[key] = f.path
        listed = {f.path for f in self.files}
        # a path may not be both a file and a folder of another file
        dirs = {"/".join(p.split("/")[:k]) for p in listed for k in range(1, p.count("/") + 1)}
        clash = sorted(listed & dirs)
        if clash:
            raise ValueError(f"files: {clash[0]!r} is both a file and a folder")
        for mi, m in enumerate(self.modules):
            for ci, c in enumerate(m.capsules):
                where = f"modules[{mi}].capsules[{ci}]"
                for lang in list(c.subtitles) + list(c.transcript):
                    if lang not in langs:
                        raise ValueError(f"{where}: language {lang!r} is not one of the course's languages")
                for p in c.paths():
                    why = check_pack_path(p)
                    if why:
                        raise ValueError(f"{where}: {why}: {p!r}")
                    if p not in listed:
                        raise ValueError(f"{where}: {p!r} is not listed in files")
        for ri, r in enumerate(self.resources):
            why = check_pack_path(r.path)
            if why:
                raise ValueError(f"resources[{ri}].path: {why}: {r.path!r}")
            if r.path not in listed:
                raise ValueError(f"resources[{ri}].path: {r.path!r} is not listed in files")
        cert = self.certification
        if cert is not None and cert.exam is not None:
            for p in cert.exam.media_paths():
                if p not in listed:
                    raise ValueError(f"certification.exam: image {p!r} is not listed in files")
            for qi, q in enumerate(cert.exam.questions):
                if q.capsule is not None and q.capsule not in caps:
                    raise ValueError(f"certification.exam.questions[{qi}].capsule: unknown capsule {q.capsule!r}")
            if cert.exam.draw is not None and cert.exam.draw.per_module is not None:
                self._check_module_draw(cert.exam)
        if cert is not None and cert.revocations is not None and cert.revocations not in listed:
            raise ValueError(f"certification.revocations: {cert.revocations!r} is not listed in files")
        if cert is not None and cert.required_capsules != "all":
            for cid in cert.required_capsules:
                if cid not in caps:
                    raise ValueError(f"certification.required_capsules: unknown capsule {cid!r}")
        return self


    def _check_module_draw(self, exam: Exam) -> None:
        """A draw per module: every question names a capsule (its module), every module drawn from
        holds enough questions, and no question sits in a module that is never drawn from."""
        groups = self.exam_groups()
        per = exam.draw.per_module if exam.draw is not None else None
        for qi, q in enumerate(exam.questions):
            if q.capsule is None:
                raise ValueError(f"certification.exam.questions[{qi}].capsule: a draw per module needs the "
                                 f"capsule of each question ({q.id})")
        want: dict[str, int] = per if isinstance(per, dict) else dict.fromkeys(groups, int(per or 0))
        mods = [m.id for m in self.modules]
        for mid, n in want.items():
            if mid not in mods:
                raise ValueError(f"certification.exam.draw.per_module: unknown module {mid!r}")
            have = len(groups.get(mid, []))
            if n > have:
                raise ValueError(f"certification.exam.draw.per_module: {n} questions drawn from module {mid!r}, "
                                 f"whose bank holds {have}")
        for mid, ids in groups.items():
            if not want.get(mid):
                raise ValueError(f"certification.exam.draw.per_module: the questions of module {mid!r} "
                                 f"({', '.join(ids[:3])}) are never drawn")

    def exam_groups(self) -> dict[str, list[str]]:
        """Module id → the exam questions of that module (by their capsule), in bank order; questions
        without a capsule under ``""``."""
        module_of = {c.id: m.id for m in self.modules for c in m.capsules}
        out: dict[str, list[str]] = {}
        if self.certification is None or self.certification.exam is None:
            return out
        for q in self.certification.exam.questions:
            out.setdefault(module_of.get(q.capsule or "", ""), []).append(q.id)
        return out


def _check_texts(obj: Any, langs: list[str], where: str = "") -> None:
    """Every ``{lang: text}`` field covers the course's languages (and no others)."""
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            label = info.alias or name
            sub = f"{where}.{label}" if where else label
            if value is None:
                continue
            if _is_langtext(info.annotation) and isinstance(value, dict):
                _check_langtext(value, langs, sub)
            elif _is_langtext_list(info.annotation) and isinstance(value, list):
                for i, item in enumerate(value):
                    _check_langtext(item, langs, f"{sub}[{i}]")
            else:
                _check_texts(value, langs, sub)
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            _check_texts(item, langs, f"{where}[{i}]")


def _check_langtext(value: dict, langs: list[str], where: str) -> None:
    missing = [lang for lang in langs if not value.get(lang, "").strip()]
    if missing:
        raise ValueError(f"{where}: missing language {missing[0]!r}")
    extra = [k for k in value if k not in langs]
    if extra:
        raise ValueError(f"{where}: language {extra[0]!r} is not one of the course's languages")


def _is_langtext(annotation: Any) -> bool:
    return annotation == LangText or annotation == (LangText | None)


def _is_langtext_list(annotation: Any) -> bool:
    return annotation == list[LangText] or annotation == (list[LangText] | None)


# --- parsing with errors that name the field -------------------------------------------------
def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in XAPI_INTERACTION_TYPES or part in ("function-after", "function-before", "function-plain"):
            continue  # discriminator tags and validator names are not fields
        else:
            out += ("." if out else "") + str(part)
    return out or "(root)"


def format_validation_error(exc: ValidationError, what: str = "manifest") -> str:
    err = exc.errors(include_url=False)[0]
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    loc = _loc(tuple(err.get("loc", ())))
    sub = _SUBFIELD_RE.match(msg)
    if sub:  # a model validator naming the sub-field: "answer: ..." → loc.answer
        loc = sub.group(1) if loc == "(root)" else f"{loc}{'' if sub.group(1).startswith('[') else '.'}{sub.group(1)}"
        msg = msg[sub.end():]
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{what} field {loc}: {msg}{more}"


_SUBFIELD_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*): ")


def parse_manifest(data: bytes | str | dict[str, Any]) -> Manifest:
    """Parse and validate manifest JSON (bytes, text or already-decoded data)."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_MANIFEST_BYTES:
            raise ManifestError(f"manifest too large ({len(data)} bytes, limit {MAX_MANIFEST_BYTES})",
                                code="pack_manifest_size")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ManifestError(f"manifest is not UTF-8 ({exc.reason} at byte {exc.start})",
                                code="pack_manifest_json") from exc
    if isinstance(data, str):
        try:
            data = json.loads(data, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ManifestError(f"manifest is not valid JSON: {exc}", code="pack_manifest_json") from exc
    if not isinstance(data, dict):
        raise ManifestError("manifest is not a JSON object", code="pack_manifest_json")
    schema = data.get("schema")
    if schema != SCHEMA_VERSION:
        raise ManifestError(f"unknown manifest schema version {schema!r} (this app reads {SCHEMA_VERSION})",
                            code="pack_schema_version")
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise ManifestError(format_validation_error(exc)) from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
