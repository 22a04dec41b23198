"""The HTML reports in a real browser: Debian's Chromium driven by Playwright.

Each report (check, agreement, calibrate) is opened from its file with JavaScript
switched off, as a reader who blocks scripts would: the page must make no request
(any request but the page's own file fails the test), log no console error, draw every
chart (each SVG has a non-zero size, and each chart has its table), show in its tables
the numbers of the JSON report, and not overflow a phone's width. A screenshot of each
is taken (with ``GUIDELINT_SCREENSHOTS=DIR`` they are kept there: docs/reports.md uses
them).

Chromium is found on the PATH or installed with ``apt-get install chromium`` (as root,
or through ``sudo -n``); the tests are skipped, saying why, only where neither works.
Playwright drives it through ``executable_path``: no ``playwright install``, no
download. Marked ``browser``: ``pytest -m "not browser"`` skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "reporters"))

from html_cases import agreement_dataset, check_dataset, number, rows_by_first
from test_html import check_agreement_tables

from clirun import EXAMPLES, run

pytestmark = pytest.mark.browser

PHONE = 390
LAPTOP = 1280


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _install_chromium() -> str:
    """Install Debian's chromium with apt-get; the reason when that is impossible."""
    if shutil.which("apt-get") is None:
        return "no apt-get on this machine to install chromium"
    prefix: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            return "chromium is missing and installing it needs root (no sudo)"
        prefix = ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [*prefix, "apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    for step in ([*prefix, "apt-get", "update"], install):
        done = subprocess.run(step, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0 and step is install:
            return f"apt-get install chromium failed: {done.stderr.strip()[-300:]}"
    return ""


@pytest.fixture(scope="session")
def chromium() -> str:
    path = _find_chromium()
    if path is None:
        why = _install_chromium()
        path = _find_chromium()
        if path is None:
            pytest.skip(f"no Chromium to open the reports in: {why}")
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install '.[test]'")
    with sync_api.sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []  # (root cannot sandbox)
        launched = playwright.chromium.launch(executable_path=chromium, args=args)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Each report as HTML, with the JSON report of the same run."""
    folder = tmp_path_factory.mktemp("reports")
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    data, guideline = check_dataset(folder / "hostile")
    support = EXAMPLES / "support.jsonl"
    check_runs = {
        "check": [str(support), "--guideline", str(EXAMPLES / "guideline.yaml")],
        "check-hostile": [str(data), "--guideline", str(guideline)],
    }
    for name, args in check_runs.items():
        html, js = folder / f"{name}.html", folder / f"{name}.json"
        run("check", *args, "--format", "html", "-o", str(html), cwd=folder)
        run("check", *args, "--format", "json", "-o", str(js), cwd=folder)
        found[name] = (html, json.loads(js.read_text("utf-8")))
    labels = agreement_dataset(folder / "labels")
    args = [str(labels), "--label", "quality", "--bootstrap", "200"]
    run("agreement", *args, "--format", "html", "-o", str(folder / "agreement.html"), cwd=folder)
    document = json.loads(run("agreement", *args, "--format", "json", cwd=folder).stdout)
    found["agreement"] = (folder / "agreement.html", document)
    run("calibrate", *args, "--format", "html", "-o", str(folder / "calibrate.html"), cwd=folder)
    found["calibrate"] = (folder / "calibrate.html", document)
    return found


def _open(browser: Any, path: Path, width: int) -> tuple[Any, Any, list[str]]:
    """The page opened with JavaScript off; the problems seen while loading it."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    problems: list[str] = []
    own = path.resolve().as_uri()
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if r.url != own else None)
    response = page.goto(own, wait_until="load")
    assert response is None or response.ok
    return context, page, problems


def _tables(page: Any) -> dict[str, list[list[str]]]:
    """Every table with a ``data-table`` name, as the browser shows its cells."""
    data = page.evaluate(
        """() => Array.from(document.querySelectorAll('table[data-table]')).map(t => [
            t.dataset.table,
            Array.from(t.rows).map(r => Array.from(r.cells).map(c => c.innerText.trim()))])"""
    )
    tables: dict[str, list[list[str]]] = {}
    for name, rows in data:
        tables.setdefault(name, rows)
    return tables


def _check_charts(page: Any) -> int:
    """Every chart drawn with a size, and beside a table; the number of charts."""
    charts = page.locator("div.figure svg")
    count = charts.count()
    assert count >= 1
    for i in range(count):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 50, (i, box)
        # drawn: the SVG holds shapes with a size of their own
        inner = page.evaluate(
            "([i]) => { const s = document.querySelectorAll('div.figure svg')[i];"
            " const r = s.querySelector('path, rect').getBBox(); return r.width + r.height; }",
            [i],
        )
        assert inner > 0
    figures = page.locator("div.figure")
    for i in range(figures.count()):
        assert figures.nth(i).locator("table").count() >= 1, f"figure {i} has no table"
    return count


def _screenshot(page: Any, name: str, tmp_path: Path) -> None:
    """The whole page (a phone: its first screen; calibrate: the items to discuss)."""
    kept = os.environ.get("GUIDELINT_SCREENSHOTS")
    target = Path(kept or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    shot = target / f"{name}.png"
    if name.endswith("-phone"):
        page.screenshot(path=str(shot))
    elif name == "report-calibrate":
        top = page.locator("#discuss").bounding_box()["y"]
        clip = {"x": 0, "y": top, "width": LAPTOP, "height": 1400}
        page.screenshot(path=str(shot), full_page=True, clip=clip)
    else:
        page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if kept:  # (for docs/: 256 colours take a third of the bytes)
        from PIL import Image

        with Image.open(shot) as image:
            image.convert("RGB").quantize(256).save(shot, optimize=True)


@pytest.mark.parametrize("name", ["check", "check-hostile", "agreement", "calibrate"])
@pytest.mark.parametrize("width", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_report_opens_offline_with_every_chart_drawn(
    browser: Any,
    reports: dict[str, tuple[Path, dict[str, Any]]],
    name: str,
    width: int,
    tmp_path: Path,
) -> None:
    path, _ = reports[name]
    context, page, problems = _open(browser, path, width)
    try:
        charts = _check_charts(page)
        assert charts >= (3 if name.startswith("check") else 5)
        assert problems == []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"
        assert page.locator("script").count() == 0
        if name != "check-hostile":
            _screenshot(page, f"report-{name}" + ("-phone" if width == PHONE else ""), tmp_path)
    finally:
        context.close()


def test_check_report_shows_the_json_numbers(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]]
) -> None:
    for name in ("check", "check-hostile"):
        path, document = reports[name]
        context, page, _ = _open(browser, path, LAPTOP)
        try:
            tables = _tables(page)
            summary = document["summary"]
            shown = {
                r: int(row[2].replace(",", "")) for r, row in rows_by_first(tables["rules"]).items()
            }
            assert shown == summary["by_rule"]
            for key in ("records", "violations", "error", "warning", "info"):
                card = page.locator(f'[data-count="{key}"] .n').inner_text()
                expected = summary[key] if key in summary else summary["by_severity"][key]
                assert card == number(expected), key
            files = rows_by_first(tables["rates-file"])
            assert sum(int(row[1].replace(",", "")) for row in files.values()) == summary["records"]
            assert page.locator("[data-exit-status]").get_attribute("data-exit-status") == "1"
        finally:
            context.close()


def test_agreement_report_shows_the_json_numbers(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]]
) -> None:
    for name in ("agreement", "calibrate"):
        path, document = reports[name]
        context, page, _ = _open(browser, path, LAPTOP)
        try:
            tables = _tables(page)
            if name == "calibrate":  # (calibrate lists every disagreement: --top 0)
                label = document["labels"][0]
                shown = tables["disagreements-0"][1:]
                assert len(shown) == label["disagreements"]["total"]
                tables["disagreements-0"] = tables["disagreements-0"][
                    : 1 + label["disagreements"]["shown"]
                ]
            check_agreement_tables(tables, document)
        finally:
            context.close()


def test_hostile_text_runs_nothing_even_with_javascript_on(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]]
) -> None:
    for name in ("check-hostile", "calibrate"):
        path, _ = reports[name]
        context = browser.new_context(java_script_enabled=True)
        page = context.new_page()
        dialogs: list[str] = []

        def dialog(d: Any, seen: list[str] = dialogs) -> None:
            seen.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        try:
            page.goto(path.resolve().as_uri(), wait_until="load")
            assert dialogs == []
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert "window.__pwned" in page.locator("body").inner_text()  # shown as text
            assert page.locator("body").is_visible()  # (no injected style hid the page)
        finally:
            context.close()
