"""Regenerate docs/report.png, the README's picture of the sample's review pack.

    python scripts/report_screenshot.py

Writes the sample's report (``kpitool report sample_reports --period 2026-11``) to a temp
folder and photographs it in the system's Chromium (Playwright, headless): the top of the
page (header and KPI cards) beside its charts (profit waterfall and drivers), side by side.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "report.png"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH, HEIGHT = 1100, 1500


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("no chromium: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "review.html"
        args = ["report", "sample_reports", "--period", "2026-11", "-o", str(page_file)]
        subprocess.run([sys.executable, "-m", "kpitool", *args], cwd=ROOT, check=False)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(page_file.as_uri())
            top = page.screenshot(clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
            y = page.locator("#profit").bounding_box()
            assert y is not None
            charts = page.screenshot(
                full_page=True, clip={"x": 0, "y": y["y"], "width": WIDTH, "height": HEIGHT}
            )
            both = "".join(
                f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}">'
                for png in (top, charts)
            )
            page.set_viewport_size({"width": 2 * WIDTH + 20, "height": HEIGHT})
            page.set_content(f'<body style="margin:0;display:flex;gap:20px">{both}</body>')
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
