"""The output folder (generator/output.py): Bulletin writes only into a folder it made, and
publishes each build in one step. `--out` naming a file, the content or templates folder, the top
of the repository or a .git folder, or a folder with someone else's files in it, is refused and
nothing is touched. A build killed at any moment (at the exact moment of the switch, by a test
hook, and at random moments) leaves the whole old site or the whole new one, and the next build
removes what it left behind; two builds at once never mix. The published folder works as a folder
for `python3 -m http.server --directory site` and for the Pages workflow's upload (tar), unchanged
files keep their dates, and a full disk or a read-only folder is one line of explanation."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import io
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.cli import main
from generator.output import MARKER, MARKER_TEXT

from conftest import NOW, ROOT, tree, write_hub

LATER = "2026-12-15T12:00"  # another "now": the home page, lists, calendars and data change


def cli(*argv: str) -> tuple[int, list[str], list[str]]:
    """`bulletin ...` in this process: (exit status, stdout lines, stderr lines)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def build(out: str | Path, now: str = NOW, *options: str, content: str | Path | None = None):
    return cli(
        "build",
        "--content",
        str(content or ROOT / "content"),
        "--templates",
        str(ROOT / "templates"),
        "--out",
        str(out),
        "--now",
        now,
        "--no-history",
        "--no-cache",
        *options,
    )


def command(out: Path, now: str, content: Path = ROOT / "content") -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(content),
        "--templates",
        str(ROOT / "templates"),
        "--out",
        str(out),
        "--now",
        now,
        "--no-history",
        "--no-cache",
    ]


def everything(folder: Path) -> dict[str, tuple]:
    """Every entry below `folder`, links not followed: what it is, its bytes or target, its date."""
    found = {}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root, name)
            info = path.lstat()
            if path.is_symlink():
                found[path.relative_to(folder).as_posix()] = ("link", os.readlink(path))
            elif path.is_dir():
                found[path.relative_to(folder).as_posix()] = ("folder", info.st_mtime_ns)
            else:
                found[path.relative_to(folder).as_posix()] = (
                    path.read_bytes(),
                    info.st_mtime_ns,
                )
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The whole site at NOW and at LATER, from clean builds."""
    folder = tmp_path_factory.mktemp("reference")
    found = {}
    for now in (NOW, LATER):
        assert build(folder / now.replace(":", ""), now)[0] == 0
        found[now] = tree(folder / now.replace(":", ""))
    assert found[NOW] != found[LATER]
    return found


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict[str, dict[str, bytes]]]:
    """A small hub (conftest's, 64 files, 42 of which change from NOW to LATER) and its whole
    site at NOW and at LATER: for the tests that run many builds in processes of their own, where
    how a site is published does not depend on its size."""
    folder = tmp_path_factory.mktemp("small")
    content = write_hub(folder, {})
    found = {}
    for now in (NOW, LATER):
        assert build(folder / now.replace(":", ""), now, content=content)[0] == 0
        found[now] = tree(folder / now.replace(":", ""))
    assert found[NOW] != found[LATER]
    return content, found


def assert_tidy(parent: Path, name: str = "site") -> None:
    """Nothing left over: the builds folder holds the lock, the live build and at most one
    earlier build (the next build's staging folder), and nothing else is beside the site."""
    store = parent / f".{name}.bulletin"
    live = os.readlink(parent / name).split("/")[-1]
    others = [entry for entry in store.iterdir() if entry.name not in ("lock", live)]
    assert len(others) <= 1 and all(
        entry.is_dir() and not entry.is_symlink() and not entry.name.startswith("link-")
        for entry in others
    ), sorted(entry.name for entry in store.iterdir())
    assert sorted(entry.name for entry in parent.iterdir() if entry.name.startswith(".")) == [
        store.name
    ]


# --- whose folder it is -------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A git repository with a hub, a theme and some notes of someone's own, as the working folder."""
    monkeypatch.chdir(tmp_path)
    write_hub(tmp_path, {})
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "notes.txt").write_text("call the museum\n", encoding="utf-8")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "todo.txt").write_text("print flyers\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "content", "notes.txt"], cwd=tmp_path, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "hub"],
        cwd=tmp_path,
        check=True,
    )
    return tmp_path


REFUSED = {
    ".": "--out . is the top of the git repository; the site goes in a folder of its own, "
    "e.g. --out site",
    "content": "--out content is the content folder; the site goes in a folder of its own, "
    "e.g. --out site",
    "templates": "--out templates is the templates folder; the site goes in a folder of its own, "
    "e.g. --out site",
    "notes.txt": "--out notes.txt is a file, not a folder; give the folder the site goes in, "
    "e.g. --out site",
    "..": "--out .. holds the top of the git repository (.); the site goes in a folder of its "
    "own, e.g. --out site",
    "content/site": "--out content/site is inside the content folder, which the build reads; "
    "give a folder outside it",
    "content/media": "--out content/media is inside the content folder, which the build reads; "
    "give a folder outside it, e.g. --out site",
    ".git": "--out .git is a .git folder or inside one, which git keeps for itself; give another "
    "folder, e.g. --out site",
    ".git/site": "--out .git/site is a .git folder or inside one, which git keeps for itself; "
    "give another folder",
    "mine": "--out mine is a folder that Bulletin did not make (mine/todo.txt is not Bulletin's), "
    "so nothing was built: Bulletin replaces everything in its output folder. Move what you want "
    "to keep out of mine and delete it, or give a new or empty folder with --out",
    "/": "--out / is the top of the disk; give a folder, e.g. --out site",
}


@pytest.mark.parametrize("out", list(REFUSED))
def test_an_output_folder_that_is_not_bulletins_is_refused_and_nothing_changes(repository, out):
    before = everything(repository)
    code, stdout, stderr = cli(
        "build",
        "--content",
        "content",
        "--templates",
        "templates",
        "--out",
        out,
        "--now",
        NOW,
        "--no-history",
    )
    assert (code, stdout, stderr) == (2, [], [f"bulletin build: {REFUSED[out]}"])
    assert everything(repository) == before


def test_out_dot_in_a_git_repository_deletes_nothing_even_from_another_folder(repository):
    """The swap of two arguments the issue found: `--out .` from the top, and the repository's top
    given from a folder inside it, never touch a file."""
    before = everything(repository)
    (repository / "mine").mkdir(exist_ok=True)
    os.chdir(repository / "mine")
    code, _, stderr = cli("build", "--content", "../content", "--out", "..", "--now", NOW)
    assert code == 2 and stderr == [
        "bulletin build: --out .. is the top of the git repository; the site goes in a folder "
        "of its own, e.g. --out site"
    ]
    assert everything(repository) == before


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda root: (root / "site").symlink_to(root / "mine"),
            "--out site is a symbolic link that Bulletin did not make; remove the link or give "
            "another folder with --out",
        ),
        (
            lambda root: (root / "site" / ".git").mkdir(parents=True),
            "--out site holds a git repository (site/.git); Bulletin replaces everything in its "
            "output folder, so move the repository away or give another folder with --out",
        ),
        (
            lambda root: (
                (root / ".site.bulletin").mkdir() or (root / ".site.bulletin" / "x").touch()
            ),
            "--out site: .site.bulletin beside it was not made by Bulletin, which keeps its builds "
            "there; move it away or give another folder with --out",
        ),
        (
            lambda root: (root / "site").mkdir() or (root / "site" / "index.html").touch(),
            "--out site is a folder that Bulletin did not make (it has no .nojekyll, which every "
            "Bulletin site has), so nothing was built: Bulletin replaces everything in its output "
            "folder. Move what you want to keep out of site and delete it, or give a new or empty "
            "folder with --out",
        ),
    ],
    ids=["a link elsewhere", "a git repository", "a builds folder of someone else", "a web page"],
)
def test_more_folders_that_are_not_bulletins(repository, make, message):
    make(repository)
    before = everything(repository)
    code, _, stderr = build("site", content="content")
    assert (code, stderr) == (2, [f"bulletin build: {message}"])
    assert everything(repository) == before


def test_serve_refuses_the_same_folders(repository):
    code, stdout, stderr = cli("serve", "--out", "content", "--port", "0")
    assert (code, stdout, stderr) == (2, [], [f"bulletin serve: {REFUSED['content']}"])


def test_a_new_or_empty_folder_becomes_bulletins_and_git_ignores_its_builds(repository):
    shutil.copy(ROOT / ".gitignore", repository / ".gitignore")
    (repository / "empty").mkdir()
    for out in ("site", "empty", "new/site"):
        code, _, stderr = build(out, content="content")
        files = [p for p in (repository / out).rglob("*") if p.is_file() and p.name != MARKER]
        assert (code, stderr[-1]) == (0, f"Built {len(files)} files into {out}/.")
        assert (repository / out).is_symlink()
        assert (repository / out / MARKER).read_bytes() == MARKER_TEXT
    (repository / ".site.bulletin" / "123-killed" / "events").mkdir(parents=True)
    assert subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repository,
        capture_output=True,
        text=True,
    ).stdout.splitlines() == [
        "?? .gitignore",
        "?? empty",
        "?? mine/todo.txt",
        "?? new/site",
        *sorted(
            f"?? templates/{p.relative_to(ROOT / 'templates').as_posix()}"
            for p in (ROOT / "templates").rglob("*")
            if p.is_file()
        ),
    ]


def older_files(site: dict[str, bytes]) -> dict[str, bytes]:
    """The files of `site` an older Bulletin (before the marker) could have made: no marker, no
    search index and no language trees, which came with the marker's successors."""
    trees = ("es/", "so/", "vi/", "ar/", "zh-Hans/")
    return {
        name: data
        for name, data in site.items()
        if name != MARKER and "pagefind/" not in name and not name.startswith(trees)
    }


def test_a_site_from_before_the_marker_is_taken_over(tmp_path, sites):
    """Upgrading: site/ written by an earlier Bulletin (a real folder, no marker) holds only what a
    build makes, even with pages of events deleted since, so it is replaced; its leftovers of
    killed builds beside it (.site.new-N) go too."""
    older = tmp_path / "site"
    for name, data in older_files(sites[NOW]).items():
        (older / name).parent.mkdir(parents=True, exist_ok=True)
        (older / name).write_bytes(data)
    (older / "events" / "gone-since" / "index.html").parent.mkdir()
    (older / "events" / "gone-since" / "index.html").write_text("old page\n", encoding="utf-8")
    (tmp_path / ".site.new-123" / "events").mkdir(parents=True)
    assert build(older, LATER)[0] == 0
    assert older.is_symlink() and tree(older) == sites[LATER]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.bulletin", "site"]
    assert_tidy(tmp_path)


def test_a_file_added_to_an_older_site_stops_the_takeover(tmp_path, sites):
    older = tmp_path / "site"
    for name, data in older_files(sites[NOW]).items():
        (older / name).parent.mkdir(parents=True, exist_ok=True)
        (older / name).write_bytes(data)
    (older / "events" / "notes.docx").write_bytes(b"minutes")
    code, _, stderr = build(older)
    assert code == 2 and stderr == [
        f"bulletin build: --out {older} is a folder that Bulletin did not make ({older}/events/"
        f"notes.docx is not Bulletin's), so nothing was built: Bulletin replaces everything in "
        f"its output folder. Move what you want to keep out of {older} and delete it, or give "
        f"a new or empty folder with --out"
    ]
    assert (older / "events" / "notes.docx").read_bytes() == b"minutes"


# --- publishing in one step ---------------------------------------------------------------------


def test_unchanged_files_keep_their_dates_and_bytes(tmp_path, sites):
    site = tmp_path / "site"
    assert build(site)[0] == 0
    first = {name: (site / name).stat() for name in sites[NOW]}
    time.sleep(0.01)
    assert build(site, LATER)[0] == 0
    assert tree(site) == sites[LATER]
    for name in sites[LATER]:
        same = sites[NOW].get(name) == sites[LATER][name]
        kept = name in first and (site / name).stat().st_mtime_ns == first[name].st_mtime_ns
        assert kept == same, name
    assert_tidy(tmp_path)


@pytest.mark.parametrize(
    "moment",
    ["staged:1", "staged:32", "staged:63", "staged:64", "staged:65", "switch", "switched"],
)
def test_killed_at_each_moment_of_the_publish_the_site_is_old_or_new(tmp_path, small, moment):
    """Killed after the first file is staged, half way, before and after the site's last one (the
    64th), after the marker that follows it, just before the switch and just after it."""
    content, sites = small
    site = tmp_path / "site"
    assert build(site, content=content)[0] == 0
    killed = subprocess.run(
        command(site, LATER, content),
        env={**os.environ, "BULLETIN_TEST_KILL_AT": moment},
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    expected = sites[LATER] if moment == "switched" else sites[NOW]
    assert tree(site) == expected
    assert build(site, LATER, content=content)[0] == 0  # and the next build tidies up after it
    assert tree(site) == sites[LATER]
    assert_tidy(tmp_path)


def test_killed_at_random_moments_the_site_is_always_whole(tmp_path, sites):
    """SIGKILL at a random moment, again and again: each time the site is the whole site of one
    build, never a mix."""
    site = tmp_path / "site"
    assert build(site)[0] == 0
    current, other = NOW, LATER
    chance = random.Random(12)
    for attempt in range(14):
        process = subprocess.Popen(command(site, other), stderr=subprocess.DEVNULL)
        if attempt % 2:
            time.sleep(chance.uniform(0.25, 0.9))  # anywhere from loading to publishing
        else:  # just as it writes: once it has made its builds folder's staging folder
            deadline = time.monotonic() + 10
            store = tmp_path / ".site.bulletin"
            while time.monotonic() < deadline and len(list(store.iterdir())) < 3:
                time.sleep(0.001)
            time.sleep(chance.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = tree(site)
        assert found in (sites[current], sites[other]), f"attempt {attempt}: a mixed site"
        if found == sites[other]:
            current, other = other, current
    assert build(site, other)[0] == 0
    assert_tidy(tmp_path)


def test_two_builds_started_together_never_mix(tmp_path, small):
    content, sites = small
    site = tmp_path / "site"
    assert build(site, content=content)[0] == 0
    for _ in range(4):
        first = subprocess.Popen(command(site, NOW, content), stderr=subprocess.PIPE, text=True)
        second = subprocess.Popen(command(site, LATER, content), stderr=subprocess.PIPE, text=True)
        errors = [first.communicate()[1], second.communicate()[1]]
        assert (first.returncode, second.returncode) == (0, 0), errors
        assert tree(site) in (sites[NOW], sites[LATER])
        assert_tidy(tmp_path)


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path, sites):
    import fcntl

    site = tmp_path / "site"
    assert build(site)[0] == 0
    lock = os.open(tmp_path / ".site.bulletin" / "lock", os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    os.pwrite(lock, b"4242\n", 0)
    waiting = subprocess.Popen(command(site, LATER), stderr=subprocess.PIPE, text=True)
    line = waiting.stderr.readline()
    assert line == (
        f"bulletin build: another build of {site}/ is running (process 4242); waiting for it "
        f"to finish.\n"
    )
    assert tree(site) == sites[NOW]
    os.close(lock)  # the first build is done
    assert waiting.wait(30) == 0
    waiting.stderr.close()
    assert tree(site) == sites[LATER]


def test_a_build_that_fails_first_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "home.html").write_text("{% extends 'base.html' %}{{ nope( }}")
    code, output, _ = cli(
        "build", "--content", str(ROOT / "content"), "--out", "site", "--now", NOW, "--no-cache"
    )
    assert code == 1 and output[0].startswith("templates/home.html:1: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates"]


# --- what reads the folder ----------------------------------------------------------------------


def test_python_http_server_serves_the_published_folder(tmp_path, sites):
    """README's preview: `python3 -m http.server 8000 --directory site`, through the link."""
    assert build(tmp_path / "site")[0] == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
        + ["--directory", "site"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for name in ("index.html", "events/index.html", "feeds/all.ics", MARKER):
            deadline = time.monotonic() + 10
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}") as response:
                        assert response.read() == sites[NOW][name]
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
    finally:
        server.terminate()
        server.wait()


def test_the_pages_upload_tars_the_files_the_link_points_to(tmp_path, sites):
    """actions/upload-pages-artifact v5.0.0 (action.yml, "Archive artifact" on Linux) runs
    `tar --dereference --hard-dereference --directory "$INPUT_PATH" -cvf artifact.tar
    --exclude=.git --exclude=.github .` (hidden files kept, as pages.yml asks): with
    `path: site` a link, tar changes into the folder it points to."""
    assert build(tmp_path / "site")[0] == 0
    subprocess.run(
        ["tar", "--dereference", "--hard-dereference", "--directory", "site", "-cf"]
        + ["artifact.tar", "--exclude=.git", "--exclude=.github", "."],
        cwd=tmp_path,
        check=True,
    )
    (tmp_path / "unpacked").mkdir()
    subprocess.run(["tar", "-xf", "artifact.tar", "-C", "unpacked"], cwd=tmp_path, check=True)
    assert tree(tmp_path / "unpacked") == sites[NOW]


# --- where the system says no -------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, message",
    [
        (errno.ENOSPC, "the disk is full; free some space and build again"),
        (errno.EROFS, "it is on a read-only disk; give a folder you can write to with --out"),
        (errno.EACCES, "permission denied; give a folder you can write to with --out"),
    ],
)
def test_a_full_disk_or_a_read_only_folder_is_one_line(tmp_path, sites, monkeypatch, code, message):
    site = tmp_path / "site"
    assert build(site)[0] == 0
    from generator import output

    def failing(file, mode="r", *args, **kwargs):
        """The system's answer to writing a new file (after the builds folder was made)."""
        if "w" in mode or "x" in mode:
            raise OSError(code, os.strerror(code), str(file))
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(output, "open", failing, raising=False)
    result = build(site, LATER)
    assert result == (
        1,
        [],
        [f"bulletin build: cannot write {site}/: {message}. The previous site is unchanged."],
    )
    assert tree(site) == sites[NOW]
    assert_tidy(tmp_path)


def test_a_really_full_disk(tmp_path, sites):
    """The same on a real 1 MB disk, where the system allows making one (root, not in a container
    without the right; then only the simulated cases above run)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small disk here (needs root and CAP_SYS_ADMIN)")
    try:
        code, _, stderr = build(disk / "site")
        assert (code, stderr) == (
            1,
            [
                f"bulletin build: cannot write {disk}/site/: the disk is full; free some space "
                f"and build again. The previous site is unchanged."
            ],
        )
        assert sorted(os.listdir(disk)) == []
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        code, _, stderr = build(disk / "site")
        assert (code, stderr) == (
            1,
            [
                f"bulletin build: cannot write {disk}/site/: it is on a read-only disk; give a "
                f"folder you can write to with --out. The previous site is unchanged."
            ],
        )
    finally:
        subprocess.run(["umount", str(disk)], check=False)


class NoRenameat2:
    """A C library without renameat2 (glibc before 2.28, musl before 1.2.2)."""

    def __init__(self, *args, **kwargs):
        pass


def test_without_symbolic_links_the_folder_is_swapped_whole(tmp_path, sites, monkeypatch):
    """Where a file system has no symbolic links, site/ is a real folder, swapped with the new one
    in one step (renameat2), or by two renames where even that is missing."""

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", no_links)
    site = tmp_path / "site"
    for now in (NOW, LATER, NOW):
        assert build(site, now)[0] == 0
        assert not site.is_symlink() and tree(site) == sites[now]
        assert {p.name for p in tmp_path.iterdir()} <= {"site", ".site.bulletin"}
        kept = [p for p in tmp_path.glob(".site.bulletin/*") if p.name != "lock"]
        assert len(kept) <= 1 and all(p.is_dir() for p in kept)  # the build before, to reuse
    monkeypatch.setattr(ctypes, "CDLL", NoRenameat2)
    assert build(site, LATER)[0] == 0
    assert not site.is_symlink() and tree(site) == sites[LATER]
    monkeypatch.undo()
    assert build(site, NOW)[0] == 0  # links again: the real folder is swapped for one
    assert site.is_symlink() and tree(site) == sites[NOW]
    assert_tidy(tmp_path)


def test_removing_the_site_by_hand_is_fine(tmp_path, sites):
    """`rm -rf site/` follows the link and empties the live build; `rm -rf site` removes the link
    alone. Either way the next build makes the whole site again."""
    site = tmp_path / "site"
    assert build(site)[0] == 0
    subprocess.run(["rm", "-rf", "site/"], cwd=tmp_path, check=False)
    assert tree(site) == {}
    assert build(site, LATER)[0] == 0 and tree(site) == sites[LATER]
    subprocess.run(["rm", "-rf", "site"], cwd=tmp_path, check=True)
    assert not os.path.lexists(site)
    assert build(site)[0] == 0 and tree(site) == sites[NOW]
    assert_tidy(tmp_path)
