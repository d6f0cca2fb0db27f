"""Client-side certification tables (Alembic branch ``certification``, revisions ``c001``…)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base


class RevocationListRow(Base):
    """The newest revocation list this PC holds for each certificate issuer (signed, as received)."""

    __tablename__ = "cert_revocation_lists"
    issuer: Mapped[str] = mapped_column(String(16), primary_key=True)
    issued_at: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(40))  # sync | usb | pack | file
