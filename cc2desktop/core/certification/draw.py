"""An exam attempt's draw from the question bank, its question order and its choice orders, all
derived from the attempt's seed, so that the app and the server compute the same ones.

The derivation ranks ids by SHA-256 (stable across Python versions and platforms, written out in
docs/certification.md so anyone can re-derive a draw)::

    rank(seed, label, id) = SHA-256("cc2-draw-v1|<seed>|<label>|<id>")

- **draw**: each group's question ids sorted by ``rank(seed, "draw", id)``, the first ``n`` kept
  (groups: the whole bank with ``draw.count``, or each module with ``draw.per_module``);
- **order**: the drawn ids sorted by ``rank(seed, "order", id)`` (bank order if ``shuffle`` is off);
- **choices**: a question's choices (``choices``, ``items`` of an ordering question, the right-hand
  column of a matching question) sorted by ``rank(seed, "choices:<question id>", choice id)``.

An exam without ``draw`` (packs built before banks) draws every question, in the order
``random.Random(seed).shuffle`` gave (:func:`legacy_order`); its choices are not shuffled.
Pure functions of plain data; no Qt, no database.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from cc2desktop.core.packs.manifest import Manifest

DRAW_VERSION = 1
SEED_BITS = 52  # exact in JSON everywhere (below 2**53)


def rank(seed: int, label: str, ident: str) -> bytes:
    return hashlib.sha256(f"cc2-draw-v{DRAW_VERSION}|{seed}|{label}|{ident}".encode("utf-8")).digest()


def draw_counts(manifest: Manifest) -> dict[str, int]:
    """Group → how many questions an attempt draws from it (group ``"*"``: the whole bank)."""
    _cert, exam = manifest.final_exam()
    d = exam.draw
    if d is None:
        return {"*": len(exam.questions)}
    if d.count is not None:
        return {"*": d.count}
    groups = manifest.exam_groups()
    if isinstance(d.per_module, dict):
        return {m: n for m, n in d.per_module.items() if n}
    return {m: int(d.per_module or 0) for m in groups}


def drawn_ids(manifest: Manifest, seed: int) -> list[str]:
    """The question ids an attempt with ``seed`` draws, in bank order."""
    _cert, exam = manifest.final_exam()
    bank = [q.id for q in exam.questions]
    counts = draw_counts(manifest)
    if exam.draw is None:
        return bank
    groups = {"*": bank} if "*" in counts else manifest.exam_groups()
    chosen: set[str] = set()
    for g, n in counts.items():
        chosen.update(sorted(groups.get(g, []), key=lambda i: rank(seed, "draw", i))[:n])
    return [i for i in bank if i in chosen]


def question_order(manifest: Manifest, seed: int) -> list[str]:
    """The drawn question ids in the order the attempt shows them."""
    _cert, exam = manifest.final_exam()
    if exam.draw is None:
        return legacy_order([q.id for q in exam.questions], seed, exam.shuffle)
    ids = drawn_ids(manifest, seed)
    return sorted(ids, key=lambda i: rank(seed, "order", i)) if exam.shuffle else ids


def legacy_order(question_ids: list[str], seed: int, shuffle: bool = True) -> list[str]:
    """The order of attempts of exams without a bank (before draws): every question."""
    order = list(question_ids)
    if shuffle:
        random.Random(seed).shuffle(order)
    return order


CHOICE_LISTS = {"single": "choices", "multiple": "choices", "ordering": "items", "matching": "right"}


def shuffle_choices(question: dict[str, Any], seed: int) -> dict[str, Any]:
    """A question dict (as shipped) with its choices in the attempt's order."""
    key = CHOICE_LISTS.get(str(question.get("type")))
    items = question.get(key) if key else None
    if key is None or not isinstance(items, list) or len(items) < 2:
        return question
    label = f"choices:{question.get('id')}"
    out = dict(question)
    out[key] = sorted(items, key=lambda c: rank(seed, label, str(c.get("id") if isinstance(c, dict) else c)))
    return out


def new_seed() -> int:
    import secrets

    return secrets.randbits(SEED_BITS)
