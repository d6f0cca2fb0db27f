"""The final exam's answer key: a server-only file written by ``pack build`` beside the pack.

``pack build SRC --out course.cc2pack`` writes ``course.cc2pack.exam-key.json`` (when the course has
an exam)::

    {"type": "cc2desktop-exam-key", "schema": 1, "course_id": "…", "course_version": "1.0.0",
     "exam_id": "final", "exam_mastery": 0.7,
     "questions": [ …the exam questions WITH "answer" (and "tolerance" for numeric)… ]}

The pack's manifest carries ``certification.exam.answer_key_sha256`` = SHA-256 of the RFC 8785
canonical bytes of this file's JSON, so the server can check that the key it loads belongs to the
questions learners saw. Never ship this file to learners' PCs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cc2desktop.core.errors import CCError
from cc2desktop.core.crypto import canonicalize
from cc2desktop.core.packs.manifest import COURSE_ID_RE, ID_RE, VERSION_RE, Question, format_validation_error

KEY_TYPE: Literal["cc2desktop-exam-key"] = "cc2desktop-exam-key"
SUFFIX = ".exam-key.json"


class ExamKeyError(CCError):
    code = "exam_key"


class ExamKey(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["cc2desktop-exam-key"] = KEY_TYPE
    schema_: Literal[1] = Field(default=1, alias="schema")
    course_id: Annotated[str, Field(pattern=COURSE_ID_RE)]
    course_version: Annotated[str, Field(pattern=VERSION_RE)]
    exam_id: Annotated[str, Field(pattern=ID_RE)]
    exam_mastery: float = Field(ge=0, le=1)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _answers(self) -> "ExamKey":
        for i, q in enumerate(self.questions):
            if not q.has_answer:
                raise ValueError(f"questions[{i}].answer: the answer key lacks this answer ({q.id})")
        return self

    def to_json_obj(self) -> dict:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(canonicalize(self.to_json_obj())).hexdigest()

    def answer(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def key_path_for(pack_path: Path | str) -> Path:
    p = Path(pack_path)
    return p.with_name(p.name + SUFFIX)


def load_exam_key(path: Path | str) -> ExamKey:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExamKeyError(f"cannot read the exam key {path}: {exc}") from exc
    try:
        return ExamKey.model_validate(data)
    except ValidationError as exc:
        raise ExamKeyError(format_validation_error(exc, "exam key")) from exc


def write_exam_key(key: ExamKey, path: Path | str) -> Path:
    """Write the key file private to its owner (mode 0600): it holds every exam answer."""
    from cc2desktop.core import crypto

    path = Path(path)
    crypto.write_file_atomic(path, (json.dumps(key.to_json_obj(), ensure_ascii=False, indent=2,
                                               sort_keys=True) + "\n").encode("utf-8"), mode=0o600)
    return path
