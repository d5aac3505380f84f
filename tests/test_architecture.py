"""Writes only through services: a model write anywhere else in ``src/`` fails this test.

The rule (docs/ARCHITECTURE.md): a service is the one place that changes state, so that role,
scope, one transaction and the audit event cannot be skipped. The test reads every module's
syntax tree (nothing is imported) and reports each call that writes:

- ``.create(``, ``.get_or_create(``, ``.update_or_create(``, ``.bulk_create(``,
  ``.bulk_update(``, ``.create_user(``, ``.create_superuser(``: always a write;
- ``.save()``, ``.delete()`` without positional arguments (a model's or a queryset's;
  ``workbook.save(buffer)`` and ``cache.delete(key)`` take one) and ``.update(field=...)`` with
  keywords only (a queryset's; ``dict.update(other)`` takes a positional mapping);
- an admin hook handing the form to Django's own save: ``super().save_model(``,
  ``super().delete_model(``, ``super().save_related(``, ``super().save_formset(``,
  ``super().delete_queryset(``;
- SQL text that writes (``INSERT INTO``, ``UPDATE ... SET``, ``DELETE FROM``,
  ``COPY ... FROM STDIN``) in any string but a docstring.

Allowed: modules named ``services`` (or inside a ``services/`` package), migrations, and the
short list of write helpers below, each with its reason. An entry that no longer matches a
write fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "epicommand"

ALWAYS = {
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "create_user",
    "create_superuser",
}
WITHOUT_POSITIONAL = {"save", "delete"}
ADMIN_SAVES = {"save_model", "delete_model", "save_related", "save_formset", "delete_queryset"}
WRITE_SQL = re.compile(
    r"\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|COPY\s+\S+.*\bFROM\s+STDIN)\b",
    re.IGNORECASE | re.DOTALL,
)

#: ``module path (under src/epicommand) :: function`` (or a path pattern for a whole module)
#: -> why it may write. Services call these helpers inside their own transaction.
ALLOWED = {
    "surveillance/rollup.py::refresh_days": (
        "the daily totals of every area, recomputed from the current revisions inside "
        "services.submit_reports' transaction: derived data, audited with the reports"
    ),
    "surveillance/rollup.py::_insert": "the same totals' rows, one executemany (refresh_days)",
    "surveillance/alerts.py::evaluate": (
        "alerts raised or cleared as figures change, inside the reporting service's "
        "transaction: derived from the audited reports"
    ),
    "surveillance/linelist/store.py::*": (
        "the line list's bulk writer (COPY on PostgreSQL, upsert of known case_ids), called "
        "only by linelist.services.import_cases inside its transaction"
    ),
    "surveillance/idempotency.py::run_once": (
        "the API's Idempotency-Key record, written in the same transaction as the service "
        "call it wraps so a retry is answered from the first time: request bookkeeping like "
        "a session, not domain data"
    ),
    "accounts/roles.py::sync_role_groups": (
        "the role groups and their permissions, rebuilt from the app contracts after every "
        "migrate (post_migrate): part of migrating, no actor"
    ),
    "*/admin.py::*": (
        "admin pages still hand some forms to Django's own save; the pages branch routes them "
        "through the services (issue 8, item 5) and the lead removes this entry after merging"
    ),
}


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    function: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}: {self.what}"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _call_write(node: ast.Call) -> str | None:
    if not isinstance(node.func, ast.Attribute):
        return None
    name = node.func.attr
    receiver = node.func.value
    if name in ALWAYS:
        return f".{name}("
    if name in WITHOUT_POSITIONAL and not node.args:
        return f".{name}()"
    if name == "update" and not node.args and node.keywords:
        return ".update(field=...)"
    if name in ADMIN_SAVES and isinstance(receiver, ast.Call):
        callee = receiver.func
        if isinstance(callee, ast.Name) and callee.id == "super":
            return f"super().{name}("
    return None


def _sql_text(node: ast.AST, docstrings: set[int]) -> str | None:
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return None if id(node) in docstrings else node.value
    return None


class _Finder(ast.NodeVisitor):
    """Every write of one module, with the function it is in (``Class.method``)."""

    def __init__(self, path: str, tree: ast.AST) -> None:
        self.path = path
        self.docstrings = _docstrings(tree)
        self.stack: list[str] = []
        self.found: list[Write] = []

    def _scope(self, node: ast.AST) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_ClassDef = visit_FunctionDef = visit_AsyncFunctionDef = _scope

    def _add(self, node: ast.AST, what: str) -> None:
        function = ".".join(self.stack) or "<module>"
        self.found.append(Write(self.path, node.lineno, function, what))

    def visit_Call(self, node: ast.Call) -> None:
        what = _call_write(node)
        if what:
            self._add(node, what)
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = _sql_text(node, self.docstrings)
        if text and WRITE_SQL.search(text):
            self._add(node, "SQL that writes")
        # its constant parts belong to it: not visited again

    def visit_Constant(self, node: ast.Constant) -> None:
        text = _sql_text(node, self.docstrings)
        if text and WRITE_SQL.search(text):
            self._add(node, "SQL that writes")


def find_writes(source: str, path: str = "snippet.py") -> list[Write]:
    tree = ast.parse(source)
    finder = _Finder(path, tree)
    finder.visit(tree)
    return finder.found


def is_writer_module(path: str) -> bool:
    """Services (a module or a package of them) and migrations may write."""
    parts = Path(path).with_suffix("").parts
    return "services" in parts or "migrations" in parts


def allowed_by(write: Write) -> str | None:
    """The allow-list entry that covers ``write``, if any."""
    for entry in ALLOWED:
        pattern, function = entry.split("::")
        if fnmatch(write.path, pattern) and fnmatch(write.function.split(".")[0], function):
            return entry
    return None


def writes_in_src() -> list[Write]:
    found = []
    for file in sorted(SRC.rglob("*.py")):
        path = file.relative_to(SRC).as_posix()
        if not is_writer_module(path):
            found.extend(find_writes(file.read_text(encoding="utf-8"), path))
    return found


def test_model_writes_happen_only_in_services_migrations_and_the_named_helpers():
    outside = [str(w) for w in writes_in_src() if allowed_by(w) is None]
    assert not outside, "writes outside services (move them into a service):\n" + "\n".join(outside)


def test_every_allowed_helper_still_writes():
    """A helper that no longer writes leaves the list, so the list stays short and true."""
    used = {allowed_by(w) for w in writes_in_src()}
    assert set(ALLOWED) - used == set()


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ("Area.objects.create(code='X')", ".create("),
        ("area.save()", ".save()"),
        ("area.save(update_fields=['name'])", ".save()"),
        ("Area.objects.filter(code='X').delete()", ".delete()"),
        ("Area.objects.filter(code='X').update(name='Y')", ".update(field=...)"),
        ("Area.objects.bulk_create(rows)", ".bulk_create("),
        ("Area.objects.bulk_update(rows, ['name'])", ".bulk_update("),
        ("Group.objects.get_or_create(name='x')", ".get_or_create("),
        ("Area.objects.update_or_create(code='X', defaults={})", ".update_or_create("),
        ("User.objects.create_user('x')", ".create_user("),
        ("cursor.execute('INSERT INTO geo_area (code) VALUES (%s)', ['X'])", "SQL that writes"),
        ("cursor.execute(f'UPDATE {table} SET name = %s', ['Y'])", "SQL that writes"),
        ("cursor.execute('delete from geo_area')", "SQL that writes"),
        ("cursor.copy(f'COPY {table} ({cols}) FROM STDIN')", "SQL that writes"),
        (
            "class A(ModelAdmin):\n    def save_model(self, request, obj, form, change):\n"
            "        super().save_model(request, obj, form, change)",
            "super().save_model(",
        ),
    ],
)
def test_a_write_in_a_snippet_is_found(snippet, what):
    found = find_writes(snippet)
    assert [w.what for w in found] == [what]


@pytest.mark.parametrize(
    "snippet",
    [
        "row.update(figures)",
        "bar.update(task, completed=done)",
        "workbook.save(buffer)",
        "cache.delete(key)",
        "super().save(*args, **kwargs)",
        "def f():\n    '''Writes with INSERT INTO staging, then UPDATE cases SET ...'''",
        "Area.objects.filter(code='X').values('name')",
    ],
)
def test_reads_and_other_objects_are_not_writes(snippet):
    assert find_writes(snippet) == []


def test_a_write_outside_services_is_refused_and_inside_is_allowed():
    write = find_writes("def rename(area):\n    area.save()\n", "geo/views.py")[0]
    assert str(write) == "geo/views.py:2 in rename: .save()"
    assert allowed_by(write) is None and not is_writer_module(write.path)
    assert is_writer_module("geo/services.py") and is_writer_module("supply/services/stock.py")
    assert is_writer_module("geo/migrations/0001_initial.py")
    body = "():\n    Alert.objects.bulk_create([])\n"
    helper = find_writes("def evaluate" + body, "surveillance/alerts.py")
    assert allowed_by(helper[0]) == "surveillance/alerts.py::evaluate"
    other = find_writes("def other" + body, "surveillance/alerts.py")
    assert allowed_by(other[0]) is None
