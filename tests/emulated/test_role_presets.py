"""The role huaweicloud.kafka.smart_connect_presets through real ``ansible-playbook`` runs against the emulator.

Each test groups its assertions per run (a run costs 1-2 s): every preset is applied, re-applied (all ``ok``,
``changed=0`` in the PLAY RECAP and no write in the journal), run in check mode (no write), overridden, deleted,
and refused before any request when it is incomplete. Every run is made with ``-vvv --diff`` where it matters and
its whole output is searched for the test secrets.
"""

import json
import re

import pytest
from helpers import ansible_cli
from helpers.module_runner import CREDENTIAL_VARIABLES

from .smart_connect_support import OBS_AK, OBS_SK, PEER_PASSWORD, SECRETS, create_directly

ROLE = "huaweicloud.kafka.smart_connect_presets"


@pytest.fixture
def emu(emulator, monkeypatch):
    """The emulator with statuses that settle at once (the subprocess modules poll with their own delays)."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    emulator.set_async_delay(0)
    return emulator


def connection(emu):
    return dict(
        access_key=emu.access_key,
        secret_key=emu.secret_key,
        endpoint=emu.url,
        project_id=emu.project_id,
        retries=1,
        timeout=5,
    )


def four_presets(emu):
    """One task per preset, each naming only what differs from its preset."""
    return [
        dict(
            task_name="orders-replica",
            preset="kafka_replication",
            topics=["orders", "payments"],
            source_task=dict(
                instance_id=emu.peer_instance_id,
                security_protocol="SASL_SSL",
                sasl_mechanism="SCRAM-SHA-512",
                user_name="replicator",
                password=PEER_PASSWORD,
            ),
        ),
        dict(
            task_name="move-to-new",
            preset="kafka_migration",
            topics_regex="app-.*",
            source_task=dict(instance_id=emu.peer_instance_id_2),
        ),
        dict(
            task_name="active-active",
            preset="kafka_two_way",
            topics=["events"],
            source_task=dict(instance_id=emu.peer_instance_id, current_cluster_name="dc1", cluster_name="dc2"),
        ),
        dict(
            task_name="archive-logs",
            preset="obs_dump",
            topics_regex="logs-.*",
            sink_task=dict(obs_bucket_name="archive", obs_path="kafka/logs", access_key=OBS_AK, secret_key=OBS_SK),
        ),
    ]


def playbook(role_vars, module_defaults=None):
    play = dict(
        name="Smart Connect presets", hosts="localhost", gather_facts=False, roles=[dict(role=ROLE, vars=role_vars)]
    )
    if module_defaults:
        play["module_defaults"] = {"group/huaweicloud.kafka.all": module_defaults}
    return json.dumps([play], indent=2)  # JSON is YAML


def run(emu, tmp_path, role_vars, *args, module_defaults=None, env=None, ok=True):
    """ansible-playbook on the role; returns (output, recap) and checks that no secret is in the output."""
    # Pipelining: each module runs without temporary files on localhost, which keeps the suite fast.
    env = dict(env or {}, ANSIBLE_PIPELINING="true")
    done = ansible_cli.run_playbook(playbook(role_vars, module_defaults), *args, env=env, workdir=str(tmp_path))
    output = done.stdout + done.stderr
    for secret in SECRETS + (emu.secret_key,):
        assert secret not in output, "a secret is in the output of ansible-playbook %s" % " ".join(args)
    assert (done.returncode == 0) == ok, output[-5000:]
    assert "[WARNING]" not in output, output[-5000:]  # e.g. no "Using a template for task args is unsafe"
    found = re.search(r"ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", done.stdout)
    recap = dict(zip(("ok", "changed", "failed"), map(int, found.groups()))) if found else {}
    return output, recap


def operations(emu):
    return [entry["operation"] for entry in emu.journal()]


def write_operations(emu):
    return [entry["operation"] for entry in emu.writes()]


def stored(emu, instance_id=None):
    """Stored task specs by name (secrets included, as the emulator keeps them)."""
    return {task["spec"]["task_name"]: task["spec"] for task in emu.tasks(instance_id)}


def summary(output, name, preset, outcome, status=None):
    line = "%s (%s): %s, status " % (name, preset, outcome)
    return line + status if status else line


def test_every_preset_check_apply_rerun_check_with_play_module_defaults(emu, tmp_path):
    role_vars = dict(smart_connect_presets_instance_id=emu.instance_id, smart_connect_presets_tasks=four_presets(emu))
    defaults = connection(emu)

    # Check mode first: predicted creations, nothing written.
    output, recap = run(emu, tmp_path, role_vars, "--check", "--diff", module_defaults=defaults)
    assert recap["changed"] == 1 and recap["failed"] == 0  # only the one run that applies the tasks
    for task in four_presets(emu):
        assert summary(output, task["task_name"], task["preset"], "created") in output
    assert write_operations(emu) == []
    emu.clear_journal()

    # Apply, with -vvv --diff: created, with the presets' defaults under what each task names.
    output, recap = run(emu, tmp_path, role_vars, "-vvv", "--diff", module_defaults=defaults)
    assert recap["changed"] == 1 and recap["failed"] == 0
    for task in four_presets(emu):
        assert summary(output, task["task_name"], task["preset"], "created", "RUNNING") in output
    # One run of smart_connect_tasks: one listing, the four creates, and the rounds of listings of the wait.
    done = operations(emu)
    assert done[:5] == ["ListConnectorTasks"] + ["CreateConnectorTask"] * 4
    assert set(done[5:]) <= {"ListConnectorTasks"} and len(done) <= 9, done
    specs = stored(emu)
    replica = specs["orders-replica"]["source_task"]
    assert {
        key: replica[key]
        for key in (
            "direction",
            "consumer_strategy",
            "compression_type",
            "task_num",
            "replication_factor",
            "current_cluster_name",
            "cluster_name",
            "security_protocol",
            "password",
        )
    } == dict(
        direction="pull",
        consumer_strategy="earliest",
        compression_type="none",
        task_num=2,
        replication_factor=3,
        current_cluster_name="local",
        cluster_name="peer",
        security_protocol="SASL_SSL",
        password=PEER_PASSWORD,
    )
    migration = specs["move-to-new"]["source_task"]
    assert (migration["direction"], migration["consumer_strategy"], migration["sync_consumer_offsets_enabled"]) == (
        "pull",
        "earliest",
        True,
    )
    two_way = specs["active-active"]["source_task"]
    assert (
        two_way["direction"],
        two_way["provenance_header_enabled"],
        two_way["rename_topic_enabled"],
        two_way["current_cluster_name"],
        two_way["cluster_name"],
    ) == ("two-way", True, False, "dc1", "dc2")
    dump = specs["archive-logs"]["sink_task"]
    assert {
        key: dump[key]
        for key in (
            "destination_file_type",
            "deliver_time_interval",
            "partition_format",
            "record_delimiter",
            "consumer_strategy",
            "obs_bucket_name",
            "obs_path",
            "access_key",
            "secret_key",
        )
    } == dict(
        destination_file_type="TEXT",
        deliver_time_interval=300,
        partition_format="yyyy/MM/dd/HH",
        record_delimiter="\n",
        consumer_strategy="latest",
        obs_bucket_name="archive",
        obs_path="kafka/logs",
        access_key=OBS_AK,
        secret_key=OBS_SK,
    )
    emu.clear_journal()

    # The same again: all ok, nothing changed, reads only; then check mode: the same.
    output, recap = run(emu, tmp_path, role_vars, "--diff", module_defaults=defaults)
    assert recap["changed"] == 0 and recap["failed"] == 0
    for task in four_presets(emu):
        assert summary(output, task["task_name"], task["preset"], "unchanged", "RUNNING") in output
    assert operations(emu) == ["ListConnectorTasks"]  # a no-op of the whole role is one request
    output, recap = run(emu, tmp_path, role_vars, "--check", "--diff", module_defaults=defaults)
    assert recap["changed"] == 0 and recap["failed"] == 0
    assert write_operations(emu) == []


def test_enable_smart_connect_with_the_connection_dict(emu, tmp_path):
    """smart_connect_presets_connection alone carries the credentials (no play module_defaults, no environment)."""
    instance = emu.instance_id_connector_off
    role_vars = dict(
        smart_connect_presets_instance_id=instance,
        smart_connect_presets_enable=True,
        smart_connect_presets_connection=connection(emu),
        smart_connect_presets_tasks=four_presets(emu),
    )

    # Check mode: Smart Connect would be enabled, so there are no tasks to read yet; nothing is written.
    output, recap = run(emu, tmp_path, role_vars, "--check", "--diff", "-vvv")
    assert recap["changed"] == 1 and recap["failed"] == 0
    assert summary(output, "archive-logs", "obs_dump", "to be created once Smart Connect is on") in output
    # The sold-out check comes before an enable, in check mode too.
    assert write_operations(emu) == [] and operations(emu) == ["ShowInstance", "ShowConnectorResourceInfo"]
    emu.clear_journal()

    output, recap = run(emu, tmp_path, role_vars, "-vvv", "--diff")
    assert recap["changed"] == 2 and recap["failed"] == 0  # Smart Connect, the tasks
    assert write_operations(emu) == ["CreateConnector"] + ["CreateConnectorTask"] * 4
    assert emu.state()["instances"][instance]["connector_enable"] is True
    assert set(stored(emu, instance)) == {"orders-replica", "move-to-new", "active-active", "archive-logs"}
    # Beside the instance, the enable's job is read while waiting (how often depends on timing): not counted.
    first = len([name for name in operations(emu) if name != "ShowBackgroundTask"])
    emu.clear_journal()

    output, recap = run(emu, tmp_path, role_vars, "-vvv", "--diff")
    assert recap["changed"] == 0 and recap["failed"] == 0
    assert write_operations(emu) == []
    again = len(emu.journal())
    # ShowInstance x2 (+1 after the enable), sold out?, the enable; one listing, 4 creates and the listing that
    # looks for tasks other runs made at the same moment; then one ShowInstance and one listing for the whole role.
    assert (first, again) == (10, 2) and operations(emu) == ["ShowInstance", "ListConnectorTasks"]


def test_override_modify_and_absent_with_three_connection_layers(emu, tmp_path):
    """Credentials from the environment, the endpoint from the play, the project from the role's dict."""
    env = dict(HUAWEICLOUD_SDK_AK=emu.access_key, HUAWEICLOUD_SDK_SK=emu.secret_key)
    play = dict(endpoint=emu.url, retries=1)
    layers = dict(smart_connect_presets_connection=dict(project_id=emu.project_id, timeout=5))
    tasks = [
        dict(
            task_name="orders-replica",
            preset="kafka_replication",
            topics=["orders"],
            source_task=dict(instance_id=emu.peer_instance_id, task_num=4, compression_type="lz4"),
        ),
        dict(
            task_name="archive-logs",
            preset="obs_dump",
            topics=["logs"],
            start_later=True,
            sink_task=dict(obs_bucket_name="archive", access_key=OBS_AK, secret_key=OBS_SK, deliver_time_interval=600),
        ),
    ]
    # The whole obs_dump preset replaced by the play: what it leaves out comes from the service's defaults.
    role_vars = dict(
        layers,
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_tasks=tasks,
        smart_connect_presets_obs_dump=dict(sink_task=dict(partition_format="yyyy/MM/dd", store_keys=True)),
    )
    output, recap = run(emu, tmp_path, role_vars, "--diff", env=env, module_defaults=play)
    assert recap["changed"] == 1 and recap["failed"] == 0
    assert summary(output, "archive-logs", "obs_dump", "created", "WAITING") in output
    specs = stored(emu)
    replica = specs["orders-replica"]["source_task"]
    assert (
        replica["task_num"],
        replica["compression_type"],
        replica["replication_factor"],
        replica["direction"],
        replica["consumer_strategy"],
    ) == (4, "lz4", 3, "pull", "earliest")  # override over the preset
    dump = specs["archive-logs"]["sink_task"]
    assert (dump["deliver_time_interval"], dump["partition_format"], dump["store_keys"]) == (600, "yyyy/MM/dd", True)

    # A changed override modifies the task in place; a state moves it; the summary says which.
    tasks[0]["source_task"]["task_num"] = 6
    tasks[1]["state"] = "running"
    emu.clear_journal()
    output, recap = run(emu, tmp_path, role_vars, "-vvv", "--diff", env=env, module_defaults=play)
    assert recap["changed"] == 1 and recap["failed"] == 0
    assert summary(output, "orders-replica", "kafka_replication", "modified", "RUNNING") in output
    # Started only: its configuration is unchanged, as the module's action says.
    assert summary(output, "archive-logs", "obs_dump", "unchanged, started", "RUNNING") in output
    assert sorted(write_operations(emu)) == ["ModifyConnectorTask", "RestartConnectorTask"]
    assert stored(emu)["orders-replica"]["source_task"]["task_num"] == 6

    # Absent: only the name is needed (no peer, no OBS keys); deleted, then unchanged.
    absent = dict(
        layers,
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_tasks=[
            dict(task_name="orders-replica", preset="kafka_replication", state="absent"),
            dict(task_name="archive-logs", preset="obs_dump", state="absent"),
        ],
    )
    emu.clear_journal()
    output, recap = run(emu, tmp_path, absent, "--check", env=env, module_defaults=play)
    assert recap["changed"] == 1 and write_operations(emu) == []
    output, recap = run(emu, tmp_path, absent, "--diff", env=env, module_defaults=play)
    assert recap["changed"] == 1 and recap["failed"] == 0
    assert summary(output, "orders-replica", "kafka_replication", "deleted") in output
    assert write_operations(emu) == ["DeleteConnectorTask"] * 2 and stored(emu) == {}
    output, recap = run(emu, tmp_path, absent, env=env, module_defaults=play)
    assert recap["changed"] == 0 and recap["failed"] == 0
    assert summary(output, "archive-logs", "obs_dump", "unchanged (absent)") in output


def test_validation_failures_before_any_request(emu, tmp_path):
    base = dict(
        smart_connect_presets_instance_id=emu.instance_id_connector_off,
        smart_connect_presets_enable=True,
        smart_connect_presets_connection=connection(emu),
    )

    # Unknown preset: argument_specs (choices).
    tasks = [
        dict(
            task_name="orders-replica",
            preset="kafka_mirror",
            topics=["orders"],
            source_task=dict(instance_id=emu.peer_instance_id, password=PEER_PASSWORD),
        )
    ]
    output = run(emu, tmp_path, dict(base, smart_connect_presets_tasks=tasks), "-vvv", ok=False)[0]
    assert "Validation of arguments failed" in output
    assert "kafka_mirror" in output and "kafka_replication, kafka_migration, kafka_two_way, obs_dump" in output

    # A key the module does not know, in a sub-dict: argument_specs too.
    tasks = [
        dict(
            task_name="orders-replica",
            preset="kafka_replication",
            topics=["orders"],
            source_task=dict(instance_id=emu.peer_instance_id, passwd=PEER_PASSWORD),
        )
    ]
    output = run(emu, tmp_path, dict(base, smart_connect_presets_tasks=tasks), "-vvv", ok=False)[0]
    assert "Validation of arguments failed" in output and "passwd" in output

    # Conditional on the preset and on the merged values: the first task of the role, one message per task.
    tasks = [
        dict(
            task_name="no-peer",
            preset="kafka_replication",
            topics=["orders"],
            source_task=dict(user_name="replicator", password=PEER_PASSWORD),
        ),
        dict(task_name="no-peer-two-way", preset="kafka_two_way", topics=["events"]),
        dict(task_name="no-topics", preset="kafka_migration", source_task=dict(instance_id=emu.peer_instance_id)),
        dict(
            task_name="no-bucket",
            preset="obs_dump",
            topics=["logs"],
            sink_task=dict(access_key=OBS_AK, secret_key=OBS_SK),
        ),
        dict(
            task_name="no-keys",
            preset="obs_dump",
            topics_regex="logs-.*",
            sink_task=dict(obs_bucket_name="archive", secret_key=OBS_SK),
        ),
        dict(
            task_name="both-topics",
            preset="obs_dump",
            topics=["a"],
            topics_regex="a.*",
            sink_task=dict(obs_bucket_name="archive", access_key=OBS_AK, secret_key=OBS_SK),
        ),
        dict(task_name="fine-absent", preset="obs_dump", state="absent"),
    ]
    output, recap = run(emu, tmp_path, dict(base, smart_connect_presets_tasks=tasks), "-vvv", "--diff", ok=False)
    assert recap["failed"] == 1 and recap["changed"] == 0
    assert (
        "task 'no-peer' (preset kafka_replication) is missing a peer: source_task.instance_id or "
        "source_task.bootstrap_servers"
    ) in output
    assert "task 'no-peer-two-way' (preset kafka_two_way) is missing a peer" in output
    assert (
        "task 'no-topics' (preset kafka_migration) is missing the topics: topics, topics_regex or "
        "source_task.topics_mapping"
    ) in output
    assert "task 'no-bucket' (preset obs_dump) is missing sink_task.obs_bucket_name" in output
    assert "task 'no-keys' (preset obs_dump) is missing sink_task.access_key" in output
    assert "task 'both-topics' (preset obs_dump) is missing only one of topics and topics_regex" in output
    assert "fine-absent' (preset" not in output
    assert "Make sure Smart Connect is enabled" not in output

    # Not one request reached the service in any of the three runs (not even the enable).
    assert emu.journal() == []


def test_every_problem_of_every_task_is_reported_before_any_request(emu, tmp_path):
    base = dict(smart_connect_presets_instance_id=emu.instance_id, smart_connect_presets_connection=connection(emu))
    good = dict(
        task_name="archive-logs",
        preset="obs_dump",
        topics_regex="logs-.*",
        sink_task=dict(obs_bucket_name="archive", access_key=OBS_AK, secret_key=OBS_SK),
    )
    tasks = [
        good,  # valid, and first: it used to be created before the next one failed
        dict(good, task_name="ab"),
        dict(good, task_name="slow-dump", sink_task=dict(good["sink_task"], deliver_time_interval=5)),
        dict(
            task_name="renamed-copy",
            preset="kafka_replication",
            topics=["orders"],
            source_task=dict(
                instance_id=emu.peer_instance_id, rename_topic_enabled=True, topics_mapping={"orders": "orders-copy"}
            ),
        ),
        dict(good),  # archive-logs again
    ] + [dict(good, task_name="filler-%02d" % index) for index in range(15)]  # 20 tasks in all
    output, recap = run(emu, tmp_path, dict(base, smart_connect_presets_tasks=tasks), ok=False)
    assert recap["failed"] == 1 and recap["changed"] == 0
    assert "task 'ab' (preset obs_dump) task_name must be 4 to 64 characters" in output
    assert "task 'slow-dump' (preset obs_dump) sink_task.deliver_time_interval must be 30 to 900 seconds" in output
    assert "rename_topic_enabled and source_task.topics_mapping are mutually exclusive" in output
    assert "task_name 'archive-logs' appears 2 times in the list" in output
    assert "is task 19 of 20, but an instance holds at most 18" in output
    assert "is task 20 of 20" in output
    assert emu.journal() == []  # not one request: the valid first task was not created either


def test_validate_checks_each_replication_peer_before_creating_it(emu, tmp_path):
    emu.set_config(unreachable_peers=[emu.peer_instance_id_2])
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_tasks=four_presets(emu),
        smart_connect_presets_validate=True,
        smart_connect_presets_connection=connection(emu),
    )
    output, recap = run(emu, tmp_path, role_vars, ok=False)
    assert recap["failed"] == 1
    assert "Not creating Smart Connect task 'move-to-new': the connectivity check to the peer failed" in output
    created = sorted(entry["body"]["task_name"] for entry in emu.journal(operation="CreateConnectorTask"))
    assert created == ["active-active", "archive-logs", "orders-replica"]  # all but the unreachable one
    checked = emu.journal(operation="ValidateConnectorConnectivity")
    assert len(checked) == 3  # each replication, none for the OBS dump


def test_the_obs_preset_takes_an_iam_agency_instead_of_keys(emu, tmp_path):
    tasks = [
        dict(
            task_name="archive-audit",
            preset="obs_dump",
            topics=["audit"],
            sink_task=dict(obs_bucket_name="audit", agency_name="dms-obs-writer"),
        )
    ]
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_tasks=tasks,
        smart_connect_presets_connection=connection(emu),
    )
    output, recap = run(emu, tmp_path, role_vars)
    assert recap["changed"] == 1 and summary(output, "archive-audit", "obs_dump", "created") in output
    assert stored(emu)["archive-audit"]["sink_task"]["agency_name"] == "dms-obs-writer"


def test_purge_with_exclusions_in_check_mode_then_for_real(emu, tmp_path):
    for name in ("hand-made-task", "monitoring-probe"):
        create_directly(emu, name)
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_tasks=four_presets(emu),
        smart_connect_presets_purge=True,
        smart_connect_presets_purge_exclude=["monitoring-.*"],
    )
    defaults = connection(emu)
    emu.clear_journal()
    output, recap = run(emu, tmp_path, role_vars, "--check", "--diff", module_defaults=defaults)
    assert recap["changed"] == 1 and write_operations(emu) == []
    assert "hand-made-task: purged" in output and "monitoring-probe: purged" not in output

    output, recap = run(emu, tmp_path, role_vars, "-vvv", "--diff", module_defaults=defaults)
    assert recap["changed"] == 1 and recap["failed"] == 0
    assert "hand-made-task: purged" in output
    assert set(stored(emu)) == {"orders-replica", "move-to-new", "active-active", "archive-logs", "monitoring-probe"}
    emu.clear_journal()

    output, recap = run(emu, tmp_path, role_vars, module_defaults=defaults)
    assert recap["changed"] == 0 and ": purged" not in output and operations(emu) == ["ListConnectorTasks"]


@pytest.mark.parametrize(
    "tasks", [[], [dict(task_name="hand-made-task", preset="obs_dump", state="absent")]], ids=["empty", "all-absent"]
)
def test_a_purge_with_no_task_to_keep_is_refused_before_any_request_unless_purge_all(emu, tmp_path, tasks):
    create_directly(emu, "hand-made-task")
    create_directly(emu, "monitoring-probe")
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_purge=True,
        smart_connect_presets_purge_exclude=["monitoring-.*"],
        smart_connect_presets_enable=True,
        smart_connect_presets_connection=connection(emu),
    )
    if tasks:
        role_vars["smart_connect_presets_tasks"] = tasks  # else the role's default, []
    emu.clear_journal()
    for args in (("--check",), ()):
        output, recap = run(emu, tmp_path, role_vars, *args, ok=False)
        assert recap["failed"] == 1 and "set smart_connect_presets_purge_all: true" in output, output[-3000:]
        assert emu.journal() == []  # not even the enable's read of the instance
    output, recap = run(emu, tmp_path, dict(role_vars, smart_connect_presets_purge_all=True))
    assert recap["failed"] == 0
    assert ("hand-made-task (obs_dump): deleted" if tasks else "hand-made-task: purged") in output
    assert set(stored(emu)) == {"monitoring-probe"}


def test_purge_all_without_purge_is_refused_before_any_request(emu, tmp_path):
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_purge_all=True,
        smart_connect_presets_connection=connection(emu),
    )
    output, recap = run(emu, tmp_path, role_vars, ok=False)
    assert recap["failed"] == 1 and "smart_connect_presets_purge_all only confirms a purge" in output
    assert emu.journal() == []


def test_without_purge_the_role_leaves_other_tasks_alone(emu, tmp_path):
    create_directly(emu, "hand-made-task")
    role_vars = dict(smart_connect_presets_instance_id=emu.instance_id, smart_connect_presets_tasks=four_presets(emu))
    output, recap = run(emu, tmp_path, role_vars, module_defaults=connection(emu))
    assert recap["changed"] == 1 and ": purged" not in output and "hand-made-task" in stored(emu)


def test_the_summary_names_a_failed_task_and_the_role_still_fails(emu, tmp_path):
    emu.set_config(unreachable_peers=[emu.peer_instance_id])
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_validate=True,
        smart_connect_presets_tasks=[four_presets(emu)[0], four_presets(emu)[3]],
    )
    output, recap = run(emu, tmp_path, role_vars, module_defaults=connection(emu), ok=False)
    assert recap["failed"] == 1 and "rescued=1" in output
    assert summary(output, "orders-replica", "kafka_replication", "failed") in output
    assert summary(output, "archive-logs", "obs_dump", "created", "RUNNING") in output
    assert "1 of 2 tasks failed" in output.split("Fail as the run failed")[-1]


def test_when_smart_connect_cannot_be_enabled_the_summary_says_nothing_was_applied(emu, tmp_path):
    """The role run twice in a play (two instances): the second fails before applying, and its summary must not be
    the first one's."""
    emu.set_config(sold_out=True)
    first = dict(smart_connect_presets_instance_id=emu.instance_id, smart_connect_presets_tasks=[four_presets(emu)[3]])
    second = dict(
        smart_connect_presets_instance_id=emu.instance_id_connector_off,
        smart_connect_presets_enable=True,
        smart_connect_presets_tasks=[four_presets(emu)[3]],
    )
    play = dict(
        name="Presets on two instances",
        hosts="localhost",
        gather_facts=False,
        module_defaults={"group/huaweicloud.kafka.all": connection(emu)},
        tasks=[
            {"name": "First", "ansible.builtin.include_role": dict(name=ROLE), "vars": first},
            {"name": "Second", "ansible.builtin.include_role": dict(name=ROLE), "vars": second},
        ],
    )
    done = ansible_cli.run_playbook(
        json.dumps([play], indent=2), env=dict(ANSIBLE_PIPELINING="true"), workdir=str(tmp_path)
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert summary(output, "archive-logs", "obs_dump", "created", "RUNNING") in output  # the first instance's
    assert summary(output, "archive-logs", "obs_dump", "not applied (the run failed before)") in output
    assert "sold out" in output.split("Fail as the run failed")[-1].lower(), output[-3000:]
    assert "is undefined" not in output


def test_the_summary_names_a_failed_task_when_the_caller_ignores_errors(emu, tmp_path):
    emu.set_config(unreachable_peers=[emu.peer_instance_id])
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id,
        smart_connect_presets_validate=True,
        smart_connect_presets_tasks=[four_presets(emu)[0], four_presets(emu)[3]],
    )
    play = dict(
        name="Presets, errors ignored",
        hosts="localhost",
        gather_facts=False,
        module_defaults={"group/huaweicloud.kafka.all": connection(emu)},
        tasks=[
            dict(
                name="The role",
                ignore_errors=True,
                **{"ansible.builtin.import_role": dict(name=ROLE), "vars": role_vars},
            )
        ],
    )
    done = ansible_cli.run_playbook(
        json.dumps([play], indent=2), env=dict(ANSIBLE_PIPELINING="true"), workdir=str(tmp_path)
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert summary(output, "orders-replica", "kafka_replication", "failed") in output
    assert summary(output, "archive-logs", "obs_dump", "created", "RUNNING") in output
    for secret in SECRETS + (emu.secret_key,):
        assert secret not in output


def test_check_mode_on_the_include_alone_predicts_the_enable_and_reads_no_task(emu, tmp_path):
    """check_mode: true on include_role (not --check) leaves ansible_check_mode false: the role must still know."""
    role_vars = dict(
        smart_connect_presets_instance_id=emu.instance_id_connector_off,
        smart_connect_presets_enable=True,
        smart_connect_presets_tasks=[four_presets(emu)[3]],
    )
    play = dict(
        name="Presets in check mode by include",
        hosts="localhost",
        gather_facts=False,
        module_defaults={"group/huaweicloud.kafka.all": connection(emu)},
        tasks=[
            {
                "name": "The role",
                "vars": role_vars,
                "ansible.builtin.include_role": dict(name=ROLE, apply=dict(check_mode=True)),
            }
        ],
    )
    emu.clear_journal()
    done = ansible_cli.run_playbook(
        json.dumps([play], indent=2), env=dict(ANSIBLE_PIPELINING="true"), workdir=str(tmp_path)
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert summary(output, "archive-logs", "obs_dump", "to be created once Smart Connect is on") in output
    assert write_operations(emu) == [] and "ListConnectorTasks" not in operations(emu)


def test_a_task_of_an_unknown_type_is_left_alone_unless_purged(emu, tmp_path):
    emu.seed_task(
        {
            "task_name": "redis-sync",
            "topics": "cache",
            "source_type": "REDIS_REPLICATOR_SOURCE",
            "source_task": {"redis_address": "10.0.0.5:6379"},
            "sink_type": "NONE",
        }
    )
    role_vars = dict(smart_connect_presets_instance_id=emu.instance_id, smart_connect_presets_tasks=four_presets(emu))
    defaults = connection(emu)
    output, recap = run(emu, tmp_path, role_vars, module_defaults=defaults)
    assert recap["failed"] == 0 and "redis-sync" in stored(emu)
    role_vars.update(smart_connect_presets_purge=True)
    output, recap = run(emu, tmp_path, role_vars, module_defaults=defaults)
    assert recap["failed"] == 0 and "redis-sync: purged" in output and "redis-sync" not in stored(emu)
