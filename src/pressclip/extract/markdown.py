"""Turn the article's element into Markdown and plain text in one walk.

The walk yields blocks (paragraphs, headings, lists, quotes, code, tables,
images); each block carries its Markdown and its plain text, so both outputs
come from the same decisions. Images are collected on the way, each source
and each caption once.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bs4 import Comment, Declaration, Doctype, ProcessingInstruction, Tag
from bs4.element import NavigableString, PageElement

from pressclip.extract import content, media
from pressclip.extract.content import BLOCK_TAGS
from pressclip.extract.dates import MONTHS, PUBLISHED_LABEL, UPDATED_LABEL, parse_date
from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold, marks
from pressclip.model import Image

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# What makes a heading element a container of the story rather than one line: pictures, lists.
NOT_IN_HEADING = ("img", "picture", "figure", "ul", "ol", "table", "blockquote", *HEADINGS)
MAX_LEVEL = 6
SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "strong": "**", "b": "**"}
CODE_TAGS = ("code", "kbd", "samp", "tt")
PLAYERS = ("video", "audio")
SUPERSCRIPT_MARK = re.compile(r"[0-9]{1,3}")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
LISTS = ("ul", "ol", "menu")
TABLE_PARTS = frozenset(("caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr"))
ESCAPE = re.compile(r"([\\`*_\[\]<])")
ENTITY = re.compile(r"&(?=#?\w+;)")
BACKTICKS = re.compile(r"`+")
LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)])(?=\s|$))")
LANGUAGE_CLASS = re.compile(r"(?:language|lang)-([\w+#-]+)")
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\\()]")
"""Characters a link destination cannot hold as they are: percent-encoded."""
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
BYTE_ORDER_MARK = "\ufeff"
"""Copied into a CMS's text with a file: no character of the story (it shows nothing)."""
COMPLEX_CELL = ("table", "ul", "ol", "pre", "blockquote", "figure", "img", *HEADINGS)
"""Block content a GFM cell cannot hold: such a table is shown row by row."""
DATE_LINE_WORDS = 12
DATE_LINE_OTHER = 4
"""Words of a date line besides the date (short ones such as "am", "de", "às", "Uhr" are free)."""
SHORT_WORD = 3
# "Lesedauer: 4 Min.", "5 min read": the reading time a stamp line often ends with.
READING_TIME = re.compile(
    r"(?:lesedauer|lesezeit|reading time|read time|temps de lecture|tiempo de lectura)\s*:?\s*"
    r"\d+\s*min\w*\.?|\d+\s*min(?:ute)?s?\.?\s+read",
    re.I,
)
BY = ("by", "von", "par", "por", "di", "door", "av", "af", "från", "przez")
"""The "by" of a byline in the languages of the major news sites."""
BYLINE_WORDS = frozenset((*BY, "text", "written", "posted"))
"""Words a byline puts before the names ("By", "Von", "Text:")."""
MAX_BYLINE_EXTRA = 2
"""Words besides the authors' names a byline may hold: a role, a place, a co-author."""
# The news agencies' credit line under a story: "Reporting by …; Editing by …".
CREDIT_LINE = re.compile(
    r"\(?(?:additional )?(?:reporting|writing|editing|compiled|research) by\s.{1,300}", re.I
)
HEAD_BLOCKS = 6
STORY_BLOCKS = frozenset(("p", "list", "quote", "code", "table"))
"""Blocks of the story's text: a headline comes before the first of them."""
MIN_HEADLINE_WORDS = 3
"""Words of a headline shown without the title's kicker ("Orden fürs Morden")."""
WORD = re.compile(r"\w+")
BYLINE = re.compile(
    rf"(?:written |posted |text: ?)?(?:{'|'.join(BY)})\s*:?\s+(\S+(?:\s+\S+){{0,5}})\s*$", re.I
)
NAME_JOINERS = frozenset(
    (
        "and",
        "und",
        "et",
        "y",
        "e",
        "en",
        "og",
        "och",
        "i",
        "de",
        "van",
        "von",
        "der",
        "da",
        "di",
        "le",
        "la",
        "&",
        "|",
        "-",
        "–",
        "—",
        "·",
    )
)
INITIAL_END = re.compile(r"\b[A-Z]\.$")
MAX_LABEL = 60
MIN_REPEATED = 60
"""A paragraph this long or longer is not shown twice in a row."""
MAX_LINK_SHARE = 0.5
SAME_SHARE = 0.8
# Headings that open a list of other stories, in the languages of the major news sites.
RELATED_LABEL = re.compile(
    r"related(?: articles?| stories| posts| content| news| coverage| links)?|"
    r"more (?:from|on|in|about) .{1,40}|more (?:stories|news|articles)|more great .{1,30} stories|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|"
    r"recommended(?: for you| stories| reading)?|"
    r"read (?:more|next|also)|see also|also read|further reading|most (?:read|popular|viewed)|"
    r"trending(?: now)?|top stories|something to consider|"
    r"mehr zum thema|das könnte sie auch interessieren|auch interessant|lesen sie auch|"
    r"weitere artikel|mehr aus .{1,40}|à lire aussi|lire aussi|sur le même sujet|"
    r"noticias relacionadas|te puede interesar|leer también|leggi anche|articoli correlati|"
    r"potrebbe interessarti|les også|läs också|lees ook|czytaj (?:także|też)|читайте также|"
    r"weitere themen|関連記事|関連ニュース|こちらもおすすめ.{0,10}|おすすめ情報|関連キーワード|"
    r"관련\s?기사|相关(?:阅读|新闻|文章)",
    re.I,
)
# Whole paragraphs that are a label of the page's chrome, not the story.
LABEL_LINE = re.compile(
    r"advertisement|advertising|ad|anzeige|werbung|publicidad|publicité|pubblicità|"
    r"reklame|advertentie|annonse|mainos|reklama|sponsored(?: content)?|"
    r"skip navigation|published|updated|aktualisiert|veröffentlicht|share|share this article|"
    # Where an ad slot interrupts the story.
    r"(?:the )?(?:article|story) continues (?:below|after (?:the )?(?:advertisement|ad))|"
    r"(?:der )?artikel geht (?:unten|nach der (?:anzeige|werbung)) weiter|"
    r"weiter nach der (?:anzeige|werbung)|l'article continue (?:ci-dessous|après la publicité)|"
    r"teilen|compartir|partager|condividi|listen to (?:this )?article|read more|weiterlesen|"
    r"mehr lesen|leer más|lire plus|continue reading|scroll down|print|drucken|comments?|"
    r"kommentare?|commentaires?|comentarios?|\d+ min(?:utes?)? read|lesezeit:? \d+ min(?:uten)?|"
    r"(?:photo(?:graph)?|image|picture|foto|bild|credit|source|quelle)s?\s*:\s*\S.{0,60}|"
    r"reklam|annons|publisert|oppdatert|julkaistu|päivitetty|caption|close|expand|enlarge|"
    r"updated(?: at)? \d{1,2}[:.]\d{2}\s*[ap]\.?m\.?|_{3,}|"
    # Registration and subscription prompts left in the story's markup by paywalls.
    r"(?:create an account|register|sign in|log in|subscribe)\b.{0,80}(?:read|unlock|articles?|"
    r"access|reading).{0,40}|this (?:content|article) is (?:reserved for subscribers|free to read)"
    r".{0,40}|subscribe (?:now|today|to unlock|for more).{0,80}",
    re.I,
)
# Pull quotes: a sentence of the story set apart in large type, shown once (where the text is).
PULL_QUOTE_CLASS = re.compile(r"pull-?quote|quote-?callout|callout-?quote", re.I)
PULL_QUOTE_TAGS = ("blockquote", "aside", "figure", "div", "p", "section")
MAX_PULL_QUOTE = 400
"""Characters of an unnamed ``<blockquote>`` that may be a pull quote: a sentence or two."""
MIN_PULL_QUOTE_WORDS = 5
PULL_QUOTE_SHARE = 0.8
"""Share of a pull quote's words the story's text must hold (editors trim and add ellipses)."""
SHINGLE = 4
# Who said it, under a pull quote: not words the story repeats.
ATTRIBUTION_TAGS = frozenset(("cite", "footer", "figcaption"))
ATTRIBUTION_CLASS = re.compile(r"attrib|author|cite|source|byline|credit", re.I)


@dataclass
class Block:
    kind: str  # "p", "h", "list", "quote", "code", "table", "image", "hr"
    md: str
    text: str = ""
    level: int = 0


@dataclass(frozen=True)
class Wrapped:
    """Emphasis around ``core``, written only where CommonMark reads it (see :func:`_resolve`)."""

    marker: str
    core: str


@dataclass
class Inline:
    """Markdown and text of a run of inline content."""

    md: list[str | Wrapped] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    nodes: list[PageElement] = field(default_factory=list)
    """The container's children the run was made of (to account for a dropped run)."""

    def add(self, md: str, text: str) -> None:
        self.md.append(md)
        self.text.append(text)

    def string(self, value: str) -> None:
        """Text of the page: white space in HTML source is one space (only ``<br>`` breaks)."""
        text = HTML_SPACE.sub(" ", value).replace(BYTE_ORDER_MARK, "")
        self.add(_escape(text), text)

    def wrap(self, marker: str, md: str, text: str) -> None:
        lead, core, trail = _split_space(md)
        self.md += [lead, Wrapped(marker, core), trail] if core else [md]
        self.text.append(text)

    def markdown(self) -> str:
        return _resolve(self.md)

    def result(self) -> tuple[str, str]:
        return _tidy(self.markdown()), _tidy("".join(self.text))


@dataclass
class Audit:
    """What a conversion left out or wrote itself on purpose, for the structural check.

    The check renders the Markdown and compares it with the source elements: these
    are the differences the converter means to make.
    """

    omitted: list[PageElement] = field(default_factory=list)
    """Nodes left out with everything in them: teasers, empty items, chrome pictures."""
    pictured: list[PageElement] = field(default_factory=list)
    """Nodes of which only the pictures are shown: figures (with a composed caption line),
    embeds, labels and bylines, the headline that repeats the title."""
    composed: list[str] = field(default_factory=list)
    """Plain text of the lines the converter composes: captions with their credits."""
    pictures: list[str] = field(default_factory=list)
    """Sources of pictures shown that the elements do not hold (the JSON-LD's hero image)."""
    links: list[str] = field(default_factory=list)
    """Addresses of the links the converter composes (to the original of an embed)."""


@dataclass
class Body:
    markdown: str
    text: str
    images: list[Image]
    sources: tuple[Tag, ...] = ()
    """The elements converted, in order (lead figures, then the story's element)."""
    document: Document | None = None
    audit: Audit = field(default_factory=Audit)


class Converter:
    """One conversion: the blocks so far and the images and captions already shown."""

    def __init__(self, doc: Document, title: str | None, authors: Iterable[str] = ()) -> None:
        self.doc = doc
        self.title_key = fold(title) if title else None
        self.author_names = _name_patterns(authors)
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.seen_src: dict[str, int] = {}
        """Sources shown so far, with their index in ``images``."""
        self.seen_caption: set[str] = set()
        self.src_block: dict[str, Block] = {}
        """The image block of each source shown, to caption it later."""
        self.depth = 0
        self.pending: list[Tag] = []
        self.holds_block: set[int] = set()
        self.repeated: set[int] = set()
        """Pull quotes whose sentences the story's text holds: left out."""
        self.audit = Audit()

    def convert(self, root: Tag, lead: list[Tag]) -> Body:
        self.holds_block = content.holding_blocks(root)
        self.repeated = {id(quote) for quote in repeated_quotes(root, self.doc)}
        for figure in lead:
            self._figure(figure)
        self._children(root)
        self._flush_images()
        self._ld_captions()
        _number_headings(self.blocks)
        markdown = "\n\n".join(b.md for b in self.blocks if b.md)
        text = "\n\n".join(b.text for b in self.blocks if b.text and b.kind != "image")
        return Body(markdown, text, self.images, (*lead, root), self.doc, self.audit)

    # -- blocks ---------------------------------------------------------

    def _children(self, tag: Tag) -> None:
        """Walk a block container: runs of inline content become paragraphs."""
        self._walk(tag.children)

    def _walk(self, children: Iterable[PageElement]) -> None:
        """Blocks of a container's children.

        A "Related articles" or "Read more" label opens a teaser list: what follows it
        is skipped, up to a story paragraph (a list dropped into the story's middle).
        """
        run = Inline()
        teasers = False
        for child in children:
            if isinstance(child, SKIPPED_STRINGS):
                continue
            if teasers and not (isinstance(child, Tag) and _resumes_story(child)):
                self.audit.omitted.append(child)
                continue
            if id(child) in self.repeated:
                self.audit.omitted.append(child)
                continue
            teasers = False
            if isinstance(child, NavigableString):
                run.string(child)
                run.nodes.append(child)
            elif isinstance(child, Tag) and self._is_block(child):
                self._paragraph(run)
                run = Inline()
                if _opens_related(child):
                    self.audit.omitted.append(child)
                    teasers = True
                    continue
                self._block(child)
            elif isinstance(child, Tag):
                self._inline(child, run)
                run.nodes.append(child)
        self._paragraph(run)

    def _is_block(self, tag: Tag) -> bool:
        if tag.name in BLOCK_TAGS or tag.name in PLAYERS or media.is_figure(tag):
            return True
        return tag.name not in ("a", "img") and id(tag) in self.holds_block

    @staticmethod
    def _is_figure(tag: Tag) -> bool:
        # A figcaption around the picture too is used as the figure.
        wrapper = tag.name == "figcaption" and tag.find("img") is not None
        return wrapper or media.is_figure(tag) or media.is_loose_figure(tag)

    def _block(self, tag: Tag) -> None:
        name = tag.name
        if name in HEADINGS and id(tag) in self.holds_block and tag.find(NOT_IN_HEADING):
            self._children(tag)
        elif name in HEADINGS:
            self._heading(tag)
        elif name in LISTS and tag.find("li", recursive=False):
            self._list(tag)
        elif name == "blockquote" and not clean(tag.get_text()):
            self._embed(tag)  # an empty quote is a post the platform's script fills in
        elif name == "blockquote":
            self._quote(tag)
        elif name in PLAYERS:
            self._embed(tag)
        elif name == "pre":
            self._code(tag)
        elif name == "table":
            self._table(tag)
        elif name == "hr":
            self.blocks.append(Block("hr", "* * *"))
        elif self._is_figure(tag):
            self._figure(tag)
        elif name == "figcaption" and not media.captions_content(tag):
            self.audit.pictured.append(tag)
            self._add_image(media.caption_only(tag))
        else:
            self._children(tag)

    def _paragraph(self, run: Inline) -> None:
        md, text = run.result()
        if text and self._is_stamp(text):
            # A byline's or a date line's pictures are the author's photo, a clock icon.
            self.audit.omitted.extend(run.nodes)
            self.pending = [tag for tag in self.pending if not _inside_any(tag, run.nodes)]
        elif text and self._repeats_paragraph(text):
            self.audit.omitted.extend(run.nodes)  # the same block for another screen size
        elif text and not self._is_label(text) and not self._repeats_caption(text):
            md = "\n".join(_escape_line_start(line) for line in md.split("\n"))
            self.blocks.append(Block("p", md.replace("\n", "\\\n"), text))
        elif text:
            self.audit.pictured.extend(run.nodes)  # its pictures are still shown
        self._flush_images()

    def _repeats_paragraph(self, text: str) -> bool:
        """A long paragraph that repeats the one just before it: the same block again for
        another screen size (an article may repeat a paragraph, but not back to back)."""
        if len(text) < MIN_REPEATED or not self.blocks or self.blocks[-1].kind != "p":
            return False
        return fold(self.blocks[-1].text) == fold(text)

    @staticmethod
    def _is_label(text: str) -> bool:
        """An ad label, a share button, a "Related articles" heading."""
        label = text.strip(" .:·|•…!»›>")
        return bool(
            LABEL_LINE.fullmatch(label)
            or READING_TIME.fullmatch(label)
            or (len(label) <= MAX_LABEL and RELATED_LABEL.fullmatch(label))
        )

    def _is_stamp(self, text: str) -> bool:
        """The article's authors (with a role, a place or a date) anywhere; a byline or a
        date line among the first blocks."""
        if self._names_only(text) or (CREDIT_LINE.fullmatch(text) and not _is_sentence(text)):
            return True
        if len(self.blocks) >= HEAD_BLOCKS:
            return False
        return _is_byline(text) or _is_date_line(text)

    def _names_only(self, text: str) -> bool:
        """Whether a line holds the authors' names and little else: "Marta Cañete",
        "Von Anna Roe, Frankfurt", "Jane Roe Redakteurin", "Do 25.04.24 | 14:07 Uhr | Von …".

        A one-word name (an agency, a brand: "Beachbody Performance Energize") takes
        nothing but a date beside it.
        """
        if not self.author_names or _is_sentence(text):
            return False
        rest, extra = fold(text), -1
        for name, allowed in self.author_names:
            rest, found = name.subn(" ", rest)
            if found:
                extra = max(extra, allowed)
        words = [w for w in WORD.findall(rest) if w not in BYLINE_WORDS | NAME_JOINERS]
        return extra >= 0 and (len(words) <= extra or _is_date_line(rest))

    def _repeats_caption(self, text: str) -> bool:
        """A caption shown again, with its credit, as a line of its own (a gallery's copy).

        Without a credit the line may be the story's own sentence that the caption repeats.
        """
        if not self.seen_caption:
            return False
        caption, credit = media.split_credit(clean(text))
        return credit is not None and fold(caption) in self.seen_caption

    def _heading(self, tag: Tag) -> None:
        run = self._inline_run(tag)
        md, text = (part.replace("\n", " ") for part in run.result())  # a heading is one line
        if text and self._names_only(text):  # an author's name over the story or the bio
            self.audit.omitted.append(tag)
            self.pending = [img for img in self.pending if not media.inside(img, tag)]
            return
        if not text or self._repeats_title(fold(text)) or self._is_label(text):
            self.audit.pictured += [tag] if text else []
            self._flush_images()
            return
        if self.depth:
            self.blocks.append(Block("p", f"**{md}**", text))
        else:
            self.blocks.append(Block("h", md, text, int(tag.name[1])))
        self._flush_images()

    def _repeats_title(self, heading: str) -> bool:
        """The headline again: the title, or, before the story's first paragraph, the title
        with a kicker ("Premiere in Eisenhüttenstadt - <title>") or without its own
        ("<kicker>: Orden fürs Morden")."""
        title = self.title_key
        if not title or heading == title:
            return heading == title
        if any(block.kind in STORY_BLOCKS for block in self.blocks):
            return False
        if title in heading:
            return True
        short = title.removesuffix(heading)
        return (
            short != title
            and not short[-1:].isalnum()
            and len(heading.split()) >= MIN_HEADLINE_WORDS
        )

    def _nested(self, tag: Tag, walk: Callable[[Tag], None] | None = None) -> list[Block]:
        """Blocks of a nested container (list item, quote, cell), sharing the image state."""
        saved, self.blocks = self.blocks, []
        self.depth += 1
        try:
            (walk or self._children)(tag)
            return self.blocks
        finally:
            self.blocks = saved
            self.depth -= 1

    def _list(self, tag: Tag) -> None:
        ordered = tag.name == "ol"
        number = _int(tag.get("start"), 1)
        items: list[list[Block]] = []
        loose: list[PageElement] = []
        for child in tag.children:
            if isinstance(child, NavigableString) and (
                isinstance(child, SKIPPED_STRINGS) or not child.strip()
            ):
                continue
            if isinstance(child, Tag) and child.name == "li":
                self._walk(loose)  # content between items (not valid HTML) is shown between them
                loose = []
                blocks = [b for b in self._nested(child) if b.md]
                if blocks:
                    items.append(blocks)
                else:
                    self.audit.omitted.append(child)
            elif isinstance(child, Tag) and child.name in LISTS and items and not loose:
                # A list right inside a list (not in an item): browsers indent it under the last.
                items[-1] += [b for b in self._nested(child, self._list) if b.md]
            elif not items:
                loose.append(child)
            else:
                number = self._list_block(items, ordered, number)
                items, loose = [], [child]
        self._list_block(items, ordered, number)
        self._walk(loose)

    def _list_block(self, items: list[list[Block]], ordered: bool, number: int) -> int:
        """The items as one list starting at ``number``; the number after its last item."""
        md_lines: list[str] = []
        texts: list[str] = []
        for blocks in items:
            marker = f"{number}. " if ordered else "- "
            number += 1
            md_lines.append(_indent(marker, _item_body(blocks)))
            texts.extend(b.text for b in blocks if b.text and b.kind != "image")
        if md_lines:
            self.blocks.append(Block("list", "\n".join(md_lines), "\n".join(texts)))
        return number

    def _quote(self, tag: Tag) -> None:
        blocks = [b for b in self._nested(tag) if b.md]
        if not blocks:
            return
        md = "\n\n".join(b.md for b in blocks)
        quoted = "\n".join(f"> {line}" if line else ">" for line in md.split("\n"))
        text = "\n\n".join(b.text for b in blocks if b.text and b.kind != "image")
        self.blocks.append(Block("quote", quoted, text))

    def _code(self, tag: Tag) -> None:
        code = tag.get_text().strip("\n")
        if not code.strip():
            return
        language = ""
        for element in [tag, *tag.find_all("code", limit=1)]:
            match = LANGUAGE_CLASS.search(" ".join(element.get("class") or ()))
            if match:
                language = match.group(1)
                break
        fence = "```"
        while fence in code:
            fence += "`"
        self.blocks.append(Block("code", f"{fence}{language}\n{code}\n{fence}", code))

    def _table(self, tag: Tag) -> None:
        rows = [r for r in tag.find_all("tr") if r.find_parent("table") is tag]
        cells = [[c for c in r.find_all(["td", "th"], recursive=False)] for r in rows]
        cells = [r for r in cells if r]
        if not cells:
            self._children(tag)
            return
        # Content outside the table's rows: browsers show it before the table.
        self._walk(c for c in tag.children if not (isinstance(c, Tag) and c.name in TABLE_PARTS))
        caption = tag.find("caption", recursive=False)
        if caption is not None:
            self._paragraph(self._inline_run(caption))
        # One cell a row is a layout box, not a table of data.
        layout = max(len(row) for row in cells) < 2
        if layout or any(
            c.find(COMPLEX_CELL) or len(c.find_all("p")) > 1 for r in cells for c in r
        ):
            for row in cells:
                for cell in row:
                    self._children(cell)
            return
        grid = [
            row for row in ([self._cell(c) for c in r] for r in cells) if any(t for _, t in row)
        ]
        if not grid:
            return
        if any(
            _int(c.get("colspan"), 1) > 1 or _int(c.get("rowspan"), 1) > 1 for r in cells for c in r
        ):
            for rendered in grid:
                md = " · ".join(m for m, _ in rendered if m)
                text = " ".join(t for _, t in rendered if t)
                if text:
                    self.blocks.append(Block("p", md, text))
            return
        self.blocks.append(_gfm_table(grid))
        self._flush_images()

    def _inline_run(self, tag: Tag) -> Inline:
        run = Inline()
        self._inline_children(tag, run)
        return run

    def _cell(self, cell: Tag) -> tuple[str, str]:
        md, text = self._inline_run(cell).result()
        return md.replace("|", "\\|").replace("\n", " "), text.replace("\n", " ")

    def _figure(self, tag: Tag) -> None:
        """An image (or gallery) with its caption; a caption stays even when no source does.

        A figure of a table, a quote, code or a player is that content, its caption a line.
        """
        if media.holds_content(tag):
            self._children(tag)
            return
        captions = media.caption_elements(tag)
        # Pictures inside a caption element are icons; a block that is its own caption has none.
        inner = [c for c in captions if c is not tag]
        imgs = [i for i in tag.find_all("img") if not any(media.inside(i, c) for c in inner)]
        images = [image for image in map(self._make_image, imgs, [tag] * len(imgs)) if image]
        if images or captions:
            self.audit.pictured.append(tag)
        if images:
            # The figure's one caption belongs after its last picture.
            for image in images[:-1]:
                self._add_image(dataclasses.replace(image, caption=None, credit=None))
            self._add_image(images[-1])
        elif captions:
            self._add_image(media.caption_only(tag))
        else:
            self._children(tag)

    # -- images ---------------------------------------------------------

    def _flush_images(self) -> None:
        pending, self.pending = self.pending, []
        for tag in pending:
            if tag.name in PLAYERS:
                self._embed(tag)
            else:
                self._image(tag, None)

    def _embed(self, tag: Tag) -> bool:
        """A player or a post the page's script would show: a line linking to the original.

        (A post whose text the page holds is shown as a quote instead, its link inside.)
        """
        embed = media.embed_of(tag, self.doc)
        if embed is None:
            self.audit.omitted.append(tag)
            return False
        self.audit.pictured.append(tag)
        self.audit.composed.append(embed.label)
        self.audit.links.append(embed.url)
        self.blocks.append(Block("embed", f"[{_escape(embed.label)}]({_escape_url(embed.url)})"))
        return True

    def _image(self, img: Tag, figure: Tag | None) -> None:
        image = self._make_image(img, figure)
        if image is not None:
            self._add_image(image)

    def _make_image(self, img: Tag, figure: Tag | None) -> Image | None:
        """The picture of ``img``, or None (recorded as left out) for chrome or no source."""
        image = media.make_image(img, self.doc, figure)
        if image is None:
            self.audit.omitted.append(img)
        return image

    def _add_image(self, image: Image) -> None:
        """Show an image once per source, and a caption once per article."""
        caption = image.caption
        if caption and fold(caption) in self.seen_caption:
            caption = None
        if image.src is not None and image.src in self.seen_src:
            # The same picture again (a featured copy): only a caption it lacked is news.
            if caption:
                self._caption_for_seen(image.src, caption, image.credit)
            return
        if image.src is None and not caption:
            return
        if image.src:
            self.seen_src[image.src] = len(self.images)
        if caption:
            self.seen_caption.add(fold(caption))
        self.images.append(image)
        block = self._image_block(image, caption)
        if image.src:
            self.src_block[image.src] = block
        self.blocks.append(block)

    def _image_block(self, image: Image, caption: str | None) -> Block:
        block = _image_block(image, caption)
        self._composed(caption, image.credit)
        return block

    def _composed(self, caption: str | None, credit: str | None) -> None:
        line = " ".join(part for part in (caption, credit) if part)
        if line:
            self.audit.composed.append(line)

    def _caption_for_seen(self, src: str, caption: str, credit: str | None) -> None:
        """A new caption for a picture shown before: its own, or a caption without picture.

        (A video's poster and a photo further down may share one picture.)
        """
        index = self.seen_src[src]
        if self.images[index].caption is None:
            self.images[index] = dataclasses.replace(
                self.images[index], caption=caption, credit=credit
            )
        else:
            self.images.append(Image(src=None, caption=caption, credit=credit))
        self.seen_caption.add(fold(caption))
        self._composed(caption, credit)
        self.blocks.append(Block("image", _caption_line(caption, credit), caption))

    def _ld_captions(self) -> None:
        """Captions the article's JSON-LD gives its pictures, where the page showed none.

        The picture already shown gets its caption; one not shown (a hero image outside
        the story's element) goes first. A caption the text already holds is left out.
        """
        shown = fold(" ".join(b.text for b in self.blocks if b.kind != "image"))
        for src, ld_caption in media.ld_captions(self.doc):
            caption, credit = media.split_credit(ld_caption)
            key = fold(caption)
            if not caption or key in shown or any(key in c or c in key for c in self.seen_caption):
                continue
            self.seen_caption.add(key)
            src = self._shown_as(src)
            index = self.seen_src.get(src) if src else None
            if index is None:
                image = Image(src=src, caption=caption, credit=credit)
                if src:
                    self.audit.pictures.append(src)
                self.images.insert(0, image)
                self.seen_src = {s: i + 1 for s, i in self.seen_src.items()}
                self.blocks.insert(0, self._image_block(image, caption))
            elif self.images[index].caption is None:
                image = dataclasses.replace(self.images[index], caption=caption, credit=credit)
                self.images[index] = image
                block = self.src_block[src] if src else None
                if block is not None:
                    block.md, block.text = self._image_block(image, caption).md, caption

    def _shown_as(self, src: str | None) -> str | None:
        """The source under which a picture was shown: ``src``, or a size of it (other query)."""
        if src is None or src in self.seen_src:
            return src
        key = media.picture_key(src)
        return next((s for s in self.seen_src if media.picture_key(s) == key), src)

    # -- inline ---------------------------------------------------------

    def _inline_children(self, tag: Tag, run: Inline) -> None:
        for child in tag.children:
            if isinstance(child, SKIPPED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                run.string(child)
            elif isinstance(child, Tag):
                self._inline(child, run)

    def _inline(self, tag: Tag, run: Inline) -> None:
        name = tag.name
        if name in BLOCK_TAGS:
            # A block inside inline content (a link around a teaser card): its edges part words.
            run.add(" ", " ")
            self._inline_children(tag, run)
            run.add(" ", " ")
        elif name == "br":
            run.add("\n", "\n")
        elif name == "img" or name in PLAYERS:
            self.pending.append(tag)
        elif name == "a":
            self._link(tag, run)
        elif name in EMPHASIS:
            self._wrapped(tag, run, EMPHASIS[name])
        elif name == "sup" and SUPERSCRIPT_MARK.fullmatch(tag.get_text().strip()):
            # A footnote marker: Markdown has no superscript, Unicode has for digits.
            mark = tag.get_text().strip()
            run.add(mark.translate(SUPERSCRIPTS), mark)
        elif name in CODE_TAGS:
            code = tag.get_text()
            if code.strip():
                run.add(_code_span(code), code)
        else:
            self._inline_children(tag, run)

    def _link(self, tag: Tag, run: Inline) -> None:
        inner = Inline()
        self._inline_children(tag, inner)
        md, text = inner.markdown(), "".join(inner.text)
        href = self.doc.absolute(str(tag.get("href") or ""))
        if href and text.strip():
            lead, core, trail = _split_space(md)
            run.add(f"{lead}[{core}]({_escape_url(href)}){trail}", text)
        else:
            run.add(md, text)

    def _wrapped(self, tag: Tag, run: Inline, marker: str) -> None:
        inner = Inline()
        self._inline_children(tag, inner)
        run.wrap(marker, inner.markdown(), "".join(inner.text))


def convert(
    root: Tag,
    doc: Document,
    title: str | None,
    lead: list[Tag] | None = None,
    authors: Iterable[str] = (),
) -> Body:
    """Markdown, plain text and images of the article element ``root``, after ``lead`` figures.

    The title and the authors are known: a heading repeating the one, a line of the
    other's names, are the page's header inside the story, left out.
    """
    return Converter(doc, title, authors).convert(root, lead or [])


def from_text(text: str, images: list[Image]) -> Body:
    """A body from plain text (JSON-LD ``articleBody``): one paragraph per line."""
    paragraphs = [clean(html.unescape(line)) for line in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    markdown = "\n\n".join(_escape_line_start(_escape(p)) for p in paragraphs)
    return Body(markdown, "\n\n".join(paragraphs), images)


def repeated_quotes(root: Tag, doc: Document) -> list[Tag]:
    """The pull quotes in ``root`` that repeat the story's own sentences.

    A pull quote is named so (``pullquote``, ``pull-quote``, ``quote-callout``) or is a
    short ``<blockquote>``, without pictures or an embedded post. It repeats the story
    when the text outside every such quote holds nearly all its words, in runs.
    """
    found = [t for t in root.find_all(PULL_QUOTE_TAGS) if _is_pull_quote(t, doc)]
    quotes = [t for t in found if not any(media.inside(t, other) for other in found)]
    if not quotes:
        return []
    outside = {id(quote) for quote in quotes}
    story = _words(_strings(root, lambda tag: id(tag) in outside))
    shingles = {tuple(story[i : i + SHINGLE]) for i in range(len(story) - SHINGLE + 1)}
    return [quote for quote in quotes if _repeats(quote, shingles)]


def _is_pull_quote(tag: Tag, doc: Document) -> bool:
    if not PULL_QUOTE_CLASS.search(marks(tag)) and not (
        tag.name == "blockquote" and media.short_text(tag, MAX_PULL_QUOTE)
    ):
        return False
    if media.picture_count(tag, 1) or tag.find(PLAYERS) is not None:
        return False
    return tag.name != "blockquote" or media.embed_of(tag, doc) is None


def _repeats(quote: Tag, story: set[tuple[str, ...]]) -> bool:
    """Whether the story's text holds nearly every word of the quote (its attribution aside)."""
    words = _words(_strings(quote, _is_attribution))
    if len(words) < MIN_PULL_QUOTE_WORDS:
        return False
    covered: set[int] = set()
    for start in range(len(words) - SHINGLE + 1):
        if tuple(words[start : start + SHINGLE]) in story:
            covered.update(range(start, start + SHINGLE))
    return len(covered) >= PULL_QUOTE_SHARE * len(words)


def _is_attribution(tag: Tag) -> bool:
    return tag.name in ATTRIBUTION_TAGS or bool(ATTRIBUTION_CLASS.search(marks(tag)))


def _strings(root: Tag, skip: Callable[[Tag], bool]) -> list[str]:
    """The text of ``root`` in order, without the elements ``skip`` picks (and their content).

    A loop rather than recursion: story elements can be nested deeper than Python recurses.
    """
    found: list[str] = []
    stack: list[PageElement] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, SKIPPED_STRINGS):
                found.append(str(node))
        elif isinstance(node, Tag) and not skip(node):
            stack.extend(reversed(node.contents))
    return found


def _words(strings: list[str]) -> list[str]:
    return WORD.findall(fold(" ".join(strings)))


def _opens_related(tag: Tag) -> bool:
    """A heading or short label that introduces links to other stories."""
    if tag.name not in HEADINGS and tag.name != "p":
        return False
    text = clean(tag.get_text())
    return len(text) <= MAX_LABEL and bool(RELATED_LABEL.fullmatch(text.strip(" .:…!»›>")))


def _resumes_story(tag: Tag) -> bool:
    """A long paragraph of plain text: the story goes on after a teaser list."""
    if tag.name != "p":
        return False
    text = clean(tag.get_text())
    long_enough = len(text) >= content.STORY_PARAGRAPH
    return long_enough and content.link_density(tag, len(text)) < MAX_LINK_SHARE


def _is_byline(text: str) -> bool:
    """ "By Jane Doe and John Roe": a prefix, then only capitalised names and joining words."""
    match = BYLINE.match(text)
    if not match or _is_sentence(text):
        return False
    return all(w[0].isupper() or w.lower() in NAME_JOINERS for w in match.group(1).split())


def _is_date_line(text: str) -> bool:
    """A line that is a date with at most a few words around it ("Updated 5 May 2024, 10:02",
    "sexta-feira, 22 de outubro de 2010 às 20:13", "15.04.2026 - 15:48 Uhr Lesedauer: 2 Min.")."""
    text = READING_TIME.sub(" ", text).strip()
    labelled = UPDATED_LABEL.search(text) or PUBLISHED_LABEL.search(text)
    if _is_sentence(text) and not labelled:  # "Polls close on 5 May 2024." is the story's
        return False
    words = WORD.findall(text)
    if len(words) > DATE_LINE_WORDS or parse_date(text) is None:
        return False
    other = [w for w in words if w.lower() not in MONTHS and not w.isdigit()]
    return sum(1 for w in other if len(w) > SHORT_WORD) <= DATE_LINE_OTHER


def _is_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (an initial, "Jane R.", does not)."""
    return text.rstrip().endswith((".", "!", "?")) and not INITIAL_END.search(text.rstrip())


def _name_patterns(authors: Iterable[str]) -> list[tuple[re.Pattern[str], int]]:
    """Each author's name as a whole-word pattern over folded text, longest first, with the
    words a byline may add to it: none to a one-word name."""
    keys = sorted({fold(name) for name in authors if fold(name)}, key=len, reverse=True)
    return [
        (re.compile(rf"(?<!\w){re.escape(key)}(?!\w)"), MAX_BYLINE_EXTRA if " " in key else 0)
        for key in keys
    ]


def _inside_any(node: PageElement, nodes: list[PageElement]) -> bool:
    return any(
        node is other or (isinstance(other, Tag) and media.inside(node, other)) for other in nodes
    )


def _gfm_table(grid: list[list[tuple[str, str]]]) -> Block:
    width = max(len(row) for row in grid)
    rows = [[m for m, _ in row] + [""] * (width - len(row)) for row in grid]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    text = "\n".join("\t".join(t for _, t in row) for row in grid)
    return Block("table", "\n".join(lines), text)


def _indent(marker: str, body: str) -> str:
    pad = " " * len(marker)
    lines = body.split("\n")
    return "\n".join([marker + lines[0]] + [pad + line if line else "" for line in lines[1:]])


def _split_space(md: str) -> tuple[str, str, str]:
    core = md.strip()
    if not core:
        return md, "", ""
    start = md.index(core[0])
    return md[:start], core, md[start + len(core) :]


def _resolve(parts: list[str | Wrapped]) -> str:
    """The Markdown of a run, with each emphasis marked only where CommonMark will read it.

    Touching runs of one kind become one (``**T****ALAGANG**`` would show its stars). A
    marker next to punctuation on its inside needs space or punctuation on its outside
    (``**[a link](url)**Text`` does not close): there the text goes unmarked.
    https://spec.commonmark.org/0.31.2/#left-flanking-delimiter-run
    """
    merged: list[str | Wrapped] = []
    for part in parts:
        last = merged[-1] if merged else None
        if isinstance(part, Wrapped) and isinstance(last, Wrapped) and last.marker == part.marker:
            merged[-1] = Wrapped(part.marker, last.core + part.core)
        elif part:
            merged.append(part)
    out: list[str] = []
    before = ""
    for index, part in enumerate(merged):
        if isinstance(part, Wrapped):
            after = _first_char(merged[index + 1 : index + 2])
            marker = part.marker if _flanking(before, part.core, after) else ""
            part = f"{marker}{part.core}{marker}"
        out.append(part)
        before = part[-1:] or before
    return "".join(out)


def _first_char(parts: list[str | Wrapped]) -> str:
    if not parts:
        return ""
    part = parts[0]
    return part.marker[0] if isinstance(part, Wrapped) else part[:1]


def _flanking(before: str, core: str, after: str) -> bool:
    """Whether markers around ``core`` open and close between ``before`` and ``after``."""
    opens = not _punctuation(core[0]) or not before or before.isspace() or _punctuation(before)
    closes = not _punctuation(core[-1]) or not after or after.isspace() or _punctuation(after)
    return opens and closes


def _punctuation(char: str) -> bool:
    """CommonMark's punctuation: Unicode punctuation and symbols."""
    return unicodedata.category(char)[0] in "PS"


def _tidy(value: str) -> str:
    value = SPACES.sub(" ", value)
    return "\n".join(line.strip() for line in value.split("\n")).strip()


def _item_body(blocks: list[Block]) -> str:
    """A list item's blocks: paragraphs apart by a blank line, a nested list right below."""
    out = blocks[0].md
    for previous, block in zip(blocks, blocks[1:], strict=False):
        tight = "list" in (previous.kind, block.kind)
        out += ("\n" if tight else "\n\n") + block.md
    return out


def _image_block(image: Image, caption: str | None) -> Block:
    """The picture (if it has a source) and the caption line under it.

    The alt text is left out where the caption shown under the picture repeats it.
    """
    alt = image.alt or ""
    if caption and _same_words(alt, caption):
        alt = ""
    parts = [f"![{_escape(alt)}]({_escape_url(image.src)})"] if image.src else []
    line = _caption_line(caption, image.credit)
    if line:
        parts.append(line)
    return Block("image", "\n\n".join(parts), caption or "")


def _caption_line(caption: str | None, credit: str | None) -> str:
    """The italic line under a picture: caption, then credit."""
    if caption and credit:
        return f"*{_escape(caption)}* — {_escape(credit)}"
    if caption or credit:
        return f"*{_escape(caption or credit or '')}*"
    return ""


def _same_words(alt: str, caption: str) -> bool:
    """Whether an alt text repeats the caption (the same words, or nearly all of them)."""
    a, c = fold(alt), fold(caption)
    if not a:
        return False
    return a == c or (
        (a in c or c in a) and min(len(a), len(c)) >= SAME_SHARE * max(len(a), len(c))
    )


def _code_span(code: str) -> str:
    """Inline code fenced by more backticks than any run inside, padded when it touches one."""
    longest = max((len(run) for run in BACKTICKS.findall(code)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _escape_line_start(line: str) -> str:
    """Escape what would start a heading, quote, list or setext underline."""
    match = LINE_START.match(line)
    if not match:
        return line
    lead, marker, number, dot = match.groups()
    escaped = f"\\{marker}" if marker else f"{number}\\{dot}"
    return lead + escaped + line[match.end() :]


def _escape(text: str) -> str:
    return ENTITY.sub(r"\\&", ESCAPE.sub(r"\\\1", text))


def _escape_url(url: str) -> str:
    """A link destination CommonMark reads as written: no spaces, parentheses or backslash
    escapes, and ``&`` kept from starting an entity (``?a=1&amp;b=2`` as served)."""
    url = URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url)
    return ENTITY.sub(r"\\&", url)


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _number_headings(blocks: list[Block]) -> None:
    """Give the article's headings ##, ###, … (the title is #), never skipping a level.

    Each heading goes one level below the nearest earlier heading of a higher rank on
    the page, or level with one of the same rank: h2, h4, h3 become ##, ###, ###.
    """
    open_levels: list[tuple[int, int]] = []  # (the page's level, the Markdown's), outermost first
    for block in blocks:
        if block.kind != "h":
            continue
        while open_levels and open_levels[-1][0] > block.level:
            open_levels.pop()
        if open_levels and open_levels[-1][0] == block.level:
            shown = open_levels.pop()[1]
        else:
            shown = min(open_levels[-1][1] + 1, MAX_LEVEL) if open_levels else 2
        open_levels.append((block.level, shown))
        block.md = "#" * shown + " " + block.md
