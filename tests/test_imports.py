"""The package's imports follow the pipeline: no cycle, and no import that climbs back up.

Every ``import`` in every module counts, those inside functions too: a lazy import is still a
dependency. Layers, lowest first (a module may import its own layer's modules and lower layers'):

    errors, resources                   0
    intake                              1   bytes -> Document
    corpus, features, summarize         2   labelled data; tokens and cues; the lead paragraph
    evaluate                            3   metrics
    classifiers                         4   load and predict
    predict, output, stream, ray_predict 5  batches of files; formats; corpora record by record
    training                            6   build model directories
    cli, console, __main__              7   the command line; console: its rich progress
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "classify"

LAYERS = {
    "errors": 0,
    "resources": 0,
    "intake": 1,
    "corpus": 2,
    "features": 2,
    "summarize": 2,
    "evaluate": 3,
    "issuer": 3,
    "classifiers": 4,
    "predict": 5,
    "output": 5,
    "stream": 5,
    "ray_predict": 5,
    "training": 6,
    "cli": 7,
    "console": 7,
    "__main__": 7,
    "launch": 7,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """Modules of the package that ``path`` imports (``from classify.x import y`` names ``classify.x.y``
    when that is a module, else ``classify.x``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return {m for m in found if m.split(".")[0] == "classify"}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for target in _imports(path, name):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None  # the top package: __version__ and lazy names


def test_every_part_of_the_package_has_a_layer():
    missing = {m.split(".")[1] for m in _graph() if "." in m and _layer(m) is None}
    assert not missing, f"give these a layer in LAYERS: {sorted(missing)}"


def test_no_import_climbs_back_up_the_pipeline():
    climbing = []
    for module, targets in _graph().items():
        low = _layer(module)
        for target in targets:
            high = _layer(target)
            if low is not None and high is not None and high > low:
                climbing.append(f"{module} -> {target}")
    assert not climbing, "imports against the pipeline:\n" + "\n".join(sorted(climbing))


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # the top package holds only __version__ and lazy names (its imports are for type checkers)
    real = [c for c in cycles if "classify" not in c.split(" -> ")]
    assert not real, "import cycles:\n" + "\n".join(real)


def test_the_checker_sees_lazy_and_relative_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from classify.training.run import train\n", encoding="utf-8")
    assert "classify.training.run" in _imports(source, "classify.classifiers.mod")


def _third_party(path: Path) -> set[str]:
    """Top-level names of every absolute import in ``path`` (lazy ones too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_loading_never_imports_training():
    # the layers say so too; this names the rule the package docstrings promise
    reaching = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        if module.startswith("classify.classifiers")
        for target in targets
        if target.startswith("classify.training")
    ]
    assert not reaching, "classifiers import training:\n" + "\n".join(sorted(reaching))


def test_onnx_runtime_imports_neither_torch_nor_the_export():
    module = "classify.classifiers.onnx"
    path = PACKAGE / "classifiers" / "onnx.py"
    assert not {"torch", "transformers"} & _third_party(path)
    reachable, todo = set(), [module]
    graph = _graph()
    while todo:  # everything loading an ONNX model may import, transitively
        for target in graph[todo.pop()] - reachable:
            reachable.add(target)
            todo.append(target)
    assert "classify.classifiers.bert" not in reachable
    assert not any(m.startswith("classify.training") for m in reachable)
    for target in reachable:
        parts = target.split(".")[1:]
        file = PACKAGE.joinpath(*parts).with_suffix(".py")
        file = file if file.exists() else PACKAGE.joinpath(*parts, "__init__.py")
        assert not {"torch", "transformers"} & _third_party(file), f"{target} imports torch or transformers"
