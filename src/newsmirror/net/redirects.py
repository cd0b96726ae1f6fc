"""Following redirects, the same live and in replay: a hop limit, and loop detection."""

from __future__ import annotations

from urllib.parse import urljoin

from newsmirror.errors import FetchError
from newsmirror.net.model import Redirect

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectChain:
    """The hops followed from ``url``; :meth:`follow` refuses the hop past ``limit`` and a
    return to a URL already visited."""

    def __init__(self, url: str, limit: int) -> None:
        self.url = url
        self.hops: list[Redirect] = []
        self._limit = limit
        self._seen = {url}

    def follow(self, current: str, status: int, location: str, new_cookie: bool = False) -> str:
        """The URL to fetch next, after ``current`` answered ``status`` with ``location``."""
        if not location:
            raise FetchError(f"HTTP {status} without a Location to follow", url=self.url,
                             status=status)
        target = urljoin(current, location).split("#", 1)[0]
        self.hops.append(Redirect(current, status, target))
        if len(self.hops) > self._limit:
            raise FetchError(f"more than {self._limit} redirects (network.max_redirects)",
                             url=self.url)
        if new_cookie:
            self._seen.clear()  # a revisit with a new cookie may well answer differently
        if target in self._seen:
            chain = " → ".join(hop.url for hop in self.hops)
            raise FetchError(f"redirect loop: {chain} → back to {target}", url=self.url)
        self._seen.add(target)
        return target
