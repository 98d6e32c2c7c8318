"""The config file: models, cross-field checks, YAML with lines, loading, schema, starter.

``from kpitool.config import Config, load_config`` is the interface the rest of kpitool uses.
"""

from kpitool.config.checks import UNASSIGNED
from kpitool.config.load import load_config, parse_config
from kpitool.config.models import Config, Incentives, Owner, Target, Team, Tier
from kpitool.config.schema import config_json_schema, write_schema

__all__ = [
    "UNASSIGNED",
    "Config",
    "Incentives",
    "Owner",
    "Target",
    "Team",
    "Tier",
    "config_json_schema",
    "load_config",
    "parse_config",
    "write_schema",
]
