"""No default locator may lean on an id or class of our own sandbox."""

import io
import re
import tokenize
from pathlib import Path

import bot

PACKAGE = Path(bot.__file__).parent
SANDBOX_TEMPLATES = PACKAGE / "sandbox" / "templates"
# The code that finds elements on the site, and the settings that feed it words.
BOT_CODE = [*(PACKAGE / "site").glob("*.py"), PACKAGE / "submission.py", PACKAGE / "config.py"]


def sandbox_names() -> set[str]:
    names = set()
    for template in SANDBOX_TEMPLATES.rglob("*.html"):
        text = template.read_text()
        names |= set(re.findall(r'\bid="([^"{]+)"', text))
        for classes in re.findall(r'\bclass="([^"{]+)"', text):
            names |= set(classes.split())
    return names


def string_literals(path: Path) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    return [t.string for t in tokens if t.type == tokenize.STRING]


def test_the_sandbox_has_ids_and_classes_to_lean_on() -> None:
    assert {"UserName", "FileType", "dropzone"} <= sandbox_names()


def test_no_selector_in_bot_code_names_a_sandbox_id_or_class() -> None:
    names = sandbox_names()
    for path in BOT_CODE:
        for literal in string_literals(path):
            assert "[class" not in literal and "[id" not in literal, f"{path.name}: {literal[:60]}"
            for name in names:
                selector = re.compile(rf"[#.]{re.escape(name)}(?![\w-])")
                assert not selector.search(literal), f"{path.name} selects the sandbox's {name!r}: {literal[:60]}"


def test_no_bot_code_uses_test_ids() -> None:
    for path in BOT_CODE:
        assert "get_by_test_id" not in path.read_text(), path.name


def test_the_sandbox_imports_nothing_of_the_bots_site_file_type_or_year_code() -> None:
    import ast

    for path in (PACKAGE / "sandbox").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                assert not name.startswith("bot.") or name.startswith("bot.sandbox"), f"{path.name} imports {name}"
