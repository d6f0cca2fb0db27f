"""A small real course for the learning tests: H.264/AAC video made by imageio-ffmpeg's ffmpeg,
VTT/SRT subtitles, a transcript and a quiz with all seven question types."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VIDEO_S = 4.0

QUIZ = {
    "id": "m1c1-quiz",
    "mastery_score": 0.6,
    "questions": [
        {"id": "q1", "type": "single", "prompt": {"fr": "La civic tech sert à…", "en": "Civic tech is for…"},
         "choices": [{"id": "a", "text": {"fr": "Participer", "en": "Taking part"}},
                     {"id": "b", "text": {"fr": "Jouer", "en": "Playing"}}],
         "answer": "a",
         "explanation": {"fr": "Elle aide les citoyens à participer.", "en": "It helps citizens take part."}},
        {"id": "q2", "type": "multiple", "prompt": {"fr": "Des données ouvertes ?", "en": "Open data?"},
         "choices": [{"id": "a", "text": {"fr": "Budget", "en": "Budget"}},
                     {"id": "b", "text": {"fr": "Mot de passe", "en": "Password"}},
                     {"id": "c", "text": {"fr": "Horaires", "en": "Timetables"}}],
         "answer": ["a", "c"], "explanation": {"fr": "Pas les mots de passe.", "en": "Not passwords."}},
        {"id": "q3", "type": "true_false", "prompt": {"fr": "Il faut coder.", "en": "You must code."},
         "answer": False, "explanation": {"fr": "Non.", "en": "No."}},
        {"id": "q4", "type": "numeric", "prompt": {"fr": "Combien de pays ?", "en": "How many countries?"},
         "answer": 54, "tolerance": 0, "explanation": {"fr": "54 pays.", "en": "54 countries."}},
        {"id": "q5", "type": "text", "prompt": {"fr": "Données… ?", "en": "Open…?"},
         "answer": ["données ouvertes", "open data"], "explanation": {"fr": "Données ouvertes.", "en": "Open data."}},
        {"id": "q6", "type": "ordering", "prompt": {"fr": "Ordre", "en": "Order"},
         "items": [{"id": "a", "text": {"fr": "Idée", "en": "Idea"}},
                   {"id": "b", "text": {"fr": "Équipe", "en": "Team"}},
                   {"id": "c", "text": {"fr": "Projet", "en": "Project"}}],
         "answer": ["a", "b", "c"], "explanation": {"fr": "Idée, équipe, projet.", "en": "Idea, team, project."}},
        {"id": "q7", "type": "matching", "prompt": {"fr": "Associez", "en": "Match"},
         "left": [{"id": "l1", "text": {"fr": "Budget", "en": "Budget"}}, {"id": "l2", "text": {"fr": "Vote",
                                                                                                "en": "Vote"}}],
         "right": [{"id": "r1", "text": {"fr": "Élection", "en": "Election"}},
                   {"id": "r2", "text": {"fr": "Dépenses", "en": "Spending"}}],
         "answer": {"l1": "r2", "l2": "r1"}, "explanation": {"fr": "Budget → dépenses.", "en": "Budget → spending."}},
    ],
}

VTT_FR = ("\ufeffWEBVTT\r\n\r\nNOTE test\r\n\r\n"
          "1\r\n00:00.000 --> 00:01.500 line:85%\r\n<v Awa>Bonjour et <i>bienvenue</i>\r\n\r\n"
          "00:01.500 --> 00:03.000\r\nLa civic tech aide les citoyens\r\n\r\n00:03.000 --> 00:04.000\r\nÀ bientôt\r\n")
SRT_EN = ("1\n00:00:00,000 --> 00:00:01,500\nHello and <i>welcome</i>\n\n2\n00:00:01,500 --> 00:00:03,000\n"
          "Civic tech helps citizens\n\n3\n00:00:03,000 --> 00:00:04,000\nSee you soon\n")


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def make_video(path: Path, seconds: float = VIDEO_S, size: str = "320x180", audio_only: bool = False) -> Path:
    args = [ffmpeg(), "-y", "-loglevel", "error"]
    if not audio_only:
        args += ["-f", "lavfi", "-i", f"testsrc=size={size}:rate=10:duration={seconds}"]
    args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    if not audio_only:
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10"]
    args += ["-c:a", "aac", "-b:a", "32k", "-shortest", "-movflags", "+faststart", str(path)]
    subprocess.run(args, check=True)
    return path


def build_course(root: Path, media: dict[str, Path]) -> Path:
    """Course source folder with three capsules in two modules (only m1c1 has a quiz)."""
    root.mkdir(parents=True, exist_ok=True)
    modules = []
    for mid, caps in (("m1", ["m1c1", "m1c2"]), ("m2", ["m2c1"])):
        entries = []
        for cid in caps:
            d = root / "capsules" / cid
            d.mkdir(parents=True, exist_ok=True)
            for name, src in media.items():
                shutil.copyfile(src, d / name)
            (d / "subtitles.fr.vtt").write_text(VTT_FR, encoding="utf-8")
            (d / "subtitles.en.srt").write_text(SRT_EN, encoding="utf-8")
            (d / "transcript.fr.md").write_text("Bonjour et bienvenue. La civic tech aide les citoyens.",
                                                encoding="utf-8")
            entry = {
                "id": cid, "title": {"fr": f"Capsule {cid} (fr)", "en": f"Capsule {cid} (en)"},
                "summary": {"fr": "Résumé", "en": "Summary"}, "expert": "Awa Ndiaye, juriste", "duration_s": VIDEO_S,
                "dir": f"capsules/{cid}",
                "video": {"standard": "video.mp4", "low": "video-low.mp4", "audio": "audio.m4a"},
                "subtitles": {"fr": "subtitles.fr.vtt", "en": "subtitles.en.srt"},
                "transcript": {"fr": "transcript.fr.md"},
                "completion": {"min_watched": 0.9, "quiz_required": cid == "m1c1"},
            }
            if cid == "m1c1":
                (d / "quiz.json").write_text(json.dumps(QUIZ, ensure_ascii=False), encoding="utf-8")
                entry["quiz"] = "quiz.json"
            entries.append(entry)
        modules.append({"id": mid, "title": {"fr": f"Module {mid}", "en": f"Module {mid} (en)"}, "capsules": entries})
    course = {"schema": 1, "id": "test-course", "version": "1.0.0", "languages": ["fr", "en"],
              "title": {"fr": "Cours de test", "en": "Test course"}, "description": {"fr": "…", "en": "…"},
              "publisher": "Tests", "modules": modules}
    (root / "course.json").write_text(json.dumps(course, ensure_ascii=False, indent=1), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def test_media(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("media")
    return {
        "video.mp4": make_video(d / "video.mp4"),
        "video-low.mp4": make_video(d / "video-low.mp4", size="160x90"),
        "audio.m4a": make_video(d / "audio.m4a", audio_only=True),
    }


@pytest.fixture(scope="session")
def course_dir(tmp_path_factory, test_media) -> Path:
    return build_course(tmp_path_factory.mktemp("course") / "test-course", test_media)


@pytest.fixture
def course(course_dir):
    from cc2desktop.core.learning.catalog import load_course_dir

    return load_course_dir(course_dir)
