"""``newsmirror serve``: a read-only local web UI of the archive (search with filters,
sources and days, articles with their revisions and word diffs, the sources' health)
and a JSON API for scripts — the static site's templates and display rules, served by
Starlette and uvicorn. ``guard`` says who may ask; ``app`` puts it together."""

from newsmirror.serve.app import create_app
from newsmirror.serve.guard import BindError, check_bind, is_loopback

__all__ = ["BindError", "check_bind", "create_app", "is_loopback"]
