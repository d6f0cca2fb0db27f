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
}
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")


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
    text: LangText


class _Question(_Model):
    id: Id
    prompt: LangText
    explanation: LangText | None = None
    capsule: Id | None = None  # exam questions: the capsule this question covers (feedback)

    @property
    def xapi_interaction_type(self) -> str:
        return XAPI_INTERACTION_TYPES[self.type]  # type: ignore[attr-defined]

    @property
    def has_answer(self) -> bool:
        return getattr(self, "answer", None) is not None


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i!r}")
        seen.add(i)


class SingleChoiceQuestion(_Question):
    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2, max_length=26)
    answer: Id | None = None

    @model_validator(mode="after")
    def _check(self) -> "SingleChoiceQuestion":
        ids = [c.id for c in self.choices]
        _unique(ids, "choice")
        if self.answer is not None and self.answer not in ids:
            raise ValueError(f"answer: {self.answer!r} is not a choice id")
        return self


class MultipleChoiceQuestion(_Question):
    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2, max_length=26)
    answer: list[Id] | None = None

    @model_validator(mode="after")
    def _check(self) -> "MultipleChoiceQuestion":
        ids = [c.id for c in self.choices]
        _unique(ids, "choice")
        if self.answer is not None:
            _unique(self.answer, "answer")
            bad = [a for a in self.answer if a not in ids]
            if bad:
                raise ValueError(f"answer: {bad[0]!r} is not a choice id")
        return self


class TrueFalseQuestion(_Question):
    type: Literal["true_false"]
    answer: bool | None = None


class NumericQuestion(_Question):
    type: Literal["numeric"]
    answer: float | None = None
    tolerance: float = Field(default=0, ge=0)


class TextQuestion(_Question):
    """Fill-in: the learner's text matches any accepted answer after normalising case, accents and
    spaces."""

    type: Literal["text"]
    answer: list[Annotated[str, Field(min_length=1, max_length=500)]] | None = Field(default=None, min_length=1)

    @field_validator("answer", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


class OrderingQuestion(_Question):
    type: Literal["ordering"]
    items: list[Choice] = Field(min_length=2, max_length=26)
    answer: list[Id] | None = None

    @model_validator(mode="after")
    def _check(self) -> "OrderingQuestion":
        ids = [c.id for c in self.items]
        _unique(ids, "item")
        if self.answer is not None and sorted(self.answer) != sorted(ids):
            raise ValueError("answer: must list every item id exactly once")
        return self


class MatchingQuestion(_Question):
    type: Literal["matching"]
    left: list[Choice] = Field(min_length=1, max_length=26)
    right: list[Choice] = Field(min_length=1, max_length=26)
    answer: dict[Id, Id] | None = None

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


Question = Annotated[
    Union[SingleChoiceQuestion, MultipleChoiceQuestion, TrueFalseQuestion, NumericQuestion,
          TextQuestion, OrderingQuestion, MatchingQuestion],
    Field(discriminator="type"),
]
QUESTION_TYPES = tuple(XAPI_INTERACTION_TYPES)


class Quiz(_Model):
    """A practice quiz (answers included). ``mastery_score`` = cmi5 ``masteryScore`` (0..1)."""

    id: Id
    mastery_score: float = Field(default=0.6, ge=0, le=1)
    questions: list[Question] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _check(self) -> "Quiz":
        _unique([q.id for q in self.questions], "question")
        for i, q in enumerate(self.questions):
            if not q.has_answer:
                raise ValueError(f"questions[{i}].answer: a practice question needs its answer ({q.id})")
        return self


class Exam(_Model):
    """The final exam as shipped: questions WITHOUT answers. The answer key is server-only;
    ``answer_key_sha256`` binds the key file (see :mod:`.exam_key`) to these questions."""

    id: Id
    questions: list[Question] = Field(min_length=1, max_length=500)
    mastery_score: float | None = Field(default=None, ge=0, le=1)  # = certification.exam_mastery
    shuffle: bool = True
    answer_key_sha256: Annotated[str, Field(pattern=SHA256_RE)] | None = None

    @model_validator(mode="after")
    def _check(self) -> "Exam":
        _unique([q.id for q in self.questions], "question")
        for i, q in enumerate(self.questions):
            if q.has_answer:
                raise ValueError(f"questions[{i}].answer: the exam must not ship its answer ({q.id})")
        return self


class Completion(_Model):
    """When a capsule counts as completed: share of the video watched, and the practice quiz."""

    min_watched: float = Field(default=0.9, ge=0, le=1)
    quiz_required: bool = True


class Capsule(_Model):
    id: Id
    title: LangText
    summary: LangText | None = None
    expert: str | None = Field(default=None, max_length=200)  # "Name, role", shown as is
    expert_role: LangText | None = None  # the role alone, translated
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
    - ``move_on``: cmi5 ``moveOn`` of the course as a whole (default ``CompletedAndPassed``).
    """

    required_capsules: Literal["all"] | list[Id] = "all"
    quiz_mastery: float = Field(default=0.6, ge=0, le=1)
    exam_mastery: float = Field(default=0.7, ge=0, le=1)
    exam_attempts: int = Field(default=3, ge=1, le=100)
    exam_time_limit_s: int | None = Field(default=None, ge=1)
    move_on: Literal["Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed",
                     "NotApplicable"] = "CompletedAndPassed"
    exam: Exam | None = None


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

    def module_of(self, capsule_id: str) -> Module:
        for m in self.modules:
            if any(c.id == capsule_id for c in m.capsules):
                return m
        raise KeyError(capsule_id)

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
            for qi, q in enumerate(cert.exam.questions):
                if q.capsule is not None and q.capsule not in caps:
                    raise ValueError(f"certification.exam.questions[{qi}].capsule: unknown capsule {q.capsule!r}")
        if cert is not None and cert.required_capsules != "all":
            for cid in cert.required_capsules:
                if cid not in caps:
                    raise ValueError(f"certification.required_capsules: unknown capsule {cid!r}")
        return self


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
                missing = [lang for lang in langs if not value.get(lang, "").strip()]
                if missing:
                    raise ValueError(f"{sub}: missing language {missing[0]!r}")
                extra = [k for k in value if k not in langs]
                if extra:
                    raise ValueError(f"{sub}: language {extra[0]!r} is not one of the course's languages")
            else:
                _check_texts(value, langs, sub)
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            _check_texts(item, langs, f"{where}[{i}]")


def _is_langtext(annotation: Any) -> bool:
    return annotation == LangText or annotation == (LangText | None)


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
