"""Fixtures shared by the CLI and archive tests: a local HTTP server and a closed port.

Both clear the proxy variables first: requests honours them, and a proxy set on
the machine (as on some CI runners) would otherwise receive the requests meant
for 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from pressclip import cli, netguard
from pressclip.fetch import FetchOptions
from server import LocalServer

PUBLIC_ADDRESS = "127.0.0.2"
"""Counted as a public address by the ``public_server`` fixture."""
QUICK_READ_TIMEOUT = 0.5
QUICK_CONNECT_TIMEOUT = 2.0
QUICK_BACKOFF = 0.01
PROXY_VARIABLES = (
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
)


@pytest.fixture
def direct(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy for the duration of the test."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(direct: None) -> Iterator[LocalServer]:
    """A started :class:`server.LocalServer` on 127.0.0.1, stopped after the test."""
    with LocalServer() as running:
        yield running


@pytest.fixture
def public_server(direct: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """A server on 127.0.0.2 that the address guard counts as public.

    It plays a site on the internet whose URLs (redirects, images) point into the
    user's network, which the :func:`server` on 127.0.0.1 plays; every other
    address keeps its real classification.
    """
    real = netguard.is_public_address
    monkeypatch.setattr(
        netguard, "is_public_address", lambda address: address == PUBLIC_ADDRESS or real(address)
    )
    with LocalServer(address=PUBLIC_ADDRESS) as running:
        yield running


@pytest.fixture
def resolver_stub(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Host names to answer with a given address (DNS rebinding, in effect); others resolve."""
    answers: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        return real(answers.get(host, host), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def closed_url(direct: None) -> str:
    """An http URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's fetch options with a 0.01 s backoff and a 0.5 s read timeout."""
    build = cli.fetch_options

    def quick_options(*args: Any, **kwargs: Any) -> FetchOptions:
        options = build(*args, **kwargs) or FetchOptions()
        return dataclasses.replace(
            options,
            backoff=QUICK_BACKOFF,
            read_timeout=min(options.read_timeout, QUICK_READ_TIMEOUT),
            connect_timeout=min(options.connect_timeout, QUICK_CONNECT_TIMEOUT),
        )

    monkeypatch.setattr(cli, "fetch_options", quick_options)
