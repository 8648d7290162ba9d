"""The HTML report in a real browser: it renders its chart and asks the network for nothing.

Runs where Chromium is installed (``chromium`` or ``chromium-browser`` on PATH), headless,
with the network cut off (an unreachable proxy, no name resolution) and Chromium's network log
written; skipped elsewhere. The page's own requests are told apart from the browser's
background ones by their origin in that log (the page is a ``file://`` document).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clusterxchange.cli import main
from clusterxchange.examples import example_path

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine")

#: The colour of the chart's "reached" bars (clusterxchange.kpi._svg).
REACHED = (0x1F, 0x5F, 0x8B)


def _browse(page: Path, folder: Path, *action: str) -> tuple[str, list[str]]:
    """Open *page* headless, offline; return the browser's stdout and the page's requests."""
    assert BROWSER is not None
    log = folder / "net-log.json"
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",  # tests may run as root in a container
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={folder / 'profile'}",
        "--proxy-server=127.0.0.1:9",  # nothing listens there: no request can leave
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={log}",
        *action,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, _page_requests(log)


def _page_requests(log: Path) -> list[str]:
    """Return the URLs the ``file://`` page asked for, from Chromium's network log."""
    text = log.read_text(encoding="utf-8")
    try:
        data: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError:  # a log cut short at exit: close its list of events
        data = json.loads(text.rstrip().rstrip(",") + "]}")
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = []
    for event in data["events"]:
        params = event.get("params", {})
        if event["type"] != start or "url" not in params:
            continue
        origin = params.get("network_isolation_key", "") + params.get("site_for_cookies", "")
        if "file://" in origin and not params["url"].startswith(("file:", "data:")):
            requests.append(params["url"])
    return requests


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    page = folder / "report.html"
    code = main(
        [
            "report",
            str(example_path("tideway.csv")),
            "--targets",
            str(example_path("tideway-targets.toml")),
            "--on",
            "2024-06-01",
            "--output",
            str(page),
        ],
        out=io.StringIO(),
    )
    assert code == 1  # written; five exchanges are not eligible
    return page


def test_the_page_renders_its_chart_and_makes_no_request(report: Path, tmp_path: Path) -> None:
    dom, requests = _browse(report, tmp_path, "--dump-dom")
    assert requests == []
    assert '<svg class="chart"' in dom
    assert dom.count('class="reached"') == 7
    assert "TIDEWAY" in dom
    assert "Findings: errors and warnings" in dom


def test_the_screenshot_shows_the_bars(report: Path, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    shot = tmp_path / "report.png"
    _, requests = _browse(report, tmp_path, f"--screenshot={shot}", "--window-size=1100,2400")
    assert requests == []
    with image.open(shot) as picture:
        pixels = picture.convert("RGB")
        width, height = pixels.size
        colours = {
            pixels.getpixel((x, y)) for x in range(0, width, 3) for y in range(0, height // 2, 3)
        }
    assert REACHED in colours  # the bars were drawn, in the chart's colour


def test_the_log_does_show_a_page_that_asks_the_network(tmp_path: Path) -> None:
    """The check above can fail: a page with an outside image is caught asking for it."""
    page = tmp_path / "outside.html"
    page.write_text(
        "<!DOCTYPE html><html><body><img src='http://example.invalid/logo.png'></body></html>",
        encoding="utf-8",
    )
    _, requests = _browse(page, tmp_path, "--dump-dom")
    assert requests == ["http://example.invalid/logo.png"]
