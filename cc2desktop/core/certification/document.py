"""What a certificate shows, as plain data (for the PDF, the card widget, the CLI and the verify
page), its texts in French and English, and reading the signed payload back out of a PDF.

The PDF embeds the QR payload in its XMP metadata (``<cc2:payload>CC1:…</cc2:payload>``), so
``cc2desktop verify FILE.pdf`` checks a certificate offline without Qt and without scanning.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cc2desktop.core.errors import CCError

XMP_NS = "https://connexions-citoyennes.org/ns/cc2/1.0/"
MAX_PDF_BYTES = 50 * 1024 * 1024
_XMP_RE = re.compile(rb"<cc2:payload>(CC1:[0-9A-Z $%*+\-./:]{10,4000})</cc2:payload>")

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}

TEXTS = {
    "fr": {
        "programme": "CONNEXIONS CITOYENNES",
        "tagline": "Programme de formation à la technologie civique",
        "title": "Certificat de réussite",
        "awarded": "décerné à",
        "for": "pour avoir suivi avec succès le cours",
        "score": "Score à l'examen final : {score} %",
        "issued": "Délivré le {date}",
        "verify_title": "Vérifier ce certificat",
        "verify_scan": "Scannez le code QR (vérification hors ligne de la signature) ou rendez-vous sur :",
        "code": "Code de vérification",
        "signed": "Signé électroniquement (Ed25519) par le serveur du programme · clé {kid}",
        "cert_id": "Certificat n° {id}",
        "demo": "SPÉCIMEN — signé avec la clé de démonstration",
        "signatory": "L'équipe du programme",
        "conditions": "Conditions de l'examen",
        "proctored": "Examen surveillé",
        "proctored_on": "Examen surveillé (séance du {date})",
        "unproctored": "Examen passé sans surveillance",
    },
    "en": {
        "programme": "CONNEXIONS CITOYENNES",
        "tagline": "Civic technology training programme",
        "title": "Certificate of achievement",
        "awarded": "awarded to",
        "for": "for successfully completing the course",
        "score": "Final exam score: {score}%",
        "issued": "Issued on {date}",
        "verify_title": "Verify this certificate",
        "verify_scan": "Scan the QR code (offline signature check) or visit:",
        "code": "Verification code",
        "signed": "Electronically signed (Ed25519) by the programme's server · key {kid}",
        "cert_id": "Certificate no. {id}",
        "demo": "SPECIMEN — signed with the demonstration key",
        "signatory": "The programme team",
        "conditions": "Exam conditions",
        "proctored": "Supervised exam",
        "proctored_on": "Supervised exam (session of {date})",
        "unproctored": "Exam taken without supervision",
    },
}


class DocumentError(CCError):
    code = "cert_document"


def long_date(iso_date: str, lang: str) -> str:
    y, m, d = (int(x) for x in iso_date[:10].split("-"))
    month = MONTHS.get(lang, MONTHS["en"])[m - 1]
    if lang == "fr":
        return f"{'1er' if d == 1 else d} {month} {y}"
    return f"{d} {month} {y}"


def conditions_text(proctored: bool, lang: str, session_date: str | None = None) -> str:
    """The exam's conditions as a certificate states them: "Examen surveillé" only for an exam the
    facilitator co-signed (the signed payload's ``p``), "sans surveillance" otherwise."""
    t = TEXTS[lang if lang in TEXTS else "en"]
    if not proctored:
        return t["unproctored"]
    if session_date:
        return t["proctored_on"].replace("{date}", long_date(session_date[:10], lang))
    return t["proctored"]


@dataclass(frozen=True)
class CertificateView:
    id: str
    code: str
    learner_name: str
    course_id: str
    course_title: dict[str, str]
    date: str           # YYYY-MM-DD
    score: int          # percent
    payload: str        # the signed QR payload
    verify_url: str     # e.g. http://server/verify/ABCD-EFGH-JKLM
    issuer: str = ""    # key id
    demo: bool = False  # signed with the demo key
    proctored: bool = False          # the signed payload says the exam was supervised
    session_date: str | None = None  # the supervised session's day (YYYY-MM-DD)

    def title(self, lang: str) -> str:
        return self.course_title.get(lang) or next(iter(self.course_title.values()), self.course_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def extract_payload_from_pdf(path: Path) -> str:
    """The signed payload embedded in a certificate PDF (XMP metadata; compressed streams too)."""
    p = Path(path)
    if p.stat().st_size > MAX_PDF_BYTES:
        raise DocumentError(f"{p.name}: file too large for a certificate")
    data = p.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise DocumentError(f"{p.name} is not a PDF file")
    m = _XMP_RE.search(data)
    if m:
        return m.group(1).decode("ascii")
    for sm in re.finditer(rb"stream\r?\n", data):  # metadata stored compressed by another writer
        start = sm.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        try:
            d = zlib.decompressobj()
            chunk = d.decompress(data[start:end], 8 * 1024 * 1024)
        except zlib.error:
            continue
        m = _XMP_RE.search(chunk)
        if m:
            return m.group(1).decode("ascii")
    raise DocumentError(f"{p.name} carries no certificate payload")


def xmp_packet(view: CertificateView, lang: str) -> bytes:
    from xml.sax.saxutils import escape

    title = escape(f"{TEXTS[lang]['title']} — {view.learner_name} — {view.title(lang)}")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc2="{XMP_NS}">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
        f'<cc2:payload>{escape(view.payload)}</cc2:payload>'
        f'<cc2:code>{escape(view.code)}</cc2:code>'
        f'<cc2:verify>{escape(view.verify_url)}</cc2:verify>'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode("utf-8")
