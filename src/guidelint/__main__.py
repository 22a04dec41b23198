"""``python -m guidelint``."""

from guidelint.cli.main import entry

entry()
