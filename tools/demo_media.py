"""Generate the demo course's media from its committed sources.

Input (committed): assets/demo-course/course.src.json and capsules/<id>/script.json.
Output (generated, git-ignored), per capsule: video.mp4 (640x360 H.264/AAC), video-low.mp4
(426x240), audio.m4a, subtitles.{fr,en}.vtt, transcript.{fr,en}.md and media.json (timings);
and assets/demo-course/course.json (course.src.json with each capsule's files and duration_s).

The French script is spoken by espeak-ng (voice "fr"); without espeak-ng a soft tone stands in,
timed from word counts. One slide per script segment, drawn with QPainter in the shipped DejaVu
fonts. Subtitle cues follow the segments as spoken. See docs/course-source-format.md.

    python -m tools.demo_media [--force] [--course-dir DIR]
"""

from __future__ import annotations

import argparse
import array
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE_DIR = REPO / "assets" / "demo-course"

SAMPLE_RATE = 22050  # espeak-ng's native rate; mono 16-bit
GAP_S = 0.45  # silence after each segment (the slide stays on screen)
LEAD_S = 0.3  # silence before the first segment
MAX_DURATION_S = 59.0
VOICE = "fr"
SPEED_WPM = 160
SIZES = {"video.mp4": (640, 360), "video-low.mp4": (426, 240)}
VIDEO_CRF = {"video.mp4": 30, "video-low.mp4": 32}
AUDIO_BITRATE = "24k"
FPS = 10

GENERATED = (
    "video.mp4",
    "video-low.mp4",
    "audio.m4a",
    "subtitles.fr.vtt",
    "subtitles.en.vtt",
    "transcript.fr.md",
    "transcript.en.md",
    "media.json",
)

# Look of the slides (course brand: deep teal and warm orange on off-white; high contrast).
BRAND = "#0B4F6C"
ACCENT = "#E8871E"
INK = "#15202B"
MUTED = "#4A5865"
PAPER = "#FBFAF6"


def log(msg: str) -> None:
    print(f"[demo_media] {msg}", file=sys.stderr)


@dataclass
class Capsule:
    id: str
    module_index: int
    capsule_index: int
    title: dict
    expert: str
    expert_role: dict
    dir: Path
    segments: list
    # filled in by synthesis
    starts: list = field(default_factory=list)
    ends: list = field(default_factory=list)
    duration_s: float = 0.0
    tts: str = ""


# --------------------------------------------------------------------------------------- sources


def load_source(course_dir: Path) -> dict:
    return json.loads((course_dir / "course.src.json").read_text(encoding="utf-8"))


def load_capsules(course_dir: Path, src: dict) -> list[Capsule]:
    caps = []
    for mi, module in enumerate(src["modules"], 1):
        for ci, cap in enumerate(module["capsules"], 1):
            cdir = course_dir / "capsules" / cap["id"]
            script = json.loads((cdir / "script.json").read_text(encoding="utf-8"))
            caps.append(
                Capsule(
                    id=cap["id"],
                    module_index=mi,
                    capsule_index=ci,
                    title=cap["title"],
                    expert=cap.get("expert", ""),
                    expert_role=cap.get("expert_role", {}),
                    dir=cdir,
                    segments=script["segments"],
                )
            )
    return caps


def is_stale(cap: Capsule, course_dir: Path) -> bool:
    outputs = [cap.dir / name for name in GENERATED]
    if not all(p.is_file() for p in outputs):
        return True
    newest_input = max(  # the generator itself counts as an input: a new look redoes the videos
        (cap.dir / "script.json").stat().st_mtime,
        (course_dir / "course.src.json").stat().st_mtime,
        Path(__file__).stat().st_mtime,
    )
    return min(p.stat().st_mtime for p in outputs) < newest_input


# ----------------------------------------------------------------------------------------- audio


def _read_wav(path: Path) -> bytes:
    with wave.open(str(path), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise RuntimeError(f"unexpected WAV format from espeak-ng: {path}")
        frames = w.readframes(w.getnframes())
        rate = w.getframerate()
    if rate != SAMPLE_RATE:
        raise RuntimeError(f"unexpected sample rate {rate} from espeak-ng")
    return frames


def _silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(round(seconds * SAMPLE_RATE))


def _tone(seconds: float) -> bytes:
    """A soft 330 Hz tone with gentle fades: a stand-in voice when espeak-ng is missing."""
    n = int(round(seconds * SAMPLE_RATE))
    fade = max(1, min(int(0.08 * SAMPLE_RATE), n // 2))
    step = 2 * math.pi * 330 / SAMPLE_RATE
    samples = array.array(
        "h", (int(2500 * min(1.0, i / fade, (n - i) / fade) * math.sin(step * i)) for i in range(n))
    )
    if sys.byteorder != "little":
        samples.byteswap()
    return samples.tobytes()


def _speak(text: str, path: Path, speed: int) -> bytes:
    subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(speed), "-w", str(path), text],
        check=True,
        capture_output=True,
    )
    return _read_wav(path)


def synthesize(cap: Capsule, work: Path, espeak: bool) -> Path:
    """Speak every segment (French), lay them end to end with short gaps; fill cap's timings."""
    speed = SPEED_WPM
    for _attempt in range(4):
        pcm = [_silence(LEAD_S)]
        starts, ends = [], []
        t = LEAD_S
        for i, seg in enumerate(cap.segments):
            text = seg["text"]["fr"]
            if espeak:
                voice = _speak(text, work / f"{cap.id}-{i}.wav", speed)
            else:
                voice = _tone(0.36 * len(text.split()) * SPEED_WPM / speed)
            dur = len(voice) / 2 / SAMPLE_RATE
            starts.append(round(t, 3))
            ends.append(round(t + dur, 3))
            pcm += [voice, _silence(GAP_S)]
            t += dur + GAP_S
        if t <= MAX_DURATION_S:
            break
        speed = int(speed * t / MAX_DURATION_S) + 5  # too long: speak faster and redo
    cap.starts, cap.ends = starts, ends
    cap.duration_s = round(t, 2)
    cap.tts = f"espeak-ng {VOICE} {speed} wpm" if espeak else "tone (espeak-ng missing)"
    wav = work / f"{cap.id}.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(b"".join(pcm))
    return wav


# ---------------------------------------------------------------------------------------- slides


def _ensure_qt():
    # A QApplication (not a bare QGuiApplication), so that widgets created later in the same
    # process (the GUI tests share one) still work.
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["demo_media"])
    return app


def _fit_font(family: str, bold: bool, size: float, text: str, width: float, max_lines: int,
              min_size: float):
    """Largest font (≤ size) in which text wraps into at most max_lines lines of `width`."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QFontMetricsF

    while True:
        font = QFont(family)
        font.setPixelSize(max(1, int(size)))
        font.setBold(bold)
        fm = QFontMetricsF(font)
        rect = fm.boundingRect(QRectF(0, 0, width, 10_000), int(Qt.TextWordWrap), text)
        lines = round(rect.height() / fm.lineSpacing())
        if (lines <= max_lines and rect.width() <= width) or size <= min_size:
            return font, rect.height()
        size -= 1


def render_slide(cap: Capsule, index: int, course_title: str, family: str, size: tuple[int, int]):
    """One segment's slide, drawn on a 640x360 canvas scaled to `size`. Returns a QImage."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    W, H = 640.0, 360.0
    img = QImage(size[0], size[1], QImage.Format_RGB32)
    img.fill(QColor(PAPER))
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    p.setRenderHint(QPainter.TextAntialiasing)
    p.scale(size[0] / W, size[1] / H)

    seg = cap.segments[index]
    slide = seg["slide"]
    margin = 34.0

    # Header band: course name, capsule code.
    p.fillRect(QRectF(0, 0, W, 46), QColor(BRAND))
    head = QFont(family)
    head.setPixelSize(15)
    head.setBold(True)
    p.setFont(head)
    p.setPen(QColor("#FFFFFF"))
    p.drawText(QRectF(margin, 0, W - 2 * margin - 110, 46), int(Qt.AlignVCenter | Qt.AlignLeft),
               f"Connexions Citoyennes · {course_title}")
    code = QFont(family)
    code.setPixelSize(14)
    p.setFont(code)
    p.drawText(QRectF(W - margin - 110, 0, 110, 46), int(Qt.AlignVCenter | Qt.AlignRight),
               f"Module {cap.module_index} · {cap.capsule_index}")
    p.fillRect(QRectF(0, 46, W, 4), QColor(ACCENT))

    # Capsule title (small, brand colour), then the slide title (large).
    y = 66.0
    width = W - 2 * margin
    font, h = _fit_font(family, True, 17, cap.title["fr"], width, 1, 12)
    p.setFont(font)
    p.setPen(QColor(BRAND))
    p.drawText(QRectF(margin, y, width, h + 2), int(Qt.TextWordWrap), cap.title["fr"])
    y += h + 10
    title = slide["title"]["fr"]
    font, h = _fit_font(family, True, 34, title, width, 2, 20)
    p.setFont(font)
    p.setPen(QColor(INK))
    p.drawText(QRectF(margin, y, width, h + 2), int(Qt.TextWordWrap), title)
    y += h + 4
    en_font = QFont(family)
    en_font.setPixelSize(15)
    p.setFont(en_font)
    p.setPen(QColor(MUTED))
    en_title = slide["title"].get("en", "")
    if en_title and en_title != title:
        p.drawText(QRectF(margin, y, width, 22), int(Qt.AlignLeft | Qt.AlignTop), en_title)
        y += 22
    y += 14

    # Bullets: French in ink, English beneath in a muted tone.
    bullets = slide.get("bullets", [])
    bottom = H - 44
    bx = margin + 22
    bwidth = W - bx - margin
    bsize = 26.0
    while True:  # shrink the bullets together until they all fit above the footer
        layout = []
        for b in bullets:
            font, h = _fit_font(family, False, bsize, b["fr"], bwidth, 2, 12)
            en = b.get("en") if b.get("en") and b["en"] != b["fr"] else ""
            ef, eh = (None, 0)
            if en:
                ef, eh = _fit_font(family, False, min(14.0, bsize * 0.6), en, bwidth, 1, 9)
            layout.append((b["fr"], font, h, en, ef, eh))
        needed = sum(h + eh for _, _, h, _, _, eh in layout) + 12 * max(0, len(layout) - 1)
        if y + needed <= bottom or bsize <= 12:
            break
        bsize -= 1
    for fr, font, h, en, ef, eh in layout:
        p.setFont(font)
        p.setPen(QColor(INK))
        p.fillRect(QRectF(margin, y + font.pixelSize() * 0.35, 10, 10), QColor(ACCENT))
        p.drawText(QRectF(bx, y, bwidth, h + 2), int(Qt.TextWordWrap), fr)
        y += h
        if en:
            p.setFont(ef)
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(bx, y, bwidth, eh + 2), int(Qt.AlignLeft | Qt.AlignTop), en)
            y += eh
        y += 12

    if y - 12 > bottom:
        log(f"{cap.id} slide {index + 1}: text overflows into the footer; shorten it")

    # Footer: expert and progress dots.
    p.fillRect(QRectF(0, H - 34, W, 34), QColor("#EEF3F5"))
    expert = cap.expert.split(",")[0] if cap.expert else ""
    role = cap.expert_role.get("fr", "")
    credit = f"{expert} — {role}" if role else expert
    foot_w = W - 2 * margin - 14 * len(cap.segments) - 10
    foot, _h = _fit_font(family, False, 13, credit, foot_w, 1, 9)
    p.setFont(foot)
    p.setPen(QColor(MUTED))
    p.drawText(QRectF(margin, H - 34, foot_w, 34), int(Qt.AlignVCenter | Qt.AlignLeft), credit)
    n = len(cap.segments)
    for i in range(n):
        cx = W - margin - (n - 1 - i) * 14
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(BRAND if i <= index else "#C5D3DA"))
        p.drawEllipse(QRectF(cx - 4, H - 21, 8, 8))
    p.end()
    return img


# ------------------------------------------------------------------------ subtitles, transcripts


def _ts(t: float) -> str:
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def write_vtt(cap: Capsule, lang: str) -> str:
    out = ["WEBVTT", ""]
    for i, seg in enumerate(cap.segments):
        lines = textwrap.wrap(seg["text"][lang], width=42) or [""]
        out += [f"{cap.id}-{i + 1}", f"{_ts(cap.starts[i])} --> {_ts(cap.ends[i])}", *lines, ""]
    return "\n".join(out)


def write_transcript(cap: Capsule, lang: str) -> str:
    role = cap.expert_role.get(lang, "")
    name = cap.expert.split(",")[0]
    out = [f"# {cap.title[lang]}", "", f"*{name} — {role}*" if role else f"*{name}*", ""]
    for i, seg in enumerate(cap.segments):
        t = int(cap.starts[i])
        out += [f"**[{t // 60:02d}:{t % 60:02d}] {seg['slide']['title'][lang]}**", "",
                seg["text"][lang], ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ ffmpeg


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run_ffmpeg(args: list[str]) -> None:
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {res.stderr.strip()[-400:]}")


def encode(cap: Capsule, wav: Path, slides: dict[str, list[Path]], work: Path) -> None:
    bitexact = ["-fflags", "+bitexact", "-map_metadata", "-1", "-map_chapters", "-1"]
    audio = work / f"{cap.id}.m4a"
    _run_ffmpeg(["-i", str(wav), "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "1",
                 "-flags:a", "+bitexact", *bitexact, "-movflags", "+faststart", str(audio)])
    # Slide i is shown from its segment's start (0 for the first) to the next segment's start.
    bounds = [0.0, *cap.starts[1:], cap.duration_s]
    durations = [bounds[i + 1] - bounds[i] for i in range(len(cap.segments))]
    for name, pngs in slides.items():
        concat = work / f"{cap.id}-{name}.ffconcat"
        lines = ["ffconcat version 1.0"]
        for png, d in zip(pngs, durations):
            lines += [f"file '{png.name}'", f"duration {d:.3f}"]
        lines.append(f"file '{pngs[-1].name}'")  # the demuxer needs the last file twice
        concat.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = work / f"{cap.id}-{name}"
        _run_ffmpeg([
            "-f", "concat", "-safe", "0", "-i", str(concat), "-i", str(audio),
            "-map", "0:v", "-map", "1:a",
            "-vf", f"fps={FPS},format=yuv420p",
            "-c:v", "libx264", "-preset", "medium", "-tune", "stillimage",
            "-crf", str(VIDEO_CRF[name]), "-g", str(FPS * 10), "-threads", "1",
            "-profile:v", "main", "-flags:v", "+bitexact",
            "-c:a", "copy", "-t", f"{cap.duration_s:.3f}", *bitexact,
            "-movflags", "+faststart", str(out),
        ])
        shutil.move(str(out), cap.dir / name)
    shutil.move(str(audio), cap.dir / "audio.m4a")


# ------------------------------------------------------------------------------------------- build


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return True


def write_course_json(course_dir: Path, src: dict) -> bool:
    """course.json = course.src.json + each capsule's files (capsule_defaults) and duration_s."""
    course = {k: v for k, v in src.items() if k != "capsule_defaults"}
    defaults = src.get("capsule_defaults", {})
    modules = []
    for module in src["modules"]:
        caps = []
        for cap in module["capsules"]:
            media_path = course_dir / "capsules" / cap["id"] / "media.json"
            media = json.loads(media_path.read_text(encoding="utf-8"))
            merged = dict(cap)
            merged["duration_s"] = media["duration_s"]
            merged["dir"] = f"capsules/{cap['id']}"
            for key, value in defaults.items():
                merged.setdefault(key, value)
            caps.append(merged)
        modules.append({**module, "capsules": caps})
    course["modules"] = modules
    text = json.dumps(course, ensure_ascii=False, indent=2) + "\n"
    return _write_if_changed(course_dir / "course.json", text)


def build(course_dir: Path | str = COURSE_DIR, force: bool = False) -> bool:
    """Generate what is missing or older than its script. Returns True if anything was written."""
    course_dir = Path(course_dir)
    src = load_source(course_dir)
    caps = load_capsules(course_dir, src)
    todo = [c for c in caps if force or is_stale(c, course_dir)]
    if todo:
        espeak = shutil.which("espeak-ng") is not None
        if not espeak:
            log("espeak-ng not found: using a soft tone instead of speech (apt install espeak-ng)")
        from cc2desktop.ui.shell.fonts import load_app_fonts

        _app = _ensure_qt()
        family = load_app_fonts()
        with tempfile.TemporaryDirectory(prefix="cc2-demo-media-") as tmp:
            work = Path(tmp)
            with ThreadPoolExecutor(max_workers=2) as pool:
                wavs = list(pool.map(lambda c: synthesize(c, work, espeak), todo))
            all_slides = []
            for cap in todo:
                slides = {}
                for name, size in SIZES.items():
                    paths = []
                    for i in range(len(cap.segments)):
                        path = work / f"{cap.id}-{name}-{i + 1}.png"
                        render_slide(cap, i, src["title"]["fr"], family, size).save(str(path))
                        paths.append(path)
                    slides[name] = paths
                all_slides.append(slides)
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(lambda args: encode(*args, work), zip(todo, wavs, all_slides)))
        for cap in todo:
            for lang in ("fr", "en"):
                (cap.dir / f"subtitles.{lang}.vtt").write_text(
                    write_vtt(cap, lang), encoding="utf-8")
                (cap.dir / f"transcript.{lang}.md").write_text(
                    write_transcript(cap, lang), encoding="utf-8")
            media = {
                "duration_s": cap.duration_s,
                "tts": cap.tts,
                "segments": [{"start": s, "end": e} for s, e in zip(cap.starts, cap.ends)],
            }
            # media.json last: its presence with a fresh mtime marks the capsule as complete.
            text = json.dumps(media, indent=2) + "\n"
            (cap.dir / "media.json").write_text(text, encoding="utf-8")
            log(f"{cap.id}: {cap.duration_s:.1f} s ({cap.tts})")
    changed = write_course_json(course_dir, src)
    return bool(todo) or changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="regenerate every capsule")
    ap.add_argument("--course-dir", type=Path, default=COURSE_DIR)
    args = ap.parse_args(argv)
    build(args.course_dir, force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
