"""A simulated programme through the real path (tests/reports and ``python -m tools.bench report``):
a real course pack with speakers and campaigns, a real server with certification on 127.0.0.1,
centres of several PCs (real data dirs enrolled with their centre's code), learners made by the real
simulator (22 countries, campaigns), some claimed on a second PC where they go on studying, exam
claims graded by the server, real syncs. Nothing is written to a database by hand."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COURSE_ID = "test-civictech"
OUTLINE = {"m1": {"c1": ["true_false"], "c2": ["true_false"]}}  # the test course's capsules and quiz
CAMPAIGNS = ["femmes-2025", "radio-2025"]
EXPERTS = [
    {"id": "aba", "name": "Aminata Ba", "role": {"fr": "Juriste", "en": "Lawyer"}, "gender": "f", "country": "SN"},
    {"id": "kko", "name": "Kossi Koffi", "role": {"fr": "Journaliste", "en": "Journalist"}, "gender": "m",
     "country": "TG"},
    {"id": "mdi", "name": "Mariam Diallo", "role": {"fr": "Développeuse", "en": "Developer"}, "gender": "f",
     "country": "na"},
]


def edit_course(d: dict) -> None:
    d["experts"] = EXPERTS
    d["campaigns"] = [{"code": c, "title": {"fr": c, "en": c}} for c in CAMPAIGNS]
    caps = d["modules"][0]["capsules"]
    caps[0]["experts"] = ["aba", "kko"]
    caps[1]["experts"] = ["mdi"]


@dataclass
class Programme:
    root: Path
    server: Any
    pack: Path
    exam_key: Path
    kits: dict[str, Any] = field(default_factory=dict)      # pc name → Kit
    centre_of_pc: dict[str, str] = field(default_factory=dict)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (learner id, first pc, second pc)

    @property
    def hub(self) -> Any:
        return self.server.hub

    @property
    def db_path(self) -> Path:
        return self.root / "server.sqlite3"

    def close(self) -> None:
        for k in self.kits.values():
            k.close()
        self.server.stop()


def build_programme(root: Path, *, learners: int = 300, centres: int = 10, pcs_per_centre: int = 2,
                    countries: int = 22, claimed_per_pc: int = 2, certify_per_pc: int = 3, days: int = 6,
                    seed: int = 7, progress: Any = None) -> Programme:
    from cc2desktop.core.certification.simulate import simulate_certification
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.paths import assets_dir, resolve_data_paths
    from cc2desktop.core.sync.client import SyncClient
    from cc2desktop.core.sync.simulate import simulate

    from tests.support.cert_server import CertServer, write_course_source
    from tests.support.certification_course import client_pack, trust_test_publisher

    say = progress or (lambda _m: None)
    src = write_course_source(root / "src", edit_course)
    pack = root / "courses" / f"{COURSE_ID}.cc2pack"
    pack.parent.mkdir(parents=True, exist_ok=True)
    res = build_pack(src, pack, assets_dir() / "keys" / "demo-publisher.key")
    server = CertServer(f"sqlite:///{root / 'server.sqlite3'}", pack.parent, root / "server-data").start()
    prog = Programme(root, server, pack, res.exam_key_path)
    rng = random.Random(seed)
    t0 = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)
    n_pcs = centres * pcs_per_centre
    per_pc = [learners // n_pcs + (1 if i < learners % n_pcs else 0) for i in range(n_pcs)]
    i = 0
    for c in range(centres):
        centre = f"Centre {c + 1:02d}"
        code = server.hub.new_enrolment_code(uses=pcs_per_centre, centre=centre)
        for p in range(pcs_per_centre):
            name = f"pc{c + 1:02d}{chr(97 + p)}"
            kit = Kit(resolve_data_paths(root / name))
            prog.kits[name] = kit
            prog.centre_of_pc[name] = centre
            SyncClient(kit).enrol(server.url, code, name)
            trust_test_publisher(kit)  # the programme's publisher, trusted as a centre sets its PCs up
            kit.packs.install(client_pack(pack))
            simulate(kit, per_pc[i], days, seed=seed * 1000 + i, course_id=COURSE_ID, outline=OUTLINE,
                     countries=countries, campaigns=CAMPAIGNS, end=t0 + dt.timedelta(hours=i))
            simulate_certification(kit, certify_per_pc, COURSE_ID, exam_key=res.exam_key_path, fail_ratio=0.35,
                                   seed=seed + i)
            i += 1
        say(f"centre {c + 1}/{centres}")
    for kit in prog.kits.values():
        SyncClient(kit).sync()
    say("first sync")
    # some learners go on studying on a PC of another centre: claimed there (code + PIN 0000)
    names = list(prog.kits)
    for j, pc in enumerate(names):
        if claimed_per_pc <= 0:
            break
        other = names[(j + pcs_per_centre) % len(names)]
        with prog.kits[other].read() as s:
            from sqlalchemy import text

            cands = [tuple(r) for r in s.execute(text("SELECT id, code FROM learners WHERE local = 1 AND code IS NOT "
                                                      "NULL ORDER BY rowid"))]
        for lid, lcode in rng.sample(cands, min(claimed_per_pc, len(cands))):
            SyncClient(prog.kits[pc]).claim(lcode, "0000")
            prog.moved.append((lid, other, pc))
        simulate(prog.kits[pc], 0, 3, seed=seed * 7 + j, course_id=COURSE_ID, outline=OUTLINE, claimed=True,
                 end=t0 + dt.timedelta(days=10))
    for _round in range(2):  # push the later days; then everyone pulls every decision
        for kit in prog.kits.values():
            SyncClient(kit).sync()
    say("synced")
    return prog
