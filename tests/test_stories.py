"""Story grouping (issue 18): features, LSH candidates, the online clustering and its
invariants, the change-feed consumer."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import opencc
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mirrors import demo_toml, make_mirror
from newsmirror.article import Article
from newsmirror.cli import ExitCode, app
from newsmirror.store import Store
from newsmirror.stories.consumer import update_stories
from newsmirror.stories.features import features, shingles
from newsmirror.stories.grouping import DUPLICATE, Grouper, Item
from newsmirror.stories.minhash import bands, signature, similarity
from newsmirror.stories.names import place_terms

WHEN = datetime(2022, 3, 1, 8, 0, tzinfo=UTC)
# Three unrelated reports, written for these tests.
EARTHQUAKE = ("土耳其东南部发生7.8级强烈地震",
              "土耳其东南部周一凌晨发生7.8级强烈地震，震中位于加济安泰普省附近，叙利亚北部"
              "也有强烈震感。土耳其救灾机构表示，已有数千栋建筑倒塌，救援人员在严寒中搜救"
              "被困者。世界卫生组织警告死亡人数可能继续上升，多国宣布派遣救援队前往灾区。"
              "土耳其总统埃尔多安宣布全国哀悼七天，并在受灾的十个省份实施紧急状态。")
ELECTION = ("台湾地方选举投票结束 执政党失利",
            "台湾周六举行九合一地方选举，投票在下午四时结束，各地随即开票。根据中选会的统计，"
            "反对党国民党赢得包括台北市在内的多数县市长席位，执政的民进党表现不如预期。"
            "蔡英文当晚宣布辞去党主席职务，为选举结果负责。分析人士认为，选民更关心经济"
            "与防疫政策，两岸议题在这次选举中的影响有限。")
SATELLITE = ("欧洲航天局发射新一代气象卫星",
             "欧洲航天局周二在法属圭亚那库鲁航天中心用阿丽亚娜火箭发射了新一代气象卫星，"
             "卫星将在地球静止轨道上每十分钟拍摄一次欧洲和非洲的云图。欧洲气象卫星组织说，"
             "新卫星的闪电成像仪能帮助预报员更早发现强对流天气，提高暴雨和冰雹预警的准确度。"
             "这颗卫星预计在明年投入业务运行，设计寿命超过八年半。")
TO_TRADITIONAL = opencc.OpenCC("s2t")


def grouped(store: Store, *items: Item) -> list[str]:
    grouper = Grouper(store.stories)
    with store.stories.transaction():
        return [grouper.group(item) for item in items]


def item(identifier: str, title: str, text: str, revision: int = 1,
         when: datetime = WHEN) -> Item:
    return Item(identifier, revision, when, title, text)


# --- features and candidates ----------------------------------------------------------

def test_simplified_and_traditional_editions_have_the_same_features() -> None:
    title, text = EARTHQUAKE
    simplified = features(title, text, WHEN)
    traditional = features(TO_TRADITIONAL.convert(title), TO_TRADITIONAL.convert(text), WHEN)
    assert simplified.signature == traditional.signature
    assert simplified.terms == traditional.terms
    assert {"@TR", "@SY"} <= simplified.names and "救援" in simplified.terms  # 土耳其, 叙利亚
    assert "的" not in simplified.terms and "有" not in simplified.terms


def test_latin_terms_and_names() -> None:
    found = features("Turkey earthquake kills thousands", "Rescuers in Gaziantep searched "
                     "the rubble on Monday after the quake.", WHEN)
    assert {"turkey", "earthquake", "gaziantep", "rubble"} <= set(found.terms)
    assert "the" not in found.terms and "gaziantep" in found.names
    assert found.terms["earthquake"] == 2  # a title term counts twice


def _edited(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        chars[rng.randrange(len(chars))] = rng.choice("的了是在有和")
    return "".join(chars)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), which=st.sampled_from([EARTHQUAKE, ELECTION, SATELLITE]),
       edits=st.integers(0, 4))
def test_a_near_duplicate_above_the_threshold_is_always_a_candidate(
        seed: int, which: tuple[str, str], edits: int) -> None:
    """A pair with Jaccard ≥ 0.75 shares a band (LSH misses it with chance
    (1 - 0.75^4)^16 < 1e-3), and its estimated similarity is past ``DUPLICATE``."""
    rng = random.Random(seed)
    text = which[1] + which[1][::-1]
    other = _edited(text, rng, edits)
    a, b = shingles("", text), shingles("", other)
    assume(len(a & b) / len(a | b) >= 0.75)
    assert set(bands(signature(a))) & set(bands(signature(b)))
    assert similarity(signature(a), signature(b)) >= DUPLICATE


def test_unrelated_texts_share_no_band() -> None:
    a, b = (signature(shingles("", text)) for _, text in (EARTHQUAKE, SATELLITE))
    assert not set(bands(a)) & set(bands(b))
    assert similarity(a, b) < 0.2


# --- the online clustering ------------------------------------------------------------

def test_editions_reprints_and_same_event_reports_group(tmp_path: Path) -> None:
    title, text = EARTHQUAKE
    reprint_text = text[text.index("土耳其救灾机构"):]  # the lead cut, a new headline
    other_report = ("土耳其强震 救援人员搜救被困者", "土耳其东南部加济安泰普省附近发生强烈地震后，"
                    "埃尔多安宣布全国哀悼，叙利亚北部也有建筑倒塌。")
    with Store(tmp_path / "a.db") as store:
        stories = grouped(
            store, item("a", title, text),
            item("b", TO_TRADITIONAL.convert(title), TO_TRADITIONAL.convert(text)),
            item("c", "强震袭击土耳其与叙利亚", reprint_text),
            item("d", *other_report, when=WHEN + timedelta(days=1)),
            item("e", *ELECTION), item("f", *SATELLITE))
        assert stories[:4] == ["a"] * 4  # the founder's id names the story
        assert stories[4:] == ["e", "f"]


def test_the_time_window_keeps_a_year_later_report_apart(tmp_path: Path) -> None:
    title, text = ELECTION
    with Store(tmp_path / "a.db") as store:
        stories = grouped(store, item("a", title, text),
                          item("b", title, text[:60] + "。", when=WHEN + timedelta(days=365)))
        assert stories == ["a", "b"]


def test_an_edited_revision_moves_and_what_it_brought_splits_off(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        stories = grouped(store, item("a", *ELECTION), item("s", *SATELLITE),
                          item("b", SATELLITE[0], SATELLITE[1][:60] + EARTHQUAKE[1]),
                          item("c", *EARTHQUAKE))  # joins s through b
        assert stories == ["a", "s", "s", "s"]
        grouper = Grouper(store.stories)
        with store.stories.transaction():
            moved = grouper.group(item("b", *ELECTION, revision=2))
        assert moved == "a" and grouper.moved == 1
        assert _membership(store) == {"a": "a", "b": "a", "s": "s", "c": "c"}
        assert grouper.splits == 1
        # c moved without a revision, s's story lost two: their pages are rendered again
        assert grouper.regrouped == {"c", "s"}


def test_a_story_an_edit_empties_leads_to_where_its_article_went(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        grouped(store, item("a", *ELECTION), item("b", *EARTHQUAKE),
                item("c", *EARTHQUAKE), item("d", *ELECTION))
        grouper = Grouper(store.stories)
        with store.stories.transaction():
            grouper.group(item("a", *SATELLITE, revision=2))  # "a" is left with d alone
            grouper.group(item("d", *EARTHQUAKE, revision=2))  # and then empty
        assert _membership(store) == {"a": "a-2", "b": "b", "c": "b", "d": "b"}
        assert store.stories.resolve("a") == "b"  # the story d emptied leads to d
        assert grouper.regrouped == {"d"}  # left in a's story when a went


def test_a_member_left_alone_keeps_the_story_and_its_id(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        grouped(store, item("a", *ELECTION), item("b", *EARTHQUAKE), item("c", *EARTHQUAKE))
        grouper = Grouper(store.stories)
        with store.stories.transaction():
            assert grouper.group(item("b", *ELECTION, revision=2)) == "a"
        assert _membership(store) == {"a": "a", "b": "a", "c": "b"}
        assert grouper.splits == 0


def test_a_link_between_two_stories_merges_them_and_the_older_id_survives(
        tmp_path: Path) -> None:
    p, q, r = EARTHQUAKE[1], ELECTION[1], SATELLITE[1]
    with Store(tmp_path / "a.db") as store:
        stories = grouped(store, item("a", "土耳其地震", p + q), item("c", "卫星发射", q + r))
        assert stories == ["a", "c"]
        grouper = Grouper(store.stories)
        with store.stories.transaction():
            assert grouper.group(item("d", "报道汇编", p + q + r)) == "a"
        assert grouper.merges == 1
        assert store.stories.resolve("c") == "a"
        assert store.stories.member("c").story_id == "a"  # type: ignore[union-attr]


def _pool(rng: random.Random, size: int) -> list[tuple[str, str]]:
    texts = [EARTHQUAKE, ELECTION, SATELLITE]
    made = []
    for _ in range(size):
        title, text = rng.choice(texts)
        cut = rng.randrange(0, len(text) // 2)
        made.append((title if rng.random() < 0.5 else title[::-1], text[cut:]))
    return made


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 12))
def test_incremental_equals_batch_and_every_article_is_in_one_story(
        tmp_path_factory: object, seed: int, size: int) -> None:
    rng = random.Random(seed)
    pool = _pool(rng, size)
    items = [item(f"a{n}", title, text, when=WHEN + timedelta(hours=rng.randrange(0, 200)))
             for n, (title, text) in enumerate(pool)]
    edits = [item(f"a{rng.randrange(size)}", *_pool(rng, 1)[0], revision=2)
             for _ in range(rng.randrange(3))]
    edits = list({e.article_id: e for e in edits}.values())
    folder = Path(str(tmp_path_factory.mktemp("runs")))  # type: ignore[attr-defined]
    with Store(folder / "batch.db") as batch:
        grouped(batch, *items, *edits)
        expected = _membership(batch)
    for step in (*items, *edits):  # one run (one open archive) an article
        with Store(folder / "steps.db") as steps:
            grouped(steps, step)
    with Store(folder / "steps.db") as steps:
        assert _membership(steps) == expected
    assert set(expected) == {f"a{n}" for n in range(size)}
    with Store(folder / "batch.db") as batch:
        sizes = batch.connection.execute("SELECT SUM(size), COUNT(*) FROM stories").fetchone()
        assert sizes[0] == size  # each article in exactly one story
        assert batch.stories.count() == size


def _membership(store: Store) -> dict[str, str]:
    rows = store.connection.execute("SELECT article_id, story_id FROM story_articles")
    return dict(rows.fetchall())


# --- the change-feed consumer ---------------------------------------------------------

def _save(store: Store, source: str, number: int, title: str, text: str,
          when: datetime = WHEN) -> str:
    return store.save_article(source, Article(
        url=f"https://{source}.example/a/{number}", title=title, html=f"<p>{text}</p>",
        text=text, published=when), when).article_id


def test_each_run_groups_what_changed_and_keeps_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        first = _save(store, "dw", 1, *EARTHQUAKE)
        second = _save(store, "bbc", 2, TO_TRADITIONAL.convert(EARTHQUAKE[0]),
                       TO_TRADITIONAL.convert(EARTHQUAKE[1]), when=WHEN + timedelta(hours=1))
        third = _save(store, "voa", 3, *SATELLITE, when=WHEN + timedelta(hours=2))
        assert update_stories(store).grouped == 3
        assert update_stories(store).grouped == 0  # nothing new
        story = store.stories.member(second).story_id  # type: ignore[union-attr]
        assert story == first
        _save(store, "voa", 3, *EARTHQUAKE, when=WHEN + timedelta(hours=3))  # an edit
        report = update_stories(store)
        assert report.grouped == 1 and report.moved == 1
        assert store.stories.member(third).story_id == first  # type: ignore[union-attr]
        before = _membership(store)
        assert update_stories(store, rebuild=True).grouped == 3
        assert _membership(store) == before
        # grouping's bigger page cache is given back
        assert store.connection.execute("PRAGMA cache_size").fetchone()[0] == -2000


def test_the_stories_command_lists_stories_as_json(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path, demo_toml())
    with mirror.open_store() as store:
        first = _save(store, "dw", 1, *EARTHQUAKE)
        second = _save(store, "bbc", 2, TO_TRADITIONAL.convert(EARTHQUAKE[0]),
                       TO_TRADITIONAL.convert(EARTHQUAKE[1]), when=WHEN + timedelta(hours=3))
        _save(store, "voa", 3, *SATELLITE)
        update_stories(store)
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--json", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (story,) = json.loads(result.stdout)  # stories of one article are not listed
    assert story["id"] == first and story["title"] == EARTHQUAKE[0]
    assert story["first_seen"] == "2022-03-01T08:00:00Z"
    assert story["last_seen"] == "2022-03-01T11:00:00Z"
    assert [(a["id"], a["source"]) for a in story["articles"]] == [(first, "dw"),
                                                                  (second, "bbc")]
    assert set(story["articles"][0]) >= {"id", "url", "source", "title"}
    every = runner.invoke(app, ["stories", "--json", "--min-articles", "1", "--source", "voa",
                                "--dir", str(tmp_path)])
    assert [s["title"] for s in json.loads(every.stdout)] == [SATELLITE[0]]
    later = runner.invoke(app, ["stories", "--since", "2022-03-02", "--dir", str(tmp_path)])
    assert later.exit_code == 0 and "No story matches." in later.output
    text = runner.invoke(app, ["stories", "--dir", str(tmp_path)])
    assert EARTHQUAKE[0] in text.output and "bbc" in text.output
    bad = runner.invoke(app, ["stories", "--since", "yesterday", "--dir", str(tmp_path)])
    assert bad.exit_code == ExitCode.USAGE


def test_grouping_never_scans_a_whole_table(tmp_path: Path) -> None:
    """The work per article must not grow with the archive: every statement grouping
    runs — placing, moving an edited article, splitting, merging — finds its rows by an
    index (SQLite's query plan says SEARCH), never by reading a whole table (SCAN)."""
    p, q, r = EARTHQUAKE[1], ELECTION[1], SATELLITE[1]
    with Store(tmp_path / "a.db") as store:
        statements: list[str] = []
        store.connection.set_trace_callback(statements.append)
        grouped(store, item("a", *ELECTION), item("s", *SATELLITE),
                item("b", SATELLITE[0], SATELLITE[1][:60] + EARTHQUAKE[1]),
                item("c", *EARTHQUAKE), item("m", "土耳其地震", p + q),
                item("n", "卫星发射", q + r), item("o", "报道汇编", p + q + r))
        grouped(store, item("b", *ELECTION, revision=2))  # moves, splits what it brought
        store.connection.set_trace_callback(None)
        scans = set()
        for statement in set(statements):
            if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE",
                                                          "INSERT")):
                continue
            plan = store.connection.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall()
            scans |= {(row[3], statement) for row in plan
                      if row[3].startswith("SCAN ") and "story" in row[3]}
        assert not scans


def test_a_chinese_and_an_english_report_share_their_places() -> None:
    """Place names (CLDR's, through Babel) are one term in both languages, in either
    script: 俄罗斯, 俄羅斯 and Russia; 莫斯科 and Moscow."""
    chinese = features("俄羅斯與美國在莫斯科會談", "俄罗斯外长周一在莫斯科会见美国国务卿。", WHEN)
    english = features("Russia and US hold talks in Moscow",
                       "Russia's foreign minister met the U.S. secretary of state in Moscow.",
                       WHEN)
    shared = set(chinese.terms) & set(english.terms)
    assert shared == {"@RU", "@US", "@Europe/Moscow"}
    assert shared <= chinese.names and shared <= english.names


def test_the_longest_place_name_is_taken_and_english_names_are_whole_words() -> None:
    assert place_terms("中国香港特别行政区政府")[0] == ["@HK"]  # not 中国
    assert place_terms("香港与中国")[0] == ["@HK", "@CN"]
    assert place_terms("Chinatown and Russian food, in Chinese")[0] == []
    assert place_terms("talks with us in China")[0] == ["@CN"]  # "us" is no place


def test_stories_grouped_another_way_are_grouped_again(tmp_path: Path) -> None:
    from newsmirror.stories.consumer import METHOD

    with Store(tmp_path / "a.db") as store:
        _save(store, "dw", 1, *EARTHQUAKE)
        _save(store, "voa", 2, *SATELLITE)
        assert not update_stories(store).rebuilt
        assert store.meta("stories_method") == METHOD
        _save(store, "bbc", 3, *ELECTION)
        store.set_meta("stories_method", "1")  # grouped by an older newsmirror
        report = update_stories(store)
        assert report.rebuilt and report.grouped == 3
        assert store.meta("stories_method") == METHOD
        assert not update_stories(store).rebuilt


def test_every_place_name_is_found_whole() -> None:
    """Each name of the lexicon, alone, is one place: the longest name that stands wins
    over any shorter name it begins with (the pattern is a trie)."""
    from newsmirror.stories.names import lexicon

    by_chinese, by_english = lexicon()
    for names in (by_chinese, by_english):
        for name, term in names.items():
            assert place_terms(f"（{name}）")[0] == [term], name


def test_a_run_groups_in_the_order_of_publishing_not_of_archiving(tmp_path: Path) -> None:
    """A run archives its sources' articles as their fetches end, in any order; grouping
    (which depends on the order) takes them as they were published, so two runs that
    archived the same articles in two orders make the same stories."""
    made = []
    for order in ((0, 1, 2), (2, 1, 0)):
        with Store(tmp_path / f"{order[0]}.db") as store:
            reports = [("dw", 1, *EARTHQUAKE, WHEN),
                       ("bbc", 2, *EARTHQUAKE[:1], EARTHQUAKE[1][:80], WHEN + timedelta(hours=1)),
                       ("voa", 3, *SATELLITE, WHEN + timedelta(hours=2))]
            for number in order:
                source, key, title, text, when = reports[number]
                _save(store, source, key, title, text, when=when)
            update_stories(store)
            made.append(_membership(store))
    assert made[0] == made[1]
