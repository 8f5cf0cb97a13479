"""No default locator may lean on an id or class of our own sandbox."""

import io
import re
import tokenize
from pathlib import Path

import bot

PACKAGE = Path(bot.__file__).parent
SANDBOX_TEMPLATES = PACKAGE / "sandbox" / "templates"
# Every module of the bot outside its sandbox: any of them may find elements or feed words to what does.
BOT_CODE = sorted(p for p in PACKAGE.rglob("*.py") if "sandbox" not in p.relative_to(PACKAGE).parts)
# The programs the bot runs inside the site's pages.
PAGE_SCRIPTS = sorted((PACKAGE / "site" / "js").glob("*.js"))
JS_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`")


def sandbox_names() -> set[str]:
    names = set()
    for template in SANDBOX_TEMPLATES.rglob("*.html"):
        text = template.read_text()
        names |= set(re.findall(r'\bid="([^"{]+)"', text))
        for classes in re.findall(r'\bclass="([^"{]+)"', text):
            names |= set(classes.split())
    return names


def string_literals(path: Path) -> list[str]:
    """Every string literal's text; an f-string without its {expressions}, which are code, not text."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    literals = []
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        prefix = re.match(r"[A-Za-z]*", token.string)
        text = token.string
        if prefix and "f" in prefix.group(0).lower():
            text = re.sub(r"\{[^{}]*\}", "", text)
        literals.append(text)
    return literals


def test_the_sandbox_has_ids_and_classes_to_lean_on() -> None:
    assert {"UserName", "FileType", "dropzone"} <= sandbox_names()
    assert len(BOT_CODE) > 40 and PACKAGE / "delivery.py" in BOT_CODE, "every module is guarded"


def literals_of(path: Path) -> list[str]:
    return JS_STRING.findall(path.read_text()) if path.suffix == ".js" else string_literals(path)


def test_no_selector_in_bot_code_names_a_sandbox_id_or_class() -> None:
    names = sandbox_names()
    assert len(PAGE_SCRIPTS) > 20 and any("'input, select, textarea'" in literals_of(p) for p in PAGE_SCRIPTS)
    for path in BOT_CODE + PAGE_SCRIPTS:
        for literal in literals_of(path):
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
                # `from bot import x` as much as `from bot.site import x`: only the sandbox's own modules.
                ours = name == "bot" or name.startswith("bot.")
                assert not ours or name.startswith("bot.sandbox"), f"{path.name} imports {name}"
