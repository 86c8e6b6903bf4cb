"""Links for library staff on the published pages: an event's, partner's or venue's file in GitHub's
web editor, and "Propose an event" (GitHub's new-file page, filled in with the same text as
`bulletin new event`). Builds web addresses from settings and paths; reads no files (it only
resolves the content folders' paths, to name files as GitHub does).

Only with `repository` in site.toml: without it a hub has no edit links at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from generator.content.index import SiteIndex
from generator.content.sources import repository_top
from generator.models import Site
from generator.staff import scaffold


@dataclass(frozen=True)
class EditLinks:
    repository: str  # "https://github.com/owner/name", without a trailing '/'
    branch: str  # the branch the site is published from
    files: dict[str, str]  # src_path -> the file's path from the top of the repository
    events_folder: str  # the events folder from the top of the repository

    @classmethod
    def for_site(cls, site: Site, files: dict[str, str], content_folder: str) -> EditLinks | None:
        """`content_folder` is the content folder's path from the top of the repository ('' when
        the repository's top is the content folder itself)."""
        if site.repository is None:
            return None
        events = f"{content_folder}/events" if content_folder else "events"
        return cls(site.repository, site.branch, files, events)

    def edit(self, src_path: str) -> str:
        """GitHub's web editor for one content file."""
        return f"{self.repository}/edit/{_path(self.branch)}/{_path(self.files[src_path])}"

    def propose_event(self, today: date, hub: scaffold.Hub) -> str:
        """GitHub's new-file page in the events folder, with the file name and the text of
        `bulletin new event` filled in (a placeholder title, dated `today`)."""
        title, slug = scaffold.name_for(scaffold.PROPOSED_TITLE)
        text = scaffold.event_text(title, today, hub)
        # quote(safe="") escapes '&', '=', '#', '+' and line breaks, so the text arrives whole.
        return (
            f"{self.repository}/new/{_path(self.branch)}/{_path(self.events_folder)}"
            f"?filename={quote(slug + '.md', safe='')}&value={quote(text, safe='')}"
        )


def _path(path: str) -> str:
    """A '/'-separated path as it goes into a web address: each part percent-encoded."""
    return quote(path, safe="/")


def edit_links_for(index: SiteIndex, content: Path) -> EditLinks | None:
    """Staff's edit links for a hub: each file's path from the top of the repository."""
    top = repository_top(content)
    # resolve() makes system calls for every folder on the way, which added up to seconds for
    # thousands of files. Content files are never links (sources.py refuses them), so a file
    # resolves to its resolved folder plus its name: each folder is resolved once.
    folders: dict[str, str] = {}
    files = {}
    for kind in (index.events, index.partners, index.venues):
        for item in kind.values():
            parent, slash, name = item.src_path.rpartition("/")  # src_path is '/'-separated
            if parent not in folders:
                folders[parent] = Path(parent or slash or ".").resolve().relative_to(top).as_posix()
            files[item.src_path] = name if folders[parent] == "." else f"{folders[parent]}/{name}"
    folder = content.resolve().relative_to(top).as_posix()
    return EditLinks.for_site(index.site, files, "" if folder == "." else folder)
