"""The trainer: scored drills for social-media customer care.

Headless core (no Textual): `session` runs a drill on a simulated clock, `rubric` scores its `record`
against the best practices, `store` keeps every action and scorecard in SQLite, `drills` starts and
resumes stored drills, `script` plays scripted trainees, `language` reads replies deterministically.
`cli` and `views` are the command line on top.
"""
