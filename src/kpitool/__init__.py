"""kpitool: KPIs for Amazon seller teams, from the report files a seller downloads."""

__version__ = "0.1.0"
