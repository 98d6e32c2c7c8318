"""KPIs: the catalogue (ids, units, directions) and their Polars expressions."""
