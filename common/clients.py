"""The client's address, the one thing the feed limit, the form limit and the login lock-out count.

``TRUSTED_PROXIES`` (settings) says who may speak for the client in ``X-Forwarded-For``:

* a number N: the last N hops (the peer and the N-1 proxies in front of it) are proxies, so the
  client is the N-th entry from the right of X-Forwarded-For;
* a list of networks: a hop inside them is a proxy; walking from the peer leftwards, the first
  address outside them is the client.

Without a trusted peer the header is ignored: entries left of the one our proxy appended are the
client's to write, so reading them would let anyone choose whom they are counted as.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def client_ip_get(*, request) -> str:
    """The address to count this request against (REMOTE_ADDR unless a trusted proxy forwarded it)."""
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = settings.TRUSTED_PROXIES
    if not trusted:
        return peer
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Nearest hop last: what the client claimed, then what each proxy appended, then the peer.
    chain = [*forwarded, peer]
    if isinstance(trusted, int):
        if len(chain) <= trusted:
            return peer  # the proxy did not add the header: count the peer rather than trust nothing
        address = _address(chain[-trusted - 1])
        return str(address) if address else peer
    networks = _networks(tuple(trusted))
    client = peer
    for hop in reversed(chain):
        address = _address(hop)
        if address is None:
            break  # garbage left of a trusted hop was written by the client: stop at the last real one
        client = str(address)
        if not any(address in network for network in networks):
            break
    return client


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the login lock-out counts the same address as the rate limits.

    None when there is no address (a login made in code, such as ``force_login``): axes stores
    addresses in an IP column, which PostgreSQL refuses to fill with a placeholder."""
    address = _address(client_ip_get(request=request))
    return str(address) if address else None
