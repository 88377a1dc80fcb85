"""The layout's import rules (DESIGN.md, STYLE.md), read from the source with `ast`.

No module imports a template-tag module: views and tags share `<app>/queries.py`
or model methods, and only Django's template engine loads tag libraries (by name,
for `{% load %}`). `home` is the site shell: domain apps import it, never the
other way. Imports inside functions count as much as those at the top.
"""

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {"node_modules", "migrations", "__pycache__"}
# What the site serves people, and what only operates it: the shell (home) and the
# plumbing (serving) import none of these.
DOMAIN_APPS = {"blog", "search", "enquiries", "staff", "editorial", "demo", "tools"}


def project_apps() -> list[str]:
    """Top-level packages with an apps.py, plus the Django project package."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    return sorted(apps | {"site_config"})


def python_files(top: Path) -> Iterator[Path]:
    """.py files under `top`, without virtualenvs, node_modules and migrations."""
    for directory, subdirs, files in os.walk(top):
        subdirs[:] = sorted(
            name
            for name in subdirs
            if not name.startswith(".")
            and name not in SKIPPED_DIRS
            and not (Path(directory, name) / "pyvenv.cfg").exists()
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory, name)


def checked_files() -> list[Path]:
    """Every app, the project package, the tests and the tools: all our Python."""
    return list(python_files(ROOT))


def imported_modules(source: str) -> Iterator[tuple[int, str]]:
    """(line, dotted module name) of every import in `source`, nested ones too.

    `from a import b` yields `a.b` as well as `a`, since `b` may be a module;
    relative imports keep their dots (`.templatetags.x`); `importlib.import_module`
    and `__import__` calls with a literal name count as imports.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            dots, module = "." * node.level, node.module or ""
            yield node.lineno, dots + module
            for alias in node.names:
                name = f"{module}.{alias.name}" if module else alias.name
                yield node.lineno, dots + name
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            first = node.args[0]
            if (
                name in {"import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value


def is_template_tag_module(module: str) -> bool:
    return "templatetags" in module.lstrip(".").split(".")


def offending(files, rule) -> list[str]:
    """One "path:line: module" per import statement in `files` that `rule` flags."""
    found = {}
    for path in files:
        for line, module in imported_modules(path.read_text(encoding="utf-8")):
            if rule(module):
                found.setdefault((str(path.relative_to(ROOT)), line), module)
    return [
        f"{path}:{line}: {module}" for (path, line), module in sorted(found.items())
    ]


def test_the_walk_covers_every_app_and_skips_the_rest():
    apps = project_apps()
    assert {"home", "blog", "search", "site_config"} <= set(apps)
    files = checked_files()
    covered = {path.relative_to(ROOT).parts[0] for path in files}
    assert set(apps) | {"tests"} <= covered
    skipped = SKIPPED_DIRS | {".venv"}
    assert not any(skipped & set(path.relative_to(ROOT).parts) for path in files)


def test_no_module_imports_a_template_tag_module():
    assert offending(checked_files(), is_template_tag_module) == []


def imports_a_domain_app(module: str) -> bool:
    return not module.startswith(".") and module.split(".")[0] in DOMAIN_APPS


@pytest.mark.parametrize("app", ["home", "serving"])
def test_shell_and_plumbing_import_no_domain_app(app):
    files = list(python_files(ROOT / app))
    assert files
    assert offending(files, imports_a_domain_app) == []


@pytest.mark.parametrize(
    "source",
    [
        "from blog.templatetags.blog_tags import category_counts",
        "import blog.templatetags.blog_tags",
        "from blog.templatetags import blog_tags",
        "from blog import templatetags",
        "from .templatetags.blog_tags import x",
        "from ..templatetags import site_tags",
        "def f():\n    from home.templatetags import site_tags",
        "importlib.import_module('home.templatetags.site_tags')",
        "__import__('blog.templatetags.blog_tags')",
    ],
)
def test_template_tag_imports_are_recognised(source):
    assert any(is_template_tag_module(m) for _line, m in imported_modules(source))


@pytest.mark.parametrize(
    "source",
    [
        "from django import template",
        "from django.template.loader import render_to_string",
        "LIBRARIES = {'blog_tags': 'blog.templatetags.blog_tags'}",
        "from blog import queries",
    ],
)
def test_template_engine_and_query_imports_are_allowed(source):
    assert not any(is_template_tag_module(m) for _line, m in imported_modules(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import blog", True),
        ("from blog.models import ArticlePage", True),
        ("def f():\n    from search import views", True),
        ("import enquiries.models", True),
        ("from wagtail.search import index", False),
        ("from wagtail.contrib.search_promotions.models import Query", False),
        ("from serving.cache.memo import memoize", False),
        ("from staff.roles import ENQUIRIES", True),
        ("from . import blocks", False),
        ("from .search import x", False),
    ],
)
def test_domain_app_imports_are_recognised(source, expected):
    found = any(imports_a_domain_app(m) for _line, m in imported_modules(source))
    assert found is expected


# --- Public upstream APIs only ---------------------------------------------------
# Private attributes of Wagtail, Django or any library (`obj._name`) break silently
# on an upgrade. The site's apps use none: only their own (`self._x`, `cls._x`) and
# Django's documented `_meta`. Measuring tools in tools/ bulk-insert thousands of
# pages through treebeard's and Django's insert internals; they are not the site.
SITE_APPS = [
    "home",
    "blog",
    "search",
    "enquiries",
    "staff",
    "editorial",
    "serving",
    "demo",
]
ALLOWED_PRIVATE = {"_meta"}


def private_attributes(source: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in ALLOWED_PRIVATE
            and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            )
        ):
            yield node.lineno, node.attr


@pytest.mark.parametrize("app", SITE_APPS)
def test_no_private_attributes_of_other_code(app):
    found = [
        f"{path.relative_to(ROOT)}:{line}: {attr}"
        for path in python_files(ROOT / app)
        for line, attr in private_attributes(path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("request._wagtail_site = site", ["_wagtail_site"]),
        ("Site._find_for_request(request)", ["_find_for_request"]),
        ("queryset._result_cache = []", ["_result_cache"]),
        ("self._cache = {}", []),
        ("model._meta.fields", []),
        ("obj.__class__", []),
    ],
)
def test_private_attribute_detector(source, expected):
    assert [attr for _line, attr in private_attributes(source)] == expected
