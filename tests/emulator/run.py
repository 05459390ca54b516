"""Command line: ``python tests/emulator/run.py [--port 0] [flags]`` (also ``python -m emulator`` from tests/).

Prints ``DMS emulator listening on http://127.0.0.1:PORT`` once it serves, optionally writes the URL to
--url-file, and stops cleanly on SIGINT or SIGTERM. Every flag is described in README.md.
"""

import argparse
import json
import os
import signal
import sys
import threading

# Run as a script from a checkout where the package is not installed (the guides' ``python tests/emulator/run.py``):
# a file inside a package can import its package only with the package's parent on the path. Installed, or run
# with ``python -m emulator``, nothing is added.
if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from emulator import config, defaults  # noqa: E402  pylint: disable=wrong-import-position
from emulator.server import EmulatorServer  # noqa: E402  pylint: disable=wrong-import-position


def build_parser():
    parser = argparse.ArgumentParser(prog="run.py", description="Local emulator of the DMS Smart Connect API.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    parser.add_argument("--url-file", help="write the URL to this file once listening (removed on exit)")
    parser.add_argument("--verbose", action="store_true", help="log one line per request on stderr")
    parser.add_argument(
        "--signer",
        choices=("auto", "sdk", "builtin"),
        default="auto",
        help="recompute signatures with the official SDK, the built-in code, or SDK if installed",
    )

    creds = parser.add_argument_group("credentials")
    creds.add_argument("--access-key", default=defaults.ACCESS_KEY)
    creds.add_argument("--secret-key", default=defaults.SECRET_KEY)
    creds.add_argument("--temp-access-key", default=defaults.TEMP_ACCESS_KEY)
    creds.add_argument("--temp-secret-key", default=defaults.TEMP_SECRET_KEY)
    creds.add_argument("--security-token", default=defaults.SECURITY_TOKEN)
    creds.add_argument("--project-id", default=defaults.PROJECT_ID)
    creds.add_argument("--region", default=defaults.REGION)

    switches = parser.add_argument_group("switches (also settable with PUT /_emulator/config)")
    switches.add_argument(
        "--async-delay",
        type=float,
        default=defaults.DEFAULT_ASYNC_DELAY,
        help="seconds a status stays CREATING/RESTARTING/EXTENDING/CONNECTOR_DELETING",
    )
    for name, choices in config.SWITCH_CHOICES.items():
        switches.add_argument("--" + name.replace("_", "-"), choices=choices, default=choices[0])
    switches.add_argument(
        "--page-size-cap", type=int, default=None, help="List returns at most this many tasks whatever the limit"
    )
    switches.add_argument(
        "--modify-requires-paused",
        action="store_true",
        help="PUT on a task that is not PAUSED/WAITING fails with DMS.00400026",
    )
    switches.add_argument(
        "--modify-restarts", action="store_true", help="PUT on a RUNNING task moves it through RESTARTING"
    )
    switches.add_argument(
        "--modify-failed", action="store_true", help="PUT is taken on a failed task too (it stays failed)"
    )
    switches.add_argument(
        "--ambiguous-region",
        action="append",
        default=[],
        metavar="REGION",
        help="IAM answers two projects for this region (repeatable)",
    )
    switches.add_argument(
        "--unreachable-peer",
        action="append",
        default=[],
        metavar="ID_OR_HOST",
        help="connectivity validation fails for this peer instance id or host (repeatable)",
    )
    switches.add_argument(
        "--async-ends-in",
        default=None,
        metavar="STATUS",
        help="CREATING and RESTARTING tasks end in this status instead of RUNNING (e.g. FAILED)",
    )
    switches.add_argument(
        "--total-number-extra",
        type=int,
        default=0,
        metavar="N",
        help="list answers claim N more tasks than there are (a total_number that lies)",
    )
    switches.add_argument(
        "--modify-ignores",
        action="append",
        default=[],
        metavar="FIELD",
        help="a PUT accepts this field (e.g. source_task.compression_type) but never applies it",
    )
    switches.add_argument(
        "--list-ignores-offset",
        action="store_true",
        help="every page of the task list is the first page (with a lying total: paging never ends)",
    )
    switches.add_argument(
        "--job-outcome",
        choices=("SUCCESS", "FAILED", "CANCELLED"),
        default="SUCCESS",
        help="how enable/disable background jobs end (FAILED/CANCELLED: Smart Connect stays as it was)",
    )
    switches.add_argument("--jobs-unreadable", action="store_true", help="ShowBackgroundTask answers 404 for every job")
    switches.add_argument(
        "--sold-out", action="store_true", help="ShowConnectorResourceInfo says Smart Connect resources are sold out"
    )
    switches.add_argument(
        "--no-agency",
        dest="agency_supported",
        action="store_false",
        help="sink_task.agency_name is refused (a region without OBS dumps through an IAM agency)",
    )
    switches.add_argument(
        "--task-quota",
        type=int,
        default=defaults.MAX_TASKS,
        metavar="N",
        help="tasks an instance may hold; a create past it answers 400 DMS.00400039",
    )
    switches.add_argument(
        "--list-lag",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="a task just created is missing from the list for this long (reads by id see it)",
    )
    switches.add_argument(
        "--echo-body-in-errors",
        action="store_true",
        help="400 answers quote the request body, JSON-escaped, in error_msg",
    )
    switches.add_argument(
        "--identity-ttl",
        type=int,
        default=defaults.DEFAULT_IDENTITY_TTL,
        metavar="SECONDS",
        help="how long keys from the metadata and STS endpoints last",
    )
    switches.add_argument(
        "--no-metadata-agency",
        dest="metadata_agency",
        action="store_false",
        help="the metadata securitykey answers 401: the ECS has no agency",
    )
    switches.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        metavar="N",
        help="the account's API rate limit: at most N DMS API requests a window, from every client together",
    )
    switches.add_argument(
        "--rate-window",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="the rate limit's window (default 60: 'time:1 minute')",
    )
    parser.add_argument(
        "--add-instances",
        metavar="FILE",
        help="a JSON list of instances to add at start, each as POST /_emulator/instances takes it (a fleet over "
        "several regions and projects); a reset keeps only the seeded ones",
    )
    return parser


def read_instances(path):
    """The instances of an --add-instances file: a JSON list of objects."""
    with open(path, encoding="utf-8") as handle:
        instances = json.load(handle)
    if not isinstance(instances, list) or not all(isinstance(each, dict) for each in instances):
        raise ValueError("%s must hold a JSON list of objects" % path)
    return instances


def settings_from_args(args):
    switches = config.Switches()
    switches.update(
        {
            "async_delay": args.async_delay,
            "modify_mode": args.modify_mode,
            "put_secrets": args.put_secrets,
            "unused_side": args.unused_side,
            "list_order": args.list_order,
            "page_size_cap": args.page_size_cap,
            "modify_requires_paused": args.modify_requires_paused,
            "modify_restarts": args.modify_restarts,
            "modify_failed": args.modify_failed,
            "ambiguous_regions": args.ambiguous_region,
            "unreachable_peers": args.unreachable_peer,
            "async_ends_in": args.async_ends_in,
            "total_number_extra": args.total_number_extra,
            "echo_body_in_errors": args.echo_body_in_errors,
            "modify_ignores": args.modify_ignores,
            "list_ignores_offset": args.list_ignores_offset,
            "job_outcome": args.job_outcome,
            "jobs_unreadable": args.jobs_unreadable,
            "sold_out": args.sold_out,
            "agency_supported": args.agency_supported,
            "list_lag": args.list_lag,
            "missing_task_code": args.missing_task_code,
            "task_quota": args.task_quota,
            "quota_fields": args.quota_fields,
            "quota_tasks_meaning": args.quota_tasks_meaning,
            "identity_ttl": args.identity_ttl,
            "metadata_token": args.metadata_token,
            "metadata_agency": args.metadata_agency,
            "taken_names": args.taken_names,
            "restart_paths": args.restart_paths,
            "rate_limit": args.rate_limit,
            "rate_window": args.rate_window,
        }
    )
    credentials = config.Credentials(
        access_key=args.access_key,
        secret_key=args.secret_key,
        temp_access_key=args.temp_access_key,
        temp_secret_key=args.temp_secret_key,
        security_token=args.security_token,
        project_id=args.project_id,
        region=args.region,
    )
    return config.Settings(
        host=args.host,
        port=args.port,
        credentials=credentials,
        switches=switches,
        signer=args.signer,
        verbose=args.verbose,
    )


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
        instances = read_instances(args.add_instances) if args.add_instances else []
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    server = EmulatorServer(settings)
    try:
        for fields in instances:
            server.store.add_instance(fields)
    except (KeyError, ValueError) as exc:
        parser.error("--add-instances: %s" % exc)
    server.start()
    try:
        if args.url_file:
            temporary = args.url_file + ".tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(server.url + "\n")
            os.replace(temporary, args.url_file)  # readers never see a half-written file
        print("DMS emulator listening on %s" % server.url, flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        if args.url_file and os.path.exists(args.url_file):
            os.remove(args.url_file)
        print("DMS emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
