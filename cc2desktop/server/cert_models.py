"""The server's certification tables: every decision on a claim (certificates and refusals), the
seeds drawn with, and the sheets waiting for a facilitator's co-signature (migrations ``vc001``,
``vc002``). The logic lives in :mod:`cc2desktop.server.certification`."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.server.models import ServerBase


class ServerCertificate(ServerBase):
    """Every decision on a claim: certificates (``kind='certificate'``) and refusals."""

    __tablename__ = "certificates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))                    # certificate | refusal
    claim_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    event_id: Mapped[str] = mapped_column(String(36))
    learner_id: Mapped[str] = mapped_column(String(36))
    course_id: Mapped[str] = mapped_column(String(128))
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    score: Mapped[float | None] = mapped_column(Float)
    learner_name: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)                          # Decision.to_item() JSON
    decided_at: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[str | None] = mapped_column(String(32))
    revoke_reason: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (Index("ix_certificates_learner_course", "learner_id", "course_id"),)


class CertSeed(ServerBase):
    """Seeds already drawn with, per exam: a sheet of another attempt with the same seed (the same
    draw, shared answers) is refused."""

    __tablename__ = "cert_seeds"
    course_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    exam_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    seed: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    attempt_id: Mapped[str] = mapped_column(String(36))
    learner_id: Mapped[str] = mapped_column(String(36))
    used_at: Mapped[str] = mapped_column(String(32))


class CertHeld(ServerBase):
    """A sheet made in a supervised session, waiting for the facilitator's co-signature."""

    __tablename__ = "cert_held"
    claim_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36))
    learner_id: Mapped[str] = mapped_column(String(36))
    course_id: Mapped[str] = mapped_column(String(128))
    session_code: Mapped[str] = mapped_column(String(16))
    held_at: Mapped[str] = mapped_column(String(32))
