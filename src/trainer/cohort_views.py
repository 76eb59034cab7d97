"""The cohort report as terminal tables, CSV and a self-contained HTML page.

The HTML page is the terminal tables recorded by rich (`Console.export_html`), so the two can never say
different things; JSON comes from `CohortReport.to_json`.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from trainer import practices
from trainer.cohorts import CohortReport
from trainer.rubric import CRITERIA

_DASH = "—"
CSV_COLUMNS = (
    "cohort",
    "trainee_id",
    "trainee",
    "practice",
    "practice_name",
    "proficiency",
    "level",
    "practice_drills",
    "drills_finished",
    "mean_score",
    "assignments",
    "assignments_done",
    "assignments_late",
    "assignments_due",
    "assignments_overdue",
)
"""One row per trainee and practice (one row with empty practice fields for a trainee with no drills)."""


def _figure(value: float | None) -> str:
    return _DASH if value is None else f"{value:g}"


def report(cohort: CohortReport) -> RenderableType:
    """Trainees, assignments, proficiency per practice and the weakest practices; 80 columns for three
    trainees (more trainees add a column each to the proficiency table)."""
    today = cohort.today
    head = Text.from_markup(
        f"[b]Cohort {cohort.cohort}[/b]: {len(cohort.trainees)} trainees, {len(cohort.assignments)} "
        f"assignments, as of {today.isoformat()}.\nScores are out of 100; proficiency weighs recent drills "
        "more."
    )
    people = Table(title="Trainees", title_justify="left")
    for column in ("trainee", "drills", "mean score", "done", "late", "due", "overdue"):
        people.add_column(column, justify="left" if column == "trainee" else "right")
    for t in cohort.trainees:
        counts = (str(t.count(s, today)) for s in ("done", "late", "due", "overdue"))
        people.add_row(t.name, str(t.drills), _figure(t.mean_score), *counts)
    work = Table(title="Assignments", title_justify="left")
    for column in ("drill", "due", *(t.name for t in cohort.trainees)):
        work.add_column(column, overflow="fold")
    for index, assignment in enumerate(cohort.assignments):
        cells = [t.assignments[index].status(today) for t in cohort.trainees]
        work.add_row(assignment.drill, assignment.due.isoformat(), *cells)
    skills = Table(title="Proficiency per practice", title_justify="left")
    for column in ("practice", *(t.name for t in cohort.trainees), "cohort"):
        skills.add_column(column, justify="left" if column == "practice" else "right", overflow="fold")
    for code in cohort.practices:
        scores = (_figure(t.score(code)) for t in cohort.trainees)
        skills.add_row(practices.label(code), *scores, _figure(cohort.cohort_score(code)))
    weakest = Table(title="Weakest practices of the cohort", title_justify="left")
    for column in ("practice", "cohort score", "advice"):
        weakest.add_column(column, overflow="fold")
    for code, score in cohort.weakest():
        weakest.add_row(practices.label(code), f"{score:g}", _advice(code))
    parts: list[RenderableType] = [head, people]
    parts += [work] if cohort.assignments else [Text("no assignments yet: carelab drill assign --cohort ...")]
    parts += [skills, weakest] if cohort.practices else [Text("no finished drills yet")]
    return Group(*parts)


def _advice(code: str) -> str:
    """The rubric's own advice for the practice's first criterion that has some."""
    return next((c.advice for c in CRITERIA if c.practice == code and c.advice), "")


def write_csv(cohort: CohortReport, stream: TextIO) -> None:
    """The report as CSV, one row per trainee and practice."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    today = cohort.today
    for t in cohort.trainees:
        common = [
            t.drills,
            t.mean_score,
            len(t.assignments),
            *(t.count(s, today) for s in ("done", "late", "due", "overdue")),
        ]
        rows = [[p.practice, practices.name(p.practice), p.score, p.level, p.drills] for p in t.levels]
        for practice in rows or [["", "", "", "", ""]]:
            writer.writerow([cohort.cohort, t.key, t.name, *practice, *common])


def html(cohort: CohortReport) -> str:
    """A self-contained HTML page of the report (inline styles, no scripts)."""
    console = Console(record=True, width=100, file=io.StringIO(), color_system="truecolor")
    console.print(report(cohort))
    return console.export_html(inline_styles=True, theme=None)
