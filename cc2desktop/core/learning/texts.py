"""Course texts: picking one in the learner's language, folding one for comparison (answers,
searches). Stdlib only (on the path to the first paint)."""

from __future__ import annotations

import unicodedata


def pick(texts: dict[str, str] | str | None, lang: str, fallbacks: list[str] | tuple[str, ...] = ()) -> str:
    """The text in ``lang``, else in the course's first language, else any."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    for key in (lang, *fallbacks):
        if texts.get(key):
            return texts[key]
    return next((v for v in texts.values() if v), "")


def expert_line(expert: str | None, role: dict[str, str] | None, lang: str,
                fallbacks: list[str] | tuple[str, ...] = ()) -> str:
    """"Name, role" of a capsule's expert in ``lang``: the name from ``expert`` ("Name, role as the
    author wrote it"), the role from ``role`` ({lang: text}) when the course translates it."""
    expert = (expert or "").strip()
    translated = pick(role, lang, fallbacks).strip() if role else ""
    if not translated:
        return expert
    name = expert.split(",", 1)[0].strip()
    return f"{name}, {translated}" if name else translated


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: for searching and for comparing answers."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("œ", "oe").replace("æ", "ae")
    return " ".join(text.split())
