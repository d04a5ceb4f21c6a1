"""The parsed page that every field extractor reads: the tree, its metadata and its base URL.

Parsing happens once here; the field modules only read from a ``Document``.
The tree is built by bs4's lxml builder, lightened where lxml's HTML parser
makes its work moot (:class:`_TreeBuilder`), and every element is recorded as
it is made, so that lookups by tag name need no walk over the tree.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import PageElement, nonwhitespace_re

from pressclip.decode import decode
from pressclip.errors import ContentError

if TYPE_CHECKING:
    from bs4._typing import _AttributeValues, _NamespaceMapping, _RawOrProcessedAttributeValues

META_KEY_ATTRS = ("property", "name", "itemprop", "http-equiv")
LD_JSON = "application/ld+json"
# Characters a URL may not hold as such (spaces, quotes, brackets…): percent-encoded.
URL_UNSAFE = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')
# What may stand in <head>: anything else starts the page's body.
HEAD_TAGS = frozenset(("title", "meta", "link", "style", "script", "base", "noscript", "template"))
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "webpage",
    }
)


@dataclass
class Document:
    """A parsed page with the lookups several extractors share."""

    soup: BeautifulSoup
    url: str | None
    """Base for resolving links: ``<base href>`` against the page URL."""
    page_url: str | None
    meta: dict[str, list[str]] = field(default_factory=dict)
    """``<meta>`` contents by lower-cased property/name/itemprop, in page order."""
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    """Every JSON-LD object, ``@graph`` members flattened, in page order."""
    links: dict[str, list[str]] = field(default_factory=dict)
    """``<link href>`` values by lower-cased ``rel`` word, in page order."""
    elements: list[Tag] = field(default_factory=list)
    """Every element as parsed, in page order.

    Read it before ``content.prune()``: the elements it removes stay listed
    here, emptied.
    """
    by_name: dict[str, list[Tag]] = field(default_factory=dict)
    """:attr:`elements` by tag name."""

    def named(self, name: str) -> list[Tag]:
        """The elements called ``name``, as parsed, in page order (see :attr:`elements`)."""
        return self.by_name.get(name, [])

    def meta_first(self, *keys: str) -> str | None:
        """The first non-empty ``<meta>`` content among ``keys``, in key order."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value.strip()
        return None

    def absolute(self, href: str | None) -> str | None:
        """``href`` made absolute against the base URL; None for empty or unsafe links."""
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        try:
            resolved = urljoin(self.url, href) if self.url else href
            scheme = urlsplit(resolved).scheme.lower()
        except ValueError:
            return None
        if scheme in ("http", "https", "mailto") or (not scheme and not self.url):
            return URL_UNSAFE.sub(_percent, resolved)
        return None

    def article_ld(self) -> dict[str, Any] | None:
        """The JSON-LD object describing the article itself, if any."""
        best = None
        for item in self.jsonld:
            types = {t.lower() for t in ld_types(item)}
            if types & ARTICLE_TYPES - {"webpage"}:
                return item
            if best is None and "webpage" in types and item.get("headline"):
                best = item
        return best


def parse(html: bytes | str, url: str | None = None, charset: str | None = None) -> Document:
    """Decode and parse a page once, and gather its metadata."""
    text = decode(html, charset)
    try:
        soup, elements = _build(text)
    except Exception as error:  # lxml or bs4 rejecting markup: any parser failure
        raise ContentError(f"could not parse the page: {error}", url) from error
    _mend_body(soup)
    doc = Document(soup=soup, url=url, page_url=url, elements=elements)
    for tag in doc.elements:
        doc.by_name.setdefault(tag.name, []).append(tag)
    doc.url = _base_url(doc, url)
    _collect_meta(doc)
    _collect_links(doc)
    _collect_jsonld(doc)
    return doc


def _build(text: str) -> tuple[BeautifulSoup, list[Tag]]:
    """The tree and its elements in document order.

    The lean builder leans on bs4 internals; should a bs4 release change them, the
    stock lxml builder still gives the same tree, a little slower.
    """
    with warnings.catch_warnings():
        # bs4 warns when a page looks like XML (XHTML, feeds); lxml's HTML parser copes.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        builder = _TreeBuilder()
        try:
            return BeautifulSoup(text, builder=builder), builder.elements
        except (AttributeError, TypeError):
            soup = BeautifulSoup(text, "lxml")
            return soup, list(soup.find_all(True))


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode())


def _mend_body(soup: BeautifulSoup) -> None:
    """Put the page's content in one ``<body>``, as a browser does.

    libxml2 is no HTML5 parser: when ``<head>`` and ``<body>`` are left out (both
    optional) it keeps the whole page in ``<head>``, and after a stray ``</html>``
    it opens a second ``<html>`` for what follows. Both would hide the story.
    """
    root = soup.find("html", recursive=False)
    if not isinstance(root, Tag):
        return
    body = root.find("body", recursive=False)
    if not isinstance(body, Tag):
        body = soup.new_tag("body")
        root.append(body)
    head = root.find("head", recursive=False)
    if isinstance(head, Tag):
        for index, child in enumerate(head.contents):
            if isinstance(child, Tag) and child.name not in HEAD_TAGS:
                for node in head.contents[index:]:
                    body.append(node.extract())
                break
    for stray in root.find_next_siblings():
        for node in _unwrapped(stray):
            body.append(node.extract())
        if stray.name == "html":
            stray.decompose()


def _unwrapped(node: Tag) -> list[PageElement]:
    """What a stray ``<html>`` or ``<body>`` holds, in order, its ``<head>`` left out."""
    if node.name not in ("html", "body"):
        return [node]
    found: list[PageElement] = []
    for child in list(node.children):
        if isinstance(child, Tag):
            if child.name != "head":
                found.extend(_unwrapped(child))
        else:
            found.append(child)
    return found


def ld_types(item: dict[str, Any]) -> list[str]:
    """The ``@type`` of a JSON-LD object as a list of names."""
    value = item.get("@type", [])
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _base_url(doc: Document, url: str | None) -> str | None:
    """The first ``<base href>`` resolved against the page URL, else the page URL."""
    base = next((tag for tag in doc.named("base") if "href" in tag.attrs), None)
    if base is not None:
        href = str(base["href"]).strip()
        if href:
            return urljoin(url, href) if url else href
    return url


def _collect_meta(doc: Document) -> None:
    for tag in doc.named("meta"):
        content = tag.get("content")
        if content is None:
            continue
        for attr in META_KEY_ATTRS:
            key = tag.get(attr)
            if key:
                doc.meta.setdefault(str(key).strip().lower(), []).append(str(content))


def _collect_links(doc: Document) -> None:
    for tag in doc.named("link"):
        href = tag.get("href")
        for rel in tag.get_attribute_list("rel") if href is not None else ():
            if rel:
                doc.links.setdefault(rel.lower(), []).append(str(href))


def _collect_jsonld(doc: Document) -> None:
    for script in doc.named("script"):
        if script.get("type") != LD_JSON:
            continue
        try:
            data = json.loads(script.string or "", strict=False)
        except (ValueError, RecursionError):
            continue
        _flatten(data, doc.jsonld)


def _flatten(data: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten(item, out)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            _flatten(graph, out)
        if "@type" in data:
            out.append(data)
        main = data.get("mainEntity")
        if isinstance(main, dict) and "@type" in main:
            out.append(main)


class _TreeBuilder(LXMLTreeBuilder):
    """bs4's lxml builder, without the namespace work HTML never needs; it records elements.

    The tree is the one ``BeautifulSoup(text, "lxml")`` builds (a test holds the two
    equal). lxml's HTML parser reports no namespaces, yet the stock builder copies
    every element's attributes twice and splits each name looking for one: most of
    the builder's own cost. Names that do read as namespaced ("{uri}name") take
    the stock path.
    """

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Tag] = []
        self._list_attributes: dict[str, frozenset[str]] = {}

    def initialize_soup(self, soup: BeautifulSoup) -> None:
        super().initialize_soup(soup)
        self._soup = soup
        self.elements = []

    def start(
        self,
        tag: str | bytes,
        attrib: dict[Any, Any],
        nsmap: _NamespaceMapping | None = None,
    ) -> None:
        if (
            not isinstance(tag, str)
            or nsmap
            or len(self.nsmaps) > 1
            or tag[0] == "{"
            or (attrib and "{" in "".join(attrib))
        ):
            super().start(tag, attrib, nsmap or {})
            element = self._soup.currentTag
        else:
            namespaces = self.active_namespace_prefixes[-1]
            attrs = self.attribute_dict_class(attrib)
            element = self._soup.handle_starttag(tag, None, None, attrs, namespaces=namespaces)
        if element is not None:
            self.elements.append(element)

    def end(self, tag: str | bytes) -> None:
        if isinstance(tag, str) and len(self.nsmaps) == 1 and tag[0] != "{":
            self._soup.handle_endtag(tag)
        else:
            super().end(tag)

    def _replace_cdata_list_attribute_values(
        self, tag_name: str, attrs: _RawOrProcessedAttributeValues
    ) -> _AttributeValues:
        """``class="a b"`` as ``["a", "b"]``: the stock method, with the names looked up once."""
        values = cast("_AttributeValues", attrs)
        if not values:
            return values
        names = self._list_attributes.get(tag_name)
        if names is None:
            lists = self.cdata_list_attributes or {}
            names = frozenset(lists.get("*", ())) | frozenset(lists.get(tag_name.lower(), ()))
            self._list_attributes[tag_name] = names
        for name, value in values.items():
            if name in names and isinstance(value, str):
                values[name] = self.attribute_value_list_class(nonwhitespace_re.findall(value))
        return values
