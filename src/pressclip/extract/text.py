"""Small text helpers shared by the field extractors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bs4 import Tag

WHITESPACE = re.compile(r"\s+")
QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
    }
)


def clean(text: str | None) -> str:
    """Collapse white space (including non-breaking spaces) and strip."""
    return WHITESPACE.sub(" ", text or "").strip()


def fold(text: str | None) -> str:
    """A comparison key: NFKC, case-folded, quotes and dashes unified, invisible marks
    (soft hyphen, zero-width space, BOM) dropped, spaces collapsed."""
    return clean(unicodedata.normalize("NFKC", text or "").translate(QUOTES)).casefold()


def ld_text(value: Any) -> str | None:
    """A plain string out of a JSON-LD value (string, list, or ``{"name"/"@value": …}``)."""
    if isinstance(value, str):
        return clean(value) or None
    if isinstance(value, list):
        for item in value:
            found = ld_text(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        return ld_text(value.get("@value") or value.get("name") or value.get("url"))
    return None


def marks(tag: Tag) -> str:
    """An element's class names and id, as one string to match name hints against."""
    return " ".join([*(tag.get("class") or ()), str(tag.get("id") or "")]).strip()


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values in order, each once by its :func:`fold` key."""
    seen: set[str] = set()
    out = []
    for value in values:
        key = fold(value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out
