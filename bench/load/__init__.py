"""The deadline-day load test: `bench/load/run.py` (see bench/load/README.md)."""
