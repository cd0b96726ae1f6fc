"""Outgoing feeds: Atom, RSS 2.0 and JSON Feed 1.1, full text, written from one model.

Written here with lxml and json rather than with a feed library: the one maintained for
Python (feedgen) ships as a source archive only, which an older pip must build, and it
writes no JSON Feed; the three formats are a few dozen elements each, and lxml escapes
every text and attribute, so no title, URL or body can break out of its element.
"""

from newsmirror.syndication.atom import atom_feed
from newsmirror.syndication.jsonfeed import json_feed
from newsmirror.syndication.model import FeedEntry, FeedInfo
from newsmirror.syndication.rss import rss_feed

__all__ = ["FeedEntry", "FeedInfo", "atom_feed", "json_feed", "rss_feed"]
