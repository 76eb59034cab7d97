"""The identity check gives every run one digest of its records and work log, and agrees with itself."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from benchmarks.bench_engine import mmc_inputs
from benchmarks.identity import digest, main

from sim.engine import simulate


def test_a_digest_changes_with_any_column_of_the_records_or_the_work_log() -> None:
    scenario, stream = mmc_inputs(500, 3)
    result = simulate(scenario, 0, stream)
    same = simulate(scenario, 0, stream)
    assert digest(result) == digest(same)
    records, work = result.records, result.work
    nudged = np.nextafter(records.picked, np.inf)
    assert digest(replace(result, records=replace(records, picked=nudged))) != digest(result)
    assert digest(replace(result, work=replace(work, agent=work.agent[::-1].copy()))) != digest(result)


def test_a_revision_agrees_with_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["HEAD", "--days", "0.5", "--customers", "2000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8 and all(line.endswith("  same") for line in lines)
    assert max(len(line) for line in lines) <= 80
