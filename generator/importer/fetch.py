"""Read a partner's feed: from the web (with a time limit, a size limit and few redirects; https,
or plain http only to this computer) or from a file a partner sent. Returns bytes or raises
FetchFailed with a reason staff can act on. Touches no file of the hub."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from generator import __version__


@dataclass(frozen=True)
class Limits:
    seconds: float = 30.0  # for the whole download, however slowly the bytes come
    max_bytes: int = 10_000_000  # a big partner's calendar is a few hundred kilobytes
    max_redirects: int = 5


DEFAULT_LIMITS = Limits()


class FetchFailed(Exception):
    """The feed could not be read; the message says why, in words for staff."""


def is_local(host: str | None) -> bool:
    """True for this computer's own addresses (where tests serve their fixture feeds)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def web_address(address: str) -> str:
    """The address to download: webcal:// (how calendar apps are handed a feed) is https://."""
    if address.lower().startswith("webcal://"):
        return "https://" + address[len("webcal://") :]
    return address


def check_address(address: str) -> None:
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.hostname:
        return
    if scheme == "http" and parts.hostname:
        if is_local(parts.hostname):
            return
        raise FetchFailed(
            "the address starts with http://, which anyone on the way could change; "
            "ask the partner for the https:// address of their calendar"
        )
    raise FetchFailed("this is not a web address starting with https://")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # each redirect is checked and followed by fetch() itself


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch(address: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The feed's bytes, following at most `limits.max_redirects` redirects, each checked."""
    url = web_address(address)
    deadline = time.monotonic() + limits.seconds
    for _ in range(limits.max_redirects + 1):
        check_address(url)
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": f"Bulletin/{__version__} (community events hub; bulletin import)",
                "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1",
            },
        )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _too_slow(limits)
        try:
            response = _OPENER.open(request, timeout=remaining)
        except urllib.error.HTTPError as error:
            if error.code in (301, 302, 303, 307, 308):
                target = error.headers.get("Location")
                error.close()
                if not target:
                    raise FetchFailed(
                        f"the server redirected ({error.code}) to no address"
                    ) from None
                url = web_address(urljoin(url, target))
                continue
            error.close()
            raise FetchFailed(f"the server answered {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise FetchFailed(_why(error.reason, limits)) from None
        except TimeoutError as error:
            raise FetchFailed(_why(error, limits)) from None
        except (http.client.HTTPException, OSError, ValueError) as error:
            raise FetchFailed(f"the server's answer could not be read ({error})") from None
        with response:
            return _read_body(response, limits, deadline)
    raise FetchFailed(f"the server redirected more than {limits.max_redirects} times")


def _read_body(response, limits: Limits, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise _too_slow(limits)
            chunk = response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchFailed(
                    f"the feed is larger than {limits.max_bytes:,} bytes, far more than a "
                    f"partner's calendar needs; ask the partner to publish only coming events"
                )
            chunks.append(chunk)
    except TimeoutError:
        raise _too_slow(limits) from None
    except (http.client.HTTPException, OSError) as error:
        raise FetchFailed(f"the download broke off ({error})") from None
    return b"".join(chunks)


def _too_slow(limits: Limits) -> FetchFailed:
    unit = "second" if limits.seconds == 1 else "seconds"
    return FetchFailed(f"the server did not send the whole feed within {limits.seconds:g} {unit}")


def _why(reason, limits: Limits) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _too_slow(limits).args[0]
    if isinstance(reason, socket.gaierror):
        return "the server's name cannot be found; check the address for typing mistakes"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"the server's certificate cannot be trusted ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"a secure connection could not be made ({reason.reason or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    return f"the server could not be reached ({reason})"


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A feed a partner sent as a file."""
    try:
        with path.open("rb") as file:
            data = file.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise FetchFailed("there is no such file") from None
    except IsADirectoryError:
        raise FetchFailed("this is a folder, not a file") from None
    except OSError as error:
        raise FetchFailed(f"the file cannot be read ({error.strerror or error})") from None
    if len(data) > limits.max_bytes:
        raise FetchFailed(f"the file is larger than {limits.max_bytes:,} bytes")
    return data
