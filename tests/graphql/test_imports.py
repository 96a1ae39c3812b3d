"""The GraphQL modules import one another without a cycle: types refer to the types that refer
back to them through strawberry's lazy annotations (`schema.core.refs`), never an import, so any
module can be the first one imported."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "schema"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(
    _module_name(path) for path in (ROOT / PACKAGE).rglob("*.py") if path.name != "__init__.py"
)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST) -> set[str]:
    """The schema modules a module imports when it runs: anywhere in it (a function's import
    is a cycle put off, not avoided), but for the `if TYPE_CHECKING:` blocks."""
    found: set[str] = set()
    pending = list(ast.iter_child_nodes(tree))
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from schema.core import errors` imports the module `schema.core.errors`.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    return found & set(MODULES)


def _graph() -> dict[str, set[str]]:
    return {
        module: _imported(
            ast.parse((ROOT / module.replace(".", "/")).with_suffix(".py").read_text())
        )
        for module in MODULES
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as the modules along it, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for imported in sorted(graph[module]):
            cycle = visit(imported)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def test_the_import_graph_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_schema_modules_import_one_another_without_a_cycle():
    graph = _graph()
    assert graph["schema.schema"], "the import graph was not read"
    assert _cycle(graph) is None


def test_the_type_modules_and_the_error_and_viewer_modules_do_not_import_each_other():
    graph = _graph()
    assert "schema.core.viewer" not in graph["schema.core.errors"]
    assert "schema.core.errors" not in graph["schema.core.viewer"]
    entangled = ("albums", "social", "tracks", "users")
    for name in entangled:
        imported = graph[f"schema.{name}.types"]
        assert not {f"schema.{other}.types" for other in entangled} & imported, name


# Imports each module named on the command line first: the schema's modules are dropped from
# the interpreter before each (Django and the libraries, which never import them, stay).
IMPORT_EACH_FIRST = """
import importlib, sys
import django
django.setup()
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "schema" or m.startswith("schema.")]:
        del sys.modules[loaded]
    importlib.import_module(name)
    print("imported", name)
"""


def test_every_schema_module_can_be_imported_first():
    # An import cycle fails when one of its modules, not all of them, is the first imported.
    order = MODULES
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_FIRST, *order],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # The suite's settings module (pytest-django sets DJANGO_SETTINGS_MODULE).
        env=os.environ,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"imported {name}" for name in order]
