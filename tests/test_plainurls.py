"""Plain links, which the fast path takes without a join, and the feed HTML tests write.

A URL :func:`plainurls.is_plain_url` accepts must come out of every join — feedparser's,
urllib's, newsmirror's ``absolutize`` — exactly as it went in. The strategies below also
write the HTML and text of generated feeds (``test_fastfeed``): the pieces feed HTML is
made of, and the pieces HTML parsers read apart.
"""

from __future__ import annotations

import re

from feedparser.urls import _urljoin, make_safe_absolute_uri
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmirror.ingest.fastpath import plainurls
from newsmirror.urls import absolutize, is_http_url

URLS = st.sampled_from([
    "https://news.example/a/1", "http://x.example/p?q=1&r=2", "http://x.example/p?q=1&amp;r=2",
    "/relative/path", "rel.html", "//cdn.example/img.jpg", "javascript:alert(1)",
    "http://a.example/b?", " https://s.example/x ", "http://a.example/新闻", "mailto:a@b.example",
    "", "#frag", "HTTP://UP.example/X", "http://x.example/?a=&amp", "http://x.example/?s=1&sect=2",
    "http://x.example/a;b", "http://x.example/a;?b", "http://x.example/&#34;",
    "http://x.example/&#x41;", "http://x.example/&copy=1"])
_PIECES = ["<", ">", "&", "&amp;", "&lt;b&gt;", "é", "新闻", " ", "\n", "Ã©", "\x85", "&#38;",
           "<b>x</b>", "&nbsp", "&nbsp;", "&copy", "&copy;", "&foo;", "&foo", "&notit;", "&ampx",
           "&#150;", "&#x96;", "&#X96;", "&#39;", "&#34;", "&apos;", "&AMP;", "&a.b;", "a<b", "<>",
           "< p", "<5", "<0/>", "</", "</>", "</ a>", "</a<b>", "<!-- c -->", "<!-->", "<!--->",
           "<!-- a -- b -->", "<!-- <p/> -->", "<!DOCTYPE html>", "<![CDATA[x]]>", "<?php x ?>",
           "<?x <p/> ?>", "<!x>", "\t", "'", '"', "=", "/>", "/"]
TEXT = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co"))
                | st.sampled_from(_PIECES), max_size=8).map("".join)
_TAGS = ["a", "A", "img", "IMG", "Img", "p", "div", "br", "BR", "hr", "span", "td", "table",
         "embed", "wbr", "source", "script", "style", "iframe", "title", "textarea", "input",
         "link", "area", "q", "blockquote", "object", "video", "o:p", "x-y", "aB", "Script", "b"]
_NAMES = ["href", "src", "HREF", "Src", "rel", "REL", "type", "Type", "title", "alt", "class",
          "width", "data", "cite", "poster", "target", "style", "x:y", "data-src", "checked", "_x"]
_VALUES = st.one_of(URLS, TEXT, st.sampled_from([
    "NoFollow", "nofollow", "text/HTML", "À", "&#34;", "&#39;", "x&#34;y", "a&amp", "&copy",
    "&copy=1", "&#x41", "&#65", "&foo;"]))
_FORMS = ["dq", "dq", "dq", "sq", "unquoted", "valueless", "spaced", "raw"]


def _attribute(name: str, value: str, form: str) -> str:
    if form == "dq":
        return f'{name}="{value.replace(chr(34), "")}"'
    if form == "sq":
        return f"{name}='{value.replace(chr(39), '')}'"
    if form == "unquoted":
        return f"{name}={value.replace(' ', '').replace('>', '')}"
    if form == "valueless":
        return name
    if form == "spaced":
        return f'{name} = "{value.replace(chr(34), "")}"'
    return f'{name}="{value}"'


# Names are distinct within a tag: a repeated one is the known difference (see below).
_TAG = st.tuples(
    st.sampled_from(_TAGS),
    st.lists(st.tuples(st.sampled_from(_NAMES), _VALUES, st.sampled_from(_FORMS)),
             max_size=3, unique_by=lambda attribute: attribute[0].lower()),
    st.sampled_from([">", ">", " >", "/>", " />", "\n>"]),
    st.sampled_from([" ", " ", "\n", "  ", "\t"]),
).map(lambda t: f"<{t[0]}{''.join(t[3] + _attribute(*a) for a in t[1])}{t[2]}")
# HTML as feeds carry it: text, links, images, short tags, and markup read apart.
HTML = st.lists(st.one_of(
    TEXT, _TAG, st.sampled_from(_TAGS).map(lambda name: f"</{name}>"),
    URLS.map(lambda url: f'<a href="{url}">link</a>'),
    URLS.map(lambda url: f"<img src='{url}' alt=\"x\"/>"),
    st.sampled_from(["<p/>", "<br>", "<br />", "<p>para</p>", "<div/>", "<b>b</b>"]),
), max_size=8).map("".join)
BASES = st.sampled_from(["https://feeds.example/news/rss.xml", "http://a.example/",
                         "https://b.example/x/y?z=1#f", "http://c.example:8080/d/"])


@settings(max_examples=200, deadline=None)
@given(st.from_regex(plainurls.PLAIN_LINK, fullmatch=True), BASES)
def test_a_plain_url_survives_every_join_unchanged(url: str, base: str) -> None:
    assert plainurls.is_plain_url(url)
    assert _urljoin(base, url) == url
    assert make_safe_absolute_uri(base, url.strip()) == url
    assert absolutize(url, base) == url
    assert is_http_url(url)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(plainurls.COMMON_LINK, fullmatch=True))
def test_the_common_shape_of_a_link_is_a_plain_link(url: str) -> None:
    assert re.fullmatch(plainurls.PLAIN_LINK, url)
