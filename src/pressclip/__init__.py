"""pressclip: archive one news article as Markdown with YAML front matter.

The library comes first: :func:`extract` turns a page's bytes into an
:class:`Article` without touching the network or the disk; :func:`archive`
runs the whole pipeline (fetch, extract, render, write) that the CLI wraps.

Heavy modules (bs4, lxml, requests) load on first use, so that importing the
package, and ``pressclip --help``, stay fast.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArchiveResult",
    "BatchResult",
    "ContentError",
    "ExitCode",
    "FetchOptions",
    "HTTPStatusError",
    "Image",
    "LocalFileError",
    "NetworkError",
    "NoArticleError",
    "NonPublicAddressError",
    "OutputExistsError",
    "Page",
    "PressclipError",
    "TLSError",
    "UsageError",
    "__version__",
    "archive",
    "archive_many",
    "extract",
    "fetch",
    "render",
]

_LAZY = {
    "Article": "pressclip.model",
    "Image": "pressclip.model",
    "Page": "pressclip.model",
    "ArchiveResult": "pressclip.archive",
    "archive": "pressclip.archive",
    "BatchResult": "pressclip.batch",
    "archive_many": "pressclip.batch",
    "extract": "pressclip.extract",
    "FetchOptions": "pressclip.fetch",
    "fetch": "pressclip.fetch",
    "render": "pressclip.render",
    "ExitCode": "pressclip.errors",
    "PressclipError": "pressclip.errors",
    "UsageError": "pressclip.errors",
    "LocalFileError": "pressclip.errors",
    "OutputExistsError": "pressclip.errors",
    "NetworkError": "pressclip.errors",
    "TLSError": "pressclip.errors",
    "ContentError": "pressclip.errors",
    "NoArticleError": "pressclip.errors",
    "NonPublicAddressError": "pressclip.errors",
    "HTTPStatusError": "pressclip.errors",
}

if TYPE_CHECKING:
    from pressclip.archive import ArchiveResult, archive
    from pressclip.batch import BatchResult, archive_many
    from pressclip.errors import (
        ContentError,
        ExitCode,
        HTTPStatusError,
        LocalFileError,
        NetworkError,
        NoArticleError,
        NonPublicAddressError,
        OutputExistsError,
        PressclipError,
        TLSError,
        UsageError,
    )
    from pressclip.extract import extract
    from pressclip.fetch import FetchOptions, fetch
    from pressclip.model import Article, Image, Page
    from pressclip.render import render


class _Package(types.ModuleType):
    """Keeps ``pressclip.extract`` (and archive, fetch, render) the function.

    Importing a submodule makes Python set it as an attribute of the package,
    which would replace the function of the same name; this keeps the function.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pressclip' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
