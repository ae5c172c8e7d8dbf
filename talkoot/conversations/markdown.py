"""Messages as people write them: Markdown to safe HTML, and who a message mentions. Pure functions.

Markdown's raw HTML is switched off, so `<b>` or `<script>` typed in a message shows as the text
it is; headings and rules stay as typed (a message has no headings of its own on a page whose
headings are in order), and images are not shown. Whatever Markdown makes then passes nh3, which
keeps only `ALLOWED_TAGS`, links to http(s) and e-mail addresses, and marks every link
`rel="nofollow noopener noreferrer"`.
"""

import html as html_lib
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Iterable

import markdown
import nh3
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"

# Markdown keeps what it cannot parse in placeholders between STX and ETX; a URL never spans one.
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'\x02\x03]+[^\s<>\"'\x02\x03.,;:!?)\]]")


class _LinkBareUrls(Treeprocessor):
    """Makes a pasted address (https://...) a link, outside links and code."""

    SKIP = {"a", "code", "pre"}

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in self.SKIP:
            return
        element.text, links = self._split(element.text)
        for index, link in enumerate(links):
            element.insert(index, link)
        for child in list(element):
            self._walk(child)
            child.tail, links = self._split(child.tail)
            position = list(element).index(child) + 1
            for offset, link in enumerate(links):
                element.insert(position + offset, link)

    @staticmethod
    def _split(text: str | None) -> tuple[str | None, list[etree.Element]]:
        """The text before the first address, and a link element for each address (the text between
        them as each link's tail)."""
        if not text or isinstance(text, AtomicString) or "://" not in text:
            return text, []
        parts = _BARE_URL.split(text)
        urls = _BARE_URL.findall(text)
        if not urls:
            return text, []
        links = []
        for url, after in zip(urls, parts[1:], strict=True):
            link = etree.Element("a", {"href": url})
            link.text = AtomicString(url)
            link.tail = after
            links.append(link)
        return parts[0], links


_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


class _ListsAfterALine(Preprocessor):
    """A list may start right under a line of text, as people type it (Markdown wants a blank line)."""

    def run(self, lines: list[str]) -> list[str]:
        result: list[str] = []
        for line in lines:
            previous = result[-1] if result else ""
            under_text = previous.strip() and not previous.startswith((" ", "\t", ">"))
            if under_text and _LIST_ITEM.match(line) and not _LIST_ITEM.match(previous):
                result.append("")
            result.append(line)
        return result


def _converter() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.preprocessors.register(_ListsAfterALine(converter), "lists_after_a_line", 15)
    for pattern in ("html", "image_link", "image_reference", "short_image_ref"):
        converter.inlinePatterns.deregister(pattern)
    for processor in ("hashheader", "setextheader", "hr"):
        converter.parser.blockprocessors.deregister(processor)
    converter.treeprocessors.register(_LinkBareUrls(converter), "link_bare_urls", 15)
    return converter


def _plain_paragraphs(text: str) -> str:
    """The text escaped, as paragraphs and line breaks: for what Markdown cannot parse."""
    paragraphs = (html_lib.escape(part).replace("\n", "<br>\n") for part in re.split(r"\n\s*\n", text) if part)
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


# Markdown looks for the end of a link from every "[", to the end of the text: a message of
# thousands of them took seconds. Past this many, square brackets are only text.
MAX_LINK_BRACKETS = 50


def render(text: str) -> str:
    """Safe HTML for a message's Markdown; "" for an empty one."""
    if not text.strip():
        return ""
    source = text.replace("[", "\\[") if text.count("[") > MAX_LINK_BRACKETS else text
    try:
        produced = _converter().convert(source)
    except RecursionError:  # thousands of nested list markers or quotes: shown as typed
        produced = _plain_paragraphs(text)
    return nh3.clean(
        produced,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """What the rendered message says, without markup, on one line (for notifications)."""
    text = nh3.clean(html.replace("<br>", " ").replace("</p>", " ").replace("</li>", " "), tags=set())
    return " ".join(html_lib.unescape(text).split())


# --- Mentions --------------------------------------------------------------------------------------

# `@[Aino Virtanen]` or `@Aino Virtanen`; an @ right after a letter or digit is an e-mail address.
_BRACKETED = re.compile(r"(?<![\w@])@\[([^\[\]\n]{1,200})\]")
_BARE = re.compile(r"(?<![\w@])@(?!\[)([^\s@][^\n@]{0,200})")
_TRAILING = ".,;:!?)'\"”’»"


def normal_name(name: str) -> str:
    """A display name as mentions compare it: one spacing, case folded, composed (NFC)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def mentioned_ids(text: str, people: Iterable[tuple[int, str]], *, limit: int) -> list[int]:
    """The ids of the `people` (id, display name) the text mentions, in order of first mention.

    `@[Name]` must give the whole name; a bare `@Name` takes the longest name that the words after
    the @ begin with (so `@Aino Virtanen` beats `@Aino`). Case does not matter. Two people with the
    same name are both mentioned. A name that is nobody's mentions nobody. At most `limit` people.
    """
    if "@" not in text:
        return []
    by_name: dict[str, list[int]] = {}
    for pk, name in people:
        if key := normal_name(name or ""):
            by_name.setdefault(key, []).append(pk)
    if not by_name:
        return []
    most_words = max(len(key.split(" ")) for key in by_name)
    found: list[int] = []

    def add(ids: list[int]) -> None:
        for pk in ids:
            if pk not in found and len(found) < limit:
                found.append(pk)

    text = unicodedata.normalize("NFC", text)
    for match in sorted([*_BRACKETED.finditer(text), *_BARE.finditer(text)], key=lambda m: m.start()):
        if match.re is _BRACKETED:
            add(by_name.get(normal_name(match.group(1)), []))
            continue
        words = match.group(1).split()[:most_words]
        for count in range(len(words), 0, -1):
            candidate = normal_name(" ".join(words[:count]))
            ids = by_name.get(candidate) or by_name.get(candidate.rstrip(_TRAILING))
            if ids:
                add(ids)
                break
    return found
