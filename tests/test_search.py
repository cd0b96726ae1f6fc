"""Search (issue 17): Chinese-aware full-text search over the archive — one- and
two-character words, simplified and traditional alike, phrases, AND/OR/NOT, filters,
snippets in the outlet's own characters, and never a raw FTS5 error."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mirrors import demo_toml, make_mirror
from newsmirror.article import Article
from newsmirror.cli import ExitCode, app
from newsmirror.cli.demo_command import demo_data
from newsmirror.search.index import indexed_doc, search_database_path, update_index
from newsmirror.search.query import QueryError, parse_query
from newsmirror.search.results import search
from newsmirror.store import Store, StoredArticle
from newsmirror.store.search_index import Filters, SearchDatabase
from newsmirror.text.fold import fold

WHEN = datetime(2022, 1, 10, 8, 0, tzinfo=UTC)


def article(identifier: str, title: str, text: str, **fields: object) -> StoredArticle:
    base = StoredArticle(url=f"https://example.org/{identifier}", title=title, text=text,
                         html=f"<p>{text}</p>", id=identifier, source="dw",
                         first_seen=WHEN, path_date=WHEN, revision=1, fetched_at=WHEN,
                         published=WHEN)
    return replace(base, **fields)  # type: ignore[arg-type]


def found(index: SearchDatabase, query: str, **filters: str) -> list[str]:
    hits, _ = index.search(parse_query(query).expression, Filters(**filters), 50, 0,
                           2459590.0)
    return [hit.article_id for hit in hits]


@pytest.fixture
def index(tmp_path: Path) -> SearchDatabase:
    database = SearchDatabase(tmp_path / "search.db")
    with database.transaction():
        for doc in (
            article("a", "北约与俄罗斯会谈", "北约秘书长在布鲁塞尔表示，俄方须撤军。"),
            article("b", "北約峰會", "北大西洋公約組織（北約）週三在維爾紐斯舉行峰會。"),
            article("c", "美国经济", "美国通胀回落，联储局维持利率不变。NATO not here."),
            article("d", "俄乌战争", "俄军在顿巴斯推进。", source="voa",
                    removed_at=WHEN, revision=2),
            article("e", "NATO summit in Vilnius", "Leaders of NATO met in Vilnius.",
                    source="bbc", published=datetime(2023, 7, 11, tzinfo=UTC)),
        ):
            database.put(indexed_doc(doc))
    return database


def test_one_and_two_character_words_simplified_and_traditional(
        index: SearchDatabase) -> None:
    assert sorted(found(index, "北约")) == ["a", "b"]
    assert sorted(found(index, "北約")) == ["a", "b"]
    assert sorted(found(index, "俄")) == ["a", "d"]  # 俄方, 俄军: any article holding it
    assert found(index, "峰会") == ["b"] and found(index, "峰會") == ["b"]
    assert found(index, "布鲁塞尔") == ["a"]
    assert sorted(found(index, "nato")) == ["c", "e"] and found(index, "Vilnius") == ["e"]


def test_operators_phrases_and_filters(index: SearchDatabase) -> None:
    assert found(index, "北约 俄") == ["a"]
    assert sorted(found(index, "北约 OR 美国")) == ["a", "b", "c"]
    assert found(index, "北约 -俄") == ["b"] and found(index, "北约 NOT 俄") == ["b"]
    assert found(index, '"北大西洋公约"') == ["b"]
    assert found(index, '"秘书长 在"') == ["a"]  # a phrase across what separates words
    assert found(index, '"NATO met"') == ["e"] and found(index, '"met NATO"') == []
    assert sorted(found(index, "(北约 OR 美国) NOT 峰会")) == ["a", "c"]
    assert found(index, "nato", source="bbc") == ["e"]
    assert found(index, "nato", since="2023-01-01") == ["e"]
    assert found(index, "nato", until="2022-12-31") == ["c"]
    assert found(index, "俄", status="removed") == ["d"]
    assert found(index, "俄", status="edited") == ["d"]
    assert found(index, "俄", status="live") == ["a"]


def test_pairs_do_not_join_across_punctuation(index: SearchDatabase) -> None:
    """北约，俄罗斯 has no 约俄; (the pairs of two runs are never one phrase)."""
    with index.transaction():
        index.put(indexed_doc(article("f", "x", "和平，平安")))
    assert found(index, "和平") == ["f"] and found(index, "和平安") == []


@pytest.mark.parametrize("query", ["", "   ", "NOT 北约", "-北约", '"北约', "(北约",
                                   "北约)", "OR", "北约 OR", "AND", "。，", "NOT"])
def test_a_malformed_query_is_a_clear_error(query: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert "fts5" not in str(error.value).lower() and str(error.value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('北约俄罗斯美國峰會"()-ORNTAD ab*:^{}+.'))))
def test_any_query_is_an_error_of_ours_or_a_valid_search(query: str) -> None:
    """Whatever is typed: a QueryError, or an expression FTS5 accepts."""
    database = _scratch_index()
    try:
        expression = parse_query(query).expression
    except QueryError:
        return
    database.search(expression, Filters(), 10, 0, 2459590.0)  # raises on a syntax error


_SCRATCH: list[SearchDatabase] = []


def _scratch_index() -> SearchDatabase:
    if not _SCRATCH:
        _SCRATCH.append(SearchDatabase(Path(":memory:")))
    return _SCRATCH[0]


HAN = "北约俄罗斯美国峰会體育後來乾燥東西"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list(HAN + "，。 ab")), min_size=1,
                    max_size=60),
       start=st.integers(0, 59), length=st.integers(1, 6),
       query=st.text(alphabet=st.sampled_from(list(HAN)), min_size=1, max_size=4))
def test_a_word_is_found_exactly_where_its_characters_stand_together(
        text: str, start: int, length: int, query: str) -> None:
    """Invariant: a word of Han characters finds an article exactly when the article's
    folded text holds those characters together in one run — any slice of a run, typed
    in either script, finds it; characters apart (across punctuation) do not."""
    database = SearchDatabase(Path(":memory:"))
    with database.transaction():
        database.put(indexed_doc(article("x", "", text)))
    runs = [run for run in fold(text).replace("，", " ").replace("。", " ").split()]
    piece = text[start:start + length]
    for word in (piece, query):
        folded = fold(word)
        if not folded or any(ch not in fold(HAN) for ch in folded):
            continue
        expected = any(folded in run for run in runs)
        assert (found(database, word) == ["x"]) == expected, (text, word)


def test_the_cli_searches_the_demo_and_each_run_keeps_the_index(tmp_path: Path) -> None:
    make_mirror(tmp_path, demo_toml())
    runner = CliRunner()
    warc = str(demo_data("sample.warc.gz"))
    assert runner.invoke(app, ["run", "--replay", warc, "--dir", str(tmp_path)]).exit_code == 0
    assert search_database_path(tmp_path / "data").exists()  # the run made the index
    result = runner.invoke(app, ["search", "北約", "--json", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["total"] == 2 and {h["source"] for h in answer["hits"]} == {"dw",
                                                                             "epochtimes"}
    assert all("<mark>北约</mark>" in hit["snippet"] for hit in answer["hits"])
    only = json.loads(runner.invoke(app, ["search", "日内瓦", "--source", "epochtimes",
                                          "--json", "--dir", str(tmp_path)]).stdout)
    assert [h["source"] for h in only["hits"]] == ["epochtimes"]
    human = runner.invoke(app, ["search", "北约 会谈", "--dir", str(tmp_path)])
    assert human.exit_code == 0 and "found" in human.output
    bad = runner.invoke(app, ["search", '"北约', "--dir", str(tmp_path)])
    assert bad.exit_code == ExitCode.USAGE and "quoted phrase is not closed" in bad.output
    date = runner.invoke(app, ["search", "x", "--since", "2022-13-01", "--dir",
                               str(tmp_path)])
    assert date.exit_code == ExitCode.USAGE and "YYYY-MM-DD" in date.output
    rebuilt = json.loads(runner.invoke(app, ["index", "--rebuild", "--json", "--dir",
                                             str(tmp_path)]).stdout)
    assert rebuilt == {"indexed": 2, "rebuilt": True, "articles": 2}
    again = json.loads(runner.invoke(app, ["index", "--json", "--dir", str(tmp_path)]).stdout)
    assert again == {"indexed": 0, "rebuilt": False, "articles": 2}


def test_a_new_revision_and_a_removal_reach_the_index(tmp_path: Path) -> None:
    path = tmp_path / "search.db"
    with Store(tmp_path / "archive.db") as store:
        first = Article(url="https://example.org/1", title="北约峰会",
                        text="北约在维尔纽斯举行峰会。", html="<p>北约在维尔纽斯举行峰会。</p>")
        store.save_article("dw", first, WHEN)
        update_index(store, path)
        store.save_article("dw", replace(first, text="北约在维尔纽斯举行峰会，乌克兰未获邀请。",
                                         html="<p>改</p>"), WHEN)
        assert update_index(store, path).indexed == 1
        results = search(store, path, "乌克兰")
        assert results.total == 1 and results.hits[0].edited
        store.save_article("dw", replace(first, text="北约峰会闭幕。", html="<p>闭幕</p>"), WHEN)
        update_index(store, path)  # the words of the revision before are out of the index
        assert search(store, path, "乌克兰").total == 0 and search(store, path, "闭幕").total == 1
        assert search(store, path, "北約", Filters(status="edited")).total == 1
        assert search(store, path, "北约", Filters(status="removed")).total == 0


def test_a_snippet_keeps_the_outlets_characters() -> None:
    from newsmirror.search.results import snippet

    pieces = snippet("前文。北大西洋公約組織（北約）週三舉行峰會。", parse_query("北约 峰会"))
    assert ("北約", True) in pieces and ("峰會", True) in pieces
    assert "".join(text for text, _ in pieces) == "前文。北大西洋公約組織（北約）週三舉行峰會。"
