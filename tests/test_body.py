"""The generic body extractor: trafilatura selects the text, the page keeps its markup."""

from __future__ import annotations

import html

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmirror.extract.article import parse_html
from newsmirror.extract.body import extract_body, normalized

PARAGRAPHS = [
    "The council voted on Monday to close the old bridge for repairs after engineers "
    "found cracks in two of its supporting piers during a routine inspection.",
    "Residents will have to use the ferry or drive twenty minutes around the lake while "
    "the work goes on, which the city expects to last until the end of next summer.",
    "The mayor said the decision was difficult but that nobody should have to cross a "
    "bridge that its own engineers no longer trust, and promised a weekly update.",
    "Local shops near the bridge worry about losing customers and asked the council for "
    "help with signs that point drivers to the detour and to free parking nearby.",
]


def page(article: str, extra: str = "") -> str:
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    related = "".join(f'<li><a href="/r{i}">Related story number {i} about something else</a>'
                      "</li>" for i in range(6))
    return (f"<html><head><title>Bridge closes | Daily</title></head><body>"
            f"<nav><ul>{menu}</ul></nav><header><h1>Bridge closes</h1></header>"
            f'<article><div class="story">{article}</div></article>'
            f'<aside class="related"><h3>Related</h3><ul>{related}</ul></aside>{extra}'
            f"<footer><p>Copyright Daily News, all rights reserved.</p></footer></body></html>")


def body_of(html: str, title: str = "Bridge closes") -> lxml.html.HtmlElement:
    result = extract_body(parse_html(html), title)
    assert result is not None
    return lxml.html.fragment_fromstring(result, create_parent="div")


def test_keeps_the_page_markup_links_and_images_between_paragraphs() -> None:
    before, after = PARAGRAPHS[1].split("the ferry")
    article = (f"<p>{PARAGRAPHS[0]}</p><p>{before}<a href='/ferry'>the ferry</a>{after}</p>"
               f"<figure><img src='/bridge.jpg'><figcaption>"
               f"The bridge</figcaption></figure><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>")
    body = body_of(page(article))
    text = normalized(body.text_content())
    for paragraph in PARAGRAPHS:
        assert normalized(paragraph) in text
    assert [a.get("href") for a in body.iter("a")] == ["/ferry"]
    assert [img.get("src") for img in body.iter("img")] == ["/bridge.jpg"]
    assert "Related story" not in body.text_content()
    assert "Section 3" not in body.text_content()
    assert "Copyright" not in body.text_content()


def test_the_headline_is_not_repeated_in_the_body() -> None:
    article = "<h2>Bridge closes</h2>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = body_of(page(article))
    assert "Bridge closes" not in body.text_content()


def test_a_paragraph_of_br_lines_is_kept_whole() -> None:
    article = "<p>" + "<br>".join(PARAGRAPHS[:3]) + "</p>" + f"<p>{PARAGRAPHS[3]}</p>"
    body = body_of(page(article))
    assert all(normalized(p) in normalized(body.text_content()) for p in PARAGRAPHS)


def test_a_page_that_repeats_its_article_publishes_it_once() -> None:
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    hidden_copy = f'<div class="amp-copy" hidden>{article}</div>'
    body = body_of(page(article, hidden_copy))
    assert normalized(body.text_content()).count(normalized(PARAGRAPHS[0])) == 1


def test_a_page_without_text() -> None:
    assert extract_body(parse_html("<html><body><img src='a.jpg'></body></html>")) is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8),
       st.sampled_from(["p", "div", "li", "span", "h2", "blockquote"]))
def test_every_kept_block_is_text_of_the_page(texts: list[str], tag: str) -> None:
    """Whatever surrounds the article, the body is made of the page's own blocks."""
    noise = "".join(f"<{tag}>{html.escape(text)}</{tag}>" for text in texts)
    source = page(noise + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    result = extract_body(parse_html(source), "Bridge closes")
    assert result is not None
    page_text = normalized(parse_html(source).text_content())
    for block in lxml.html.fragment_fromstring(result, create_parent="div"):
        assert normalized(block.text_content()) in page_text
