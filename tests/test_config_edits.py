"""Editing newsmirror.toml from the command line leaves a file the next command reads;
mistakes are caught when the configuration is read, not on every page later; `remove`
and `run --dry-run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, make_mirror, snapshot
from newsmirror.cli import ExitCode, app
from newsmirror.config import open_mirror
from newsmirror.pipeline import run_mirror
from servers import FixtureServer
from test_versions import STORY, article_page, rss

runner = CliRunner()
OPML = Path(__file__).parent / "fixtures" / "opml" / "reader-export.opml"


@pytest.mark.parametrize("ending", [
    '[[sources]]\nname = "b"\nurl = "https://b.example/feed"',
    '[[sources]]\nname = "b"\nurl = "https://b.example/feed" # the last line',
    '[mirror]\ntitle = "x"\n# a comment, no newline',
    '[mirror]\ntitle = "x"',
    "",
])
@pytest.mark.parametrize("command", ["add", "import"])
def test_a_file_without_a_final_newline_stays_valid(tmp_path: Path, ending: str,
                                                    command: str) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "newsmirror.toml").write_text(ending, encoding="utf-8")
    arguments = (["add", "a", "https://a.example/feed"] if command == "add"
                 else ["import", str(OPML)])
    result = runner.invoke(app, [*arguments, "--dir", str(folder)])
    assert result.exit_code == ExitCode.OK, result.output
    names = [source.name for source in open_mirror(folder).config.sources]
    assert ("a" in names) if command == "add" else len(names) >= 3
    assert ("b" in names) == ("b.example" in ending)


@pytest.mark.parametrize("selector", ["div[", "p::nonsense(", "#", "a >> b"])
def test_a_rule_with_a_bad_selector_is_refused_when_read(tmp_path: Path,
                                                         selector: str) -> None:
    toml = (f'[[sources]]\nname = "a"\nurl = "https://a.example/feed"\n'
            f"rule = {{ body = \"article\", drop = [\".ad\", {json.dumps(selector)}] }}\n")
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "newsmirror.toml").write_text(toml, encoding="utf-8")
    result = runner.invoke(app, ["status", "--dir", str(folder)])
    assert result.exit_code == ExitCode.CONFIG
    assert "'drop'" in result.output and "not a CSS selector" in result.output


def test_a_list_cut_short_is_not_imported_in_part(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    make_mirror(folder, "")
    cut = tmp_path / "cut.opml"
    data = OPML.read_bytes()
    cut.write_bytes(data[:len(data) * 2 // 3])
    before = (folder / "newsmirror.toml").read_bytes()
    result = runner.invoke(app, ["import", str(cut), "--dir", str(folder)])
    assert result.exit_code != ExitCode.OK and "cut short" in result.output
    assert (folder / "newsmirror.toml").read_bytes() == before


@pytest.mark.parametrize("url", ["https://a.example/feed", "https://A.example/feed?utm_source=x"])
def test_add_refuses_a_url_configured_under_another_name(tmp_path: Path, url: str) -> None:
    folder = tmp_path / "m"
    make_mirror(folder, '[[sources]]\nname = "a"\nurl = "https://a.example/feed"\n')
    before = (folder / "newsmirror.toml").read_bytes()
    result = runner.invoke(app, ["add", "b", url, "--dir", str(folder)])
    assert result.exit_code == ExitCode.CONFIG and "configured already" in result.output
    assert (folder / "newsmirror.toml").read_bytes() == before


def test_remove_takes_a_source_out_and_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    toml = ('# my mirror\n[mirror]\ntitle = "x"  # the title\n\n'
            '[[sources]]\nname = "a"\nurl = "https://a.example/feed"\n\n'
            '# the second one\n[[sources]]\nname = "b"\nurl = "https://b.example/feed"\n')
    make_mirror(folder, toml)
    result = runner.invoke(app, ["remove", "a", "--dir", str(folder)])
    assert result.exit_code == ExitCode.OK, result.output
    text = (folder / "newsmirror.toml").read_text(encoding="utf-8")
    assert "a.example" not in text and "# my mirror" in text and "# the title" in text
    assert [s.name for s in open_mirror(folder).config.sources] == ["b"]
    assert runner.invoke(app, ["remove", "a", "--dir", str(folder)]).exit_code == \
        ExitCode.USAGE
    assert runner.invoke(app, ["remove", "b", "--dir", str(folder)]).exit_code == ExitCode.OK
    assert open_mirror(folder).config.sources == ()


def files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file but SQLite's shared-memory index and an empty log, which a reader of a
    WAL database makes beside it."""
    return {name: found for name, found in snapshot(folder).items()
            if not name.endswith("-shm") and not (name.endswith("-wal") and not found[1])}


def test_a_dry_run_says_what_is_new_and_writes_nothing(tmp_path: Path,
                                                       server: FixtureServer) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "One", "Short.")])
    server.routes["/a/1"] = article_page("One", STORY)
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n[[sources]]\n"
                         f'name = "city"\nurl = "{server.url("/feed.xml")}"\n')
    run_mirror(mirror)
    server.routes["/feed.xml"] = rss(server, [(f"/a/{n}", f"N{n}", "Short.") for n in (1, 2, 3)])
    before = files(folder)
    server.log.clear()
    result = runner.invoke(app, ["run", "--dry-run", "--json", "--dir", str(folder)])
    assert result.exit_code == ExitCode.OK, result.output
    (found,) = json.loads(result.stdout)["sources"]
    assert (found["entries"], found["new"]) == (3, 2)
    assert [request.path for request in server.log] == ["/feed.xml"]  # no page, no recheck
    assert files(folder) == before
    text = runner.invoke(app, ["run", "--dry-run", "--dir", str(folder)])
    assert "nothing was written" in text.stdout and files(folder) == before


def test_a_dry_run_of_a_new_mirror_creates_no_archive(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "One", "Short.")])
    folder = tmp_path / "m"
    make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n[[sources]]\n"
                f'name = "city"\nurl = "{server.url("/feed.xml")}"\n')
    result = runner.invoke(app, ["run", "--dry-run", "--json", "--dir", str(folder)])
    assert json.loads(result.stdout)["sources"][0]["new"] == 1
    assert not (folder / "data").exists()
