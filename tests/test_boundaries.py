"""The package keeps its layers apart: domain code never imports mkdocs, only the report layer imports pandas."""

from __future__ import annotations

import ast
from pathlib import Path

import mathhub

PACKAGE = Path(mathhub.__file__).parent


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_site_layer_imports_mkdocs_and_only_reports_import_pandas() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        found = imports(path)
        if not relative.startswith("site/"):
            assert "mkdocs" not in found and "material" not in found, relative
        if not relative.startswith("reports/"):
            assert "pandas" not in found, relative


def test_public_api() -> None:
    assert sorted(mathhub.__all__) == ["Cartridge", "Catalogue", "Problem", "Repository", "Rubric", "load_catalogue", "load_repository"]
    assert (PACKAGE / "py.typed").is_file()
    for name in mathhub.__all__:
        written = getattr(mathhub, name).__doc__ or ""
        assert written.strip() and not written.startswith(f"{name}("), f"{name} has no docstring of its own"  # a dataclass makes one from its fields


def test_building_the_site_never_loads_pandas() -> None:
    """The site publishes coverage, usage and mastery from pure-Python modules; pandas is for reading district files."""
    import subprocess
    import sys

    code = "import sys, mathhub.site.plugin, mathhub.mastery, mathhub.reports; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
