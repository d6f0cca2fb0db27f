"""The demo course: its committed sources are complete and consistent, and the media generator
turns them into real H.264/AAC videos, WebVTT subtitles and transcripts (run once per session on a
copy of the sources, as a clean clone would)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC_DIR = REPO / "assets" / "demo-course"
LANGS = ("fr", "en")
ALL_TYPES = {"single", "multiple", "true_false", "numeric", "text", "ordering", "matching"}


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _source():
    return _load(SRC_DIR / "course.src.json")


def _capsule_ids(src) -> list[str]:
    return [c["id"] for m in src["modules"] for c in m["capsules"]]


def _is_text(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS
    )


def _missing_texts(node, where="") -> list[str]:
    """Every {lang: text} map anywhere in node must have non-empty fr and en."""
    problems = []
    if isinstance(node, dict):
        if "fr" in node or "en" in node:
            if not _is_text(node):
                problems.append(where or "<root>")
        else:
            for k, v in node.items():
                problems += _missing_texts(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            problems += _missing_texts(v, f"{where}[{i}]")
    return problems


def question_problems(q: dict) -> list[str]:
    """What is wrong with one question of a quiz or exam (empty list: nothing)."""
    p = []
    qid = q.get("id", "?")
    t = q.get("type")
    if t not in ALL_TYPES:
        return [f"{qid}: unknown type {t!r}"]
    if not _is_text(q.get("prompt")):
        p.append(f"{qid}: prompt needs fr and en")
    if not _is_text(q.get("explanation")):
        p.append(f"{qid}: explanation needs fr and en")
    ans = q.get("answer")
    if t in ("single", "multiple"):
        ids = [c["id"] for c in q.get("choices", [])]
        if len(ids) < 2 or len(set(ids)) != len(ids):
            p.append(f"{qid}: needs at least two distinct choices")
        if not all(_is_text(c.get("text")) for c in q.get("choices", [])):
            p.append(f"{qid}: every choice needs fr and en")
        if t == "single" and ans not in ids:
            p.append(f"{qid}: answer {ans!r} is not a choice id")
        if t == "multiple" and (not isinstance(ans, list) or not ans or not set(ans) <= set(ids)):
            p.append(f"{qid}: answer {ans!r} must be a non-empty list of choice ids")
    elif t == "true_false":
        if not isinstance(ans, bool):
            p.append(f"{qid}: answer must be true or false")
    elif t == "numeric":
        if not isinstance(ans, (int, float)) or isinstance(ans, bool):
            p.append(f"{qid}: answer must be a number")
        if not isinstance(q.get("tolerance", 0), (int, float)) or q.get("tolerance", 0) < 0:
            p.append(f"{qid}: tolerance must be a number ≥ 0")
    elif t == "text":
        if not isinstance(ans, list) or not ans or not all(isinstance(a, str) and a for a in ans):
            p.append(f"{qid}: answer must be a non-empty list of accepted strings")
    elif t == "ordering":
        ids = [i["id"] for i in q.get("items", [])]
        if not all(_is_text(i.get("text")) for i in q.get("items", [])):
            p.append(f"{qid}: every item needs fr and en")
        if not isinstance(ans, list) or sorted(ans) != sorted(ids) or len(ids) < 2:
            p.append(f"{qid}: answer must order every item id exactly once")
    elif t == "matching":
        left = [i["id"] for i in q.get("left", [])]
        right = [i["id"] for i in q.get("right", [])]
        if not all(_is_text(i.get("text")) for i in q.get("left", []) + q.get("right", [])):
            p.append(f"{qid}: every left/right entry needs fr and en")
        if (not isinstance(ans, dict) or sorted(ans) != sorted(left)
                or not set(ans.values()) <= set(right) or len(set(ans.values())) != len(ans)):
            p.append(f"{qid}: answer must map every left id to a distinct right id")
    return p


# ------------------------------------------------------------------------------- the sources


def test_course_source_structure():
    src = _source()
    assert src["id"] == "demo-intro-civictech"
    assert src["version"] == "1.0.0"
    assert src["languages"] == ["fr", "en"]
    assert len(src["modules"]) >= 3
    ids = _capsule_ids(src)
    assert len(ids) >= 7 and len(set(ids)) == len(ids)
    assert _missing_texts(src) == []
    for m in src["modules"]:
        assert _is_text(m["title"])
        for c in m["capsules"]:
            assert _is_text(c["title"]) and _is_text(c["summary"]) and c["expert"]
    cert = src["certification"]
    assert cert["exam"] == "exam/exam.json" and (SRC_DIR / cert["exam"]).is_file()
    assert 0 < cert["quiz_mastery"] <= 1 and 0 < cert["exam_mastery"] <= 1
    assert cert["exam_attempts"] >= 1 and cert["exam_time_limit_s"] > 0


def test_every_capsule_has_a_bilingual_script():
    for cid in _capsule_ids(_source()):
        script = _load(SRC_DIR / "capsules" / cid / "script.json")
        assert script["capsule"] == cid
        segs = script["segments"]
        assert 5 <= len(segs) <= 8, cid
        for seg in segs:
            assert _is_text(seg["text"]), cid
            assert _is_text(seg["slide"]["title"]), cid
            assert seg["slide"]["bullets"] and all(_is_text(b) for b in seg["slide"]["bullets"])
        assert _missing_texts(script) == []


def test_quizzes_and_exam_are_consistent_and_use_every_type():
    seen = set()
    for cid in _capsule_ids(_source()):
        quiz = _load(SRC_DIR / "capsules" / cid / "quiz.json")
        assert quiz["id"] == f"{cid}-quiz"
        assert 0 < quiz["mastery_score"] <= 1
        assert 3 <= len(quiz["questions"]) <= 5, cid
        assert len({q["id"] for q in quiz["questions"]}) == len(quiz["questions"])
        for q in quiz["questions"]:
            assert question_problems(q) == [], cid
            seen.add(q["type"])
    assert seen == ALL_TYPES

    exam = _load(SRC_DIR / "exam" / "exam.json")
    assert exam["mastery_score"] == _source()["certification"]["exam_mastery"]
    # a bank: each attempt draws 10 questions, 4/3/3 from the three modules, among 20 written
    assert exam["draw"] == {"per_module": {"m1": 4, "m2": 3, "m3": 3}}
    assert len(exam["questions"]) == 20
    assert len({q["id"] for q in exam["questions"]}) == 20
    per_module = {m: sum(q["capsule"].startswith(m) for q in exam["questions"]) for m in ("m1", "m2", "m3")}
    assert all(per_module[m] >= n for m, n in exam["draw"]["per_module"].items()), per_module
    capsules = set(_capsule_ids(_source()))
    for q in exam["questions"]:
        assert question_problems(q) == [], q["id"]
        assert "answer" in q  # the source keeps the key; pack build splits it off
        assert q.get("capsule", next(iter(capsules))) in capsules


def test_question_checker_catches_broken_answers():
    quiz = _load(SRC_DIR / "capsules" / "m1c1" / "quiz.json")
    single = dict(quiz["questions"][0], answer="z")
    assert question_problems(single)
    matching = dict(quiz["questions"][3], answer={"l1": "r1", "l2": "r1", "l3": "r3"})
    assert question_problems(matching)
    no_en = dict(quiz["questions"][1], prompt={"fr": "Vrai ?"})
    assert question_problems(no_en)


# ------------------------------------------------------------------------------- the generator


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def probe(path: Path) -> dict:
    """Parse `ffmpeg -i` output: duration, video codec and size, audio codec."""
    cmd = [_ffmpeg(), "-hide_banner", "-i", str(path)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    err = res.stderr
    info = {"format": None, "duration": None, "video": None, "size": None, "audio": None}
    m = re.search(r"Input #0, ([\w,]+), from", err)
    info["format"] = m.group(1) if m else None
    m = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", err)
    if m:
        info["duration"] = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.search(r"Stream #\S+.*Video: (\w+).*?, (\d{2,5})x(\d{2,5})", err)
    if m:
        info["video"], info["size"] = m.group(1), (int(m.group(2)), int(m.group(3)))
    m = re.search(r"Stream #\S+.*Audio: (\w+)", err)
    info["audio"] = m.group(1) if m else None
    return info


_TIMING = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})")


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    lines = text.replace("\r\n", "\n").split("\n")
    assert lines[0].startswith("WEBVTT")
    cues = []
    for block in "\n".join(lines[1:]).split("\n\n"):
        rows = [r for r in block.split("\n") if r.strip()]
        for i, row in enumerate(rows):
            m = _TIMING.match(row)
            if m:
                g = [int(x) for x in m.groups()]
                start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
                end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
                cues.append((start, end, " ".join(rows[i + 1:])))
                break
    return cues


@pytest.fixture(scope="session")
def built_course(tmp_path_factory):
    """Copy the committed sources only (no generated file) and run the generator once."""
    from tools import demo_media

    dest = tmp_path_factory.mktemp("demo") / "demo-course"
    dest.mkdir()
    shutil.copy2(SRC_DIR / "course.src.json", dest)
    shutil.copytree(SRC_DIR / "exam", dest / "exam")
    for cid in _capsule_ids(_source()):
        (dest / "capsules" / cid).mkdir(parents=True)
        for name in ("script.json", "quiz.json"):
            shutil.copy2(SRC_DIR / "capsules" / cid / name, dest / "capsules" / cid)
    assert demo_media.build(dest) is True
    return dest


def test_generated_course_json_lists_real_files(built_course):
    course = _load(built_course / "course.json")
    src = _source()
    assert course["id"] == src["id"] and course["certification"] == src["certification"]
    assert "capsule_defaults" not in course
    for m in course["modules"]:
        for c in m["capsules"]:
            d = built_course / c["dir"]
            files = [*c["video"].values(), *c["subtitles"].values(), *c["transcript"].values(),
                     c["quiz"]]
            for name in files:
                assert (d / name).is_file() and (d / name).stat().st_size > 0, (c["id"], name)
            assert 10 < c["duration_s"] <= 60


def test_videos_are_small_h264_aac_within_a_minute(built_course):
    course = _load(built_course / "course.json")
    for m in course["modules"]:
        for c in m["capsules"]:
            d = built_course / c["dir"]
            std = probe(d / "video.mp4")
            assert "mp4" in std["format"]
            assert std["video"] == "h264" and std["audio"] == "aac", std
            assert std["size"] == (640, 360)
            assert std["duration"] <= 60
            assert abs(std["duration"] - c["duration_s"]) < 0.3, (c["id"], std["duration"])
            assert (d / "video.mp4").stat().st_size < 400_000
            low = probe(d / "video-low.mp4")
            assert low["video"] == "h264" and low["audio"] == "aac"
            assert low["size"] == (426, 240)
            assert (d / "video-low.mp4").stat().st_size < (d / "video.mp4").stat().st_size
            audio = probe(d / "audio.m4a")
            assert audio["audio"] == "aac" and audio["video"] is None
            assert abs(audio["duration"] - c["duration_s"]) < 0.3


def test_subtitles_follow_the_spoken_segments(built_course):
    course = _load(built_course / "course.json")
    for m in course["modules"]:
        for c in m["capsules"]:
            d = built_course / c["dir"]
            segments = _load(d / "script.json")["segments"]
            timings = []
            for lang in LANGS:
                cues = parse_vtt((d / c["subtitles"][lang]).read_text(encoding="utf-8"))
                assert len(cues) == len(segments), (c["id"], lang)
                prev_end = 0.0
                for (start, end, text), seg in zip(cues, segments):
                    assert prev_end <= start < end <= c["duration_s"] + 0.01
                    assert text == seg["text"][lang]
                    prev_end = end
                timings.append([(s, e) for s, e, _ in cues])
            assert timings[0] == timings[1]  # EN cues share the FR (spoken) timing
            transcript = (d / c["transcript"]["fr"]).read_text(encoding="utf-8")
            assert transcript.startswith(f"# {c['title']['fr']}")
            assert all(seg["text"]["fr"] in transcript for seg in segments)


def test_build_skips_what_is_up_to_date_and_redoes_a_changed_script(built_course):
    from tools import demo_media

    course = _load(built_course / "course.json")
    dirs = [built_course / c["dir"] for m in course["modules"] for c in m["capsules"]]
    before = {d.name: (d / "video.mp4").stat().st_mtime_ns for d in dirs}
    assert demo_media.build(built_course) is False

    script = dirs[0] / "script.json"
    future = (dirs[0] / "video.mp4").stat().st_mtime + 5
    os.utime(script, (future, future))
    assert demo_media.build(built_course) is True
    after = {d.name: (d / "video.mp4").stat().st_mtime_ns for d in dirs}
    assert after[dirs[0].name] != before[dirs[0].name]
    assert all(after[d.name] == before[d.name] for d in dirs[1:])


def test_without_espeak_a_tone_stands_in(tmp_path, monkeypatch, capsys):
    """No espeak-ng on PATH: the generator still makes a complete capsule, says so on stderr."""
    from tools import demo_media

    src = _source()
    module = dict(src["modules"][0], capsules=src["modules"][0]["capsules"][:1])
    cid = module["capsules"][0]["id"]
    (tmp_path / "capsules" / cid).mkdir(parents=True)
    (tmp_path / "course.src.json").write_text(
        json.dumps(dict(src, modules=[module]), ensure_ascii=False), encoding="utf-8")
    for name in ("script.json", "quiz.json"):
        shutil.copy2(SRC_DIR / "capsules" / cid / name, tmp_path / "capsules" / cid)
    real_which = shutil.which

    def which(cmd, *args, **kwargs):
        return None if cmd == "espeak-ng" else real_which(cmd, *args, **kwargs)

    monkeypatch.setattr(shutil, "which", which)

    assert demo_media.build(tmp_path) is True
    assert "espeak-ng not found" in capsys.readouterr().err
    media = _load(tmp_path / "capsules" / cid / "media.json")
    assert media["tts"].startswith("tone")
    info = probe(tmp_path / "capsules" / cid / "video.mp4")
    assert info["video"] == "h264" and info["audio"] == "aac"
    assert abs(info["duration"] - media["duration_s"]) < 0.3 and media["duration_s"] <= 60
    cues = parse_vtt((tmp_path / "capsules" / cid / "subtitles.fr.vtt").read_text(encoding="utf-8"))
    assert len(cues) == len(_load(SRC_DIR / "capsules" / cid / "script.json")["segments"])
