"""The notebooks run top to bottom on the corpus graph in a real kernel and draw their figures.

Each notebook is executed with nbclient in an IPython kernel started from this project's
virtualenv (a kernelspec written for the test points at ``sys.executable``), with the graph
and the figure folder passed through the environment, as a researcher would set them.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kg import network

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL = "peelkg-test-venv"

EXPECTED = {
    "01_relationships.ipynb": ["01_relationships.png", "01_relationships.html", "01_relationships.graphml"],
    "02_grades.ipynb": ["02_grades_heatmap.png", "02_grade_history.png"],
    "03_findings.ipynb": ["03_findings.png"],
    "04_sparql_for_researchers.ipynb": ["04_evidence.png"],
}


def test_there_are_at_least_four_notebooks_and_they_are_all_tested():
    found = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert len(found) >= 4
    assert found == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_stored_notebook_has_no_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown" and len(nb.cells[0].source.split()) > 30  # explains itself
    text = "\n".join(c.source for c in code)
    assert "kg.open_graph(GRAPH)" in text and "PEELKG_GRAPH" in text  # reads the built graph


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory, built_graph):
    """A kernelspec for this virtualenv's python, and the environment the notebooks read."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "peel-kg test (.venv)", "language": "python",
    }))
    figures = tmp_path_factory.mktemp("figures")
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(root))
    mp.setenv("PEELKG_GRAPH", str(built_graph))
    mp.setenv("PEELKG_FIGURES", str(figures))
    mp.setenv("MPLBACKEND", "Agg")
    yield figures
    mp.undo()


def _execute(name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return nb


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_and_draws_its_figures(name, kernel_env, peel_graph):
    nb = _execute(name)
    for figure in EXPECTED[name]:
        path = kernel_env / figure
        assert path.exists(), f"{name} did not write {figure}"
        if figure.endswith(".png"):
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) > 30_000, f"{figure} looks empty"
    if name.startswith("01"):
        html = (kernel_env / "01_relationships.html").read_text("utf-8")
        assert network.external_resources(html) == []
    if name.startswith("02"):
        grades = peel_graph.query("grades")
        n_2017 = grades[(grades["year"] == 2017) & (grades["pillar"] == "effectiveness")]["force"].nunique()
        assert re.search(rf"\b{n_2017} forces x \d+ areas in 2017", _text(nb))
    if name.startswith("04"):
        assert "False" not in _evidence_column(nb)  # every quoted span matches the report text


def _evidence_column(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "code" and "matches report" in cell.source:
            return "\n".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    return ""
