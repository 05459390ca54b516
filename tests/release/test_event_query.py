"""AAP indirect node counting (extensions/audit/event_query.yml), applied to the events of a real job.

A job runs every module of the collection against the DMS emulator through ansible-runner (the engine Automation
Controller runs jobs with). Then each event is processed the way the controller processes it
(``awx/main/tasks/host_indirect.py``): the query of the event's ``resolved_action`` (else the collection's
``namespace.name.*`` one) is run with jq on the event's ``res``, and the outputs with ``canonical_facts`` are
counted, one node per distinct ``canonical_facts``.
"""

import os
import sys

import pytest
import yaml

jq = pytest.importorskip("jq", reason="jq is not installed (tests/requirements-release.txt)")
ansible_runner = pytest.importorskip(
    "ansible_runner", reason="ansible-runner is not installed (tests/requirements.txt)"
)

from helpers.ansible_cli import collections_path  # noqa: E402  pylint: disable=wrong-import-position
from helpers.loopback import identity_environment  # noqa: E402  pylint: disable=wrong-import-position

# ansible-runner drives ansible-playbook through pexpect; the emulator's threads make Python warn.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVENT_QUERY = os.path.join(ROOT, "extensions", "audit", "event_query.yml")
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules")) if name.endswith(".py"))
UNKNOWN_INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-0000000000ff"

PLAYBOOK = """\
---
- name: Every module of the collection, as a job
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Smart Connect on for the second instance
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off_instance }}"

    - name: Can the first instance reach the peer?
      huaweicloud.kafka.smart_connect_validate:
        instance_id: "{{ kafka_instance }}"
        source_task:
          current_cluster_name: local
          cluster_name: peer
          instance_id: "{{ peer_instance }}"

    - name: A replication on the first instance (its id in upper case, the same instance)
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ kafka_instance | upper }}"
        task_name: replicate-orders
        topics: [orders]
        source_task:
          current_cluster_name: local
          cluster_name: peer
          instance_id: "{{ peer_instance }}"
          direction: pull

    - name: The second instance's tasks in one run
      huaweicloud.kafka.smart_connect_tasks:
        instance_id: "{{ off_instance }}"
        tasks:
          - task_name: replicate-payments
            topics: [payments]
            source_task:
              current_cluster_name: local
              cluster_name: peer
              instance_id: "{{ peer_instance }}"
              direction: pull

    - name: Both instances read in a loop
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: "{{ item }}"
      loop: ["{{ kafka_instance }}", "{{ off_instance }}"]

    - name: An instance that does not exist is not a managed node
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: "{{ unknown_instance }}"
      ignore_errors: true
"""

# Keys Ansible itself puts in a module's result, besides those the module documents in RETURN.
ANSIBLE_KEYS = {
    "changed",
    "failed",
    "msg",
    "invocation",
    "warnings",
    "deprecations",
    "exception",
    "skipped",
    "results",
    "item",
    "ansible_loop_var",
}


def queries():
    with open(EVENT_QUERY) as handle:
        return yaml.safe_load(handle)


def matching_query(event_queries, resolved_action):
    """The controller's choice: the module's own query, else the collection's ``namespace.name.*`` one."""
    wildcard = {key.rsplit(".", 1)[0]: value for key, value in event_queries.items() if key.endswith(".*")}
    return event_queries.get(resolved_action, wildcard.get(resolved_action.rsplit(".", 1)[0], {})).get("query")


def count_nodes(events, event_queries):
    """{canonical_facts as a sorted tuple: (the node's record, the modules that touched it)}."""
    nodes = {}
    for event in events:
        data = event.get("event_data") or {}
        action = data.get("resolved_action")
        if "res" not in data or not action:
            continue
        query = matching_query(event_queries, action)
        if not query:
            continue
        for output in jq.compile(query).input(data["res"]).all():
            if not output.get("canonical_facts"):
                continue
            key = tuple(sorted(output["canonical_facts"].items()))
            record, modules = nodes.setdefault(key, (output, set()))
            assert record == output, "one node, two descriptions: %r and %r" % (record, output)
            modules.add(action)
    return nodes


def documented_return_keys(module_name):
    module = __import__("ansible_collections.huaweicloud.kafka.plugins.modules." + module_name, fromlist=["RETURN"])
    return set(yaml.safe_load(module.RETURN))


def test_every_module_has_a_query():
    event_queries = queries()
    assert sorted(event_queries) == sorted("huaweicloud.kafka." + name for name in MODULES)
    for name, entry in event_queries.items():
        assert set(entry) == {"query"}, name
        jq.compile(entry["query"])
    for name in MODULES:
        assert "instance_id" in documented_return_keys(name), name


@pytest.fixture
def job_events(emulator, tmp_path, monkeypatch):
    """The events of the job above, run by ansible-runner with the connection in the job's environment."""
    emulator.set_async_delay(0)
    for name in list(os.environ):
        if name.startswith(("HUAWEICLOUD_", "HW_", "CLOUD_SDK_", "ANSIBLE_")):
            monkeypatch.delenv(name)
    for name, value in identity_environment(tmp_path).items():  # the credential chain stays on loopback
        monkeypatch.setenv(name, value)
    home = tmp_path / "ansible-home"
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("ANSIBLE_COLLECTIONS_PATH", collections_path())
    monkeypatch.setenv("ANSIBLE_COLLECTIONS_SCAN_SYS_PATH", "false")
    monkeypatch.setenv("ANSIBLE_HOME", str(home))
    monkeypatch.setenv("ANSIBLE_LOCAL_TEMP", str(home / "tmp"))
    monkeypatch.setenv("ANSIBLE_NOCOLOR", "1")

    private = tmp_path / "job"
    for folder in ("project", "inventory", "env"):
        (private / folder).mkdir(parents=True)
    (private / "project" / "site.yml").write_text(PLAYBOOK)
    (private / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable
    )
    (private / "env" / "envvars").write_text(
        yaml.safe_dump(
            {
                "HUAWEICLOUD_SDK_AK": emulator.access_key,
                "HUAWEICLOUD_SDK_SK": emulator.secret_key,
                "HUAWEICLOUD_REGION": emulator.region,
                "HUAWEICLOUD_DMS_ENDPOINT": emulator.url,
                "HUAWEICLOUD_IAM_ENDPOINT": emulator.url,
            }
        )
    )
    (private / "env" / "extravars").write_text(
        yaml.safe_dump(
            {
                "kafka_instance": emulator.instance_id,
                "off_instance": emulator.instance_id_connector_off,
                "peer_instance": emulator.peer_instance_id,
                "unknown_instance": UNKNOWN_INSTANCE,
            }
        )
    )
    result = ansible_runner.run(
        private_data_dir=str(private), playbook="site.yml", quiet=True, timeout=120, suppress_env_files=True
    )
    stdout = result.stdout.read()
    assert (result.status, result.rc) == ("successful", 0), stdout[-4000:]
    return list(result.events)


def test_each_managed_instance_is_one_node(emulator, job_events):
    nodes = count_nodes(job_events, queries())
    facts = {"infra_type": "PublicCloud", "infra_bucket": "Messaging", "device_type": "DMS for Kafka instance"}
    expected = {
        emulator.instance_id: {"smart_connect_validate", "smart_connect_task", "smart_connect_task_info"},
        emulator.instance_id_connector_off: {"smart_connect", "smart_connect_tasks", "smart_connect_task_info"},
    }
    assert {
        dict(key)["id"]: {action.rsplit(".", 1)[1] for action in modules} for key, (_record, modules) in nodes.items()
    } == expected
    for instance_id, (record, _modules) in ((dict(key)["id"], value) for key, value in nodes.items()):
        assert record == {"name": instance_id, "canonical_facts": {"id": instance_id}, "facts": facts}


def test_every_result_names_its_instance_and_is_documented(emulator, job_events):
    seen = set()
    for event in job_events:
        data = event.get("event_data") or {}
        action = data.get("resolved_action") or ""
        if event["event"] not in ("runner_on_ok", "runner_on_failed", "runner_item_on_ok") or not action.startswith(
            "huaweicloud.kafka."
        ):
            continue
        module_name = action.rsplit(".", 1)[1]
        results = data["res"].get("results") if "instance_id" not in data["res"] else None
        for result in results if results is not None else [data["res"]]:
            seen.add(module_name)
            assert result["instance_id"] in (
                emulator.instance_id,
                emulator.instance_id_connector_off,
                UNKNOWN_INSTANCE,
            ), result
            undocumented = (
                {key for key in result if not key.startswith("_")} - ANSIBLE_KEYS - documented_return_keys(module_name)
            )
            assert not undocumented, "%s returns %s, which its RETURN does not document" % (module_name, undocumented)
    assert seen == set(MODULES)
