"""Pack state: one row per installed course (migration p001).

A course is visible (``list_courses``) exactly when its row exists; the row is written in one
transaction after every blob it references is in the store, which makes installs atomic.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cc2desktop.core.db.base import Base, utcnow_iso


class InstalledPack(Base):
    __tablename__ = "pack_courses"
    course_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    manifest_json: Mapped[str] = mapped_column(Text)  # RFC 8785 canonical manifest (what was signed)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    signature_json: Mapped[str] = mapped_column(Text)  # manifest.json.sig, as shipped
    key_id: Mapped[str] = mapped_column(String(16))
    total_size: Mapped[int] = mapped_column(BigInteger, default=0)
    source: Mapped[str | None] = mapped_column(Text)  # where it was installed from (file name or URL)
    previous_version: Mapped[str | None] = mapped_column(String(32))
    changes_json: Mapped[str | None] = mapped_column(Text)  # diff_manifests(previous, this) as JSON
    installed_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)


class PublisherPin(Base):
    """The publisher key a course id is pinned to: the key of its first install, then each successor
    a rotation record named (migration p002). Kept when the course is removed: a reinstall must come
    from the same publisher."""

    __tablename__ = "pack_publisher_pins"
    course_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))  # base64 of the raw 32-byte Ed25519 key
    pinned_at: Mapped[str] = mapped_column(String(32), default=utcnow_iso)
    previous_key_id: Mapped[str | None] = mapped_column(String(16))
