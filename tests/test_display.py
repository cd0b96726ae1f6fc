"""What one output shows of the archive's neutral article: the mirror style's inert tag
links and the image policy, applied when a page renders, never stored."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsmirror.article import Article
from newsmirror.clean import clean_article
from newsmirror.publish.display import Display, proxied
from test_clean import HTML_PIECES, UNSAFE_TAG

URL = "https://news.example/a/b.html"
TAGS = re.compile(r"/tags?/")
PROXY = "https://images.weserv.nl/?url={url_noscheme}"


def cleaned(html: str) -> str:
    return clean_article(Article(url=URL, title="t", html=html)).html


def test_the_mirror_style_makes_tag_links_inert_and_keeps_only_their_target() -> None:
    html = cleaned('<p><a href="/gb/tag/x.html" title="X" target="_blank">x</a> '
                   '<a href="https://other.example/story">y</a></p>')
    assert Display(TAGS).body(html) == (
        '<p><ok href="https://news.example/gb/tag/x.html">x</ok> '
        '<a href="https://other.example/story" rel="noopener noreferrer">y</a></p>')
    assert Display().body(html) is html


def test_images_through_the_proxy() -> None:
    html = cleaned('<p><img src="//static.dw.com/image/1_303.jpg?a=1&b=2" srcset="x 2x"></p>')
    display = Display(image=lambda url: proxied(url, PROXY))
    assert display.body(html) == (
        '<p><img src="https://images.weserv.nl/?url=static.dw.com/image/1_303.jpg%3Fa%3D1%26b%3D2">'
        "</p>")
    assert display.lead_image("https://n.example/lead.jpg") == (
        "https://images.weserv.nl/?url=n.example/lead.jpg")
    assert proxied("https://a.example/x.png", "https://p.example/i?src={url}") == (
        "https://p.example/i?src=https://a.example/x.png")


@settings(max_examples=300, deadline=None)
@given(st.lists(HTML_PIECES, max_size=30).map("".join))
def test_a_display_adds_nothing_unsafe_and_no_display_changes_nothing(html: str) -> None:
    stored = cleaned(html)
    assert Display().body(stored) is stored
    for display in (Display(re.compile(".")), Display(image=lambda url: proxied(url, PROXY))):
        shown = display.body(stored)
        assert not UNSAFE_TAG.search(shown), shown
        assert "\n\n" not in shown
