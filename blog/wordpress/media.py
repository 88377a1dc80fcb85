"""--media-from: download an upload from the old site, carefully.

`MediaFetcher("https://old.example/wp-content/uploads/")` fetches
`…/uploads/2013/03/photo.jpg` for the upload path `2013/03/photo.jpg`, and
nothing else:

- only http(s), only the origin it was given (scheme, host and port); a redirect
  is followed (at most 3) only within that origin;
- the host is resolved once per request and the connection goes to the address
  that was checked (no DNS rebinding); a private, loopback, link-local or
  reserved address is refused unless the origin itself resolved to one (a site
  on the clinic's own network, or a test server);
- a size limit (counted while reading, whatever Content-Length says), a timeout
  per connection and an overall deadline per file, and a Content-Type that must
  be an image.

Every refusal is a `FetchError` whose message the report prints.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import quote, urljoin, urlsplit

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 3
USER_AGENT = "clinic-site WordPress import"


class FetchError(Exception):
    """The file could not be fetched; the message says why in a few words."""


def resolve_host(host: str, port: int) -> list[str]:
    """The host's addresses (a module function, so tests can stand in for DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


class MediaFetcher:
    def __init__(
        self,
        origin: str,
        max_bytes: int = MAX_BYTES,
        timeout: float = TIMEOUT_SECONDS,
    ):
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{origin}: not an http(s) address")
        self.base = origin if origin.endswith("/") else origin + "/"
        self.origin = _origin(self.base)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._private_origin: bool | None = None

    def url_for(self, upload_path: str) -> str:
        return urljoin(self.base, quote(upload_path.lstrip("/"), safe="/"))

    def fetch(self, upload_path: str) -> tuple[bytes, str]:
        """The file's bytes and its name; raises FetchError."""
        url = self.url_for(upload_path)
        deadline = time.monotonic() + self.timeout
        for _hop in range(MAX_REDIRECTS + 1):
            status, headers, body = self.request(url, deadline)
            if status in (301, 302, 303, 307, 308):
                target = urljoin(url, headers.get("location", ""))
                if _origin(target) != self.origin:
                    raise FetchError(f"redirected to another host ({_origin(target)})")
                url = target
                continue
            if status != 200:
                raise FetchError(f"HTTP {status}")
            return body, urlsplit(url).path.rsplit("/", 1)[-1]
        raise FetchError("too many redirects")

    def request(self, url: str, deadline: float) -> tuple[int, dict, bytes]:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self.checked_address(parts.hostname, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timed out")
        if parts.scheme == "https":
            connection = _PinnedHTTPSConnection(
                parts.hostname, port, address, timeout=remaining
            )
        else:
            connection = _PinnedHTTPConnection(
                parts.hostname, port, address, timeout=remaining
            )
        path = parts.path or "/"
        try:
            connection.request(
                "GET",
                f"{path}?{parts.query}" if parts.query else path,
                headers={"User-Agent": USER_AGENT, "Accept": "image/*"},
            )
            response = connection.getresponse()
            headers = {name.lower(): value for name, value in response.getheaders()}
            if response.status != 200:
                return response.status, headers, b""
            self.check_headers(headers)
            return response.status, headers, self.read(response, deadline)
        except TimeoutError as error:
            raise FetchError("timed out") from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(f"connection failed ({type(error).__name__})") from error
        finally:
            connection.close()

    def checked_address(self, host: str, port: int) -> str:
        try:
            addresses = resolve_host(host, port)
        except (OSError, UnicodeError) as error:
            raise FetchError(f"cannot resolve {host}") from error
        if not addresses:
            raise FetchError(f"cannot resolve {host}")
        private = [address for address in addresses if is_private(address)]
        if self._private_origin is None:  # the first request sets the rule
            self._private_origin = len(private) == len(addresses)
        if private and not self._private_origin:
            raise FetchError(f"{host} resolves to a private address ({private[0]})")
        return addresses[0]

    def check_headers(self, headers: dict) -> None:
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if not content_type.startswith("image/"):
            raise FetchError(f"not an image (Content-Type {content_type or 'none'})")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"larger than {self.max_bytes // 1024 // 1024} MB")

    def read(self, response, deadline: float) -> bytes:
        chunks, size = [], 0
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"larger than {self.max_bytes // 1024 // 1024} MB")
            if time.monotonic() > deadline:
                raise FetchError("timed out")
            chunks.append(chunk)
        return b"".join(chunks)


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    try:
        port = parts.port or default
    except ValueError:
        port = -1
    return (parts.scheme.lower(), (parts.hostname or "").lower(), port)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever DNS says by now."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, context=self.tls, **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # Certificate checked against the host name, as for any HTTPS request.
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)
