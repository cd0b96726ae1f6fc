"""The plain absolute URL: one that needs no join, feedparser's or urllib's.

Nearly every link in a real feed is already an absolute http(s) URL, and joining it to the
feed's base gives it back unchanged; knowing that from one regular expression saves a
``urljoin`` per link, the largest cost of reading an item's links. :data:`PLAIN_LINK` is
the readable form, one character a step (the tests draw URLs from it and check every
join leaves them as they are); the compiled form takes runs at once and never steps back,
so that no URL can make it crawl.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LINK_START = r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
_LINK_CHARACTER = r"""[^\x00-\x20\x7f\s"'<>\\`?#;]"""
_LINK_BODY = rf"(?:{_LINK_CHARACTER}|;(?![?#])|\?(?!#)|#)*{_LINK_CHARACTER}"
PLAIN_LINK = rf"{_LINK_START}(?:/(?:{_LINK_BODY})?|\?(?!#){_LINK_BODY}|#{_LINK_BODY})?"
_FAST_LINK_BODY = (rf"(?:{_LINK_CHARACTER}++|;(?![?#])|\?(?!#)|#)++"
                   rf"(?<={_LINK_CHARACTER})")
_PLAIN_LINK = re.compile(
    rf"{_LINK_START}(?:/(?:{_FAST_LINK_BODY})?|\?(?!#){_FAST_LINK_BODY}|#{_FAST_LINK_BODY})?"
).fullmatch
# The usual shape of a plain link, a strict subset of PLAIN_LINK that ``re`` matches in
# half the time (the tests check that it is a subset).
COMMON_LINK = rf"{_LINK_START}(?:/[-A-Za-z0-9._~/%!$&()*+,=:@]*+)?"
_COMMON_LINK = re.compile(COMMON_LINK).fullmatch


@lru_cache(maxsize=8192)  # the same link is asked about by the reader, then by parse_feed
def is_plain_url(url: str) -> bool:
    """An absolute http(s) URL that joining to any base, feedparser's way or urllib's, gives
    back unchanged (the tests check the claim)."""
    return _COMMON_LINK(url) is not None or _PLAIN_LINK(url) is not None


CACHES = (is_plain_url,)  # see fastpath.parse.clear_caches
