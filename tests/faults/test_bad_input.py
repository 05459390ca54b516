"""Bad input, property-based: random wrong values for the options of every module fail cleanly, before any request.

Each example starts from a valid set of options, breaks one to three of them with a value that is certainly
wrong (wrong type, bad choice, out of range, malformed id, name or address, conflicting pair, unknown option,
huge or unicode string where a pattern is required) and may add random noise to free-text options. The module
runs in-process against the emulator: it must fail with a string message without a traceback, and the
emulator's journal must stay empty (no request sent).
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fault_support import OBS_AK, OBS_SK, PEER_PASSWORD, run_module

UUID = "6a1f0c52-4d3b-4e7a-9c41-000000000001"
PEER = "6a1f0c52-4d3b-4e7a-9c41-000000000003"

# Text without lone surrogates (they cannot travel through JSON, as module arguments do).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
HUGE = st.integers(min_value=1000, max_value=100000).map(lambda n: "\u00e9\u6f22x" * n)
NOT_A_NUMBER = st.one_of(
    st.sampled_from(["abc", "1.5x", "\u0661\u0662a", "", "  ", "0x", "--1"]),
    TEXT.filter(lambda s: not s.strip().lstrip("+-").isdigit()).filter(lambda s: not _is_float(s)),
)
NOT_A_BOOL = st.one_of(
    st.sampled_from(["maybe", "oui", "2", "-1", "\u2713", "truee", ""]),
    st.integers(min_value=2, max_value=10**6),
    st.lists(st.integers(), min_size=1, max_size=3),
)
NOT_A_LIST = st.one_of(st.dictionaries(TEXT, TEXT, min_size=1, max_size=3))
# Scalars and lists of scalars for a dict with suboptions crash ansible-core itself unless
# HuaweiCloudModule works around it: see also test_scalar_for_a_dict_option_fails_cleanly below.
NOT_A_DICT = st.one_of(
    st.sampled_from(["abc", "no equals here", "[1, 2]", "", "a"]),
    st.just([]),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.lists(st.integers(), min_size=1, max_size=3),
)
BAD_ID = st.one_of(
    TEXT, HUGE, st.just(UUID.upper() + "0"), st.just(UUID[:-1]), st.just("../" + UUID), st.just(UUID.replace("-", ""))
)
# A templated empty suboption ("") is "not set" (shapes.desired_side): an empty peer id is wrong only when no other
# peer is given, which the base arguments cannot promise.
BAD_PEER_ID = BAD_ID.filter(lambda value: value != "")


def _not_a_task_name(text):
    return len(text) < 4 or any(not (c.isascii() and (c.isalnum() or c in "-_")) for c in text)


BAD_NAME = st.one_of(
    TEXT.filter(_not_a_task_name), st.just("x" * 65), HUGE, st.just("na me"), st.just("t\u00e2che"), st.just("abc")
)


def _is_float(value):
    try:
        float(value)
    except ValueError:
        return False
    return True


def bad_choice(choices):
    return st.one_of(TEXT, HUGE).filter(lambda s: s not in choices)


def int_out_of(low=None, high=None):
    """Integers outside [low, high]."""
    options = []
    if low is not None:
        options.append(st.integers(max_value=low - 1, min_value=-(2**40)))
    if high is not None:
        options.append(st.integers(min_value=high + 1, max_value=2**40))
    return st.one_of(*options)


def bad_int(low=None, high=None):
    wrong = [
        NOT_A_NUMBER,
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != int(f)),
        st.dictionaries(TEXT, TEXT, min_size=1, max_size=2),
    ]
    if low is not None or high is not None:
        wrong.append(int_out_of(low, high))
    return st.one_of(*wrong)


CONNECTION_BAD = {
    "timeout": bad_int(1),
    "retries": bad_int(0),
    "rate_limit_timeout": bad_int(0),
    "validate_certs": NOT_A_BOOL,
    "endpoint": st.one_of(
        st.sampled_from(["ftp://x", "127.0.0.1:8080", "localhost"]),
        TEXT.filter(lambda s: not s.lower().startswith(("http://", "https://")) and s != ""),
    ),
    "iam_endpoint": st.sampled_from(["iam.example", "file:///etc/passwd", "\u2603://x"]),
}


def task_bad():
    """{option path: strategy of certainly-wrong values} for smart_connect_task."""
    bad = dict(CONNECTION_BAD)
    bad.update(
        {
            "instance_id": BAD_ID,
            "task_id": BAD_ID,
            "task_name": BAD_NAME,
            "state": bad_choice(["present", "running", "paused", "restarted", "absent"]),
            "start_later": NOT_A_BOOL,
            "update_secrets": bad_choice(["on_create", "always"]),
            "recreate": NOT_A_BOOL,
            "wait": NOT_A_BOOL,
            "wait_timeout": bad_int(0),
            "topics": NOT_A_LIST,
            "topics_regex": st.sampled_from(["(", "[a-", "*x", "   ", "(?P<"]),
            "source_type": bad_choice(["KAFKA_REPLICATOR_SOURCE", "NONE"]),
            "sink_type": bad_choice(["OBS_SINK", "NONE"]),
            "source_task": NOT_A_DICT,
            "sink_task": NOT_A_DICT,
            "source_task.instance_id": BAD_PEER_ID,
            "source_task.bootstrap_servers": st.one_of(
                st.lists(
                    st.sampled_from(["host", "host:", ":9092", "h o st:1", "host:port", "\u00e9:1"]),
                    min_size=1,
                    max_size=3,
                ),
                NOT_A_LIST,
            ),
            "source_task.security_protocol": bad_choice(["PLAINTEXT", "SASL_SSL", "SASL_PLAINTEXT"]),
            "source_task.sasl_mechanism": bad_choice(["PLAIN", "SCRAM-SHA-512"]),
            "source_task.direction": bad_choice(["pull", "push", "two-way"]),
            "source_task.sync_consumer_offsets_enabled": NOT_A_BOOL,
            "source_task.replication_factor": bad_int(1),
            "source_task.task_num": bad_int(1),
            "source_task.rename_topic_enabled": NOT_A_BOOL,
            "source_task.provenance_header_enabled": NOT_A_BOOL,
            "source_task.consumer_strategy": bad_choice(["latest", "earliest"]),
            "source_task.compression_type": bad_choice(["none", "gzip", "snappy", "lz4", "zstd"]),
            "source_task.topics_mapping": st.one_of(
                st.integers(),
                st.booleans().filter(bool),
                st.lists(st.sampled_from(["a", "a:", ":b", "a:b:c", "\u00e9"]), min_size=1, max_size=3),
                st.just({"a": ""}),
                st.just({"a:b": "c"}),
            ),
            "source_task.bogus_option": TEXT,
            "sink_task.consumer_strategy": bad_choice(["latest", "earliest"]),
            "sink_task.destination_file_type": bad_choice(["TEXT"]),
            "sink_task.deliver_time_interval": bad_int(30, 900),
            "sink_task.partition_format": bad_choice(
                ["yyyy", "yyyy/MM", "yyyy/MM/dd", "yyyy/MM/dd/HH", "yyyy/MM/dd/HH/mm"]
            ),
            "sink_task.store_keys": NOT_A_BOOL,
            "unknown_option": TEXT,
            # conflicting pairs, as whole replacements
            "conflict:topics+regex": st.just({"topics": ["a"], "topics_regex": "a.*"}),
            "conflict:rename+mapping": st.just(
                {"source_task": {"rename_topic_enabled": True, "topics_mapping": ["a:b"]}}
            ),
            "conflict:source_none": st.just({"source_type": "NONE", "source_task": {"cluster_name": "B"}}),
            "conflict:sink_none": st.just({"sink_type": "NONE", "sink_task": {"obs_bucket_name": "b"}}),
            "conflict:recreate_without_secrets": st.just({"recreate": True, "sink_task": {"obs_bucket_name": "b"}}),
            "missing:instance_id": st.just({"instance_id": None}),
            "missing:task": st.just({"task_name": None, "task_id": None}),
        }
    )
    return bad


def task_base():
    return dict(
        instance_id=UUID,
        task_name="bad-input-task",
        topics_regex="logs-.*",
        sink_task=dict(obs_bucket_name="bucket", access_key=OBS_AK, secret_key=OBS_SK),
        source_task=None,
    )


def task_noise():
    """Free-text options: any value is acceptable there, so they only add noise."""
    return {
        "sink_task.obs_path": st.one_of(TEXT, HUGE),
        "sink_task.record_delimiter": st.sampled_from([",", ";", "|", "\n", "NULL"]),
        "source_task.user_name": TEXT,
        "source_task.password": st.just(PEER_PASSWORD),
        "source_task.cluster_name": st.one_of(TEXT, HUGE),
        "sink_task.obs_bucket_name": TEXT,
    }


def connector_bad():
    bad = dict(CONNECTION_BAD)
    bad.update(
        {
            "instance_id": BAD_ID,
            "state": bad_choice(["present", "absent"]),
            "node_cnt": bad_int(2),
            "force": NOT_A_BOOL,
            "wait": NOT_A_BOOL,
            "wait_timeout": bad_int(0),
            "unknown_option": TEXT,
            "missing:instance_id": st.just({"instance_id": None}),
        }
    )
    return bad


def info_bad():
    bad = dict(CONNECTION_BAD)
    bad.update(
        {
            "instance_id": BAD_ID,
            "task_id": BAD_ID,
            "status": st.dictionaries(TEXT, TEXT, min_size=1, max_size=2),
            "unknown_option": TEXT,
            "missing:instance_id": st.just({"instance_id": None}),
        }
    )
    return bad


def validate_bad():
    bad = dict(CONNECTION_BAD)
    bad.update({key: value for key, value in task_bad().items() if key.startswith("source_task")})
    bad.update(
        {
            "instance_id": BAD_ID,
            "unknown_option": TEXT,
            "missing:instance_id": st.just({"instance_id": None}),
            "missing:peer": st.just({"source_task": {"cluster_name": "B"}}),
            "conflict:both_peers": st.just({"source_task": {"instance_id": UUID, "bootstrap_servers": ["h:1"]}}),
            "conflict:sasl_without_password": st.just(
                {"source_task": {"bootstrap_servers": ["h:1"], "security_protocol": "SASL_SSL"}}
            ),
        }
    )
    bad.pop("conflict:rename+mapping", None)  # the check sends only the connection: not its concern
    return bad


MODULE_CASES = {
    "smart_connect_task": (task_base, task_bad, task_noise),
    "smart_connect": (
        lambda: dict(instance_id=UUID, state="present", node_cnt=2),
        connector_bad,
        lambda: {"specification": st.one_of(TEXT, HUGE), "spec_code": TEXT},
    ),
    "smart_connect_task_info": (
        lambda: dict(instance_id=UUID, task_name="bad-input-task"),
        info_bad,
        lambda: {"task_name": st.one_of(TEXT, HUGE)},
    ),
    "smart_connect_validate": (
        lambda: dict(instance_id=UUID, source_task=dict(bootstrap_servers=["10.0.0.5:9092"])),
        validate_bad,
        lambda: {"source_task.user_name": TEXT, "source_task.cluster_name": st.one_of(TEXT, HUGE)},
    ),
}


def apply(args, path, value):
    if path.startswith(("conflict:", "missing:")):
        for key, item in value.items():
            if item is None:
                args.pop(key, None)
            else:
                args[key] = item
        return
    if "." in path:
        side, name = path.split(".", 1)
        if not isinstance(args.get(side), dict):
            args[side] = {}
        args[side][name] = value
    else:
        args[path] = value


@st.composite
def bad_args(draw, module):
    base, bad, noise = MODULE_CASES[module]
    args = dict(base())
    bad = bad()
    noise = noise()
    for path in draw(st.lists(st.sampled_from(sorted(noise)), max_size=2, unique=True)):
        apply(args, path, draw(noise[path]))
    broken = draw(st.lists(st.sampled_from(sorted(bad)), min_size=1, max_size=3, unique=True))
    for path in broken:
        apply(args, path, draw(bad[path]))
    args = {key: value for key, value in args.items() if value is not None}
    return broken, args


def check_clean_failure(emulator, scanner, module, broken, args):
    connection = dict(
        access_key=emulator.access_key,
        secret_key=emulator.secret_key,
        endpoint=emulator.url,
        project_id=emulator.project_id,
        retries=0,
        timeout=2,
    )
    full = dict(connection)
    full.update(args)
    emulator.clear_journal()
    result = run_module(module, full)
    scanner.add("bad input result", result)
    assert result["failed"], "%s accepted %s: %s" % (module, broken, json.dumps(args, default=repr)[:500])
    assert isinstance(result["msg"], str) and result["msg"], result
    assert "Traceback" not in result["msg"]
    assert "exception" not in result, result.get("exception")
    assert emulator.journal() == [], "%s sent a request for bad input %s" % (module, broken)


@pytest.mark.parametrize("module", sorted(MODULE_CASES))
def test_bad_input_fails_cleanly_before_any_request(fast, scanner, module):
    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.large_base_example,
            HealthCheck.data_too_large,
        ],
    )
    @given(bad_args(module))
    def property_(case):
        broken, args = case
        check_clean_failure(fast, scanner, module, broken, args)

    property_()


@pytest.mark.parametrize(
    "module, option, value",
    [
        ("smart_connect_task", "task_name", "abcd\n"),
        ("smart_connect_task", "instance_id", UUID + "\n"),
        ("smart_connect_task", "task_id", UUID + "\n"),
        ("smart_connect", "instance_id", UUID + "\n"),
        ("smart_connect_task_info", "instance_id", UUID + "\n"),
        ("smart_connect_task_info", "task_id", UUID + "\n"),
    ],
)
def test_trailing_newline_is_refused_before_any_request(fast, scanner, module, option, value):
    base, _bad, _noise = MODULE_CASES[module]
    args = dict(base())
    args[option] = value
    check_clean_failure(fast, scanner, module, [option], args)


@pytest.mark.parametrize("value", [0, 5, True, False, 1.5, [1]])
@pytest.mark.parametrize("option", ["source_task", "sink_task"])
def test_scalar_for_a_dict_option_fails_cleanly(fast, scanner, option, value):
    args = task_base()
    args[option] = value
    check_clean_failure(fast, scanner, "smart_connect_task", [option], args)


def test_emulator_refuses_a_task_name_with_a_trailing_newline(fast, scanner):
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError, Client

    client = Client(
        access_key=fast.access_key, secret_key=fast.secret_key, endpoint=fast.url, project_id=fast.project_id, retries=0
    )
    body = {
        "task_name": "abcd\n",
        "topics": "t",
        "source_type": "NONE",
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "b", "access_key": "x", "secret_key": "y"},
    }
    with pytest.raises(ApiError) as caught:
        client.call("POST", ("instances", fast.instance_id, "connector", "tasks"), "create", body=body)
    assert caught.value.status == 400 and caught.value.error_code == "DMS.00400062"
