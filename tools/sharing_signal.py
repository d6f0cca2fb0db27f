"""How well the answer-sharing signal separates honest cohorts from learners copying one sheet:
false flags and detection power, measured on simulated cohorts with the server's own detector
(:mod:`cc2desktop.server.sharing`) and the simulator's own answer models
(:mod:`cc2desktop.core.certification.simulate`), on the demo exam (a bank of 20, 10 drawn).

    python -m tools.sharing_signal [--windows 200] [--size 30] [--seed 1]

Each honest window is ``--size`` learners of one centre within the time window; each cluster
window adds ``k`` copiers (k = 3…8) to a window of 15 honest learners. Frequencies come from a
prior cohort of 2,000 honest sheets, as on a server that has graded the programme's first cohorts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _exam():
    from cc2desktop.core.packs import keys
    from cc2desktop.core.packs.packfile import PackReader
    from tools.demo_pack import pack_path

    demo = keys.demo_public_key()
    with PackReader(pack_path(), {demo.key_id: demo}) as r:
        m = r.manifest
    from cc2desktop.core.certification.simulate import key_answers

    return m, key_answers(pack_path().with_name(pack_path().name + ".exam-key.json"))


def sheet_of(m, key, answers: dict, sid: str, t: str):  # noqa: ANN001, ANN201
    from cc2desktop.core.learning.quiz import grade
    from cc2desktop.server.sharing import Sheet, normalise

    bank = {q.id: q for q in m.certification.exam.questions}
    wrong = set()
    for q, a in answers.items():
        qd = {**bank[q].model_dump(mode="json", exclude_none=True), "answer": key[q]}
        if qd["type"] == "text":
            qd["answer"] = [key[q]]
        if not grade(qd, a).correct:
            wrong.add(q)
    return Sheet(sid, t, {q: normalise(a) for q, a in answers.items()}, frozenset(wrong))


def run(windows: int, size: int, seed: int) -> dict:
    from cc2desktop.core.certification.draw import drawn_ids
    from cc2desktop.core.certification.simulate import COPY_RATE, honest_answer, shared_sheet
    from cc2desktop.server import sharing

    m, key = _exam()
    bank = {q.id: q for q in m.certification.exam.questions}
    rng = random.Random(seed)
    t = "2026-11-14T09:00:00.000Z"

    def honest(i: str):  # noqa: ANN202
        ids = drawn_ids(m, rng.randrange(1 << 52))
        ability = rng.gauss(0, 1)
        return sheet_of(m, key, {q: honest_answer(bank[q], key[q], ability, rng) for q in ids}, i, t)

    freq = sharing.Frequencies(options={q.id: sharing.options_of(q) for q in bank.values()})
    for k in range(2000):
        for q, r in honest(f"p{k}").responses.items():
            freq.counts.setdefault(q, {}).setdefault(r, 0)
            freq.counts[q][r] += 1
    t0 = time.perf_counter()
    flagged = total = 0
    for w in range(windows):
        sheets = [honest(f"h{w}.{i}") for i in range(size)]
        flagged += sum(len(c) for c, _e in sharing.clusters(sheets, freq))
        total += size
    out = {"honest_claims": total, "honest_flagged": flagged, "false_flag_rate": flagged / total}
    for k in (3, 4, 5, 6, 8):
        caught = bystanders = 0
        for w in range(windows):
            sheet = shared_sheet(list(bank.values()), key, rng)
            copiers = []
            for i in range(k):
                ids = drawn_ids(m, rng.randrange(1 << 52))
                ability = rng.gauss(-0.5, 1)
                answers = {q: sheet[q] if rng.random() < COPY_RATE else honest_answer(bank[q], key[q], ability, rng)
                           for q in ids}
                copiers.append(sheet_of(m, key, answers, f"c{w}.{i}", t))
            found = sharing.clusters(copiers + [honest(f"b{w}.{i}") for i in range(15)], freq)
            members = {s.claim_id for c, _e in found for s in c}
            caught += any(x.startswith("c") for x in members)
            bystanders += sum(1 for x in members if x.startswith("b"))
        out[f"k{k}_detected"] = caught / windows
        out[f"k{k}_bystanders_flagged"] = bystanders / (15 * windows)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--windows", type=int, default=200)
    p.add_argument("--size", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    r = run(a.windows, a.size, a.seed)
    print(f"honest: {r['honest_flagged']} of {r['honest_claims']} sheets flagged "
          f"({100 * r['false_flag_rate']:.2f} %), windows of {a.size} learners of one centre")
    for k in (3, 4, 5, 6, 8):
        print(f"{k} copiers among 15 honest learners: cluster flagged in {100 * r[f'k{k}_detected']:.0f} % of "
              f"windows, honest bystanders flagged {100 * r[f'k{k}_bystanders_flagged']:.2f} %")
    print(f"({r['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
