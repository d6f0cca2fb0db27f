"""Client table: the server's answers to this PC's exam claims (certificates and refusals), as
pulled by sync. Rebuildable: the server keeps them and pull returns them again from cursor 0."""

from __future__ import annotations

from sqlalchemy import Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base


class CertificateRecord(Base):
    __tablename__ = "certificates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)      # certificate or refusal id
    learner_id: Mapped[str] = mapped_column(String(36))
    course_id: Mapped[str] = mapped_column(String(128))
    claim_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    state: Mapped[str] = mapped_column(String(16))                     # "certified" | "not_passed"
    score: Mapped[float | None] = mapped_column(Float)                 # scaled 0..1
    code: Mapped[str | None] = mapped_column(String(20), unique=True)  # verification code
    payload: Mapped[str | None] = mapped_column(Text)                  # the signed QR payload
    body: Mapped[str] = mapped_column(Text)                            # the server's item, JSON
    issued_at: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[str] = mapped_column(String(32))
    __table_args__ = (Index("ix_certificates_learner_course", "learner_id", "course_id"),)
