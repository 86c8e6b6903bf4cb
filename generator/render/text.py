"""Markdown bodies to safe HTML and to plain text. Pure.

Bodies are written by staff and, through issue forms, by partners: whatever they contain, no script,
event-handler attribute, style or `javascript:` link may reach a page. Python-Markdown renders, then
nh3 (a Rust HTML sanitiser, html5ever underneath) keeps only an allowlist of tags and attributes.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

from generator.incremental.cache import remembered

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
SENTENCE = re.compile(r"(.+?[.!?])(?=\s|$)", re.DOTALL)


@remembered(1)
def _markdown() -> markdown.Markdown:
    # One instance, reset between documents: building the extension set costs more than a body.
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


@remembered(4096)
def _rendered(body: str) -> str:
    """Markdown's HTML with headings moved down a level. Pages, summaries and feeds all need the
    same body within moments of each other, and Markdown costs more than everything else a page
    does, so each body is converted once while it is in use."""
    converter = _markdown()
    converter.reset()
    rendered = converter.convert(body)
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m[1]}h{int(m[2]) + 1}", rendered)


def to_html(body: str, media_url: str, sizes: dict[str, tuple[int, int]] | None = None) -> str:
    """Safe HTML for a Markdown body. Headings move down a level (the page's title is the only h1);
    images must be files in content/media/ (`media/…`, sized from `sizes`), shown from `media_url`;
    any other image is left out, since the hub loads nothing from other sites."""
    rendered = _rendered(body)

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            path = value.lstrip("./")
            if path not in (sizes or {}):
                return None
            return media_url + path[len("media/") :]
        return value

    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=keep,
        link_rel="noopener noreferrer",
    )

    def sized(match: re.Match) -> str:
        source = re.search(r'src="([^"]*)"', match[0])
        if source is None:
            return ""
        width, height = (sizes or {})["media/" + html.unescape(source[1])[len(media_url) :]]
        return match[0][:-1] + f' width="{width}" height="{height}">'

    return re.sub(r"<img\b[^>]*>", sized, clean).strip()


@remembered(4096)
def to_text(body: str) -> str:
    """A body as plain text: what calendar apps show in an event's description."""
    rendered = to_html(body, "")
    rendered = re.sub(r"<li>", "- ", rendered)
    rendered = re.sub(r"</(p|h\d|tr|blockquote|pre)>|<br ?/?>", "\n", rendered)
    text = html.unescape(nh3.clean(rendered, tags=set()))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@remembered(4096)  # every list an event appears in shows its summary
def first_sentence(body: str, limit: int = 200) -> str:
    """The body's first sentence, for an event without a `summary`."""
    text = " ".join(to_text(body).split())
    match = SENTENCE.match(text)
    sentence = match[1] if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
