"""Every page, the stylesheet and every SVG of the built sample site checked by the W3C's Nu Html
Checker (vnu.jar from the npm package vnu-jar, run with Java) in one call: zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import ROOT, needs

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_stylesheet_and_svg_is_valid(sample_site):
    java = shutil.which("java")
    needs(java is not None, "Java is not installed (apt-get install default-jre-headless)")
    needs(VNU.is_file(), "the Nu Html Checker is not installed (npm ci installs vnu-jar)")
    files = sorted(p for p in sample_site.rglob("*") if p.suffix in (".html", ".css", ".svg"))
    assert sum(p.suffix == ".html" for p in files) > 100 and any(p.suffix == ".css" for p in files)
    # One Java start for the whole site: files are typed by their extension.
    checked = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--also-check-css",
            "--also-check-svg",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"{m.get('url', '?').split(str(sample_site))[-1].lstrip('/')}:"
        f"{m.get('lastLine', '?')}: {m['message']}\n    {' '.join(m.get('extract', '').split())}"
        for m in messages
    ]
    assert errors == [], f"{len(errors)} validity error(s):\n" + "\n".join(errors)
    assert checked.returncode == 0, checked.stderr
