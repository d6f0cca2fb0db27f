"""``kit.certification``: a learner's checklist, the exam, the certificates received, in the facade
calling style."""

from __future__ import annotations

from typing import Any

from cc2desktop.core.changes import Changes, Done
from cc2desktop.core.certification import service
from cc2desktop.core.certification.document import CertificateView


def _exam(learner_id: str) -> Changes:
    return Changes(certificates=True, pending_sync=True, progress=True,
                   learner_ids=frozenset({learner_id}) if learner_id else frozenset())


class Certification:
    def __init__(self, kit: Any) -> None:
        self.kit = kit

    def overview(self, learner_id: str, course_id: str) -> tuple[dict[str, Any], CertificateView | None, list[str]]:
        """(eligibility, latest certificate or None, the course's languages) for the panel."""
        return (service.eligibility(self.kit, learner_id, course_id),
                service.certificate_view(self.kit, learner_id, course_id),
                self.kit.packs.languages(course_id))

    def eligibility(self, learner_id: str, course_id: str) -> dict[str, Any]:
        return service.eligibility(self.kit, learner_id, course_id)

    def certificate_view(self, learner_id: str, course_id: str) -> CertificateView | None:
        return service.certificate_view(self.kit, learner_id, course_id)

    def certificates(self, learner_id: str | None = None) -> list[dict[str, Any]]:
        return service.list_certificates(self.kit, learner_id)

    def start_exam(self, learner_id: str, course_id: str) -> Done[dict[str, Any]]:
        return Done(service.start_exam(self.kit, learner_id, course_id), _exam(learner_id))

    def submit_exam(self, attempt: dict[str, Any], answers: dict[str, Any]) -> Done[dict[str, Any]]:
        return Done(service.submit_exam(self.kit, attempt, answers), _exam(str(attempt.get("learner_id") or "")))
