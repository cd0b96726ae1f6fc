"""A mirror for ``newsmirror serve``'s tests (the static site's test mirror, indexed for
search, with a source that fails and an item that could not be had), and a real uvicorn
server on a free port of 127.0.0.1 in a thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from starlette.types import ASGIApp

from newsmirror.config import Mirror
from newsmirror.search.index import search_database_path, update_index
from newsmirror.serve.server import address, bind, server
from newsmirror.store import Store
from sites import site_mirror

FAILING_ITEM = "https://local.example/n/broken?<b>x</b>"


def serve_mirror(folder: Path) -> Mirror:
    mirror = site_mirror(folder)
    now = datetime.now(UTC)
    with Store(mirror.paths.database) as store:
        store.record_source_success("dw", "https://rss.dw.com/rdf/rss-chi-all", now,
                                    title="DW 中文")
        store.record_source_success("local", "https://local.example/feed", now)
        store.record_source_error("local", "https://local.example/feed", now,
                                  "HTTP 503 <script>x</script>", whole_source=True,
                                  backoff=lambda failures: timedelta(hours=2))
        store.failures.record("local", FAILING_ITEM, now, "HTTP 404", 404,
                              lambda attempts: timedelta(minutes=30))
        update_index(store, search_database_path(mirror.paths.data))
    return mirror


@contextlib.contextmanager
def running(app: ASGIApp) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 in a thread; yields its base URL (without
    the final /). The socket listens before the thread starts: a request made at once
    waits for the server rather than failing."""
    listener = bind("127.0.0.1", 0)
    uvicorn_server = server(app)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listener]},
                              daemon=True)
    thread.start()
    try:
        yield address(listener).rstrip("/")
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=30)
        listener.close()
