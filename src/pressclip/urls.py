"""Checking the URLs a user gives, before any network I/O (no requests import here)."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from pressclip.errors import UsageError

HTTP_SCHEMES = frozenset({"http", "https"})
HTTP_PREFIXES = ("http://", "https://")


def validate_url(url: str) -> str:
    """Return ``url`` unchanged if it is an absolute http(s) URL with a host.

    Anything else raises :class:`UsageError`, before any network I/O.
    """
    problem = url_problem(url)
    if problem is not None:
        raise UsageError(f"invalid URL {url!r}: {problem}")
    return url


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable absolute http(s) URL, or ``None`` if it is."""
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError:
        return "malformed host or port"
    if not parts.scheme:
        return "missing scheme (use http:// or https://)"
    if parts.scheme.lower() not in HTTP_SCHEMES:
        return "only http and https URLs are supported"
    if "\\" in parts.netloc:
        # WHATWG parsers read "\" as "/", urllib3 does not: refuse the ambiguity.
        return "backslash in the host part"
    if not parts.hostname:
        return "no host"
    return None
