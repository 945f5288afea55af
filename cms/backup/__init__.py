"""Backup and restore of a whole installation: one portable archive (docs/operations.md)."""
