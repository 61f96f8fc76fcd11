"""Which Pyodide packages a page loads (tools/bpb_run.py), from the lists the runtime's
manifest carries (tools/fetch_runtime.py writes them; the site's worker reads the same)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
from bpb_run import package_imports, packages_needed, provided_modules  # noqa: E402

MANIFEST = {"provides": {
    "numpy": {"imports": ["numpy"], "needs": ["numpy"]},
    "matplotlib": {"imports": ["matplotlib", "mpl_toolkits", "pylab"],
                   "needs": ["matplotlib", "numpy", "pillow"]},
}}


def test_each_module_maps_to_the_package_that_provides_it() -> None:
    assert provided_modules(MANIFEST) == {"numpy": "numpy", "matplotlib": "matplotlib",
                                          "mpl_toolkits": "matplotlib", "pylab": "matplotlib"}


def test_a_page_loads_what_its_cells_and_the_package_import() -> None:
    provided, graph = provided_modules(MANIFEST), package_imports()
    assert packages_needed(["x = 1"], graph, provided) == ["numpy"]  # always numpy
    assert packages_needed(["from mpl_toolkits import mplot3d"], graph, provided) == [
        "matplotlib", "numpy"]
    # backprop_core's own imports are followed: a module of it that draws needs matplotlib
    drawing = next(m for m, deps in sorted(graph.items())
                   if any(d.split(".")[0] == "matplotlib" for d in deps))
    assert "matplotlib" in packages_needed([f"import {drawing}"], graph, provided)
    assert packages_needed(["this is not python"], graph, provided) == ["numpy"]
