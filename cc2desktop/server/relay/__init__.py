"""Three tiers: a centre's hub relaying to the central server (docs/sync-protocol.md, "Three tiers")."""
