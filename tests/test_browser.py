"""Browser tests in real Chromium (Debian's package) driven by Playwright.

A real `healtharchive serve` runs on 127.0.0.1; the browser searches for a
word, opens the article, sees the nested thread, follows a reference link
(answered by a Playwright route, nothing leaves the machine) and looks at the
charts. Screenshots go to $SCREENSHOT_DIR (default: the test's tmp folder).
Skipped when /usr/bin/chromium is missing, except in CI (CI=true), where
.ci/run installs it and a missing browser must fail, not skip.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_datasette import SHARED_DOI, build_archive
from test_publish import _get, _serve, _stop

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                 reason="no chromium installed (apt-get install chromium)")]


@pytest.fixture
def server(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    proc, base = _serve(db)
    try:
        assert _get(f"{base}/archive.json")[0] == 200
        yield base
    finally:
        _stop(proc)


@pytest.fixture
def page(tmp_path):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: errors.append("dialog: " + dialog.message))
        page.errors = errors
        yield page
        browser.close()


def _shot(page, tmp_path, name: str) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


def test_search_open_article_see_thread_follow_reference(server, page, tmp_path):
    page.goto(f"{server}/-/search")
    page.fill("input[name=q]", "vitamin")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit .snippet mark")
    assert page.locator(".facets h3", has_text="Journal").count() == 1
    _shot(page, tmp_path, "search")
    page.locator(".hit a.article-link").first.click()
    page.wait_for_selector("article.archived-article")
    assert page.locator("h1").inner_text() == "Vitamin D and your bones"
    deepest = page.locator("ol.comments > li > ol.replies > li > ol.replies > li > ol.replies > li")
    assert deepest.count() == 1 and "Same here." in deepest.inner_text()
    top = page.locator("#c1").bounding_box()
    nested = page.locator("li.comment", has_text="Same here.").last.bounding_box()
    assert nested["x"] > top["x"] + 30  # the tree is visibly indented
    assert page.locator("li.site-author .badge.site-author").count() == 2
    _shot(page, tmp_path, "article")
    page.route("https://doi.org/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>resolved DOI</title>"))
    with page.expect_navigation():
        page.locator("a.doi").first.click()
    assert page.url == f"https://doi.org/{SHARED_DOI}"
    assert page.title() == "resolved DOI"
    assert page.errors == []


def test_charts_render(server, page, tmp_path):
    page.goto(f"{server}/-/charts")
    bars = page.locator("svg.chart rect")
    assert bars.count() >= 3
    box = page.locator("#journals svg rect").first.bounding_box()
    assert box["width"] > 100 and box["height"] > 5
    _shot(page, tmp_path, "charts")
    assert page.errors == []
