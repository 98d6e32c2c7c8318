"""The compute engine: source choice, lazy fact tables, and KPI evaluation (see compute.py)."""
