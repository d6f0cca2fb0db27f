"""The certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential of type
``OpenBadgeCredential``), secured as a VC-JWT: a compact JWS, ``alg: EdDSA``, signed with the same
issuer key as the QR payload. Issued by the server beside the certificate; the learner can save it
and import it into any OB 3.0 wallet or backpack.

Only what OB 3.0 requires is filled: ``@context``, ``id``, ``type``, ``issuer`` (Profile),
``validFrom``, ``name``, ``credentialSubject`` (``type: AchievementSubject``, ``identifier`` —
a salted hash of the learner's id, not the id itself — ``achievement``, ``result``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cc2desktop.core import crypto
from cc2desktop.core.certification import keys as keymod
from cc2desktop.core.errors import CCError

CONTEXTS = ["https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


class BadgeError(CCError):
    code = "badge_invalid"


def credential(*, cert_id: str, code: str, learner_id: str, learner_name: str, course_id: str,
               course_title: dict[str, str], date: str, issued_at: str, score: int, issuer_url: str,
               issuer_name: str = "Connexions Citoyennes", proctored: bool = False) -> dict[str, Any]:
    base = issuer_url.rstrip("/")
    salt = code
    identity = "sha256$" + hashlib.sha256((learner_id + salt).encode()).hexdigest()
    lang = next(iter(course_title), "fr")
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{cert_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": base, "type": ["Profile"], "name": issuer_name, "url": base},
        "validFrom": issued_at,
        "name": course_title.get(lang, course_id),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": learner_name,
            "identifier": [{"type": "IdentityObject", "identityHash": identity, "identityType": "identifier",
                            "hashed": True, "salt": salt}],
            "achievement": {
                "id": f"{base}/courses/{course_id}", "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": course_title.get(lang, course_id),
                "description": " / ".join(f"{k}: {v}" for k, v in course_title.items()),
                "criteria": {"narrative": "Required capsules and practice quizzes completed; final exam passed "
                                          "(graded by the programme's server)."},
            },
            "result": [{"type": ["Result"], "value": f"{score}%"}],
        },
        "evidence": [{"id": f"{base}/verify/{code}", "type": ["Evidence"], "name": code,
                      "description": "Final exam taken in a supervised session (examen surveillé)." if proctored
                      else "Final exam taken without supervision."}],
    }


def sign_jwt(cred: dict[str, Any], key: Ed25519PrivateKey) -> str:
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": keymod.key_id(key.public_key())}
    h = crypto.b64url(json.dumps(header, separators=(",", ":")).encode())
    p = crypto.b64url(json.dumps(cred, ensure_ascii=False, separators=(",", ":")).encode())
    return f"{h}.{p}.{crypto.b64url(key.sign(f'{h}.{p}'.encode('ascii')))}"


def verify_jwt(token: str, trusted: dict[str, Ed25519PublicKey]) -> dict[str, Any]:
    try:
        h, p, s = token.strip().split(".")
        header = json.loads(crypto.b64url_decode(h))
        cred = json.loads(crypto.b64url_decode(p))
        sig = crypto.b64url_decode(s)
    except (ValueError, TypeError) as exc:
        raise BadgeError(f"not a signed badge ({exc})") from exc
    if header.get("alg") != "EdDSA":
        raise BadgeError("unsupported badge signature algorithm")
    pub = trusted.get(str(header.get("kid")))
    if pub is None:
        raise BadgeError(f"badge signed by an unknown issuer key ({header.get('kid')})")
    if not crypto.verify(pub, sig, f"{h}.{p}".encode("ascii")):
        raise BadgeError("the badge's signature does not match its content (altered or forged)")
    if "OpenBadgeCredential" not in (cred.get("type") or []):
        raise BadgeError("not an Open Badges credential")
    return cred
