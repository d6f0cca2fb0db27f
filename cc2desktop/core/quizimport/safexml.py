"""Reading untrusted quiz XML: hostile input refused, messy input repaired, streamed.

1. :func:`clean_to_file` copies the source into a temporary UTF-8 file, repairing what converters
   and hand edits leave behind when the intent is clear: a byte-order mark, whitespace or junk
   before ``<?xml``, UTF-16 or Latin-1 bytes in a "UTF-8" file, control characters XML forbids,
   a stray ``]]>`` outside CDATA, a bare ``&``, HTML entities such as ``&nbsp;``, a bare ``<`` in
   text. DOCTYPEs pass through untouched, so that step 2 sees (and refuses) what they declare.
2. :func:`parse_records` streams that file through defusedxml's expat parser (entity declarations,
   external references refused; nesting deeper than :data:`MAX_DEPTH` refused) and hands each
   *record* element (a Moodle ``<question>``, a QTI item) to a callback as a small :class:`Node`
   tree, then forgets it: memory holds one question at a time. ``<file encoding="base64">``
   content is decoded as it streams into a temporary image file (never held whole).
3. When the XML breaks inside one record, that record is refused with the parser's reason and
   parsing resumes at the next record's start tag, so one broken question does not cost the others.
"""

from __future__ import annotations

import codecs
import html.entities
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from cc2desktop.core.quizimport.model import BlobWriter, MediaError, MediaStore, QuizImportError

MAX_DEPTH = 200
MAX_RECORD_CHARS = 8 * 1024 * 1024  # text of one question (its images stream to disk apart)
MAX_XML_BYTES = 512 * 1024 * 1024
CHUNK = 1 << 16
_XML5 = {"amp", "lt", "gt", "quot", "apos"}
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- step 1: repair into a clean UTF-8 copy -------------------------------------------------------
def _decode_error(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - registered for decoding only
        raise exc
    """Bytes that are not UTF-8 in a UTF-8 file: read them as Windows-1252 (how such files are made)."""
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("cc2-cp1252", _decode_error)
_DECL = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    """(codec, bytes to skip) from a byte-order mark or the XML declaration."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    if head[:4] == b"<\x00?\x00":
        return "utf-16-le", 0
    if head[:4] == b"\x00<\x00?":
        return "utf-16-be", 0
    m = _DECL.match(head.lstrip())
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(name).name
            "<".encode(codec)  # a text encoding, not a bytes-to-bytes codec (base64, zlib…)
        except LookupError:
            codec = "utf-8"
        if codec.startswith(("utf-16", "utf-32")):
            codec = "utf-8"  # declared, but the bytes are not: trust the bytes
        return codec, 0
    return "utf-8", 0


class _Cleaner:
    """A resumable state machine over decoded text; ``feed`` returns what is safe to emit."""

    def __init__(self) -> None:
        self.state = "prolog"
        self.quote = ""
        self.depth = 0  # DOCTYPE internal subset brackets
        self.buf = ""
        self.seen_decl = False

    def feed(self, text: str, final: bool = False) -> str:
        s = self.buf + text
        out: list[str] = []
        i = 0
        n = len(s)
        while i < n:
            st = self.state
            if st == "prolog":  # skip anything before the first markup (or before a late <?xml)
                if n - i < 4096 and not final:
                    break
                j = s.find("<?xml", i, i + 4096)
                if j < 0:
                    j = s.find("<", i)
                if j < 0:
                    out.append("\n" * s.count("\n", i))
                    i = n
                    break
                out.append("\n" * s.count("\n", i, j))  # keep line numbers
                i = j
                self.state = "text"
                continue
            if st == "text":
                m = _TEXT_STOP.search(s, i)
                if not m:
                    out.append(s[i:])
                    i = n
                    break
                out.append(s[i:m.start()])
                i = m.start()
                ch = s[i]
                need = 48 if ch == "&" else 10
                if n - i < need and not final:
                    break  # wait for more text to decide
                if ch == "]":
                    if s.startswith("]]>", i):
                        out.append("]]&gt;")
                        i += 3
                    else:
                        out.append("]")
                        i += 1
                elif ch == "&":
                    m2 = _ENTITY.match(s, i)
                    out.append(_entity(m2.group(1)) if m2 else "&amp;")
                    i = m2.end() if m2 else i + 1
                else:  # "<"
                    if s.startswith("<![CDATA[", i):
                        out.append("<![CDATA[")
                        i += 9
                        self.state = "cdata"
                    elif s.startswith("<!--", i):
                        out.append("<!--")
                        i += 4
                        self.state = "comment"
                    elif s.startswith("<?", i):
                        if s.startswith("<?xml", i) and (i + 5 < n and not s[i + 5].isalnum() and s[i + 5] != "-"):
                            # the declaration: ours (UTF-8) replaces it; a second one is junk
                            end = s.find("?>", i)
                            if end < 0 and not final:
                                break
                            i = n if end < 0 else end + 2
                            continue
                        out.append("<?")
                        i += 2
                        self.state = "pi"
                    elif s.startswith("<!", i):
                        out.append("<!")
                        i += 2
                        self.state = "doctype"
                        self.depth = 0
                    elif i + 1 < n and (s[i + 1].isalpha() or s[i + 1] in "_:/"):
                        out.append("<")
                        i += 1
                        self.state = "tag"
                    else:
                        out.append("&lt;")  # a lone "<" in text (3 < 5)
                        i += 1
                continue
            if st == "tag":
                m = _TAG_STOP.search(s, i)
                if not m:
                    out.append(s[i:])
                    i = n
                    break
                out.append(s[i:m.end()])
                i = m.end()
                ch = m.group(0)
                if ch == ">":
                    self.state = "text"
                elif ch == "<":  # a tag never closed: close it here
                    out[-1] = out[-1][:-1] + "><"
                    self.state = "tag"
                else:
                    self.state = "attr"
                    self.quote = ch
                continue
            if st == "attr":
                m = _ATTR_STOP[self.quote].search(s, i)
                if not m:
                    out.append(s[i:])
                    i = n
                    break
                out.append(s[i:m.start()])
                i = m.start()
                ch = s[i]
                if ch == self.quote:
                    out.append(ch)
                    i += 1
                    self.state = "tag"
                elif ch == "<":
                    out.append("&lt;")
                    i += 1
                else:
                    if n - i < 48 and not final:
                        break
                    m2 = _ENTITY.match(s, i)
                    out.append(_entity(m2.group(1)) if m2 else "&amp;")
                    i = m2.end() if m2 else i + 1
                continue
            end_marks = {"cdata": "]]>", "comment": "-->", "pi": "?>"}
            if st in end_marks:
                mark = end_marks[st]
                j = s.find(mark, i)
                if j < 0:
                    keep = max(i, n - (len(mark) - 1)) if not final else n
                    out.append(s[i:keep])
                    i = keep
                    break
                out.append(s[i:j + len(mark)])
                i = j + len(mark)
                self.state = "text"
                continue
            if st == "doctype":  # verbatim: defusedxml must see what it declares
                m = _DOCTYPE_STOP.search(s, i)
                if not m:
                    out.append(s[i:])
                    i = n
                    break
                out.append(s[i:m.end()])
                i = m.end()
                ch = m.group(0)
                if ch == "[":
                    self.depth += 1
                elif ch == "]":
                    self.depth -= 1
                elif self.depth <= 0:
                    self.state = "text"
                continue
        self.buf = s[i:]
        if final and self.buf:
            out.append(self.buf)
            self.buf = ""
        return _BAD_CHARS.sub(" ", "".join(out))


_TEXT_STOP = re.compile(r"[<&\]]")
_TAG_STOP = re.compile(r"[\"'><]")
_ATTR_STOP = {'"': re.compile(r'["&<]'), "'": re.compile(r"['&<]")}
_DOCTYPE_STOP = re.compile(r"[\[\]>]")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def _entity(name: str) -> str:
    if name in _XML5:
        return f"&{name};"
    if name.startswith("#"):
        try:
            cp = int(name[2:], 16) if name[1:2] in ("x", "X") else int(name[1:])
        except ValueError:
            return ""
        ok = cp in (9, 10, 13) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF
        return f"&#{cp};" if ok else " "
    named = html.entities.name2codepoint.get(name)
    if named is not None:
        return f"&#{named};"
    return f"&amp;{name};"  # an undeclared entity: shown as written (a declared one reaches defusedxml)


def clean_to_file(src: BinaryIO, limit: int = MAX_XML_BYTES) -> Path:
    """Write the repaired UTF-8 copy of ``src`` into a temporary file (the caller deletes it)."""
    head = src.read(4096)
    codec, skip = _sniff_encoding(head)
    decoder = codecs.getincrementaldecoder(codec)(errors="cc2-cp1252" if codec == "utf-8" else "replace")
    cleaner = _Cleaner()
    fd, name = tempfile.mkstemp(prefix="cc2-quizxml-", suffix=".xml")
    path = Path(name)
    total = len(head)
    try:
        with open(fd, "wb") as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            chunk = head[skip:]
            while True:
                text = decoder.decode(chunk)
                out.write(cleaner.feed(text).encode("utf-8"))
                chunk = src.read(CHUNK)
                total += len(chunk)
                if total > limit:
                    raise QuizImportError(f"file larger than {limit // (1024 * 1024)} MB", code="quiz_import_size")
                if not chunk:
                    break
            out.write(cleaner.feed(decoder.decode(b"", final=True), final=True).encode("utf-8"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


# --- step 2: stream the records ---------------------------------------------------------------------
@dataclass
class Node:
    """An element of a record: local tag name, attributes (local names), children in document
    order (text as ``str``, elements as ``Node``), its line in the source."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list["Node | str"] = field(default_factory=list)
    blob: object | None = None  # an extracted image (model.Blob) for <file encoding="base64">
    blob_error: str | None = None
    writer: BlobWriter | None = None

    @property
    def text(self) -> str:
        """The text directly inside (not in child elements)."""
        return "".join(c for c in self.children if isinstance(c, str))

    def all_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.all_text() for c in self.children)

    def elements(self) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node)]

    def find(self, name: str) -> "Node | None":
        for c in self.children:
            if isinstance(c, Node) and c.tag == name:
                return c
        return None

    def findall(self, name: str) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == name]

    def iter(self, name: str | None = None):  # noqa: ANN201 - depth-first over elements
        stack = [self]
        while stack:
            n = stack.pop()
            if name is None or n.tag == name:
                yield n
            stack.extend(reversed(n.elements()))


def local(name: str) -> str:
    if name.startswith("{"):
        name = name.split("}", 1)[1]
    return name.split(":", 1)[1] if ":" in name else name


class _Limit(Exception):
    pass


class _Builder:
    def __init__(self, record_tags: set[str], on_record: Callable[[Node], None], media: MediaStore | None,
                 line_offset: int) -> None:
        self.record_tags, self.on_record, self.media = record_tags, on_record, media
        self.line_offset = line_offset
        self.expat = None
        self.depth = 0
        self.stack: list[Node] = []
        self.chars = 0
        self.record_line: int | None = None
        self.root: str | None = None

    def line(self) -> int:
        return (self.expat.CurrentLineNumber if self.expat is not None else 1) + self.line_offset

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Limit(f"elements nested deeper than {MAX_DEPTH} levels")
        name = local(tag)
        if self.root is None:
            self.root = name
        if not self.stack and name not in self.record_tags:
            return
        attrs = {}
        for k, v in attrib.items():
            attrs[local(k)] = v
        node = Node(name, attrs, self.line())
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.chars = 0
            self.record_line = node.line
        self.stack.append(node)
        if self.media is not None and name == "file" and attrs.get("encoding", "").lower() == "base64":
            node.writer = self.media.writer(attrs.get("name") or "image")

    def data(self, text: str) -> None:
        if not self.stack:
            return
        node = self.stack[-1]
        if node.writer is not None:
            node.writer.feed_base64(text)
            return
        self.chars += len(text)
        if self.chars > MAX_RECORD_CHARS:
            raise _Limit(f"more than {MAX_RECORD_CHARS // (1024 * 1024)} MB of text in one question")
        node.children.append(text)

    def end(self, tag: str) -> None:
        self.depth -= 1
        if not self.stack:
            return
        node = self.stack.pop()
        if node.writer is not None:
            try:
                node.blob = node.writer.finish()
            except MediaError as exc:
                node.blob_error = str(exc)
            node.writer = None
        # merge adjacent text pieces (expat hands text over in chunks)
        merged: list[Node | str] = []
        for c in node.children:
            if isinstance(c, str) and merged and isinstance(merged[-1], str):
                merged[-1] += c
            else:
                merged.append(c)
        node.children = merged
        if not self.stack:
            self.record_line = None
            self.on_record(node)

    def abort_open(self) -> None:
        for n in self.stack:
            if n.writer is not None:
                n.writer.abort()
        self.stack.clear()

    def close(self) -> None:
        return None


@dataclass
class XmlProblem:
    line: int | None
    reason: str
    in_record: bool


def parse_records(path: Path, record_tags: set[str], on_record: Callable[[Node], None], *,
                  media: MediaStore | None = None,
                  resume_tag: str | None = None) -> tuple[list[XmlProblem], str | None]:
    """Stream ``path`` (a file from :func:`clean_to_file`), calling ``on_record`` for each complete
    record element. Returns the XML problems met (each broken record, refused; parsing resumed at
    the next ``<resume_tag``) and the root element's name. Hostile XML raises QuizImportError."""
    problems: list[XmlProblem] = []
    root: str | None = None
    start_at = 0
    prefix = b""
    resume = re.compile(rb"<" + re.escape((resume_tag or "").encode()) + rb"[\s>/]") if resume_tag else None
    with open(path, "rb") as fh:
        while True:
            line_offset = _count_lines(fh, start_at) if start_at else 0
            builder = _Builder(record_tags, on_record, media, line_offset)
            parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
            builder.expat = parser.parser
            fh.seek(start_at)
            try:
                if prefix:
                    parser.feed(prefix)
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    parser.feed(chunk)
                parser.close()
                root = root or builder.root
                return problems, root
            except DefusedXmlException as exc:
                builder.abort_open()
                raise QuizImportError(_hostile_reason(exc), line=builder.line(), code="quiz_import_hostile") from exc
            except _Limit as exc:
                builder.abort_open()
                raise QuizImportError(str(exc), line=builder.line(), code="quiz_import_hostile") from exc
            except (ParseError, RecursionError, ValueError) as exc:
                root = root or builder.root
                line = getattr(exc, "position", (None,))[0]
                line = (line + line_offset) if isinstance(line, int) else builder.line()
                in_record = bool(builder.stack)
                record_line = builder.record_line
                builder.abort_open()
                msg = str(exc).split(":")[0] if isinstance(exc, ParseError) else str(exc)
                problems.append(XmlProblem(record_line if in_record else line,
                                           f"XML error at line {line}: {msg}", in_record))
                err_byte = parser.parser.ErrorByteIndex if isinstance(exc, ParseError) else -1
                base = start_at - len(prefix)
                where = max(start_at, base + err_byte) if err_byte >= 0 else start_at
                nxt = _find_next(fh, where + 1, resume) if resume is not None else None
                if nxt is None:
                    return problems, root
                start_at = nxt
                prefix = b"<" + (root or "quiz").encode("ascii", "replace") + b">"


def _count_lines(fh: BinaryIO, upto: int) -> int:
    fh.seek(0)
    n = 0
    left = upto
    while left > 0:
        b = fh.read(min(CHUNK, left))
        if not b:
            break
        n += b.count(b"\n")
        left -= len(b)
    return n


def _find_next(fh: BinaryIO, start: int, rx: re.Pattern) -> int | None:
    fh.seek(start)
    pos = start
    carry = b""
    while True:
        b = fh.read(CHUNK)
        if not b:
            return None
        data = carry + b
        m = rx.search(data)
        if m:
            return pos - len(carry) + m.start()
        carry = data[-64:]
        pos += len(b)


def _hostile_reason(exc: Exception) -> str:
    name = type(exc).__name__
    if "Entities" in name:
        return "XML entity declarations are refused (entity expansion)"
    if "External" in name:
        return "XML external references are refused"
    if "DTD" in name:
        return "XML document type declarations are refused"
    return f"unsafe XML refused ({name})"
