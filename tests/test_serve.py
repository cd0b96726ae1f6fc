"""``newsmirror serve`` (issue 17.3, 17.4): its pages, its JSON API, the headers of every
answer, the token, and the refusal to listen beyond this machine without one."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import httpx
import pytest
from typer.testing import CliRunner

from mirrors import make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.config import Mirror
from newsmirror.serve import BindError, check_bind, create_app, is_loopback
from newsmirror.serve.guard import COOKIE
from newsmirror.urls import article_id
from serving import FAILING_ITEM, running, serve_mirror
from sites import CONFIG

EDITED = article_id("https://www.dw.com/zh/a-64")
REMOVED = article_id("https://www.dw.com/zh/a-63")
TOKEN = "s3cret-token-of-the-operator"


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Mirror:
    return serve_mirror(tmp_path_factory.mktemp("serve") / "m")


@pytest.fixture(scope="module")
def client(mirror: Mirror) -> Iterator[httpx.Client]:
    """A client of the mirror's server, running (uvicorn) on 127.0.0.1."""
    with running(create_app(mirror)) as base, httpx.Client(base_url=base) as http:
        yield http


@contextlib.contextmanager
def client_of(app: Any, **options: Any) -> Iterator[httpx.Client]:
    with running(app) as base, httpx.Client(base_url=base, **options) as http:
        yield http


def text(client: httpx.Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.text)
    return response.text


def test_every_page_answers_with_the_security_headers(client: httpx.Client) -> None:
    paths = ["/", "/search", "/search?q=北约", "/sources", "/sources/dw", "/sources/dw?page=2",
             "/days", "/days/2022-01-11", f"/articles/{EDITED}", f"/articles/{EDITED}/history",
             "/health", "/style.css", "/serve.css", "/api/search?q=北约",
             f"/api/articles/{EDITED}", "/nowhere", "/search?q=%22", "/api/articles/x"]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        csp = response.headers["content-security-policy"]
        for directive in ("default-src 'none'", "script-src 'none'", "form-action 'self'",
                          "base-uri 'none'", "frame-ancestors 'none'", "object-src 'none'"):
            assert directive in csp, (path, csp)
        assert "img-src 'self' data:" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        assert "server" not in response.headers
        if response.headers["content-type"].startswith("text/html"):
            assert "<script" not in response.text
            assert 'http-equiv="Content-Security-Policy"' not in response.text


def test_only_hotlinking_sources_pages_allow_images_from_elsewhere(client: httpx.Client) -> None:
    keep = client.get(f"/articles/{EDITED}").headers["content-security-policy"]
    assert "img-src 'self' data: https: http:" in keep
    local = article_id("https://local.example/n/1")
    page = client.get(f"/articles/{local}")
    assert "img-src 'self' data:;" in page.headers["content-security-policy"]
    # the local copy is shown from this server, and is there
    image = re.search(r'<figure class="lead"><img src="([^"]+)"', page.text)
    assert image is not None and image.group(1).startswith("/media/")
    copy = client.get(image.group(1))
    assert copy.status_code == 200 and copy.headers["content-type"] == "image/png"
    assert client.get("/media/ab/../../newsmirror.toml").status_code == 404
    assert client.get("/media/00/" + "0" * 64 + ".png").status_code == 404


def test_search_finds_simplified_and_traditional_alike_with_marks(client: httpx.Client) -> None:
    simplified, traditional = text(client, "/search?q=北约"), text(client, "/search?q=北約")
    total = re.compile(r"找到 (\d+)")
    assert total.findall(simplified) == total.findall(traditional) == ["65"]
    assert "<mark>北约</mark>" in simplified
    assert "下一页" in simplified  # 65 hits, 20 a page
    second = text(client, "/search?q=北约&page=2")
    assert "21–40" in second and 'rel="prev"' in second
    assert '<input type="search" name="q" value="北约"' in second


def test_search_filters(client: httpx.Client) -> None:
    def found(query: str) -> list[str]:
        return re.findall(r'<a href="/articles/([0-9a-f]{16})">', text(client, query))

    assert found("/search?q=北约&status=removed") == [REMOVED]
    assert found("/search?q=北约&status=edited") == [EDITED]
    assert found("/search?q=北约&source=local") == []
    assert found("/search?q=图片&source=local")
    assert "找到 22 " in text(client, "/search?q=北约&since=2022-01-12&until=2022-01-12")
    page = text(client, "/search?q=北约&source=dw&status=removed&since=2022-01-01")
    assert '<option value="dw" selected>' in page
    assert '<option value="removed" selected>' in page
    assert 'name="since" value="2022-01-01"' in page


@pytest.mark.parametrize(("query", "says"), [
    ("/search?q=%22日内瓦", "a quoted phrase is not closed"),
    ("/search?q=(北约", "("),
    ("/search?q=北约&status=gone", "status gone: one of live, removed, edited"),
    ("/search?q=北约&since=2022-1-1", "since 2022-1-1: a day as YYYY-MM-DD"),
    ("/search?q=北约&page=0", "page 0: a whole number"),
    ("/search?q=" + "北" * 501, "at most 500 characters"),
])
def test_a_query_that_cannot_be_read_is_a_clear_400(client: httpx.Client, query: str,
                                                   says: str) -> None:
    page = text(client, query, 400)
    assert says in page.replace("&#34;", '"').replace("&#39;", "'")
    assert "Traceback" not in page and "<html" in page


def test_sources_days_and_their_pages(client: httpx.Client) -> None:
    sources = text(client, "/sources")
    assert '<a href="/sources/dw">德国之声</a> · 65 篇' in sources
    index = text(client, "/sources/dw")
    assert index.count('<li><time>') == 30 and "北约第64次会谈" in index
    assert 'href="/sources/dw?page=2" rel="next"' in index
    first = text(client, "/sources/dw?page=1")
    assert "北约第0次会谈" in first and "北约第64次会谈" not in first
    days = text(client, "/days")
    assert '<a href="/days/2022-01-10">2022-01-10</a>' in days
    day = text(client, "/days/2022-01-10")
    assert '<span class="outlet">德国之声</span>' in day
    text(client, "/sources/nope", 404)
    text(client, "/days/2022-13-01", 404)
    text(client, "/sources/dw?page=9", 400)


def test_an_article_lists_its_revisions_and_shows_an_earlier_one(client: httpx.Client) -> None:
    latest = text(client, f"/articles/{EDITED}")
    assert "维也纳" in latest and '<ol class="revisions">' in latest
    assert latest.count('<li class="current" aria-current="page">') == 1
    assert f'href="/articles/{EDITED}/history"' in latest
    earlier = text(client, f"/articles/{EDITED}?revision=1")
    assert "日内瓦" in earlier and "维也纳" not in earlier.split('<section class="revisions">')[0]
    assert "正在查看旧版本" in earlier
    text(client, f"/articles/{EDITED}?revision=3", 400)
    text(client, "/articles/0000000000000000", 404)


def test_removed_at_source_is_marked(client: httpx.Client) -> None:
    page = text(client, f"/articles/{REMOVED}")
    assert '<p class="notice removed">原文已被删除' in page
    assert "原文已被删除" in text(client, f"/articles/{REMOVED}/history")


def test_history_shows_the_word_diff(client: httpx.Client) -> None:
    page = text(client, f"/articles/{EDITED}/history")
    assert "<del>日内瓦</del>" in page and "<ins>维也纳</ins>" in page


def test_health_shows_each_source_and_its_failing_items(client: httpx.Client) -> None:
    page = text(client, "/health")
    local = page.split('id="local"')[1]
    assert "HTTP 503 &lt;script&gt;x&lt;/script&gt;" in local
    assert 'class="resting"' in local  # resting until the backoff ends
    assert "https://local.example/n/broken?&lt;b&gt;x&lt;/b&gt;" in local
    assert "1 次尝试" in local and "下次重试" in local
    assert 'class="ok"' in page.split('id="dw"')[1].split("</section>")[0]
    assert FAILING_ITEM not in page


def test_the_api_search_gives_what_search_json_gives(client: httpx.Client,
                                                     mirror: Mirror) -> None:
    answer = client.get("/api/search", params={"q": "北約", "status": "edited"})
    assert answer.headers["content-type"] == "application/json"
    cli = CliRunner().invoke(app, ["search", "北約", "--status", "edited", "--json",
                                   "--dir", str(mirror.paths.root)])
    expected = json.loads(cli.stdout)
    got = answer.json()
    assert got.pop("limit") == 20
    assert got == expected
    assert got["hits"][0]["id"] == EDITED
    paged = client.get("/api/search?q=北约&limit=5&offset=60").json()
    assert paged["total"] == 65 and len(paged["hits"]) == 5


def test_the_api_article_is_the_exported_line(client: httpx.Client, mirror: Mirror) -> None:
    got = client.get(f"/api/articles/{EDITED}").json()
    exported = CliRunner().invoke(app, ["export", "--jsonl", "--dir", str(mirror.paths.root)])
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert got == next(line for line in lines if line["id"] == EDITED)
    assert [r["text"] for r in got["revisions"]][1].count("维也纳") == 1
    assert "html" in got["revisions"][0]
    removed = client.get(f"/api/articles/{REMOVED}").json()
    assert removed["status"] == "removed" and removed["events"][0]["kind"] == "removed"


@pytest.mark.parametrize(("path", "status", "says"), [
    ("/api/search", 400, "q: the words to find"),
    ("/api/search?q=%22x", 400, "a quoted phrase is not closed"),
    ("/api/search?q=x&limit=500", 400, "limit 500"),
    ("/api/articles/0123456789abcdef", 404, "no article"),
    ("/api/nothing", 404, "Not Found"),
])
def test_api_errors_are_json(client: httpx.Client, path: str, status: int, says: str) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    assert says in answer.json()["error"]


def test_without_an_index_search_says_how_to_make_one(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "m", CONFIG)
    mirror.open_store().close()
    with client_of(create_app(mirror)) as client:
        assert "newsmirror index" in text(client, "/search?q=北约", 503)
        assert "newsmirror index" in client.get("/api/search?q=x").json()["error"]
    assert not (mirror.paths.data / "search.db").exists()


def test_nothing_is_written(mirror: Mirror, client: httpx.Client) -> None:
    data = mirror.paths.data
    before = {p.name: p.read_bytes() for p in (data / "newsmirror.db", data / "search.db")}
    for path in ("/", "/search?q=北约", f"/articles/{EDITED}", "/health",
                 f"/api/articles/{EDITED}"):
        client.get(path)
    assert before == {p.name: p.read_bytes() for p in (data / "newsmirror.db",
                                                          data / "search.db")}


def test_an_unexpected_error_is_a_page_without_traceback(mirror: Mirror,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from newsmirror.serve import pages

    def broken(*args: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(pages, "source_pages", broken)
    with client_of(create_app(mirror)) as client:
        answer = client.get("/sources")
    assert answer.status_code == 500
    assert "secret detail" not in answer.text and "Traceback" not in answer.text
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_without_a_token_only_loopback_host_names_are_answered(client: httpx.Client) -> None:
    assert client.get("/", headers={"host": "localhost:8686"}).status_code == 200
    rebound = client.get("/", headers={"host": "evil.example"})
    assert rebound.status_code == 400
    assert "127.0.0.1 and localhost only" in rebound.text


def test_with_a_token_every_request_needs_it(mirror: Mirror) -> None:
    with client_of(create_app(mirror, token=TOKEN, host="0.0.0.0")) as client:
        client.headers["host"] = "192.0.2.1:8686"  # any name: the token decides
        refused = client.get("/")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert "?token=" in refused.text
        assert client.get("/style.css").status_code == 200  # newsmirror's, not the archive's
        api = client.get("/api/search?q=北约")
        assert api.status_code == 401 and "token" in api.json()["error"]
        assert client.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
        bearer = client.get("/api/search?q=北约", headers={"authorization": f"Bearer {TOKEN}"})
        assert bearer.status_code == 200 and bearer.headers["cache-control"] == "no-store"
        assert client.get("/?token=wrong-token-of-someone").status_code == 401
        login = client.get(f"/search?q=北约&token={TOKEN}")
        assert login.status_code == 303
        assert login.headers["location"] == "/search?q=%E5%8C%97%E7%BA%A6"
        cookie = login.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        assert TOKEN not in cookie
        assert client.get(login.headers["location"]).status_code == 200  # the cookie is kept
        client.cookies.clear()
        client.cookies.set(COOKIE, TOKEN)  # the token itself is not the cookie
        assert client.get("/").status_code == 401


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.org"]))
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", TOKEN)
    with pytest.raises(BindError, match="lets other machines connect"):
        check_bind("0.0.0.0", None)
    with pytest.raises(BindError, match="at least 16"):
        check_bind("127.0.0.1", "short")


def test_serve_refuses_to_listen_beyond_this_machine_without_a_token(mirror: Mirror) -> None:
    runner = CliRunner()
    for host in ("0.0.0.0", "::", "192.168.1.5"):
        result = runner.invoke(app, ["serve", "--host", host, "--dir", str(mirror.paths.root)],
                               env={"NEWSMIRROR_TOKEN": ""})
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "lets other machines connect" in result.stderr
        assert "--token" in result.stderr


def test_serve_says_where_it_listens_and_serves(mirror: Mirror) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "newsmirror", "serve", "--port", "0", "--dir",
         str(mirror.paths.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        first, second = process.stdout.readline(), process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert found, (first, process.stderr.read() if process.poll() is not None else "")
        assert "read-only" in first and "no token" in second
        with urlopen(found.group(0) + "health") as answer:
            assert answer.status == 200
            assert "德国之声" in answer.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)
    # uvicorn stops cleanly, then ends as the signal asked (a shell sees 143)
    assert process.returncode == -signal.SIGTERM
