"""The pack catalog: a JSON document listing the packs a server offers (``GET /api/v1/catalog``).

    {"schema": 1,
     "blobs_url": "/api/v1/blobs/",            # + <sha256>: one content file by its hash
     "packs": [{"id": "demo-intro-civictech", "version": "1.0.0",
                "title": {"fr": "…", "en": "…"}, "description": {…}, "languages": ["fr", "en"],
                "publisher": "…", "key_id": "6d893047564b5f64",
                "url": "/api/v1/packs/demo-intro-civictech.cc2pack",   # the pack file (Range)
                "manifest_url": "/api/v1/packs/demo-intro-civictech.cc2pack/manifest",
                "size": 4231809, "sha256": "<SHA-256 of the pack file>",
                "content_size": 4190162, "files": 49, "manifest_sha256": "…"}]}

URLs may be relative to the catalog's own URL. Nothing in the catalog is trusted: the client
verifies the manifest's signature and every hash itself; ``sha256``/``size`` only let it check a
download before opening it.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, Field

from cc2desktop.core.packs.manifest import COURSE_ID_RE, LANG_RE, SHA256_RE, VERSION_RE

LangText = dict[Annotated[str, Field(pattern=LANG_RE)], str]


class CatalogEntry(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Annotated[str, Field(pattern=COURSE_ID_RE)]
    version: Annotated[str, Field(pattern=VERSION_RE)]
    title: LangText
    description: LangText = Field(default_factory=dict)
    languages: list[str]
    publisher: str | None = None
    key_id: str | None = None
    url: str
    manifest_url: str | None = None
    size: int = Field(ge=0)
    sha256: Annotated[str, Field(pattern=SHA256_RE)] | None = None
    content_size: int = Field(default=0, ge=0)
    files: int = Field(default=0, ge=0)
    manifest_sha256: str | None = None

    @property
    def version_tuple(self) -> tuple[int, ...]:
        return tuple(int(x) for x in self.version.split("."))


class Catalog(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    schema_: int = Field(default=1, alias="schema")
    blobs_url: str | None = None
    packs: list[CatalogEntry] = Field(default_factory=list, max_length=10_000)

    def resolved(self, base_url: str) -> "Catalog":
        """The same catalog with every URL made absolute against ``base_url``."""
        packs = [e.model_copy(update={"url": urljoin(base_url, e.url),
                                      "manifest_url": urljoin(base_url, e.manifest_url) if e.manifest_url else None})
                 for e in self.packs]
        return self.model_copy(update={"packs": packs,
                                       "blobs_url": urljoin(base_url, self.blobs_url) if self.blobs_url else None})
