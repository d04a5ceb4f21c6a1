"""Publication and modification dates.

Each source yields :class:`Candidate` stamps: schema.org JSON-LD, ``<meta>``
tags, microdata and microformats, the JSON state script frameworks embed, the
URL's path (and the lead image's), and the date shown near the headline or
behind a "Published" label. They vote on the day, each kind of source once,
weighted by how often that kind is right; the winning day then takes the time
and UTC offset from its best source. Before the vote, UTC stamps are restated
in the publisher's own offset where another stamp of the same instant reveals
it, so the day is the one the reader saw. Short texts anywhere on the page
(never the readers' comments) are the last resort. Dates before 1990 or in
the future are refused while any other candidate exists.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bs4.element import Comment, NavigableString, PageElement, Tag
from dateutil import parser as dateparser

from pressclip.extract.document import Document
from pressclip.extract.text import clean, fold, ld_text

PUBLISHED_LD = ("datePublished", "dateCreated", "uploadDate")
PUBLISHED_META = (
    "article:published_time",
    "article:published",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "published_time",
    "published-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "article.published",
    "article_date_original",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "prism.publicationdate",
    "og:pubdate",
)
# Names whose meaning varies by CMS: often the creation or last change of the page.
GENERIC_META = (
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "release_date",
    "created",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "lastmod",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "revised",
)
PUBLISHED_PROPS = frozenset({"datepublished", "datecreated"})
MODIFIED_PROPS = frozenset({"datemodified"})
DATE_PROPS = PUBLISHED_PROPS | MODIFIED_PROPS
# hAtom/h-entry class names, and the class names CMSs give the publication date.
PUBLISHED_CLASSES = frozenset({"published", "dt-published", "entry-date", "date-published"})
UPDATED_CLASSES = frozenset({"updated", "dt-updated", "date-updated", "modified"})
MICROFORMATS = PUBLISHED_CLASSES | UPDATED_CLASSES
# Keys of the publication date in the JSON state that script frameworks embed in pages.
JSON_DATE_KEYS = frozenset(
    {
        "datepublished",
        "publisheddate",
        "publishdate",
        "publishedat",
        "publishedon",
        "publishtime",
        "publishedtime",
        "firstpublished",
        "firstpublishedat",
        "publicationdate",
        "pubdate",
    }
)

# Votes per kind of source, after how often each kind is right on real pages; each kind
# votes once. One JSON-LD or specific <meta> date outweighs any other single source, and
# even a generic <meta> date seconded by the date shown; two other sources that agree
# (the URL and the date shown, say) outweigh it.
WEIGHTS = {
    "ld": 3.6,
    "meta": 3.6,
    "microdata": 2.5,
    "data": 2.5,
    "url": 2.2,
    "shown": 2.0,
    "generic": 1.5,
    "image": 1.0,
}

META_SEPARATORS = re.compile(r"[\s:._-]")
DATE_CLASS = re.compile(
    r"date|time|publi|posted|dateline|byline|meta|info|stamp|datum|fecha|data|subline|submitted",
    re.I,
)
SKIP_WORDS = (
    "related",
    "sidebar",
    "comment",
    "teaser",
    "recommend",
    "popular",
    "trending",
    "footer",
    "nav",
    "menu",
    "promo",
    "more",
    "breadcrumb",
    "newsticker",
    "ticker",
)
SKIP_TAGS = frozenset({"aside", "footer", "nav"})
COMMENT_WORDS = frozenset({"comment", "comments", "commentlist", "replies", "disqus"})
CLASS_WORD = re.compile(r"[a-z]+")
# WordPress' post classes name the post's tags, categories and status: "tag-comments".
POST_CLASS = re.compile(r"^(?:tag|category|status|type|format)-", re.I)
# The article's own footer holds its date; the page footer does not.
ARTICLE_FOOTER = re.compile(r"(?:post|entry|article|story)[-_]?footer", re.I)
PUBLISHED_LABEL = re.compile(
    r"publi|posted|veröffentlicht|erschienen|pubblicat|gepubliceerd|"
    r"opublikowan|julkaistu|publicerad|udgivet|publisert|objavljeno|yayın",
    re.I,
)
DATE_LABEL = re.compile(r"datum|\bdate\b|fecha|\bdata\b|stand\b", re.I)
UPDATED_LABEL = re.compile(
    r"updat|aktualisiert|geändert|modifi|mis à jour|actualiza|aggiorna|bijgewerkt|"
    r"zaktualizowan|päivitetty|uppdaterad|opdateret|oppdatert|güncelle",
    re.I,
)

ISO_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)"
    r"(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-][01]\d:?[0-5]\d|UTC|GMT)?)?"
)
NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?P<a>[0-3]?\d)(?:\.\s?|/|-)(?P<b>[01]?\d)(?:\.\s?|/|-)(?P<y>(?:19|20)\d\d)(?!\d)"
)
YEAR_FIRST_DATE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[./])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d])"
)
# "25.04.24": only where the text is known to be a date line, never in free text.
SHORT_YEAR_DATE = re.compile(
    r"(?<![\d.])(?P<a>[0-3]?\d)\.\s?(?P<b>[01]?\d)\.\s?(?P<yy>\d\d)(?![\d.]\d|\d)"
)
URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/_-]?(?P<m>[01]\d)[/_-]?(?P<d>[0-3]\d)?(?:[/_.-]|$)")
URL_DAY_FIRST = re.compile(r"[/~_-](?P<d>[0-3]\d)-(?P<m>[01]\d)-(?P<y>(?:19|20)\d\d)(?:[/_.-]|$)")
CJK_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)")
# Month names and common abbreviations in the major European languages, and in Arabic.
MONTH_NAMES = (
    "january jan januar janvier enero ene gennaio gen janeiro januari jänner jän stycznia "
    "styczeń január leden ianuarie ocak января январь tammikuuta يناير",
    "february feb februar février fevrier febrero febbraio fevereiro fev februari lutego "
    "luty február únor februarie şubat февраля февраль helmikuuta feber فبراير",
    "march mar märz maerz mars marzo março marco maart marca marzec március březen martie "
    "mart марта март maaliskuuta mrz mär mrt مارس",
    "april apr avril abril aprile abr kwietnia kwiecień április duben aprilie nisan апреля "
    "апрель huhtikuuta أبريل ابريل إبريل",
    "may mai mayo maggio mag maio mei maj maja május květen mayıs мая май toukokuuta مايو",
    "june jun juni juin junio giugno giu junho czerwca czerwiec június červen iunie haziran "
    "июня июнь kesäkuuta يونيو يونيه",
    "july jul juli juillet julio luglio lug julho lipca lipiec július červenec iulie temmuz "
    "июля июль heinäkuuta يوليو يوليه",
    "august aug août aout agosto ago augustus sierpnia sierpień augusztus srpen ağustos "
    "августа август elokuuta أغسطس اغسطس",
    "september sep sept septembre septiembre settembre set setembro septembrie wrzesień "
    "września szeptember září eylül сентября сентябрь syyskuuta سبتمبر",
    "october oct oktober octobre octubre ottobre ott outubro out oktobra października "
    "październik október říjen octombrie ekim октября октябрь lokakuuta okt أكتوبر اكتوبر",
    "november nov novembre noviembre novembro listopada listopad noiembrie kasım ноября "
    "ноябрь marraskuuta نوفمبر",
    "december dec dezember décembre decembre diciembre dic dicembre dezembro dez grudnia "
    "grudzień prosinec decembrie aralık декабря декабрь joulukuuta des ديسمبر",
)
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, 1) for name in names.split()}
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?\s*(?:de\s+|of\s+)?(?P<mon>{_MONTH_WORDS})"
    rf"\.?,?\s*(?:de\s+)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.I,
)
MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)(?P<mon>{_MONTH_WORDS})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
    rf"(?P<y>(?:19|20)\d\d)(?!\d)",
    re.I,
)
TEXT_DATES = (DAY_MONTH_YEAR, MONTH_DAY_YEAR, YEAR_FIRST_DATE, NUMERIC_DATE, CJK_DATE)
TEXT_TIME = re.compile(
    r"(?<![\d.:])(?P<H>[0-2]?\d)(?:[:h]|\.(?=\d\d(?![\d.])))(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
    r"(?!\d)\s*(?P<ampm>[AaPp]\.?\s?[Mm]\b\.?)?"
    r"(?:\s*(?:Uhr|h)\b)?"
    r"(?:\s*\(?(?P<zone>[A-Z]{2,5})\b)?(?:\s*(?P<off>[+-]\d\d:?\d\d|[+-]\d{1,2}\b))?"
)
ZONES = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "BST": "+01:00",
    "CET": "+01:00",
    "MEZ": "+01:00",
    "CEST": "+02:00",
    "MESZ": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
}
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
YEAR = re.compile(r"(?:19|20)\d\d")
FIRST_DIGIT = re.compile(r"\d")
UTC = "+00:00"
MAX_HOUR = 23
MIN_YEAR = 1990
MAX_TEXT_NODES = 400
MAX_BEFORE_HEADLINE = 12
MAX_BEFORE_NODES = 4 * MAX_BEFORE_HEADLINE
NEAR_HEADLINE = 10
MAX_SHOWN_TEXT = 80
MAX_RAW_LINE = 4 * MAX_SHOWN_TEXT
MAX_DATE_TEXT = 200
MAX_DATELINE = 40
MAX_FALLBACK_BEFORE = 100
MAX_LABEL = 40
MIN_DATE_TEXT = 6
MAX_SPLIT_PARTS = 8
MAX_BARE_TEXT = 40
MAX_BARE_LETTERS = 25
NOT_TEXT = frozenset({"script", "style", "title", "head", "option", "noscript", "template"})
MAX_LOOSE_TEXT = 60
MAX_JSON_SCRIPT = 300_000
MAX_JSON_NODES = 20_000
HEADINGS = frozenset({"h1", "h2", "h3"})
MIN_TITLE = 8
MAX_HEADINGS = 80
# Offsets in use, in minutes: whole hours, and these.
HALF_HOUR_OFFSETS = frozenset({-210, -150, 210, 270, 330, 345, 390, 570, 630})
MAX_BEHIND_UTC = 12 * 60
MAX_AHEAD_OF_UTC = 14 * 60
# With no offset known, a UTC stamp may fall on the reader's previous day
# (the Americas, evenings) or next day (Europe to Asia, late evenings).
PREVIOUS_DAY_BEFORE = 10
NEXT_DAY_FROM = 13


@dataclass(frozen=True)
class Stamp:
    """A parsed candidate: the day, and the time and offset when known."""

    day: date
    time: str | None = None  # "HH:MM:SS"
    offset: str | None = None  # "+HH:MM"

    def naive(self) -> datetime | None:
        """Day and time as written, ignoring the offset."""
        if self.time is None:
            return None
        return datetime.fromisoformat(f"{self.day.isoformat()}T{self.time}")

    def moment(self) -> datetime | None:
        """The instant, when the time and offset are known."""
        if self.time is None or self.offset is None:
            return None
        return datetime.fromisoformat(f"{self.day.isoformat()}T{self.time}{self.offset}")

    def iso(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time}{self.offset or ''}"


@dataclass(frozen=True)
class Candidate:
    """A stamp and the kind of source it came from.

    Primary candidates vote (the first of each kind), reveal the publisher's
    offset, and give the time when one of them has a time; secondary ones
    (further dates shown on the page) only lend a time.
    """

    stamp: Stamp
    kind: str
    primary: bool = True


@dataclass(frozen=True)
class _Page:
    """What the sources share, gathered once per page."""

    doc: Document
    meta: dict[str, list[str]]
    """``<meta>`` contents under names stripped of separators."""
    elements: list[Tag]
    """``<time>``, microdata, microformat and JSON data elements, in page order."""
    headline: Tag | None


def find_dates(doc: Document, now: datetime | None = None) -> tuple[str | None, str | None]:
    """``(published, modified)`` as ISO 8601 strings, or None when unknown."""
    latest = ((now or datetime.now(timezone.utc)) + timedelta(days=1)).date()
    headings, elements = _scan(doc)
    page = _Page(doc, _meta_by_key(doc), elements, _headline(doc, headings))
    modified_stamps = [s for s in map(parse_date, _modified_values(page)) if s]
    published = _published(page, latest, modified_stamps)
    modified = _first_plausible(modified_stamps, latest)
    if published and modified and modified.day < published.day:
        modified = None
    published_iso = published.iso() if published else None
    modified_iso = modified.iso() if modified else None
    # A page that stamps its publication time as "updated" too was not modified.
    return published_iso, (modified_iso if modified_iso != published_iso else None)


def parse_date(value: str) -> Stamp | None:
    """Parse one date string: ISO 8601 and its relatives, numeric and named-month dates."""
    value = clean(value).translate(DIGITS)
    if not value:
        return None
    return _parse_iso(value) or _parse_text(value, short_year=True) or _parse_loose(value)


# ---------------------------------------------------------------- choosing


def _published(page: _Page, latest: date, modified: list[Stamp]) -> Stamp | None:
    """The voted day among the sources, else the first date in the page's text."""
    candidates = list(_candidates(page))
    valid = [c for c in candidates if _plausible(c.stamp, latest)]
    if any(c.primary for c in valid):
        valid = _localize(valid, modified)
        return _complete(_vote(valid), valid)
    found = _first_plausible(list(_fallback_stamps(page)), latest)
    if found is not None and _plausible(found, latest):
        return found
    stamps = [c.stamp for c in valid] + [c.stamp for c in candidates]
    return stamps[0] if stamps else found


def _first_plausible(stamps: list[Stamp], latest: date) -> Stamp | None:
    return next((s for s in stamps if _plausible(s, latest)), stamps[0] if stamps else None)


def _plausible(stamp: Stamp, latest: date) -> bool:
    return stamp.day.year >= MIN_YEAR and stamp.day <= latest


def _vote(candidates: list[Candidate]) -> date:
    """The day with the most weight behind it: the first primary stamp of each kind counts."""
    url_day = next((c.stamp.day for c in candidates if c.kind == "url"), None)
    scores: dict[date, float] = {}
    first_seen: dict[date, int] = {}
    voted: set[str] = set()
    for index, candidate in enumerate(candidates):
        if not candidate.primary or candidate.kind in voted:
            continue
        voted.add(candidate.kind)
        for day in _days_of(candidate.stamp, url_day):
            scores[day] = scores.get(day, 0.0) + WEIGHTS[candidate.kind]
            first_seen.setdefault(day, index)
    return max(scores, key=lambda day: (scores[day], -first_seen[day]))


def _days_of(stamp: Stamp, url_day: date | None) -> list[date]:
    """The stamp's day and, for a UTC time, the neighbouring day the URL names.

    Without a known offset, an evening in the Americas is the next day in UTC
    and a late evening in Europe or Asia the previous one; the URL, written in
    the publisher's own time, tells which day the reader saw.
    """
    if stamp.offset != UTC or stamp.time is None or url_day is None:
        return [stamp.day]
    hour = int(stamp.time[:2])
    if url_day == stamp.day - timedelta(days=1) and hour < PREVIOUS_DAY_BEFORE:
        return [stamp.day, url_day]
    if url_day == stamp.day + timedelta(days=1) and hour >= NEXT_DAY_FROM:
        return [stamp.day, url_day]
    return [stamp.day]


def _complete(day: date, candidates: list[Candidate]) -> Stamp:
    """The best-described stamp of the chosen day: with time and offset, else time, else none.

    Secondary stamps count only when no primary one has a time: a primary
    time on another day (UTC, say) means the secondary times are other events.
    """
    primary = [c for c in candidates if c.primary]
    pool = primary if any(c.stamp.time for c in primary) else candidates
    same = [c.stamp for c in pool if c.stamp.day == day]
    found = next((s for s in same if s.time and s.offset), None)
    found = found or next((s for s in same if s.time), None)
    return found or Stamp(day)


# ---------------------------------------------------------------- offsets


def _localize(candidates: list[Candidate], modified: list[Stamp]) -> list[Candidate]:
    """UTC stamps restated in the publisher's offset, where the page reveals it.

    The offset comes from a stamp of the same instant written in local time
    (with an offset, or without one but with the same minutes), else from the
    offset the page's other stamps share. Local times without an offset get
    one the same way.
    """
    stamps = [c.stamp for c in candidates if c.primary] + modified
    exact: dict[datetime, str] = {}
    for stamp in stamps:
        moment = stamp.moment()
        local = _local_offset(stamp, stamps) if stamp.offset == UTC else None
        if moment is not None and local is not None:
            exact[moment] = local
    offsets = Counter(s.offset for s in stamps if s.offset not in (None, UTC) and s.time)
    offsets.update(exact.values())
    common = offsets.most_common(1)[0][0] if offsets else None
    out = []
    for candidate in candidates:
        stamp = candidate.stamp
        moment = stamp.moment()
        if stamp.offset == UTC and moment is not None:
            offset = exact.get(moment, common)
            if offset is not None:
                candidate = replace(candidate, stamp=_in_offset(moment, offset))
        elif stamp.time and stamp.offset is None:
            offset = _offset_of_naive(stamp, stamps)
            if offset is not None:
                candidate = replace(candidate, stamp=replace(stamp, offset=offset))
        out.append(candidate)
    return out


def _local_offset(utc: Stamp, stamps: list[Stamp]) -> str | None:
    """The offset under which another stamp shows the same instant as ``utc``."""
    moment = utc.moment()
    for other in stamps:
        if other.offset not in (None, UTC) and other.moment() == moment:
            return other.offset
    utc_times = [s.naive() for s in stamps if s.offset == UTC]
    for other in stamps:
        if other.offset is None and other.time and not _shows_utc(other, utc_times):
            minutes = _shift_minutes(other, utc)
            if minutes is not None:
                return _format_offset(minutes)
    return None


def _shows_utc(naive: Stamp, utc_times: list[datetime | None]) -> bool:
    """Whether a stamp without offset shows, to the minute, a UTC time of the page."""
    return any(_same_minute(naive.naive(), t) for t in utc_times)


def _offset_of_naive(naive: Stamp, stamps: list[Stamp]) -> str | None:
    """The offset a local time must have to be the same instant as a stamp with an offset."""
    timed = [s for s in stamps if s.offset is not None and s.time]
    for other in timed:
        if _same_minute(other.naive(), naive.naive()):
            return other.offset
    for other in timed:
        minutes = _shift_minutes(naive, other) if other.offset == UTC else None
        if minutes is not None:
            return _format_offset(minutes)
    return None


def _same_minute(first: datetime | None, second: datetime | None) -> bool:
    return (
        first is not None
        and second is not None
        and first.replace(second=0) == second.replace(second=0)
    )


def _shift_minutes(local: Stamp, utc: Stamp) -> int | None:
    """Minutes from a UTC time to a local time, when they can be one instant."""
    first, second = local.naive(), utc.naive()
    if first is None or second is None or local.time is None or utc.time is None:
        return None
    seconds = (local.time[6:], utc.time[6:])
    if "00" not in seconds and seconds[0] != seconds[1]:
        return None
    minutes = int((first.replace(second=0) - second.replace(second=0)).total_seconds() // 60)
    if minutes == 0 or (minutes % 60 and minutes not in HALF_HOUR_OFFSETS):
        return None
    return minutes if -MAX_BEHIND_UTC <= minutes <= MAX_AHEAD_OF_UTC else None


def _format_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _in_offset(moment: datetime, offset: str) -> Stamp:
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    delta = timedelta(hours=hours, minutes=minutes) * (-1 if offset[0] == "-" else 1)
    local = moment.astimezone(timezone(delta))
    return Stamp(local.date(), local.strftime("%H:%M:%S"), offset)


# ---------------------------------------------------------------- sources


def _candidates(page: _Page) -> Iterator[Candidate]:
    """Every source of the publication date, the most trusted first."""
    yield from _structured(page)
    url = page.doc.page_url
    for day in _url_dates(url) if url else ():
        yield Candidate(Stamp(day), "url")
    image = page.doc.meta_first("og:image", "twitter:image")
    for day in _url_dates(image) if image else ():
        yield Candidate(Stamp(day), "image")
    yield from _shown(page)


def _structured(page: _Page) -> Iterator[Candidate]:
    doc = page.doc
    article = doc.article_ld()
    for key in PUBLISHED_LD:
        yield from _parsed(_ld_values(article, key), "ld")
    for item in doc.jsonld:
        if item is not article:
            yield from _parsed(_ld_values(item, "datePublished"), "generic")
    for key in PUBLISHED_META:
        yield from _parsed(page.meta.get(_meta_key(key), ()), "meta")
    marked = _element_values(page.elements, PUBLISHED_PROPS, PUBLISHED_CLASSES)
    yield from _parsed(marked, "microdata")
    yield from _parsed(_data_values(page.elements), "data")
    for key in GENERIC_META:
        yield from _parsed(page.meta.get(_meta_key(key), ()), "generic")


def _parsed(values: Iterable[str], kind: str) -> Iterator[Candidate]:
    for value in values:
        stamp = parse_date(value)
        if stamp is not None:
            yield Candidate(stamp, kind)


def _ld_values(item: dict[str, Any] | None, key: str) -> list[str]:
    found = ld_text(item.get(key)) if item else None
    return [found] if found else []


def _meta_by_key(doc: Document) -> dict[str, list[str]]:
    """``<meta>`` contents under names stripped of separators ("article:published:time")."""
    found: dict[str, list[str]] = {}
    for key, values in doc.meta.items():
        found.setdefault(_meta_key(key), []).extend(values)
    return found


def _meta_key(name: str) -> str:
    return META_SEPARATORS.sub("", name)


def _scan(doc: Document) -> tuple[list[Tag], list[Tag]]:
    """The headings and the date elements, in page order."""
    headings, elements = [], []
    for tag in doc.elements:
        if tag.name in HEADINGS:
            headings.append(tag)
        elif _is_date_element(tag):
            elements.append(tag)
    return headings, elements


def _is_date_element(tag: Tag) -> bool:
    """``<time>``, JSON data, and elements marked by microdata or microformats as dates."""
    name, attrs = tag.name, tag.attrs
    if name == "time":
        return True
    if not attrs:
        return False
    if name == "script":
        return attrs.get("type") == "application/json"
    prop = attrs.get("itemprop")
    if prop and str(prop).lower() in DATE_PROPS:
        return True
    return "title" in attrs and not MICROFORMATS.isdisjoint(_classes(tag))


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    return [value] if isinstance(value, str) else list(value or ())


def _element_values(tags: list[Tag], props: frozenset[str], classes: frozenset[str]) -> list[str]:
    """Machine-readable dates of the elements marked with ``props`` or ``classes``."""
    values = []
    for tag in tags:
        prop = str(tag.get("itemprop") or "").lower()
        marked = prop in props or not classes.isdisjoint(_classes(tag))
        if tag.name == "time" and tag.has_attr("pubdate") and classes is PUBLISHED_CLASSES:
            marked = True
        if not marked or tag.name == "script" or _in_skipped_context(tag):
            continue
        value = tag.get("datetime") or tag.get("content") or tag.get("title") or tag.get_text(" ")
        if value:
            values.append(str(value))
    return values


def _data_values(tags: list[Tag]) -> Iterator[str]:
    """The publication date in the page's JSON state (``<script type="application/json">``)."""
    for tag in tags:
        text = tag.string if tag.name == "script" else None
        if not text or len(text) > MAX_JSON_SCRIPT:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        found = _json_date(data)
        if found is not None:
            yield found
            return


def _json_date(data: Any) -> str | None:
    """The shallowest string under a publication-date key, breadth first."""
    queue = deque([data] if isinstance(data, (dict, list)) else [])
    for _ in range(MAX_JSON_NODES):
        if not queue:
            break
        item = queue.popleft()
        values = item.items() if isinstance(item, dict) else enumerate(item)
        for key, value in values:
            if isinstance(value, str) and _meta_key(str(key).lower()) in JSON_DATE_KEYS:
                return value
            if isinstance(value, (dict, list)):
                queue.append(value)
    return None


def _modified_values(page: _Page) -> Iterator[str]:
    yield from _ld_values(page.doc.article_ld(), "dateModified")
    for key in MODIFIED_META:
        yield from page.meta.get(_meta_key(key), ())
    yield from _element_values(page.elements, MODIFIED_PROPS, UPDATED_CLASSES)


def _shown(page: _Page) -> Iterator[Candidate]:
    """Dates a reader sees: the first one votes, the others may lend a time.

    A date behind a "Published" label wins, then the date line nearest the
    headline (one behind an "Updated" label last), then ``<time>`` elements.
    """
    lines = list(_date_lines(page))
    labelled = [stamp for stamp, label in lines if label == "published"]
    plain = [stamp for stamp, label in lines if label in (None, "date")]
    updated = [stamp for stamp, label in lines if label == "updated"]
    times = [
        parse_date(str(tag.get("datetime") or tag.get_text(" ")))
        for tag in page.elements
        if tag.name == "time" and not _in_skipped_context(tag)
    ]
    ordered = labelled + plain + updated + [s for s in times if s is not None]
    for index, stamp in enumerate(ordered):
        yield Candidate(stamp, "shown", primary=index == 0)


def _date_lines(page: _Page) -> list[tuple[Stamp, str | None]]:
    """Short date lines near the headline, nearest first, with their label if any."""
    headline = page.headline
    start = headline if headline is not None else _body(page.doc)
    if start is None:
        return []
    after = _visible(_strings(start.next_elements, MAX_TEXT_NODES))
    before = _visible(_strings(headline.previous_elements, MAX_BEFORE_NODES)) if headline else []
    before = before[:MAX_BEFORE_HEADLINE]
    found: list[tuple[int, Stamp, str | None]] = []
    tried: set[int] = set()
    for distance, node in _by_distance(after, before):
        line = _date_line(node, tried, near=distance <= NEAR_HEADLINE)
        if line is not None:
            found.append((distance, *line))
    found.sort(key=lambda item: item[0])
    return [(stamp, label) for _, stamp, label in found]


def _body(doc: Document) -> Tag | None:
    return next(iter(doc.named("body")), None)


def _strings(nodes: Iterable[PageElement], limit: int) -> list[NavigableString]:
    """The first ``limit`` non-empty strings among ``nodes``, as ``find_all(string=True)`` has them.

    A plain loop: bs4's filters cost several times more per element.
    """
    found: list[NavigableString] = []
    for node in nodes:
        if isinstance(node, NavigableString) and node:
            found.append(node)
            if len(found) == limit:
                break
    return found


def _visible(nodes: Iterable[NavigableString]) -> list[NavigableString]:
    """Text nodes with words, less HTML comments and white space."""
    return [n for n in nodes if not isinstance(n, Comment) and not n.isspace() and n]


def _by_distance(
    after: list[NavigableString], before: list[NavigableString]
) -> Iterator[tuple[int, NavigableString]]:
    """Text nodes with their distance from the headline; those above it count double."""
    for index, node in enumerate(after):
        yield index, node
    for index, node in enumerate(before):
        yield 2 * index + 1, node


def _date_line(
    node: NavigableString, tried: set[int], near: bool
) -> tuple[Stamp, str | None] | None:
    """A date shown in a date-like element, behind a label, or alone on its line."""
    parent = node.parent
    raw = node.strip()
    if parent is None or parent.name in NOT_TEXT or len(raw) > MAX_RAW_LINE or not _has_digit(raw):
        return None
    text = clean(raw)
    if len(text) > MAX_SHOWN_TEXT:
        return None
    stamp = parse_date(text) if len(text) >= MIN_DATE_TEXT else None
    if stamp is None:
        return _split_date(parent, tried)
    if _in_comments(parent):
        return None
    label = _label(node, text)
    if label is not None or _date_like(parent) or parent.name == "time":
        return stamp, label
    if _bare(text) and (near or not _in_skipped_context(parent)):
        return stamp, None
    return None


def _split_date(tag: Tag, tried: set[int]) -> tuple[Stamp, None] | None:
    """A date whose day, month and year sit in separate elements of a date-like block."""
    for block in (tag, tag.parent):
        if block is None or id(block) in tried or len(block.contents) > MAX_SPLIT_PARTS:
            continue
        tried.add(id(block))
        if _date_like(block, parent_too=False):
            text = clean(block.get_text(" "))
            stamp = parse_date(text) if len(text) <= MAX_SHOWN_TEXT else None
            if stamp is not None:
                return stamp, None
    return None


def _has_digit(text: str) -> bool:
    """Whether the text holds a decimal digit, in any script: no date without one."""
    return FIRST_DIGIT.search(text) is not None


def _bare(text: str) -> bool:
    """Whether a line holds little besides a date: a weekday, "Uhr", a short byline."""
    return len(text) <= MAX_BARE_TEXT and sum(c.isalpha() for c in text) <= MAX_BARE_LETTERS


def _label(node: NavigableString, text: str) -> str | None:
    """ "published", "updated", "date" or None, from the words before the date."""
    prefix = text[: _date_start(text)]
    if not prefix.strip():
        prefix = _previous_text(node)
        if len(prefix) > MAX_LABEL:
            return None
    if UPDATED_LABEL.search(prefix):
        return "updated"
    if PUBLISHED_LABEL.search(prefix):
        return "published"
    if DATE_LABEL.search(prefix):
        return "date"
    return None


def _previous_text(node: NavigableString) -> str:
    """The text just before ``node``: its previous sibling's, or its parent's previous sibling's."""
    for start in (node, node.parent):
        sibling = start.previous_sibling if start is not None else None
        while sibling is not None:
            text = clean(sibling.get_text(" ") if isinstance(sibling, Tag) else str(sibling))
            if text:
                return text
            sibling = sibling.previous_sibling
    return ""


def _date_start(text: str) -> int:
    """Where the date's digits begin: the words before them are its label."""
    digit = FIRST_DIGIT.search(text)
    return digit.start() if digit else 0


def _date_like(tag: Tag, parent_too: bool = True) -> bool:
    """Whether the element's (or its parent's) class or id speaks of a date."""
    for element in (tag, tag.parent) if parent_too else (tag,):
        if isinstance(element, Tag):
            names = [c for c in _classes(element) if not POST_CLASS.match(c)]
            if DATE_CLASS.search(" ".join(names) + " " + str(element.get("id") or "")):
                return True
    return False


def _headline(doc: Document, headings: list[Tag]) -> Tag | None:
    """The article's heading: the ``<h1>`` (else ``<h2>``/``<h3>``) the page title names."""
    titles = [fold(doc.meta_first("og:title", "twitter:title"))]
    titles += [fold(tag.get_text(" ")) for tag in doc.named("title")[:1]]
    titles = [t for t in titles if len(t) >= MIN_TITLE]
    first = next((h for h in headings if h.name == "h1"), None)
    for level in (("h1",), ("h2", "h3")):
        for heading in [h for h in headings if h.name in level][:MAX_HEADINGS]:
            text = fold(heading.get_text(" "))
            if len(text) >= MIN_TITLE and any(_is_title(text, t) for t in titles):
                return heading
    return first


def _is_title(heading: str, title: str) -> bool:
    """Whether a heading is the page title, or most of it (not just the site's name)."""
    return title in heading or (heading in title and 2 * len(heading) >= len(title))


def _in_skipped_context(tag: Tag) -> bool:
    """Inside a block of other stories, comments, navigation or the page footer."""
    for element in (tag, *tag.parents):
        if element.name in ("body", "html", "[document]"):
            return False
        if element.name in SKIP_TAGS or _skip_marks(element):
            return True
    return False


def _skip_marks(tag: Tag) -> bool:
    return any(word.startswith(SKIP_WORDS) for word in _class_words(tag))


def _class_words(tag: Tag) -> Iterator[str]:
    """The words of an element's class names and id, less WordPress' post classes."""
    names = [c for c in _classes(tag) if not POST_CLASS.match(c) and not ARTICLE_FOOTER.search(c)]
    names.append(str(tag.get("id") or ""))
    for name in names:
        yield from CLASS_WORD.findall(name.lower())


def _in_comments(tag: Tag) -> bool:
    """Inside the readers' comments."""
    for element in (tag, *tag.parents):
        if element.name in ("body", "html", "[document]"):
            return False
        if not COMMENT_WORDS.isdisjoint(_class_words(element)):
            return True
    return False


def _url_dates(url: str) -> Iterator[date]:
    """The day a URL's path names: ``/2020/03/17/``, ``/20200317/`` or ``-17-03-2020``."""
    for pattern in (URL_DATE, URL_DAY_FIRST):
        match = pattern.search(url)
        if match and match.group("d"):
            day = _make_date(match.group("y"), match.group("m"), match.group("d"))
            if day is not None:
                yield day
                return


def _fallback_stamps(page: _Page) -> Iterator[Stamp]:
    """Any short text (or a paragraph's opening) that holds a date, then the description.

    From the headline on, then just above it, then from the top of the page;
    first outside blocks of other stories, then anywhere but in comments.
    """
    body = _body(page.doc)
    if body is None:
        return
    nodes: list[NavigableString] = []
    if page.headline is not None:
        nodes += _strings(page.headline.next_elements, MAX_TEXT_NODES)
        nodes += _strings(page.headline.previous_elements, MAX_FALLBACK_BEFORE)
    nodes += _strings(body.descendants, MAX_TEXT_NODES)
    found = [(node, stamp) for node, stamp in map(_text_stamp, nodes) if stamp is not None]
    for node, stamp in found:
        if node.parent is not None and not _in_skipped_context(node.parent):
            yield stamp
    for node, stamp in found:
        if node.parent is not None and not _in_comments(node.parent):
            yield stamp
    description = page.doc.meta_first("description", "og:description")
    described = _parse_text(description[:MAX_DATE_TEXT], short_year=False) if description else None
    if described is not None:
        yield described


def _text_stamp(node: NavigableString) -> tuple[NavigableString, Stamp | None]:
    text = str(node).strip()
    parent = node.parent
    if len(text) < MIN_DATE_TEXT or parent is None or parent.name in NOT_TEXT:
        return node, None
    if len(text) > MAX_DATE_TEXT:
        text = text[:MAX_DATELINE]
    if not _has_digit(text):
        return node, None
    text = clean(text).translate(DIGITS)
    return node, _parse_iso(text) or _parse_text(text, short_year=False)


# ---------------------------------------------------------------- parsing


def _parse_iso(value: str) -> Stamp | None:
    match = ISO_DATE.search(value)
    if not match:
        return None
    day = _make_date(match.group("y"), match.group("m"), match.group("d"))
    if day is None:
        return None
    if not match.group("H") or int(match.group("H")) > MAX_HOUR:
        return Stamp(day)
    time = f"{match.group('H')}:{match.group('M')}:{match.group('S') or '00'}"
    return Stamp(day, time, _offset(match.group("tz")))


def _offset(tz: str | None) -> str | None:
    """``+HH:MM`` from "Z", "UTC", "+0200", "+02:00", "-5"; None for one no place uses."""
    if not tz:
        return None
    if tz.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign, digits = tz[0], tz[1:].replace(":", "")
    hours, minutes = (digits[:2], digits[2:4]) if len(digits) >= 3 else (digits, "00")
    total = int(hours) * 60 + int(minutes or 0)
    if int(minutes or 0) >= 60 or total > (MAX_BEHIND_UTC if sign == "-" else MAX_AHEAD_OF_UTC):
        return None
    return f"{sign}{hours.zfill(2)}:{minutes.zfill(2)}"


def _parse_text(value: str, short_year: bool) -> Stamp | None:
    """A named-month or numeric date in free text, with a time found beside it."""
    # Each of TEXT_DATES spells the year out: without one, only a short year can match.
    patterns = TEXT_DATES if YEAR.search(value) else ()
    for pattern in patterns + ((SHORT_YEAR_DATE,) if short_year else ()):
        match = pattern.search(value)
        day = _match_date(match) if match else None
        if match and day:
            rest = value[: match.start()] + " " + value[match.end() :]
            return Stamp(day, *_text_time(rest))
    return None


def _match_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    if "mon" in groups:
        return _make_date(groups["y"], str(MONTHS.get(groups["mon"].lower())), groups["d"])
    if "a" in groups:
        first, second = int(groups["a"]), int(groups["b"])
        if first <= 12 < second:  # month/day order
            first, second = second, first
        year = groups.get("y") or _full_year(groups["yy"])
        return _make_date(year, str(second), str(first))
    return _make_date(groups["y"], groups["m"], groups["d"])


def _full_year(two_digits: str) -> str:
    year = 2000 + int(two_digits)
    return str(year if year <= datetime.now().year + 1 else year - 100)


def _text_time(value: str) -> tuple[str | None, str | None]:
    """The first time of day in ``value`` as "HH:MM:SS", and its offset if one is named."""
    match = TEXT_TIME.search(value)
    if not match:
        return None, None
    hour, minute = int(match.group("H")), int(match.group("M"))
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > MAX_HOUR:
        return None, None
    time = f"{hour:02d}:{minute:02d}:{match.group('S') or '00'}"
    offset = ZONES.get(match.group("zone") or "")
    if match.group("off") and (offset == UTC or not match.group("zone")):
        offset = _offset(match.group("off"))
    return time, offset


def _parse_loose(value: str) -> Stamp | None:
    """Last resort for RFC 2822 and other English forms dateutil knows; a day is required."""
    if len(value) > MAX_LOOSE_TEXT or not YEAR.search(value) or YEAR.fullmatch(value):
        return None
    try:
        with warnings.catch_warnings():
            # Unknown zone names (CEST, MEZ) only lose the offset; the day still counts.
            warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
            parsed = dateparser.parse(value, default=datetime(1, 1, 1))
            # A value without a day takes the default's: it differs between the two defaults.
            other = dateparser.parse(value, default=datetime(1, 1, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year < MIN_YEAR or parsed.day != other.day:
        return None
    time = parsed.strftime("%H:%M:%S") if (parsed.hour or parsed.minute) else None
    offset = None
    if parsed.tzinfo is not None and time:
        delta = parsed.utcoffset() or timedelta()
        offset = _format_offset(int(delta.total_seconds() // 60))
    return Stamp(parsed.date(), time, offset)


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None
