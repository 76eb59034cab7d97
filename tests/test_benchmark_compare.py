"""The side-by-side comparison tool runs both trees and reports their ratio (no timing is asserted)."""

from __future__ import annotations

import subprocess

from benchmarks.compare import ROOT, compare
from rich.console import Console


def _compare_checkouts() -> set[str]:
    """The temporary checkouts `compare` makes, as `git worktree list` shows them."""
    listing = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True, check=True
    )
    return {line.split()[0] for line in listing.stdout.splitlines() if "carelab-compare-" in line}


def test_compare_times_this_tree_and_a_revision_alternately() -> None:
    before = _compare_checkouts()  # another comparison may be running on this machine
    figures = compare("HEAD", runs=1, days=0.5, console=Console(quiet=True), customers=2000)
    assert set(figures["workloads"]) == {"year", "M/M/14"}
    for workload in figures["workloads"].values():
        assert set(workload["versions"]) == {"this tree", "HEAD"}
        for version in workload["versions"].values():
            assert len(version["runs"]) == 1 and version["best"] > 0
        assert len(workload["pair_ratios"]) == 1 and workload["median_ratio"] > 0
    assert _compare_checkouts() <= before  # its own temporary checkout is gone


def test_compare_times_the_export_when_asked() -> None:
    figures = compare(
        "HEAD", runs=1, days=0.5, console=Console(quiet=True), workloads=("export",), export_days=0.5
    )
    assert set(figures["workloads"]) == {"export"}
    assert figures["workloads"]["export"]["median_ratio"] > 0
