"""The deadline-day load test: `bench/load/run.py` (see bench/README.md)."""
