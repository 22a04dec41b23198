"""``main(argv) -> int``: parse arguments, run a command, map the outcome to an exit code.

Exit codes are decided here and only here:

* 0 — nothing at or above ``--fail-on`` (or the command succeeded);
* 1 — violations at or above ``--fail-on`` (or a threshold such as ``--min-agreement``
  was missed, or a guideline example misbehaved);
* 2 — usage, guideline or unreadable-input errors (a message, never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from guidelint import __version__, compiled
from guidelint.errors import GuidelintError

#: subcommand → module implementing ``add_parser(subparsers)`` and ``run(args) -> int``
COMMANDS = {
    "check": "guidelint.cli.check",
    "rules": "guidelint.cli.rules",
    "guide": "guidelint.cli.guide",
    "init": "guidelint.cli.init",
    "agreement": "guidelint.cli.agreement",
    "calibrate": "guidelint.cli.calibrate",
    "labelstudio": "guidelint.cli.labelstudio",
}

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the command line ``argv``: when it names a command, that command's
    alone (each command's module, and what it imports, loads only when used: the
    start-up of `guidelint check` pays for no other command); else every command's."""
    parser = argparse.ArgumentParser(
        prog="guidelint",
        description="Lint LLM fine-tuning datasets against a YAML annotation guideline.",
    )
    parser.add_argument(
        "--version", action="version", version=f"guidelint {__version__} ({compiled.mode()})"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = argv[0] if argv else None
    for name, module_name in COMMANDS.items():
        if named in COMMANDS and name != named:
            continue
        module = importlib.import_module(module_name)
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Modules load with the cyclic garbage collector paused: what they make (classes,
    # the guideline, compiled rules) lives as long as the process, and collections
    # while it loads cost about 5% of the start-up of `guidelint check`. `check` runs
    # the collector again before it reads records (CheckRun.check_paths), the other
    # commands before they start.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(sys.argv[1:] if argv is None else argv, collecting)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str], collecting: bool) -> int:
    _tolerant_output()
    parser = _parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help, 2 for usage errors
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if getattr(args, "output", None) == "-" and not getattr(args, "output_dash", False):
        args.output = None  # (`-o -`: standard output, as `-` is standard input)
    if collecting and args.command != "check":
        gc.enable()
    try:
        result: int = args.run(args)
        return result
    except GuidelintError as exc:
        errors = exc.each()
        for error in errors:
            sys.stderr.write(f"guidelint: error: {error}\n")
        if len(errors) > 1:
            sys.stderr.write(f"guidelint: {exc.message}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("guidelint: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_VIOLATIONS
    except OSError as exc:  # the file system refused a name the commands did not foresee
        if os.environ.get("GUIDELINT_DEBUG"):
            raise
        from guidelint.paths import os_error_hint

        where = f"{exc.filename}: " if exc.filename else ""
        hint = os_error_hint(exc)
        sys.stderr.write(
            f"guidelint: error: {where}{exc.strerror or exc}\n"
            + (f"  hint: {hint}\n" if hint else "")
        )
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("GUIDELINT_DEBUG"):
            raise
        sys.stderr.write(
            f"guidelint: internal error: {type(exc).__name__}: {exc}\n"
            "  this is a bug in guidelint; rerun with GUIDELINT_DEBUG=1 for a traceback "
            "and report it\n"
        )
        return EXIT_ERROR


def _tolerant_output() -> None:
    """Text the terminal's encoding cannot show (a lone surrogate from a JSON ``\\ud800``
    escape, or "»" on a legacy Windows console) is written as a backslash escape
    instead of ending the run."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # (a closed or odd stream)
                reconfigure(errors="backslashreplace")


def entry() -> None:
    """The console script."""
    sys.exit(main())
