"""``extract()``: from a page's bytes to an :class:`~pressclip.model.Article`.

Pure: no network, no disk. The page is decoded and parsed once; metadata is
read before the tree is pruned for the body.
"""

from __future__ import annotations

from pressclip.errors import ContentError, NoArticleError
from pressclip.extract import content, media, metadata
from pressclip.extract.authors import find_authors
from pressclip.extract.dates import find_dates
from pressclip.extract.document import Document, parse
from pressclip.extract.markdown import Body, convert, from_text
from pressclip.model import Article

__all__ = ["extract"]

MIN_LD_BODY = 500
LD_BODY_SHARE = 0.5


def extract(html: bytes | str, url: str | None = None, *, charset: str | None = None) -> Article:
    """Extract the article from a page.

    ``html`` is the page as bytes (decoded here: BOM, valid UTF-8, ``charset``,
    ``<meta>``, detection) or as text; ``url`` is the page's address, used to resolve
    links and as a fallback for dates. Raises :class:`NoArticleError` when the
    page holds no article text, :class:`ContentError` when it cannot be parsed.
    """
    return extract_body(html, url, charset=charset)[0]


def extract_body(
    html: bytes | str, url: str | None = None, *, charset: str | None = None
) -> tuple[Article, Body]:
    """:func:`extract`, also giving the converted body with its source elements.

    For checks that compare the Markdown with the markup it came from.
    """
    try:
        doc = parse(html, url, charset)
        return _article(doc)
    except RecursionError as error:
        raise ContentError("document nested too deeply", url) from error


def _article(doc: Document) -> tuple[Article, Body]:
    site = metadata.site_name(doc)
    title = metadata.title(doc, site)
    published, modified = find_dates(doc)
    names = find_authors(doc, site)
    description = metadata.description(doc)
    body = _body(doc, title, description, names)
    lead = metadata.lead_image(doc)
    article = Article(
        title=title,
        description=description,
        authors=names,
        date_published=published,
        date_modified=modified,
        site_name=site,
        language=metadata.language(doc),
        url=metadata.canonical_url(doc),
        lead_image=lead or (body.images[0].src if body.images else None),
        images=tuple(body.images),
        tags=metadata.tags(doc),
        markdown=body.markdown,
        text=body.text,
    )
    return article, body


def _ld_article_body(doc: Document) -> str:
    """The story as plain text in JSON-LD ``articleBody`` (some sites render it only by script)."""
    value = (doc.article_ld() or {}).get("articleBody")
    text = value if isinstance(value, str) else ""
    return text.strip() if len(text) >= MIN_LD_BODY else ""


def _body(
    doc: Document, title: str | None, description: str | None, authors: tuple[str, ...]
) -> Body:
    has_scripts = bool(doc.named("script"))
    media.keep_players(doc)
    content.prune(doc.soup)
    ld_body = _ld_article_body(doc)
    # The landmark is a second chance for pages whose best-scoring block cleans down to nothing.
    others = content.other_stories(doc.named("h1"), title)
    for node in (content.article_node(doc.soup, others), content.landmark(doc.soup)):
        if node is not None:
            content.add_lead(node, description)
        lead = content.lead_figures(node) if node is not None else []
        body = convert(node, doc, title, lead, authors) if node is not None else None
        if body is not None and body.text:
            if len(body.text) < len(ld_body) * LD_BODY_SHARE:
                return from_text(ld_body, body.images)
            return body
    if ld_body:
        return from_text(ld_body, [])
    if has_scripts and content.looks_like_app_shell(doc.soup):
        raise NoArticleError("page appears to require JavaScript", doc.page_url)
    raise NoArticleError("no article content found", doc.page_url)
