# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Smart Connect tasks: option specs, API <-> option shapes, comparison, request bodies, API calls, waiting.

Public to the collection's modules and roles (``smart_connect_task``, ``smart_connect_task_info``...).
Two shapes of a task meet here:

* the *API shape*, as DMS sends and takes it: comma-joined strings for ``topics``,
  ``source_task.bootstrap_servers`` and ``source_task.topics_mapping``, ``id``, and the unused side as
  ``null`` or ``{}``;
* the *option shape*, as the modules take and return it: those three as sorted lists, the unused side as
  None, no write-only secret, and ``task_id`` beside ``id``.

Nothing here talks to Ansible: the module does the glue. Pure standard library, for fast start-up.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
import time

from ansible_collections.huaweicloud.kafka.plugins.module_utils.client import ApiError

# ----- vocabulary -------------------------------------------------------------------------------------

STATES = ("present", "running", "paused", "restarted", "absent")
UPDATE_SECRETS = ("on_create", "always")

KAFKA_SOURCE = "KAFKA_REPLICATOR_SOURCE"
OBS_SINK = "OBS_SINK"
NONE = "NONE"
SOURCE_TYPES = (KAFKA_SOURCE, NONE)
SINK_TYPES = (OBS_SINK, NONE)

SECURITY_PROTOCOLS = ("PLAINTEXT", "SASL_SSL", "SASL_PLAINTEXT")
SASL_PROTOCOLS = ("SASL_SSL", "SASL_PLAINTEXT")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-512")
DIRECTIONS = ("pull", "push", "two-way")
CONSUMER_STRATEGIES = ("latest", "earliest")
COMPRESSION_TYPES = ("none", "gzip", "snappy", "lz4", "zstd")
FILE_TYPES = ("TEXT",)
PARTITION_FORMATS = ("yyyy", "yyyy/MM", "yyyy/MM/dd", "yyyy/MM/dd/HH", "yyyy/MM/dd/HH/mm")

# Task statuses. CREATING and RESTARTING move on by themselves; the others stay until acted on.
RUNNING = "RUNNING"
PAUSED = "PAUSED"
WAITING = "WAITING"
CREATING = "CREATING"
RESTARTING = "RESTARTING"
STABLE_STATUSES = (RUNNING, PAUSED, WAITING)

SIDES = ("source_task", "sink_task")
SIDE_TYPE = {"source_task": "source_type", "sink_task": "sink_type"}
SIDE_IN_USE = {"source_task": KAFKA_SOURCE, "sink_task": OBS_SINK}
# Write-only: sent on create (and on modify when asked), never returned by a read, never compared.
SECRETS = {"source_task": ("password",), "sink_task": ("access_key", "secret_key")}
SECRET_NAMES = frozenset(name for names in SECRETS.values() for name in names)
# Filled in by the server on every OBS sink; not options.
SINK_SERVER_FIELDS = ("obs_part_size", "flush_size", "timezone", "schema_generator_class", "partitioner_class",
                      "value_converter", "key_converter", "kv_delimiter")
# Top-level fields of a task's configuration (the option names, except the identity).
CONFIG_FIELDS = ("task_name", "topics", "topics_regex", "source_type", "source_task", "sink_type", "sink_task")

MASK = "********"
PAGE_SIZE = 50  # the API's largest page
MAX_PAGES = 100  # a bound on paging, whatever the server says about total_number
TASK_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{4,64}\Z")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
HOST_PORT_RE = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5}\Z")
INSTANCE_NOT_FOUND = "DMS.00404022"
STATUS_FORBIDS = "DMS.00400026"


# ----- option specs (the single source of truth for the modules, their docs and the roles) -------------

def source_task_spec():
    """Suboptions of ``source_task`` (Kafka-to-Kafka replication), as an AnsibleModule spec."""
    return dict(
        current_cluster_name=dict(type="str"),
        cluster_name=dict(type="str"),
        instance_id=dict(type="str"),
        bootstrap_servers=dict(type="list", elements="str"),
        security_protocol=dict(type="str", choices=list(SECURITY_PROTOCOLS)),
        sasl_mechanism=dict(type="str", choices=list(SASL_MECHANISMS)),
        user_name=dict(type="str"),
        password=dict(type="str", no_log=True),
        direction=dict(type="str", choices=list(DIRECTIONS)),
        sync_consumer_offsets_enabled=dict(type="bool"),
        replication_factor=dict(type="int"),
        task_num=dict(type="int"),
        rename_topic_enabled=dict(type="bool"),
        provenance_header_enabled=dict(type="bool"),
        consumer_strategy=dict(type="str", choices=list(CONSUMER_STRATEGIES)),
        compression_type=dict(type="str", choices=list(COMPRESSION_TYPES)),
        topics_mapping=dict(type="raw"),
    )


def sink_task_spec():
    """Suboptions of ``sink_task`` (dump to OBS), as an AnsibleModule spec."""
    return dict(
        consumer_strategy=dict(type="str", choices=list(CONSUMER_STRATEGIES)),
        destination_file_type=dict(type="str", choices=list(FILE_TYPES)),
        deliver_time_interval=dict(type="int"),
        access_key=dict(type="str", no_log=True),
        secret_key=dict(type="str", no_log=True),
        obs_bucket_name=dict(type="str"),
        obs_path=dict(type="str"),
        partition_format=dict(type="str", choices=list(PARTITION_FORMATS)),
        record_delimiter=dict(type="str"),
        store_keys=dict(type="bool"),
    )


def task_spec():
    """The options that describe a task's configuration (top level), as an AnsibleModule spec."""
    return dict(
        task_name=dict(type="str"),
        topics=dict(type="list", elements="str"),
        topics_regex=dict(type="str"),
        source_type=dict(type="str", choices=list(SOURCE_TYPES)),
        source_task=dict(type="dict", options=source_task_spec()),
        sink_type=dict(type="str", choices=list(SINK_TYPES)),
        sink_task=dict(type="dict", options=sink_task_spec()),
    )


SIDE_SPECS = {"source_task": source_task_spec(), "sink_task": sink_task_spec()}


# ----- small conversions --------------------------------------------------------------------------------

def split_list(value):
    """A comma-joined string, or a list of them, as a sorted list without blanks or duplicates."""
    if value is None:
        return None
    items = []
    for piece in (value if isinstance(value, (list, tuple)) else [value]):
        if piece is not None:
            items.extend(str(piece).split(","))
    return sorted(set(item.strip() for item in items if item.strip()))


def normalize_mapping(value):
    """``topics_mapping`` as a sorted list of ``src:dst``, from a list, a dict or a comma-joined string."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = ["%s:%s" % (src, dst) for src, dst in value.items()]
    result = set()
    for item in split_list(value):
        src, _sep, dst = item.partition(":")
        result.add("%s:%s" % (src.strip(), dst.strip()))
    return sorted(result)


def join_list(value):
    """A list as the API's comma-joined string ("" for an empty list or None)."""
    return ",".join(value or [])


def _coerce(value, kind):
    """An API value as the option type (the API may send numbers and booleans as strings)."""
    if value is None or not isinstance(value, str):
        return value
    if kind == "int" and re.match(r"^-?[0-9]+$", value.strip()):
        return int(value)
    if kind == "bool" and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def _side_value_to_option(side, name, value):
    if name == "topics_mapping":
        return normalize_mapping(value)
    if name == "bootstrap_servers":
        return split_list(value)
    spec = SIDE_SPECS[side].get(name)
    return _coerce(value, spec["type"]) if spec else value


def _side_value_to_api(name, value):
    if name in ("topics_mapping", "bootstrap_servers"):
        return join_list(value)
    return value


# ----- API shape -> option shape -----------------------------------------------------------------------

def normalize_side(side, api_side, keep_server_fields=False):
    """One side (``source_task``/``sink_task``) in option shape; None for the unused side (null or {})."""
    if not isinstance(api_side, dict) or not api_side:
        return None
    spec = SIDE_SPECS[side]
    result = {}
    for name, value in api_side.items():
        if name in SECRETS[side]:
            continue
        if name in spec:
            result[name] = _side_value_to_option(side, name, value)
        elif keep_server_fields:
            result[name] = copy.deepcopy(value)
    return result


def normalize_task(api_task, keep_server_fields=False):
    """A task as the API returns it, in option shape (see the module docstring); None stays None.

    ``keep_server_fields`` keeps what the server fills in on its own (``sink_task.obs_part_size``...),
    which are not options: leave it off to get a task that can be fed back as module input.
    """
    if api_task is None:
        return None
    task = {
        "id": api_task.get("id"),
        "task_id": api_task.get("id"),
        "task_name": api_task.get("task_name"),
        "status": api_task.get("status"),
        "create_time": _coerce(api_task.get("create_time"), "int"),
        "topics": split_list(api_task.get("topics")) or None,
        "topics_regex": api_task.get("topics_regex") or None,
    }
    for side in SIDES:
        task[SIDE_TYPE[side]] = api_task.get(SIDE_TYPE[side])
        task[side] = normalize_side(side, api_task.get(side), keep_server_fields)
    return task


def config_of(task):
    """Only the configuration fields of an option-shaped task (no id, status or create_time)."""
    return dict((name, copy.deepcopy(task.get(name))) for name in CONFIG_FIELDS) if task else {}


# ----- the user's wishes ---------------------------------------------------------------------------------

def desired_side(side, params_side):
    """The suboptions the user set (None values dropped, lists normalised); None when none is set."""
    if not params_side:
        return None
    result = {}
    for name, value in params_side.items():
        if value is None or name not in SIDE_SPECS[side]:
            continue
        if name == "topics_mapping":
            value = normalize_mapping(value)
        elif name == "bootstrap_servers":
            value = split_list(value)
        result[name] = value
    return result or None


def desired_task(params):
    """What the user asked for, in option shape, with only the options they set (secrets included).

    ``source_type``/``sink_type`` are inferred from ``source_task``/``sink_task`` when not given.
    """
    desired = {}
    if params.get("task_name") is not None:
        desired["task_name"] = params["task_name"]
    if params.get("topics") is not None:
        desired["topics"] = split_list(params["topics"])
    if params.get("topics_regex") is not None:
        desired["topics_regex"] = params["topics_regex"]
    for side in SIDES:
        value = desired_side(side, params.get(side))
        kind = params.get(SIDE_TYPE[side]) or (SIDE_IN_USE[side] if value else None)
        if kind is not None:
            desired[SIDE_TYPE[side]] = kind
        if value is not None:
            desired[side] = value
    return desired


def has_secrets(desired):
    """True when the user gave any write-only secret."""
    return any((desired.get(side) or {}).get(name) for side in SIDES for name in SECRETS[side])


def secret_values(params):
    """Every write-only secret value in the module parameters (to mask them in every message)."""
    values = []
    for side in SIDES:
        for name in SECRETS[side]:
            value = (params.get(side) or {}).get(name)
            if value:
                values.append(value)
    return values


# ----- validation (pure: lists of messages) --------------------------------------------------------------

def _name_error(name):
    if name is not None and not TASK_NAME_RE.match(name):
        return "task_name must be 4 to 64 characters of letters, digits, - and _; got %r" % name
    return None


def _mapping_errors(value):
    if value is None:
        return []
    if not isinstance(value, (list, dict, str)):
        return ["source_task.topics_mapping must be a list of 'source:destination' strings or a dict "
                "{source: destination}; got %r" % (value,)]
    if isinstance(value, dict):
        bad = ["%s:%s" % (k, v) for k, v in value.items() if not str(k).strip() or not str(v or "").strip()
               or ":" in str(k) or ":" in str(v) or "," in str(k) or "," in str(v)]
    else:
        bad = [item for item in split_list(value)
               if item.count(":") != 1 or not all(part.strip() for part in item.split(":"))]
    if bad:
        return ["source_task.topics_mapping entries must look like 'source:destination'; got %s"
                % ", ".join(repr(item) for item in bad)]
    return []


def check_options(params):
    """Everything wrong with the parameters that needs no request, as a list of messages."""
    errors = []
    name_error = _name_error(params.get("task_name"))
    if name_error:
        errors.append(name_error)
    for key, what in (("instance_id", "instance_id"), ("task_id", "task_id")):
        value = params.get(key)
        if value is not None and not UUID_RE.match(value):
            errors.append("%s must be a DMS id like 6a1f0c52-4d3b-4e7a-9c41-8d2f0e5b7a13; got %r" % (what, value))
    if params.get("topics") and params.get("topics_regex"):
        errors.append("topics and topics_regex are mutually exclusive: set one of them")
    if params.get("topics") and not split_list(params["topics"]):
        errors.append("topics must name at least one topic; got %r" % (params["topics"],))
    regex = params.get("topics_regex")
    if regex is not None:
        if not regex.strip():
            errors.append("topics_regex must not be blank")
        else:
            try:
                re.compile(regex)
            except re.error as exc:
                errors.append("topics_regex is not a valid regular expression: %s" % exc)
    for side in SIDES:
        kind = params.get(SIDE_TYPE[side])
        if kind == NONE and desired_side(side, params.get(side)):
            errors.append("%s is set but %s is NONE; remove one of them" % (side, SIDE_TYPE[side]))
    source = params.get("source_task") or {}
    errors.extend(_mapping_errors(source.get("topics_mapping")))
    if source.get("rename_topic_enabled") and normalize_mapping(source.get("topics_mapping")) \
            and not _mapping_errors(source.get("topics_mapping")):
        errors.append("source_task.rename_topic_enabled and source_task.topics_mapping are mutually exclusive")
    if source.get("instance_id") and not UUID_RE.match(source["instance_id"]):
        errors.append("source_task.instance_id must be the peer Kafka instance's id (a UUID); got %r"
                      % source["instance_id"])
    bad_servers = [item for item in split_list(source.get("bootstrap_servers")) or []
                   if not HOST_PORT_RE.match(item)]
    if bad_servers:
        errors.append("source_task.bootstrap_servers must be host:port addresses; got %s"
                      % ", ".join(repr(item) for item in bad_servers))
    for name in ("replication_factor", "task_num"):
        if source.get(name) is not None and source[name] < 1:
            errors.append("source_task.%s must be 1 or more; got %s" % (name, source[name]))
    interval = (params.get("sink_task") or {}).get("deliver_time_interval")
    if interval is not None and not 30 <= interval <= 900:
        errors.append("sink_task.deliver_time_interval must be 30 to 900 seconds; got %s" % interval)
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds; got %s" % params["wait_timeout"])
    if params.get("recreate"):
        errors.extend("recreate=true needs every option a create needs (the task is deleted, then created "
                      "again from the options): %s" % error for error in check_create(desired_task(params)))
    return errors


def check_create(desired):
    """What a create of ``desired`` (option shape, secrets included) lacks, as a list of messages."""
    errors = []
    if not desired.get("task_name"):
        errors.append("task_name is required to create a task")
    source_used = desired.get("source_type") == KAFKA_SOURCE
    sink_used = desired.get("sink_type") == OBS_SINK
    if source_used == sink_used:
        errors.append("a task is either a replication (source_task, source_type=KAFKA_REPLICATOR_SOURCE) or an "
                      "OBS dump (sink_task, sink_type=OBS_SINK): set exactly one of them")
    source = desired.get("source_task") or {}
    if not (desired.get("topics") or desired.get("topics_regex")
            or (source_used and source.get("topics_mapping"))):
        errors.append("one of topics or topics_regex is required to create a task")
    if source_used:
        for name in ("current_cluster_name", "cluster_name", "direction"):
            if not source.get(name):
                errors.append("source_task.%s is required to create a replication task" % name)
        if not (source.get("instance_id") or source.get("bootstrap_servers")):
            errors.append("source_task.instance_id or source_task.bootstrap_servers (the peer Kafka instance) is "
                          "required to create a replication task")
        protocol = source.get("security_protocol") or ("SASL_SSL" if source.get("user_name") else "PLAINTEXT")
        if protocol in SASL_PROTOCOLS:
            missing = [name for name in ("user_name", "password") if not source.get(name)]
            if missing:
                errors.append("security_protocol %s needs %s to create a task" % (
                    protocol, " and ".join("source_task." + name for name in missing)))
    if sink_used:
        sink = desired.get("sink_task") or {}
        missing = [name for name in ("obs_bucket_name", "access_key", "secret_key") if not sink.get(name)]
        if missing:
            errors.append("an OBS dump needs %s to create a task" % ", ".join("sink_task." + n for n in missing))
    return errors


# ----- comparison ----------------------------------------------------------------------------------------

def same_value(want, have):
    """Equal as the API means it: lists as sets, empty values ("" / [] / None) as one."""
    if isinstance(want, list) or isinstance(have, list):
        return set(want or []) == set(have or [])
    if want in ("", None) or have in ("", None):
        return want in ("", None) and have in ("", None)
    return want == have


def differences(desired, current):
    """The part of ``desired`` that ``current`` does not match, as ``{key: desired value}``.

    A recursive subset compare: keys the user did not set, and keys the server added, are not looked at;
    sub-dicts are compared key by key (the result nests the same way); secrets are never compared.
    """
    current = current if isinstance(current, dict) else {}
    found = {}
    for key, want in desired.items():
        if want is None or key in SECRET_NAMES:
            continue
        have = current.get(key)
        if isinstance(want, dict):
            sub = differences(want, have)
            if sub:
                found[key] = sub
        elif not same_value(want, have):
            found[key] = copy.deepcopy(want)
    return found


def merge_task(current, desired):
    """``current`` (option shape) overlaid with ``desired``: the configuration the task should end with.

    Exclusive pairs switch over cleanly: setting ``topics`` clears ``topics_regex`` (and the other way
    round); setting a new peer ``instance_id`` alone drops the old ``bootstrap_servers`` (the server fills
    them in again), and new ``bootstrap_servers`` alone drop the old ``instance_id``; setting
    ``topics_mapping`` turns ``rename_topic_enabled`` off, and turning it on clears the mapping; asking for
    one side (replication or OBS dump) turns the other off. A side whose type is NONE is None. Secrets come
    from ``desired`` only.
    """
    merged = config_of(current)
    for key, want in desired.items():
        if key not in SIDES:
            merged[key] = copy.deepcopy(want)
    if desired.get("topics"):
        merged["topics_regex"] = None
    if desired.get("topics_regex"):
        merged["topics"] = None
    for side, other in zip(SIDES, reversed(SIDES)):
        # A task is either a replication or a dump: asking for one side turns the other off.
        if desired.get(SIDE_TYPE[side]) == SIDE_IN_USE[side] and SIDE_TYPE[other] not in desired:
            merged[SIDE_TYPE[other]] = NONE
    for side in SIDES:
        kind = merged.get(SIDE_TYPE[side])
        if kind == NONE:
            merged[side] = None
            continue
        want = desired.get(side)
        if want is None:
            continue
        have = dict(merged.get(side) or {})
        combined = dict(have)
        combined.update(copy.deepcopy(want))
        if side == "source_task":
            _switch_peer(combined, have, want)
            if want.get("topics_mapping") and "rename_topic_enabled" not in want and have.get("rename_topic_enabled"):
                combined["rename_topic_enabled"] = False
            if want.get("rename_topic_enabled") and "topics_mapping" not in want and have.get("topics_mapping"):
                combined["topics_mapping"] = []
        merged[side] = combined
    return merged


def _switch_peer(combined, have, want):
    if want.get("instance_id") and "bootstrap_servers" not in want \
            and not same_value(want["instance_id"], have.get("instance_id")):
        combined.pop("bootstrap_servers", None)
    if want.get("bootstrap_servers") and "instance_id" not in want \
            and not same_value(want["bootstrap_servers"], have.get("bootstrap_servers")):
        combined["instance_id"] = ""


# ----- request bodies ------------------------------------------------------------------------------------

def side_to_api(side, value, include_secrets=True):
    """One option-shaped side as the API takes it (lists comma-joined, unset values dropped)."""
    result = {}
    for name, item in (value or {}).items():
        if item is None or (name in SECRETS[side] and not include_secrets):
            continue
        result[name] = _side_value_to_api(name, item)
    return result


def create_body(desired, start_later=False):
    """The body of a create: the full task from ``desired`` (option shape), secrets included."""
    body = {"task_name": desired.get("task_name"), "start_later": bool(start_later)}
    if desired.get("topics"):
        body["topics"] = join_list(desired["topics"])
    if desired.get("topics_regex"):
        body["topics_regex"] = desired["topics_regex"]
    for side in SIDES:
        kind = desired.get(SIDE_TYPE[side]) or NONE
        body[SIDE_TYPE[side]] = kind
        if kind != NONE:
            body[side] = side_to_api(side, desired.get(side))
    return body


def modify_body(desired, current_api, send_secrets=False):
    """The body of a PUT that leaves the task as desired whether the server merges or replaces.

    It carries the whole task configuration (current overlaid with desired): the name, the topics (the
    cleared one of ``topics``/``topics_regex`` as ""), both types, and whole ``source_task``/``sink_task``
    objects that start from the current ones as read (server-filled fields kept) so that a replacing
    server loses nothing and a merging one ends the same. Cleared strings are sent as "" because a merging
    server ignores nulls. Secrets are sent only with ``send_secrets`` (and only those the user gave).
    """
    current = normalize_task(current_api)
    merged = merge_task(current, desired)
    body = {"task_name": merged.get("task_name")}
    for name in ("topics", "topics_regex"):
        if merged.get(name):
            body[name] = join_list(merged[name]) if name == "topics" else merged[name]
        elif current.get(name):
            body[name] = ""
    for side in SIDES:
        kind = merged.get(SIDE_TYPE[side]) or NONE
        body[SIDE_TYPE[side]] = kind
        if kind == NONE:
            continue
        raw = dict(current_api.get(side) or {}) if current.get(side) else {}
        for name in SECRETS[side]:
            raw.pop(name, None)
        for name in (current.get(side) or {}):
            if name not in merged[side]:
                raw[name] = ""  # dropped by the merge (a switched peer): cleared under both readings
        raw.update(side_to_api(side, merged[side], include_secrets=send_secrets))
        body[side] = raw
    return body


def mask_secrets(body):
    """A copy of an API- or option-shaped task with every secret value replaced by the mask."""
    if not isinstance(body, dict):
        return body
    result = copy.deepcopy(body)
    for side in SIDES:
        sub = result.get(side)
        if isinstance(sub, dict):
            for name in SECRETS[side]:
                if sub.get(name):
                    sub[name] = MASK
    return result


def strip_secrets(task):
    """A copy of a task (either shape) without any secret."""
    result = copy.deepcopy(task)
    for side in SIDES:
        sub = (result or {}).get(side)
        if isinstance(sub, dict):
            for name in SECRETS[side]:
                sub.pop(name, None)
    return result


def predict(body, current_api=None, status=None):
    """The task (API shape, no secrets) that a create or PUT ``body`` would leave, for check mode.

    A create starts from nothing (``id`` None); a PUT from ``current_api``. Since the bodies built here
    carry whole configurations, merging and replacing servers end the same, so one prediction fits both.
    ``status`` overrides the status (a create's target, say).
    """
    task = copy.deepcopy(current_api) if current_api else {"id": None, "create_time": None, "status": None}
    for name, value in body.items():
        if name == "start_later":
            continue
        if name in SIDES and isinstance(value, dict) and isinstance(task.get(name), dict):
            merged = dict(task[name])
            merged.update(copy.deepcopy(value))
            task[name] = merged
        else:
            task[name] = copy.deepcopy(value)
    for side in SIDES:
        if task.get(SIDE_TYPE[side]) == NONE:
            task[side] = None
    if status is not None:
        task["status"] = status
    return strip_secrets(task)


# ----- the API ------------------------------------------------------------------------------------------

# Pages read beyond the first page's total_number (one task a page at worst) before a server that keeps
# saying "more" is given up on; and the totals a listing reports.
EXTRA_PAGES = 3
PAGE_FIELDS = ("total_number", "max_tasks", "quota_tasks")


def as_int(value):
    """An int from the API (which may send numbers as strings), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def read_all_pages(api, page_size=PAGE_SIZE):
    """Every task of the instance (API shape) and a summary ``{total_number, max_tasks, quota_tasks, ...}``.

    Pages are followed by ``offset`` = the number of tasks actually received so far (a server may send fewer
    than ``limit``), until that reaches ``total_number`` or a page comes back empty. Paging is bounded by the
    first page's ``total_number`` plus EXTRA_PAGES (and by ``MAX_PAGES``), so a server that keeps saying
    there are more tasks cannot keep the module looping; ``truncated`` then says so. A task seen twice (the
    list moved under the pages) is kept once.
    """
    tasks, seen = [], set()
    received = pages = 0
    page = api.list_page(offset=0, limit=page_size)
    pages += 1
    first_total = as_int(page.get("total_number"))
    bound = min(MAX_PAGES, (first_total or 0) + EXTRA_PAGES)
    truncated = False
    while True:
        batch = page.get("tasks") or []
        received += len(batch)
        for task in batch:
            key = task.get("id")
            if key is not None and key in seen:
                continue
            seen.add(key)
            tasks.append(task)
        total = as_int(page.get("total_number"))
        if not batch or total is None or received >= total:
            break
        if pages >= bound:
            truncated = True
            break
        page = api.list_page(offset=received, limit=page_size)
        pages += 1
    summary = dict((name, as_int(page.get(name))) for name in PAGE_FIELDS)
    summary.update(pages=pages, received=received, truncated=truncated)
    return tasks, summary


class SmartConnectApi:
    """One method per Smart Connect operation on one Kafka instance, over ``Client.call``.

    Reads of a task return None when it does not exist (any 404 on a task URL, except DMS's
    "instance does not exist" code); every other failure raises ``ApiError``.
    """

    def __init__(self, client, instance_id):
        self.client = client
        self.instance_id = instance_id

    def _tasks(self, *more):
        return ("instances", self.instance_id, "connector", "tasks") + more

    def instance(self):
        return self.client.call("GET", ("instances", self.instance_id),
                                "read Kafka instance %s" % self.instance_id)

    def enable(self, body):
        """Switch Smart Connect on: ``{job_id, connector_id}``."""
        return self.client.call("POST", ("instances", self.instance_id, "connector"),
                                "enable Smart Connect on instance %s" % self.instance_id, body=body) or {}

    def disable(self):
        """Switch Smart Connect off, deleting every task: ``{job_id}``."""
        return self.client.call("POST", ("kafka", "instances", self.instance_id, "delete-connector"),
                                "disable Smart Connect on instance %s" % self.instance_id) or {}

    def list_page(self, offset=0, limit=PAGE_SIZE):
        """One page of the task list: ``{tasks, total_number, ...}``."""
        return self.client.call("GET", self._tasks(), "list the Smart Connect tasks of instance %s"
                                % self.instance_id, query=[("offset", offset), ("limit", limit)]) or {}

    def list_tasks(self):
        """Every task of the instance, following pages while ``total_number`` says there are more."""
        return read_all_pages(self)[0]

    def find_by_name(self, name):
        """Every task named ``name`` (normally at most one)."""
        return [task for task in self.list_tasks() if task.get("task_name") == name]

    def show(self, task_id):
        try:
            return self.client.call("GET", self._tasks(task_id), "read Smart Connect task %s" % task_id)
        except ApiError as error:
            if _task_absent(error):
                return None
            raise

    def create(self, body):
        return self.client.call("POST", self._tasks(), "create Smart Connect task %s in instance %s"
                                % (body.get("task_name"), self.instance_id), body=body)

    def modify(self, task_id, body):
        return self.client.call("PUT", self._tasks(task_id), "modify Smart Connect task %s" % task_id, body=body)

    def delete(self, task_id):
        """Delete a task; False when it was already gone."""
        try:
            self.client.call("DELETE", self._tasks(task_id), "delete Smart Connect task %s" % task_id)
        except ApiError as error:
            if _task_absent(error):
                return False
            raise
        return True

    def pause(self, task_id):
        self.client.call("PUT", self._tasks(task_id, "pause"), "pause Smart Connect task %s" % task_id)

    def resume(self, task_id):
        self.client.call("PUT", self._tasks(task_id, "resume"), "resume Smart Connect task %s" % task_id)

    def restart(self, task_id):
        """Start a WAITING task, or restart a PAUSED/RUNNING one (the sync position is reset)."""
        self.client.call("PUT", ("kafka",) + self._tasks(task_id, "restart"),
                         "restart Smart Connect task %s" % task_id)


def _task_absent(error):
    return error.not_found and error.error_code != INSTANCE_NOT_FOUND


# ----- waiting ------------------------------------------------------------------------------------------

class WaitTimeout(Exception):
    """The task did not reach a wanted status in time; ``task`` is the last one read."""

    def __init__(self, message, task):
        super(WaitTimeout, self).__init__(message)
        self.task = task


class TaskGone(Exception):
    """The task disappeared while waited on."""


class Waiter:
    """Poll a task until its status is one of the targets, with capped exponential backoff.

    ``poll()`` returns the task (API shape) or None once it is gone. A task whose status is unknown (None,
    as after a pause, resume or restart, which return nothing) is read at once; otherwise the first read
    comes after ``initial_delay``. ``clock`` and ``sleep`` are injectable for tests; the last sleep is cut
    short so that the whole wait stays within ``timeout`` seconds.
    """

    initial_delay = 0.5
    max_delay = 10.0
    factor = 2.0

    def __init__(self, poll, timeout, sleep=time.sleep, clock=time.monotonic):
        self.poll = poll
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.polls = 0

    def _read(self, what, wanted):
        self.polls += 1
        task = self.poll()
        if task is None:
            raise TaskGone("%s disappeared while waiting for it to be %s" % (what, wanted))
        return task

    def until(self, task, targets, what="the task"):
        """Return the task once its status is in ``targets``; raise WaitTimeout or TaskGone."""
        wanted = " or ".join(targets)
        deadline = self.clock() + self.timeout
        delay = self.initial_delay
        if (task or {}).get("status") is None:
            task = self._read(what, wanted)
        while task.get("status") not in targets:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitTimeout("Timed out after %s seconds waiting for %s to be %s; last status seen: %s"
                                  % (self.timeout, what, wanted, task.get("status")), task)
            self.sleep(min(delay, remaining))
            delay = min(self.max_delay, delay * self.factor)
            task = self._read(what, wanted)
        return task

    def until_gone(self, task, what="the task"):
        """Return once ``poll()`` finds no task (read at once first); raise WaitTimeout if it stays."""
        deadline = self.clock() + self.timeout
        delay = self.initial_delay
        while True:
            self.polls += 1
            found = self.poll()
            if found is None:
                return
            task = found
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitTimeout("Timed out after %s seconds waiting for %s to be deleted; last status seen: %s"
                                  % (self.timeout, what, task.get("status")), task)
            self.sleep(min(delay, remaining))
            delay = min(self.max_delay, delay * self.factor)
