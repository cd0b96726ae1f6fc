"""Pages as the static site draws them: the site's own templates and stylesheet, with a
base of ``serve``'s that adds a search box and links to the server's own pages.

The site's templates are found by their own names (``article.html.j2``) and by
``site/…`` (so that ``serve``'s ``base.html.j2`` can extend the site's while the site's
pages, which extend ``base.html.j2``, get ``serve``'s). Everything is autoescaped; an
article's body was sanitized before it was stored and is shown by the site's display
rules (``publish.display``).
"""

from __future__ import annotations

from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from newsmirror.publish.model import SiteSettings
from newsmirror.serve.guard import CSP, OWN_IMAGES

_TITLES = {400: "bad_request", 401: "token_needed", 404: "not_found", 503: "unavailable"}


class Renderer:
    """Renders ``serve``'s pages, and the answers to what went wrong."""

    def __init__(self, site: SiteSettings, labels: dict[str, str]) -> None:
        self.site = site
        self.labels = labels
        site_templates = PackageLoader("newsmirror.site", "templates")
        self.environment = Environment(
            autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            loader=ChoiceLoader([PackageLoader("newsmirror.serve", "templates"),
                                 PrefixLoader({"site": site_templates}), site_templates]))

    def page(self, template: str, context: dict[str, Any], *, status: int = 200,
             images: str = OWN_IMAGES) -> HTMLResponse:
        """The page ``template`` shows ``context``; ``images``: where its images may come
        from (the response's Content-Security-Policy)."""
        values = {"site": self.site, "labels": self.labels, "root": "",
                  "lang": self.site.language, "csp": "", "query": "", **context}
        text = self.environment.get_template(template).render(values)
        return HTMLResponse(text, status_code=status,
                            headers={"content-security-policy": CSP.format(images=images)})

    def error(self, request: Request, status: int, message: str) -> Response:
        """What went wrong: JSON under ``/api/``, a page elsewhere; never a traceback."""
        if is_api(request):
            return JSONResponse({"error": message}, status_code=status)
        title = self.labels.get(_TITLES.get(status, ""), "") or f"HTTP {status}"
        if status == 401:
            message = self.labels["token_help"]
        return self.page("error.html.j2", {"title": title, "message": message,
                                           "status": status}, status=status)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")
