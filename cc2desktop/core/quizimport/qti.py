"""QTI → course-format questions: QTI 2.1 and 3.0 items (a single item file or an IMS content package
zip with ``imsmanifest.xml``) and QTI 1.2 (IMS Common Cartridge and LMS exports).

QTI 2.x/3.0: the item's one block interaction, or its inline interactions, become one question;
scores follow its response processing (``match_correct``: all or nothing; ``map_response``: the
mapped values as weights). QTI 1.2: the ``cc_profile`` (or the LMS's ``question_type``) and the
``resprocessing`` conditions give the type and the right answers. See docs/quiz-import.md.

Packages are read in place with limits (entry count, sizes, compression ratio, paths that stay
inside the package): nothing is extracted to disk but the images questions show.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import urllib.parse
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Callable

from cc2desktop.core.quizimport.common import MAX_CHOICES, Texts, letters, to_bool, to_float
from cc2desktop.core.quizimport.model import (Blob, Item, MediaError, MediaStore, QuizImportError, Refusal, Refused,
                                              short_name)
from cc2desktop.core.quizimport.safexml import Node, clean_to_file, parse_records

UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)
MAX_ENTRIES = 10_000
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 1024 * 1024 * 1024
MAX_RATIO = 200
ITEM_TAGS = {"assessmentItem", "qti-assessment-item"}


# --- packages --------------------------------------------------------------------------------------
class _Limited(io.RawIOBase):
    """A read stream that stops (with an error) past ``limit`` bytes, whatever the zip header said."""

    def __init__(self, raw: BinaryIO, limit: int, name: str) -> None:
        self.raw, self.left, self.name = raw, limit, name

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        want = self.left + 1 if n is None or n < 0 else min(n, self.left + 1)
        b = self.raw.read(want)
        self.left -= len(b)
        if self.left < 0:
            raise QuizImportError(f"{self.name} is larger than {MAX_MEMBER // (1024 * 1024)} MB once unpacked",
                                  code="quiz_import_size")
        return b

    def readinto(self, b: Any) -> int:  # pragma: no cover - io plumbing
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)


def safe_join(base: str, href: str) -> str | None:
    """A package path for ``href`` relative to folder ``base``, or None when it leaves the package."""
    href = urllib.parse.unquote(href.split("#")[0].split("?")[0]).replace("\\", "/")
    if not href or href.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href):
        return None
    p = posixpath.normpath(posixpath.join(base, href))
    if p.startswith(("../", "/")) or p == "..":
        return None
    return p


class Package:
    def names(self) -> list[str]:
        raise NotImplementedError

    def open(self, name: str) -> BinaryIO:
        raise NotImplementedError

    def exists(self, name: str) -> bool:
        return name in self.names()


class ZipPackage(Package):
    def __init__(self, path: Path) -> None:
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise QuizImportError(f"not a readable zip package ({exc})") from exc
        infos = self.zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise QuizImportError(f"the package holds more than {MAX_ENTRIES} files", code="quiz_import_hostile")
        self.info: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for i in infos:
            name = i.filename.replace("\\", "/")
            if i.is_dir():
                continue
            norm = posixpath.normpath(name)
            if name.startswith("/") or norm.startswith("..") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
                raise QuizImportError(f"unsafe path in the package: {name[:80]!r}", code="quiz_import_hostile")
            if i.file_size > MAX_MEMBER:
                raise QuizImportError(f"{name[:80]} is larger than {MAX_MEMBER // (1024 * 1024)} MB once unpacked",
                                      code="quiz_import_size")
            if i.compress_size and i.file_size > 1024 * 1024 and i.file_size / i.compress_size > MAX_RATIO:
                raise QuizImportError(f"{name[:80]} is compressed more than {MAX_RATIO}:1 (a zip bomb?)",
                                      code="quiz_import_hostile")
            total += i.file_size
            if total > MAX_TOTAL:
                raise QuizImportError("the package is larger than 1 GB once unpacked", code="quiz_import_hostile")
            self.info[norm] = i
        self._lower = {k.lower(): k for k in self.info}

    def names(self) -> list[str]:
        return list(self.info)

    def exists(self, name: str) -> bool:
        return name in self.info or name.lower() in self._lower

    def open(self, name: str) -> BinaryIO:
        key = name if name in self.info else self._lower.get(name.lower())
        if key is None:
            raise KeyError(name)
        try:
            raw = self.zf.open(self.info[key])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as exc:
            raise Refused(f"{name} cannot be unpacked ({exc})") from exc
        return io.BufferedReader(_Limited(raw, MAX_MEMBER, name), 1 << 16)  # type: ignore[arg-type]

    def close(self) -> None:
        self.zf.close()


class DirPackage(Package):
    """A single item file on disk: its images are looked up beside it (never above its folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def names(self) -> list[str]:
        return []

    def exists(self, name: str) -> bool:
        p = (self.folder / name).resolve()
        return p.is_file() and self.folder in p.parents

    def open(self, name: str) -> BinaryIO:
        p = (self.folder / name).resolve()
        if self.folder not in p.parents or not p.is_file():
            raise KeyError(name)
        return open(p, "rb")

    def close(self) -> None:
        return None


# --- entry point ------------------------------------------------------------------------------------
def read(path: Path, media: MediaStore) -> list[Item | Refusal]:
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic.startswith(b"PK"):
        pkg = ZipPackage(path)
        try:
            return _read_package(pkg, media)
        finally:
            pkg.close()
    # an item of an unpacked package may show ../images/x.png: images resolve from the package's
    # folder (the one holding imsmanifest.xml, up to two levels up), never above it
    folder = path.parent.resolve()
    root = next((d for d in [folder, *list(folder.parents)[:2]] if (d / "imsmanifest.xml").is_file()), folder)
    pkg2 = DirPackage(root)
    with open(path, "rb") as fh:
        base = path.parent.resolve().relative_to(root).as_posix().strip(".")
        return _read_xml(fh, path.name, base, pkg2, media, top=True)


def _read_package(pkg: ZipPackage, media: MediaStore) -> list[Item | Refusal]:
    files: list[str] = []
    manifest = next((n for n in pkg.names() if n.lower() == "imsmanifest.xml"), None)
    if manifest is not None:
        try:
            with pkg.open(manifest) as fh:
                root = _parse_whole(fh, {"manifest"})
        except (Refused, QuizImportError, *UNPACK_ERRORS):
            root = None  # a broken manifest: look at the files themselves
        if root is not None:
            for res in root.iter("resource"):
                rtype = (res.attrs.get("type") or "").lower()
                if "imsqti" not in rtype and "assessment" not in rtype and "question-bank" not in rtype:
                    continue
                if "test" in rtype and "item" not in rtype and "xmlv1p2" not in rtype:
                    continue  # a QTI 2 test lists items that are resources of their own
                base = posixpath.dirname(res.attrs.get("base", "") or "")
                hrefs = [res.attrs.get("href")] + [f.attrs.get("href") for f in res.findall("file")]
                for h in hrefs:
                    if not h or not h.lower().endswith(".xml"):
                        continue
                    p = safe_join(base, h)
                    if p and pkg.exists(p) and p not in files:
                        files.append(p)
                        break
    if not files:  # no manifest (or none naming items): every XML file that looks like QTI
        for n in sorted(pkg.names()):
            if n.lower().endswith(".xml") and n.lower() != "imsmanifest.xml":
                try:
                    with pkg.open(n) as fh:
                        head = fh.read(4096).lower()
                except (Refused, QuizImportError, *UNPACK_ERRORS):
                    continue
                if b"assessmentitem" in head or b"qti-assessment-item" in head or b"questestinterop" in head:
                    files.append(n)
    if not files:
        raise QuizImportError("no QTI item in the package (imsmanifest.xml names none)", line=None)
    results: list[Item | Refusal] = []
    for name in files:
        try:
            with pkg.open(name) as fh:
                results += _read_xml(fh, name, posixpath.dirname(name), pkg, media, top=False)
        except QuizImportError as exc:
            if exc.code == "quiz_import_hostile":
                raise
            results.append(Refusal(name, exc.line, exc.message))
        except Refused as exc:
            results.append(Refusal(name, None, exc.reason))
        except UNPACK_ERRORS as exc:
            results.append(Refusal(name, None, f"cannot be unpacked ({exc})"))
    return results


def _parse_whole(fh: BinaryIO, tags: set[str]) -> Node | None:
    got: list[Node] = []
    clean = clean_to_file(fh)
    try:
        parse_records(clean, tags, got.append)
    finally:
        clean.unlink(missing_ok=True)
    return got[0] if got else None


def _read_xml(fh: BinaryIO, name: str, base: str, pkg: Package, media: MediaStore, *,
              top: bool) -> list[Item | Refusal]:
    clean = clean_to_file(fh)
    results: list[Item | Refusal] = []

    def on_record(node: Node) -> None:
        _normalise(node)
        results.append(_guarded(node, name, base, pkg, media, top))

    try:
        problems, root = parse_records(clean, ITEM_TAGS | {"item"}, on_record, media=None, resume_tag="item")
    finally:
        clean.unlink(missing_ok=True)
    if root is None or (not results and root not in ("assessmentItem", "qti-assessment-item", "questestinterop")):
        if root in ("assessmentTest", "qti-assessment-test"):
            raise QuizImportError("an assessment test only points to item files: import the package (zip) instead",
                                  line=1)
        raise QuizImportError(f"not a QTI file (its root element is <{root}>)" if root else "not a QTI file", line=1)
    for p in problems:
        if p.in_record:
            results.append(Refusal(name if not top else "?", p.line, p.reason))
        elif not results:
            raise QuizImportError(p.reason, line=p.line)
    return results


_KEBAB = re.compile(r"-([a-z])")


def _camel(s: str) -> str:
    if s.startswith("qti-"):
        s = s[4:]
    return _KEBAB.sub(lambda m: m.group(1).upper(), s)


def _normalise(root: Node) -> None:
    """QTI 3 spells ``qti-choice-interaction response-identifier=…``: bring it to QTI 2's names."""
    for n in root.iter():
        if n.tag.startswith("qti-"):
            n.tag = _camel(n.tag)
            n.attrs = {(_camel(k) if "-" in k else k): v for k, v in n.attrs.items()}


def _guarded(node: Node, fname: str, base: str, pkg: Package, media: MediaStore, top: bool) -> Item | Refusal:
    title = node.attrs.get("title") or node.attrs.get("identifier") or node.attrs.get("ident") or fname
    name = short_name(title, f"item at line {node.line}") + ("" if top else f" ({fname})")
    try:
        if node.tag == "item":
            return _qti12(node, base, pkg, media, name)
        return _qti2(node, base, pkg, media, name)
    except Refused as exc:
        return Refusal(name, node.line, exc.reason)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        return Refusal(name, node.line, f"cannot be read: {type(exc).__name__}: {exc}")


def _image_resolver(pkg: Package, base: str, media: MediaStore) -> Callable[[str], Blob | None]:
    cache: dict[str, Blob | None] = {}

    def resolve(src: str) -> Blob | None:
        s = src.replace("%24IMS-CC-FILEBASE%24", "$IMS-CC-FILEBASE$")
        if s.startswith("$IMS-CC-FILEBASE$"):
            p = safe_join("", s[len("$IMS-CC-FILEBASE$"):].lstrip("/"))
            if p and not pkg.exists(p):
                p = safe_join(base, s[len("$IMS-CC-FILEBASE$"):].lstrip("/"))
        else:
            p = safe_join(base, s)
        if p is None or not pkg.exists(p):
            return None
        if p not in cache:
            try:
                with pkg.open(p) as fh:
                    cache[p] = media.add_stream(posixpath.basename(p), fh)
            except MediaError as exc:
                raise Refused(str(exc)) from exc
            except UNPACK_ERRORS as exc:
                raise Refused(f"image {p} cannot be unpacked ({exc})") from exc
        return cache[p]

    return resolve


# --- HTML out of item bodies -----------------------------------------------------------------------
_INTERACTIONS = {
    "choiceInteraction", "orderInteraction", "matchInteraction", "associateInteraction", "textEntryInteraction",
    "inlineChoiceInteraction", "extendedTextInteraction", "gapMatchInteraction", "hottextInteraction",
    "hotspotInteraction", "graphicOrderInteraction", "graphicAssociateInteraction", "graphicGapMatchInteraction",
    "selectPointInteraction", "positionObjectInteraction", "sliderInteraction", "uploadInteraction",
    "drawingInteraction", "mediaInteraction", "customInteraction", "endAttemptInteraction",
    "portableCustomInteraction", "positionObjectStage",
}
_INLINE = {"textEntryInteraction", "inlineChoiceInteraction", "endAttemptInteraction"}
_SKIP = {"feedbackInline", "feedbackBlock", "rubricBlock", "templateBlock", "templateInline", "printedVariable",
         "stylesheet", "responseDeclaration", "outcomeDeclaration", "templateDeclaration", "responseProcessing",
         "modalFeedback", "prompt", "companionMaterialsInfo"}
_VOID = {"br", "hr", "img"}


def _html(node: Node, replace: Callable[[Node], str | None] | None = None) -> str:
    """Serialise a node's content back to HTML (the sanitiser filters it afterwards)."""
    out: list[str] = []

    def walk(n: Node) -> None:
        for c in n.children:
            if isinstance(c, str):
                out.append(html.escape(c, quote=False))
                continue
            if replace is not None:
                r = replace(c)
                if r is not None:
                    out.append(r)
                    continue
            if c.tag in _SKIP:
                continue
            if c.tag == "math":  # MathML: its text, as text
                out.append(html.escape(" ".join(c.all_text().split()), quote=False))
                continue
            if c.tag == "object" and (c.attrs.get("type", "").startswith("image/")):
                out.append(f'<img src="{html.escape(c.attrs.get("data", ""), quote=True)}" />')
                continue
            attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in c.attrs.items()
                            if k in ("src", "alt", "width", "height", "colspan", "rowspan"))
            if c.tag in _VOID:
                out.append(f"<{c.tag}{attrs} />")
                continue
            out.append(f"<{c.tag}{attrs}>")
            walk(c)
            out.append(f"</{c.tag}>")

    walk(node)
    return "".join(out)


def _choice_text(texts: Texts, c: Node) -> tuple[str, str | None]:
    """(plain text of a choice, HTML of its inline feedback)."""
    fb_nodes = [n for n in c.elements() if n.tag in ("feedbackInline", "feedbackBlock")]
    fb = "".join(texts.html(_html(n)) for n in fb_nodes) or None
    return texts.plain(_html(c), "html", "a choice"), fb


# --- QTI 2.x / 3.0 ---------------------------------------------------------------------------------
class _Decl:
    def __init__(self, node: Node) -> None:
        self.id = node.attrs.get("identifier", "")
        self.cardinality = node.attrs.get("cardinality", "single")
        self.base_type = node.attrs.get("baseType", "identifier")
        cr = node.find("correctResponse")
        self.correct = [v.all_text().strip() for v in cr.findall("value")] if cr is not None else []
        m = node.find("mapping")
        self.mapping: dict[str, float] = {}
        self.case_sensitive = True
        self.lower = self.upper = None
        self.default = 0.0
        if m is not None:
            self.lower = to_float(m.attrs.get("lowerBound"))
            self.upper = to_float(m.attrs.get("upperBound"))
            self.default = to_float(m.attrs.get("defaultValue"), 0.0) or 0.0
            flags = []
            for e in m.findall("mapEntry"):
                key = e.attrs.get("mapKey", "")
                self.mapping[key] = to_float(e.attrs.get("mappedValue"), 0.0) or 0.0
                flags.append(to_bool(e.attrs.get("caseSensitive"), True))
            self.case_sensitive = all(flags) if flags else True


def _rp_kind(item: Node, decl: _Decl | None) -> str:
    rp = item.find("responseProcessing")
    if rp is None:
        return "map_response" if decl is not None and decl.mapping and not decl.correct else "match_correct"
    tmpl = (rp.attrs.get("template") or rp.attrs.get("templateLocation") or "").lower()
    if "map_response_point" in tmpl:
        raise Refused("area-based scoring (map_response_point) is not supported")
    if "map_response" in tmpl:
        return "map_response"
    if "match_correct" in tmpl:
        return "match_correct"
    body = " ".join(n.tag for n in rp.iter())
    return "map_response" if "mapResponse" in body else "match_correct"


def _max_score(item: Node, decl: _Decl) -> float:
    if decl.upper is not None and decl.upper > 0:
        return decl.upper
    for od in item.findall("outcomeDeclaration"):
        if od.attrs.get("identifier") == "MAXSCORE":
            dv = od.find("defaultValue")
            value_node = dv.find("value") if dv is not None else None
            v = to_float(value_node.all_text() if value_node is not None else None)
            if v and v > 0:
                return v
        if od.attrs.get("identifier") == "SCORE" and to_float(od.attrs.get("normalMaximum")):
            return float(od.attrs["normalMaximum"])
    positive = [v for v in decl.mapping.values() if v > 0]
    if decl.cardinality == "single":
        return max(positive, default=1.0)
    return sum(positive) or 1.0


def _modal_feedback(item: Node, texts: Texts) -> dict[str, str]:
    out: dict[str, str] = {}
    for mf in item.findall("modalFeedback"):
        ident = (mf.attrs.get("identifier") or "").strip()
        t = texts.html(_html(mf))
        if t:
            out[ident] = t
    return out


_OUTCOME_NAMES = {"correct": "right", "right": "right", "true": "right", "pass": "right", "correct_fb": "right",
                  "incorrect": "wrong", "wrong": "wrong", "false": "wrong", "fail": "wrong", "incorrect_fb": "wrong",
                  "partial": "partial", "partially_correct": "partial"}


def _qti2(item: Node, base: str, pkg: Package, media: MediaStore, name: str) -> Item:
    texts = Texts(media, resolve=_image_resolver(pkg, base, media))
    body = item.find("itemBody")
    if body is None:
        raise Refused("the item has no itemBody")
    decls = {d.attrs.get("identifier", ""): _Decl(d) for d in item.findall("responseDeclaration")}
    inter = [n for n in body.iter() if n.tag in _INTERACTIONS]
    if not inter:
        raise Refused("the item has no interaction (nothing to answer)")
    blocks = [n for n in inter if n.tag not in _INLINE]
    inline = [n for n in inter if n.tag in _INLINE and n.tag != "endAttemptInteraction"]
    modal = _modal_feedback(item, texts)
    q: dict[str, Any]
    if blocks and (len(blocks) > 1 or inline):
        raise Refused("the item has several interactions; only one (or inline blanks) per item is supported")
    if blocks:
        it = blocks[0]
        decl = decls.get(it.attrs.get("responseIdentifier", ""))
        if it.tag == "extendedTextInteraction":
            raise Refused("extended text (essay) responses are marked by a teacher; the app grades automatically")
        if decl is None:
            raise Refused(f"{it.tag} has no response declaration")
        prompt_node = it.find("prompt")
        prompt = texts.html(_html(body, lambda n: "" if n is it else None)
                            + ("<p>" + _html(prompt_node) + "</p>" if prompt_node is not None else ""))
        converters: dict[str, Callable[..., dict]] = {
            "choiceInteraction": _choice, "orderInteraction": _order, "matchInteraction": _match,
            "associateInteraction": _associate, "gapMatchInteraction": _gap_match}
        conv = converters.get(it.tag)
        if conv is None:
            raise Refused(f"{it.tag} is not supported")
        if it.tag == "gapMatchInteraction":
            q = _gap_match(item, it, decl, texts, body)
        else:
            q = {"prompt": prompt, **conv(item, it, decl, texts, modal)}
    else:
        q = _inline(item, body, inline, decls, texts)
    outcome = {}
    for ident, t in modal.items():
        key = _OUTCOME_NAMES.get(ident.lower())
        if key:
            outcome[key] = t
    if outcome:
        q["outcome_feedback"] = outcome
    return Item(q, name, item.line, item.tag, list(texts.images), item.attrs.get("identifier"))


def _weights_from_mapping(item: Node, decl: _Decl, ids_src: list[str]) -> dict[str, float]:
    top = _max_score(item, decl)
    out = {}
    for k in ids_src:
        v = decl.mapping.get(k, decl.default)
        if v:
            out[k] = round(max(-1.0, min(1.0, v / top)), 7)
    return out


def _choice(item: Node, it: Node, decl: _Decl, texts: Texts, modal: dict[str, str]) -> dict:
    src = it.findall("simpleChoice")
    if len(src) < 2:
        raise Refused("a choice interaction needs at least two choices")
    if len(src) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} choices")
    src_ids = [c.attrs.get("identifier", "") for c in src]
    ids = letters(len(src))
    by_src = dict(zip(src_ids, ids))
    choices = []
    for cid, c, sid in zip(ids, src, src_ids):
        text, fb = _choice_text(texts, c)
        entry: dict[str, Any] = {"id": cid, "text": text}
        fb = fb or modal.get(sid)
        if fb:
            entry["feedback"] = fb
        choices.append(entry)
    kind = _rp_kind(item, decl)
    single = decl.cardinality == "single" or it.attrs.get("maxChoices") == "1"
    shuffle = to_bool(it.attrs.get("shuffle"), False)
    if kind == "map_response" and decl.mapping:
        w = {by_src[k]: v for k, v in _weights_from_mapping(item, decl, src_ids).items()}
        if single:
            best = max(ids, key=lambda i: w.get(i, 0.0))
            if w.get(best, 0.0) <= 0:
                raise Refused("no choice scores any point")
            return {"type": "single", "choices": choices, "answer": best, "weights": w, "shuffle": shuffle}
        right = [i for i in ids if w.get(i, 0.0) > 0]
        if not right:
            raise Refused("no choice scores any point")
        return {"type": "multiple", "choices": choices, "answer": right, "weights": w, "shuffle": shuffle}
    correct = [by_src[v] for v in decl.correct if v in by_src]
    if not correct:
        raise Refused("no correct response is declared")
    if single:
        return {"type": "single", "choices": choices, "answer": correct[0], "shuffle": shuffle}
    return {"type": "multiple", "choices": choices, "answer": correct, "grading": "all_or_nothing", "shuffle": shuffle}


def _order(item: Node, it: Node, decl: _Decl, texts: Texts, modal: dict[str, str]) -> dict:
    src = it.findall("simpleChoice")
    if len(src) < 2 or len(src) > MAX_CHOICES:
        raise Refused(f"an order interaction needs 2 to {MAX_CHOICES} items")
    src_ids = [c.attrs.get("identifier", "") for c in src]
    ids = letters(len(src))
    by_src = dict(zip(src_ids, ids))
    if sorted(decl.correct) != sorted(src_ids):
        raise Refused("the correct order does not list every item once")
    items = [{"id": i, "text": _choice_text(texts, c)[0]} for i, c in zip(ids, src)]
    return {"type": "ordering", "items": items, "answer": [by_src[v] for v in decl.correct],
            "grading": "all_or_nothing"}


def _pairs(values: list[str]) -> list[tuple[str, str]]:
    out = []
    for v in values:
        parts = v.split()
        if len(parts) != 2:
            raise Refused(f"pair {v!r} is not two identifiers")
        out.append((parts[0], parts[1]))
    return out


def _matching_from(left_src: list[Node], right_src: list[Node], pairs: list[tuple[str, str]], texts: Texts,
                   item: Node, decl: _Decl, kind: str) -> dict:
    lid = {c.attrs.get("identifier", ""): f"l{i + 1}" for i, c in enumerate(left_src)}
    rid = {c.attrs.get("identifier", ""): f"r{i + 1}" for i, c in enumerate(right_src)}
    answer: dict[str, str] = {}
    for a, b in pairs:
        if a in rid and b in lid:
            a, b = b, a
        if a not in lid or b not in rid:
            raise Refused(f"pair {a} {b} names unknown choices")
        if lid[a] in answer:
            raise Refused("an item matches several others; the app matches each item to one")
        answer[lid[a]] = rid[b]
    if sorted(answer) != sorted(lid.values()):
        raise Refused("an item on the left has no match; the app needs a match for each")
    if len(left_src) > MAX_CHOICES or len(right_src) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} items on one side")
    out: dict[str, Any] = {"type": "matching",
                           "left": [{"id": lid[c.attrs.get("identifier", "")], "text": _choice_text(texts, c)[0]}
                                    for c in left_src],
                           "right": [{"id": rid[c.attrs.get("identifier", "")], "text": _choice_text(texts, c)[0]}
                                     for c in right_src],
                           "answer": answer}
    if kind == "match_correct":
        out["grading"] = "all_or_nothing"
    else:
        vals = {decl.mapping.get(f"{a} {b}", decl.mapping.get(f"{b} {a}", decl.default)) for a, b in pairs}
        if len(vals) != 1 or any(v < 0 for v in decl.mapping.values()):
            raise Refused("pairs score differently; the app scores every pair the same")
    return out


def _match(item: Node, it: Node, decl: _Decl, texts: Texts, modal: dict[str, str]) -> dict:
    sets = it.findall("simpleMatchSet")
    if len(sets) != 2:
        raise Refused("a match interaction needs two sets")
    left, right = sets[0].findall("simpleAssociableChoice"), sets[1].findall("simpleAssociableChoice")
    kind = _rp_kind(item, decl)
    pairs = _pairs(decl.correct) if decl.correct else _pairs([k for k, v in decl.mapping.items() if v > 0])
    if not pairs:
        raise Refused("no correct pairs are declared")
    return _matching_from(left, right, pairs, texts, item, decl, kind)


def _associate(item: Node, it: Node, decl: _Decl, texts: Texts, modal: dict[str, str]) -> dict:
    choices = it.findall("simpleAssociableChoice")
    by_id = {c.attrs.get("identifier", ""): c for c in choices}
    kind = _rp_kind(item, decl)
    pairs = _pairs(decl.correct) if decl.correct else _pairs([k for k, v in decl.mapping.items() if v > 0])
    if not pairs:
        raise Refused("no correct pairs are declared")
    seen: set[str] = set()
    for a, b in pairs:
        if a in seen or b in seen or a not in by_id or b not in by_id:
            raise Refused("these associations cannot be shown as matching (a choice is in several pairs)")
        seen |= {a, b}
    left = [by_id[a] for a, _ in pairs]
    right = [by_id[b] for _, b in pairs] + [c for k, c in by_id.items() if k not in seen]
    return _matching_from(left, right, pairs, texts, item, decl, kind)


def _gap_match(item: Node, it: Node, decl: _Decl, texts: Texts, body: Node) -> dict:
    words = it.findall("gapText") + it.findall("gapImg")
    if any(w.tag == "gapImg" for w in words):
        raise Refused("image gaps are not supported")
    wid = [w.attrs.get("identifier", "") for w in words]
    if len(words) > MAX_CHOICES:
        raise Refused(f"more than {MAX_CHOICES} words to place")
    cids = letters(len(words))
    by_w = dict(zip(wid, cids))
    choices = [{"id": c, "text": _choice_text(texts, w)[0]} for c, w in zip(cids, words)]
    pairs = _pairs(decl.correct) if decl.correct else _pairs([k for k, v in decl.mapping.items() if v > 0])
    right_for: dict[str, str] = {}
    for a, b in pairs:
        if a not in by_w:
            a, b = b, a
        if a in by_w:
            right_for[b] = by_w[a]
    gaps: list[dict] = []
    kind = _rp_kind(item, decl)

    def repl(n: Node) -> str | None:
        if n.tag in ("gapText", "gapImg"):
            return ""
        if n.tag != "gap":
            return None
        gid = n.attrs.get("identifier", "")
        if gid not in right_for:
            raise Refused(f"gap {gid} has no right word")
        g = f"g{len(gaps) + 1}"
        gaps.append({"id": g, "type": "single", "choices": choices, "answer": right_for[gid]})
        return f"[[{g}]]"

    prompt_node = it.find("prompt")
    text = _html(body, lambda n: (_html(n, repl) if n is it else None))
    prompt = texts.html(("<p>" + _html(prompt_node) + "</p>" if prompt_node is not None else "") + text)
    if not gaps or len(choices) < 2:
        raise Refused("no gaps to fill")
    out = {"type": "gaps", "prompt": prompt, "gaps": gaps}
    if kind == "match_correct":
        out["grading"] = "all_or_nothing"
    return out


def _inline(item: Node, body: Node, inline: list[Node], decls: dict[str, _Decl], texts: Texts) -> dict:
    gaps: list[dict] = []
    for n in inline:
        decl = decls.get(n.attrs.get("responseIdentifier", ""))
        if decl is None:
            raise Refused(f"{n.tag} has no response declaration")
        gid = f"g{len(gaps) + 1}"
        if len(inline) == 1:
            kind = _rp_kind(item, decl)
        else:
            kind = "map_response" if decl.mapping and not decl.correct else "match_correct"
        if n.tag == "inlineChoiceInteraction":
            src = n.findall("inlineChoice")
            if len(src) < 2 or len(src) > MAX_CHOICES:
                raise Refused(f"a drop-down needs 2 to {MAX_CHOICES} choices")
            sid = [c.attrs.get("identifier", "") for c in src]
            ids = letters(len(src))
            by = dict(zip(sid, ids))
            gap: dict[str, Any] = {"id": gid, "type": "single", "choices": [
                {"id": i, "text": _choice_text(texts, c)[0]} for i, c in zip(ids, src)]}
            if kind == "map_response" and decl.mapping:
                weights = {by[k]: v for k, v in _weights_from_mapping(item, decl, sid).items()}
                gap["answer"] = max(ids, key=lambda i: weights.get(i, 0.0))
                gap["weights"] = weights
            else:
                right = [by[v] for v in decl.correct if v in by]
                if not right:
                    raise Refused("a drop-down has no correct response")
                gap["answer"] = right[0]
        else:
            numeric = decl.base_type in ("float", "integer")
            values = list(decl.correct)
            entries = []
            top = _max_score(item, decl) if decl.mapping else 1.0
            if kind == "map_response" and decl.mapping:
                for k, v in decl.mapping.items():
                    entries.append((k, round(max(-1.0, min(1.0, v / top)), 7)))
            for val in values:
                if val not in [e[0] for e in entries]:
                    entries.append((val, 1.0))
            if not any(w > 0 for _, w in entries):
                raise Refused("a blank has no correct response")
            if numeric:
                accept = []
                for k, w in entries:
                    x = to_float(k)
                    if x is None:
                        raise Refused(f"{k!r} is not a number")
                    e: dict[str, Any] = {"value": x}
                    if w != 1.0:
                        e["weight"] = w
                    accept.append(e)
                best = max(accept, key=lambda e: e.get("weight", 1.0))
                gap = {"id": gid, "type": "numeric", "answer": best["value"], "tolerance": 0, "accept": accept}
            else:
                accept = []
                for k, w in entries:
                    if not k.strip():
                        continue
                    e = {"text": k.strip()[:500]}
                    if w != 1.0:
                        e["weight"] = w
                    accept.append(e)
                best_w = max(e.get("weight", 1.0) for e in accept)
                gap = {"id": gid, "type": "text",
                       "answer": [e["text"] for e in accept if e.get("weight", 1.0) >= best_w],
                       "accept": accept, "match": "case_sensitive" if decl.case_sensitive else "case_insensitive"}
        gaps.append(gap)
    index = {id(n): i for i, n in enumerate(inline)}
    text = texts.html(_html(body, lambda n: f"[[g{index[id(n)] + 1}]]" if id(n) in index else None))
    if len(gaps) == 1 and gaps[0]["type"] in ("text", "numeric"):
        g = dict(gaps[0])
        g.pop("id")
        return {"prompt": text.replace("[[g1]]", "_____"), **g}
    return {"type": "gaps", "prompt": text, "gaps": gaps}


# --- QTI 1.2 (Common Cartridge, LMS exports) ---------------------------------------------------------
_CC = {
    "cc.multiple_choice.v0p1": "single", "multiple_choice_question": "single",
    "cc.multiple_response.v0p1": "multiple", "multiple_answers_question": "multiple",
    "cc.true_false.v0p1": "true_false", "true_false_question": "true_false",
    "cc.fib.v0p1": "text", "short_answer_question": "text", "cc.pattern_match.v0p1": "text",
    "numerical_question": "numeric", "matching_question": "matching",
    "cc.essay.v0p1": "essay", "essay_question": "essay", "file_upload_question": "essay",
    "text_only_question": "description", "calculated_question": "calculated",
    "fill_in_multiple_blanks_question": "unsupported", "multiple_dropdowns_question": "unsupported",
}


def _meta(item: Node) -> dict[str, str]:
    out = {}
    for f in item.iter("qtimetadatafield"):
        label = f.find("fieldlabel")
        entry = f.find("fieldentry")
        if label is not None and entry is not None:
            out[label.all_text().strip()] = entry.all_text().strip()
    return out


def _material(texts: Texts, node: Node | None, plain: bool = False, what: str = "an answer") -> str:
    if node is None:
        return ""
    parts = []
    for m in node.iter():
        if m.tag == "mattext":
            ttype = (m.attrs.get("texttype") or "text/plain").lower()
            raw = m.all_text()
            parts.append((raw, "html" if "html" in ttype else "plain_text"))
        elif m.tag == "matimage" and m.attrs.get("uri"):
            parts.append((f'<img src="{html.escape(m.attrs["uri"], quote=True)}" />', "html"))
        elif m.tag == "mat_extension" or m.tag == "matbreak":
            parts.append(("<br />", "html"))
    if plain:
        return " ".join(p for p in (texts.plain(raw, fmt, what) for raw, fmt in parts) if p).strip()
    return "".join(texts.html(raw, fmt) for raw, fmt in parts)


def _conditions(item: Node) -> list[tuple[Node, float, list[str]]]:
    """(condition, score it sets or adds, feedback ids it displays) for each respcondition."""
    out = []
    for rc in item.iter("respcondition"):
        cv = rc.find("conditionvar")
        score = 0.0
        for sv in rc.findall("setvar"):
            if (sv.attrs.get("varname") or "SCORE").upper() in ("SCORE", "QUE_SCORE"):
                score = to_float(sv.all_text(), 0.0) or 0.0
        fbs = [d.attrs.get("linkrefid", "") for d in rc.findall("displayfeedback")]
        if cv is not None:
            out.append((cv, score, fbs))
    return out


def _positive(cv: Node) -> list[Node]:
    """varequal/varsubstring/… under a condition, not under <not>."""
    out = []
    stack = [cv]
    while stack:
        n = stack.pop()
        for c in n.elements():
            if c.tag == "not":
                continue
            if c.tag in ("varequal", "varsubstring", "vargte", "varlte", "vargt", "varlt"):
                out.append(c)
            else:
                stack.append(c)
    return out


def _question_materials(pres: Node) -> list[Node]:
    """The presentation's material outside the responses (the question text)."""
    out: list[Node] = []
    stack = [pres]
    while stack:
        n = stack.pop()
        for c in reversed(n.elements()):
            if c.tag.startswith("response_"):
                continue
            if c.tag == "material":
                out.append(c)
            else:
                stack.append(c)
    return sorted(out, key=lambda m: m.line)


def _qti12(item: Node, base: str, pkg: Package, media: MediaStore, name: str) -> Item:
    texts = Texts(media, resolve=_image_resolver(pkg, base, media))
    meta = _meta(item)
    profile = meta.get("cc_profile") or meta.get("question_type") or ""
    kind = _CC.get(profile)
    pres = item.find("presentation")
    if pres is None:
        raise Refused("the item has no presentation")
    lids = list(pres.iter("response_lid"))
    strs = list(pres.iter("response_str")) + list(pres.iter("response_num"))
    if kind is None:
        if len(lids) == 1 and not strs:
            kind = "multiple" if (lids[0].attrs.get("rcardinality", "Single").lower() == "multiple") else "single"
        elif strs and not lids:
            kind = "numeric" if list(pres.iter("response_num")) else "text"
        else:
            raise Refused(f"question profile {profile or 'unknown'!r} is not supported")
    if kind == "essay":
        raise Refused("essay responses are marked by a teacher; the app grades automatically")
    if kind == "calculated":
        raise Refused("calculated questions draw new numbers for each attempt; export it as a numerical question")
    if kind == "unsupported":
        raise Refused(f"question type {profile!r} is not supported; rewrite it as one question per blank")
    # the question text: the presentation's material outside the responses
    prompt = "".join(_material(texts, m) for m in _question_materials(pres))
    feedback = {}
    for f in item.findall("itemfeedback"):
        t = "".join(_material(texts, m) for m in f.iter("material"))
        if t:
            feedback[f.attrs.get("ident", "")] = t
    conds = _conditions(item)
    decvar = next(iter(item.iter("decvar")), None)
    top = to_float(decvar.attrs.get("maxvalue") if decvar is not None else None, 100.0) or 100.0
    q: dict[str, Any] = {"prompt": prompt}
    general = [feedback[k] for k in ("general_fb", "general") if k in feedback]
    if general:
        q["explanation"] = "".join(general)
    outcome = {}
    if feedback.get("correct_fb"):
        outcome["right"] = feedback["correct_fb"]
    if feedback.get("general_incorrect_fb"):
        outcome["wrong"] = feedback["general_incorrect_fb"]
    if outcome:
        q["outcome_feedback"] = outcome

    if kind in ("single", "multiple", "true_false"):
        if len(lids) != 1:
            raise Refused("a choice item needs exactly one response list")
        labels = list(lids[0].iter("response_label"))
        rc = next(iter(lids[0].iter("render_choice")), None)
        shuffle = rc is not None and to_bool(rc.attrs.get("shuffle"), False)
        if len(labels) < 2 or len(labels) > MAX_CHOICES:
            raise Refused(f"a choice item needs 2 to {MAX_CHOICES} choices")
        src = [lab.attrs.get("ident", "") for lab in labels]
        ids = letters(len(labels))
        by = dict(zip(src, ids))
        choices = [{"id": i, "text": _material(texts, lab, plain=True, what="a choice") or "—"}
                   for i, lab in zip(ids, labels)]
        scores: dict[str, float] = {}
        all_of: list[str] | None = None
        for cv, score, fbs in conds:
            pos = [v.all_text().strip() for v in _positive(cv) if v.tag == "varequal"]
            for fb in fbs:
                if len(pos) == 1 and pos[0] in by and fb in feedback:
                    c = choices[ids.index(by[pos[0]])]
                    c.setdefault("feedback", feedback[fb])
            if score > 0 and pos:
                if len(pos) > 1 or cv.find("and") is not None:
                    all_of = [by[p] for p in pos if p in by]
                else:
                    for p in pos:
                        if p in by:
                            scores[by[p]] = max(scores.get(by[p], 0.0), score / top)
        if kind == "true_false":
            true_id = next((i for i, sc in scores.items() if sc >= 1.0), None)
            truth = {i: str(c["text"]).strip().lower() for i, c in zip(ids, choices)}
            if true_id is not None and len(ids) == 2 and set(truth.values()) <= {"true", "false", "vrai", "faux"}:
                return Item({**q, "type": "true_false", "answer": truth[true_id] in ("true", "vrai")}, name, item.line,
                            profile or "true_false", list(texts.images))
            kind = "single"
        if kind == "single":
            if not scores:
                raise Refused("no choice is marked right")
            best_id = max(scores, key=lambda k: scores[k])
            out: dict[str, Any] = {**q, "type": "single", "choices": choices, "answer": best_id, "shuffle": shuffle}
            if any(v != 1.0 for v in scores.values()) or len(scores) > 1:
                out["weights"] = {k: round(min(1.0, v), 7) for k, v in scores.items()}
            return Item(out, name, item.line, profile or "single", list(texts.images))
        right = all_of if all_of else [k for k in ids if scores.get(k, 0) > 0]
        if not right:
            raise Refused("no choice is marked right")
        return Item({**q, "type": "multiple", "choices": choices, "answer": right, "grading": "all_or_nothing",
                     "shuffle": shuffle},
                    name, item.line, profile or "multiple", list(texts.images))
    if kind == "text":
        accept = []
        case = False
        for cv, score, _fbs in conds:
            if score <= 0:
                continue
            for v in _positive(cv):
                t = v.all_text().strip()
                if not t:
                    continue
                if v.attrs.get("case", "No").lower() == "yes":
                    case = True
                pattern = f"*{t}*" if v.tag == "varsubstring" else t
                e: dict[str, Any] = {"text": pattern[:500]}
                if score / top != 1.0:
                    e["weight"] = round(max(-1.0, min(1.0, score / top)), 7)
                accept.append(e)
        if not accept:
            raise Refused("no accepted answer is declared")
        best = max(e.get("weight", 1.0) for e in accept)
        return Item({**q, "type": "text", "answer": [e["text"] for e in accept if e.get("weight", 1.0) >= best],
                     "accept": accept, "match": "case_sensitive" if case else "case_insensitive", "wildcard": True},
                    name, item.line, profile or "text", list(texts.images))
    if kind == "numeric":
        accept = []
        for cv, score, _fbs in conds:
            if score <= 0:
                continue
            ops = {v.tag: to_float(v.all_text()) for v in _positive(cv)}
            w = round(max(-1.0, min(1.0, score / top)), 7)
            if ops.get("varequal") is not None:
                e = {"value": ops["varequal"]}
            else:
                lo = ops.get("vargte", ops.get("vargt"))
                hi = ops.get("varlte", ops.get("varlt"))
                if lo is None or hi is None:
                    continue
                e = {"value": (lo + hi) / 2, "tolerance": abs(hi - lo) / 2}
            if w != 1.0:
                e["weight"] = w
            accept.append(e)
        if not accept:
            raise Refused("no accepted number is declared")
        best_entry = max(accept, key=lambda e: e.get("weight", 1.0))
        return Item({**q, "type": "numeric", "answer": best_entry["value"], "tolerance": best_entry.get("tolerance", 0),
                     "accept": accept}, name, item.line, profile or "numeric", list(texts.images))
    if kind == "matching":
        left: list[dict[str, str]] = []
        right_side: list[dict[str, str]] = []
        answer: dict[str, str] = {}
        rids: dict[str, str] = {}
        for n, lid_node in enumerate(lids, 1):
            lid = f"l{n}"
            stem = _material(texts, lid_node.find("material"), plain=True, what="an item")
            left.append({"id": lid, "text": stem or "—"})
            for lab in lid_node.iter("response_label"):
                t = _material(texts, lab, plain=True, what="a match") or "—"
                if t not in rids:
                    rids[t] = f"r{len(rids) + 1}"
                    right_side.append({"id": rids[t], "text": t})
            label_texts = {lab.attrs.get("ident", ""): _material(texts, lab, plain=True) or "—"
                           for lab in lid_node.iter("response_label")}
            for cv, score, _ in conds:
                for v in _positive(cv):
                    if v.attrs.get("respident") == lid_node.attrs.get("ident") and score > 0:
                        label = label_texts.get(v.all_text().strip())
                        if label is not None:
                            answer[lid] = rids[label]
        if sorted(answer) != sorted(x["id"] for x in left):
            raise Refused("an item has no right match")
        if len(left) > MAX_CHOICES or len(right_side) > MAX_CHOICES:
            raise Refused(f"more than {MAX_CHOICES} items on one side")
        return Item({**q, "type": "matching", "left": left, "right": right_side, "answer": answer}, name, item.line,
                    profile or "matching", list(texts.images))
    if kind == "description":
        return Item({"type": "description", "prompt": prompt}, name, item.line, profile, list(texts.images))
    raise Refused(f"question profile {profile!r} is not supported")
