# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The service's vocabulary: task types and choices, statuses, error codes, id and name formats.

Private to this collection: it may change without notice between releases. Every other file takes
these names from here, so that a value the service adds is added once.
"""

import re

# ----- what a task is ---------------------------------------------------------------------------------

KAFKA_SOURCE = "KAFKA_REPLICATOR_SOURCE"
OBS_SINK = "OBS_SINK"
NONE = "NONE"
SOURCE_TYPES = (KAFKA_SOURCE, NONE)
SINK_TYPES = (OBS_SINK, NONE)

SIDES = ("source_task", "sink_task")
SIDE_TYPE = {"source_task": "source_type", "sink_task": "sink_type"}
SIDE_IN_USE = {"source_task": KAFKA_SOURCE, "sink_task": OBS_SINK}
# Write-only: sent on create (and on modify when asked), never returned by a read, never compared.
SECRETS = {"source_task": ("password",), "sink_task": ("access_key", "secret_key")}
SECRET_NAMES = frozenset(name for names in SECRETS.values() for name in names)
# Top-level fields of a task's configuration (the option names, except the identity).
CONFIG_FIELDS = ("task_name", "topics", "topics_regex", "source_type", "source_task", "sink_type", "sink_task")

SECURITY_PROTOCOLS = ("PLAINTEXT", "SASL_SSL", "SASL_PLAINTEXT")
SASL_PROTOCOLS = ("SASL_SSL", "SASL_PLAINTEXT")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-512")
DIRECTIONS = ("pull", "push", "two-way")
CONSUMER_STRATEGIES = ("latest", "earliest")
COMPRESSION_TYPES = ("none", "gzip", "snappy", "lz4", "zstd")
FILE_TYPES = ("TEXT",)
PARTITION_FORMATS = ("yyyy", "yyyy/MM", "yyyy/MM/dd", "yyyy/MM/dd/HH", "yyyy/MM/dd/HH/mm")

# What the service fills in when a create leaves an option out (its documented defaults, as the emulator fills them):
# a declaration exported from a task leaves these out, since leaving them out asks for the same.
SERVICE_DEFAULTS = {
    "source_task": dict(
        security_protocol="PLAINTEXT",
        sasl_mechanism="PLAIN",
        consumer_strategy="latest",
        compression_type="none",
        task_num=2,
        replication_factor=3,
        sync_consumer_offsets_enabled=False,
        rename_topic_enabled=False,
        provenance_header_enabled=False,
    ),
    "sink_task": dict(
        consumer_strategy="latest",
        destination_file_type="TEXT",
        deliver_time_interval=300,
        partition_format="yyyy/MM/dd/HH/mm",
        record_delimiter="\n",
        store_keys=False,
    ),
}
# The record delimiters the service documents for an OBS dump.
RECORD_DELIMITERS = (",", ";", "|", "\n", "NULL")


def unknown_types(task):
    """``source_type X`` / ``sink_type X`` for each type of ``task`` (either shape) the collection does not know:
    the service has removed types (Redis, in 2025) and may add others. Empty when every type is known."""
    known = {"source_type": SOURCE_TYPES, "sink_type": SINK_TYPES}
    return [
        "%s %s" % (name, (task or {}).get(name))
        for name in ("source_type", "sink_type")
        if (task or {}).get(name) not in known[name] + (None, "")  # "" as null: an unused side, not a type
    ]


# ----- what the modules offer -------------------------------------------------------------------------

STATES = ("present", "running", "paused", "restarted", "absent")
UPDATE_SECRETS = ("on_create", "always")

# ----- statuses ---------------------------------------------------------------------------------------

# Task statuses. CREATING and RESTARTING move on by themselves; the others stay until acted on.
RUNNING = "RUNNING"
PAUSED = "PAUSED"
WAITING = "WAITING"
CREATING = "CREATING"
RESTARTING = "RESTARTING"
STABLE_STATUSES = (RUNNING, PAUSED, WAITING)
KNOWN_STATUSES = (CREATING, RUNNING, PAUSED, WAITING, RESTARTING)


def names_a_failure(status):
    """True for a status that names a failure (FAILED, ERROR, CREATE_FAILED...): waiting cannot help."""
    return any(word in str(status or "").upper() for word in ("FAILED", "ERROR"))


# Instance statuses while Smart Connect is being switched on or off (RUNNING once done).
ENABLING = "EXTENDING"
DISABLING = "CONNECTOR_DELETING"
SWITCHING_STATUSES = (ENABLING, DISABLING)
# Background jobs (an enable or a disable) that ended without doing their work.
JOB_FAILED_STATUSES = ("FAILED", "CANCELLED")
NODE_CNT_RANGE = (2, 16)

# ----- error codes ------------------------------------------------------------------------------------

INSTANCE_NOT_FOUND = "DMS.00404022"
API_NOT_PUBLISHED = "APIGW.0101"  # the gateway has no such API (path or method)
STATUS_FORBIDS = "DMS.00400026"  # the instance's or the task's status does not allow the operation
JOB_RUNNING = "DMS.00400017"  # a background job is still running on the instance

# ----- formats ----------------------------------------------------------------------------------------

PAGE_SIZE = 50  # the API's largest page
TASK_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{4,64}\Z")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
HOST_PORT_RE = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5}\Z")


# Options that name an instance or a task: every module checks each one it has before any request.
ID_OPTIONS = ("instance_id", "task_id")


def id_errors(params, *names):
    """A message for each of ``names`` whose value in ``params`` is set (an empty string included) but is not a
    DMS id: an id becomes part of a URL."""
    return [
        "%s must be a DMS id like 6a1f0c52-4d3b-4e7a-9c41-8d2f0e5b7a13; got %s"
        % (name, "an empty string" if params[name] == "" else repr(params[name]))
        for name in names
        if params.get(name) is not None and not UUID_RE.match(str(params[name]))
    ]
