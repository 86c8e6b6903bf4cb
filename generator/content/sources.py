"""Find the content files: site.toml, events, partners, venues and media. The only module that reads
content from disk for the build (incremental/memo.py also reads every file, only to hash it); it
decodes text and checks file names, and parses nothing."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.suggest import did_you_mean
from generator.content.values import MAX_NAME, SLUG, slugify
from generator.problems import WARNING, Problem

FOLDERS = {"events": "event", "partners": "partner", "venues": "venue"}
MEDIA = "media"
SETTINGS = "site.toml"
TRANSLATIONS = "translations"  # the hub's own message catalogs: content/translations/<code>.po
# A translation of a content file: teen-tech-drop-in.es.md beside teen-tech-drop-in.md.
TRANSLATION_NAME = re.compile(r"(?P<slug>[^.]+)\.(?P<code>[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)")


@dataclass(frozen=True)
class Source:
    """A content file's text. `kind` is 'event', 'partner' or 'venue'; `slug` its file name
    without '.md'; `src_path` as shown in messages (relative to the working folder, '/'-separated)."""

    kind: str
    slug: str
    src_path: str
    text: str


@dataclass
class Found:
    sources: list[Source] = field(default_factory=list)
    settings_path: str = ""
    settings_text: str | None = None
    media: frozenset[str] = frozenset()  # relative to content/, e.g. "media/logo.svg"
    # translation files (<slug>.<code>.md): each Source's slug is "<slug>.<code>"
    translations: list[Source] = field(default_factory=list)
    catalogs: dict[str, Path] = field(default_factory=dict)  # code -> content/translations/x.po
    problems: list[Problem] = field(default_factory=list)


def display_path(path: Path) -> str:
    """A path as staff see it in messages: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def repository_top(content_dir: Path) -> Path:
    """The top folder of the git repository holding `content_dir` (the nearest folder with a
    .git), for paths as GitHub shows them; without one, the folder that holds `content_dir`."""
    folder = content_dir.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent


def shown_path(path: Path) -> str:
    """A path as staff see it, without following the path itself when it is a symbolic link (a
    link is reported at its own name, not its target's)."""
    folder = display_path(path.parent)
    return path.name if folder == "." else f"{folder}/{path.name}"


def not_regular(path: Path, what: str = "content") -> str | None:
    """Why `path` (not followed) cannot be read as a file: a link, a named pipe, a device; None
    for a regular file or a folder."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        return f"is a symbolic link; {what} must be real files in the repository"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISBLK(mode) or stat.S_ISCHR(mode)
        else "not an ordinary file"
    )
    return f"is {kind}, not a file; {what} must be ordinary files: delete it"


def find_sources(content_dir: Path) -> Found:
    found = Found(settings_path=shown_path(content_dir / SETTINGS))
    if not content_dir.is_dir():
        found.problems.append(
            Problem(
                display_path(content_dir),
                None,
                "is not a folder; run bulletin from the repository's top folder or give --content",
            )
        )
        return found
    settings = content_dir / SETTINGS
    refused = not_regular(settings)
    if refused:
        found.problems.append(Problem(found.settings_path, None, refused))
    elif settings.is_file():
        found.settings_text = _read_text(settings, found.settings_path, found.problems)
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name == SETTINGS:
            continue
        refused = not_regular(entry)
        if refused:
            found.problems.append(Problem(shown_path(entry), None, refused))
        elif entry.is_dir() and entry.name in FOLDERS:
            _walk(entry, FOLDERS[entry.name], entry.name == "events", found)
        elif entry.is_dir() and entry.name == TRANSLATIONS:
            _catalogs(entry, found)
        elif entry.is_dir() and entry.name == MEDIA:
            found.media = frozenset(
                path.relative_to(content_dir).as_posix()
                for path in _files_below(entry, found.problems)
            )
        else:
            hint = (
                did_you_mean(entry.name, [*FOLDERS, MEDIA, SETTINGS])
                if entry.is_dir() or entry.suffix == ".toml"
                else ""
            )
            meant = next(
                (
                    name
                    for name in (*FOLDERS, MEDIA)
                    if entry.is_dir()
                    and (entry.name.lower() == name or f"'{name}'" in hint)
                    and not (content_dir / name).exists()
                ),
                None,
            )
            if meant is not None:  # everything in it would be left out: an error, not a warning
                found.problems.append(
                    Problem(
                        shown_path(entry),
                        None,
                        f"Bulletin reads content/{meant}/, not content/{entry.name}/, so nothing "
                        f"in this folder would be published: rename the folder to '{meant}' "
                        f"(lowercase)",
                    )
                )
                continue
            found.problems.append(
                Problem(
                    display_path(entry),
                    None,
                    f"is not something Bulletin reads, so it is not published{hint or ';'} content/ "
                    f"holds site.toml and the folders events/, partners/, venues/, media/ and "
                    f"translations/",
                    WARNING,
                )
            )
    return found


def _walk(folder: Path, kind: str, nested: bool, found: Found) -> None:
    # display_path() resolves every folder on the way (a system call each); a file that is not a
    # link shows as its folder's path plus its name, which is the same thing, found once per folder.
    shown_folder = display_path(folder)
    for path in sorted(folder.iterdir()):
        shown = path.name if shown_folder == "." else f"{shown_folder}/{path.name}"
        if path.name.startswith("."):
            continue
        refused = not_regular(path)
        if refused:
            found.problems.append(Problem(shown, None, refused))
        elif path.is_dir():
            if nested:
                _walk(path, kind, nested, found)
            else:
                found.problems.append(
                    Problem(
                        shown,
                        None,
                        f"{kind} files go directly in "
                        f"{display_path(folder)}/, not in "
                        f"sub-folders; move the files up",
                    )
                )
        elif path.suffix != ".md":
            better = slugify(path.stem) or kind
            found.problems.append(
                Problem(
                    shown,
                    None,
                    f"is not a .md file, so it is not published; rename it to '{better}.md'",
                )
            )
        elif not SLUG.fullmatch(path.stem) and _translation(path.stem):
            text = _read_text(path, shown, found.problems)
            if text is not None:
                found.translations.append(Source(kind, path.stem, shown, text))
        elif not SLUG.fullmatch(path.stem):
            better = slugify(path.stem) or kind
            found.problems.append(
                Problem(
                    shown,
                    None,
                    f"the file name '{path.name}' cannot be a "
                    f"web address; rename the file to "
                    f"'{better}.md' (lowercase letters, digits "
                    f"and hyphens)",
                )
            )
        elif len(path.stem.encode()) > MAX_NAME:
            found.problems.append(
                Problem(
                    shown,
                    None,
                    f"the file name is {len(path.stem)} characters long before '.md'; a name may "
                    f"have at most {MAX_NAME}, because the site makes files named after it "
                    f"('{path.stem[:20]}….ics'): shorten it",
                )
            )
        else:
            text = _read_text(path, shown, found.problems)
            if text is not None:
                found.sources.append(Source(kind, path.stem, shown, text))


def _translation(stem: str) -> bool:
    """Whether a file name (without .md) is a translation's: <slug>.<code>."""
    match = TRANSLATION_NAME.fullmatch(stem)
    return bool(match and SLUG.fullmatch(match["slug"]))


def _catalogs(folder: Path, found: Found) -> None:
    for path in sorted(folder.iterdir()):
        shown = shown_path(path)
        refused = not_regular(path)
        if path.name.startswith("."):
            continue
        if refused:
            found.problems.append(Problem(shown, None, refused))
        elif path.suffix == ".po" and path.is_file():
            found.catalogs[path.stem] = path
        else:
            found.problems.append(
                Problem(
                    shown,
                    None,
                    "is not a message catalog, so it is not used; content/translations/ holds "
                    "one <code>.po file per language, such as es.po",
                    WARNING,
                )
            )


def read_source(path: Path, kind: str) -> tuple[Source | None, list[Problem]]:
    """One content file read again, as find_sources() reads it (serve's preview of an edit)."""
    problems: list[Problem] = []
    shown = display_path(path)
    text = _read_text(path, shown, problems)
    return (Source(kind, path.stem, shown, text) if text is not None else None), problems


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes; never follows a link and never waits on a pipe (OSError instead:
    the file was replaced by one after it was looked at)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return file.read()


def _read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    try:
        data = _read_bytes(path)
    except OSError as error:
        problems.append(
            Problem(shown, None, f"cannot be read ({error.strerror or error}); check the file")
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("latin-1")
        line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                f"is not saved as UTF-8 text (byte 0x{data[error.start]:02X} "
                f"cannot be read); save the file as UTF-8, or retype "
                f"the accented or special characters on this line",
            )
        )
        return None


def _files_below(
    folder: Path, problems: list[Problem] | None = None, hidden: bool = False
) -> list[Path]:
    """Regular files below `folder` in a stable order, leaving out hidden files unless `hidden`;
    links, pipes and devices are left out too, and reported in `problems` when given."""
    files = []
    shown_folder = shown_path(folder)
    for root, dirs, names in os.walk(folder):
        relative = Path(root).relative_to(folder)
        kept = []
        for name in sorted(dirs):
            if name.startswith(".") and not hidden:
                continue
            refused = not_regular(Path(root, name))
            if refused:
                if problems is not None:
                    problems.append(
                        Problem(f"{shown_folder}/{(relative / name).as_posix()}", None, refused)
                    )
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            if name.startswith(".") and not hidden:
                continue
            path = Path(root, name)
            refused = not_regular(path)
            if refused:
                if problems is not None:
                    problems.append(
                        Problem(f"{shown_folder}/{(relative / name).as_posix()}", None, refused)
                    )
            elif path.is_file():
                files.append(path)
    return files


def media_bytes(content_dir: Path, path: str) -> bytes:
    """A media file's bytes (`path` relative to content/, as in Found.media)."""
    return _read_bytes(content_dir / path)


def read_tree(folder: Path, prefix: str) -> list[tuple[str, bytes]]:
    """Every file below `folder` as (prefix + relative path, bytes), in a stable order: media and the
    theme's assets, copied to the site as they are. A folder that is a link is not followed."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return [
        (prefix + path.relative_to(folder).as_posix(), _read_bytes(path))
        for path in _files_below(folder)
    ]


def theme_problems(templates: Path) -> list[Problem]:
    """Links, pipes and devices in the theme's folder: refused like those in content/, at their
    own path (a link could publish any file on the computer that builds the site)."""
    problems: list[Problem] = []
    if templates.is_dir() and not templates.is_symlink():
        _files_below(templates, problems, hidden=True)
    return [
        Problem(p.src_path, p.line, p.message.replace("content must", "the theme must"))
        for p in problems
    ]


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels (0, 0 when the format is not recognised)."""
    import io

    import imagesize

    width, height = imagesize.get(io.BytesIO(data))
    return (round(width), round(height)) if width > 0 and height > 0 else (0, 0)
