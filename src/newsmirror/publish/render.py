"""Render pages with Jinja2: built-in styles, overridable by the mirror's templates/.

Autoescaping is on: every value is HTML-escaped unless it is the article body, which the
clean stage has already sanitized and hands over as safe markup. Two filters make text
and URLs safe inside markdown syntax as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)
from markupsafe import Markup, escape

# Markdown punctuation that could start emphasis, links, code, tables or escapes; written
# as numeric character references, which every renderer shows as the character itself.
_MARKDOWN_SPECIALS = {ch: f"&#{ord(ch)};" for ch in "\\`*_[]|~"}
_URL_UNSAFE = re.compile(r"[\s()<>\"'\\]")
# What starts a block at a line's beginning: #, -, +, =, a number with . or ) (a list).
_BLOCK_START = re.compile(r"[#+=-]|\d{1,9}[.)](?=\s|$)")
# GitHub's autolinks: a scheme's colon, www's dot, an address's @ (then not a link).
_AUTOLINK = re.compile(r"(?i)(?:(?<=\bhttp)|(?<=\bhttps)|(?<=\bftp)):(?=//)"
                       r"|(?<=\bwww)\.|(?<=\w)@(?=\w)")


def markdown_text(value: object) -> Markup:
    """Text that renders as itself in markdown and HTML (titles, captions, names)."""
    return escape_markdown(" ".join(str(value).split()))


def markdown_block(value: object) -> Markup:
    """:func:`markdown_text` that may begin a line (a list item's, a quote's) and stands
    outside a link: a first character that would start a heading, a list, a quote or a
    rule, and what GitHub would turn into a link by itself (``https://``, ``www.``, an
    e-mail address), are written as character references, never read as syntax."""
    text = _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", str(markdown_text(value)))
    if _BLOCK_START.match(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return Markup(text)  # noqa: S704 - escaped above; the rest are character references


def escape_markdown(text: str) -> Markup:
    """``text`` HTML-escaped, and its markdown punctuation written as character
    references; spaces are kept as they are."""
    escaped = str(escape(text))
    # Safe: HTML-escaped above, and the replacements are character references.
    return Markup("".join(_MARKDOWN_SPECIALS.get(ch, ch) for ch in escaped))  # noqa: S704


def markdown_url(value: object) -> Markup:
    """A URL usable as a markdown link target: spaces, brackets and quotes escaped."""
    # Safe: every character that could end the attribute or the markdown link is escaped.
    return Markup(_URL_UNSAFE.sub(_percent, str(value)))  # noqa: S704


def _percent(match: re.Match[str]) -> str:
    return f"%{ord(match.group(0)):02X}"


def make_environment(templates: Path | None = None) -> Environment:
    """A Jinja2 environment that looks in ``templates`` first, then the built-in styles."""
    loaders: list[BaseLoader] = []
    if templates is not None and templates.is_dir():
        loaders.append(FileSystemLoader(templates))
    loaders.append(PackageLoader("newsmirror.publish", "templates"))
    environment = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["md"] = markdown_text
    environment.filters["md_url"] = markdown_url
    environment.filters["md_block"] = markdown_block
    return environment


def render(environment: Environment, template: str, context: dict[str, Any]) -> str:
    """Render ``template`` and end it with exactly one newline."""
    return environment.get_template(template).render(context).rstrip("\n") + "\n"
