# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of a task's options that need no request: each returns a list of messages, empty when all is well.

Private to this collection: it may change without notice between releases.
"""

import re

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import (
    desired_side,
    desired_task,
    normalize_mapping,
    split_list,
)

PEER_TWICE = (
    "source_task.instance_id and source_task.bootstrap_servers are alternatives (the service resolves "
    "one by overwriting the other): set one of them"
)


def _name_errors(name):
    if name is not None and not v.TASK_NAME_RE.match(name):
        return ["task_name must be 4 to 64 characters of letters, digits, - and _; got %r" % name]
    return []


def _topic_errors(params):
    errors = []
    if params.get("topics") and params.get("topics_regex"):
        errors.append("topics and topics_regex are mutually exclusive: set one of them")
    if params.get("topics") is not None and not split_list(params["topics"]):  # [] as much as [""]
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
    return errors


def _mapping_errors(value):
    if value is None:
        return []
    if not isinstance(value, (list, dict, str)):
        return [
            "source_task.topics_mapping must be a list of 'source:destination' strings or a dict "
            "{source: destination}; got %r" % (value,)
        ]
    if isinstance(value, dict):
        bad = [
            "%s:%s" % (k, val)
            for k, val in value.items()
            if not str(k).strip() or not str(val or "").strip() or any(c in str(k) + str(val) for c in ":,")
        ]
    else:
        bad = [
            item
            for item in split_list(value)
            if item.count(":") != 1 or not all(part.strip() for part in item.split(":"))
        ]
    if bad:
        return [
            "source_task.topics_mapping entries must look like 'source:destination'; got %s"
            % ", ".join(repr(item) for item in bad)
        ]
    return []


def source_errors(source):
    errors = _mapping_errors(source.get("topics_mapping"))

    if source.get("rename_topic_enabled") and normalize_mapping(source.get("topics_mapping")) and not errors:
        errors.append("source_task.rename_topic_enabled and source_task.topics_mapping are mutually exclusive")
    if source.get("instance_id") and not v.UUID_RE.match(source["instance_id"]):
        errors.append(
            "source_task.instance_id must be the peer Kafka instance's id (a UUID); got %r" % source["instance_id"]
        )
    bad_servers = [item for item in split_list(source.get("bootstrap_servers")) or [] if not v.HOST_PORT_RE.match(item)]
    if bad_servers:
        errors.append(
            "source_task.bootstrap_servers must be host:port addresses; got %s"
            % ", ".join(repr(item) for item in bad_servers)
        )
    for name in ("replication_factor", "task_num"):
        if source.get(name) is not None and source[name] < 1:
            errors.append("source_task.%s must be 1 or more; got %s" % (name, source[name]))
    return errors


CASE_ONLY = (
    "the task names %r and %r differ only in case: this collection treats them as two tasks, but whether "
    "the service does is undocumented; use one spelling"
)


def names_differing_in_case_only(names):
    """Pairs of ``names`` equal but for case: the service's view of them is undocumented (one name, or two?)."""
    first = {}
    pairs = []
    for name in names:
        if not isinstance(name, str):
            continue
        seen = first.setdefault(name.lower(), name)
        if seen != name:
            pairs.append((seen, name))
    return pairs


def check_options(params):
    """Everything wrong with a task's options (name, topics, both sides, recreate) that needs no request (the ids
    are HuaweiCloudModule's to check, with every other part of a URL)."""
    errors = _name_errors(params.get("task_name"))
    errors.extend(_topic_errors(params))
    for side in v.SIDES:
        if params.get(v.SIDE_TYPE[side]) == v.NONE and desired_side(side, params.get(side)):
            errors.append("%s is set but %s is NONE; remove one of them" % (side, v.SIDE_TYPE[side]))
    wanted = desired_task(params)
    if wanted.get("source_type") == v.KAFKA_SOURCE and wanted.get("sink_type") == v.OBS_SINK:
        errors.append(
            "a task is either a replication (source_task, source_type) or an OBS dump (sink_task, "
            "sink_type), not both: set one of them"
        )
    errors.extend(source_errors(params.get("source_task") or {}))
    interval = (params.get("sink_task") or {}).get("deliver_time_interval")
    if interval is not None and not 30 <= interval <= 900:
        errors.append("sink_task.deliver_time_interval must be 30 to 900 seconds; got %s" % interval)
    delimiter = (params.get("sink_task") or {}).get("record_delimiter")
    if delimiter and delimiter not in v.RECORD_DELIMITERS:  # a templated empty is not set
        errors.append(
            "sink_task.record_delimiter must be one of %s (the values the service documents); got %r"
            % (", ".join(repr(each) for each in v.RECORD_DELIMITERS), delimiter)
        )
    if params.get("recreate"):
        errors.extend(
            "recreate=true needs every option a create needs (the task is deleted, then created "
            "again from the options): %s" % error
            for error in check_create(desired_task(params))
        )
    return errors


def check_create(desired):
    """What a create of ``desired`` (option shape, secrets included) lacks, as a list of messages."""
    errors = []
    if not desired.get("task_name"):
        errors.append("task_name is required to create a task")
    source_used = desired.get("source_type") == v.KAFKA_SOURCE
    sink_used = desired.get("sink_type") == v.OBS_SINK
    if source_used == sink_used:
        errors.append(
            "a task is either a replication (source_task, source_type=KAFKA_REPLICATOR_SOURCE) or an "
            "OBS dump (sink_task, sink_type=OBS_SINK): set exactly one of them"
        )
    source = desired.get("source_task") or {}
    if not (desired.get("topics") or desired.get("topics_regex") or (source_used and source.get("topics_mapping"))):
        errors.append("one of topics or topics_regex is required to create a task")
    if source_used:
        errors.extend(_replication_create_errors(source))
    if sink_used:
        sink = desired.get("sink_task") or {}
        # With an IAM agency the dump writes to OBS as the agency: no access keys.
        required = ("obs_bucket_name",) if sink.get("agency_name") else ("obs_bucket_name", "access_key", "secret_key")
        missing = [name for name in required if not sink.get(name)]
        if missing:
            errors.append("an OBS dump needs %s to create a task" % ", ".join("sink_task." + n for n in missing))
    return errors


def _replication_create_errors(source):
    errors = [
        "source_task.%s is required to create a replication task" % name
        for name in ("current_cluster_name", "cluster_name", "direction")
        if not source.get(name)
    ]
    return errors + peer_errors(source, to_create=True)


def peer_errors(source, to_create):
    """The rules of a replication's peer: exactly one of its two spellings, and the SASL credentials its protocol
    needs. A create infers SASL_SSL from a user name (what the service does); a connectivity check
    (``to_create`` false) checks the protocol it is given."""
    errors = []
    if source.get("instance_id") and source.get("bootstrap_servers"):
        errors.append(PEER_TWICE)
    elif not (source.get("instance_id") or source.get("bootstrap_servers")):
        errors.append(
            "source_task.instance_id or source_task.bootstrap_servers (the peer Kafka instance) is required to "
            "create a replication task"
            if to_create
            else "source_task.instance_id or source_task.bootstrap_servers (the peer) is required"
        )
    protocol = source.get("security_protocol")
    if to_create:
        protocol = protocol or ("SASL_SSL" if source.get("user_name") else "PLAINTEXT")
    missing = [name for name in ("user_name", "password") if not source.get(name)]
    if protocol in v.SASL_PROTOCOLS and missing:
        errors.append(
            "security_protocol %s needs %s%s"
            % (
                protocol,
                " and ".join("source_task." + name for name in missing),
                " to create a task" if to_create else "",
            )
        )
    return errors


def wait_timeout_errors(params):
    """wait_timeout, for every module that waits: 0 (do not wait) or more seconds."""
    if params["wait_timeout"] < 0:
        return ["wait_timeout must be 0 or more seconds; got %s" % params["wait_timeout"]]
    return []
