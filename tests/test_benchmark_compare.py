"""The side-by-side comparison tool runs both trees and reports their ratio (no timing is asserted)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.compare import ROOT, compare
from rich.console import Console


def _checkouts_under(folder: Path) -> list[str]:
    """Git worktrees of this repository inside `folder` (only this test's comparison puts any there)."""
    listing = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "list", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    )
    paths = [
        line.removeprefix("worktree ") for line in listing.stdout.splitlines() if line.startswith("worktree ")
    ]
    return [path for path in paths if Path(path).resolve().is_relative_to(folder.resolve())]


def test_compare_times_this_tree_and_a_revision_alternately(tmp_path: Path) -> None:
    figures = compare(
        "HEAD", runs=1, days=0.5, console=Console(quiet=True), customers=2000, scratch_root=tmp_path
    )
    assert set(figures["workloads"]) == {"year", "M/M/14"}
    for workload in figures["workloads"].values():
        assert set(workload["versions"]) == {"this tree", "HEAD"}
        for version in workload["versions"].values():
            assert len(version["runs"]) == 1 and version["best"] > 0
        assert len(workload["pair_ratios"]) == 1 and workload["median_ratio"] > 0
    assert _checkouts_under(tmp_path) == []  # its temporary checkout is gone
    assert list(tmp_path.iterdir()) == []


def test_compare_times_the_export_when_asked(tmp_path: Path) -> None:
    figures = compare(
        "HEAD",
        runs=1,
        days=0.5,
        console=Console(quiet=True),
        workloads=("export",),
        export_days=0.5,
        scratch_root=tmp_path,
    )
    assert set(figures["workloads"]) == {"export"}
    assert figures["workloads"]["export"]["median_ratio"] > 0
