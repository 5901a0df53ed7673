"""Developer scripts: benchmarks and the scale data loader (not part of the service)."""
