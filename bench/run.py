"""Benchmark Bulletin against the I/O floor, Hugo and Pelican on one seeded synthetic corpus per size,
and write bench/RESULTS.md. Run from the repository's top folder:

    .venv/bin/python bench/run.py                      # N = 1,000, 10,000 and 30,000
    .venv/bin/python bench/run.py --sizes 1000 --repeats 1
    .venv/bin/python bench/run.py --with-100k          # adds N = 100,000 (Bulletin and the floor)

Everything it makes goes in bench/.work/ (git-ignored): the corpora, the outputs, the caches and a
virtual environment with Pelican (never a dependency of Bulletin). Hugo is Debian's `hugo` package,
installed with apt-get when missing.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as search_bench

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from synth import NOW, generate

from generator.render.weight import part_of

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PYTHON = ROOT / ".venv" / "bin" / "python"
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"
PELICAN_VENV = WORK / "pelican-venv"
PELICAN_VERSION = "4.12.0"
FLOOR = """\
import sys
from pathlib import Path
source, target = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(source.iterdir()):
    (target / path.stem).mkdir(parents=True, exist_ok=True)
    (target / path.stem / "index.html").write_bytes(path.read_bytes())
"""
# Git as staff's commits make it, whatever this machine's settings (the hub's history is part of
# what is measured: the Pages workflow builds from a full clone).
GIT = {
    "GIT_AUTHOR_NAME": "Staff",
    "GIT_AUTHOR_EMAIL": "staff@example.org",
    "GIT_COMMITTER_NAME": "Staff",
    "GIT_COMMITTER_EMAIL": "staff@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
HUGO_SINGLE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a></header>
<main><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "Monday, January 2, 2006 3:04 PM" }}</time></p>
{{ .Content }}</main><footer>Synthetic Public Library</footer></body></html>
"""
HUGO_LIST = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range first 50 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the process tree's summed resident memory at its largest
    ok: bool = True


ORDER = ("floor", "cold", "cold-nohist", "cold1", "warm", "noop", "edit", "serve", "serve-all",
         "hugo", "pelican")  # fmt: skip


@dataclass
class Row:
    key: str  # one of ORDER
    name: str
    runs: list[Run] = field(default_factory=list)
    output_bytes: int | None = None
    output_files: int | None = None
    note: str = ""

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(run.peak_mb for run in self.runs)


# -- measuring -----------------------------------------------------------------------------------
def _tree(root: int) -> list[int]:
    """The process and its descendants: from /proc/PID/task/TID/children where the kernel has it
    (cheap), else from every process's parent."""
    found, todo = [], [root]
    try:
        while todo:
            pid = todo.pop()
            found.append(pid)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as listing:
                    todo += [int(child) for child in listing.read().split()]
        return found
    except FileNotFoundError as error:
        if not found or error.filename == f"/proc/{root}/task":
            return found  # the process ended meanwhile
    except OSError:
        pass
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss_kb(pid: int) -> int:
    """Proportional set size when the kernel gives it (forked workers share their parent's pages,
    which plain RSS would count once per worker), else resident set size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Wall time and peak memory of the process tree, sampled every 50 ms for the first 5 s, then
    every 250 ms (sampling takes CPU from what it measures)."""
    os.sync()  # so the previous run's files are not written back to disk during this one
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_rss_kb(pid) for pid in _tree(process.pid)))
        time.sleep(0.05 if time.perf_counter() - started < 5 else 0.25)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        print(
            f"  ! {' '.join(map(str, command[:3]))} failed ({process.returncode}):\n"
            f"{stderr[-2000:]}",
            file=sys.stderr,
        )
    return Run(seconds, peak / 1024, process.returncode == 0)


def size_of(folder: Path) -> tuple[int, int]:
    total = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            total += os.lstat(os.path.join(root, name)).st_size
            files += 1
    return total, files


def parts_of(folder: Path) -> dict[str, int]:
    """The published bytes by part of the site, as `bulletin build` counts them (weight.py)."""
    parts: dict[str, int] = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            part = part_of(path.relative_to(folder).as_posix())
            parts[part] = parts.get(part, 0) + os.lstat(path).st_size
    return parts


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- the peers -----------------------------------------------------------------------------------
def ensure_hugo() -> str | None:
    if shutil.which("hugo") is None:
        say("installing Debian's hugo package with apt-get")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "hugo"],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
    if shutil.which("hugo") is None:
        return None
    out = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    return out.split()[1] if out else "hugo"


def ensure_pelican() -> str | None:
    pelican = PELICAN_VENV / "bin" / "pelican"
    if not pelican.exists():
        say(f"installing Pelican {PELICAN_VERSION} into {PELICAN_VENV.relative_to(ROOT)}")
        subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True)
        subprocess.run(
            [
                str(PELICAN_VENV / "bin" / "pip"),
                "install",
                "-q",
                f"pelican=={PELICAN_VERSION}",
                "markdown",
            ],
            check=False,
        )
    if not pelican.exists():
        return None
    out = subprocess.run([str(pelican), "--version"], capture_output=True, text=True).stdout
    return out.strip()


def remove(folder: Path) -> None:
    """Remove an output folder; Bulletin's is a link to a build in .<name>.bulletin/ beside it."""
    if folder.is_symlink():
        folder.unlink()
        shutil.rmtree(folder.parent / f".{folder.name}.bulletin", ignore_errors=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def commit(corpus: Path, message: str, when: str, *paths: str) -> None:
    """Commit the hub's content (`paths`: what changed; none: everything) as staff would."""
    environment = {**os.environ, **GIT, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    if not (corpus / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=corpus, check=True, env=environment)
    for command in (["add", "--", *(paths or ["content"])], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *command], cwd=corpus, check=True, env=environment)


def hugo_site(corpus: Path) -> Path:
    site = corpus / "hugo"
    if site.exists():
        return site
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    (site / "layouts" / "index.html").write_text(HUGO_LIST)
    (site / "config.toml").write_text(
        'baseURL = "https://example.org/hub/"\ntitle = "Synthetic Hub"\n'
        "buildFuture = true\nbuildExpired = true\n"
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n'
        "[markup.goldmark.renderer]\nunsafe = false\n"
    )
    (site / "content").mkdir()
    os.symlink(corpus / "pages", site / "content" / "events")
    return site


def pelican_site(corpus: Path) -> Path:
    """Pelican reads 'Key: value' headers, not YAML: the same pages, with Pelican's headers."""
    site = corpus / "pelican"
    if site.exists():
        return site
    (site / "content").mkdir(parents=True)
    for path in sorted((corpus / "pages").iterdir()):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        fields = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
        (site / "content" / path.name).write_text(
            f"Title: {fields['title'].strip(chr(34))}\nDate: {fields['date'].replace('T', ' ')}\n"
            f"Slug: {fields['slug']}\nCategory: events\n\n{body}",
            encoding="utf-8",
        )
    (site / "pelicanconf.py").write_text(
        'SITENAME = "Synthetic Hub"\nSITEURL = ""\nTIMEZONE = "America/Chicago"\n'
        'DEFAULT_LANG = "en"\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n'
        "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "DEFAULT_PAGINATION = 50\nLOAD_CONTENT_CACHE = False\n"
        'ARTICLE_URL = "events/{slug}/"\nARTICLE_SAVE_AS = "events/{slug}/index.html"\n'
    )
    return site


# -- one size ------------------------------------------------------------------------------------
def bench_size(
    events: int,
    repeats: int,
    peers: dict[str, str | None],
    with_serve: bool,
    only_targets: bool = False,
) -> dict:
    corpus = WORK / f"n{events}"
    say(f"\n== N = {events:,}: writing the corpus to {corpus.relative_to(ROOT)}")
    counts = generate(corpus, events)
    commit(corpus, "The hub", "2026-10-01T10:00:00Z")
    rows: dict[str, Row] = {}
    out = corpus / "out"
    big = events >= 10_000
    slow = 1 if big else repeats  # the slowest runs: once at 10,000 and up
    repeats = 1 if events > 10_000 else min(repeats, 2) if big else repeats

    def clean(*folders: Path) -> None:
        for folder in folders:
            remove(folder)

    # The I/O floor: the same pages read and written by plain Python, nothing else.
    floor = corpus / "floor.py"
    floor.write_text(FLOOR)
    row = rows.setdefault(
        "floor", Row("floor", "I/O floor: plain Python read + write of the pages")
    )
    for _ in range(repeats):
        clean(out)
        row.runs.append(measure([str(PYTHON), str(floor), str(corpus / "pages"), str(out)]))
    row.output_bytes, row.output_files = size_of(out)
    say(f"  floor {row.seconds:.2f} s")

    build = [
        str(BULLETIN),
        "build",
        "--content",
        str(corpus / "content"),
        "--templates",
        str(ROOT / "templates"),
        "--out",
        str(out),
        "--now",
        NOW,
    ]
    cache = corpus / ".bulletin-cache"  # the default, as the Pages workflow keeps it (and serve)
    # Variants first: the default cold build leaves the cache as a publish leaves it.
    if events <= 10_000 and not only_targets:
        row = rows.setdefault(
            "cold-nohist", Row("cold-nohist", "Bulletin: cold build, no git history")
        )
        clean(out, cache)
        row.runs.append(measure(build + ["--no-history"]))
        say(f"  cold, no history {row.seconds:.2f} s")
    if not big and not only_targets:
        row = rows.setdefault("cold1", Row("cold1", "Bulletin: cold build, one process (--jobs 1)"))
        clean(out, cache)
        row.runs.append(measure(build + ["--jobs", "1"]))
        say(f"  cold, one process {row.seconds:.2f} s")
    row = rows.setdefault("cold", Row("cold", "Bulletin: cold build (no cache, no site/)"))
    for _ in range(slow):
        clean(out, cache)
        row.runs.append(measure(build))
    row.output_bytes, row.output_files = size_of(out)
    parts = parts_of(out)
    say(f"  cold {row.seconds:.2f} s")
    row = rows.setdefault(
        "warm", Row("warm", "Bulletin: CI-warm build (cache restored, empty site/)")
    )
    for _ in range(repeats):
        clean(out)
        row.runs.append(measure(build))
    say(f"  warm {row.seconds:.2f} s")
    row = rows.setdefault("noop", Row("noop", "Bulletin: no-op rebuild (cache and site/ kept)"))
    for _ in range(repeats):
        row.runs.append(measure(build))
    say(f"  no-op {row.seconds:.2f} s")
    row = rows.setdefault("edit", Row("edit", "Bulletin: rebuild after editing one event"))
    target = sorted((corpus / "content" / "events").rglob("*.md"))[events // 2]
    original = target.read_text(encoding="utf-8")
    edited = str(target.relative_to(corpus))
    for attempt in range(repeats):
        target.write_text(
            original.replace("title: ", f"title: Edited {attempt} ", 1), encoding="utf-8"
        )
        commit(corpus, "An edit", f"2026-10-02T10:{attempt:02d}:00Z", edited)
        row.runs.append(measure(build))
    target.write_text(original, encoding="utf-8")
    commit(corpus, "The edit undone", "2026-10-02T11:00:00Z", edited)
    say(f"  one-event edit {row.seconds:.2f} s")
    if with_serve and events <= 10_000:  # serve starts from the unedited hub's cache
        measure(build)
        rows["serve"], rows["serve-all"] = serve_latency(corpus, target, max(repeats, 3))
        say(f"  serve {rows['serve'].seconds:.2f} s, whole site {rows['serve-all'].seconds:.2f} s")

    if peers.get("hugo"):
        site = hugo_site(corpus)
        row = rows.setdefault(
            "hugo", Row("hugo", f"Hugo {peers['hugo']} (Debian), one page per event")
        )
        for _ in range(repeats):
            clean(out, site / "resources")
            row.runs.append(
                measure(["hugo", "--quiet", "--source", str(site), "--destination", str(out)])
            )
        row.output_bytes, row.output_files = size_of(out)
        say(f"  hugo {row.seconds:.2f} s")
    if (
        peers.get("pelican") and events <= 10_000 and not only_targets
    ):  # over an hour from 30,000 on a shared machine
        site = pelican_site(corpus)
        row = rows.setdefault(
            "pelican", Row("pelican", f"Pelican {peers['pelican']} (PyPI), one page per event")
        )
        for _ in range(slow):
            clean(out)
            row.runs.append(
                measure(
                    [
                        str(PELICAN_VENV / "bin" / "pelican"),
                        str(site / "content"),
                        "-o",
                        str(out),
                        "-s",
                        str(site / "pelicanconf.py"),
                        "-q",
                    ]
                )
            )
        row.output_bytes, row.output_files = size_of(out)
        say(f"  pelican {row.seconds:.2f} s")
    clean(out)
    measured = {"events": events, "counts": counts, "rows": rows, "parts": parts}
    # With --only-targets, the search (its own build, no cache) is measured only where a target
    # needs it, N = 10,000: at 100,000 that build would add most of an hour.
    if not only_targets or events == 10_000:
        say("  search: index time and first searches")
        measured["search"] = search_bench.measure_built(corpus, NOW)
    return measured


def serve_latency(corpus: Path, target: Path, repeats: int) -> tuple[Row, Row]:
    """Start `bulletin serve`, then time from saving an event's file to its page showing the
    change over HTTP, and to serve saying the whole site is rebuilt (the next save waits for it)."""
    shown = Row("serve", "Bulletin serve: save one event until its page shows the change")
    whole = Row("serve-all", "Bulletin serve: save one event until the whole site is rebuilt")
    out = corpus / "serve-out"
    remove(out)
    process = subprocess.Popen(
        [
            str(BULLETIN),
            "serve",
            "--content",
            str(corpus / "content"),
            "--templates",
            str(ROOT / "templates"),
            "--out",
            str(out),
            "--now",
            NOW,
            "--port",
            "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=corpus,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line)

    assert process.stderr is not None
    threading.Thread(target=read, args=(process.stderr,), daemon=True).start()

    def wait_for(text: str, limit: float = 1800) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None:
                    break
                continue
            if text in line:
                return line
        raise RuntimeError(f"bulletin serve never said {text!r}")

    original = target.read_text(encoding="utf-8")
    try:
        said = re.search(r"(http://\S+)", wait_for("Serving the hub at"))
        if said is None:
            raise RuntimeError("bulletin serve did not say its address")
        url = said[1]
        page = f"{url.rstrip('/')}/events/{target.stem}/"
        time.sleep(2)  # serve says where it serves just before it starts watching the folders
        for attempt in range(repeats):
            title = f"Served {attempt} {time.time_ns()}"
            saved = time.perf_counter()
            target.write_text(original.replace("title: ", f"title: {title} ", 1), encoding="utf-8")
            while True:
                try:
                    with urllib.request.urlopen(page, timeout=30) as response:
                        if title.encode() in response.read():
                            break
                except OSError:
                    pass
                if time.perf_counter() - saved > 600:
                    raise RuntimeError("the edit never showed")
                time.sleep(0.01)
            shown.runs.append(Run(time.perf_counter() - saved, 0))
            wait_for("Rebuilt in")
            whole.runs.append(Run(time.perf_counter() - saved, 0))
            time.sleep(0.5)
    finally:
        target.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(out, ignore_errors=True)
    shown.note = "watchfiles waits for 50 ms of quiet after a save before serve reads it"
    return shown, whole


# -- the report ----------------------------------------------------------------------------------
def machine() -> list[str]:
    cpu = "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))})",
        f"- RAM: {memory:.1f} GiB; load average at the end {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f}",
        f"- {platform.platform()}; Python {platform.python_version()}",
    ]


def report(results: list[dict], peers: dict[str, str | None], started: float) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py` on {time.strftime('%Y-%m-%d %H:%M')} in "
        f"{(time.time() - started) / 60:.1f} minutes. Medians of the runs shown; memory is "
        "the largest summed proportional set size (PSS) of the process tree, sampled every "
        "50 ms for 5 s, then every 250 ms. Bulletin builds as the Pages workflow does: the hub "
        "committed to a git repository and its history read (the feeds' DTSTAMP and SEQUENCE), "
        "with `--now` fixed, on the same synthetic hub each time (bench/synth.py, seed 7); the "
        "CI-warm build is a publish's: the cache restored, no site/, a new process. Hugo and Pelican build "
        "the same events' Markdown bodies as one page each. `serve` shows an edited "
        "event's own page from memory before it rebuilds the rest (generator/serve/preview.py): "
        "the first serve row is the time until that page shows the edit over HTTP, the "
        "second until the whole site is rebuilt.",
        "",
    ]
    lines += machine()
    lines += [
        f"- Hugo: {peers.get('hugo') or 'not available'}; Pelican: "
        f"{peers.get('pelican') or 'not available'}",
        "",
    ]
    for result in results:
        rows: dict[str, Row] = result["rows"]
        counts = result["counts"]
        lines += [
            f"## N = {result['events']:,} events",
            "",
            f"{counts['series']} repeating series, {counts['cancelled']} cancelled, "
            f"{counts['online']} online or hybrid; {counts['partners']} partners, "
            f"{counts['venues']} venues.",
            "",
            "| what | runs | wall (s) | peak memory (MB) | output |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in sorted(rows.values(), key=lambda row: ORDER.index(row.key)):
            size = (
                f"{row.output_bytes / 2**20:,.0f} MB in {row.output_files:,} files"
                if row.output_bytes is not None
                else ""
            )
            memory = f"{row.peak_mb:,.0f}" if row.peak_mb else ""
            failed = "" if all(run.ok for run in row.runs) else " (FAILED)"
            lines.append(
                f"| {row.name}{failed} | {len(row.runs)} | {row.seconds:.2f} | {memory} | {size} |"
            )
        lines += [
            "",
            'Where Bulletin\'s published bytes go (docs/format.md, "A very large hub"):',
            "",
            "| part of the site | MB | KB per event |",
            "| --- | --- | --- |",
        ]
        for part, size in sorted(result["parts"].items(), key=lambda item: -item[1]):
            lines.append(f"| {part} | {size / 1e6:,.1f} | {size / result['events'] / 1e3:,.1f} |")
        lines += ["", "| ratio | value |", "| --- | --- |"]

        def ratio(
            label: str, a: str, b: str, attribute: str = "seconds", rows=rows, lines=lines
        ) -> None:
            if a in rows and b in rows and getattr(rows[b], attribute):
                value = getattr(rows[a], attribute) / getattr(rows[b], attribute)
                lines.append(f"| {label} | {value:.2f}x |")

        ratio("cold build / I/O floor", "cold", "floor")
        ratio("cold build / Hugo", "cold", "hugo")
        ratio("cold build / Pelican", "cold", "pelican")
        ratio("Pelican / cold build (speed-up)", "pelican", "cold")
        ratio("warm build / I/O floor", "warm", "floor")
        ratio("no-op rebuild / I/O floor", "noop", "floor")
        ratio("one-event rebuild / I/O floor", "edit", "floor")
        ratio("Hugo / I/O floor", "hugo", "floor")
        ratio("Pelican / I/O floor", "pelican", "floor")
        ratio("cold build memory / Hugo's", "cold", "hugo", "peak_mb")
        ratio("cold build memory / Pelican's", "cold", "pelican", "peak_mb")
        for name, label in (
            ("serve", "serve: save to page shown"),
            ("serve-all", "serve: save to whole site rebuilt"),
        ):
            if name in rows:
                lines.append(
                    f"| {label} | {rows[name].seconds:.2f} s (runs: "
                    f"{', '.join(f'{r.seconds:.2f}' for r in rows[name].runs)}) |"
                )
        lines.append("")
        if "search" in result:
            lines += search_bench.lines(result["events"], result["search"])
    lines += targets(results)
    return "\n".join(lines) + "\n"


def targets(results: list[dict]) -> list[str]:
    """Issue 17's targets, from this run: at N = 10,000, growth from N = 10,000 to the largest N
    measured, and at N = 100,000 when measured."""
    lines = [
        "## Targets (issue 17)",
        "",
        "| target | measured | target | met |",
        "| --- | --- | --- | --- |",
    ]

    def check(label: str, measured: str, wanted: str, met: bool) -> None:
        lines.append(f"| {label} | {measured} | {wanted} | {'yes' if met else 'no'} |")

    def times(a: Row, b: Row, label: str, at_most: float, n: str) -> None:
        value = a.seconds / b.seconds
        check(f"{n}: {label}", f"{a.seconds:.2f} s = {value:.2f}x", f"at most {at_most:g}x",
              value <= at_most)  # fmt: skip

    by_size = {result["events"]: result["rows"] for result in results}
    rows = by_size.get(10_000)
    if rows is not None:
        n = "N = 10,000"
        if "hugo" in rows:
            hugo = rows["hugo"]
            times(rows["warm"], hugo, "CI-warm build (cache restored, empty site/) / Hugo", 0.5, n)
            times(rows["edit"], hugo, "one-event rebuild / Hugo", 0.25, n)
            times(rows["cold"], hugo, "cold build / Hugo", 2, n)
            share = rows["cold"].peak_mb / hugo.peak_mb
            check(f"{n}: cold build's peak memory / Hugo's",
                  f"{rows['cold'].peak_mb:,.0f} MB = {share:.2f}x", "at most 0.33x",
                  share <= 1 / 3)  # fmt: skip
        if "serve-all" in rows:
            whole = rows["serve-all"].seconds
            check(f"{n}: serve's whole-site rebuild after one edit", f"{whole:.2f} s",
                  "under 2 s", whole < 2)  # fmt: skip
        times(rows["noop"], rows["floor"], "no-op rebuild / I/O floor", 1, n)
        search = next(
            (r["search"] for r in results if r["events"] == 10_000 and "search" in r), None
        )
        if search is not None:
            worst = search_bench.worst(search)
            check(f"{n}: bytes a first search fetches", f"{worst / 1024:,.1f} KB", "under 250 KB",
                  worst < search_bench.BUDGET)  # fmt: skip
    largest = max(by_size)
    if 10_000 in by_size and largest > 10_000:
        grow = largest / 10_000
        for key in ("cold", "warm", "noop", "edit"):
            a, b = by_size[10_000].get(key), by_size[largest].get(key)
            if a is None or b is None:
                continue
            per = (b.seconds / largest) / (a.seconds / 10_000)
            check(f"{b.name} grows no faster than linearly, N = 10,000 to {largest:,}",
                  f"{a.seconds:.1f} s to {b.seconds:.1f} s: {per:.2f}x the time per event",
                  "at most 1.25x", per <= 1.25)  # fmt: skip
        a, b = by_size[10_000]["cold"], by_size[largest]["cold"]
        per = (b.peak_mb / largest) / (a.peak_mb / 10_000)
        check(f"peak memory grows no faster than linearly, N = 10,000 to {largest:,}",
              f"{a.peak_mb:,.0f} MB to {b.peak_mb:,.0f} MB ({grow:g}x the events)",
              "at most 1.25x per event", per <= 1.25)  # fmt: skip
    rows = by_size.get(100_000)
    if rows is not None:
        n = "N = 100,000"
        peak = rows["cold"].peak_mb / 1024
        check(f"{n}: peak memory", f"{peak:.2f} GB", "under 1.5 GB", peak < 1.5)
        size = rows["cold"].output_bytes or 0
        check(f"{n}: published output", f"{size / 2**30:.2f} GB", "under 1 GB (GitHub Pages)",
              size < 2**30)  # fmt: skip
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="1000,10000,30000",
        help="comma-separated numbers of events (default: 1000,10000,30000)",
    )
    parser.add_argument("--with-100k", action="store_true", help="also N = 100,000 (long)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Pelican")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    parser.add_argument(
        "--only-targets",
        action="store_true",
        help="only the rows issue 17's targets need (no --no-history, --jobs 1 or Pelican rows, "
        "and search only at N = 10,000)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",") if size]
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("*\n")
    started = time.time()
    peers: dict[str, str | None] = {}
    if not arguments.no_peers:
        peers = {"hugo": ensure_hugo(), "pelican": ensure_pelican()}
    results = []
    plan = [(size, arguments.repeats, peers, not arguments.no_serve) for size in sizes]
    if arguments.with_100k:
        plan.append((100_000, 1, {}, False))
    for size, repeats, its_peers, serve in plan:
        results.append(bench_size(size, repeats, its_peers, serve, arguments.only_targets))
        # Written after each size, so that a run stopped part-way keeps what it measured.
        text = report(results, peers, started)
        arguments.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
