"""Keep page-supplied URLs away from the user's own network (SSRF guard).

A URL the user typed may point anywhere. A URL the *page* chooses (a redirect
target, later an image) must not make pressclip talk to a loopback, private,
link-local or reserved address: the admin page of a router, a cloud metadata
service, a database on ``localhost``. The check is made on the address the
socket actually connected to, right after connecting and before a byte of the
request is sent, so neither a redirect nor a host name that resolves to a
private address (DNS rebinding included) can get around it.

It does not apply:

- to the connections for the URL the user gave; if that URL turns out to be on
  a non-public network, the user works there, and the rest of the fetch may
  reach such addresses too;
- when ``allow_private`` is set (``--allow-private-network``);
- through a proxy (``HTTP_PROXY`` …): the proxy makes the connection, so its
  address is all pressclip could check, and the proxy's own policy applies.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from pressclip.errors import NonPublicAddressError

NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
"""The well-known NAT64 prefix: its last 32 bits are an IPv4 address (RFC 6052)."""


def is_public_address(address: str) -> bool:
    """Whether ``address`` (an IP address as text) is an ordinary public unicast address.

    IPv4 addresses embedded in IPv6 ones (``::ffff:127.0.0.1``, 6to4, NAT64)
    are judged by the IPv4 address they carry.
    """
    ip = _embedded_ipv4(ipaddress.ip_address(address.split("%", 1)[0]))
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_private or ip.is_loopback or ip.is_link_local
    )


def _embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


class PeerGuard:
    """Which addresses the connections of one fetch may reach."""

    def __init__(self, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self._for_user = False

    @contextmanager
    def users_url(self) -> Iterator[None]:
        """Connections made in this block serve the URL the user gave.

        Any address is fine for them; a non-public one means the user works on
        that network, so from then on connections may reach such addresses.
        """
        self._for_user = True
        try:
            yield
        finally:
            self._for_user = False

    def check(self, address: str) -> None:
        """Raise :class:`NonPublicAddressError` if a connection to ``address`` is not allowed."""
        if self.allow_private or is_public_address(address):
            return
        if self._for_user:
            self.allow_private = True
            return
        raise NonPublicAddressError(address)


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose direct connections are vetted by ``guard``."""

    def __init__(self, guard: PeerGuard) -> None:
        self.guard = guard  # before super().__init__, which builds the pool manager
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.guard)


class _CheckedHTTPConnection(HTTPConnection):
    guard: PeerGuard | None = None

    def _new_conn(self) -> socket.socket:
        return _vetted(self, super()._new_conn(), self.guard)


class _CheckedHTTPSConnection(HTTPSConnection):
    guard: PeerGuard | None = None

    def _new_conn(self) -> socket.socket:
        return _vetted(self, super()._new_conn(), self.guard)


def _vetted(
    connection: HTTPConnection, sock: socket.socket, guard: PeerGuard | None
) -> socket.socket:
    """``sock``, just connected, if its peer is allowed; closed and refused if not.

    urllib3 makes the TCP connection in ``_new_conn`` and only then starts TLS
    and sends the request, so a refused peer receives nothing at all.
    """
    if guard is None or connection.proxy is not None:
        return sock
    try:
        guard.check(str(sock.getpeername()[0]))
    except NonPublicAddressError:
        sock.close()
        raise
    return sock


def _pool_classes(guard: PeerGuard) -> dict[str, type[HTTPConnectionPool]]:
    """urllib3 pool classes whose connections report to ``guard``."""

    class Connection(_CheckedHTTPConnection):
        pass

    class SecureConnection(_CheckedHTTPSConnection):
        pass

    Connection.guard = SecureConnection.guard = guard

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    return {"http": Pool, "https": SecurePool}
