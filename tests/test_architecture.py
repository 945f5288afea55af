"""The rooms of docs/architecture.md: imports between the project's apps go one way only.

Parsed from the source (no import side effects): an app may import only the apps listed below
it in ``ALLOWED``. Content apps → publication → consumers (feed, search); ``common`` is the
floor every app may stand on and imports no app; the shell (``cms``) and ``home`` sit on top.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "cms",
    "home",
    "opendata",
    "feed",
    "search",
    "feedback",
    "status",
    "news",
    "media",
    "catalogue",
    "publication",
    "common",
)
ALLOWED = {
    "common": set(),
    "publication": {"common"},
    "catalogue": {"publication", "common"},
    "media": {"catalogue", "publication", "common"},
    "news": {"catalogue", "media", "publication", "common"},
    # Live status and feedback add to the catalogue's types (registry enrichers), never the reverse.
    "status": {"catalogue", "publication", "common"},
    "feedback": {"catalogue", "media", "publication", "common"},
    "search": {"publication", "common"},
    "feed": {"publication", "common"},
    # Open data is an output like the feed: it reads Publication rows only.
    "opendata": {"publication", "common"},
    "home": {"catalogue", "media", "news", "status", "feedback", "search", "publication", "common"},
    "cms": set(APPS) - {"cms"},
}


def app_imports() -> dict[str, dict[str, list[str]]]:
    """app -> imported app -> the files that import it (migrations excluded: they are history)."""
    found: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in APPS and top != app:
                        found[app].setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by a depth-first walk (enough to name the offenders)."""
    found, stack = [], []

    def walk(node, seen):
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == stack[0]:
                found.append([*stack, nxt])
            elif nxt not in seen and nxt > stack[0]:
                walk(nxt, seen | {nxt})
        stack.pop()

    for start in sorted(graph):
        walk(start, {start})
    return found


def test_the_apps_import_each_other_without_a_cycle():
    graph = {app: set(targets) for app, targets in app_imports().items()}
    assert cycles(graph) == []


def test_imports_follow_the_dependency_direction():
    wrong = {
        f"{app} → {target}": files
        for app, targets in app_imports().items()
        for target, files in targets.items()
        if target not in ALLOWED[app]
    }
    assert wrong == {}


def test_the_cycle_finder_finds_a_cycle():
    # The check above can fail: a two-app and a three-app cycle are both reported.
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
