"""Build time and output size of one seeded synthetic hub published in its own language only, and
again with four translations (`translations = ["es", "so", "vi", "ar"]`). Run from the repository's
top folder:

    .venv/bin/python bench/languages.py                  # N = 1,000 and 10,000
    .venv/bin/python bench/languages.py --sizes 1000 --repeats 1

Cold builds (no cache, no output folder), wall-clock, median of the runs; it prints a Markdown
table. Everything it makes goes in bench/.work/languages/ (git-ignored)."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import NOW, generate

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "languages"
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"
TRANSLATIONS = 'translations = ["es", "so", "vi", "ar"]\n'


def build(content: Path, out: Path) -> float:
    for leftover in (out, out.with_name(f".{out.name}.bulletin")):
        if leftover.is_symlink() or leftover.is_file():
            leftover.unlink()
        elif leftover.exists():
            shutil.rmtree(leftover)
    command = [str(BULLETIN), "build", "--content", str(content), "--out", str(out)]
    command += ["--templates", str(ROOT / "templates"), "--now", NOW, "--no-history", "--no-cache"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}{result.stderr}")
    return seconds


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.resolve().rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    rows = []
    for events in arguments.sizes:
        corpus = WORK / f"n{events}"
        generate(corpus, events)
        site = corpus / "content" / "site.toml"
        one = site.read_text(encoding="utf-8")
        results = []
        for label, text in (("1 language", one), ("5 languages", TRANSLATIONS + one)):
            site.write_text(text, encoding="utf-8")
            times = [build(corpus / "content", corpus / "site") for _ in range(arguments.repeats)]
            results.append((label, statistics.median(times), *size(corpus / "site")))
            print(f"N={events:,} {label}: {results[-1][1]:.1f} s", flush=True)
        (_, base_time, base_bytes, base_files) = results[0]
        for label, seconds, total, files in results:
            rows.append(
                f"| {events:,} | {label} | {seconds:.1f} s ({seconds / base_time:.2f}x) "
                f"| {total / 1e6:.1f} MB ({total / base_bytes:.2f}x) | {files:,} |"
            )
    print("\n| N | published in | cold build | output | files |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
