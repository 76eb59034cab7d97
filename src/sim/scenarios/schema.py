"""The JSON Schema of scenario files, generated from the models so it can never drift from them."""

from __future__ import annotations

from typing import Any

from sim.scenarios.scenario import Scenario

SCHEMA_FILE_NAME = "scenario.schema.json"


def scenario_json_schema() -> dict[str, Any]:
    """The schema editors use (via the yaml-language-server modeline) to complete and check scenario keys."""
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CareLab scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }
