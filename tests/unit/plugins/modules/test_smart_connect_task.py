"""smart_connect_task without a server: its documentation matches its spec, and the state machine's corners."""

import ast
import glob
import os
import subprocess
import sys

import pytest
import yaml
from helpers.module_runner import ModuleExit, module_args

from ansible_collections.huaweicloud.kafka.plugins.doc_fragments.attributes import (
    ModuleDocFragment as AttributesFragment,
)
from ansible_collections.huaweicloud.kafka.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.huaweicloud.kafka.plugins.doc_fragments.source_task import (
    ModuleDocFragment as SourceTaskFragment,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible import base as _base
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as vocab
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import waiter as waiting
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task import TaskRunner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import checks, shapes
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import spec as specs
from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task as module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def with_fragments(doc):
    """The module's documentation with the source_task fragment merged in, as ansible-doc shows it."""
    shared = yaml.safe_load(SourceTaskFragment.DOCUMENTATION)["options"]
    for name, option in shared.items():
        if name in doc["options"]:
            doc["options"][name] = dict(option, **doc["options"][name])
    return doc


DOC = with_fragments(yaml.safe_load(module.DOCUMENTATION))
RETURNED = yaml.safe_load(module.RETURN)
EXAMPLE_PLAYS = yaml.safe_load(module.EXAMPLES)
INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-000000000001"
TASK_ID = "194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f"


# ----- documentation ----------------------------------------------------------------------------------------


def _compare(spec, docs, where):
    assert set(spec) == set(docs), where
    for name, option in spec.items():
        doc = docs[name]
        here = "%s.%s" % (where, name)
        assert doc["description"], here
        assert doc.get("type", "str") == option.get("type", "str"), here
        assert doc.get("elements") == option.get("elements"), here
        assert doc.get("choices") == option.get("choices"), here
        assert doc.get("default") == option.get("default"), here
        assert bool(doc.get("required")) == bool(option.get("required")), here
        assert (doc.get("suboptions") is None) == (option.get("options") is None), here
        if option.get("options"):
            _compare(option["options"], doc["suboptions"], here)


def test_documentation_matches_the_argument_spec():
    _compare(module.argument_spec(), DOC["options"], "options")
    assert DOC["extends_documentation_fragment"] == [
        "huaweicloud.kafka.source_task",
        "huaweicloud.kafka.connection",
        "huaweicloud.kafka.connection.place",
        "huaweicloud.kafka.attributes",
    ]
    fragment = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    fragment.update(yaml.safe_load(ModuleDocFragment.PLACE)["options"])
    connection = _base.connection_argument_spec()
    assert set(fragment) == set(connection)
    assert not set(connection) & set(module.argument_spec())


def test_secrets_are_no_log_and_only_they():
    flagged = set()
    for side in vocab.SIDES:
        for name, option in specs.SIDE_SPECS[side].items():
            if option.get("no_log"):
                flagged.add((side, name))
    assert flagged == {(side, name) for side, names in vocab.SECRETS.items() for name in names}


def test_documented_return_keys_match_a_normalised_task():
    contains = RETURNED["task"]["contains"]
    task = shapes.normalize_task({"id": TASK_ID, "task_name": "abcd", "source_task": {}, "sink_task": None})
    assert set(contains) == set(task)
    for side in vocab.SIDES:
        assert "secret" not in str(contains[side]["sample"]).lower()


def test_examples_use_the_fqcn_and_valid_options():
    spec = module.argument_spec()
    spec.update(_base.connection_argument_spec())
    for example in EXAMPLE_PLAYS:
        tasks = example.get("block", [example])
        for task in tasks:
            args = task["huaweicloud.kafka.smart_connect_task"]
            assert set(args) <= set(spec), task["name"]
            for side in vocab.SIDES:
                assert set(args.get(side) or {}) <= set(specs.SIDE_SPECS[side]), task["name"]
            given = dict.fromkeys(spec)
            given.update(args)
            if "{{" in str(given["task_id"]):
                given["task_id"] = None  # a templated id
            assert not checks.check_options(given), task["name"]


def test_action_group_lists_the_module():
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as handle:
        runtime = yaml.safe_load(handle)
    assert "smart_connect_task" in runtime["action_groups"]["all"]
    shared = yaml.safe_load(AttributesFragment.DOCUMENTATION)["attributes"]
    assert "huaweicloud.kafka.attributes" in DOC["extends_documentation_fragment"]
    assert shared["action_group"]["membership"] == ["huaweicloud.kafka.all"]


@pytest.mark.parametrize(
    "path", sorted(os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(ROOT, "plugins", "*", "*.py")))
)
def test_plugin_code_is_python_3_9_and_has_the_licence_header(path):
    with open(os.path.join(ROOT, path)) as handle:
        source = handle.read()
    ast.parse(source, feature_version=(3, 9))
    # GPL-3.0-or-later, but for the signer any code may reuse (its licence text is LICENSES/BSD-2-Clause.txt).
    licence = "BSD-2-Clause" if path == os.path.join("plugins", "module_utils", "signer.py") else "GPL-3.0-or-later"
    assert "SPDX-License-Identifier: %s\n" % licence in source.split('"""')[0]


def test_import_stays_light():
    code = (
        "import sys; import ansible_collections.huaweicloud.kafka.plugins.modules.smart_connect_task; "
        "print(' '.join(sorted(sys.modules)))"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    loaded = subprocess.run(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, check=True, text=True
    ).stdout.split()
    unwanted = ("huaweicloudsdkcore", "huaweicloudsdkkafka", "yaml", "jinja2", "cryptography", "hypothesis")
    heavy = [name for name in loaded if name.split(".")[0] in unwanted]
    assert heavy == []


# ----- the state machine's corners, with a fake API ---------------------------------------------------------


class FakeApi:
    def __init__(self, task=None, modify_answer="echo", show_answers=None):
        self.task = task
        self.calls = []
        self.modify_answer = modify_answer
        self.show_answers = list(show_answers or [])

    def show(self, task_id, deleted=False):
        self.calls.append("show")
        if self.show_answers:
            return self.show_answers.pop(0)
        return self.task

    def poll(self, task_id, deleted=False):  # a read while waiting is a show, as in SmartConnectApi
        return self.show(task_id, deleted)

    def list_all(self):
        self.calls.append("list")
        tasks = [self.task] if self.task else []
        return tasks, {"truncated": False, "total_number": len(tasks)}

    def modify(self, task_id, body):
        self.calls.append("modify")
        if isinstance(self.modify_answer, Exception):
            raise self.modify_answer
        return dict(self.task, **body) if self.modify_answer == "echo" else self.modify_answer

    def __getattr__(self, name):  # pause, resume, restart, create, delete
        def action(*args):
            self.calls.append(name)
            return True if name == "delete" else None

        return action


class FastWaiter(waiting.Waiter):
    first_delay = 0.001
    max_delay = 0.001


OBS_TASK = {
    "id": TASK_ID,
    "task_name": "dump-logs",
    "status": "RUNNING",
    "create_time": 1,
    "topics_regex": "l.*",
    "source_type": "NONE",
    "source_task": None,
    "sink_type": "OBS_SINK",
    "sink_task": {"obs_bucket_name": "b", "deliver_time_interval": 300},
}


def runner(api, check=False, **options):
    args = dict(
        access_key="ak",
        secret_key="sk",
        endpoint="http://127.0.0.1:9",
        project_id="p",
        instance_id=INSTANCE,
        wait_timeout=5,
    )
    args.update(options)
    args["_ansible_check_mode"] = check
    with module_args(args):
        ansible_module = _base.HuaweiCloudModule(argument_spec=module.argument_spec(), supports_check_mode=True)
    return TaskRunner(ansible_module, api, waiter_class=FastWaiter)


def test_a_modify_without_an_answer_reads_the_task_once_to_check_it():
    modified = dict(OBS_TASK, sink_task={"obs_bucket_name": "b", "deliver_time_interval": 600})
    api = FakeApi(dict(OBS_TASK), modify_answer=None, show_answers=[dict(OBS_TASK), modified])
    result = runner(api, task_id=TASK_ID, sink_task={"deliver_time_interval": 600}).run()
    assert result["changed"] and result["task"]["sink_task"]["deliver_time_interval"] == 600
    assert api.calls == ["show", "modify", "show"]


def test_a_modify_the_service_accepted_but_did_not_apply_fails_by_name():
    api = FakeApi(dict(OBS_TASK), modify_answer=dict(OBS_TASK))  # the answer shows the old value
    with pytest.raises(Failure, match="accepted the change to .* but sink_task.deliver_time_interval is still 300"):
        runner(api, task_id=TASK_ID, sink_task={"deliver_time_interval": 600}).run()
    assert api.calls == ["show", "modify"]  # the answer was complete: no extra read


def test_a_task_that_vanishes_while_waited_on():
    api = FakeApi(dict(OBS_TASK, status="CREATING"), show_answers=[dict(OBS_TASK, status="CREATING"), None])
    with pytest.raises(waiting.WaitFailed, match="disappeared while waiting for it to be RUNNING"):
        runner(api, task_id=TASK_ID, state="running").run()


def test_a_moving_task_settles_before_a_modification():
    api = FakeApi(
        dict(OBS_TASK, status="RESTARTING"),
        show_answers=[dict(OBS_TASK, status="RESTARTING"), dict(OBS_TASK, status="RUNNING")],
    )
    api.modify_answer = dict(OBS_TASK, topics_regex="new.*")
    result = runner(api, task_id=TASK_ID, topics_regex="new.*", wait_timeout=5).run()
    assert result["changed"] and api.calls == ["show", "show", "modify"]


def test_a_refused_modification_of_a_paused_task_is_not_retried():
    refused = ApiError("modify Smart Connect task x", "status forbids", status=400, error_code=vocab.STATUS_FORBIDS)
    api = FakeApi(dict(OBS_TASK, status="PAUSED"), modify_answer=refused)
    args = dict(
        access_key="ak",
        secret_key="sk",
        endpoint="http://127.0.0.1:9",
        project_id="p",
        instance_id=INSTANCE,
        task_id=TASK_ID,
        topics_regex="new.*",
    )
    with module_args(args):
        ansible_module = _base.HuaweiCloudModule(argument_spec=module.argument_spec(), supports_check_mode=True)
        with pytest.raises(ModuleExit) as caught:
            TaskRunner(ansible_module, api, waiter_class=FastWaiter).execute()
    assert caught.value.failed
    assert caught.value.result["msg"] == (
        "Failed to modify Smart Connect task x: status forbids (DMS.00400026, no request id)"
    )
    assert api.calls == ["show", "modify"]


def test_absent_that_someone_else_deleted_first():
    class Gone(FakeApi):
        def delete(self, task_id):
            self.calls.append("delete")
            return False

    api = Gone(dict(OBS_TASK))
    result = runner(api, task_id=TASK_ID, state="absent").run()
    assert not result["changed"] and api.calls == ["show", "delete"]


def test_check_mode_restarted_and_paused_predictions():
    api = FakeApi(dict(OBS_TASK, status="CREATING"))
    result = runner(api, check=True, task_id=TASK_ID, state="paused").run()
    assert result["changed"] and result["task"]["status"] == "PAUSED" and api.calls == ["show"]
    api = FakeApi(dict(OBS_TASK, status="PAUSED"))
    result = runner(api, check=True, task_id=TASK_ID, state="restarted").run()
    assert result["changed"] and result["task"]["status"] == "RUNNING" and api.calls == ["show"]


def test_a_refused_restart_of_a_running_task_is_not_taken_for_a_restart():
    refused = ApiError("restart Smart Connect task x", "busy", status=400, error_code=vocab.STATUS_FORBIDS)

    class Refusing(FakeApi):
        def restart(self, task_id):
            self.calls.append("restart")
            raise refused

    api = Refusing(dict(OBS_TASK))
    with pytest.raises(ApiError):
        runner(api, task_id=TASK_ID, state="restarted").run()
    assert api.calls == ["show", "restart", "show"]


def test_state_running_on_a_task_found_creating_that_settles_waiting_starts_it():
    api = FakeApi(
        dict(OBS_TASK, status="CREATING"),
        show_answers=[
            dict(OBS_TASK, status="CREATING"),
            dict(OBS_TASK, status="WAITING"),
            dict(OBS_TASK, status="RUNNING"),
        ],
    )
    result = runner(api, task_id=TASK_ID, state="running").run()
    assert result["changed"] and result["task"]["status"] == "RUNNING"
    assert api.calls == ["show", "show", "restart", "show"]


def test_a_pause_that_never_settles_is_undone_before_the_failure():
    refused = ApiError("modify Smart Connect task x", "running", status=400, error_code=vocab.STATUS_FORBIDS)
    api = FakeApi(
        dict(OBS_TASK), modify_answer=refused, show_answers=[dict(OBS_TASK)] + [dict(OBS_TASK, status="PAUSING")] * 50
    )
    with pytest.raises(Failure) as caught:
        runner(api, task_id=TASK_ID, topics_regex="new.*", wait_timeout=0).run()
    assert "to be PAUSED" in str(caught.value) and "was resumed" in str(caught.value)
    assert api.calls[:3] == ["show", "modify", "pause"] and "resume" in api.calls


# ----- fixes from the review: each test failed before its fix --------------------------------------------

REPLICATION_TASK = {
    "id": TASK_ID,
    "task_name": "repl-task",
    "status": "RUNNING",
    "create_time": 1,
    "topics": "a",
    "source_type": "KAFKA_REPLICATOR_SOURCE",
    "sink_type": "NONE",
    "sink_task": None,
    "source_task": {
        "current_cluster_name": "A",
        "cluster_name": "B",
        "direction": "pull",
        "bootstrap_servers": "10.0.0.1:9092",
    },
}


class Listing(FakeApi):
    """A FakeApi whose list answers come in turn from ``lists`` (the last one repeats)."""

    def __init__(self, task=None, lists=(), truncated=False, **kwargs):
        super().__init__(task, **kwargs)
        self.lists = [list(answer) for answer in lists]
        self.truncated = truncated

    def list_all(self):
        self.calls.append("list")
        tasks = self.lists.pop(0) if len(self.lists) > 1 else self.lists[0]
        return tasks, {"truncated": self.truncated, "total_number": len(tasks)}


def test_a_recreate_never_adopts_the_task_it_deleted(monkeypatch):
    # The create answers without an id while the service still lists the old task: not it.
    monkeypatch.setattr(
        "ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_create.LOST_ANSWER_WAIT", 0.05
    )
    api = Listing(dict(REPLICATION_TASK), lists=[[dict(REPLICATION_TASK)]], show_answers=[dict(REPLICATION_TASK), None])
    with pytest.raises(Failure) as caught:
        runner(
            api,
            task_id=TASK_ID,
            recreate=True,
            topics=["b"],
            source_task=dict(
                current_cluster_name="A", cluster_name="B", direction="pull", bootstrap_servers=["10.0.0.1:9092"]
            ),
        ).run()
    assert str(caught.value).startswith("The old task Smart Connect task %s (repl-task) was deleted" % TASK_ID)
    assert "no task of that name appeared" in str(caught.value)
    assert api.calls[:5] == ["show", "validate", "delete", "show", "create"]


def test_the_lookup_after_a_create_without_an_id_waits_whatever_wait_timeout_says():
    created = dict(OBS_TASK, status="RUNNING")
    api = Listing(None, lists=[[], [], [created]])
    result = runner(
        api,
        task_name="dump-logs",
        topics_regex="l.*",
        wait_timeout=0,
        sink_task={"obs_bucket_name": "b", "access_key": "ak", "secret_key": "sk"},
    ).run()
    assert result["changed"] and result["task"]["id"] == TASK_ID
    assert api.calls == ["list", "create", "list", "list"]


def test_a_resume_that_fails_after_an_applied_modify_says_the_task_is_left_paused():
    refused = ApiError("modify Smart Connect task x", "running", status=400, error_code=vocab.STATUS_FORBIDS)
    broken = ApiError("resume Smart Connect task x", "backend down", status=500, error_code="DMS.00500000")
    modified = dict(OBS_TASK, status="PAUSED", topics_regex="new.*")

    class Api(FakeApi):
        answers = [refused, modified]

        def modify(self, task_id, body):
            self.calls.append("modify")
            answer = self.answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer

        def resume(self, task_id):
            self.calls.append("resume")
            raise broken

    api = Api(dict(OBS_TASK), show_answers=[dict(OBS_TASK), dict(OBS_TASK, status="PAUSED")])
    with pytest.raises(Failure) as caught:
        runner(api, task_id=TASK_ID, topics_regex="new.*").run()
    message = str(caught.value)
    assert "was modified, but the module had paused it for the modification and resuming it failed" in message
    assert "The task is left PAUSED" in message and caught.value.error is broken


def test_a_rename_with_a_task_list_read_only_in_part_is_refused():
    api = Listing(dict(OBS_TASK), lists=[[dict(OBS_TASK)]], truncated=True)
    with pytest.raises(Failure, match="could not be read whole, so the name may be taken"):
        runner(api, task_id=TASK_ID, task_name="dump-renamed").run()
    assert "modify" not in api.calls
