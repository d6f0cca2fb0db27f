"""cc2desktop: the offline-first desktop kit of the Connexions Citoyennes civic-tech course."""

__version__ = "0.1.0"
