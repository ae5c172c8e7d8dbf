"""Benchmarks: they print figures and compare with a baseline measured in the same run."""
