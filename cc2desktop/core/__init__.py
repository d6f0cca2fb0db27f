"""Headless core: never imports Qt, the UI or the server (checked by import-linter in the tests)."""
