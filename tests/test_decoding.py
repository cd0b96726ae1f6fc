"""Pages that are odd but not broken: XHTML with an XML declaration, UTF-8 with a few bad
bytes, soft hyphens, line breaks inside ``<pre>`` (issue 15.2). Each property states what a
reader must get, over many generated pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsmirror.clean.layout import plain_text
from newsmirror.errors import ExtractError
from newsmirror.extract.document import extract_document
from newsmirror.fragments import parse_fragment
from newsmirror.ingest.listing import discover_links
from newsmirror.text.encoding import decode

# Words of real prose in the scripts the mirrors carry.
_CHINESE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                   min_size=30, max_size=200)
_LATIN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéèàç", min_size=2, max_size=12)
_SENTENCE = st.lists(_LATIN_WORD, min_size=20, max_size=60).map(" ".join)
_XML_ENCODINGS = ("utf-8", "UTF-8", "iso-8859-1", "windows-1252", "utf-16")


def _xhtml(encoding: str, title: str, paragraph: str) -> bytes:
    page = (f'<?xml version="1.0" encoding="{encoding}"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            f'<title>{title}</title></head><body><article><h1>{title}</h1>'
            f'<p>{paragraph}</p><p>{paragraph[::-1]}</p></article></body></html>')
    codec = "utf-8" if encoding.lower() == "utf-8" else encoding
    return page.encode(codec, errors="xmlcharrefreplace")


@settings(max_examples=40, deadline=None)
@given(encoding=st.sampled_from(_XML_ENCODINGS), paragraph=_SENTENCE)
def test_an_xhtml_page_with_an_encoding_declaration_extracts(encoding: str,
                                                             paragraph: str) -> None:
    article = extract_document(_xhtml(encoding, "Ein Titel", paragraph),
                               "https://example.org/a.html")
    assert article.title == "Ein Titel"
    assert paragraph in article.text


def test_a_listing_page_in_xhtml_gives_its_links() -> None:
    page = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            '<body><a href="/news/1.html">one</a><a href="/about">about</a></body></html>')
    listing = discover_links(page, "https://example.org/", r"/news/")
    assert [entry.link for entry in listing.entries] == ["https://example.org/news/1.html"]


@settings(max_examples=80, deadline=None)
@given(text=_CHINESE, data=st.data())
def test_utf8_with_a_few_bad_bytes_is_utf8_with_those_bytes_replaced(text: str,
                                                                     data: st.DataObject
                                                                     ) -> None:
    positions = data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=4,
                                   unique=True))
    bad = data.draw(st.lists(st.integers(0x80, 0xFF), min_size=len(positions),
                             max_size=len(positions)))
    body = bytearray()
    for index, char in enumerate(text + "\0"):
        for position, byte in zip(positions, bad, strict=True):
            if position == index:
                body.append(byte)
        if index < len(text):
            body.extend(char.encode("utf-8"))
    html = b"<html><head><meta charset='utf-8'></head><body><p>" + bytes(body) + b"</p>"
    decoded, encoding = decode(html, "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert decoded.count("\ufffd") == len(positions)
    assert text in decoded.replace("\ufffd", "")


@settings(max_examples=60, deadline=None)
@given(text=_CHINESE, declared=st.sampled_from(["gbk", "gb2312", "gb18030"]),
       in_header=st.booleans())
def test_declared_gbk_text_is_never_taken_for_utf8(text: str, declared: str,
                                                   in_header: bool) -> None:
    """Not even text that happens to be valid UTF-8 (一 is D2 BB: "һ" in UTF-8)."""
    meta = "" if in_header else f"<meta charset='{declared}'>"
    body = f"<html><head>{meta}</head><body><p>{text}</p></body></html>".encode("gb18030")
    decoded, _ = decode(body, f"text/html; charset={declared}" if in_header else None)
    assert text in decoded


@settings(max_examples=60, deadline=None)
@given(text=_SENTENCE)
def test_latin_text_in_a_single_byte_encoding_stays_itself(text: str) -> None:
    body = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    decoded, _ = decode(body, "text/html; charset=windows-1252")
    assert text in decoded


@settings(max_examples=80, deadline=None)
@given(words=st.lists(_LATIN_WORD, min_size=1, max_size=30), data=st.data())
def test_soft_hyphens_never_stay_inside_words_of_the_text(words: list[str],
                                                          data: st.DataObject) -> None:
    hyphenated = []
    for word in words:
        cut = data.draw(st.integers(0, len(word)))
        hyphenated.append(word[:cut] + "\u00ad" + word[cut:])
    text = plain_text(parse_fragment(f"<p>{' '.join(hyphenated)}</p>"))
    assert "\u00ad" not in text
    assert text == " ".join(words)


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(st.text(alphabet="abcdefghij0123456789_=();.+", min_size=1,
                              max_size=30), min_size=2, max_size=12),
       nested=st.booleans())
def test_a_line_break_inside_pre_separates_lines_of_the_text(lines: list[str],
                                                             nested: bool) -> None:
    joined = "<br>".join(lines)
    body = f"<pre><code>{joined}</code></pre>" if nested else f"<pre>{joined}</pre>"
    assert plain_text(parse_fragment(f"<p>Listing:</p>{body}")).split("\n") == [
        "Listing:", *lines]


def test_code_lines_split_by_br_come_out_as_lines_through_extraction() -> None:
    code = ["import sys", "def main():", "    print(sys.argv)", "main()"]
    prose = " ".join(["This sentence explains the program below in some detail."] * 6)
    page = (f"<html><head><title>How to</title></head><body><article><h1>How to</h1>"
            f"<p>{prose}</p><pre>{'<br>'.join(code)}</pre><p>{prose}</p></article>"
            "</body></html>")
    article = extract_document(page.encode(), "https://example.org/how-to")
    lines = article.text.split("\n")
    assert [line.strip() for line in code] == [line for line in lines if line in
                                               {c.strip() for c in code}]


_TAGS = st.sampled_from(["p", "div", "table", "tr", "td", "pre", "br", "a", "h1", "script",
                         "article", "li", "font", "span", "?xml", "!--", "meta", "title"])
_PIECES = st.one_of(
    _TAGS.map(lambda tag: f"<{tag}>"), _TAGS.map(lambda tag: f"</{tag}>"),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["&amp;", "&#0;", "&#xD800;", "\x00", "\x0c", "\u00ad", "\ufeff",
                     '<a href="javascript:x">', '<img src="data:,">', "<![CDATA[", "]]>"]))


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=60),
       encoding=st.sampled_from(["utf-8", "gb18030", "big5", "cp1252", "utf-16"]))
def test_any_bytes_give_an_article_or_a_reason_never_an_exception(pieces: list[str],
                                                                  encoding: str) -> None:
    """Issue 15: every page extracts without an exception; what is no article says why."""
    body = "".join(pieces).encode(encoding, errors="replace")
    try:
        article = extract_document(body, "https://example.org/a")
    except ExtractError as exc:
        assert str(exc)
    else:
        assert article.text or article.html is not None
