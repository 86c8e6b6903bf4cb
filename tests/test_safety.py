"""What a hostile contributor or a careless copy could slip into content/ or templates/: symbolic
links that would publish or read files from outside the repository, named pipes that would make
the build wait forever. Each is refused at its own path, and nothing outside is read or published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import NOW, PIPE, ROOT, Link, build_site, run_cli, tree, write_hub

SECRET = b"the password of the library's router\n"


def outside(tmp_path):
    """A folder beside the hub, with a secret and an event file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_bytes(SECRET)
    (folder / "secret.svg").write_bytes(SECRET)
    (folder / "event.md").write_text(
        "---\ntitle: From outside\nstart: 2026-12-02\nlocation: central\n---\nHello.\n",
        encoding="utf-8",
    )
    return folder


def published(site) -> bytes:
    return b"".join(tree(site).values()) if site.exists() else b""


def test_a_media_link_to_a_folder_outside_publishes_nothing(in_tmp):
    outside(in_tmp)
    content = write_hub(in_tmp, {"media/shared": Link("../../outside")})
    assert run_cli(["check", "--content", "content"]) == (
        1,
        ["content/media/shared: is a symbolic link; content must be real files in the repository"],
    )
    assert build_site(in_tmp / "site", content=content)[0] == 1
    assert not (in_tmp / "site").exists()
    shutil.rmtree(content / "media")
    (content / "media").symlink_to(in_tmp / "outside")  # the whole media folder, this time
    assert run_cli(["check", "--content", "content"]) == (
        1,
        ["content/media: is a symbolic link; content must be real files in the repository"],
    )
    assert build_site(in_tmp / "site", content=content)[0] == 1
    assert SECRET not in published(in_tmp / "site")


def test_an_events_link_is_reported_at_its_own_path_without_a_crash(in_tmp):
    outside(in_tmp)
    content = write_hub(in_tmp, {"events/teen-tech.md": None})
    (content / "events").symlink_to(in_tmp / "outside")
    expected = ["content/events: is a symbolic link; content must be real files in the repository"]
    assert run_cli(["check", "--content", "content"]) == (1, expected)
    code, output = build_site(in_tmp / "site", content=content)
    assert (code, output) == (1, expected)


def test_a_refused_link_inside_events_is_named_by_its_own_path_not_its_target(in_tmp):
    outside(in_tmp)
    write_hub(in_tmp, {"events/2027/linked-event.md": Link("../../../outside/event.md")})
    code, output = run_cli(["check", "--content", "content"])
    assert (code, output) == (
        1,
        [
            "content/events/2027/linked-event.md: is a symbolic link; content must be real files "
            "in the repository"
        ],
    )


def test_links_in_the_theme_stop_the_build_at_their_own_path(in_tmp):
    outside(in_tmp)
    content = write_hub(in_tmp, {})
    shutil.copytree(ROOT / "templates", in_tmp / "templates")
    (in_tmp / "templates" / "assets" / "router.css").symlink_to(in_tmp / "outside" / "secret.txt")
    (in_tmp / "templates" / ".hidden.html").symlink_to(in_tmp / "outside" / "secret.txt")
    code, output = run_cli(
        ["build", "--content", "content", "--templates", "templates", "--out", "site"]
        + ["--now", NOW, "--no-history"]
    )
    assert (code, output) == (
        1,
        [
            "templates/.hidden.html: is a symbolic link; the theme must be real files in the "
            "repository",
            "templates/assets/router.css: is a symbolic link; the theme must be real files in the "
            "repository",
        ],
    )
    assert not (in_tmp / "site").exists()
    assert content.is_dir()


def test_a_named_pipe_is_refused_at_once_by_check_and_build(in_tmp):
    """Reading a named pipe waits for a writer that never comes: check and build must not open
    it. Run as processes with a time limit, so a regression fails instead of hanging the tests."""
    write_hub(in_tmp, {"events/pipe.md": PIPE, "media/pipe.svg": PIPE})
    expected = [
        "content/events/pipe.md: is a named pipe, not a file; content must be ordinary files: "
        "delete it",
        "content/media/pipe.svg: is a named pipe, not a file; content must be ordinary files: "
        "delete it",
    ]
    for command in (["check"], ["build", "--templates", str(ROOT / "templates"), "--now", NOW]):
        done = subprocess.run(
            [sys.executable, "-m", "generator", *command, "--content", "content"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stdout.splitlines()) == (1, expected)
    # No site; the build cache of a hub outside git is kept beside its content folder.
    assert sorted(os.listdir(in_tmp)) == [".bulletin-cache", "content"]


# --- whatever check accepts, build builds: each limit, at the limit --------------------------


def at_the_limits() -> dict[str, str]:
    from generator.content.body import MAX_ANGLES, MAX_BRACKETS, MAX_DEPTH, MAX_LENGTH
    from generator.content.values import MAX_NAME

    event = (
        "---\ntitle: {title}\nstart: 2026-12-02 15:30\nlocation: central\naudiences: [{key}]\n---\n"
    )
    key = "k" * MAX_NAME
    nested = "- " * MAX_DEPTH + "deepest\n\n" + "> " * MAX_DEPTH + "quoted\n"
    brackets = "[" * MAX_BRACKETS + "a" * (MAX_LENGTH - MAX_BRACKETS - 1) + "\n"
    angles = "<b " * (MAX_ANGLES // 3) + "text\n"
    return {
        "site.toml": 'title = "Limits"\nbase_url = "https://example.org/"\n'
        'timezone = "America/Chicago"\nhorizon_months = 60\nfeed_past_days = 3650\n'
        f'verify_every_months = 120\n\n[audiences]\n{key} = "Everyone"\n',
        f"events/{'e' * MAX_NAME}.md": event.format(title="Long name", key=key) + "Hi.\n",
        "events/nested.md": event.format(title="Nested", key=key) + nested,
        "events/brackets.md": event.format(title="Brackets", key=key) + brackets,
        "events/angles.md": event.format(title="Angles", key=key) + angles,
    }


def test_content_at_every_limit_checks_and_builds(in_tmp):
    content = write_hub(in_tmp, {"events/teen-tech.md": None, **at_the_limits()})
    assert run_cli(["check", "--content", "content"]) == (0, [])
    code, output = build_site(in_tmp / "site", content=content)
    assert (code, output) == (0, [])
    site = in_tmp / "site"
    key = "k" * 251
    for path in (
        f"events/{'e' * 251}.ics",
        f"feeds/audiences/{key}.ics",
        f"audiences/{key}/index.html",
        "events/nested/index.html",
        "events/brackets/index.html",
        "calendar/2031/11/index.html",  # 60 months on
    ):
        assert (site / path).is_file(), path
    assert not (site / "calendar" / "2031" / "12").exists()
    assert run_cli(["report", "--content", "content", "--now", NOW])[0] == 0


# --- media: nothing that runs, nothing of a draft -------------------------------------------------

SCRIPTED = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PICTURE = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4"/></svg>'


def test_an_svg_with_a_script_is_never_published(in_tmp):
    content = write_hub(in_tmp, {"media/flyer.svg": SCRIPTED})
    code, output = build_site(in_tmp / "site", content=content)
    assert code == 1 and output[0].startswith("content/media/flyer.svg:1: the picture contains")
    assert not (in_tmp / "site").exists()


def test_media_only_drafts_use_is_not_published(in_tmp):
    draft = (
        "---\ntitle: Secret launch\nstart: 2026-12-09 15:30\nlocation: central\ndraft: true\n"
        "image: media/secret.svg\nimage_alt: The new logo\n---\n"
        "The plan is in [the brief](media/brief.pdf) ![map](media/map.svg).\n"
    )
    shared = (
        "---\ntitle: Open day\nstart: 2026-12-10 15:30\nlocation: central\n---\n"
        "![map](media/map.svg)\n"
    )
    content = write_hub(
        in_tmp,
        {
            "events/secret-launch.md": draft,
            "events/open-day.md": shared,
            "partners/quiet-partner.md": "---\nname: Quiet Partner\ndraft: true\n"
            "logo: media/quiet.svg\nlogo_alt: Quiet Partner\n---\n",
            "media/secret.svg": PICTURE,
            "media/brief.pdf": b"%PDF-1.4 the plan",
            "media/map.svg": PICTURE,
            "media/quiet.svg": PICTURE,
            "media/poster.svg": PICTURE,  # used by nobody: published, as before
        },
    )
    assert build_site(in_tmp / "site", content=content) == (0, [])
    published = {name for name in tree(in_tmp / "site") if name.startswith("media/")}
    assert published == {"media/map.svg", "media/poster.svg", "media/teens.jpg"}
    assert build_site(in_tmp / "preview", "--drafts", content=content) == (0, [])
    previewed = {name for name in tree(in_tmp / "preview") if name.startswith("media/")}
    assert previewed == published | {"media/secret.svg", "media/brief.pdf", "media/quiet.svg"}
