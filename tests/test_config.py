"""newsmirror.toml: init, add, validation with messages that name the key."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsmirror.cli import ExitCode, app
from newsmirror.config import open_mirror, parse_config
from newsmirror.config.schema import TABLES
from newsmirror.config.template import EXAMPLE_SOURCES, config_template
from newsmirror.errors import ConfigError

README = Path(__file__).parent.parent / "README.md"


def uncommented_sources(template: str) -> list[str]:
    blocks = template.split("# [[sources]]")[1:]
    out = []
    for block in blocks:
        lines = ["[[sources]]"]
        for line in block.splitlines()[1:]:
            if not line.startswith("# ") or line.startswith("# ---") or line.startswith("# A "):
                break
            lines.append(line[2:])
        out.append("\n".join(lines))
    return out


def test_init_writes_a_loadable_mirror(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    mirror = open_mirror(tmp_path / "m")
    assert mirror.config.sources == ()
    assert (tmp_path / "m" / "data").is_dir() and mirror.output.is_dir()
    again = CliRunner().invoke(app, ["init", "--dir", str(tmp_path / "m")])
    assert again.exit_code == ExitCode.CONFIG and "exists already" in again.output


def test_every_example_source_is_valid_once_uncommented() -> None:
    texts = uncommented_sources(config_template())
    assert len(texts) == len(EXAMPLE_SOURCES) == 8
    names = {parse_config(tomllib.loads(t)).sources[0].name for t in texts}
    assert names == {"dw", "bbc", "voa", "rfa", "rfi", "nyt", "epochtimes", "zaobao"}


def test_add_keeps_comments_and_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "m"
    runner.invoke(app, ["init", str(folder)])
    result = runner.invoke(app, ["add", "bbc", "https://feeds.bbci.co.uk/zhongwen/simp/rss.xml",
                                 "--style", "mirror", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    text = (folder / "newsmirror.toml").read_text(encoding="utf-8")
    assert "# Every setting is shown with its default value" in text
    source = open_mirror(folder).config.source("bbc")
    assert source is not None and source.style == "mirror"
    duplicate = runner.invoke(app, ["add", "bbc", "https://x.example/", "--dir", str(folder)])
    assert duplicate.exit_code == ExitCode.CONFIG
    page = runner.invoke(app, ["add", "zb", "https://x.example/", "--kind", "page",
                               "--dir", str(folder)])
    assert page.exit_code == ExitCode.CONFIG and "links" in page.output
    assert open_mirror(folder).config.source("zb") is None  # nothing written on refusal


@pytest.mark.parametrize(("toml", "message"), [
    ('[mirror]\ntitel = "x"', "unknown key 'titel'; did you mean 'title'?"),
    ('[[sources]]\nname = "A b"\nurl = "https://x.example/"', "must be lower-case"),
    ('[[sources]]\nname = "a"\nurl = "ftp://x.example/"', "http:// or https://"),
    ('[[sources]]\nname = "a"', "'url' is required"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\nkind = "pages"', "one of feed, page"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\nlinks = "(["', "regular expression"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\ntimezone = "Mars/Base"', "time zone"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\n[[sources]]\nname = "a"\nurl = "https://y/"',
     "repeated: a"),
    ('[network]\nconcurrency = 0', "at least 1"),
    ('[network]\ntimeout = true', "must be a number"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\nnav = [{ text = "t" }]', "nav entry"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\n[sources.rule]\nbodyy = "x"',
     "did you mean 'body'"),
    ('[network]\nresolve = { "a.example" = "1.2.3.4:http" }', "address:port"),
    ('[network]\nper_host = -1', "at least 0"),
    ('[network]\nallow_private = "yes"', "must be of type bool"),
    ('[network]\nproxy = "ftp://bob:pw@p.example:21"', "not 'ftp://***@p.example:21'"),
    ('[network]\nproxy = "socks5://bob:pw@127.0.0.1"', "needs the proxy's port"),
    ('[[sources]]\nname = "a"\nurl = "https://x/"\nproxy = "socks4://p:1080"',
     "[[sources]] #1 ('a'): 'proxy' must be a proxy URL"),
    ('[publish]\nbase_url = "https://m.example/news"', "URL ending in /"),
    ('[publish]\nbase_url = "javascript:alert(1)//"', "URL ending in /"),
    ('[publish]\nfeed_limit = 0', "at least 1"),
    ('[publish]\nbase_ulr = "https://m.example/"', "base_url"),
])
def test_invalid_configs_are_refused_with_the_key(toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(toml), "newsmirror.toml")
    assert message in str(caught.value)


def test_publish_settings() -> None:
    config = parse_config(tomllib.loads(
        '[publish]\nbase_url = "https://m.example/news/"\nfeed_limit = 20'))
    assert (config.publish.base_url, config.publish.feed_limit) == (
        "https://m.example/news/", 20)
    assert parse_config({}).publish.base_url == ""


def test_network_and_source_fetch_settings() -> None:
    config = parse_config(tomllib.loads(
        '[network]\nper_host = 0\nhost_delay = 0.5\nallow_private = true\n'
        'proxy = "socks5h://bob:pw@127.0.0.1:1080"\n'
        '[defaults]\nrobots = true\n'
        '[[sources]]\nname = "a"\nurl = "https://x/"\nproxy = "http://p.example:3128"\n'))
    network, [source] = config.network, config.sources
    assert (network.per_host, network.host_delay, network.allow_private) == (0, 0.5, True)
    assert (source.proxy, source.robots) == ("http://p.example:3128", True)
    assert "pw" not in repr(network) and "p.example" not in repr(source)


def test_defaults_apply_to_every_source() -> None:
    config = parse_config(tomllib.loads(
        '[defaults]\nstyle = "mirror"\ntimezone = "Asia/Shanghai"\n'
        '[[sources]]\nname = "a"\nurl = "https://x/"\n'
        '[[sources]]\nname = "b"\nurl = "https://y/"\nstyle = "archive"\n'))
    assert [(s.style, s.timezone) for s in config.sources] == [
        ("mirror", "Asia/Shanghai"), ("archive", "Asia/Shanghai")]


def test_unknown_style_is_refused(tmp_path: Path) -> None:
    (tmp_path / "newsmirror.toml").write_text(
        '[[sources]]\nname = "a"\nurl = "https://x/"\nstyle = "fancy"\n')
    with pytest.raises(ConfigError, match="neither built in"):
        open_mirror(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "fancy.md.j2").write_text("{{ article.title }}")
    assert open_mirror(tmp_path).config.sources[0].style == "fancy"
    (tmp_path / "newsmirror.toml").write_text(
        '[[sources]]\nname = "a"\nurl = "https://x/"\nstyle = "../../etc/passwd"\n')
    with pytest.raises(ConfigError, match="plain name"):
        open_mirror(tmp_path)


def test_missing_config_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["status", "--dir", str(tmp_path)])
    assert result.exit_code == ExitCode.CONFIG
    assert "newsmirror init" in result.output


def test_readme_documents_every_setting() -> None:
    readme = README.read_text(encoding="utf-8")
    for table, settings in TABLES.items():
        for setting in settings:
            assert f"`{setting.key}`" in readme, f"README lacks [{table}] {setting.key}"
