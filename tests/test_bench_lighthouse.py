"""The bench's Lighthouse part: no Node is a sentence, not a crash; misses name their cause."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_lighthouse  # noqa: E402


def test_without_node_the_bench_says_so_and_goes_on(monkeypatch):
    # Even with Lighthouse already in .tools/: without Node it cannot run.
    monkeypatch.setattr(bench_lighthouse.shutil, "which", lambda name: None)
    answer = bench_lighthouse.measure("http://127.0.0.1:1/repo/", [""], "/usr/bin/chromium")
    assert isinstance(answer, str) and "Node.js" in answer and "not measured" in answer


def report(seo_score: float) -> dict:
    audits = {
        "meta-description": {"title": "Document has a meta description", "score": seo_score},
        "unscored": {"title": "Informative", "score": 0},
    }
    refs = [{"id": "meta-description", "weight": 1}, {"id": "unscored", "weight": 0}]
    return {"categories": {"seo": {"score": seo_score, "auditRefs": refs}}, "audits": audits}


def test_a_missed_budget_names_the_audits_that_cost_it():
    assert bench_lighthouse.lost_points(report(0), "seo") == [
        "Document has a meta description (score 0.00)"
    ]
    assert bench_lighthouse.lost_points(report(1), "seo") == []
    row = {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 90}
    row["lost"] = ["seo: Document has a meta description (score 0.00)"]
    lines = bench_lighthouse.summary({"/": row})
    assert lines[0].endswith("met on 0 of 1 pages")
    assert "    seo: Document has a meta description (score 0.00)" in lines
