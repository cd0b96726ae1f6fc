"""Steps an upgrade of newsmirror makes to an existing archive that SQL alone cannot:
they need the mirror's configuration. Each is asked for by a migration (a flag in
``meta``), runs once, in one transaction, and keeps every revision and adds none."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsmirror.article import Article
from newsmirror.clean.neutral import neutral_html, unproxy
from newsmirror.dates import from_iso
from newsmirror.store.archive import Archive
from newsmirror.store.store import Store, content_hash


def open_archive(path: Path, image_proxies: Sequence[str] = (), *, readonly: bool = False
                 ) -> Archive:
    """The archive at ``path``, created, migrated and, where an earlier release left it
    so, converted to the neutral form (``image_proxies``: the proxy templates its images
    may have been stored through); ``readonly``: an archive that exists and is up to date,
    opened to read only."""
    if readonly:
        return Store(path, readonly=True)
    store = Store(path)
    try:
        neutralize(store, image_proxies)
    except BaseException:
        store.close()
        raise
    return store


def neutralize(store: Store, image_proxies: Sequence[str]) -> int:
    """Turn the display choices stored before schema 11 back into the article
    (``clean.neutral``), and hash every revision as it is now hashed; the number of
    revisions whose body or lead image changed."""
    if store.meta("neutral") != "to convert":
        return 0
    original = unproxy(image_proxies)
    changed = 0
    with store.transaction() as db:
        rows = db.execute("SELECT id, title, author, published, lead_image, caption, html "
                          "FROM revisions").fetchall()
        for row in rows:
            html = neutral_html(row["html"], original)
            lead_image = original(row["lead_image"]) or row["lead_image"]
            digest = content_hash(Article(
                url="", title=row["title"], html=html, text="", author=row["author"],
                published=from_iso(row["published"]), lead_image=lead_image,
                caption=row["caption"]))
            changed += html != row["html"] or lead_image != row["lead_image"]
            db.execute("UPDATE revisions SET html = ?, lead_image = ?, content_hash = ? "
                       "WHERE id = ?", (html, lead_image, digest, row["id"]))
        db.execute("UPDATE meta SET value = 'yes' WHERE key = 'neutral'")
    return changed
