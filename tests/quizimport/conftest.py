"""Helpers for the quiz import tests: fixtures written for these tests (French content, every question
type) under ``fixtures/``; packages are zipped from their folders at test time."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures"


def zip_dir(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(folder).as_posix())
    return out


def run_import(src: Path, out: Path, **kw):  # noqa: ANN201 - (report, quiz dict)
    from cc2desktop.core.quizimport import import_file

    report = import_file(src, out, **kw)
    name = "exam.json" if kw.get("exam") else "quiz.json"
    return report, json.loads((out / name).read_text(encoding="utf-8"))


def by_id(quiz: dict) -> dict[str, dict]:
    return {q["id"]: q for q in quiz["questions"]}


@pytest.fixture
def qti21_zip(tmp_path) -> Path:
    return zip_dir(FIX / "qti21", tmp_path / "qti21.zip")


@pytest.fixture
def cc12_zip(tmp_path) -> Path:
    return zip_dir(FIX / "cc12", tmp_path / "cartouche.imscc")
