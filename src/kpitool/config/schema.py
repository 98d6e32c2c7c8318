"""The config's JSON Schema, generated from the models (configs/kpitool.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kpitool.config.models import Config

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "configs" / "kpitool.schema.json"


def config_json_schema() -> dict[str, Any]:
    """The JSON Schema of the config file, generated from the models."""
    schema = Config.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kpitool config"
    return schema


def schema_text() -> str:
    return json.dumps(config_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the JSON Schema (configs/kpitool.schema.json by default); return the path."""
    path.write_text(schema_text(), encoding="utf-8")
    return path
