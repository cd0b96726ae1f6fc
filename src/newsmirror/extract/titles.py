"""Headlines without the site name: ``标题 | 俄罗斯 | 大纪元`` → ``标题``."""

from __future__ import annotations

import re

# " - ", "|", "_", "::", "--", and a bare "-" between Chinese words ("标题-搜狐财经"): a
# Chinese headline has no ASCII hyphen of its own there.
_SEPARATORS = re.compile(r"(\s+[|｜\-–—:»·]\s+|\s*[|｜_]\s*|\s+::\s+|\s*-{2,}\s*"
                         r"|(?<=[\u4e00-\u9fff）)”」』》])-(?=[\u4e00-\u9fff]))")
_MIN_HEADLINE = 4
_SECTION_SEPARATORS = frozenset({"|", "｜", "_"})
_ANY_SEPARATOR = re.compile(r"\s*(?:[|｜_:：»·–—]|-+)\s*")
_MIN_SEGMENT = 6


def strip_site_suffix(title: str, site_names: tuple[str, ...] = (),
                      headlines: tuple[str, ...] = ()) -> str:
    """Remove site names and section labels that pages add around their headline.

    A page headline (``<h1>``) that the title starts with wins outright. Otherwise trailing
    and leading segments are dropped while they name the site or are short beside what
    remains, so ``"A - B | Site"`` keeps ``"A - B"`` when A and B are of a length.
    """
    title = " ".join(title.split())
    for headline in headlines:
        if len(headline) >= _MIN_HEADLINE and title.startswith(headline):
            return headline
    parts = _SEPARATORS.split(title)
    segments, separators = parts[0::2], parts[1::2]
    if len(segments) < 2:
        return title
    names = {n.casefold() for n in site_names}
    while len(segments) > 1 and _droppable(segments[-1], segments[:-1], names, separators[-1]):
        segments.pop()
        separators.pop()
    while len(segments) > 1 and segments[0].strip().casefold() in names:
        segments.pop(0)
        separators.pop(0)
    out = segments[0]
    for separator, segment in zip(separators, segments[1:], strict=True):
        out += separator + segment
    stripped = out.strip()
    return stripped if len(stripped) >= _MIN_HEADLINE else title


def _droppable(segment: str, rest: list[str], site_names: set[str], separator: str) -> bool:
    text = segment.strip()
    if not text or text.casefold() in site_names:
        return True
    remaining = sum(len(s.strip()) for s in rest)
    if separator.strip() in _SECTION_SEPARATORS:
        # "标题_新浪新闻", "Title | Section | Site": these only ever join labels to a title.
        return len(text) <= remaining
    return len(text) * 2 <= remaining


def title_segments(title: str) -> list[str]:
    """Every prefix and suffix of ``title`` cut at a separator, longest first: the pieces
    one of which is the headline as the page prints it (``标题(图)--雅虎新闻``)."""
    title = " ".join(title.split())
    pieces = {title}
    for match in _ANY_SEPARATOR.finditer(title):
        pieces.update((title[:match.start()].strip(), title[match.end():].strip()))
    return sorted((p for p in pieces if len(p) >= _MIN_SEGMENT), key=len, reverse=True)
