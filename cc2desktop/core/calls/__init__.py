"""Calls for projects: the programme publishes a call, certified learners apply (offline too), the
programme reviews, decides and incubates the selected (docs/calls.md)."""
