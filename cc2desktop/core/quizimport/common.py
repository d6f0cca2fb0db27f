"""Helpers every format's converter uses: texts in their source format → the quiz view's HTML subset
or plain text, images → extracted resources, choices → ids, fractions → weights."""

from __future__ import annotations

import base64
import binascii
import math
import re
import string
import urllib.parse
from typing import Any, Callable

from cc2desktop.core.quizimport import html as H
from cc2desktop.core.quizimport.model import Blob, MediaError, MediaStore, Refused

MAX_TEXT = 20_000  # characters in one text of the course format
MAX_CHOICES = 26
FORMATS = ("html", "moodle_auto_format", "plain_text", "markdown")
_DATA_URI = re.compile(r"^data:image/[a-z0-9.+-]+;base64,(.*)$", re.IGNORECASE | re.DOTALL)


def to_bool(value: Any, default: bool = False) -> bool:
    """Liberal booleans: 1/0, true/false (any case, Python's True/False), yes/no, oui/non."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in ("1", "true", "yes", "y", "oui", "vrai", "on", "t"):
        return True
    if s in ("0", "false", "no", "n", "non", "faux", "off", "f", "none", ""):
        return False if s else default
    try:
        return float(s) != 0
    except ValueError:
        return default


def to_float(value: Any, default: float | None = None) -> float | None:
    if value is None:
        return default
    s = str(value).strip().replace(",", ".").replace("\u2212", "-")
    try:
        x = float(s)
    except ValueError:
        return default
    return x if math.isfinite(x) else default


def fraction(value: Any) -> float:
    """A Moodle answer fraction: ``100``, ``50``, ``-33.33333`` (percent) or ``0.5``, ``1`` (ratio)."""
    x = to_float(value, 0.0) or 0.0
    if abs(x) > 1.0 + 1e-9:
        x = x / 100.0
    return round(max(-1.0, min(1.0, x)), 7)


def letters(n: int) -> list[str]:
    return list(string.ascii_lowercase[:n])


class Texts:
    """Converts the texts of one question, collecting the images it shows."""

    def __init__(self, media: MediaStore | None, files: dict[str, Blob] | None = None,
                 file_errors: dict[str, str] | None = None,
                 resolve: Callable[[str], Blob | None] | None = None) -> None:
        self.media = media
        self.files = files or {}
        self.file_errors = file_errors or {}
        self.resolve = resolve  # format-specific lookup (QTI package paths)
        self.images: list[Blob] = []

    # --- images ----------------------------------------------------------------------------------
    def _image(self, src: str) -> str | None:
        src = (src or "").strip()
        blob: Blob | None = None
        m = _DATA_URI.match(src)
        if m and self.media is not None:
            try:
                data = base64.b64decode("".join(m.group(1).split()), validate=False)
                blob = self.media.add_bytes("inline image", data)
            except (binascii.Error, ValueError, MediaError) as exc:
                raise Refused(f"an inline image cannot be read ({exc})") from exc
        elif src.startswith("@@PLUGINFILE@@"):
            name = urllib.parse.unquote(src[len("@@PLUGINFILE@@"):].split("?")[0]).lstrip("/")
            base = name.rsplit("/", 1)[-1]
            for key in (name, base, "/" + name):
                if key in self.file_errors:
                    raise Refused(self.file_errors[key])
                if key in self.files:
                    blob = self.files[key]
                    break
            if blob is None:
                raise Refused(f"image {base!r} is referenced but not included in the export")
        elif re.match(r"^(https?:|ftp:|//)", src, re.IGNORECASE):
            raise Refused(f"shows a remote image ({src[:80]}); the app works offline: embed the image in the question")
        elif self.resolve is not None and src and not src.lower().startswith(("javascript:", "file:", "data:")):
            blob = self.resolve(src)
            if blob is None:
                raise Refused(f"image {src[:80]!r} is not in the package")
        else:
            return None
        if blob not in self.images:
            self.images.append(blob)
        return blob.rel

    # --- texts -----------------------------------------------------------------------------------
    def html(self, text: str | None, fmt: str | None = "html") -> str:
        """Sanitised HTML of a text in one of Moodle's formats (html, moodle_auto_format, plain_text,
        markdown)."""
        raw = text or ""
        fmt = (fmt or "").lower()
        if fmt in ("plain_text", "plain", "text/plain", "0"):
            src = H.plain_to_html(raw)
        elif fmt in ("markdown", "4"):
            src = H.markdown_to_html(raw)
        elif fmt in ("moodle_auto_format", "moodle", "auto", "1", ""):
            src = H.moodle_auto_to_html(raw)
        else:
            src = raw
        safe, _imgs, dropped = H.sanitise(src, self._image)
        if len(safe) > MAX_TEXT:
            raise Refused(f"a text is longer than {MAX_TEXT} characters")
        return safe

    def plain(self, text: str | None, fmt: str | None = "html", what: str = "an answer") -> str:
        """Plain text (answers, items, pairs): markup dropped; an image-only answer is refused."""
        raw = text or ""
        has_img = bool(re.search(r"(?i)<img\b|!\[", raw))
        before = list(self.images)
        safe = self.html(raw, fmt)
        self.images = before  # images inside answers are not shown (answers are plain text)
        out = H.to_text(safe)
        if not out and has_img:
            raise Refused(f"{what} is an image; answers are shown as text in the app")
        if len(out) > MAX_TEXT:
            raise Refused(f"{what} is longer than {MAX_TEXT} characters")
        return out


def finalise(q: dict) -> dict:
    """Choose the question's ``format``: plain text when every HTML field is only paragraphs and line
    breaks, HTML otherwise (prompt, context, explanation, hints and feedback then stay HTML)."""
    from cc2desktop.core.packs.manifest import map_html

    htmls: list[str] = []
    probe = dict(q, format="html")
    def collect(t: str) -> str:
        htmls.append(t)
        return t

    map_html(probe, collect)
    if all(H.is_simple(t) for t in htmls):
        out = map_html(probe, H.to_text)
        out.pop("format", None)
        return out
    return probe


def choice_weights(fracs: list[float]) -> tuple[int, dict[int, float] | None]:
    """(index of the best choice, weights by index or None when plain right/wrong suffices)."""
    best = max(range(len(fracs)), key=lambda i: fracs[i])
    plain = sorted(fracs, reverse=True)[0] == 1.0 and all(f in (0.0, 1.0) for f in fracs) and fracs.count(1.0) == 1
    return best, (None if plain else {i: f for i, f in enumerate(fracs) if f != 0.0})


# --- the shapes every format ends in ---------------------------------------------------------------
def entry(base: dict, weight: float | None, feedback: str | None) -> dict:
    """An accepted answer (or choice) with its weight (left out at 1) and feedback (left out if none)."""
    out = dict(base)
    if weight is not None and weight != 1.0:
        out["weight"] = weight
    if feedback:
        out["feedback"] = feedback
    return out


def choice_question(choices: list[dict], fracs: list[float], single: bool, shuffle: bool,
                    hint: str = "") -> dict:
    """single: the best choice is the answer, ``weights`` when fractions are not just right/wrong;
    multiple: the positive choices are the answer, ``weights`` always (their sum is the score)."""
    ids = [c["id"] for c in choices]
    if single:
        best, weights = choice_weights(fracs)
        if fracs[best] <= 0:
            raise Refused("no answer gives any credit" + hint)
        out: dict[str, Any] = {"type": "single", "choices": choices, "answer": ids[best], "shuffle": shuffle}
        if weights:
            out["weights"] = {ids[i]: w for i, w in weights.items()}
        return out
    right = [ids[i] for i, f in enumerate(fracs) if f > 0]
    if not right:
        raise Refused("no answer gives any credit" + hint)
    return {"type": "multiple", "choices": choices, "answer": right, "shuffle": shuffle,
            "weights": {ids[i]: f for i, f in enumerate(fracs) if f}}


def text_question(accept: list[dict], match: str, wildcard: bool | None = True) -> dict:
    """A short answer from its accepted answers (tried in order); ``answer`` lists the best ones."""
    if not accept:
        raise Refused("no accepted answer")
    if len(accept) > 50:
        raise Refused("more than 50 answers")
    best = max(e.get("weight", 1.0) for e in accept)
    if best <= 0:
        raise Refused("no answer gives any credit")
    out: dict[str, Any] = {"type": "text", "answer": [e["text"] for e in accept if e.get("weight", 1.0) >= best],
                           "accept": accept, "match": match}
    if wildcard:
        out["wildcard"] = True
    return out


def numeric_question(accept: list[dict]) -> dict:
    """A number from its accepted values (tried in order); ``answer`` is the first full-credit one."""
    full = next((e for e in accept if e["value"] != "*" and e.get("weight", 1.0) >= 1.0), None)
    if full is None:
        full = max((e for e in accept if e["value"] != "*"), key=lambda e: e.get("weight", 1.0), default=None)
    if full is None or full.get("weight", 1.0) <= 0:
        raise Refused("no number gives any credit")
    if len(accept) > 50:
        raise Refused("more than 50 answers")
    return {"type": "numeric", "answer": full["value"], "tolerance": full.get("tolerance", 0), "accept": accept}


def matching_question(pairs: list[tuple[str, str]]) -> dict:
    """Matching from (item, its match) pairs in source order: equal matches share one right-hand
    entry, an empty item makes its match a distractor (as Moodle does)."""
    left: list[dict[str, str]] = []
    right: list[dict[str, str]] = []
    answer: dict[str, str] = {}
    right_ids: dict[str, str] = {}
    for stem, target in pairs:
        if not target:
            continue
        if target not in right_ids:
            right_ids[target] = f"r{len(right_ids) + 1}"
            right.append({"id": right_ids[target], "text": target})
        if stem:
            lid = f"l{len(left) + 1}"
            left.append({"id": lid, "text": stem})
            answer[lid] = right_ids[target]
    if not left:
        raise Refused("a matching question needs at least one pair")
    if len(left) > MAX_CHOICES or len(right) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} items on one side")
    return {"type": "matching", "left": left, "right": right, "answer": answer}
