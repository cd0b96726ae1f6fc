"""The application: ``create_app(mirror)`` gives the Starlette app of one mirror's
archive, its pages, its JSON API and its guard (``guard.py``)."""

from __future__ import annotations

import logging
from importlib.resources import files

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from newsmirror.config import Mirror
from newsmirror.errors import StoreError
from newsmirror.publish.labels import labels_for
from newsmirror.publish.mirror import site_settings
from newsmirror.publish.paths import UnsafePathError, media_path
from newsmirror.serve.api import Api
from newsmirror.serve.guard import Guard
from newsmirror.serve.pages import Pages
from newsmirror.serve.render import Renderer
from newsmirror.serve.stories import StoryPages
from newsmirror.serve.views import NotFoundError, ParameterError

_log = logging.getLogger("newsmirror.serve")


def create_app(mirror: Mirror, *, token: str | None = None, host: str = "127.0.0.1"
               ) -> Starlette:
    """The read-only web UI and JSON API of ``mirror``'s archive, as served on ``host``
    (without ``token``: a loopback address, and only its names are answered)."""
    site = site_settings(mirror)
    renderer = Renderer(site, labels_for(site.language))
    pages = Pages(mirror, renderer)
    api = Api(pages)
    stories = StoryPages(pages)
    stylesheets = {name: files(package).joinpath(name).read_bytes()
                   for package, name in (("newsmirror.site", "style.css"),
                                         ("newsmirror.serve", "serve.css"))}

    def stylesheet(request: Request) -> Response:
        return Response(stylesheets[request.url.path.lstrip("/")], media_type="text/css",
                        headers={"cache-control": "no-cache"})

    def media(request: Request) -> Response:
        """A local image copy (images = "local"), from the output folder's media/."""
        folder, name = request.path_params["folder"], request.path_params["name"]
        sha256, _, extension = name.partition(".")
        try:
            path = media_path(sha256, extension)
        except UnsafePathError:
            raise NotFoundError(f"no image {name}") from None
        target = mirror.output / path
        if path.parent.name != folder or not target.is_file():
            raise NotFoundError(f"no image {name}")
        return FileResponse(target)

    def refuse(request: Request, status: int, message: str) -> Response:
        return renderer.error(request, status, message)

    def failed(request: Request, exc: Exception) -> Response:
        if isinstance(exc, ParameterError):
            return refuse(request, 400, str(exc))
        if isinstance(exc, NotFoundError):
            return refuse(request, 404, str(exc))
        if isinstance(exc, StoreError):
            _log.warning("%s", exc)
            return refuse(request, 503, str(exc))
        assert isinstance(exc, HTTPException)
        return refuse(request, exc.status_code, exc.detail)

    routes = [
        Route("/", pages.front),
        Route("/search", pages.search),
        Route("/sources", pages.sources),
        Route("/sources/{name}", pages.source),
        Route("/days", pages.days),
        Route("/days/{day}", pages.day),
        Route("/articles/{id}", pages.article),
        Route("/articles/{id}/history", pages.history),
        Route("/stories", stories.listing),
        Route("/stories/{id}", stories.story),
        Route("/health", pages.health),
        Route("/api/search", api.search),
        Route("/api/articles/{id}", api.article),
        Route("/api/stories/{id}", stories.api),
        Route("/style.css", stylesheet),
        Route("/serve.css", stylesheet),
        Route("/media/{folder}/{name}", media),
    ]
    handled: list[type[Exception]] = [ParameterError, NotFoundError, StoreError, HTTPException]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard, token=token, host=host, refuse=refuse)],
        exception_handlers={kind: failed for kind in handled})
