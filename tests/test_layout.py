"""The package's folders say what each part is for, one way down, with no import cycle.

Read from the source (module-level imports; imports under ``if TYPE_CHECKING:`` are for
type hints only): a folder imports only from the folders below it in ``LAYERS``, and
following imports from any module never comes back to it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# lower number = lower layer; a module may import from its own layer or lower ones
LAYERS = {
    "errors": 0, "squares": 0, "formatting": 0, "display": 0, "version": 0,
    "engine": 1, "quiz": 1,
    "networks": 2,
    "checks": 3,
    "figures": 4,
    "practice": 5,
    "chapters": 5,
}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in (SRC / "backprop_core").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = path
    return mods


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports when it is imported."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            candidates = [module] + [f"{module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found.update(c for c in candidates if c in MODULES and c != name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _part(name: str) -> str | None:
    """'backprop_core.engine.value' -> 'engine'; None for the package itself."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_module_has_a_layer() -> None:
    parts = {_part(m) for m in MODULES} - {None}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


@pytest.mark.parametrize("name", sorted(m for m in MODULES if _part(m)))
def test_imports_go_one_way_down(name: str) -> None:
    own = LAYERS[_part(name) or ""]
    upward = [t for t in GRAPH[name] if _part(t) and LAYERS[_part(t) or ""] > own]
    assert not upward, f"{name} (layer {own}) imports from a higher layer: {upward}"


def test_no_import_cycle() -> None:
    # edges into the top-level package are its re-exports for readers (`from backprop_core
    # import Value`); no module of the package imports them that way
    assert not [m for m, targets in GRAPH.items() if "backprop_core" in targets]
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            # a package's __init__ importing its own modules is a re-export, not a cycle
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [])
    assert not cycles, cycles


def test_no_module_is_too_long_to_read_at_one_sitting() -> None:
    lengths = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert max(lengths.values()) <= 450, sorted(lengths.items(), key=lambda x: -x[1])[:3]
