"""`bulletin serve`: build the site, serve it on this computer, rebuild when content or templates
change, and make open pages reload. Builds only through build.build() (so site/ holds exactly what
`bulletin build` writes); reports through a callback and never prints."""

from __future__ import annotations

import errno
import http.server
import ipaddress
import re
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlsplit

import watchfiles

from generator.build import Built, build
from generator.content.load import Loaded
from generator.content.sources import display_path
from generator.options import BuildOptions
from generator.output import OutputFailed, OutputRefused, site_path
from generator.problems import Problem
from generator.serve.live_reload import (
    EVENTS_PATH,
    Rebuilds,
    problems_page,
    with_reload_script,
)
from generator.serve.preview import Preview

HEARTBEAT_SECONDS = 15  # a comment line on the reload channel, so closed tabs free their thread


@dataclass(frozen=True)
class Options:
    build: BuildOptions  # its base_url is replaced by this server's address
    bind: str = "127.0.0.1"
    port: int = 8000


@dataclass(frozen=True)
class Serving:
    """The server answers at `url`."""

    url: str


@dataclass(frozen=True)
class Previewed:
    """Edited events' own pages are shown at once, from memory, while the rebuild runs."""

    changed: tuple[str, ...]
    seconds: float
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Rebuilt:
    """One build finished. `changed` is empty for the first build."""

    changed: tuple[str, ...]
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    written: int = 0


class CannotListen(Exception):
    """The port cannot be listened on; a command-line matter (exit status 2)."""


class _Preview:
    """What the server shows: the built folder, or the problems of the latest build."""

    def __init__(self, out: Path):
        self.out = site_path(out)  # a link that each build points at a new folder
        # Held while a build switches site/ to its new folder, so no request sees both.
        self.lock = threading.Lock()
        self.problems: list[Problem] = []  # of the latest build when it failed; else empty
        self.rebuilds = Rebuilds()
        self.state: Preview | None = None  # from the latest build, when it succeeded
        # Pages of an edit, by path in the site, shown instead of site/'s until the rebuild
        # that follows the edit is done. Replaced whole, never changed in place.
        self.overlay: dict[str, bytes] = {}
        self.hosts: Hosts | None = None  # the names a request may give in Host


class Hosts:
    """The names this server answers to in a request's Host header: the address it listens on
    (and this computer's own names for it), with its port. A web page elsewhere can point a name
    of its own at 127.0.0.1 (DNS rebinding) and so reach the preview from a visitor's browser; its
    requests carry that name, and get no answer."""

    LOOPBACK = ("127.0.0.1", "localhost", "::1")

    def __init__(self, bind: str, port: int):
        self.bind, self.port = bind, port
        self.everywhere = bind in ("", "0.0.0.0", "::")
        names = {bind.lower().strip("[]")}
        if self.everywhere or names & set(self.LOOPBACK):
            names |= set(self.LOOPBACK)
        if self.everywhere:
            machine = socket.gethostname().lower()
            names |= {machine, f"{machine}.local", socket.getfqdn().lower()}
        self.names = names

    def allow(self, header: str | None) -> bool:
        if not header:
            return False
        match = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::([0-9]{1,5}))?", header.strip())
        if match is None or int(match[2] or 80) != self.port:
            return False
        name = match[1].lower().strip("[]").rstrip(".")
        if name in self.names:
            return True
        if self.everywhere:  # other devices on the network use this computer's address
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False

    def address(self) -> str:
        host = "127.0.0.1" if self.everywhere else self.bind
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}/"


def missing_folders(options: Options) -> list[Problem]:
    """The content and templates folders must exist before they can be watched."""
    return [
        Problem(
            display_path(folder),
            None,
            f"is not a folder; run bulletin from the repository's top folder or give {option}",
        )
        for folder, option in (
            (options.build.content, "--content"),
            (options.build.templates, "--templates"),
        )
        if not folder.is_dir()
    ]


def serve(
    options: Options,
    report: Callable[[Serving | Previewed | Rebuilt], None],
    stop: threading.Event | None = None,
) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt, left to the caller) or until `stop` is set.
    Raises CannotListen before building anything when the port is taken or not allowed."""
    preview = _Preview(options.build.out)
    server = _listen(options.bind, options.port, preview)
    preview.hosts = Hosts(options.bind, server.server_address[1])
    # Links are site-absolute paths, so they work from other machines too when --bind 0.0.0.0;
    # the full addresses in feeds and canonical links name this computer.
    host = "127.0.0.1" if options.bind in ("", "0.0.0.0") else options.bind
    base_url = f"http://{host}:{server.server_address[1]}/"
    thread = None
    try:
        report(_rebuild(options, base_url, preview, ()))
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="bulletin-serve",
            daemon=True,
        )
        thread.start()
        report(Serving(base_url))
        for changes in watchfiles.watch(
            options.build.content,
            options.build.templates,
            watch_filter=_Filter(options),
            stop_event=stop,
            debounce=1600,
            step=50,
            raise_interrupt=True,
        ):
            changed = tuple(sorted({display_path(Path(path)) for _, path in changes}))
            shown = _preview(preview, sorted({Path(path) for _, path in changes}), changed)
            if shown is not None:
                report(shown)
            report(_rebuild(options, base_url, preview, changed))
    finally:
        preview.rebuilds.close()
        if thread is not None:
            server.shutdown()  # only after serve_forever started: before that it waits forever
        server.server_close()


def _preview(preview: _Preview, paths: list[Path], changed: tuple[str, ...]) -> Previewed | None:
    """An edited event's page, shown before the rebuild (which takes a while on a big hub)."""
    started = time.perf_counter()
    if preview.state is None or preview.problems:
        return None
    try:
        pages = preview.state.pages(paths)
    except Exception:  # the rebuild that follows shows the same page, or reports the problem
        return None
    if not pages:
        return None
    with preview.lock:
        preview.overlay = pages
        preview.rebuilds.finished()
    return Previewed(changed, time.perf_counter() - started, tuple(sorted(pages)))


def _rebuild(
    options: Options, base_url: str, preview: _Preview, changed: tuple[str, ...]
) -> Rebuilt:
    started = time.perf_counter()
    try:
        result = build(replace(options.build, base_url=base_url), guard=preview.lock)
    except (OutputRefused, OutputFailed) as error:  # e.g. a full disk: said, and tried again
        result = Built(Loaded(None), [Problem(display_path(options.build.out), None, str(error))])
    except Exception as error:  # a bug in Bulletin must not stop the preview of the next save
        result = _crashed(error, options.build.content)
    with preview.lock:
        preview.problems = [] if result.written else result.problems
        preview.state = (
            Preview(
                options.build.content,
                result.loaded,
                result.renderer,
                options.build.drafts,
                result.cache,
            )
            if result.written and result.renderer is not None
            else None
        )
        preview.overlay = {}
        preview.rebuilds.finished()  # inside the lock: a page and its rebuild number agree
    return Rebuilt(changed, time.perf_counter() - started, result.problems, result.written)


def _crashed(error: Exception, content: Path) -> Built:
    where = traceback.extract_tb(error.__traceback__)[-1]
    message = (
        f"Bulletin failed while building ({type(error).__name__}: {error}, at "
        f"{Path(where.filename).name}:{where.lineno}); this is a bug in Bulletin, please "
        f"report it with the file you just saved"
    )
    return Built(Loaded(None), [Problem(display_path(content), None, message)])


def _in_site(target: Path, out: Path) -> str | None:
    try:
        return target.relative_to(out).as_posix()
    except ValueError:
        return None


class _Filter(watchfiles.DefaultFilter):
    """Ignore the output folder, the build's staging folders and hidden files (editors' temporary
    and swap files start with a dot; Bulletin never reads hidden files either). The base class
    ignores other editors' swap and backup files (*.swp, *~, .#*)."""

    ignore_entity_patterns = (
        *watchfiles.DefaultFilter.ignore_entity_patterns,
        r"^4913$",
    )  # Vim's probe that it may write in a folder

    def __init__(self, options: Options):
        super().__init__()
        self.out = site_path(options.build.out)
        self.roots = [options.build.content.resolve(), options.build.templates.resolve()]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        resolved = Path(path).resolve()
        if resolved == self.out or self.out in resolved.parents:
            return False
        for root in self.roots:
            if root in resolved.parents and any(
                part.startswith(".") for part in resolved.relative_to(root).parts
            ):
                return False
        return super().__call__(change, path)


def _listen(bind: str, port: int, preview: _Preview) -> http.server.ThreadingHTTPServer:
    def handler(*args):
        return _Handler(*args, preview=preview)

    try:
        return http.server.ThreadingHTTPServer((bind, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CannotListen(
                f"port {port} is already in use (another `bulletin serve`?); "
                f"stop it or choose another port, e.g. --port {port + 1}"
            ) from None
        if error.errno == errno.EACCES:
            raise CannotListen(
                f"port {port} needs administrator rights; choose a port above "
                f"1023, e.g. --port 8000"
            ) from None
        raise CannotListen(
            f"cannot listen on {bind}:{port}: {error.strerror or error}; check --bind and --port"
        ) from None


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files from the built folder; HTML gets the reload script, or the problems page while the
    content is broken; EVENTS_PATH is the reload channel (Server-Sent Events)."""

    def __init__(self, *args, preview: _Preview):
        self.preview = preview
        super().__init__(*args, directory=str(preview.out))

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal shows rebuilds and problems, not every request

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        hosts = self.preview.hosts
        if hosts is not None and not hosts.allow(self.headers.get("Host")):
            text = f"This preview answers only at {hosts.address()}\n".encode()
            return self._send(421, "text/plain; charset=utf-8", text, send_body)
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            return (
                self._events(url.query)
                if send_body
                else self._send(200, "text/event-stream", b"", False)
            )
        with self.preview.lock:
            generation = self.preview.rebuilds.generation
            problems = self.preview.problems
            target = Path(self.translate_path(url.path))
            if target.is_dir() and not url.path.endswith("/"):
                return self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
            if target.is_dir():
                target = target / "index.html"
            suffix = PurePosixPath(url.path).suffix
            looks_like_page = url.path.endswith("/") or suffix in ("", ".html", ".htm")
            if problems and looks_like_page:
                return self._send(
                    500, "text/html; charset=utf-8", problems_page(problems, generation), send_body
                )
            shown = _in_site(target, self.preview.out)
            if shown in self.preview.overlay:
                data = with_reload_script(self.preview.overlay[shown], generation)
                return self._send(200, "text/html; charset=utf-8", data, send_body)
            status = 200
            if not target.is_file():
                status, target = 404, self.preview.out / "404.html"
                if not target.is_file():
                    return self._send(404, "text/plain; charset=utf-8", b"Not found\n", send_body)
            try:
                data = target.read_bytes()
            except OSError:
                return self._send(404, "text/plain; charset=utf-8", b"Not found\n", send_body)
        kind = self.guess_type(str(target))
        if kind == "text/html":
            data, kind = with_reload_script(data, generation), "text/html; charset=utf-8"
        self._send(status, kind, data, send_body)

    def _send(self, status: int, kind: str, data: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the rebuilt files
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self, query: str) -> None:
        rebuilds = self.preview.rebuilds
        try:
            seen = int(parse_qs(query).get("since", [""])[0])
        except ValueError:
            seen = rebuilds.generation
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                if rebuilds.wait_past(seen, HEARTBEAT_SECONDS):
                    self.wfile.write(f"event: reload\ndata: {rebuilds.generation}\n\n".encode())
                    self.wfile.flush()
                    return
                if rebuilds.closed:
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the tab was closed
