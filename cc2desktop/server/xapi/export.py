"""Statements from the server's database, in the order it stored what they come from, by cursor
``"E.I"`` (the last event position and the last certificate item position read): the export to a
JSON Lines file and the LRS forwarding read the same pages."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select

from cc2desktop.core.event_types import EventRecord
from cc2desktop.server.hub import parse_cursor
from cc2desktop.server.models import Item, ServerEvent, ServerLearner
from cc2desktop.server.xapi.statements import StatementBuilder, XapiConfig, dumps

PAGE = 2000
DECISION_KIND = "certificate"  # the item kind of certification decisions (certificates and refusals)


@dataclass
class Page:
    statements: list[dict] = field(default_factory=list)
    skipped: int = 0            # events that are not learning records
    cursor: str = "0.0"
    more: bool = False


def read_page(session: Any, cursor: str | None, config: XapiConfig, limit: int = PAGE) -> Page:
    """Up to ``limit`` events and ``limit`` decisions after ``cursor`` as statements."""
    ec, ic = parse_cursor(cursor)
    ev = ServerEvent
    rows = session.execute(select(ev.pos, ev.id, ev.learner_id, ev.device_id, ev.seq, ev.type, ev.course_id,
                                  ev.payload, ev.created_at, ev.received_at).where(ev.pos > ec)
                           .order_by(ev.pos).limit(limit)).all()
    items = session.execute(select(Item.pos, Item.learner_id, Item.body, Item.created_at).where(
        Item.pos > ic, Item.kind == DECISION_KIND).order_by(Item.pos).limit(limit)).all()
    lids = {r.learner_id for r in rows} | {i.learner_id for i in items if i.learner_id}
    codes = dict(session.execute(select(ServerLearner.id, ServerLearner.code).where(
        ServerLearner.id.in_(lids))).all()) if lids else {}
    builder = StatementBuilder(config, lambda lid: codes.get(lid) or lid)
    page = Page()
    for r in rows:
        st = builder.build(EventRecord(r.id, r.learner_id, r.device_id, r.seq, r.type, r.course_id, r.payload,
                                       r.created_at, True, r.received_at))
        if st is None:
            page.skipped += 1
        else:
            page.statements.append(st)
    for it in items:
        try:
            body = json.loads(it.body)
        except ValueError:
            body = None
        st = builder.decision(body, it.learner_id or "", it.created_at) if isinstance(body, dict) else None
        if st is None:
            page.skipped += 1
        else:
            page.statements.append(st)
    page.cursor = f"{rows[-1].pos if rows else ec}.{items[-1].pos if items else ic}"
    page.more = len(rows) == limit or len(items) == limit
    return page


def export_file(db_url: str, out: Path, *, since: str | None = None, config: XapiConfig | None = None,
                progress: Callable[[int], Any] | None = None) -> dict:
    """Write one statement per line to ``out`` (written whole, then moved into place); returns
    ``{"statements", "skipped", "cursor"}`` (pass the cursor as ``since`` next time)."""
    from cc2desktop.server.hub import Hub

    parse_cursor(since)  # a bad cursor is refused before anything is written
    config = config or XapiConfig()
    hub = Hub(db_url)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    n = skipped = 0
    cursor = since or "0.0"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            while True:
                with hub.ReadSession() as s:
                    page = read_page(s, cursor, config)
                for st in page.statements:
                    f.write(dumps(st) + "\n")
                n += len(page.statements)
                skipped += page.skipped
                cursor = page.cursor
                if progress is not None:
                    progress(n)
                if not page.more:
                    break
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        hub.close()
    return {"statements": n, "skipped": skipped, "cursor": cursor}
