"""Where a webhook may be sent: public addresses only, checked when it is saved and again when sent.

Without this a webhook is a port scanner pointed inwards: an administrator (or a stolen admin
session) saves ``http://127.0.0.1:5432/`` or ``http://169.254.169.254/`` and reads the result in
the delivery log. So a destination is refused unless every address its host resolves to is
public; a host listed in ``WEBHOOK_ALLOWED_HOSTS`` may be internal. At delivery the host is
resolved once and the connection goes to the very address that was checked, so a DNS answer that
changes between check and connect (DNS rebinding) cannot move it.

Reasons are English message ids (``gettext_noop``): the delivery log stores them and shows them
translated in the reader's language.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_noop

SCHEME_REFUSED = gettext_noop("Use an http:// or https:// address.")
CREDENTIALS_REFUSED = gettext_noop("A webhook address cannot contain a user name or password.")
HOST_MISSING = gettext_noop("The address has no valid host name or port.")
HOST_UNKNOWN = gettext_noop("The host name of this address could not be found.")
NOT_PUBLIC = gettext_noop(
    "Webhooks are only sent to public addresses; this one is local, private, link-local or reserved."
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class DestinationRefused(Exception):
    """The destination may not be contacted; ``reason`` is a message id to translate."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str  # the name, for the Host header and the TLS certificate
    port: int
    address: str  # the checked address to connect to
    target: str  # path and query


def address_is_public(address: Address) -> bool:
    """True for an address on the public internet (also looking inside v4-in-v6 forms)."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None:
            return address_is_public(embedded)
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _parts(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and target of a URL, refusing what is never sent."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise DestinationRefused(SCHEME_REFUSED)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise DestinationRefused(CREDENTIALS_REFUSED)
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise DestinationRefused(HOST_MISSING) from error
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or not 0 < port < 65536:
        raise DestinationRefused(HOST_MISSING)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return scheme, host, port, target


def _allowed(host: str) -> bool:
    return host in getattr(settings, "WEBHOOK_ALLOWED_HOSTS", [])


def _resolve(host: str, port: int) -> list[Address]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise DestinationRefused(HOST_UNKNOWN) from error
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise DestinationRefused(HOST_UNKNOWN)
    return addresses


def destination_resolve(*, url: str) -> Destination:
    """Check a webhook URL and resolve its host once; refused unless every address is public."""
    scheme, host, port, target = _parts(url)
    if (host == "localhost" or host.endswith(".localhost")) and not _allowed(host):
        raise DestinationRefused(NOT_PUBLIC)
    addresses = _resolve(host, port)
    # Every address, not just the first: a name answering with a public and a private address
    # would otherwise reach the private one whenever the resolver's order changed.
    if not _allowed(host) and not all(address_is_public(address) for address in addresses):
        raise DestinationRefused(NOT_PUBLIC)
    return Destination(scheme=scheme, host=host, port=port, address=str(addresses[0]), target=target)
