"""Question text → the HTML subset the quiz view renders (a Qt rich-text label), or plain text.

:func:`sanitise` keeps an allow-list of tags and attributes and drops everything else: scripts,
styles, event handlers, frames, forms, links' targets (their text stays) and every image that is not
a local resource (``resolve_image(src)`` returns the resource path, or None to drop it; its ``alt``
text stays). The output is well formed: text escaped, tags closed. :func:`markdown_to_html`,
:func:`plain_to_html` and :func:`moodle_auto_to_html` turn the other source formats into HTML first.
MathJax (``\\( … \\)``, ``$$ … $$``) is ordinary text here and stays as written.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Callable

# tag → allowed attributes
ALLOWED: dict[str, frozenset[str]] = {
    **{t: frozenset() for t in ("p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "ul", "li", "pre",
                               "code", "blockquote", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "hr",
                               "div", "small", "big")},
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "img": frozenset({"src", "alt", "width", "height"}),
}
RENAMED = {"h1": "h3", "h2": "h3", "strike": "s", "del": "s", "ins": "u", "tt": "code", "kbd": "code",
           "samp": "code", "var": "i", "cite": "i", "dfn": "i", "center": "div", "section": "div",
           "article": "div", "figure": "div", "figcaption": "p", "caption": "p", "tfoot": "tbody", "dl": "ul",
           "dt": "li", "dd": "li", "address": "p", "mark": "b"}
VOID = frozenset({"br", "hr", "img"})
# the contents of these go too
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "head",
                               "title", "svg", "canvas", "audio", "video", "select", "textarea", "button",
                               "frameset", "frame", "applet", "map", "meta", "link", "base", "form"})
MAX_DEPTH = 100
_INT = re.compile(r"^\d{1,4}$")
_WS = re.compile(r"[ \t\r\n\f]+")


class _Sanitiser(HTMLParser):
    def __init__(self, resolve_image: Callable[[str], str | None] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.resolve_image = resolve_image
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skip = 0  # inside a dropped element (with its content)
        self.skip_tag: list[str] = []
        self.images: list[str] = []
        self.dropped_images: list[str] = []

    # --- tags ---------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if self.skip:
            if tag == self.skip_tag[-1] and tag not in VOID:
                self.skip += 1
            return
        if tag in DROP_WITH_CONTENT:
            if tag not in VOID and tag not in ("meta", "link", "base"):
                self.skip = 1
                self.skip_tag.append(tag)
            return
        tag = RENAMED.get(tag, tag)
        if tag not in ALLOWED:
            return
        if len(self.stack) >= MAX_DEPTH:
            return
        kept = []
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "img":
            src = a.get("src", "").strip()
            local = self.resolve_image(src) if (self.resolve_image and src) else None
            if not local:
                self.dropped_images.append(src)
                alt = a.get("alt", "").strip()
                if alt:
                    self.out.append(html.escape(f"[{alt}]", quote=False))
                return
            self.images.append(local)
            kept.append(("src", local))
            if a.get("alt"):
                kept.append(("alt", a["alt"]))
            for k in ("width", "height"):
                v = a.get(k, "").strip().removesuffix("px")
                if _INT.match(v):
                    kept.append((k, v))
        else:
            for k in sorted(ALLOWED[tag]):
                v = a.get(k, "").strip()
                if v and _INT.match(v):
                    kept.append((k, v))
        attrs_s = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in kept)
        if tag in VOID:
            self.out.append(f"<{tag}{attrs_s} />" if tag != "br" else "<br />")
            return
        self.out.append(f"<{tag}{attrs_s}>")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tl = RENAMED.get(tag.lower(), tag.lower())
        if tl in VOID or tl not in ALLOWED:
            self.handle_starttag(tag, attrs)
        # an allowed non-void tag written <p/> is empty: nothing to keep

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.skip:
            if tag == self.skip_tag[-1]:
                self.skip -= 1
                if not self.skip:
                    self.skip_tag.pop()
            return
        tag = RENAMED.get(tag, tag)
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    # --- text ---------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def sanitise(text: str, resolve_image: Callable[[str], str | None] | None = None) -> tuple[str, list[str], list[str]]:
    """(safe HTML, kept image paths, dropped image sources)."""
    text = text or ""
    for attempt in (text, re.sub(r"<!(?!--)", "&lt;!", text), None):
        p = _Sanitiser(resolve_image)
        try:
            if attempt is None:  # markup the HTML parser cannot read at all: shown as text
                p.handle_data(html.unescape(re.sub(r"<[^>]*>", " ", text)))
            else:
                p.feed(attempt)
            out = p.result()
            break
        except (AssertionError, ValueError, IndexError):  # html.parser on broken <![…[ sections
            continue
    return _tidy(out), p.images, p.dropped_images


def _tidy(out: str) -> str:
    if "<pre>" not in out:  # source indentation and line ends mean nothing in HTML
        out = re.sub(r"[ \t\r\f]*\n\s*", " ", out)
        out = re.sub(r" *(</?(p|div|ul|ol|li|h[3-6]|table|tr|td|th|blockquote)\b[^>]*>) *", r"\1", out)
    out = re.sub(r"<(p|div)>(\s|&nbsp;|\u00a0|<br />)*</\1>", "", out)  # empty paragraphs
    return out.strip()


_BLOCKS = re.compile(r"</?(p|div|ul|ol|li|blockquote|pre|h[3-6]|table|thead|tbody|tr|hr)\b[^>]*>|<br />", re.I)
_SIMPLE_TAGS = re.compile(r"</?(p|div)>|<br />")


def is_simple(safe_html: str) -> bool:
    """Whether sanitised HTML holds nothing but paragraphs and line breaks (plain text will do)."""
    return "<" not in _SIMPLE_TAGS.sub("", safe_html)


def to_text(safe_or_raw_html: str) -> str:
    """Plain text of HTML: block ends become line breaks, entities decoded, spaces collapsed."""
    s = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", safe_or_raw_html or "")
    s = re.sub(r"(?i)<img\b[^>]*\balt\s*=\s*\"([^\"]*)\"[^>]*>", lambda m: f"[{m.group(1)}]" if m.group(1) else "", s)
    s = re.sub(r"(?i)<br\s*/?>", "\n", s)
    s = re.sub(r"(?i)</(p|div|li|h\d|tr|blockquote|pre)\s*>", "\n", s)
    s = re.sub(r"(?i)<li\b[^>]*>", "• ", s)
    s = re.sub(r"(?i)</t[dh]\s*>", "\t", s)
    s = re.sub(r"<[^>]*>", "", s)
    s = html.unescape(s)
    lines = [_WS.sub(" ", line).strip(" \t") for line in s.split("\n")]  # no-break spaces stay (French « : »)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def plain_to_html(text: str) -> str:
    """Plain text: everything escaped, line breaks kept."""
    paras = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
    return "".join("<p>" + html.escape(p.strip(), quote=False).replace("\n", "<br />") + "</p>"
                   for p in paras if p.strip())


def moodle_auto_to_html(text: str) -> str:
    """Moodle's auto-format: HTML allowed, and line breaks of the source count."""
    t = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if re.search(r"(?i)</?(p|div|br|ul|ol|table|h\d)\b", t):
        return t  # already laid out as HTML
    paras = re.split(r"\n\s*\n", t)
    return "".join("<p>" + p.strip().replace("\n", "<br />") + "</p>" for p in paras if p.strip())


# --- a small Markdown (what course teams write in GIFT [markdown] and Moodle's markdown format) ---
_MD_INLINE = [
    (re.compile(r"`([^`]+)`"), lambda m: "<code>" + m.group(1) + "</code>"),
    (re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)"),
     lambda m: f'<img src="{m.group(2)}" alt="{m.group(1).replace(chr(34), "&quot;")}" />'),
    (re.compile(r"\[([^\]]+)\]\(\s*[^)]*\)"), lambda m: m.group(1)),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__"),
     lambda m: "<strong>" + (m.group(1) or m.group(2)) + "</strong>"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"),
     lambda m: "<em>" + (m.group(1) or m.group(2)) + "</em>"),
]


def _md_inline(text: str) -> str:
    # escape first (Markdown sources may hold < and &), keep code spans verbatim
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append("<code>" + html.escape(part[1:-1], quote=False) + "</code>")
            continue
        s = html.escape(part, quote=False)
        for rx, fn in _MD_INLINE[1:]:
            s = rx.sub(fn, s)
        s = re.sub(r" {2,}\n", "<br />", s)
        out.append(s)
    return "".join(out)


def markdown_to_html(text: str) -> str:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    para: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            out.append("<p>" + _md_inline("\n".join(para)).replace("\n", " ") + "</p>")
            para.clear()

    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("```"):
            flush()
            i += 1
            code = []
            while i < len(lines) and not lines[i].strip().startswith("```"):
                code.append(lines[i])
                i += 1
            out.append("<pre>" + html.escape("\n".join(code), quote=False) + "</pre>")
            i += 1
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            flush()
            level = max(3, min(6, len(m.group(1)) + 2))
            out.append(f"<h{level}>{_md_inline(m.group(2))}</h{level}>")
            i += 1
            continue
        if re.match(r"^\s*([-*+]|\d+[.)])\s+", line):
            flush()
            ordered = bool(re.match(r"^\s*\d", line))
            tag = "ol" if ordered else "ul"
            items = []
            while i < len(lines) and re.match(r"^\s*([-*+]|\d+[.)])\s+", lines[i]):
                items.append(re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", lines[i]))
                i += 1
            out.append(f"<{tag}>" + "".join(f"<li>{_md_inline(t)}</li>" for t in items) + f"</{tag}>")
            continue
        if line.startswith(">"):
            flush()
            quote = []
            while i < len(lines) and lines[i].startswith(">"):
                quote.append(lines[i][1:].lstrip())
                i += 1
            out.append("<blockquote>" + markdown_to_html("\n".join(quote)) + "</blockquote>")
            continue
        if re.match(r"^\s*([-*_])(\s*\1){2,}\s*$", line):
            flush()
            out.append("<hr />")
            i += 1
            continue
        if not line.strip():
            flush()
        else:
            para.append(line if line.endswith("  ") else line.strip())
        i += 1
    flush()
    return "".join(out)
