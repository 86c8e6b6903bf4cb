"""`bulletin serve` end to end: the real command in a subprocess on a free port, driven over HTTP
while its content files are edited, broken and fixed; the reload channel read as a raw event
stream; site/ compared byte for byte with `bulletin build`; a taken port; Ctrl-C."""

from __future__ import annotations

import html
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from generator.options import BuildOptions

from conftest import EVENT, NOW, ROOT, needs, remove_site, tree, write_hub

SCRIPT_RE = re.compile(rb"<script>/\* added by bulletin serve.*?</script>\n", re.DOTALL)


class Serve:
    """`python -m generator serve` in `folder`, with its terminal output (stdout and stderr in
    the order printed) collected as it comes."""

    def __init__(self, folder: Path, *options: str):
        self.folder = folder
        # Ctrl-C as in a terminal, even when the tests themselves run in the background (a shell
        # starts background jobs with Ctrl-C ignored, and a process keeps that when it starts).
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", *options],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        # One pipe for both streams keeps the terminal's order (problems, then the summary).
        self.reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self.reader.start()
        self.url = ""

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = 90) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(
            f"no line matching {pattern!r}; the terminal showed:\n" + "\n".join(self.seen)
        )

    def started(self) -> Serve:
        self.url = self.wait_for_line(r"^Serving the hub at (http://\S+/) ").group(1)
        return self

    def stop(self, how: int = signal.SIGINT) -> tuple[int, str]:
        """Ctrl-C (or another signal); returns (exit status, everything printed after serving
        began)."""
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, "\n".join(self.seen)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)  # the pipe ends when the process has gone
        self.process.stdout.close()


@pytest.fixture
def serving(tmp_path):
    """Start serve on the small hub (content written by write_hub) on a free port."""
    started: list[Serve] = []

    def start(*options: str, folder: Path | None = None) -> Serve:
        folder = folder or tmp_path
        if not (folder / "content").exists():
            write_hub(folder, {})
        shutil.copytree(ROOT / "templates", folder / "templates", dirs_exist_ok=True)
        server = Serve(folder, "--port", "0", "--now", NOW, *options)
        started.append(server)
        return server.started()

    yield start
    for server in started:
        server.close()


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers["Content-Type"]


def poll(url: str, wanted: bytes, timeout: float = 20) -> tuple[int, bytes]:
    """GET `url` until its body contains `wanted`; the time limit is the promise to staff."""
    deadline = time.monotonic() + timeout
    while True:
        status, body, _ = get(url)
        if wanted in body:
            return status, body
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{url} never showed {wanted!r}; last answer {status}:\n"
                f"{body.decode(errors='replace')[:3000]}"
            )
        time.sleep(0.1)


def edit(path: Path, text: str) -> None:
    """Save a file the way editors do: write a hidden temporary file, then rename it over."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_edit_break_and_fix_are_seen_over_http(serving, tmp_path):
    server = serving()
    page = server.url + "events/teen-tech/"
    status, body, kind = get(page)
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert b"Teen Tech Drop-In" in body

    event = tmp_path / "content" / "events" / "teen-tech.md"
    edit(event, EVENT.replace("Teen Tech Drop-In", "Teen Tech Evening"))
    poll(page, b"Teen Tech Evening")
    server.wait_for_line(r"^Rebuilt in \d+\.\d\d s\.$")

    edit(event, EVENT.replace("location: central\n", "location: central\npartners: [youth-havn]\n"))
    line = (
        "content/events/teen-tech.md:6: unknown partner 'youth-havn'; did you mean "
        "'youth-haven'? (there is no youth-havn.md in content/partners/)"
    )
    status, body = poll(page, html.escape(line).encode())
    assert status == 500
    assert b"<h1>The hub cannot be built: 1 problem to fix</h1>" in body
    assert b"Fix the file and save; this page reloads by itself." in body
    assert b"Teen Tech Evening" not in body
    server.wait_for_line("^" + re.escape(line) + "$")
    server.wait_for_line(r"^Not built \(1 error, \d+\.\d\d s\): the browser shows the problems")
    for other in ("", "events/", "no/such/page/", "partners/youth-haven/index.html"):
        assert get(server.url + other)[:2] == (500, body), "every page shows the problems"
    assert get(server.url + "assets/style.css")[0] == 200

    # A value that must be escaped on the page, then invalid YAML: each replaces the last problem.
    edit(event, EVENT.replace("location: central\n", "location: central\npartners: [a<b>&c]\n"))
    escaped = (
        "content/events/teen-tech.md:6: &#x27;partners&#x27; &#x27;a&lt;b&gt;&amp;c&#x27; "
        "is not a file name"
    )
    status, body = poll(page, escaped.encode())
    assert b"<b>" not in body and b"youth-havn" not in body
    edit(event, '---\ntitle: "Teen Tech\nstart: 2026-12-02 15:30\n---\n')
    yaml_line = (
        "content/events/teen-tech.md:2: the front-matter is not valid YAML (found "
        "unexpected end of stream): a quoted value is not closed; add the closing quote"
    )
    status, body = poll(page, html.escape(yaml_line).encode())
    assert status == 500 and b"a&lt;b&gt;" not in body

    edit(event, EVENT.replace("Teen Tech Drop-In", "Teen Tech Fixed"))
    status, body = poll(page, b"Teen Tech Fixed")
    assert status == 200
    assert get(server.url + "no/such/page/")[0] == 404
    code, printed = server.stop()
    assert code == 0, printed


def generation(page: bytes) -> int:
    """The rebuild a served page came from, as its reload script tells the server."""
    return int(re.search(rb'EventSource\("/__bulletin__/events\?since=(\d+)"\)', page).group(1))


def read_events(url: str, since: int, timeout: float = 20):
    """Open the reload channel as a page that came from rebuild `since` would; returns the
    response (read it line by line) and its connection."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    connection.request("GET", f"/__bulletin__/events?since={since}")
    response = connection.getresponse()
    return response, connection


def message(response) -> list[bytes]:
    """The next message of an event stream, as its lines; comment lines (the server's heartbeat,
    sent while nothing happens) are left out."""
    lines = []
    while (line := response.readline()) not in (b"\n", b""):
        if not line.startswith(b":"):
            lines.append(line.rstrip(b"\n"))
    return lines


def test_reload_channel_signals_each_rebuild(serving, tmp_path):
    server = serving()
    page = server.url + "events/teen-tech/"
    _, body, _ = get(page)
    seen = generation(body)

    response, connection = read_events(server.url, seen)
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/event-stream"
    assert message(response) == [b"retry: 1000"]
    started = time.monotonic()
    edit(
        tmp_path / "content" / "events" / "teen-tech.md",
        EVENT.replace("Teen Tech Drop-In", "Teen Tech Evening"),
    )
    assert message(response) == [b"event: reload", f"data: {seen + 1}".encode()]
    assert response.readline() == b"", "the stream ends after a reload (the page goes away)"
    assert time.monotonic() - started < 20
    connection.close()
    _, body, _ = get(page)
    assert b"Teen Tech Evening" in body and generation(body) == seen + 1

    # A page served before a rebuild it has not heard of (it was still loading) reloads at once.
    response, connection = read_events(server.url, seen)
    assert message(response) == [b"retry: 1000"]
    assert message(response) == [b"event: reload", f"data: {seen + 1}".encode()]
    connection.close()
    assert server.stop()[0] == 0


def test_site_on_disk_is_what_build_writes_and_only_responses_get_the_script(serving, tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    server = serving("--drafts")

    def plain_build() -> dict[str, bytes]:
        """A fresh `bulletin build` in its own process (no work kept from earlier builds)."""
        remove_site(tmp_path / "built")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                "--out",
                "built",
                "--now",
                NOW,
                "--base-url",
                server.url,
                "--drafts",
            ],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            timeout=120,
        )
        return tree(tmp_path / "built")

    served = tree(tmp_path / "site")
    assert served == plain_build()
    assert not any(b"__bulletin__" in data for data in served.values())
    # After an edit too, so a rebuild that reuses earlier work writes what a fresh build writes.
    event = tmp_path / "content" / "events" / "teen-tech-drop-in.md"
    edit(
        event,
        event.read_text(encoding="utf-8").replace(
            "title: Teen Tech Drop-In", "title: Teen Tech Evening", 1
        ),
    )
    # The edited page shows first (from memory), then the rebuild brings the rest of the site.
    poll(server.url + "events/teen-tech-drop-in/", b"<h1>Teen Tech Evening", timeout=60)
    server.wait_for_line(
        r"^Showing the new events/teen-tech-drop-in/ \(\d+\.\d\d s\); "
        r"rebuilding the rest of the site\.$"
    )
    server.wait_for_line(r"^Rebuilt in \d+\.\d\d s\.$")
    assert tree(tmp_path / "site") == plain_build()
    edit(event, (ROOT / "content" / "events" / "teen-tech-drop-in.md").read_text(encoding="utf-8"))
    poll(server.url + "events/teen-tech-drop-in/", b"<h1>Teen Tech Drop-In", timeout=60)
    server.wait_for_line(r"^Rebuilt in \d+\.\d\d s\.$")
    served = tree(tmp_path / "site")
    assert served == plain_build()

    for out_path in (
        "index.html",
        "events/teen-tech-drop-in/index.html",
        "404.html",
        "assets/style.css",
        "feeds/all.ics",
    ):
        url = server.url + out_path.removesuffix("index.html")
        status, body, kind = get(url if out_path != "404.html" else server.url + "nowhere/")
        expected_status = 404 if out_path == "404.html" else 200
        if out_path.endswith(".html"):
            assert len(SCRIPT_RE.findall(body)) == 1
            assert body.index(b"<script>/* added by bulletin serve") == body.rindex(
                b"</body>"
            ) - len(SCRIPT_RE.search(body).group(0))
            body = SCRIPT_RE.sub(b"", body)
        assert (status, body) == (expected_status, served[out_path]), out_path
    assert server.stop()[0] == 0


def test_a_taken_port_is_a_one_line_message(tmp_path):
    write_hub(tmp_path, {})
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"bulletin serve: port {port} is already in use (another `bulletin "
        f"serve`?); stop it or choose another port, e.g. --port {port + 1}\n"
    )
    assert not (tmp_path / "site").exists(), "nothing is built for a server that cannot start"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_at_once_even_with_a_page_open(serving, how):
    server = serving()
    _, body, _ = get(server.url)
    response, connection = read_events(server.url, generation(body))
    assert response.readline() == b"retry: 1000\n"
    started = time.monotonic()
    code, printed = server.stop(how)
    assert time.monotonic() - started < 5
    assert code == 0
    assert "Traceback" not in printed
    assert printed.splitlines()[-1] == "Stopped."
    connection.close()


@pytest.mark.parametrize(
    "argv, code, output",
    [
        (
            ["--content", "nowhere"],
            1,
            "nowhere: is not a folder; run bulletin from the repository's top folder or give --content",
        ),
        (
            ["--templates", "nowhere"],
            1,
            "nowhere: is not a folder; run bulletin from the repository's top folder or give --templates",
        ),
        (["--port", "70000"], 2, "argument --port: '70000' is not a port number (0 to 65535)"),
        (
            ["--now", "soon"],
            2,
            "bulletin serve: --now 'soon' is not a date and time; write e.g. "
            "2026-12-02T15:30 or 2026-12-02",
        ),
    ],
)
def test_misuse_and_missing_folders(tmp_path, argv, code, output):
    write_hub(tmp_path, {})
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", "--port", "0", *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == code
    assert output in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_an_open_page_reloads_by_itself_in_chromium(serving, tmp_path):
    needs(CHROMIUM is not None, "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        needs(False, "the playwright package is not installed")
    server = serving()
    event = tmp_path / "content" / "events" / "teen-tech.md"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "response",
            lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        page.goto(server.url + "events/teen-tech/")
        assert page.locator("h1").first.inner_text() == "Teen Tech Drop-In"

        edit(event, EVENT.replace("Teen Tech Drop-In", "Teen Tech Evening"))
        page.wait_for_function(
            "document.querySelector('h1').textContent === 'Teen Tech Evening'", timeout=20_000
        )
        edit(event, EVENT.replace("location: central\n", "location: central\npartners: [nope]\n"))
        page.wait_for_function("document.title.includes('problem')", timeout=20_000)
        assert "unknown partner 'nope'" in page.locator("li").first.inner_text()
        edit(event, EVENT)
        page.wait_for_function(
            "document.querySelector('h1').textContent === 'Teen Tech Drop-In'", timeout=20_000
        )
        browser.close()
    # The problems page answers with status 500 (which Chromium also logs); nothing else failed.
    assert f"HTTP 500: {server.url}events/teen-tech/" in errors
    assert [error for error in errors if "500" not in error] == []
    assert server.stop()[0] == 0


def test_a_bug_in_the_build_is_shown_and_serving_goes_on(tmp_path, monkeypatch):
    """In process, stopped through `stop`: a build that raises becomes a problem on the page and
    in the report instead of ending the preview."""
    from generator.serve import server as serving_module

    monkeypatch.chdir(tmp_path)
    write_hub(tmp_path, {})
    shutil.copytree(ROOT / "templates", tmp_path / "templates")

    def broken_build(*args, **options):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(serving_module, "build", broken_build)
    reports, stop = queue.Queue(), threading.Event()
    options = serving_module.Options(
        BuildOptions(Path("content"), Path("templates"), Path("site"), lambda zone: None), port=0
    )
    thread = threading.Thread(target=serving_module.serve, args=(options, reports.put, stop))
    thread.start()
    try:
        rebuilt, serving_at = reports.get(timeout=30), reports.get(timeout=30)
        [problem] = rebuilt.problems
        assert (problem.src_path, problem.line, rebuilt.written) == ("content", None, 0)
        assert problem.message.startswith(
            "Bulletin failed while building (ZeroDivisionError: division by zero, at test_serve.py:"
        )
        assert problem.message.endswith(
            "; this is a bug in Bulletin, please report it with the file you just saved"
        )
        status, body, _ = get(serving_at.url + "events/")
        assert status == 500 and html.escape(str(problem)).encode() in body
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def raw_get(url: str, host: str | None, path: str = "/") -> tuple[int, bytes]:
    """GET with exactly this Host header (None: no Host header at all)."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_only_requests_naming_the_preview_get_an_answer(serving):
    """DNS rebinding: a web page at evil.example can point that name at 127.0.0.1 and make a
    visitor's browser ask the preview for pages; those requests say Host: evil.example."""
    from generator.serve.live_reload import EVENTS_PATH

    server = serving()
    port = urllib.parse.urlsplit(server.url).port
    refused = f"This preview answers only at http://127.0.0.1:{port}/\n".encode()
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST.:{port}"):
        assert raw_get(server.url, host)[0] == 200, host
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "", None):
        assert raw_get(server.url, host) == (421, refused), host
    assert raw_get(server.url, f"evil.example:{port}", EVENTS_PATH) == (421, refused)
    assert raw_get(server.url, f"evil.example:{port}", "/feeds/all.ics") == (421, refused)


def test_on_every_network_address_any_address_but_no_other_name_is_answered():
    from generator.serve.server import Hosts

    hosts = Hosts("0.0.0.0", 8000)
    for host in ("192.168.1.20:8000", "10.0.0.5:8000", "[fe80::1]:8000", "localhost:8000"):
        assert hosts.allow(host), host
    for host in ("evil.example:8000", "192.168.1.20:8001", "192.168.1.20", "1.2.3.4.nip.io:8000"):
        assert not hosts.allow(host), host
    only_one = Hosts("192.168.1.20", 8000)
    assert only_one.allow("192.168.1.20:8000") and not only_one.allow("evil.example:8000")
    assert only_one.address() == "http://192.168.1.20:8000/"
