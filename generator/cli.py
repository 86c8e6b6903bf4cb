"""The command line: `bulletin build`, `check`, `serve` and `new`, and for the staff workflows
`from-issue`, `report` and `import`. The only module that prints.
Exit status: 0 success, 1 content problems, 2 command-line misuse."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from generator import __version__
from generator.content.load import Loaded, load
from generator.models import UTC
from generator.options import BadNow, BuildOptions, resolve_now
from generator.problems import Problem

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)  # exits with 2 and a usage line on misuse
    return arguments.run(arguments)


def parser() -> argparse.ArgumentParser:
    """Every command and its options (the workflows' tests check their commands against it)."""
    parser = argparse.ArgumentParser(
        prog="bulletin", description="Build and check a library's community events hub."
    )
    parser.add_argument("--version", action="version", version=f"bulletin {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser(
        "build",
        help="check the content, then build the site into site/",
        description="Check every content file; if all is well, build the whole site beside the "
        "old one and switch to it in one step. A failed build changes nothing. The output folder "
        "must be new, empty or made by Bulletin.",
    )
    _content(build)
    _templates_and_out(
        build, "where the site goes: a new or empty folder, or one Bulletin made (default: site)"
    )
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site is served from, instead of site.toml's base_url "
        "(e.g. http://127.0.0.1:8000/ to preview at the root)",
    )
    _now(
        build,
        "build as if it were this moment, e.g. 2026-12-02T09:00 (default: "
        "SOURCE_DATE_EPOCH if set, else the clock)",
    )
    _drafts(build)
    _strict(build)
    _no_history(build)
    build.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="processes that render events (default: every core for a big hub)",
    )
    build.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="keep finished work here for the next build (default: "
        ".bulletin-cache at the top of the git repository, else beside the content folder)",
    )
    build.add_argument("--no-cache", action="store_true", help="neither use nor update the cache")
    build.set_defaults(run=_build)
    check = commands.add_parser(
        "check",
        help="check every content file and report each problem as path:line: message",
        description="Check every content file; print each problem as path:line: message. Exit "
        "status 1 when there are errors, 0 otherwise.",
    )
    _content(check)
    _format(check, ("text", "github"), "text for people; github for annotations on a pull request")
    _strict(check)
    _now(
        check,
        "check as if it were this moment, e.g. 2027-01-10 (default: SOURCE_DATE_EPOCH if "
        "set, else the clock): attendance may be recorded only for sessions that have started, "
        "and an event dated in a year that is over is pointed out",
    )
    check.set_defaults(run=_check)
    serve = commands.add_parser(
        "serve",
        help="preview the site on this computer, rebuilt whenever a file is saved",
        description="Build the site, serve it at http://127.0.0.1:PORT/ and rebuild it whenever "
        "a file in the content or templates folder is saved; open pages reload by "
        "themselves. Problems show in the browser and here. Ctrl-C stops.",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=8000,
        metavar="N",
        help="the port to serve on (default: 8000; 0 picks a free one)",
    )
    serve.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="the address to listen on (default: 127.0.0.1, this computer only; "
        "0.0.0.0 lets other devices on the network look)",
    )
    _content(serve)
    _templates_and_out(serve, "where the site is built (default: site)")
    _now(serve, "preview as if it were this moment, e.g. 2026-12-02T09:00")
    _drafts(serve)
    _no_history(serve)
    serve.set_defaults(run=_serve)
    new = commands.add_parser(
        "new",
        help="start a new event, partner or venue file, ready to fill in",
        description="Write content/events/<name>.md (or partners/, venues/) with every setting "
        "listed: the required ones filled in, the optional ones commented out with a "
        "note. Events and partners start as drafts. Never replaces a file.",
    )
    new.add_argument(
        "kind",
        choices=("event", "partner", "venue", "translation"),
        help="what the file describes (translation: another language's version of a file)",
    )
    new.add_argument(
        "title",
        help="the event's title or the partner's or venue's name, in quotes; for a translation, "
        "the language's code (es)",
    )
    new.add_argument(
        "original",
        nargs="?",
        metavar="FILE",
        help="for a translation: the file to translate, e.g. events/teen-tech-drop-in",
    )
    _content(new)
    _now(new, "the date filled in, e.g. 2026-12-02 (default: today)")
    new.set_defaults(run=_new)
    _add_staff_commands(commands)
    _add_import_command(commands)
    return parser


# Options several commands share, declared once: the same name, default and help everywhere.


def _content(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content)",
    )


def _templates_and_out(command: argparse.ArgumentParser, out_help: str) -> None:
    command.add_argument(
        "--templates",
        type=Path,
        default=Path("templates"),
        metavar="DIR",
        help="the theme's templates (default: templates)",
    )
    command.add_argument("--out", type=Path, default=Path("site"), metavar="DIR", help=out_help)


def _now(command: argparse.ArgumentParser, help: str) -> None:
    command.add_argument("--now", metavar="DATETIME", help=help)


def _drafts(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--drafts", action="store_true", help="include events and partners marked draft: true"
    )


def _strict(command: argparse.ArgumentParser) -> None:
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _no_history(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-history",
        action="store_true",
        help="do not read git history (calendar DTSTAMPs then use --now)",
    )


def _format(command: argparse.ArgumentParser, choices: tuple[str, ...], help: str) -> None:
    """--format, whose first choice is the default."""
    command.add_argument("--format", choices=choices, default=choices[0], help=help)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 to 256)")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return int(text)


def _check(arguments: argparse.Namespace) -> int:
    now = _clock(arguments, "check")
    if now is None:
        return EXIT_USAGE
    loaded = load(arguments.content, now=now)
    show = _annotation if arguments.format == "github" else str
    for problem in loaded.problems:
        print(show(problem))
    print(_summary(loaded), file=sys.stderr)
    failed = loaded.errors or (arguments.strict and loaded.warnings)
    return EXIT_CONTENT if failed else EXIT_OK


def _build(arguments: argparse.Namespace) -> int:
    from generator.build import build

    base_url = arguments.base_url
    if base_url is not None:
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        if not base_url.startswith(("http://", "https://")):
            print(
                f"bulletin build: --base-url {base_url!r} must start with http:// or https://",
                file=sys.stderr,
            )
            return EXIT_USAGE
    now = _clock(arguments, "build")
    if now is None:
        return EXIT_USAGE
    options = BuildOptions(
        arguments.content,
        arguments.templates,
        arguments.out,
        now,
        base_url,
        drafts=arguments.drafts,
        strict=arguments.strict,
        history=not arguments.no_history,
        jobs=arguments.jobs,
        cache_dir=arguments.cache,
        cache=not arguments.no_cache,
        # On the clock, every build publishes a new moment (events.json says when it was made),
        # so looking for a build with nothing to do would be wasted reading.
        skip_unchanged=bool(arguments.now or os.environ.get("SOURCE_DATE_EPOCH")),
    )
    from generator.output import OutputFailed, OutputRefused

    def waiting(holder: str) -> None:
        print(
            f"bulletin build: another build of {arguments.out}/ is running ({holder}); "
            f"waiting for it to finish.",
            file=sys.stderr,
            flush=True,
        )

    try:
        result = build(options, waiting=waiting)
    except OutputRefused as error:
        print(f"bulletin build: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OutputFailed as error:
        print(f"bulletin build: {error}", file=sys.stderr)
        return EXIT_CONTENT
    for problem in result.problems:
        print(problem)
    if result.written:
        print(f"Built {result.written} files into {arguments.out}/.", file=sys.stderr)
        return EXIT_OK
    print(
        _summary(result.loaded, result.problems)
        + " Nothing was built; the previous site is unchanged.",
        file=sys.stderr,
    )
    return EXIT_CONTENT


def _serve(arguments: argparse.Namespace) -> int:
    from generator.serve.server import (
        CannotListen,
        Options,
        Previewed,
        Rebuilt,
        missing_folders,
        serve,
    )

    now = _clock(arguments, "serve")
    if now is None:
        return EXIT_USAGE
    options = Options(
        BuildOptions(
            arguments.content,
            arguments.templates,
            arguments.out,
            now,
            drafts=arguments.drafts,
            history=not arguments.no_history,
        ),
        arguments.bind,
        arguments.port,
    )
    missing = missing_folders(options)
    for problem in missing:
        print(problem)
    if missing:
        return EXIT_CONTENT
    from generator.output import OutputRefused, claim

    try:
        claim(options.build.out, (options.build.content, options.build.templates))
    except OutputRefused as error:
        print(f"bulletin serve: {error}", file=sys.stderr)
        return EXIT_USAGE

    def report(event) -> None:
        if isinstance(event, Previewed):
            shown = ", ".join(page.removesuffix("index.html") for page in event.pages[:3])
            print(
                f"Showing the new {shown} ({event.seconds:.2f} s); rebuilding the rest of "
                f"the site.",
                file=sys.stderr,
                flush=True,
            )
            return
        if not isinstance(event, Rebuilt):
            print(
                f"Serving the hub at {event.url}  (press Ctrl-C to stop)",
                file=sys.stderr,
                flush=True,
            )
            return
        if event.changed:
            shown = ", ".join(event.changed[:3])
            more = len(event.changed) - 3
            print(f"Changed: {shown}" + (f" and {more} more" if more > 0 else ""), file=sys.stderr)
        for problem in event.problems:
            print(problem, flush=True)
        took = f"{event.seconds:.2f} s"
        if event.written:
            done = f"Built {event.written} files into {options.build.out}/"
            print(f"{'Rebuilt' if event.changed else done} in {took}.", file=sys.stderr, flush=True)
        else:
            errors = sum(problem.is_error for problem in event.problems)
            print(
                f"Not built ({_count(errors, 'error')}, {took}): the browser shows the problems "
                f"instead of the site. Fix the file and save; the page reloads by itself.",
                file=sys.stderr,
                flush=True,
            )

    # Stopped by the system (a closed terminal, a service manager) as by Ctrl-C: tidily.
    signal.signal(signal.SIGTERM, _stop)
    try:
        serve(options, report)
    except CannotListen as error:
        print(f"bulletin serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    return EXIT_OK


def _stop(number, frame) -> None:
    raise KeyboardInterrupt


def _new(arguments: argparse.Namespace) -> int:
    from generator.content.sources import display_path, find_sources
    from generator.staff import scaffold

    content: Path = arguments.content
    if not content.is_dir():
        print(
            f"bulletin new: {display_path(content)} is not a folder; run bulletin from the "
            f"repository's top folder or give --content",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if arguments.kind == "translation":
        return _new_translation(arguments)
    if arguments.original is not None:
        print(
            f"bulletin new: {arguments.original!r} is one word too many; put the "
            f"{arguments.kind}'s {'title' if arguments.kind == 'event' else 'name'} in quotes",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        title, slug = scaffold.name_for(arguments.title)
    except scaffold.BadTitle as error:
        print(f"bulletin new: {error}", file=sys.stderr)
        return EXIT_USAGE
    loaded = load(content)  # published names only: the examples must not point at a draft
    site = loaded.index.site if loaded.index else None
    try:
        today = resolve_now(
            arguments.now, os.environ.get("SOURCE_DATE_EPOCH"), site.timezone if site else UTC
        ).date()
    except BadNow as error:
        print(f"bulletin new: {error}", file=sys.stderr)
        return EXIT_USAGE
    folder = scaffold.KINDS[arguments.kind]
    path = content / folder / f"{slug}.md"
    shared = ("partner", "venue") if arguments.kind != "event" else ("event",)
    taken = next(
        (s.src_path for s in find_sources(content).sources if s.kind in shared and s.slug == slug),
        None,
    )
    if taken is None and path.exists():
        taken = display_path(path)
    if taken is not None:
        print(
            f"bulletin new: {taken} already exists, so nothing was written; edit that file, "
            f"or give another {'title' if arguments.kind == 'event' else 'name'}",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    text = scaffold.file_text(arguments.kind, title, today, scaffold.Hub.of(loaded.index))
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = display_path(path)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never replace a file
            file.write(text)
    except FileExistsError:  # made by someone else since the check above
        print(f"bulletin new: {shown} already exists, so nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Created {shown}")
    print(scaffold.next_step(arguments.kind, shown))
    return EXIT_OK


def _new_translation(arguments: argparse.Namespace) -> int:
    """`bulletin new translation es events/teen-tech-drop-in`: the file beside the original."""
    from generator.content.sources import display_path
    from generator.staff.translation_file import (
        FOLDERS,
        CannotTranslate,
        translation_text,
    )

    content: Path = arguments.content
    code, original = arguments.title, (arguments.original or "").removesuffix(".md")
    folder, _, slug = original.partition("/")
    if folder not in FOLDERS or not slug:
        print(
            "bulletin new: name the file to translate as events/<name>, partners/<name> or "
            "venues/<name>, e.g. bulletin new translation es events/teen-tech-drop-in",
            file=sys.stderr,
        )
        return EXIT_USAGE
    loaded = load(content)
    site = loaded.index.site if loaded.index else None
    if site is None:
        print("bulletin new: content/site.toml has mistakes; run bulletin check", file=sys.stderr)
        return EXIT_CONTENT
    if code not in site.translations:
        listed = ", ".join(site.translations) or "none yet"
        print(
            f"bulletin new: the pages are not published in {code!r} (translations in "
            f'content/site.toml lists: {listed}); add "{code}" there first',
            file=sys.stderr,
        )
        return EXIT_CONTENT
    source = next((s for s in loaded.sources if s.kind == FOLDERS[folder] and s.slug == slug), None)
    if source is None:
        print(
            f"bulletin new: there is no {display_path(content / folder / (slug + '.md'))} to "
            f"translate",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    path = Path(source.src_path).with_name(f"{slug}.{code}.md")
    name = site.languages.get(code, code)
    try:
        text = translation_text(source.kind, code, source.src_path, source.text, name)
    except CannotTranslate as error:
        print(f"bulletin new: {error}", file=sys.stderr)
        return EXIT_CONTENT
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # never replace a file
            file.write(text)
    except FileExistsError:
        print(
            f"bulletin new: {display_path(path)} already exists, so nothing was written; edit "
            f"that file",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    print(f"Created {display_path(path)}")
    print(f"Translate each text in it into {name}, then run bulletin check.")
    return EXIT_OK


def _add_staff_commands(commands) -> None:
    """`from-issue` and `report`: what the workflows in .github/workflows/ run for staff."""
    from_issue = commands.add_parser(
        "from-issue",
        help="turn a partner's event proposal (an issue form) into an event file",
        description="Read the body of an issue made with the 'Propose an event' form. If every "
        "answer can be used, write content/events/<slug>.md (checked like `bulletin "
        "check`), print its path and exit 0; notes for the reviewing staff go to "
        "standard error. Otherwise write nothing, print a Markdown comment telling "
        "the partner what to fix, and exit 1.",
    )
    from_issue.add_argument(
        "body_file",
        type=Path,
        metavar="BODY_FILE",
        help="a file holding the issue's body, as GitHub gives it",
    )
    _content(from_issue)
    from_issue.add_argument(
        "--issue", type=_issue_number, metavar="N", help="the issue's number, noted in the new file"
    )
    _now(from_issue, "check dates as if it were this moment, e.g. 2026-12-02T09:00")
    from_issue.set_defaults(run=_from_issue)
    report = commands.add_parser(
        "report",
        help="list partner pages to verify, quiet partners and events lacking "
        "accessibility information",
        description="List partner pages whose 'verified' date is older than verify_every_months "
        "(or missing), partners with no events in the last 90 days, and coming "
        "events without accessibility information or with an undescribed picture. "
        "Exit status 0 when the report is made (whatever it lists), 1 when the "
        "content has errors.",
    )
    _content(report)
    _now(report, "report as if it were this moment, e.g. 2026-12-02T09:00")
    _format(
        report,
        ("text", "markdown"),
        "text for people; markdown for a GitHub issue (prints nothing when "
        "there is nothing to report)",
    )
    report.set_defaults(run=_report)
    impact = commands.add_parser(
        "impact",
        help="count program sessions and attendance for the state library survey, with "
        "breakdowns by partner, branch, language, audience and place",
        description="Count the program sessions held from --from to --to and their attendance, "
        "in the cells of the state library survey (age group, format, recordings), with "
        "breakdowns by partner, branch, language, audience and place; room use, listed-only "
        "events and one-to-one help are listed apart. Without --from and --to: the current "
        "fiscal year (fiscal_year_start in site.toml). Exit status 0 when the report is made, "
        "1 when the content has errors.",
    )
    _content(impact)
    impact.add_argument(
        "--from",
        dest="start",
        type=_day,
        metavar="DATE",
        help="the first day counted, e.g. 2026-07-01 (default: the first day of the fiscal "
        "year that holds --to, or today)",
    )
    impact.add_argument(
        "--to",
        dest="end",
        type=_day,
        metavar="DATE",
        help="the last day counted, e.g. 2027-06-30 (default: the last day of the fiscal "
        "year that holds --from, or today)",
    )
    _format(
        impact,
        ("text", "csv", "json"),
        "text for people; csv for a spreadsheet; json for other programs",
    )
    _now(
        impact,
        "count as if it were this moment, e.g. 2026-12-02T09:00: sessions that have not "
        "ended by then are still to come",
    )
    impact.set_defaults(run=_impact)


def _day(text: str):
    from generator.content.values import calendar_date
    from generator.problems import Invalid

    try:
        return calendar_date(text)
    except Invalid:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write e.g. 2026-07-01") from None


def _add_import_command(commands) -> None:
    command = commands.add_parser(
        "import",
        help="bring events from partners' own calendars (their 'feed') into "
        "content/events/imported/",
        description="Read each partner's calendar feed and write or update event files under "
        "content/events/imported/<partner>/. Values staff changed are kept; events that left "
        "a feed are marked, never deleted; every file is checked like `bulletin check` before "
        "it is written. A feed that cannot be read changes nothing. Exit status 0 when every "
        "feed was imported, 1 when a feed failed or a file could not be written, 2 on misuse.",
    )
    _content(command)
    command.add_argument("--only", metavar="PARTNER", help="import this partner's feed only")
    command.add_argument(
        "--from",
        dest="sources",
        action="append",
        default=[],
        type=_source,
        metavar="PARTNER=FILE_OR_URL",
        help="read this file or address instead of the partner's 'feed' (once per partner)",
    )
    _now(command, "import as if it were this moment, e.g. 2026-12-02T09:00")
    _format(
        command,
        ("text", "markdown"),
        "text for people; markdown for the import pull request's description",
    )
    command.set_defaults(run=_import)


def _source(text: str) -> tuple[str, str]:
    partner, equals, where = text.partition("=")
    if not equals or not partner.strip() or not where.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not PARTNER=FILE_OR_URL, e.g. youth-haven=events.ics"
        )
    return partner.strip(), where.strip()


def _import(arguments: argparse.Namespace) -> int:
    from generator.importer.report import as_markdown, as_text
    from generator.importer.run import UsageError, run_import

    now = _clock(arguments, "import")
    if now is None:
        return EXIT_USAGE
    sources: dict[str, str] = {}
    for partner, where in arguments.sources:
        if partner in sources:
            print(f"bulletin import: --from names '{partner}' twice", file=sys.stderr)
            return EXIT_USAGE
        sources[partner] = where
    if not arguments.content.is_dir():
        print(
            f"bulletin import: {arguments.content} is not a folder; run bulletin from the "
            f"repository's top folder or give --content",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        result = run_import(arguments.content, now, arguments.only, sources)
    except UsageError as error:
        print(f"bulletin import: {error}", file=sys.stderr)
        return EXIT_USAGE
    text = as_markdown(result) if arguments.format == "markdown" else as_text(result)
    print(text, end="")
    for outcome in result.outcomes:
        if outcome.failure:
            print(
                f"bulletin import: {outcome.partner}: {outcome.address}: {outcome.failure}; "
                f"nothing was changed",
                file=sys.stderr,
            )
        for problem in outcome.problems:
            print(problem, file=sys.stderr)
    failed = any(outcome.failure or outcome.problems for outcome in result.outcomes)
    return EXIT_CONTENT if failed else EXIT_OK


def _issue_number(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 10**9:
        raise argparse.ArgumentTypeError(f"{text!r} is not an issue number")
    return int(text)


def _from_issue(arguments: argparse.Namespace) -> int:
    from generator.staff.from_issue import HubUnreadable, propose, read_body

    now = _clock(arguments, "from-issue")
    if now is None:
        return EXIT_USAGE
    try:
        data = read_body(arguments.body_file)
    except OSError as error:
        print(
            f"bulletin from-issue: cannot read {arguments.body_file}: {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        proposal = propose(data, arguments.content, arguments.issue, now)
    except HubUnreadable as error:
        print(
            f"bulletin from-issue: the hub's own settings have errors, so no proposal can be "
            f"checked; run bulletin check and fix them first: {error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    for note in proposal.notes:
        print(f"- {note}", file=sys.stderr)
    if proposal.src_path is None:
        print(proposal.comment(), end="")
        return EXIT_CONTENT
    print(proposal.src_path)
    return EXIT_OK


def _report(arguments: argparse.Namespace) -> int:
    from generator.staff.report import as_markdown, as_text, make_report

    now = _clock(arguments, "report")
    if now is None:
        return EXIT_USAGE
    loaded = load(arguments.content)
    if loaded.errors or loaded.index is None:
        for problem in loaded.problems:
            print(problem)
        print(
            _summary(loaded) + " Fix the errors first; the report needs content without them.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    from generator.importer.health import load_health

    site = loaded.index.site
    report = make_report(loaded.index, now(site.timezone), load_health(arguments.content))
    print(as_markdown(report, site) if arguments.format == "markdown" else as_text(report), end="")
    print(report.summary(), file=sys.stderr)
    return EXIT_OK


def _impact(arguments: argparse.Namespace) -> int:
    from generator.staff.impact import as_csv, as_json, as_text, count, fiscal_year

    now = _clock(arguments, "impact")
    if now is None:
        return EXIT_USAGE
    loaded = load(arguments.content, now=now)
    if loaded.errors or loaded.index is None:
        for problem in loaded.problems:
            print(problem)
        print(
            _summary(loaded) + " Fix the errors first; the report needs content without them.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    site = loaded.index.site
    moment = now(site.timezone)
    # Without dates, this fiscal year; with one, the fiscal year it is in.
    start, end = arguments.start, arguments.end
    if start is None:
        start = fiscal_year(site, end or moment.date())[0]
    if end is None:
        end = fiscal_year(site, arguments.start or moment.date())[1]
    if start > end:
        print(f"bulletin impact: --from {start} is after --to {end}", file=sys.stderr)
        return EXIT_USAGE
    impact = count(loaded.index, start, end, moment)
    show = {"text": as_text, "csv": as_csv, "json": as_json}[arguments.format]
    print(show(impact), end="")
    return EXIT_OK


def _clock(arguments: argparse.Namespace, command: str):
    """`now(zone)` from --now, else SOURCE_DATE_EPOCH, else the clock; None, after saying why, when
    --now is mistyped (misuse, reported before any work is done)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        resolve_now(arguments.now, epoch, UTC)
    except BadNow as error:
        print(f"bulletin {command}: {error}", file=sys.stderr)
        return None
    return lambda zone: resolve_now(arguments.now, epoch, zone)


def _summary(loaded: Loaded, problems: list[Problem] | None = None) -> str:
    """`problems`: all the build's, when there are more than the content's (the theme's)."""
    problems = loaded.problems if problems is None else problems
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if not errors and not warnings:
        return f"Checked {_count(loaded.files, 'file')}: no problems."
    return (
        f"Checked {_count(loaded.files, 'file')}: {_count(errors, 'error')}, "
        f"{_count(warnings, 'warning')}."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, shown on the pull request's changed line."""

    def escape(text: str, extra: str = "") -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        for character, code in ((",", "%2C"), (":", "%3A")):
            if character in extra:
                text = text.replace(character, code)
        return text

    properties = f"file={escape(problem.src_path, ',:')}"
    if problem.line is not None:
        properties += f",line={problem.line}"
    return f"::{problem.level} {properties}::{escape(problem.message)}"
