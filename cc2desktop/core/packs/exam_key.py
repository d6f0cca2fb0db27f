"""The final exam's answer key: a server-only file written by ``pack build`` beside the pack.

``pack build SRC --out course.cc2pack`` writes ``course.cc2pack.exam-key.json`` (when the course has
an exam)::

    {"type": "cc2desktop-exam-key", "schema": 2, "course_id": "…", "course_version": "1.0.0",
     "exam_id": "final", "exam_mastery": 0.7, "salt": "<32 random-looking bytes, base64url>",
     "questions": [ …the exam questions WITH "answer" (and "tolerance" for numeric)… ]}

The pack's manifest carries ``certification.exam.answer_key_hmac`` = HMAC-SHA256 keyed by ``salt``
of the RFC 8785 canonical bytes of this file's JSON without ``salt``, so the server can check that
the key it loads belongs to the questions learners saw, while the public pack gives nobody a way to
test a guessed key: without the salt, trying every possible answer sheet leads nowhere.

Packs built before (schema 1, no salt) carry ``answer_key_sha256``, the SHA-256 of the same bytes:
over the small answer space of an exam that digest could be inverted by trying every answer
combination (seconds for ten questions). The server still reads them and warns; rebuild such packs.

The salt is derived from the publisher's private key, the course, its version and the exam
(:func:`derive_salt`), so that a build stays deterministic and secret as long as that key is. Never
ship this file to learners' PCs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cc2desktop.core.errors import CCError
from cc2desktop.core.crypto import b64url, b64url_decode, canonicalize
from cc2desktop.core.packs.manifest import COURSE_ID_RE, ID_RE, VERSION_RE, Question, format_validation_error

KEY_TYPE: Literal["cc2desktop-exam-key"] = "cc2desktop-exam-key"
SUFFIX = ".exam-key.json"


class ExamKeyError(CCError):
    code = "exam_key"


class ExamKey(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["cc2desktop-exam-key"] = KEY_TYPE
    schema_: Literal[1, 2] = Field(default=2, alias="schema")
    course_id: Annotated[str, Field(pattern=COURSE_ID_RE)]
    course_version: Annotated[str, Field(pattern=VERSION_RE)]
    exam_id: Annotated[str, Field(pattern=ID_RE)]
    exam_mastery: float = Field(ge=0, le=1)
    salt: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{43}$")] | None = None  # 32 bytes, base64url
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _answers(self) -> "ExamKey":
        for i, q in enumerate(self.questions):
            if not q.has_answer:
                raise ValueError(f"questions[{i}].answer: the answer key lacks this answer ({q.id})")
        if self.schema_ == 2 and self.salt is None:
            raise ValueError("salt: an answer key of schema 2 needs its salt")
        return self

    def to_json_obj(self) -> dict:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def _committed_bytes(self) -> bytes:
        return canonicalize({k: v for k, v in self.to_json_obj().items() if k != "salt"})

    @property
    def sha256(self) -> str:
        """The unsalted digest packs built before carry (``answer_key_sha256``): kept to read them."""
        if self.salt is None:
            return hashlib.sha256(canonicalize(self.to_json_obj())).hexdigest()
        return hashlib.sha256(self._committed_bytes()).hexdigest()

    @property
    def hmac(self) -> str:
        """The commitment the manifest carries (``answer_key_hmac``): HMAC-SHA256 under the salt."""
        if self.salt is None:
            raise ExamKeyError("this answer key has no salt (built by an earlier version): rebuild the pack")
        return hmac.new(b64url_decode(self.salt), self._committed_bytes(), hashlib.sha256).hexdigest()

    def matches(self, exam_hmac: str | None, exam_sha256: str | None) -> bool:
        """Whether this key is the one a manifest's exam commits to (either form)."""
        if exam_hmac:
            return self.salt is not None and hmac.compare_digest(self.hmac, exam_hmac)
        if exam_sha256:
            return hmac.compare_digest(self.sha256, exam_sha256)
        return True

    def answer(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def derive_salt(publisher_seed: bytes, course_id: str, version: str, exam_id: str) -> str:
    """The answer key's salt: secret as long as the publisher's private key is, the same for the
    same course version (a rebuild gives the same pack), different for every other one."""
    msg = b"\0".join([b"cc2desktop exam-key salt v1", course_id.encode(), version.encode(), exam_id.encode()])
    return b64url(hmac.new(publisher_seed, msg, hashlib.sha256).digest())


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
