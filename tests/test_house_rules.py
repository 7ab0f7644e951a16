"""House rules that a reader relies on and a diff could quietly break.

- The entrypoint owns the unit of work: nothing under a service's `service_layer/` enters one
  (`async with uow`) or commits one (`uow.commit()`). A use case that did would drop the
  caller's pending events and claimed event id (`docs/service-anatomy.md`).
- User-supplied patterns never reach a backtracking engine: every call into Python's `re`
  takes a pattern written in our code (a string literal); anything else goes through
  `custody_platform.patterns` (RE2, linear time).
- Small modules and functions: at most 300 lines a module and 40 a function in the code that
  runs (generated gRPC code, migrations and tests aside), so each can be read in one sitting.
The import boundaries (services never import each other, ...) are import-linter contracts in
`pyproject.toml`, run by `make lint`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def _source_files() -> Iterator[Path]:
    for top in ("services", "libs", "tools"):
        for path in sorted((ROOT / top).glob("*/src/**/*.py")):
            if "/migrations/" in path.as_posix() or "custody_contracts/grpc/" in path.as_posix():
                continue
            yield path


def _names_a_unit_of_work(node: ast.AST) -> bool:
    """`uow`, `self._uow`, `self.uow()`, `uow_factory()`: any name that says unit of work."""
    while isinstance(node, ast.Call):
        node = node.func
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return "uow" in name.lower() or "unit_of_work" in name.lower()


def _transaction_handling(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncWith):
            for item in node.items:
                if _names_a_unit_of_work(item.context_expr):
                    yield node.lineno, "enters a unit of work"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"
            and _names_a_unit_of_work(node.func.value)
        ):
            yield node.lineno, "commits a unit of work"


def test_service_layers_neither_enter_nor_commit_a_unit_of_work() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _source_files()
        if "/service_layer/" in path.as_posix()
        for line, what in _transaction_handling(ast.parse(path.read_text()))
    ]
    assert found == [], "the entrypoint owns the unit of work:\n" + "\n".join(found)


def test_the_rule_finds_what_it_forbids() -> None:
    """The scan itself can fail: it sees each way a use case could take the transaction."""
    code = (
        "async def f(uow, self):\n"
        "    async with uow:\n        pass\n"
        "    async with self._uow() as u:\n        pass\n"
        "    await uow.commit()\n"
    )
    assert [what for _, what in _transaction_handling(ast.parse(code))] == [
        "enters a unit of work",
        "enters a unit of work",
        "commits a unit of work",
    ]


_RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "findall", "finditer", "sub", "subn"}


def _patterns_not_written_in_code(tree: ast.AST) -> Iterator[int]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _RE_FUNCTIONS | {"split"}
            and not (node.args and isinstance(node.args[0], ast.Constant))
        ):
            yield node.lineno


def test_python_re_only_runs_patterns_written_in_code() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _source_files()
        for line in _patterns_not_written_in_code(ast.parse(path.read_text()))
    ]
    assert found == [], "match user patterns with custody_platform.patterns:\n" + "\n".join(found)
    assert list(_patterns_not_written_in_code(ast.parse("re.fullmatch(f.pattern, text)"))) == [1]


def test_modules_and_functions_stay_small() -> None:
    too_long: list[str] = []
    for path in _source_files():
        text = path.read_text()
        where = path.relative_to(ROOT)
        if (lines := len(text.splitlines())) > MAX_MODULE_LINES:
            too_long.append(f"{where}: module of {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{where}:{node.lineno}: {node.name} has {length} lines")
    assert too_long == [], "split these by responsibility:\n" + "\n".join(too_long)
