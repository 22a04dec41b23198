"""``guidelint labelstudio``: pull, config, push-config and serve (see docs/labelstudio.md).

* ``pull URL --output FILE`` saves a project's JSON export, as the server gives it;
* ``config GUIDELINE`` prints a labelling config for the guideline;
* ``push-config URL --guideline G`` creates (server URL) or updates (project URL) a
  project with that config and the annotator guide as its instructions;
* ``serve --url URL --guideline G`` receives Label Studio webhooks and writes the
  findings back to the tasks; ``--once`` does every task of the project and exits.

The API token is read from ``LABEL_STUDIO_API_KEY`` or ``--labelstudio-token-file``;
the webhook secret from ``GUIDELINT_WEBHOOK_SECRET`` or ``--secret-file``. Neither is
ever printed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from guidelint.cli.options import add_guideline_option, add_labelstudio_option
from guidelint.errors import UsageError

if TYPE_CHECKING:
    from guidelint.labelstudio.client import Client
    from guidelint.labelstudio.sync import TaskSync

SECRET_ENV = "GUIDELINT_WEBHOOK_SECRET"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "labelstudio",
        help="work with a live Label Studio server",
        description="Pull a project's export, set a project up from a guideline, and show "
        "annotators the guideline violations in Label Studio. See docs/labelstudio.md.",
    )
    commands = parser.add_subparsers(dest="labelstudio_command", metavar="COMMAND")
    parser.set_defaults(run=lambda args: _missing(parser))

    pull = commands.add_parser(
        "pull",
        help="save a project's JSON export",
        description="Save a project's JSON "
        "export (every task, as the Export button gives it) for offline checks and baselines.",
    )
    pull.add_argument(
        "url", metavar="URL", help="the project, e.g. http://127.0.0.1:8080/projects/3"
    )
    pull.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="where to save it (-: standard output)",
    )
    pull.set_defaults(output_dash=True)
    add_labelstudio_option(pull)
    pull.set_defaults(run=run_pull)

    config = commands.add_parser(
        "config",
        help="print a labelling config for a guideline",
        description="Print a Label Studio labelling config (XML) for the kind of annotation "
        "the guideline is for, with its rules as the annotator instructions.",
    )
    config.add_argument("guideline", nargs="?", metavar="GUIDELINE", help="name or file")
    _add_kind(config)
    config.set_defaults(run=run_config)

    push = commands.add_parser(
        "push-config",
        help="create or update a project from a guideline",
        description="Create a project (given the server URL) or update one (given the project "
        "URL) with the guideline's labelling config and the annotator guide as instructions.",
    )
    push.add_argument("url", metavar="URL", help="a project URL to update, or the server URL")
    add_guideline_option(push)
    _add_kind(push)
    push.add_argument("--title", help="the project's title (default: the guideline's name)")
    add_labelstudio_option(push)
    push.set_defaults(run=run_push_config)

    serve = commands.add_parser(
        "serve",
        help="write findings back to the tasks as annotators submit",
        description="Receive Label Studio webhooks (annotation created or updated), check "
        "that task's annotations, and write the findings to the task, where annotators and "
        "reviewers see them. --once does every task of the project and exits.",
    )
    serve.add_argument("--url", required=True, metavar="URL", help="the project URL")
    add_guideline_option(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=9090, help="port to listen on (default: 9090)")
    serve.add_argument(
        "--secret-file",
        metavar="FILE",
        help=f"file holding the webhook secret (default: ${SECRET_ENV}); Label Studio sends it "
        "in the X-Guidelint-Secret header",
    )
    serve.add_argument(
        "--workers", type=int, default=4, metavar="N", help="tasks checked at once (default: 4)"
    )
    serve.add_argument(
        "--retries",
        type=int,
        default=6,
        metavar="N",
        help="attempts per task when the server fails (default: 6)",
    )
    serve.add_argument(
        "--register-webhook",
        metavar="RECEIVER_URL",
        help="create (or update) the project's webhook pointing at RECEIVER_URL, with the secret",
    )
    serve.add_argument(
        "--once", action="store_true", help="do every task of the project now and exit"
    )
    serve.add_argument("-v", "--verbose", action="store_true", help="log every request")
    add_labelstudio_option(serve)
    serve.set_defaults(run=run_serve)


def _add_kind(parser: argparse.ArgumentParser) -> None:
    from guidelint.labelstudio.labelconfig import KINDS

    parser.add_argument(
        "--kind",
        choices=KINDS,
        help="the kind of annotation (default: from the guideline's rules, else direct)",
    )


def _missing(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# -- pull ------------------------------------------------------------------------------------
def run_pull(args: argparse.Namespace) -> int:
    from guidelint.labelstudio.client import Client
    from guidelint.labelstudio.urls import parse_project_url

    project = parse_project_url(args.url)
    data = Client(project).export()
    tasks = data.count(b'"annotations":')  # (a count for the message; the file is as sent)
    if args.output == "-":  # (standard output: the export, and the message on stderr)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        sys.stderr.write(f"the export of {project} ({tasks} tasks, {len(data)} bytes)\n")
        return 0
    target = Path(args.output)
    temporary = target.with_name(f".{target.name}.guidelint-tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UsageError(
            f"cannot write the export: {exc.strerror or exc}", location=args.output
        ) from None
    sys.stdout.write(
        f"wrote {args.output}: the export of {project} ({tasks} tasks, {len(data)} bytes)\n"
    )
    return 0


# -- config, push-config ---------------------------------------------------------------------
def run_config(args: argparse.Namespace) -> int:
    from guidelint.cli.options import guideline_named
    from guidelint.guideline import load_guideline
    from guidelint.labelstudio.labelconfig import label_config

    sys.stdout.write(label_config(load_guideline(guideline_named(args)), args.kind))
    return 0


def instructions_html(guideline_name: str) -> str:
    """The annotator guide (``guidelint guide --format html``) without its page frame."""
    from guidelint.guideline import load_guideline
    from guidelint.guideline.guide import render

    page = render(load_guideline(guideline_name), "html")
    start, end = page.find("<body>"), page.rfind("</body>")
    return page[start + len("<body>") : end].strip() if start >= 0 and end > start else page


def run_push_config(args: argparse.Namespace) -> int:
    from guidelint.cli.options import guideline_named
    from guidelint.guideline import load_guideline
    from guidelint.labelstudio.client import Client, LabelStudioError
    from guidelint.labelstudio.labelconfig import label_config
    from guidelint.labelstudio.urls import ProjectURL, parse_project_url, server_url

    base = server_url(args.url)
    project = parse_project_url(base) if "/projects/" in base else ProjectURL(base, 0)
    name = guideline_named(args)
    guideline = load_guideline(name)
    config = label_config(guideline, args.kind)
    client = Client(project)
    title = args.title or (None if project.project else f"{guideline.name} (guidelint)")
    try:
        pid = client.save_project(
            title=title, label_config=config, instruction=instructions_html(name)
        )
    except LabelStudioError as exc:
        if project.project and exc.status == 400:  # (a config without the controls in use)
            exc.hint = (
                "push-config replaces the project's whole labelling config, and Label Studio "
                "refuses one without the controls its annotations use: push to a new "
                f"project instead (guidelint labelstudio push-config {project.base})"
            )
        raise
    done = "updated" if project.project else "created"
    sys.stdout.write(f"{done} project {ProjectURL(project.base, pid)}\n")
    return 0


# -- serve -----------------------------------------------------------------------------------
def _secret(args: argparse.Namespace) -> str:
    if args.secret_file:
        try:
            value = Path(args.secret_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or type(exc).__name__
            raise UsageError(
                f"cannot read the webhook secret file: {why}",
                location=args.secret_file,
            ) from None
        if not value:
            raise UsageError("the webhook secret file is empty", location=args.secret_file)
        return value
    value = os.environ.get(SECRET_ENV, "").strip()
    if not value:
        raise UsageError(
            "serve needs a webhook secret",
            hint=f"set {SECRET_ENV} or pass --secret-file FILE; put the same value in the "
            "X-Guidelint-Secret header of the Label Studio webhook",
        )
    if len(value) < 16:
        raise UsageError(
            "the webhook secret is shorter than 16 characters",
            hint="use a long random value, e.g. from `openssl rand -hex 32`",
        )
    return value


def _setup_logging(verbose: bool) -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s guidelint serve: %(levelname)s: %(message)s")
    )
    log = logging.getLogger("guidelint.labelstudio")
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False


def run_serve(args: argparse.Namespace) -> int:
    from guidelint.cli.options import guideline_named
    from guidelint.engine import Linter
    from guidelint.guideline import load_guideline
    from guidelint.labelstudio.client import Client
    from guidelint.labelstudio.sync import TaskSync
    from guidelint.labelstudio.urls import parse_project_url

    if args.workers < 1 or args.retries < 1:
        raise UsageError("--workers and --retries take a whole number of at least 1")
    project = parse_project_url(args.url)
    linter = Linter(load_guideline(guideline_named(args)))
    client = Client(project)
    sync = TaskSync(client, linter)
    if args.once:
        return _once(sync)
    secret = _secret(args)
    # Before listening: a wrong token, project id or address fails now, with its reason,
    # not on every webhook after (the server answers, the token may read the project).
    client.project_settings()
    _setup_logging(args.verbose)
    if args.register_webhook:
        _register(client, args.register_webhook, secret)
    return _serve(args, sync, secret)


def _once(sync: TaskSync) -> int:
    results = sync.sync_project()
    checked = [r for r in results if r.findings is not None and r.findings.annotations]
    annotations = sum(r.findings.annotations for r in checked if r.findings)
    flagged = sum(1 for r in checked if r.findings and r.findings.count)
    written = sum(1 for r in results if r.written)
    sys.stdout.write(
        f"checked {annotations} annotation(s) of {len(checked)} task(s) in {sync.client.project}: "
        f"{flagged} task(s) with violations; findings written to {written} task(s)\n"
    )
    return 0


def _register(client: Client, receiver: str, secret: str) -> None:
    from guidelint.labelstudio.urls import server_url
    from guidelint.labelstudio.webhook import SECRET_HEADER

    url = server_url(receiver) + "/"
    done = client.ensure_webhook(
        url,
        {SECRET_HEADER: secret},
        ["ANNOTATION_CREATED", "ANNOTATION_UPDATED"],
        marker=SECRET_HEADER,
    )
    sys.stderr.write(f"guidelint serve: webhook {done}: {client.project} → {url}\n")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # (SIGTERM: finish the tasks being checked, then stop)


def _serve(args: argparse.Namespace, sync: TaskSync, secret: str) -> int:
    from guidelint.labelstudio.webhook import Receiver, Retry, TaskQueue

    def work(task: int) -> str:
        result = sync.sync_task(task)
        findings = result.findings
        if findings is None:
            return "no annotations, nothing to write"
        what = f"{findings.count} violation(s) in {findings.annotations} annotation(s)"
        return what + ("; written" if result.written else "; unchanged")

    tasks = TaskQueue(work, workers=args.workers, retry=Retry(attempts=args.retries))
    try:
        server = Receiver(
            (args.host, args.port), secret=secret, project=sync.client.project.project, tasks=tasks
        )
    except OSError as exc:
        tasks.close()
        raise UsageError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    port = server.server_address[1]
    if args.host not in _LOOPBACK:
        sys.stderr.write(
            f"guidelint serve: warning: listening on {args.host}, not only on this machine; "
            "only webhooks carrying the secret are acted on\n"
        )
    sys.stderr.write(
        f"guidelint serve: listening on http://{args.host}:{port}/ for webhooks of "
        f"{sync.client.project}\n"
    )
    sys.stderr.flush()
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        tasks.join(timeout=30)
        tasks.close()
    return 0
