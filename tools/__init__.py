"""Developer tools run from the repository root (``python -m tools.<name>``): benchmarks and the
builders of what the repository does not commit (translations, demo media, demo pack). The app never
imports this package; the built app ships none of it."""
