"""The ground every stage stands on: one SQLite schema, its migrations and configuration."""
