"""The one place third-party HTML is made safe: nh3 (ammonia) with an article allowlist.

No scripts, styles, frames, forms, event handlers or non-http(s) URLs survive. ``<ok>``
is allowed: it is the mirror style's inert link, an element no browser acts on.
"""

from __future__ import annotations

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ok", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "wbr",
})
ATTRIBUTES = {
    "*": {"style"},
    "a": {"href", "title"},
    "ok": {"href"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
STYLE_PROPERTIES = frozenset({"color", "text-align", "font-weight", "font-style",
                              "text-decoration"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Elements removed with everything inside them: their content is code, widgets or
# fallback markup, never article text.
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "form", "button", "input", "select", "textarea", "svg", "math",
    "canvas", "audio", "video", "link", "meta", "head", "title", "dialog",
})


def sanitize(html: str) -> str:
    """Return ``html`` with only allowed elements, attributes, styles and URL schemes."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
