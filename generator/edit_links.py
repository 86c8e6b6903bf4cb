"""Links for library staff on the published pages: an event's, partner's or venue's file in GitHub's
web editor, and "Propose an event" (GitHub's new-file page, filled in with the same text as
`bulletin new event`). Pure: builds web addresses from settings and paths; reads no files.

Only with `repository` in site.toml: without it a hub has no edit links at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from generator import scaffold
from generator.models import Site


@dataclass(frozen=True)
class EditLinks:
    repository: str               # "https://github.com/owner/name", without a trailing '/'
    branch: str                   # the branch the site is published from
    files: dict[str, str]         # src_path -> the file's path from the top of the repository
    events_folder: str            # the events folder from the top of the repository

    @classmethod
    def for_site(cls, site: Site, files: dict[str, str], content_folder: str) -> "EditLinks | None":
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
        return (f"{self.repository}/new/{_path(self.branch)}/{_path(self.events_folder)}"
                f"?filename={quote(slug + '.md', safe='')}&value={quote(text, safe='')}")


def _path(path: str) -> str:
    """A '/'-separated path as it goes into a web address: each part percent-encoded."""
    return quote(path, safe="/")
