"""Exceptions raised by pressclip, and the exit code each one maps to.

Every foreseeable failure is a subclass of :class:`PressclipError`; the CLI
turns it into one ``Error: ...`` line and the exit code of its class::

    PressclipError                      1  (internal; never raised directly)
    ├── UsageError (ValueError)         2  bad option or invalid URL
    ├── LocalFileError (OSError)        3  exists, permission, disk, symlink
    │   └── OutputExistsError           3  target exists and --force not given
    ├── NetworkError                    4  DNS, refused, timeout, reset
    ├── TLSError                        5  certificate verification failed
    ├── ContentError                    7  not HTML, too large, undecodable,
    │   │                                  too many or unsafe redirects
    │   ├── NonPublicAddressError       7  a page-supplied URL reached a
    │   │                                  loopback/private/reserved address
    │   └── NoArticleError              7  no article text found
    └── HTTPStatusError                 8  error status after retries

``KeyboardInterrupt`` maps to 130 in the CLI.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    LOCAL_FILE = 3
    NETWORK = 4
    TLS = 5
    CONTENT = 7
    HTTP_STATUS = 8
    INTERRUPTED = 130


class PressclipError(Exception):
    """Base class of every error pressclip raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL


class UsageError(PressclipError, ValueError):
    """The command line or an argument is invalid (e.g. not an http(s) URL)."""

    exit_code = ExitCode.USAGE


class LocalFileError(PressclipError, OSError):
    """Reading or writing a local file failed."""

    exit_code = ExitCode.LOCAL_FILE

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        return str(self.args[0])


class OutputExistsError(LocalFileError):
    """The target file exists and overwriting was not asked for."""


class NetworkError(PressclipError):
    """The server could not be reached or the transfer broke off."""

    exit_code = ExitCode.NETWORK

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class TLSError(NetworkError):
    """The server's TLS certificate could not be verified."""

    exit_code = ExitCode.TLS


class ContentError(PressclipError):
    """The response or document is not something pressclip can archive."""

    exit_code = ExitCode.CONTENT

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class NonPublicAddressError(ContentError):
    """A URL the page chose (a redirect) connected to a non-public address.

    Raised by :mod:`pressclip.netguard` with only the ``address``; the fetcher
    raises it again with the ``url`` it was fetching.
    """

    def __init__(self, address: str, url: str | None = None) -> None:
        where = "" if url is None else f": {url}"
        message = (
            f"refusing to connect to non-public address {address} "
            f"(--allow-private-network allows it){where}"
        )
        super().__init__(message, url)
        self.address = address


class NoArticleError(ContentError):
    """The page holds no article text (empty, or needs JavaScript)."""


class HTTPStatusError(PressclipError):
    """The server answered with an error status, after any retries."""

    exit_code = ExitCode.HTTP_STATUS

    def __init__(self, message: str, url: str | None = None, status: int = 0) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


def printable(text: str) -> str:
    """``text`` with unprintable characters escaped: one line, safe on a terminal."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
