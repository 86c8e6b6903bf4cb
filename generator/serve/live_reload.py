"""What `bulletin serve` adds to what it sends: the reload script put into HTML responses, the
page that shows content problems, and the signal that tells open pages a rebuild finished. Pure
apart from thread signalling: never reads or writes the built site, so site/ stays exactly what
`bulletin build` writes."""

from __future__ import annotations

import html
import re
import threading

from generator.problems import Problem

EVENTS_PATH = "/__bulletin__/events"

# The page asks for reloads after the rebuild it was served from (`since`), so a rebuild that
# finishes while the page is still loading is not missed. Without EventSource (or without
# JavaScript) the page simply does not reload by itself.
SCRIPT = """<script>/* added by bulletin serve, not part of the built site */
(function () {
  if (!window.EventSource) return;
  var events = new EventSource("%s?since=%d");
  events.addEventListener("reload", function () { events.close(); location.reload(); });
})();
</script>
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def with_reload_script(page: bytes, generation: int) -> bytes:
    """The page with the reload script just before its last </body>, or at its end."""
    script = (SCRIPT % (EVENTS_PATH, generation)).encode()
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + script
    at = ends[-1].start()
    return page[:at] + script + page[at:]


def problems_page(problems: list[Problem], generation: int) -> bytes:
    """A self-contained page listing every problem as path:line: message, for the browser."""
    errors = [problem for problem in problems if problem.is_error]
    count = f"{len(errors)} problem{'' if len(errors) == 1 else 's'}"
    items = "\n".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in problems)
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{count} to fix - bulletin serve</title>
<link rel="icon" href="data:,">
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; background: #fff; }}
h1 {{ color: #a61b1b; font-size: 1.5rem; }}
li {{ margin: 0.5rem 0; }}
code {{ font: 0.95rem/1.4 ui-monospace, monospace; white-space: pre-wrap;
        overflow-wrap: anywhere; }}
</style>
</head>
<body>
<h1>The hub cannot be built: {count} to fix</h1>
<ul>
{items}
</ul>
<p>Fix the file and save; this page reloads by itself. The same list is in the terminal where
<code>bulletin serve</code> runs.</p>
</body>
</html>
"""
    return with_reload_script(page.encode(), generation)


class Rebuilds:
    """Counts finished rebuilds and wakes whoever waits for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.closed = False

    def finished(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        """Wake every waiter for good: the server is stopping."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_past(self, seen: int, timeout: float) -> bool:
        """True as soon as the generation differs from `seen`; False on timeout or when closed.
        Differs rather than exceeds: after a restart of `bulletin serve` the count starts again,
        and a page left open from before must reload too."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation != seen and not self.closed
