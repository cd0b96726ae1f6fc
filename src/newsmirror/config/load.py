"""Read newsmirror.toml into a :class:`Config`, with messages that name the bad key."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsmirror.config.model import (
    ArchiveSettings,
    Config,
    MirrorSettings,
    PublishSettings,
    Source,
)
from newsmirror.config.schema import ARCHIVE, MIRROR, NETWORK, PUBLISH, RULE, SOURCE, Setting
from newsmirror.errors import ConfigError
from newsmirror.extract.model import ExtractionRule
from newsmirror.net.model import FetchSettings, redact, split_address
from newsmirror.publish.model import NavLink
from newsmirror.push.remotes import credentials_problem, shown
from newsmirror.recheck.schedule import parse_schedule
from newsmirror.steps.retention import parse_retention
from newsmirror.urls import is_http_url

SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# The output folder's own folders: local image copies, the static site and its days.
RESERVED_NAMES = frozenset({"days", "media", "pagefind", "search", "site", "stories"})
_TOP_LEVEL = ("mirror", "archive", "publish", "network", "defaults", "sources")
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def load_config(path: Path) -> Config:
    """Parse and validate ``path``; raises :class:`ConfigError` with the file and key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path} not found: run 'newsmirror init {path.parent}' to create a mirror"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(raw, str(path))


def parse_config(raw: dict[str, Any], origin: str = "newsmirror.toml") -> Config:
    """Validate an already parsed TOML document."""
    _reject_unknown(raw, _TOP_LEVEL, origin)
    mirror = MirrorSettings(**_check(raw.get("mirror", {}), MIRROR, f"{origin} [mirror]"))
    archive = ArchiveSettings(**_check(raw.get("archive", {}), ARCHIVE, f"{origin} [archive]"))
    publish = PublishSettings(**_check(raw.get("publish", {}), PUBLISH, f"{origin} [publish]"))
    if publish.base_url and not (is_http_url(publish.base_url)
                                 and publish.base_url.endswith("/")):
        raise ConfigError(f"{origin} [publish]: 'base_url' must be an http:// or https:// "
                          f"URL ending in /, not {publish.base_url!r}")
    publish = _checked_remotes(publish, f"{origin} [publish]")
    network_values = _check(raw.get("network", {}), NETWORK, f"{origin} [network]")
    network = FetchSettings(**network_values)
    defaults = raw.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError(f"{origin}: [defaults] must be a table")
    entries = raw.get("sources", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: sources must be written as [[sources]] tables")
    sources: list[Source] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ConfigError(f"{origin}: [[sources]] #{number} must be a table")
        merged = {**defaults, **entry}
        where = f"{origin} [[sources]] #{number}"
        if isinstance(entry.get("name"), str):
            where += f" ({entry['name']!r})"
        sources.append(_source(merged, where))
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: source names must be unique; repeated: "
                          + ", ".join(duplicates))
    return Config(mirror=mirror, archive=archive, publish=publish, network=network,
                  sources=tuple(sources))


def _checked_remotes(publish: PublishSettings, where: str) -> PublishSettings:
    """The remotes as a tuple, each a name or an address without credentials (a refused
    one is never echoed whole: only without what it must not carry)."""
    remotes = cast(list[Any], publish.remotes)
    for number, remote in enumerate(remotes, start=1):
        if not isinstance(remote, str):
            raise ConfigError(f"{where}: 'remotes' must be a list of remote names or "
                              f"addresses; #{number} is {remote!r}")
        problem = credentials_problem(remote)
        if problem:
            raise ConfigError(f"{where}: 'remotes' #{number} ({shown(remote)!r}): {problem}")
    if len(set(remotes)) != len(remotes):
        raise ConfigError(f"{where}: 'remotes' names a remote twice")
    return replace(publish, remotes=tuple(remotes))


def _source(values: dict[str, Any], where: str) -> Source:
    checked = _check(values, SOURCE, where, required=("name", "url"))
    if not SOURCE_NAME.match(checked["name"]):
        raise ConfigError(f"{where}: name {checked['name']!r} must be lower-case letters, "
                          "digits, - and _ (it names a folder of the mirror)")
    if checked["name"] in RESERVED_NAMES:
        raise ConfigError(f"{where}: name {checked['name']!r} is a folder of the mirror's "
                          f"own ({', '.join(sorted(RESERVED_NAMES))}): choose another")
    if checked["kind"] == "page" and not checked["links"]:
        raise ConfigError(f"{where}: kind = \"page\" needs links = \"<regex of article URLs>\"")
    checked["nav"] = tuple(_nav(checked["nav"], where))
    rule_values = checked.pop("rule")
    checked["rule"] = _rule(rule_values, f"{where} rule") if rule_values else None
    return Source(**checked)


def _nav(items: list[Any], where: str) -> list[NavLink]:
    links = []
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("text"), str)
                and isinstance(item.get("href"), str) and set(item) == {"text", "href"}):
            raise ConfigError(f"{where}: each nav entry must be {{ text = \"…\", href = \"…\" }}")
        links.append(NavLink(text=item["text"], href=item["href"]))
    return links


def _rule(values: dict[str, Any], where: str) -> ExtractionRule:
    checked = _check(values, RULE, where)
    if not all(isinstance(selector, str) for selector in checked["drop"]):
        raise ConfigError(f"{where}: 'drop' must be a list of CSS selectors")
    checked["drop"] = tuple(checked["drop"])
    for key, value in checked.items():
        for selector in (value if isinstance(value, tuple) else (value,)):
            _check_selector(selector, f"{where}: '{key}'")
    return ExtractionRule(**checked)


def _check_selector(selector: str, where: str) -> None:
    """A selector every page would fail on is the configuration's error, not the pages'."""
    if not selector:
        return
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        raise ConfigError(f"{where}: {selector!r} is not a CSS selector ({exc})") from None


def _check(values: Any, schema: tuple[Setting, ...], where: str,
           required: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ConfigError(f"{where} must be a table")
    _reject_unknown(values, tuple(s.key for s in schema), where)
    out: dict[str, Any] = {}
    for setting in schema:
        if setting.key not in values:
            if setting.key in required:
                raise ConfigError(f"{where}: '{setting.key}' is required ({setting.help})")
            out[setting.key] = setting.default
            continue
        out[setting.key] = _value(values[setting.key], setting, where)
    return out


def _value(value: Any, setting: Setting, where: str) -> Any:
    key = f"{where}: '{setting.key}'"
    if isinstance(value, bool) and setting.type in ("int", "float"):
        raise ConfigError(f"{key} must be a number, not {value!r}")
    if not _has_type(value, setting.type):
        raise ConfigError(f"{key} must be of type {setting.type}, not {value!r}")
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{key} must be at least {setting.minimum}, not {value!r}")
    if setting.type == "choice" and value not in setting.choices:
        raise ConfigError(f"{key} must be one of {', '.join(setting.choices)}, not {value!r}")
    if setting.type == "url" and not is_http_url(value):
        raise ConfigError(f"{key} must be an http:// or https:// URL, not {value!r}")
    if setting.type == "proxy" and value:
        _check_proxy(value, key)
    if setting.type == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            raise ConfigError(f"{key} is not a valid regular expression: {exc}") from exc
    if setting.type == "zone" and value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{key}: unknown time zone {value!r} (use e.g. "
                              "Asia/Shanghai)") from None
    if setting.type in ("schedule", "retention"):
        try:
            (parse_schedule if setting.type == "schedule" else parse_retention)(value)
        except ValueError as exc:
            raise ConfigError(f"{key}: {exc}") from None
    if setting.type == "float":
        return float(value)
    if setting.type == "table" and setting.key == "resolve":
        return _resolve_table(value, key)
    return value


_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str, "url": str, "proxy": str, "choice": str, "regex": str, "zone": str,
    "schedule": str, "retention": str,
    "int": int, "float": (int, float), "bool": bool, "list": list, "table": dict}


def _has_type(value: Any, setting_type: str) -> bool:
    """A function, not an inline isinstance, so that ``value`` stays ``Any`` for the checks."""
    return isinstance(value, _PYTHON_TYPES[setting_type])


def _resolve_table(value: dict[str, Any], key: str) -> dict[str, str]:
    for host, address in value.items():
        try:
            if not isinstance(address, str) or not address:
                raise ValueError(address)
            split_address(address, 443)
        except ValueError:
            raise ConfigError(f"{key}: {host!r} must map to \"address\" or "
                              "\"address:port\"") from None
    return {host.lower(): address for host, address in value.items()}


def _check_proxy(value: str, key: str) -> None:
    """A proxy URL httpx can use; its credentials are never shown, not even here."""
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(netloc="")
    if parts.scheme not in _PROXY_SCHEMES or not parts.hostname or parts.path not in ("", "/"):
        raise ConfigError(f"{key} must be a proxy URL like socks5://127.0.0.1:1080 or "
                          f"http://proxy.example:3128 ({', '.join(_PROXY_SCHEMES)}), "
                          f"not {redact(value)!r}")
    if port is None and parts.scheme.startswith("socks"):
        raise ConfigError(f"{key} needs the proxy's port, e.g. socks5://127.0.0.1:1080; "
                          f"not {redact(value)!r}")


def _reject_unknown(values: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"
            raise ConfigError(f"{where}: unknown key '{key}'{hint}")
