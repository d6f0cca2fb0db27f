"""Test support shared by tests and benchmarks: live servers on 127.0.0.1, a throwaway PostgreSQL
cluster, a fault-injecting proxy and small real courses."""
