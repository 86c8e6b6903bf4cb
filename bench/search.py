"""The search on a big hub: how long the build spends making the index, and how many bytes a
reader's browser fetches for a first search. Used by bench/run.py for each size; also runs alone:

    .venv/bin/python bench/search.py --sizes 1000,10000

Index time: the index of a hub already loaded, made in this process as the build makes it
(render/search_index.py: the records, Pagefind's program, the normalising), median of 3 runs.
First search: the built site served on this computer the way GitHub Pages serves it (text
compressed with gzip; Pagefind's files are compressed already), opened in Debian's Chromium with an
empty cache at /search/?<query>; the bytes are what went over the connection (bodies as sent,
without headers), for the page, its style and scripts and every piece of the index it loaded.
"""

from __future__ import annotations

import gzip
import http.server
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# First searches measured: a filter-only search over the biggest window, an audience this
# weekend, and words with a filter.
QUERIES = ("when=month", "audience=teens&when=weekend", "q=workshop&cost=free")
BUDGET = 250 * 1024  # the limit for a first search at N = 10,000
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
DONE = """() => {
  const root = document.getElementById("search");
  const status = document.getElementById("search-status").textContent;
  const error = document.getElementById("search-error").textContent;
  return !root.hasAttribute("aria-busy") && (error || (status && status !== "Searching…"));
}"""


def index_seconds(content: Path, now: str, repeats: int = 3) -> list[float]:
    """Seconds to make every tree's search index of the hub in `content` at `now`."""
    from generator.content.load import load
    from generator.options import resolve_now
    from generator.render.pages import Pages
    from generator.render.search_index import BUNDLES, Tree, search_outputs
    from generator.render.urls import Urls

    loaded = load(content, False, now=lambda zone: resolve_now(now, None, zone))
    assert loaded.index is not None, [str(p) for p in loaded.problems if p.is_error]
    index = loaded.index
    moment = resolve_now(now, None, index.site.timezone)
    urls = Urls(index.site.base_url)
    pages = Pages(index, urls, moment, ROOT / "templates", {})
    times = []
    for _ in range(repeats):
        BUNDLES.values.clear()  # a process keeps the bundles it made: measure the making
        started = time.perf_counter()
        for _path, _data in search_outputs(
            index,
            urls,
            pages.upcoming,
            moment,
            pages.views.search_description,
            Tree("", pages.language.code),
        ):
            pass
        times.append(time.perf_counter() - started)
    return times


class GzipServer:
    """`root` served at http://127.0.0.1:PORT/, text compressed as GitHub Pages sends it."""

    def __init__(self, root: Path):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args):
                super().__init__(*args, directory=str(root))

            def log_message(self, *args):
                pass

            def send_head(self):
                path = Path(self.translate_path(self.path))
                if path.is_dir():
                    path = path / "index.html"
                if path.is_file() and path.suffix in COMPRESSED:
                    body = gzip.compress(path.read_bytes(), 6, mtime=0)
                    self.send_response(200)
                    self.send_header("Content-Type", self.guess_type(str(path)))
                    self.send_header("Content-Encoding", "gzip")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    import io

                    return io.BytesIO(body)
                return super().send_head()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def first_search_bytes(site: Path) -> dict[str, tuple[int, int, str]]:
    """For each of QUERIES: (bytes over the connection, requests, the status line) of a first search,
    with the site at `site` served at the root (it must be built with that base URL)."""
    from playwright.sync_api import Request, sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    server = GzipServer(site)
    found = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox"]
            )
            for query in QUERIES:
                context = browser.new_context()
                context.clock.set_fixed_time("2026-11-22T12:00:00-06:00")
                page = context.new_page()
                responses: list[Request] = []

                def finished(request: Request, seen: list[Request] = responses) -> None:
                    seen.append(request)  # playwright needs a function it can mark

                page.on("requestfinished", finished)
                page.goto(f"{server.base}search/?{query}")
                page.wait_for_function(DONE, timeout=60_000)
                page.wait_for_load_state("networkidle")
                total = sum(request.sizes()["responseBodySize"] for request in responses)
                results = page.locator("#search-status").inner_text()
                found[query] = (total, len(responses), results)
                context.close()
            browser.close()
    finally:
        server.close()
    return found


def measure(events: int, work: Path) -> dict:
    """Make the corpus of `events` (bench/synth.py), build it for http://127.0.0.1/ and measure."""
    from synth import NOW, generate

    corpus = work / f"search-n{events}"
    shutil.rmtree(corpus, ignore_errors=True)
    generate(corpus, events)
    return measure_built(corpus, NOW)


def measure_built(corpus: Path, now: str) -> dict:
    """The index time and first searches for the corpus at `corpus` (its content/)."""
    import subprocess

    site = corpus / "search-site"
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "bulletin"),
            "build",
            "--content",
            str(corpus / "content"),
            "--templates",
            str(ROOT / "templates"),
            "--out",
            str(site),
            "--base-url",
            "http://127.0.0.1/",
            "--now",
            now,
            "--no-history",
            "--no-cache",
        ],
        check=True,
        capture_output=True,
    )
    seconds = index_seconds(corpus / "content", now)
    searches = first_search_bytes(site)
    bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    files = sum(1 for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"index_seconds": seconds, "searches": searches, "bundle": (bundle, files)}


def lines(events: int, measured: dict) -> list[str]:
    """The search's part of bench/RESULTS.md for one size."""
    seconds = measured["index_seconds"]
    bundle, files = measured["bundle"]
    out = [
        f"Search index (N = {events:,}): made in {statistics.median(seconds):.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in seconds)}); {bundle / 2**20:.1f} MB in "
        f"{files:,} files.",
        "",
        "| first search | bytes fetched | requests | status |",
        "| --- | --- | --- | --- |",
    ]
    for query, (total, requests, status) in measured["searches"].items():
        out.append(f"| `/search/?{query}` | {total / 1024:,.1f} KB | {requests} | {status} |")
    return out + [""]


def worst(measured: dict) -> int:
    return max(total for total, _, _ in measured["searches"].values())


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    arguments = parser.parse_args()
    work = ROOT / "bench" / ".work"
    work.mkdir(parents=True, exist_ok=True)
    (work / ".gitignore").write_text("*\n")
    for events in [int(size) for size in arguments.sizes.split(",") if size]:
        measured = measure(events, work)
        print("\n".join(lines(events, measured)))
        print(
            f"largest first search: {worst(measured) / 1024:,.1f} KB (budget {BUDGET // 1024} KB)"
        )


if __name__ == "__main__":
    main()
