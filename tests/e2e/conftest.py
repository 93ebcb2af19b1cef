"""Browser journeys: the real app served on a loopback port, driven in Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return (
        os.environ.get("REGISTRY_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for browser tests in CI (.ci/run installs it)")
        pytest.skip("Chromium not installed (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture()
def page(browser, live_server, db):
    # A desktop screen wide enough for the whole menu (it folds into a button below 1400 px;
    # the accessibility walk covers the narrower widths).
    context = browser.new_context(
        base_url=live_server, locale="vi-VN", viewport={"width": 1440, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
