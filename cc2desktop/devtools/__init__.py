"""Developer tools: asset builders and benchmarks helpers (not shipped logic)."""
