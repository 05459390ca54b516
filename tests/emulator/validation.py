"""Request validation: ids, list parameters, task bodies and connectivity checks.

Pure functions: they take plain dicts and return normalised copies (server defaults filled in) or raise
errors.ApiError with the DMS code a real service would use (see README.md, "Errors").
"""

import copy
import re

from . import errors

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
TASK_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{4,64}\Z")
HOST_PORT_RE = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5}\Z")

TOP_LEVEL_FIELDS = ("task_name", "topics", "topics_regex", "source_type", "source_task", "sink_type", "sink_task")
SOURCE_TYPES = ("KAFKA_REPLICATOR_SOURCE", "NONE")
SINK_TYPES = ("OBS_SINK", "NONE")
SECURITY_PROTOCOLS = ("PLAINTEXT", "SASL_SSL", "SASL_PLAINTEXT")
SASL_PROTOCOLS = ("SASL_SSL", "SASL_PLAINTEXT")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-512")
DIRECTIONS = ("pull", "push", "two-way")
CONSUMER_STRATEGIES = ("latest", "earliest")
COMPRESSION_TYPES = ("none", "gzip", "snappy", "lz4", "zstd")
FILE_TYPES = ("TEXT",)
PARTITION_FORMATS = ("yyyy", "yyyy/MM", "yyyy/MM/dd", "yyyy/MM/dd/HH", "yyyy/MM/dd/HH/mm")
VALIDATE_TYPES = ("KAFKA_REPLICATOR_SOURCE", "OBS_SINK")

# Write-only secrets: stored, never returned by a read.
SOURCE_SECRETS = ("password",)
SINK_SECRETS = ("access_key", "secret_key")

SOURCE_STRINGS = (
    "current_cluster_name",
    "cluster_name",
    "user_name",
    "password",
    "sasl_mechanism",
    "instance_id",
    "bootstrap_servers",
    "security_protocol",
    "direction",
    "consumer_strategy",
    "compression_type",
    "topics_mapping",
)
SOURCE_BOOLS = ("sync_consumer_offsets_enabled", "rename_topic_enabled", "provenance_header_enabled")
SOURCE_INTS = ("replication_factor", "task_num")
SINK_STRINGS = (
    "consumer_strategy",
    "destination_file_type",
    "access_key",
    "secret_key",
    "obs_bucket_name",
    "obs_path",
    "partition_format",
    "record_delimiter",
    "agency_name",
)

# Filled by the server on every OBS sink task; values sent by a client are ignored.
SINK_SERVER_FIELDS = {
    "obs_part_size": 5242880,
    "flush_size": 1000000,
    "timezone": "UTC",
    "schema_generator_class": "io.confluent.connect.storage.hive.schema.DefaultSchemaGenerator",
    "partitioner_class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
    "value_converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    "key_converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
    "kv_delimiter": ":",
}

LIMIT_DEFAULT, LIMIT_MIN, LIMIT_MAX = 10, 1, 50


def check_instance_id(instance_id):
    if not UUID_RE.match(instance_id):
        raise errors.ApiError(400, errors.BAD_INSTANCE_ID, "Invalid instance id: %s" % instance_id)


def check_task_id(task_id):
    if not UUID_RE.match(task_id):
        raise errors.ApiError(400, errors.BAD_TASK_ID, "Invalid task id: %s" % task_id)


def list_parameters(query_pairs):
    """Return (offset, limit) from the decoded query pairs: offset >= 0, limit 1-50 (default 10)."""
    params = dict(query_pairs)
    offset = _int_param(params, "offset", 0)
    limit = _int_param(params, "limit", LIMIT_DEFAULT)
    if offset < 0:
        raise errors.invalid_request("offset must be >= 0")
    if not LIMIT_MIN <= limit <= LIMIT_MAX:
        raise errors.invalid_request("limit must be between %d and %d" % (LIMIT_MIN, LIMIT_MAX))
    return offset, limit


def _int_param(params, name, default):
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not re.match(r"^-?[0-9]+$", raw):
        raise errors.invalid_request("%s must be an integer" % name)
    return int(raw)


def require_object(body, what="request body"):
    if not isinstance(body, dict):
        raise errors.invalid_request("%s must be a JSON object" % what)
    return body


def _typed(obj, name, kind, where):
    """Return obj[name] if it has the JSON type `kind`; None when absent or null."""
    value = obj.get(name)
    if value is None:
        return None
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise errors.invalid_request(
            "%s%s must be of type %s"
            % (where, name, {bool: "boolean", int: "integer", str: "string", dict: "object"}[kind])
        )
    return value


def _enum(value, allowed, name):
    if value not in allowed:
        raise errors.invalid_value("%s must be one of %s, got %r" % (name, ", ".join(allowed), value))
    return value


def check_bootstrap_servers(value, name="source_task.bootstrap_servers"):
    items = value.split(",")
    if not items or not all(HOST_PORT_RE.match(item.strip()) for item in items):
        raise errors.invalid_value("%s must be comma-joined host:port pairs, got %r" % (name, value))


def check_topics_mapping(value):
    for pair in value.split(","):
        parts = pair.split(":")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise errors.invalid_value("source_task.topics_mapping must look like 'src:dst,src2:dst2', got %r" % value)


def normalize_task(spec, resolve_peer):
    """Validate a whole task (create body, or the result of a PUT) and fill in server defaults.

    resolve_peer(instance_id) returns the peer's bootstrap servers, or None when no such instance.
    Returns a new dict holding only the top-level fields the server stores.
    """
    require_object(spec)
    for name in ("task_name", "topics", "topics_regex", "source_type", "sink_type"):
        _typed(spec, name, str, "")
    for name in ("source_task", "sink_task"):
        _typed(spec, name, dict, "")

    task_name = spec.get("task_name")
    if not task_name:
        raise errors.invalid_combination("task_name is required")
    if not TASK_NAME_RE.match(task_name):
        raise errors.invalid_value("task_name must be 4-64 characters: letters, digits, '-' or '_'; got %r" % task_name)

    source_type = _enum(spec.get("source_type") or "NONE", SOURCE_TYPES, "source_type")
    sink_type = _enum(spec.get("sink_type") or "NONE", SINK_TYPES, "sink_type")
    if (source_type == "NONE") == (sink_type == "NONE"):
        raise errors.invalid_combination(
            "a task needs exactly one of source_type KAFKA_REPLICATOR_SOURCE or sink_type OBS_SINK"
        )

    topics = spec.get("topics") or ""
    topics_regex = spec.get("topics_regex") or ""
    if topics and topics_regex:
        raise errors.invalid_combination("topics and topics_regex are mutually exclusive")
    if topics_regex:
        try:
            re.compile(topics_regex)
        except re.error as exc:
            raise errors.invalid_value("topics_regex is not a valid regular expression: %s" % exc) from exc

    result = {"task_name": task_name}
    if topics:
        result["topics"] = topics
    if topics_regex:
        result["topics_regex"] = topics_regex
    result["source_type"] = source_type
    result["source_task"] = None
    result["sink_type"] = sink_type
    result["sink_task"] = None

    if source_type == "KAFKA_REPLICATOR_SOURCE":
        if not isinstance(spec.get("source_task"), dict):
            raise errors.invalid_combination("source_task is required for source_type KAFKA_REPLICATOR_SOURCE")
        result["source_task"] = normalize_source(spec["source_task"], resolve_peer)
        if not (topics or topics_regex or result["source_task"]["topics_mapping"]):
            raise errors.invalid_combination(
                "a replication task needs topics, topics_regex or source_task.topics_mapping"
            )
    else:
        if not isinstance(spec.get("sink_task"), dict):
            raise errors.invalid_combination("sink_task is required for sink_type OBS_SINK")
        result["sink_task"] = normalize_sink(spec["sink_task"])
        if not (topics or topics_regex):
            raise errors.invalid_combination("an OBS sink task needs exactly one of topics or topics_regex")
    return result


def normalize_source(source, resolve_peer):
    where = "source_task."
    for name in SOURCE_STRINGS:
        _typed(source, name, str, where)
    for name in SOURCE_BOOLS:
        _typed(source, name, bool, where)
    for name in SOURCE_INTS:
        _typed(source, name, int, where)

    def text(name):
        return source.get(name) or ""

    for name in ("current_cluster_name", "cluster_name", "direction"):
        if not text(name):
            raise errors.invalid_combination("source_task.%s is required" % name)
    direction = _enum(text("direction"), DIRECTIONS, "source_task.direction")

    instance_id = text("instance_id")
    bootstrap_servers = text("bootstrap_servers")
    if instance_id:
        peer_servers = resolve_peer(instance_id) if UUID_RE.match(instance_id) else None
        if peer_servers is None:
            raise errors.invalid_value("source_task.instance_id %r is not a known Kafka instance" % instance_id)
        bootstrap_servers = peer_servers  # the server fills it in from the peer
    elif bootstrap_servers:
        check_bootstrap_servers(bootstrap_servers)
    else:
        raise errors.invalid_combination("source_task needs instance_id or bootstrap_servers")

    user_name = text("user_name")
    password = source.get("password")
    security_protocol = _enum(
        text("security_protocol") or ("SASL_SSL" if user_name else "PLAINTEXT"),
        SECURITY_PROTOCOLS,
        "source_task.security_protocol",
    )
    sasl_mechanism = _enum(text("sasl_mechanism") or "PLAIN", SASL_MECHANISMS, "source_task.sasl_mechanism")
    if security_protocol in SASL_PROTOCOLS and not (user_name and password):
        raise errors.invalid_combination(
            "security_protocol %s needs source_task.user_name and source_task.password" % security_protocol
        )

    rename_topic_enabled = source.get("rename_topic_enabled")
    rename_topic_enabled = False if rename_topic_enabled is None else rename_topic_enabled
    topics_mapping = text("topics_mapping")
    if topics_mapping:
        if rename_topic_enabled:
            raise errors.invalid_combination(
                "source_task.rename_topic_enabled and source_task.topics_mapping are mutually exclusive"
            )
        check_topics_mapping(topics_mapping)

    task_num = _positive(source, "task_num", 2)
    replication_factor = _positive(source, "replication_factor", 3)

    result = {
        "current_cluster_name": text("current_cluster_name"),
        "cluster_name": text("cluster_name"),
        "direction": direction,
        "bootstrap_servers": bootstrap_servers,
        "instance_id": instance_id,
        "consumer_strategy": _enum(
            text("consumer_strategy") or "latest", CONSUMER_STRATEGIES, "source_task.consumer_strategy"
        ),
        "sync_consumer_offsets_enabled": bool(source.get("sync_consumer_offsets_enabled")),
        "rename_topic_enabled": rename_topic_enabled,
        "provenance_header_enabled": bool(source.get("provenance_header_enabled")),
        "security_protocol": security_protocol,
        "sasl_mechanism": sasl_mechanism,
        "user_name": user_name,
        "topics_mapping": topics_mapping,
        "compression_type": _enum(
            text("compression_type") or "none", COMPRESSION_TYPES, "source_task.compression_type"
        ),
        "task_num": task_num,
        "replication_factor": replication_factor,
    }
    if password is not None:
        result["password"] = password
    return result


def _positive(obj, name, default):
    value = obj.get(name)
    if value is None:
        return default
    if value < 1:
        raise errors.invalid_value("source_task.%s must be >= 1, got %r" % (name, value))
    return value


def normalize_sink(sink):
    where = "sink_task."
    for name in SINK_STRINGS:
        _typed(sink, name, str, where)
    _typed(sink, "deliver_time_interval", int, where)
    _typed(sink, "store_keys", bool, where)

    def text(name, default=""):
        value = sink.get(name)
        return default if value is None else value

    # With an IAM agency the dump writes to OBS as the agency: no access keys (Terraform, 2025).
    for name in ("obs_bucket_name",) if text("agency_name") else ("obs_bucket_name", "access_key", "secret_key"):
        if not text(name):
            raise errors.invalid_combination("sink_task.%s is required for an OBS sink" % name)
    interval = sink.get("deliver_time_interval")
    interval = 300 if interval is None else interval
    if not 30 <= interval <= 900:
        raise errors.invalid_value(
            "sink_task.deliver_time_interval must be between 30 and 900 seconds, got %r" % interval
        )
    result = {
        "consumer_strategy": _enum(
            text("consumer_strategy") or "latest", CONSUMER_STRATEGIES, "sink_task.consumer_strategy"
        ),
        "destination_file_type": _enum(
            text("destination_file_type") or "TEXT", FILE_TYPES, "sink_task.destination_file_type"
        ),
        "deliver_time_interval": interval,
        "obs_bucket_name": text("obs_bucket_name"),
        "obs_path": text("obs_path"),
        "partition_format": _enum(
            text("partition_format") or "yyyy/MM/dd/HH/mm", PARTITION_FORMATS, "sink_task.partition_format"
        ),
        "record_delimiter": text("record_delimiter", "\n"),
        "store_keys": bool(sink.get("store_keys")),
    }
    result.update(SINK_SERVER_FIELDS)
    if text("agency_name"):
        result["agency_name"] = text("agency_name")
    result["access_key"] = text("access_key")
    result["secret_key"] = text("secret_key")
    return result


def sent_secrets(body):
    """Names (``source_task.password`` ...) of the write-only secrets present (non-null) in a PUT body."""
    found = []
    for side, names in (("source_task", SOURCE_SECRETS), ("sink_task", SINK_SECRETS)):
        sub = body.get(side)
        if isinstance(sub, dict):
            found.extend("%s.%s" % (side, name) for name in names if sub.get(name) is not None)
    return found


def merge_for_modify(stored, body):
    """PUT in "merge" mode: fields sent (non-null) replace stored ones; sub-objects merge key by key."""
    result = copy.deepcopy(stored)
    for name in TOP_LEVEL_FIELDS:
        value = body.get(name)
        if value is None:
            continue
        if name in ("source_task", "sink_task") and isinstance(value, dict) and isinstance(result.get(name), dict):
            merged = dict(result[name])
            merged.update({key: val for key, val in value.items() if val is not None})
            result[name] = merged
        else:
            result[name] = copy.deepcopy(value)
    return result


def replace_for_modify(stored, body, keep_stored_secrets):
    """PUT in "replace" mode: the body becomes the task; fields not sent are reset to their defaults.

    Secrets not sent are cleared too, unless keep_stored_secrets (PUT refuses secrets, so a client could
    never send them again).
    """
    result = {name: copy.deepcopy(body.get(name)) for name in TOP_LEVEL_FIELDS}
    if keep_stored_secrets:
        for side, names in (("source_task", SOURCE_SECRETS), ("sink_task", SINK_SECRETS)):
            old, new = stored.get(side), result.get(side)
            if isinstance(old, dict) and isinstance(new, dict):
                for name in names:
                    if name in old:
                        new[name] = old[name]
    return result


def normalize_validate_request(body, resolve_peer, unreachable):
    """Check a connectivity-validation body ``{type, task}``; raise ApiError when it would fail."""
    require_object(body)
    _typed(body, "type", str, "")
    _typed(body, "task", dict, "")
    kind = _enum(body.get("type") or "", VALIDATE_TYPES, "type")
    task = body.get("task") or {}
    if kind != "KAFKA_REPLICATOR_SOURCE":
        return
    for name in SOURCE_STRINGS:
        _typed(task, name, str, "task.")
    instance_id = task.get("instance_id") or ""
    servers = task.get("bootstrap_servers") or ""
    if instance_id:
        servers = resolve_peer(instance_id) if UUID_RE.match(instance_id) else None
        if servers is None:
            raise errors.invalid_value("task.instance_id %r is not a known Kafka instance" % instance_id)
    elif servers:
        check_bootstrap_servers(servers, "task.bootstrap_servers")
    else:
        raise errors.invalid_combination("task needs instance_id or bootstrap_servers")
    hosts = [item.strip().rsplit(":", 1)[0] for item in servers.split(",")]
    blocked = set(unreachable)
    if instance_id in blocked or blocked.intersection(hosts) or blocked.intersection(servers.split(",")):
        raise errors.invalid_value("connectivity check failed: cannot reach %s" % (instance_id or servers))
