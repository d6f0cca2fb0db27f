"""Certification benchmark: what the server spends per claim, against its cryptographic floor.

    python -m tools.bench_certification [--claims 300]

Builds a small course in memory, signs ``--claims`` exam claims with a device key, then times in
the same run: (a) the baseline — one Ed25519 verification + one Ed25519 signature per claim (the
least any server must do); (b) ``decide()`` per claim (signature check, pack check, grading with the
key, rules over the learner's events, certificate payload signed); (c) verifying the QR payload
offline, and the payload size / QR version. Prints figures and the ratio (b)/(a).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench_certification")
    ap.add_argument("--claims", type=int, default=300)
    args = ap.parse_args(argv)

    import qrcode
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cc2desktop.core import crypto
    from cc2desktop.core.certification import claims as cl
    from cc2desktop.core.certification import exam as ex
    from cc2desktop.core.certification import keys
    from cc2desktop.core.certification import payload as pl
    from cc2desktop.core.certification.decision import PublishedCourse, decide
    from cc2desktop.core.db.base import new_id, utcnow_iso
    from tests.support.certification_course import EXAM_KEY, RIGHT, manifest

    m = manifest()
    course = PublishedCourse(m, EXAM_KEY)
    issuer = keys.load_private_key(keys.demo_private_key_path())
    dev = Ed25519PrivateKey.generate()
    pub = crypto.public_b64url(dev)
    digest = ex.manifest_digest(m)
    claims, histories = [], []
    for i in range(args.claims):
        lid = new_id()
        now = utcnow_iso()
        claims.append((lid, ex.sign_claim({
            "v": 1, "claim_id": new_id(), "attempt_id": new_id(), "attempt": 1, "learner_id": lid, "device_id": "D",
            "course_id": m.id, "pack_version": m.version, "manifest_sha256": digest, "exam_id": "final", "seed": i,
            "order": ex.shuffled_order(list(EXAM_KEY), i), "started_at": now, "submitted_at": now,
            "time_limit_s": 600, "answers": RIGHT if i % 3 else {"e1": "a"}}, dev)))
        histories.append([{"type": t, "course_id": m.id, "created_at": now, "payload": {"capsule_id": c, "scaled": 1.0}}
                          for c in ("c1", "c2") for t in ("quiz.completed", "capsule.completed")])

    t0 = time.perf_counter()
    for _lid, c in claims:  # baseline: verify the claim, sign something of the same size
        cl.claim_signature_ok(c, pub)
        issuer.sign(b"CC1" + b"x" * 180)
    base = (time.perf_counter() - t0) / len(claims)

    t0 = time.perf_counter()
    results = [decide(c, event_learner_id=lid, event_device_id="D", device_public_key=pub, learner_events=h,
                      course=course, learner_name="Aïssatou Ndèye Diallo-Kouyaté", issuer_key=issuer)
               for (lid, c), h in zip(claims, histories)]
    per = (time.perf_counter() - t0) / len(claims)
    certified = [d for d in results if d.certified]

    trusted = keys.trusted_issuers()
    t0 = time.perf_counter()
    for d in certified:
        pl.verify(d.payload, trusted)
    ver = (time.perf_counter() - t0) / max(1, len(certified))
    sizes = [len(d.payload) for d in certified]
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(max((d.payload for d in certified), key=len))
    q.make(fit=True)

    print(f"claims: {len(claims)}, certified: {len(certified)}, refused: {len(claims) - len(certified)}")
    print(f"baseline (1 verify + 1 sign): {base * 1e3:.3f} ms/claim")
    print(f"decide(): {per * 1e3:.3f} ms/claim = {per / base:.2f}x baseline ({1 / per:.0f} claims/s on one core)")
    print(f"offline payload verification: {ver * 1e3:.3f} ms")
    print(f"payload: median {statistics.median(sizes):.0f} chars, max {max(sizes)}; QR version {q.version} (ECC M)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
