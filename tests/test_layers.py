"""The house's shape (issue 30): no two modules of the bot import each other, even for types only,
so that each can be read, and changed, from the ones below it."""

from __future__ import annotations

import ast
from pathlib import Path

import bot

PACKAGE = Path(bot.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of the bot, and the modules of the bot it imports anywhere (TYPE_CHECKING too)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        wanted: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                wanted.add(node.module)
                wanted |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                wanted |= {alias.name for alias in node.names}
        graph[name] = {m for m in wanted if m in modules and m not in (name, "bot")}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for wanted in sorted(graph[name]):
            if state.get(wanted) == 1:
                found.append([*path[path.index(wanted) :], wanted])
            elif wanted not in state:
                visit(wanted)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return found


def test_no_module_of_the_bot_imports_one_that_imports_it() -> None:
    assert [" -> ".join(c) for c in circles(import_graph())] == []


def test_a_circle_is_seen() -> None:
    # The check itself can fail: two modules importing each other are named.
    assert circles({"bot.a": {"bot.b"}, "bot.b": {"bot.a"}, "bot.c": set()}) == [["bot.a", "bot.b", "bot.a"]]


def oversized(source: str, where: str) -> list[str]:
    """Each class over 200 lines, and each function over 50 whose docstring gives no reason ("Long:")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        size = (node.end_lineno or node.lineno) - node.lineno + 1
        if isinstance(node, ast.ClassDef) and size > 200:
            found.append(f"{where}: class {node.name} has {size} lines")
        elif not isinstance(node, ast.ClassDef) and size > 50 and "(Long:" not in (ast.get_docstring(node) or ""):
            found.append(f"{where}: {node.name} has {size} lines and no reason in its docstring")
    return found


def test_no_class_over_200_lines_and_no_long_function_without_its_reason() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "sandbox" not in path.relative_to(PACKAGE).parts:
            found += oversized(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    assert found == []


def test_the_size_rule_names_a_long_function_that_gives_no_reason() -> None:
    body = "\n".join(f"    x = {n}" for n in range(60))
    assert oversized(f"def long():\n{body}\n", "m.py") == ["m.py: long has 61 lines and no reason in its docstring"]
    reasoned = f'def long():\n    """(Long: one table.)"""\n{body}\n'
    assert oversized(reasoned, "m.py") == []


def writes_to_upload(source: str) -> list[str]:
    """Each field of an `upload` a module sets, as `upload.x = ...` or `upload.x += ...`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        )
        for target in targets:
            for part in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) and part.value.id == "upload":
                    found.append(part.attr)
    return found


def test_a_files_upload_is_written_by_the_recorder_alone() -> None:
    others = {
        str(path.relative_to(PACKAGE)): fields
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "recorder.py" and (fields := writes_to_upload(path.read_text(encoding="utf-8")))
    }
    assert others == {}
    assert writes_to_upload("upload.state, upload.doubt = 'held', False\nupload.tries += 1") == [
        "state",
        "doubt",
        "tries",
    ]
