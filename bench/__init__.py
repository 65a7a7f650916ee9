"""The benchmarks behind `make bench` (`python -m bench.run`): measurements, not tests."""
