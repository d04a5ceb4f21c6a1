"""Publication and modification dates.

Each source is a function yielding candidate strings; :func:`dates` ranks them:
JSON-LD, then ``<meta>``, then ``<time>``/microdata in the article, then a
visible date line near the headline, then the URL's path. The first valid
candidate decides the day; a later candidate for the same day may add the
time and UTC offset the first lacked. Dates before 1990 or in the future are
refused while any other candidate exists.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from bs4 import Tag
from dateutil import parser as dateparser

from pressclip.extract.document import Document
from pressclip.extract.text import clean, ld_text

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
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "article.published",
    "article_date_original",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
    "og:pubdate",
    "release_date",
    "created",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dateModified".lower(),
    "lastmod",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "revised",
)
DATE_CLASS = re.compile(
    r"date|time|publish|posted|dateline|byline|meta|info|stamp|datum|fecha|data", re.I
)
SKIP_CONTEXT = re.compile(
    r"related|sidebar|comment|widget|teaser|recommend|popular|trending|footer|nav|more-|promo",
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
URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/_-]?(?P<m>[01]\d)[/_-]?(?P<d>[0-3]\d)?(?:[/_.-]|$)"
)
CJK_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)")
# Month names and common abbreviations in the major European languages.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero ene gennaio gen janeiro januari jänner jän stycznia styczeń január leden ianuarie ocak января январь tammikuuta",
        "february feb februar février fevrier febrero febbraio fevereiro fev februari lutego luty február únor februarie şubat февраля февраль helmikuuta",
        "march mar märz maerz mars marzo março marco maart marca marzec március březen martie mart марта март maaliskuuta mrz",
        "april apr avril abril aprile abr kwietnia kwiecień április duben aprilie nisan апреля апрель huhtikuuta",
        "may mai mayo maggio mag maio mei maj maja május květen mayıs мая май toukokuuta",
        "june jun juni juin junio giugno giu junho czerwca czerwiec június červen iunie haziran июня июнь kesäkuuta",
        "july jul juli juillet julio luglio lug julho lipca lipiec július červenec iulie temmuz июля июль heinäkuuta",
        "august aug août aout agosto ago augustus sierpnia sierpień augusztus srpen august ağustos августа август elokuuta",
        "september sep sept septembre septiembre settembre set setembro septembrie wrzesień września szeptember září eylül сентября сентябрь syyskuuta",
        "october oct oktober octobre octubre ottobre ott outubro out oktobra października październik október říjen octombrie ekim октября октябрь lokakuuta okt",
        "november nov novembre noviembre novembro listopada listopad november noiembrie kasım ноября ноябрь marraskuuta",
        "december dec dezember décembre decembre diciembre dic dicembre dezembro dez grudnia grudzień december prosinec decembrie aralık декабря декабрь joulukuuta",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS.setdefault(_name, _number)
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?\s*(?:de\s+)?(?P<mon>{_MONTH_WORDS})\.?,?\s*(?:de\s+)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.I,
)
MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)(?P<mon>{_MONTH_WORDS})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.I,
)
TEXT_TIME = re.compile(r"(?<!\d)(?P<H>[0-2]?\d)[:.h](?P<M>[0-5]\d)\s*(?P<ampm>[ap]\.?m\.?)?", re.I)
MIN_YEAR = 1990
MAX_TEXT_NODES = 400
MAX_DATE_TEXT = 200


@dataclass(frozen=True)
class Stamp:
    """A parsed candidate: the day, and the time and offset when known."""

    day: date
    time: str | None = None  # "HH:MM:SS"
    offset: str | None = None  # "+HH:MM"

    def moment(self) -> datetime | None:
        """The instant, when the time and offset are known."""
        if self.time is None or self.offset is None:
            return None
        return datetime.fromisoformat(f"{self.day.isoformat()}T{self.time}{self.offset}")

    def iso(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time}{self.offset or ''}"


def find_dates(doc: Document, now: datetime | None = None) -> tuple[str | None, str | None]:
    """``(published, modified)`` as ISO 8601 strings, or None when unknown."""
    latest = ((now or datetime.now(timezone.utc)) + timedelta(days=1)).date()
    published = _first_tier(_published_tiers(doc), latest)
    modified = _choose([parse_date(c) for c in _modified_candidates(doc)], latest)
    if published and modified and modified.day < published.day:
        modified = None
    return (
        published.iso() if published else None,
        modified.iso() if modified else None,
    )


def parse_date(value: str) -> Stamp | None:
    """Parse one date string: ISO 8601 and its relatives, numeric and named-month dates."""
    value = clean(value)
    if not value:
        return None
    return _parse_iso(value) or _parse_text(value) or _parse_loose(value)


def _first_tier(tiers: Iterator[Iterator[str]], latest: date) -> Stamp | None:
    """The choice of the most reliable tier of sources that yields a plausible date."""
    fallback = None
    for tier in tiers:
        stamps = [s for s in map(parse_date, tier) if s is not None]
        chosen = _choose(stamps, latest)
        if chosen is not None and _plausible(chosen, latest):
            return chosen
        fallback = fallback or chosen
    return fallback


def _choose(stamps: list[Stamp | None] | list[Stamp], latest: date) -> Stamp | None:
    """The first plausible stamp, completed by the others that describe the same moment.

    A later source may add the time a date-only source lacked, or give the
    same instant in the publisher's own offset rather than in UTC (so the day
    is the one the reader saw).
    """
    valid = [s for s in stamps if s is not None and _plausible(s, latest)]
    if not valid:
        return next((s for s in stamps if s is not None), None)
    first = valid[0]
    if first.time is None:
        timed = [s for s in valid if s.day == first.day and s.time]
        first = next((s for s in timed if s.offset), timed[0] if timed else first)
    if first.time and first.offset is None:
        first = next(
            (s for s in valid if s.offset and s.day == first.day and s.time == first.time), first
        )
    if first.offset == "+00:00":
        moment = first.moment()
        for other in valid:
            if other.offset not in (None, "+00:00") and other.moment() == moment:
                return other
    return first


def _plausible(stamp: Stamp, latest: date) -> bool:
    return MIN_YEAR <= stamp.day.year and stamp.day <= latest


def _published_tiers(doc: Document) -> Iterator[Iterator[str]]:
    """Candidate strings, grouped from the most to the least reliable source."""
    yield _structured_published(doc)
    yield _visible_dates(doc)
    if doc.page_url:
        yield _url_date(doc.page_url)
    yield _text_dates(doc)


def _structured_published(doc: Document) -> Iterator[str]:
    article = doc.article_ld() or {}
    for key in ("datePublished", "dateCreated", "uploadDate"):
        found = ld_text(article.get(key))
        if found:
            yield found
    for item in doc.jsonld:
        found = ld_text(item.get("datePublished"))
        if found:
            yield found
    for key in PUBLISHED_META:
        yield from doc.meta.get(key, ())
    yield from _microdata(doc, "datePublished")
    yield from _time_elements(doc)


def _modified_candidates(doc: Document) -> Iterator[str]:
    article = doc.article_ld() or {}
    found = ld_text(article.get("dateModified"))
    if found:
        yield found
    for key in MODIFIED_META:
        yield from doc.meta.get(key, ())
    yield from _microdata(doc, "dateModified")


def _microdata(doc: Document, prop: str) -> Iterator[str]:
    for tag in doc.soup.find_all(attrs={"itemprop": prop}):
        value = tag.get("datetime") or tag.get("content") or tag.get_text(" ")
        if value:
            yield str(value)


def _in_skipped_context(tag: Tag) -> bool:
    for parent in tag.parents:
        if parent.name in ("aside", "footer", "nav"):
            return True
        marks = " ".join(parent.get("class") or ()) + " " + str(parent.get("id") or "")
        if SKIP_CONTEXT.search(marks):
            return True
    return False


def _time_elements(doc: Document) -> Iterator[str]:
    """``<time>`` elements, those marked as the publication date first."""
    times = [t for t in doc.soup.find_all("time") if not _in_skipped_context(t)]
    marked = [t for t in times if t.has_attr("pubdate") or "publish" in str(t.get("class"))]
    for tag in marked + times:
        value = tag.get("datetime") or tag.get_text(" ")
        if value:
            yield str(value)


def _visible_dates(doc: Document) -> Iterator[str]:
    """Short text near the headline in elements whose class names suggest a date."""
    h1 = doc.soup.find("h1")
    start = h1 if isinstance(h1, Tag) else doc.soup.body
    if start is None:
        return
    seen = 0
    for node in start.find_all_next(string=True, limit=MAX_TEXT_NODES):
        seen += 1
        text = clean(str(node))
        if not (6 <= len(text) <= 80) or not any(c.isdigit() for c in text):
            continue
        parent = node.parent
        marks = ""
        for ancestor in (parent, parent.parent if parent else None):
            if isinstance(ancestor, Tag):
                marks += " ".join(ancestor.get("class") or ()) + str(ancestor.get("id") or "")
        if DATE_CLASS.search(marks) or (parent is not None and parent.name == "time"):
            yield text


def _text_dates(doc: Document) -> Iterator[str]:
    """Any short text that holds a date, from the headline on, then from the top."""
    body = doc.soup.body
    if body is None:
        return
    h1 = body.find("h1")
    starts = [h1.find_all_next(string=True, limit=MAX_TEXT_NODES)] if isinstance(h1, Tag) else []
    starts.append(body.find_all(string=True, limit=MAX_TEXT_NODES))
    for strings in starts:
        for node in strings:
            text = str(node).strip()
            if 6 <= len(text) <= MAX_DATE_TEXT and any(c.isdigit() for c in text):
                parent = node.parent
                if parent is not None and parent.name not in ("script", "style") and not _in_skipped_context(parent):
                    if _parse_text(text) is not None:
                        yield text


def _url_date(url: str) -> Iterator[str]:
    match = URL_DATE.search(url)
    if match and match.group("d"):
        yield f"{match.group('y')}-{match.group('m')}-{match.group('d')}"


def _parse_iso(value: str) -> Stamp | None:
    match = ISO_DATE.search(value)
    if not match:
        return None
    day = _make_date(match.group("y"), match.group("m"), match.group("d"))
    if day is None:
        return None
    if not match.group("H"):
        return Stamp(day)
    time = f"{match.group('H')}:{match.group('M')}:{match.group('S') or '00'}"
    return Stamp(day, time, _offset(match.group("tz")))


def _offset(tz: str | None) -> str | None:
    if not tz:
        return None
    if tz.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = tz.replace(":", "")
    return f"{digits[:3]}:{digits[3:5]}"


def _parse_text(value: str) -> Stamp | None:
    """A named-month or numeric date in free text, with a time found beside it."""
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DATE, CJK_DATE):
        match = pattern.search(value)
        day = _match_date(match) if match else None
        if match and day:
            rest = value[: match.start()] + " " + value[match.end() :]
            return Stamp(day, _text_time(rest))
    return None


def _match_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    if "mon" in groups:
        return _make_date(groups["y"], str(MONTHS.get(groups["mon"].lower())), groups["d"])
    if "a" in groups:
        first, second = int(groups["a"]), int(groups["b"])
        if first <= 12 < second:  # month/day order
            first, second = second, first
        return _make_date(groups["y"], str(second), str(first))
    return _make_date(groups["y"], groups["m"], groups["d"])


def _text_time(value: str) -> str | None:
    match = TEXT_TIME.search(value)
    if not match:
        return None
    hour, minute = int(match.group("H")), int(match.group("M"))
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}:00" if hour < 24 else None


def _parse_loose(value: str) -> Stamp | None:
    """Last resort for RFC 2822 and other English forms dateutil knows."""
    if len(value) > 60 or not re.search(r"(19|20)\d\d", value):
        return None
    try:
        with warnings.catch_warnings():
            # Unknown zone names (CEST, MEZ) only lose the offset; the day still counts.
            warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
            parsed = dateparser.parse(value, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year < MIN_YEAR:
        return None
    time = parsed.strftime("%H:%M:%S") if (parsed.hour or parsed.minute) else None
    offset = None
    if parsed.tzinfo is not None and time:
        delta = parsed.utcoffset() or timedelta()
        minutes = int(delta.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return Stamp(parsed.date(), time, offset)


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None
