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
from dataclasses import dataclass, field

from bs4 import Comment, Declaration, Doctype, ProcessingInstruction, Tag
from bs4.element import NavigableString

from pressclip.extract import content, media
from pressclip.extract.content import BLOCK_TAGS
from pressclip.extract.dates import MONTHS, parse_date
from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold
from pressclip.model import Image

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "strong": "**", "b": "**"}
CODE_TAGS = ("code", "kbd", "samp", "tt")
ESCAPE = re.compile(r"([\\`*_\[\]<])")
ENTITY = re.compile(r"&(?=#?\w+;)")
BACKTICKS = re.compile(r"`+")
LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)])(?=\s|$))")
LANGUAGE_CLASS = re.compile(r"(?:language|lang)-([\w+#-]+)")
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
COMPLEX_CELL = ("table", "ul", "ol", "pre", "blockquote", "figure", "img", "h2", "h3", "h4")
DATE_LINE_WORDS = 12
DATE_LINE_OTHER = 4
HEAD_BLOCKS = 6
WORD = re.compile(r"\w+")
BYLINE = re.compile(
    r"(?:written |posted |text: ?)?(?:by|von|par|por|di|door|av|af|från|przez)\s*:?"
    r"\s+(\S+(?:\s+\S+){0,5})\s*$",
    re.I,
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
STORY_PARAGRAPH = 80
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


@dataclass
class Block:
    kind: str  # "p", "h", "list", "quote", "code", "table", "image", "hr"
    md: str
    text: str = ""
    level: int = 0


@dataclass
class Inline:
    """Markdown and text of a run of inline content."""

    md: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def add(self, md: str, text: str) -> None:
        self.md.append(md)
        self.text.append(text)

    def result(self) -> tuple[str, str]:
        return _tidy("".join(self.md)), _tidy("".join(self.text))


@dataclass
class Body:
    markdown: str
    text: str
    images: list[Image]


class Converter:
    """One conversion: the blocks so far and the images and captions already shown."""

    def __init__(self, doc: Document, title: str | None) -> None:
        self.doc = doc
        self.title_key = fold(title) if title else None
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

    def convert(self, root: Tag, lead: list[Tag]) -> Body:
        self.holds_block = content.holding_blocks(root)
        for figure in lead:
            self._figure(figure)
        self._children(root)
        self._ld_captions()
        _number_headings(self.blocks)
        markdown = "\n\n".join(b.md for b in self.blocks if b.md)
        text = "\n\n".join(b.text for b in self.blocks if b.text and b.kind != "image")
        return Body(markdown, text, self.images)

    # -- blocks ---------------------------------------------------------

    def _children(self, tag: Tag) -> None:
        """Walk a block container: runs of inline content become paragraphs.

        A "Related articles" or "Read more" label opens a teaser list: what follows it
        is skipped, up to a story paragraph (a list dropped into the story's middle).
        """
        run = Inline()
        teasers = False
        for child in tag.children:
            if isinstance(child, SKIPPED_STRINGS):
                continue
            if teasers and not (isinstance(child, Tag) and _resumes_story(child)):
                continue
            teasers = False
            if isinstance(child, NavigableString):
                run.add(_escape(str(child)), str(child))
            elif isinstance(child, Tag) and self._is_block(child):
                self._paragraph(run)
                run = Inline()
                if _opens_related(child):
                    teasers = True
                    continue
                self._block(child)
            elif isinstance(child, Tag):
                self._inline(child, run)
        self._paragraph(run)

    def _is_block(self, tag: Tag) -> bool:
        if tag.name in BLOCK_TAGS or media.is_figure(tag):
            return True
        return tag.name not in ("a", "img") and id(tag) in self.holds_block

    @staticmethod
    def _is_figure(tag: Tag) -> bool:
        return media.is_figure(tag) or media.is_loose_figure(tag)

    def _block(self, tag: Tag) -> None:
        name = tag.name
        if name in HEADINGS:
            self._heading(tag)
        elif name in ("ul", "ol", "menu"):
            self._list(tag)
        elif name == "blockquote":
            self._quote(tag)
        elif name == "pre":
            self._code(tag)
        elif name == "table":
            self._table(tag)
        elif name == "hr":
            self.blocks.append(Block("hr", "* * *"))
        elif self._is_figure(tag):
            self._figure(tag)
        elif name == "figcaption":
            self._add_image(media.caption_only(tag))
        else:
            self._children(tag)

    def _paragraph(self, run: Inline) -> None:
        md, text = run.result()
        if text and not self._is_noise(text) and not self._repeats_caption(text):
            md = "\n".join(_escape_line_start(line) for line in md.split("\n"))
            self.blocks.append(Block("p", md.replace("\n", "\\\n"), text))
        self._flush_images()

    def _is_noise(self, text: str) -> bool:
        """Ad labels anywhere; a byline or a date line among the first blocks."""
        label = text.strip(" .:·|•…!»›>")
        if LABEL_LINE.fullmatch(label) or (
            len(label) <= MAX_LABEL and RELATED_LABEL.fullmatch(label)
        ):
            return True
        if len(self.blocks) >= HEAD_BLOCKS:
            return False
        return _is_byline(text) or _is_date_line(text)

    def _repeats_caption(self, text: str) -> bool:
        """A caption shown again, with its credit, as a line of its own (a gallery's copy).

        Without a credit the line may be the story's own sentence that the caption repeats.
        """
        if not self.seen_caption:
            return False
        caption, credit = media.split_credit(clean(text))
        return credit is not None and fold(caption) in self.seen_caption

    def _heading(self, tag: Tag) -> None:
        run = Inline()
        self._inline_children(tag, run)
        md, text = run.result()
        if not text or (self.title_key and fold(text) == self.title_key):
            self._flush_images()
            return
        if self.depth:
            self.blocks.append(Block("p", f"**{md}**", text))
        else:
            self.blocks.append(Block("h", md, text, int(tag.name[1])))
        self._flush_images()

    def _nested(self, tag: Tag) -> list[Block]:
        """Blocks of a nested container (list item, quote, cell), sharing the image state."""
        saved, self.blocks = self.blocks, []
        self.depth += 1
        try:
            self._children(tag)
            return self.blocks
        finally:
            self.blocks = saved
            self.depth -= 1

    def _list(self, tag: Tag) -> None:
        ordered = tag.name == "ol"
        number = _int(tag.get("start"), 1)
        md_lines: list[str] = []
        texts: list[str] = []
        for item in tag.find_all("li", recursive=False) or [tag]:
            blocks = [b for b in self._nested(item) if b.md]
            if not blocks:
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            md_lines.append(_indent(marker, _item_body(blocks)))
            texts.extend(b.text for b in blocks if b.text and b.kind != "image")
        if md_lines:
            self.blocks.append(Block("list", "\n".join(md_lines), "\n".join(texts)))

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
        if any(c.find(COMPLEX_CELL) or len(c.find_all("p")) > 1 for r in cells for c in r):
            for row in cells:
                for cell in row:
                    self._children(cell)
            return
        grid = [[self._cell(c) for c in row] for row in cells]
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

    def _cell(self, cell: Tag) -> tuple[str, str]:
        run = Inline()
        self._inline_children(cell, run)
        md, text = run.result()
        return md.replace("|", "\\|").replace("\n", " "), text.replace("\n", " ")

    def _figure(self, tag: Tag) -> None:
        """An image (or gallery) with its caption; a caption stays even when no source does."""
        captions = media.caption_elements(tag)
        # Pictures inside a caption element are icons; a block that is its own caption has none.
        inner = [c for c in captions if c is not tag]
        imgs = [i for i in tag.find_all("img") if not any(media.inside(i, c) for c in inner)]
        made = [media.make_image(i, self.doc, tag) for i in imgs]
        images = [image for image in made if image is not None]
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
        for img in pending:
            self._image(img, None)

    def _image(self, img: Tag, figure: Tag | None) -> None:
        image = media.make_image(img, self.doc, figure)
        if image is not None:
            self._add_image(image)

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
        block = _image_block(image, caption)
        if image.src:
            self.src_block[image.src] = block
        self.blocks.append(block)

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
            index = self.seen_src.get(src) if src else None
            if index is None:
                image = Image(src=src, caption=caption, credit=credit)
                self.images.insert(0, image)
                self.seen_src = {s: i + 1 for s, i in self.seen_src.items()}
                self.blocks.insert(0, _image_block(image, caption))
            elif self.images[index].caption is None:
                image = dataclasses.replace(self.images[index], caption=caption, credit=credit)
                self.images[index] = image
                block = self.src_block[src] if src else None
                if block is not None:
                    block.md, block.text = _image_block(image, caption).md, caption

    # -- inline ---------------------------------------------------------

    def _inline_children(self, tag: Tag, run: Inline) -> None:
        for child in tag.children:
            if isinstance(child, SKIPPED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                run.add(_escape(str(child)), str(child))
            elif isinstance(child, Tag):
                self._inline(child, run)

    def _inline(self, tag: Tag, run: Inline) -> None:
        name = tag.name
        if name == "br":
            run.add("\n", "\n")
        elif name == "img":
            self.pending.append(tag)
        elif name == "a":
            self._link(tag, run)
        elif name in EMPHASIS:
            self._wrapped(tag, run, EMPHASIS[name])
        elif name in CODE_TAGS:
            code = tag.get_text()
            if code.strip():
                run.add(_code_span(code), code)
        else:
            self._inline_children(tag, run)

    def _link(self, tag: Tag, run: Inline) -> None:
        inner = Inline()
        self._inline_children(tag, inner)
        md, text = "".join(inner.md), "".join(inner.text)
        href = self.doc.absolute(str(tag.get("href") or ""))
        if href and text.strip():
            lead, core, trail = _split_space(md)
            run.add(f"{lead}[{core}]({_escape_url(href)}){trail}", text)
        else:
            run.add(md, text)

    def _wrapped(self, tag: Tag, run: Inline, marker: str) -> None:
        inner = Inline()
        self._inline_children(tag, inner)
        md, text = "".join(inner.md), "".join(inner.text)
        lead, core, trail = _split_space(md)
        run.add(f"{lead}{marker}{core}{marker}{trail}" if core else md, text)


def convert(root: Tag, doc: Document, title: str | None, lead: list[Tag] | None = None) -> Body:
    """Markdown, plain text and images of the article element ``root``, after ``lead`` figures."""
    return Converter(doc, title).convert(root, lead or [])


def from_text(text: str, images: list[Image]) -> Body:
    """A body from plain text (JSON-LD ``articleBody``): one paragraph per line."""
    paragraphs = [clean(html.unescape(line)) for line in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    markdown = "\n\n".join(_escape_line_start(_escape(p)) for p in paragraphs)
    return Body(markdown, "\n\n".join(paragraphs), images)


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
    return len(text) >= STORY_PARAGRAPH and content.link_density(tag, len(text)) < MAX_LINK_SHARE


def _is_byline(text: str) -> bool:
    """ "By Jane Doe and John Roe": a prefix, then only capitalised names and joining words."""
    match = BYLINE.match(text)
    if not match or text.rstrip().endswith((".", "!", "?")) and not INITIAL_END.search(text):
        return False
    return all(w[0].isupper() or w.lower() in NAME_JOINERS for w in match.group(1).split())


def _is_date_line(text: str) -> bool:
    """A line that is a date with at most a few words around it ("Updated 5 May 2024, 10:02")."""
    words = WORD.findall(text)
    if text.rstrip().endswith((".", "!", "?")):  # a sentence, not a label
        return False
    if len(words) > DATE_LINE_WORDS or parse_date(text) is None:
        return False
    return sum(1 for w in words if w.lower() not in MONTHS and not w.isdigit()) <= DATE_LINE_OTHER


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
    """The picture (if it has a source) and the caption line under it."""
    alt = image.alt or ""
    if image.caption and _same_words(alt, image.caption):
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
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _number_headings(blocks: list[Block]) -> None:
    """Map the article's heading levels onto ##, ###, … without gaps (the title is #)."""
    levels = sorted({b.level for b in blocks if b.kind == "h"})
    ranks = {level: min(index + 2, 6) for index, level in enumerate(levels)}
    for block in blocks:
        if block.kind == "h":
            block.md = "#" * ranks[block.level] + " " + block.md
