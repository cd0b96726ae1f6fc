"""URL helpers shared by the stages: canonical form, article ids, joining, slugs."""

from __future__ import annotations

import hashlib
import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the reader; they never change the article.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_")
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "spm",
     "ref_src", "at_medium", "at_campaign", "xtor"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_RAW = re.compile(r'[\x00-\x20"<>`\x7f]')


def is_http_url(url: str) -> bool:
    """True for absolute http(s) URLs with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str) -> str:
    """The form of ``url`` that identifies an article.

    Lower-cases scheme and host, drops the default port, the fragment and tracking
    parameters, and normalises percent-escapes to upper case; the path and the order of
    the remaining parameters are kept, because sites differ in what they mean.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    # Characters a URL may not carry raw (spaces, non-ASCII) are percent-escaped, so that
    # the raw and the escaped spelling of one address are one article.
    path = _normalise_escapes(quote(parts.path, safe="/%:@!$&'()*+,;=~")) or "/"
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k)
    ]
    query = urlencode(query_pairs, quote_via=quote, safe="/:@!$'()*,;~") if query_pairs else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def article_id(url: str) -> str:
    """The article id: the first 16 hex digits of SHA-256 of the canonical URL."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def absolutize(url: str | None, base: str) -> str | None:
    """``url`` resolved against ``base``; ``None`` for empty or unusable values."""
    if not url:
        return None
    url = url.strip()
    if not url or url.startswith(("data:", "javascript:", "#")):
        return None
    try:
        joined = urljoin(base, url)
    except ValueError:
        return None
    # What a URL never carries raw (WHATWG escapes it too): left raw, "<" or a quote would
    # let a link's address read as markup wherever it is written out.
    return _RAW.sub(lambda match: f"%{ord(match.group(0)):02X}", joined)


def slug(url: str) -> str:
    """The last path segment without extension: ``.../n13495457.htm`` → ``n13495457``."""
    path = urlsplit(url).path.rstrip("/")
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return unquote(stem)


def without_scheme(url: str) -> str:
    """``https://host/path`` → ``host/path`` (the form image proxies such as weserv take)."""
    parts = urlsplit(url)
    return urlunsplit(("", parts.netloc, parts.path, parts.query, parts.fragment)).lstrip("/")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(_TRACKING_PREFIXES) or lowered in _TRACKING_NAMES


def _normalise_escapes(path: str) -> str:
    return _ESCAPE.sub(lambda match: match.group(0).upper(), path)


def leads_home(url: str, final_url: str) -> bool:
    """Whether an article at ``url`` now redirects to a home or section page
    (``final_url``): a site's way of saying an article is gone without a 404."""
    start, end = urlsplit(url), urlsplit(final_url)
    start_path, end_path = start.path.rstrip("/"), end.path.rstrip("/")
    if end_path == start_path and end.query == start.query:
        return False
    if end_path in ("", "/index", "/index.html", "/index.htm"):
        return True
    # A folder the article sat in (/news/2022/story.html → /news/), one or two levels deep.
    segments = [part for part in end_path.split("/") if part]
    return (len(segments) <= 2 and start_path.startswith(end_path + "/")
            and end.netloc.lower() == start.netloc.lower())
