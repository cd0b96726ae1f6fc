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
_COLUMN = re.compile(r"^(?P<column>[^|｜]{2,12}?)\s*[|｜]\s*(?=\S)")
_QUOTES = frozenset('"“”「」『』\'‘’«»')
_MAX_BODY_HEADLINE = 60
_SENTENCE_END = re.compile(r"[。！？；.!?;，,：:]\s*$|[。！？]")


def strip_site_suffix(title: str, site_names: tuple[str, ...] = (),
                      headlines: tuple[str, ...] = ()) -> str:
    """Remove site names and section labels that pages add around their headline.

    A page headline (``<h1>``) that the title starts with, or ends with after a separator,
    wins outright. Otherwise trailing
    and leading segments are dropped while they name the site or are short beside what
    remains, so ``"A - B | Site"`` keeps ``"A - B"`` when A and B are of a length.
    """
    title = " ".join(title.split())
    for headline in headlines:
        if len(headline) >= _MIN_HEADLINE and (title.startswith(headline) or (
                title.endswith(headline) and _SEPARATORS.search(title[:-len(headline)] + "|")
                and _ANY_SEPARATOR.search(title[-len(headline) - 3:-len(headline)]))):
            return without_column(headline)  # "法国报纸摘要 - 标题": a column before it
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
    return without_column(stripped) if len(stripped) >= _MIN_HEADLINE else title


def without_column(title: str) -> str:
    """A headline without the column's name set before it with a bar (``图说洛阳| 标题``,
    ``Opinion | Title``): short beside the headline that follows."""
    match = _COLUMN.match(title)
    if match and len(title) - match.end() >= 2 * len(match["column"]):
        return title[match.end():].strip()
    return title


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


def uncut(declared: str, *fuller: str) -> str:
    """``declared`` (an ``og:title``), unless a page's own title goes on where it stops at
    a quotation mark: ``content="他说"你好""`` is cut there by the page's own markup."""
    declared = " ".join(declared.split())
    for other in fuller:
        other = " ".join(other.split())
        if declared and len(other) > len(declared) and other.startswith(declared) \
                and other[len(declared)] in _QUOTES:
            return other
    return declared


def headline_from_body(html: str) -> tuple[str, str]:
    """For a page with no title anywhere: the story's first block, when it reads as a
    headline (short, no sentence), as the title, and the body without it."""
    from newsmirror.fragments import inner_html, parse_fragment

    container = parse_fragment(html)
    first = next((element for element in container.iterdescendants()
                  if isinstance(element.tag, str) and (element.text or "").strip()), None)
    if first is None or len(first) > 2:
        return "", html
    text = " ".join(first.text_content().split())
    if not _MIN_HEADLINE <= len(text) <= _MAX_BODY_HEADLINE or _SENTENCE_END.search(text):
        return "", html
    first.drop_tree()
    return text, inner_html(container)
