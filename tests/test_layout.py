"""The house's layout: the README's tree of generator/ lists exactly the folders' packages and
modules, and no package imports one above it (every import read with the ast module)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "generator"
BASE = {"models", "problems"}
# What each part may import from generator (besides itself); README.md shows the same table.
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "problems": set(),
    "options": set(),
    "output": set(),
    "incremental": BASE | {"__init__"},  # __init__: the version, in every cache key
    "translate": set(),
    "content": BASE | {"incremental", "translate"},
    "staff": BASE | {"content", "incremental", "translate"},
    "importer": BASE | {"content", "incremental", "__init__"},  # __init__: the version it notes
    "render": BASE | {"content", "incremental", "staff", "translate"},
    "build": BASE | {"content", "incremental", "render", "options", "output", "translate"},
    "serve": BASE | {"content", "incremental", "render", "options", "output", "build", "translate"},
    "cli": BASE
    | {"content", "incremental", "render", "options", "output", "build", "serve", "staff"}
    | {"importer", "translate"}
    | {"__init__"},
    "__main__": {"cli"},
    "__init__": set(),
}


def part(module: str) -> str:
    """generator.content.load -> content; generator.build -> build; generator -> __init__."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "__init__"


def imported(path: Path) -> set[str]:
    """The parts of generator that the module at `path` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "generator":  # from generator import models, __version__
                modules = [
                    f"generator.{alias.name}"
                    if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").is_file()
                    else "generator"
                    for alias in node.names
                ]
            else:
                modules = [node.module]
        else:
            assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: relative import"
            continue
        found |= {part(m) for m in modules if m == "generator" or m.startswith("generator.")}
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(ROOT).as_posix() for p in MODULES])
def test_no_part_imports_one_above_it(path):
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    own = part(module.removesuffix(".__init__")) if path.name == "__init__.py" else part(module)
    assert own in ALLOWED, f"{own} is a new part: give it a line in ALLOWED and in README.md"
    above = imported(path) - ALLOWED[own] - {own}
    assert not above, f"{module} imports {sorted(above)}, which {own} may not import"


def test_the_readme_tree_lists_every_package_and_module_once():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- layout:", 1)[1].split("```", 2)[1]
    listed, folder = [], ""
    for line in block.strip("\n").splitlines()[1:]:  # below "generator/"
        name = line.split()[0]
        depth = (len(line) - len(line.lstrip(" "))) // 2
        if name.endswith("/"):
            folder = name
            listed.append(folder)
        else:
            listed.append((folder if depth == 2 else "") + name)
        assert re.fullmatch(r"\s+\S+\s+\S.*", line), f"no role given: {line!r}"
    actual = sorted(
        {p.relative_to(PACKAGE).as_posix() for p in MODULES if p.name != "__init__.py"}
        | {p.parent.relative_to(PACKAGE).as_posix() + "/" for p in MODULES if p.parent != PACKAGE}
        | {"__init__.py"}
    )
    assert sorted(listed) == actual
    assert len(listed) == len(set(listed))
