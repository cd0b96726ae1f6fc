"""Every setting of newsmirror.toml in one place: key, type, default, help.

The loader validates against these tables, ``init`` writes them out as commented
defaults, and the README's configuration reference is checked against them by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsmirror.net.model import DEFAULT_USER_AGENT

DEFAULT_IMAGE_PROXY = "https://images.weserv.nl/?url={url_noscheme}"


@dataclass(frozen=True)
class Setting:
    """One key: its TOML type, default, the choices it allows, and a line of help."""

    key: str
    # str, int, float, bool, choice, regex, zone, url, proxy, schedule, retention, list, table
    type: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None


MIRROR = (
    Setting("title", "str", "newsmirror", "title of the mirror's home page"),
    Setting("language", "choice", "zh-Hans",
            "language of every label of the published pages (zh-Hans, zh-Hant, en)",
            choices=("zh-Hans", "zh-Hant", "en")),
    Setting("output", "str", "output",
            "folder of the published mirror, relative to the mirror folder"),
    Setting("home_limit", "int", 100, "articles listed on the home page", minimum=1),
    Setting("index_limit", "int", 30, "articles listed on each source's index page "
            "(README.md: the newest; all of them on its numbered pages, 30 a page)",
            minimum=1),
    Setting("image_proxy", "str", DEFAULT_IMAGE_PROXY,
            "URL template for images = \"proxy\": {url}, {url_noscheme} (both query-escaped)"),
    Setting("max_image_bytes", "int", 10_000_000,
            "largest image copied for images = \"local\", in bytes (a larger one keeps its "
            "original URL)", minimum=1024),
    Setting("recheck", "schedule", "1h for 1d, 1d for 30d",
            "when archived articles are fetched again for edits and deletions: EVERY for "
            "AGE, … (units m, h, d, w; \"off\": never)"),
)

NETWORK = (
    Setting("concurrency", "int", 8, "requests in flight at once, all hosts together",
            minimum=1),
    Setting("per_host", "int", 2, "requests in flight at once to one host (0: no limit)",
            minimum=0),
    Setting("host_delay", "float", 1.0,
            "seconds between the starts of two requests to one host (0: none)", minimum=0),
    Setting("connect_timeout", "float", 10.0, "seconds allowed for connecting",
            minimum=0.1),
    Setting("timeout", "float", 30.0, "seconds allowed for each read: headers, or the next "
            "piece of the body", minimum=0.1),
    Setting("total_timeout", "float", 120.0, "seconds allowed for a whole response, from "
            "connecting to the last byte (stops servers that trickle)", minimum=0.1),
    Setting("max_bytes", "int", 20_000_000,
            "largest body accepted, in bytes on the wire and after decompression",
            minimum=1024),
    Setting("max_redirects", "int", 10, "redirects followed for one URL (a loop is refused "
            "at once)", minimum=0),
    Setting("attempts", "int", 3, "tries of a request that cannot connect, is cut off, or "
            "answers 429 or 5xx", minimum=1),
    Setting("retry_backoff", "float", 1.0, "seconds before the first retry; doubled for each "
            "next one, with jitter", minimum=0),
    Setting("retry_max_wait", "float", 60.0, "longest wait before a retry; a server that asks "
            "(Retry-After) for longer is not retried in this run", minimum=0),
    Setting("user_agent", "str", DEFAULT_USER_AGENT, "User-Agent header sent with requests"),
    Setting("proxy", "proxy", "",
            "proxy for every request: http://, https://, socks5:// or socks5h://"),
    Setting("allow_private", "bool", False, "fetch from loopback, private, link-local and "
            "other non-public addresses (refused by default, so that no feed or redirect "
            "reaches into your own network)"),
    Setting("ca_bundle", "str", "", "extra CA certificates (PEM file) to trust"),
    Setting("resolve", "table", {},
            "pin hosts to addresses, like curl --connect-to: "
            "{ \"www.example.com\" = \"203.0.113.7:443\" }"),
)

SOURCE = (
    Setting("name", "str", None, "short id: lower-case letters, digits, - and _; names the "
            "source's folder in the mirror"),
    Setting("url", "url", None, "the feed, or the listing page for kind = \"page\""),
    Setting("kind", "choice", "feed", "feed (RSS, Atom, JSON Feed) or page (a listing page "
            "whose article links are followed)", choices=("feed", "page")),
    Setting("title", "str", "", "display name (default: the feed's title, else the name)"),
    Setting("language", "str", "zh-Hans", "language of the source's articles"),
    Setting("timezone", "zone", "UTC", "zone for dates that carry none (e.g. Asia/Shanghai)"),
    Setting("style", "str", "archive", "page style: archive, mirror, or the name of a "
            "template NAME.md.j2 in the mirror's templates/ folder"),
    Setting("byline", "bool", True, "show the publish time and author under the headline, "
            "and the link to the article's story (false: the page exactly as the seed "
            "mirrors write it)"),
    Setting("images", "choice", "keep", "keep image URLs, proxy them through [mirror] "
            "image_proxy, or local: download each image once into the mirror's media/ "
            "folder and point the pages to the copy", choices=("keep", "proxy", "local")),
    Setting("body", "choice", "auto", "where the article body comes from: auto (the feed "
            "when it carries the whole article, else the page), feed, or page",
            choices=("auto", "feed", "page")),
    Setting("links", "regex", "", "kind = \"page\": regular expression the article links "
            "must match"),
    Setting("tag_links", "regex", r"/tags?/", "mirror style: links matching this become "
            "inert <ok href> elements"),
    Setting("max_items", "int", 200, "newest items (by date; a listing page's first links) "
            "taken from the source per run; the run reports how many were left out",
            minimum=1),
    Setting("enabled", "bool", True, "false skips the source"),
    Setting("proxy", "proxy", "", "proxy for this source's requests, instead of [network] "
            "proxy: http://, https://, socks5:// or socks5h://"),
    Setting("robots", "bool", False, "obey the site's robots.txt (RFC 9309) for this "
            "source's requests"),
    Setting("nav", "list", [], "mirror style: navigation links, a list of { text, href }; "
            "href may use {root} (the mirror's top folder), {slug}, {id} and {url}"),
    Setting("rule", "table", {}, "extraction rule: CSS selectors (see [sources.rule])"),
)

ARCHIVE = (
    Setting("keep_captures", "retention", "90d",
            "how long the run captures in data/warc are kept: an age (90d, 12w), a size "
            "(5GB), both (\"90d, 5GB\"), or \"all\"; a capture that reprocess needs for "
            "the current revisions is always kept"),
)

PUBLISH = (
    Setting("base_url", "str", "",
            "the address the output folder is served at (ending in /), e.g. "
            "https://example.github.io/mirror/: feeds link to the mirror's pages with it; "
            "without it they link to the originals"),
    Setting("feed_limit", "int", 50,
            "articles in each outgoing feed (Atom, RSS, JSON Feed), newest first", minimum=1),
    Setting("remotes", "list", [],
            "git remotes that every run (and publish --push) commits the published mirror "
            "to and pushes it to: a remote's name in the publishing repository (origin) or "
            "its address (https://host/me/mirror.git, git@host:me/mirror.git, a path); "
            "never with credentials: git's credential helper, SSH keys or the environment "
            "give them"),
    Setting("commit", "choice", "output",
            "what the publishing commit holds: \"output\" (the output folder, in the git "
            "repository it is in, or one made in it) or \"mirror\" (the mirror folder's "
            "repository: the output folder and the archive's database, so that a CI job's "
            "next run knows what it has seen)", choices=("output", "mirror")),
    Setting("push_timeout", "float", 600.0,
            "seconds one push may take before it is stopped and counted as failed",
            minimum=1),
    Setting("search", "bool", True,
            "give the static site a search page (a Pagefind index of every article, "
            "traditional and simplified Chinese found alike); false: none"),
)

RULE = (
    Setting("body", "str", "", "the element holding the article body"),
    Setting("title", "str", "", "the headline"),
    Setting("date", "str", "", "the publish time (datetime or content attribute, or text)"),
    Setting("author", "str", "", "the author's name"),
    Setting("lead_image", "str", "", "the lead image (an <img>, or an element holding one)"),
    Setting("caption", "str", "", "the lead image's caption"),
    Setting("drop", "list", [], "elements removed from the body before cleaning (from a "
            "full-text feed item too)"),
)

TABLES: dict[str, tuple[Setting, ...]] = {
    "mirror": MIRROR,
    "archive": ARCHIVE,
    "publish": PUBLISH,
    "network": NETWORK,
    "sources": SOURCE,
    "sources.rule": RULE,
}
