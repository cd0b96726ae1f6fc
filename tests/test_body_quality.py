"""The generic extractor on real pages where trafilatura alone goes wrong.

Pages and ground truth from scrapinghub/article-extraction-benchmark (MIT, see
``fixtures/pages/aeb/LICENSE``), scored with the benchmark's metric (``bench.metric``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bench.metric import matching, per_document_f1

from newsmirror.extract.document import extract_document

PAGES = Path(__file__).parent / "fixtures" / "pages" / "aeb"
TRUTH = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))


def extracted_text(key: str) -> str:
    page = gzip.decompress((PAGES / f"{key}.html.gz").read_bytes())
    return extract_document(page, TRUTH[key]["url"]).text


def truth(key: str) -> str:
    return str(TRUTH[key]["articleBody"])


@pytest.mark.parametrize("key", [
    "d48aeb9cf2f2ff15769a57513249b4a6a669159f3e50b335e741d4206a824e88",  # WIRED: body cut
])
def test_an_article_cut_into_several_containers_is_read_whole(key: str) -> None:
    # trafilatura keeps one of the article__body containers (F1 0.52 of the article).
    assert per_document_f1(truth(key), extracted_text(key)) > 0.95


def test_an_article_precision_mode_throws_out_is_asked_for_again() -> None:
    # Barron's: precision mode keeps only the reprint notice (F1 0).
    key = "f8ff621a0b9b7646cc0d57d37416feabba2bf78ef5dd0bfc5b080f9f97bbe584"
    assert per_document_f1(truth(key), extracted_text(key)) > 0.8


@pytest.mark.parametrize("key", [
    "6ebac05f637ece8aa57c298a2a5e3a8047f546f855d0f29cc683cea60ce85c85",
    "65408257dbe4b41f71a35ade24e30243265095fc1d4988a35b9a6ca52f2b4eab",
])
def test_menus_that_trafilatura_lets_through_are_dropped(key: str) -> None:
    _, false_positive, false_negative = matching(truth(key), extracted_text(key))
    assert false_positive < 0.1
    assert false_negative < 0.05


PORTAL = Path(__file__).parent / "fixtures" / "pages" / "cwce"


def test_a_portal_page_laid_out_in_tables_gives_the_story_without_its_furniture() -> None:
    # Sohu, 2005 (immortal-autumn/Chinese-Web-Content-Extraction-Dataset, MIT): trafilatura
    # reads the site menu, breadcrumbs and promotion lists above the story and the SMS and
    # shop lists below it as lines of their own; the story is what stands between them.
    page = (PORTAL / "sohu-33a95b71.html").read_bytes()
    text = extract_document(page, "http://business.sohu.com/20050311/n224661339.shtml").text
    expected = (PORTAL / "sohu-33a95b71.txt").read_text(encoding="utf-8")
    assert per_document_f1(expected, text) > 0.9  # 0.74 with the furniture
    lines = text.splitlines()
    assert lines[0].startswith("“使用4周后") and lines[-1].startswith("而一个背景是")
    for furniture in ("搜狐首页", "理财：", "相关链接", "我来说两句", "精彩彩信", "搜狐商城"):
        assert furniture not in text, furniture


def test_a_page_whose_tables_precision_mode_keeps_gives_the_text_beside_them() -> None:
    # A Jilin government notice (same dataset): precision mode keeps the notice's filing
    # table (index number, office, dates) and nothing else, 345 bytes that are not prose;
    # the other modes read the notice itself, which is what the scored choice takes.
    page = (PORTAL / "jilin-notice-e8847578.html").read_bytes()
    text = extract_document(page, "http://www.jl.gov.cn/").text
    expected = (PORTAL / "jilin-notice-e8847578.txt").read_text(encoding="utf-8")
    assert per_document_f1(expected, text) > 0.9  # 0.84 with the table alone
    assert "现就有关事项通告如下" in text and "特此通告" in text
