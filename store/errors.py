"""User-facing error types; the CLI turns each into one line and an exit code."""


class WaspadaError(Exception):
    """An error the user can act on; its message is shown as one line."""

    exit_code = 1


class ConfigError(WaspadaError):
    """A configuration value is missing or invalid."""


class InputError(WaspadaError):
    """An input file or argument cannot be used (bad JSON, unknown field, bad date)."""


class SchemaError(WaspadaError):
    """The database is not a Waspada database or is newer than this code."""


def first_problems(problems: list[str], shown: int = 20) -> list[str]:
    """The first `shown` problems of a rejected file, and how many more there are."""
    extra = len(problems) - shown
    return problems[:shown] + ([f"... and {extra} more"] if extra > 0 else [])
