"""Picking a course text in the learner's language. Stdlib only (on the path to the first paint)."""

from __future__ import annotations


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
