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

    def start_exam(self, learner_id: str, course_id: str) -> Done[dict[str, Any]]:
        return Done(_service().start_exam(self.kit, learner_id, course_id), EXAM_EVENT)

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
