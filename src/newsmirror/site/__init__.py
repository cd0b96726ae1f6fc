"""The static HTML site: the mirror as pages any browser reads, beside the markdown.

Self-contained and script-free but for its search page: relative links only (it works
from ``file://``, from ``/`` and under a sub-path), one small stylesheet of its own, no
request to another host unless a source's image policy hotlinks. ``site.mirror`` builds
it from the change feed, ``site.search`` its search index and page.
"""
