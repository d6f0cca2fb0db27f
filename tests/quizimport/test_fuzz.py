"""Fuzz: the fixtures, mutated (bytes cut, duplicated, truncated, nasty tokens inserted), never crash
an importer. Each run either imports questions that validate as the pack's quiz model, or refuses
the file with a QuizImportError — nothing else escapes."""

from __future__ import annotations

import io
import os
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from cc2desktop.core.packs.manifest import Quiz
from cc2desktop.core.quizimport import QuizImportError, import_file
from tests.quizimport.conftest import FIX

TOKENS = [b"<", b">", b"]]>", b"<![CDATA[", b"&", b"&nbsp;", b"&#0;", b"&#x110000;", b"{", b"}", b"~", b"=", b"#",
          b"\\", b"::", b"->", b"%-50%", b"####", b"\x00", b"\xff\xfe", b"\xe9", b"</question>",
          b"<question type=\"x\">", b"<!DOCTYPE q [<!ENTITY a \"b\">]>", b"@@PLUGINFILE@@/x.png", b"[[1]]",
          b"{1:MC:=a~b}", b"\n\n", b"$CATEGORY:",
          "é".encode(), b"<qti-value>", b"fraction=\"-100\"", b"<file encoding=\"base64\">", b"javascript:"]

mutation = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1), st.integers(1, 200)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(TOKENS)),
    st.tuples(st.just("dup"), st.floats(0, 1), st.integers(1, 400)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("byte"), st.floats(0, 1), st.integers(0, 255)),
)


def mutate(data: bytes, ops: list) -> bytes:  # noqa: ANN001
    for op, where, arg in ops:
        i = int(where * len(data))
        if op == "cut":
            data = data[:i] + data[i + arg:]
        elif op == "insert":
            data = data[:i] + arg + data[i:]
        elif op == "dup":
            data = data[:i + arg] + data[i:]
        elif op == "truncate":
            data = data[:i]
        elif op == "byte" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([arg]) + data[i + 1:]
    return data


def check(src: Path) -> None:
    out = Path(tempfile.mkdtemp(prefix="cc2-fuzz-"))
    try:
        try:
            report = import_file(src, out / "o")
        except QuizImportError as exc:
            assert exc.message and "\n" not in exc.message
            assert not (out / "o").exists()
            return
        assert report.imported >= 1
        quiz = json.loads((out / "o" / "quiz.json").read_text(encoding="utf-8"))
        TypeAdapter(Quiz).validate_python(quiz)
        for r in report.refused:
            assert r.reason and "\n" not in r.reason
    finally:
        shutil.rmtree(out, ignore_errors=True)


FUZZ = settings(max_examples=int(os.environ.get("CC2_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _fuzz_file(name: str, data: bytes, ops: list) -> None:  # noqa: ANN001
    d = Path(tempfile.mkdtemp(prefix="cc2-fuzz-src-"))
    try:
        src = d / name
        src.write_bytes(mutate(data, ops))
        check(src)
    finally:
        shutil.rmtree(d, ignore_errors=True)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=6))
def test_fuzz_moodle(ops):
    _fuzz_file("m.xml", (FIX / "moodle_fr.xml").read_bytes(), ops)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=6))
def test_fuzz_gift(ops):
    _fuzz_file("g.gift", (FIX / "gift_fr.gift").read_bytes(), ops)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=6))
def test_fuzz_qti_items(ops):
    _fuzz_file("i.xml", (FIX / "qti30_item.xml").read_bytes(), ops)
    _fuzz_file("a.xml", (FIX / "cc12" / "quiz1" / "assessment.xml").read_bytes(), ops)


@FUZZ
@given(st.sampled_from(sorted(p.relative_to(FIX / "qti21").as_posix() for p in (FIX / "qti21").rglob("*.xml"))),
       st.lists(mutation, min_size=1, max_size=4), st.booleans())
def test_fuzz_qti_package(member, ops, mangle_zip):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted((FIX / "qti21").rglob("*")):
            if p.is_file():
                rel = p.relative_to(FIX / "qti21").as_posix()
                data = p.read_bytes()
                z.writestr(rel, mutate(data, ops) if rel == member and not mangle_zip else data)
    data = buf.getvalue()
    _fuzz_file("p.zip", mutate(data, ops) if mangle_zip else data, [])
