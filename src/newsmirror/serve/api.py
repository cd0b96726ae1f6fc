"""``serve``'s JSON API, for researchers' scripts: the search as ``newsmirror search
--json`` gives it, and an article as a line of ``newsmirror export --jsonl`` (every
revision with its text and HTML, and the events of its page). Errors are JSON too:
``{"error": "…"}`` with the HTTP status that says what kind (400, 401, 404, 503)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from newsmirror.records import article_json
from newsmirror.search.query import QueryError
from newsmirror.search.results import hit_json, search
from newsmirror.serve.pages import Pages
from newsmirror.serve.views import NotFoundError, ParameterError, article_id, search_args

API_LIMIT, API_MAX = 20, 100  # hits a search gives by default, and at most


class Api:
    """The JSON endpoints, over the same archive and index as the pages."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    def search(self, request: Request) -> Response:
        args = search_args(request.query_params, limit=API_LIMIT, max_limit=API_MAX,
                           paged=False)
        if not args.query:
            raise ParameterError("q: the words to find (/api/search?q=北约)")
        if not self.pages.index_path.exists():
            return JSONResponse({"error": "no search index yet: 'newsmirror index' makes "
                                 "it (and every run keeps it up to date)"}, status_code=503)
        with self.pages.archive() as store:
            try:
                results = search(store, self.pages.index_path, args.query, args.filters,
                                 args.limit, args.offset)
            except QueryError as exc:
                raise ParameterError(f"the query cannot be read: {exc}") from None
        return JSONResponse({"query": args.query, "total": results.total,
                             "more": results.more, "offset": args.offset,
                             "limit": args.limit,
                             "hits": [hit_json(hit) for hit in results.hits]})

    def article(self, request: Request) -> Response:
        identifier = article_id(request.path_params["id"])
        with self.pages.archive() as store:
            found = store.reader.history(identifier)
        if found is None:
            raise NotFoundError(f"no article {identifier}")
        return JSONResponse(article_json(found))

