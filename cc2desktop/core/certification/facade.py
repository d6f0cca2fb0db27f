"""``kit.certification``: a learner's checklist, the exam, the certificates received, in the facade
calling style."""

from __future__ import annotations

from typing import Any

from typing import TYPE_CHECKING

from cc2desktop.core.changes import Changes, Done

if TYPE_CHECKING:
    from cc2desktop.core.certification.document import CertificateView


def _service():  # noqa: ANN202 - imported on first use (keys, cryptography: not at start-up)
    from cc2desktop.core.certification import service

    return service


def _claim(learner_id: str) -> Changes:
    """A sealed answer sheet: the learner's certification state changes, an event waits to be sent."""
    return Changes(certificates=True, pending_sync=True,
                   learner_ids=frozenset({learner_id}) if learner_id else frozenset())


#: an exam attempt opened or an answer saved: events to send (the exam page shows them itself)
EXAM_EVENT = Changes(pending_sync=True)


class Certification:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    def overview(self, learner_id: str, course_id: str) -> tuple[dict[str, Any], "CertificateView | None", list[str]]:
        """(eligibility, latest certificate or None, the course's languages) for the panel."""
        return (_service().eligibility(self.kit, learner_id, course_id),
                _service().certificate_view(self.kit, learner_id, course_id),
                self.kit.packs.languages(course_id))

    def has_open_attempt(self, learner_id: str, course_id: str) -> bool:
        """Whether the learner left an exam attempt of the course open (not handed in yet)."""
        return _service().has_open_attempt(self.kit, learner_id, course_id)

    def eligibility(self, learner_id: str, course_id: str) -> dict[str, Any]:
        return _service().eligibility(self.kit, learner_id, course_id)

    def certificate_view(self, learner_id: str, course_id: str) -> "CertificateView | None":
        return _service().certificate_view(self.kit, learner_id, course_id)

    def certificates(self, learner_id: str | None = None) -> list[dict[str, Any]]:
        return _service().list_certificates(self.kit, learner_id)

    def start_exam(self, learner_id: str, course_id: str, *, proctor: str | None = None) -> Done[dict[str, Any]]:
        """Open (or resume) the exam; ``proctor``: the code of the supervised session it is taken in."""
        return Done(_service().start_exam(self.kit, learner_id, course_id, proctor=proctor), EXAM_EVENT)

    def save_exam_answer(self, learner_id: str, course_id: str, attempt_id: str, question_id: str,
                         response: Any) -> Done[dict[str, Any]]:
        """One answer of the open attempt, durable before this returns (an event to send)."""
        return Done(_service().save_exam_answer(self.kit, learner_id, course_id, attempt_id, question_id, response),
                    EXAM_EVENT)

    def submit_exam(self, attempt: dict[str, Any], answers: dict[str, Any]) -> Done[dict[str, Any]]:
        return Done(_service().submit_exam(self.kit, attempt, answers), _claim(str(attempt.get("learner_id") or "")))

    def hand_in_expired(self, learner_id: str, course_id: str) -> Done[dict[str, Any] | None]:
        out = _service().hand_in_expired(self.kit, learner_id, course_id)
        return Done(out, _claim(learner_id) if out is not None else Changes())

    def resend_claim(self, learner_id: str, claim_id: str) -> Done[dict[str, Any]]:
        return Done(_service().resend_claim(self.kit, learner_id, claim_id), _claim(learner_id))

    # --- checking a certificate (the "Vérifier un certificat" page, the CLI's verify) ---------------
    def verify(self, what: str) -> Any:
        """The offline verdict on a PDF file, a QR payload or a verification code
        (:class:`~cc2desktop.core.certification.service.VerifyResult`)."""
        return _service().verify_any(what, keys_dir=self.kit.paths.keys_dir, kit=self.kit)

    def revocation_status(self) -> list[dict[str, Any]]:
        """The revocation lists this PC holds: issuer, date, age in days, when received, from where."""
        out = []
        for issuer, (rl, received, source) in sorted(_service().revocation_lists(self.kit).items()):
            out.append({"issuer": issuer, "issued_at": rl.issued_at, "age_days": round(rl.age_days(), 1),
                        "received_at": received, "source": source, "revoked": len(rl.revoked)})
        return out

    def import_revocations(self, path: Any) -> Done[bool]:
        return Done(_service().import_revocations(self.kit, path), Changes(certificates=True))

    # --- supervised exam sessions (a facilitator's PC) ---------------------------------------------
    def exam_sessions(self) -> list[dict[str, Any]]:
        from cc2desktop.core.certification import proctor

        with self.kit.read() as s:
            return sorted(proctor.sessions(s).values(), key=lambda d: d["opened_at"], reverse=True)

    def open_exam_session(self, fs: Any, group: str, course_id: str) -> Done[dict[str, Any]]:
        from cc2desktop.core.certification import proctor

        with self.kit.write() as s:
            out = proctor.open_session(s, fs, group, course_id)
        return Done(out, Changes(sessions=True, pending_sync=True))

    def close_exam_session(self, fs: Any, session_id: str) -> Done[dict[str, Any]]:
        from cc2desktop.core.certification import proctor

        with self.kit.write() as s:
            out = proctor.close_session(s, fs, session_id)
        return Done(out, Changes(sessions=True, pending_sync=True))

    def exam_session_sheets(self, fs: Any, session_id: str) -> list[dict[str, Any]]:
        from cc2desktop.core.certification import proctor

        with self.kit.read() as s:
            return proctor.sheets(s, fs, session_id)

    def cosign(self, fs: Any, session_id: str, claim_ids: list[str], *, verdict: str = "cosigned") -> Done[int]:
        from cc2desktop.core.certification import proctor

        with self.kit.write() as s:
            n = proctor.cosign(s, fs, self.kit.paths.keys_dir, session_id, claim_ids, verdict=verdict)
        return Done(n, Changes(sessions=True, pending_sync=True))
