"""Learning records as xAPI 1.0.3 statements: export to a file, forwarding to an LRS (docs/xapi.md)."""
