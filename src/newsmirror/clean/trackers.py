"""What feed services and pages put into an article to count its readers, never content.

A mirror republishes for readers who must not be counted: a tracking pixel left in would
report each of them to the tracker (or, under the ``local`` image policy, be downloaded
and kept). Removed: images drawn 1×1 or smaller, FeedBurner's reader pixel (``/~r/``) and
its FeedFlare share buttons (``/~ff/``, links with their images) that FeedBurner appends
to every item it serves; and an element they leave empty.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newsmirror.urls import absolutize

_FEEDBURNER = re.compile(r"^\s*(?:https?:)?//feeds\.feedburner\.com/~(?:r|ff)/", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(\d+)(?:\.\d*)?\s*(?:px)?\s*$")
_STYLED = {name: re.compile(rf"(?:^|[;\s]){name}\s*:\s*(\d+)(?:\.\d*)?(?:px)?\s*(?:!|;|$)",
                            re.IGNORECASE) for name in ("width", "height")}


def is_tracker_url(url: str) -> bool:
    """Whether ``url`` is one a tracker serves (an image or a link), whatever the page."""
    return _FEEDBURNER.match(url) is not None


def remove_trackers(container: HtmlElement, base: str) -> set[str]:
    """Drop the tracking pixels and FeedFlare buttons in ``container`` (text after them
    stays); returns the absolute URLs of the images dropped, which no lead image may be."""
    removed: set[str] = set()
    found = [link for link in container.iter("a") if is_tracker_url(link.get("href") or "")]
    for image in container.iter("img"):
        src = image.get("src") or ""
        if is_tracker_url(src) or _is_pixel(image):
            found.append(image)
            removed.add(absolutize(src, base) or src)
    for element in found:
        parent = element.getparent()
        if parent is None:
            continue  # inside a link dropped already
        element.drop_tree()
        while parent is not container and _is_empty(parent):
            above = parent.getparent()
            if above is None:
                break
            parent.drop_tree()
            parent = above
    return removed


def _is_pixel(image: HtmlElement) -> bool:
    """Drawn 1×1 or smaller, by its attributes or its style (``width:1px!important``)."""
    style = image.get("style") or ""
    for name in ("width", "height"):
        size = _NUMBER.match(image.get(name) or "")
        if size is None:
            declared = _STYLED[name].search(style)
            if declared is None or int(declared[1]) > 1:
                return False
        elif int(size[1]) > 1:
            return False
    return True


def _is_empty(element: HtmlElement) -> bool:
    return not len(element) and not (element.text or "").strip()
