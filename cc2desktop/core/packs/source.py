"""Read a course source folder (docs/course-source-format.md) into a manifest.

:func:`load_source` returns the manifest (with ``files`` hashed), the map pack path → file on disk,
and the exam answer key (or None). Paths inside a capsule are relative to its ``dir``; a capsule's
``resources`` entries are looked up in the capsule's ``dir`` first, then from the course root;
course-level ``resources`` are relative to the course root.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from cc2desktop.core.errors import CCError
from cc2desktop.core.crypto import b64url, canonicalize
from cc2desktop.core.packs.exam_key import ExamKey, derive_salt
from cc2desktop.core.packs.manifest import (
    SCHEMA_VERSION,
    Manifest,
    ManifestError,
    check_pack_path,
    format_validation_error,
    map_media,
    strip_answer_key,
)

MAX_SOURCE_JSON = 4 * 1024 * 1024


class SourceError(CCError):
    code = "pack_source"


@dataclass
class Source:
    manifest: Manifest
    files: dict[str, Path]  # pack path -> file on disk
    exam_key: ExamKey | None


def _read_json(path: Path, what: str) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_SOURCE_JSON:
        raise SourceError(f"{what} {path} is too large")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{what} {path} is not valid JSON: {exc}") from exc


def _join(base: str, rel: object, where: str) -> str:
    if not isinstance(rel, str):
        raise SourceError(f"course.json {where}: expected a path")
    p = posixpath.normpath(posixpath.join(base, rel)) if base else rel
    why = check_pack_path(p)
    if why or p.startswith("../"):
        raise SourceError(f"course.json {where}: {why or 'outside the course folder'}: {rel!r}")
    return p


def sha256_file(path: Path, chunk: int = 1 << 20) -> tuple[int, str]:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as fh:
        while True:
            b = fh.read(chunk)
            if not b:
                break
            h.update(b)
            n += len(b)
    return n, h.hexdigest()


def _with_media(quiz: Any, base: str, use: Callable[[str], str], where: str) -> Any:
    """The quiz with each image of its HTML questions (``<img src>`` relative to the quiz file)
    rewritten to its pack path, and those files added to the pack."""
    if not isinstance(quiz, dict) or not isinstance(quiz.get("questions"), list):
        return quiz
    out = []
    for i, q in enumerate(quiz["questions"]):
        if isinstance(q, dict) and q.get("format") == "html":
            q = map_media(q, lambda rel, i=i: use(_join(base, rel, f"{where}.questions[{i}] image")))
        out.append(q)
    return {**quiz, "questions": out}


def load_source(src_dir: Path | str, progress: Callable[[str], None] | None = None, *,
                publisher_seed: bytes | None = None) -> Source:
    """The course source as a manifest, its files and its exam answer key. ``publisher_seed`` (the
    publisher's private key) derives the answer key's secret salt, so a build is deterministic;
    without it (a check, not a build) the salt is random."""
    src = Path(src_dir)
    if not (src / "course.json").is_file():
        raise SourceError(f"{src} is not a course source folder (no course.json)")
    course = _read_json(src / "course.json", "course file")
    if not isinstance(course, dict):
        raise SourceError("course.json is not a JSON object")
    if course.get("schema") != SCHEMA_VERSION:
        raise SourceError(f"course.json: unknown schema version {course.get('schema')!r}")
    data = dict(course)
    used: list[str] = []

    def use(p: str) -> str:
        used.append(p)
        return p

    modules = []
    for mi, mod in enumerate(course.get("modules") or []):
        if not isinstance(mod, dict):
            raise SourceError(f"course.json modules[{mi}]: expected an object")
        caps = []
        for ci, cap in enumerate(mod.get("capsules") or []):
            where = f"modules[{mi}].capsules[{ci}]"
            if not isinstance(cap, dict):
                raise SourceError(f"course.json {where}: expected an object")
            cap = dict(cap)
            if cap.get("expert") and not cap.get("experts"):
                raise SourceError(f"course.json {where}: the expert {str(cap['expert'])[:60]!r} has no metadata: "
                                  "list her or him in the course's \"experts\" (name, role, gender, country; "
                                  "na where not said) and name the id in the capsule's \"experts\"")
            base = cap.pop("dir", None) or ""
            if base:
                base = _join("", base, f"{where}.dir")
            if isinstance(cap.get("video"), dict):
                cap["video"] = {k: use(_join(base, v, f"{where}.video.{k}")) for k, v in cap["video"].items() if v}
            for key in ("subtitles", "transcript"):
                if isinstance(cap.get(key), dict):
                    cap[key] = {lang: use(_join(base, v, f"{where}.{key}.{lang}")) for lang, v in cap[key].items()}
            res = []
            for ri, r in enumerate(cap.get("resources") or []):
                r = dict(r)
                what = f"{where}.resources[{ri}].path"
                local = _join(base, r.get("path"), what)
                r["path"] = use(local if (src / local).is_file() else _join("", r.get("path"), what))
                res.append(r)
            if res:
                cap["resources"] = res
            if isinstance(cap.get("quiz"), str):
                qpath = _join(base, cap["quiz"], f"{where}.quiz")
                cap["quiz"] = _with_media(_read_json(src / qpath, "quiz"), posixpath.dirname(qpath), use,
                                          f"{where}.quiz")
            caps.append(cap)
        modules.append(dict(mod, capsules=caps))
    data["modules"] = modules
    res = []
    for ri, r in enumerate(course.get("resources") or []):
        r = dict(r)
        r["path"] = use(_join("", r.get("path"), f"resources[{ri}].path"))
        res.append(r)
    if res:
        data["resources"] = res

    exam_key = None
    cert = course.get("certification")
    if isinstance(cert, dict) and isinstance(cert.get("revocations"), str):
        cert = dict(cert, revocations=use(_join("", cert["revocations"], "certification.revocations")))
        data["certification"] = cert
    if isinstance(cert, dict) and isinstance(cert.get("exam"), str):
        cert = dict(cert)
        exam_path = _join("", cert["exam"], "certification.exam")
        exam_src = _read_json(src / exam_path, "exam file")
        if not isinstance(exam_src, dict):
            raise SourceError("exam file: expected an object")
        exam_src = _with_media(exam_src, posixpath.dirname(exam_path), use, "certification.exam")
        cid, ver, eid = str(course.get("id")), str(course.get("version")), str(exam_src.get("id"))
        salt = derive_salt(publisher_seed, cid, ver, eid) if publisher_seed else b64url(os.urandom(32))
        try:
            exam_key = ExamKey(
                course_id=cid, course_version=ver, exam_id=exam_src.get("id"),
                exam_mastery=cert.get("exam_mastery", 0.7), salt=salt, questions=exam_src.get("questions"),
            )
        except ValidationError as exc:
            raise SourceError(format_validation_error(exc, "exam file")) from exc
        shipped = [strip_answer_key(q) for q in exam_key.to_json_obj()["questions"]]
        exam = {"id": exam_src.get("id"), "questions": shipped, "answer_key_hmac": exam_key.hmac}
        for k in ("shuffle", "mastery_score", "scoring", "draw"):
            if k in exam_src:
                exam[k] = exam_src[k]
        if "draw" not in exam:  # every attempt draws the whole bank: said explicitly (docs/certification.md)
            exam["draw"] = {"count": len(shipped)}
        cert["exam"] = exam
        data["certification"] = cert

    files: dict[str, Path] = {}
    entries = []
    seen: set[str] = set()
    for p in used:
        if p in seen:
            continue
        seen.add(p)
        disk = src / p
        if not disk.is_file() or disk.is_symlink():
            raise SourceError(f"course.json names {p!r}, which is not a regular file in {src}")
        if progress:
            progress(p)
        size, digest = sha256_file(disk)
        files[p] = disk
        entries.append({"path": p, "size": size, "sha256": digest})
    entries.sort(key=lambda e: str(e["path"]))
    data["files"] = entries
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise ManifestError(format_validation_error(exc, "course.json")) from exc
    # the manifest as written must survive a JSON round trip unchanged (what gets signed)
    canonicalize(manifest.to_json_obj())
    return Source(manifest, files, exam_key)
