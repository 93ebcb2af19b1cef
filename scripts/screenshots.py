"""Take screenshots of the running app for the README tour (headless Debian Chromium).

Usage: .venv/bin/python scripts/screenshots.py BASE_URL USERNAME PASSWORD OUT_DIR PATH[::NAME] ...
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(base: str, username: str, password: str, out_dir: str, *pages: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(base_url=base, viewport={"width": 1360, "height": 900})
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        for spec in pages:
            path, _, name = spec.partition("::")
            page.goto(path)
            target = out / f"{name or path.strip('/').replace('/', '-') or 'home'}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
