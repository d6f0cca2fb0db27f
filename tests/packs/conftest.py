"""Synthetic courses (real folders, real files) and signed packs built from them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cc2desktop.core.packs import keys as keymod


def T(fr: str, en: str | None = None) -> dict:
    return {"fr": fr, "en": en or f"{fr} (EN)"}


def make_course(root: Path, *, course_id: str = "test-course", version: str = "1.0.0", modules: int = 2,
                capsules_per_module: int = 2, video_bytes: int = 20_000, seed: int = 0,
                changed: set[str] = frozenset(), exam: bool = True) -> Path:
    """Write a course source folder. ``changed`` capsule ids get different video bytes (an update)."""
    root.mkdir(parents=True, exist_ok=True)
    mods = []
    for mi in range(1, modules + 1):
        caps = []
        for ci in range(1, capsules_per_module + 1):
            cid = f"m{mi}c{ci}"
            d = root / "capsules" / cid
            d.mkdir(parents=True, exist_ok=True)
            salt = f"{seed}-{cid}-{'v2' if cid in changed else 'v1'}".encode()
            body = (salt * (video_bytes // len(salt) + 1))[:video_bytes]
            (d / "video.mp4").write_bytes(os.urandom(0) + body)
            (d / "subtitles.fr.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour {cid}\n", encoding="utf-8")
            (d / "subtitles.en.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:02.000\nHello {cid}\n", encoding="utf-8")
            (d / "transcript.fr.md").write_text(f"Transcription de {cid} : données ouvertes.\n", encoding="utf-8")
            (d / "transcript.en.md").write_text(f"Transcript of {cid}: open data.\n", encoding="utf-8")
            (d / "quiz.json").write_text(json.dumps({
                "id": f"{cid}-quiz", "mastery_score": 0.6, "questions": [
                    {"id": "q1", "type": "single", "prompt": T("Quoi ?"),
                     "choices": [{"id": "a", "text": T("Oui")}, {"id": "b", "text": T("Non")}], "answer": "a"},
                    {"id": "q2", "type": "true_false", "prompt": T("Vrai ?"), "answer": True},
                ]}, ensure_ascii=False), encoding="utf-8")
            caps.append({
                "id": cid, "title": T(f"Capsule {cid}"), "summary": T("Résumé"), "duration_s": 30,
                "dir": f"capsules/{cid}", "video": {"standard": "video.mp4"},
                "subtitles": {"fr": "subtitles.fr.vtt", "en": "subtitles.en.vtt"},
                "transcript": {"fr": "transcript.fr.md", "en": "transcript.en.md"},
                "quiz": "quiz.json", "completion": {"min_watched": 0.9, "quiz_required": True},
            })
        mods.append({"id": f"m{mi}", "title": T(f"Module {mi}"), "capsules": caps})
    course = {
        "schema": 1, "id": course_id, "version": version, "languages": ["fr", "en"],
        "title": T("Cours d'essai"), "description": T("Un cours pour les tests"),
        "publisher": "Tests", "modules": mods,
    }
    if exam:
        (root / "exam").mkdir(exist_ok=True)
        (root / "exam" / "exam.json").write_text(json.dumps({"id": "final", "questions": [
            {"id": "e1", "type": "single", "prompt": T("Q1"),
             "choices": [{"id": "a", "text": T("A")}, {"id": "b", "text": T("B")}], "answer": "b"},
            {"id": "e2", "type": "numeric", "prompt": T("Q2"), "answer": 54, "tolerance": 1},
            {"id": "e3", "type": "text", "prompt": T("Q3"), "answer": ["données ouvertes", "open data"]},
        ]}, ensure_ascii=False), encoding="utf-8")
        course["certification"] = {"required_capsules": "all", "quiz_mastery": 0.6, "exam": "exam/exam.json",
                                   "exam_mastery": 0.7, "exam_attempts": 3, "exam_time_limit_s": 1800}
    (root / "course.json").write_text(json.dumps(course, ensure_ascii=False, indent=2), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def publisher_key(tmp_path_factory) -> keymod.PrivateKey:
    return keymod.generate("Test publisher")


@pytest.fixture
def trusted_kit(kit, publisher_key):
    keymod.trust(kit.paths, publisher_key.public)
    return kit


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory, publisher_key):
    """A small valid pack (session-wide; copy it before changing it)."""
    from cc2desktop.core.packs.build import build_pack

    d = tmp_path_factory.mktemp("built")
    src = make_course(d / "src")
    return build_pack(src, d / "test-course.cc2pack", publisher_key)


def store_files(paths) -> set[str]:
    """Every file under the data dir except the database (what an install may have written)."""
    out = set()
    for p in paths.root.rglob("*"):
        rel = p.relative_to(paths.root).as_posix()
        if rel.startswith("keys/") or rel == "settings.ini":
            continue
        if p.is_file() and not p.name.startswith("cc2desktop.sqlite3") and p.name != ".lock":
            out.add(p.relative_to(paths.root).as_posix())
    return out
