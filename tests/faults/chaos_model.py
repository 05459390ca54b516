"""The model of the chaos test (issue 26): random declarations, console edits, failures, faults and readings of the
unknowns, and the invariants every run must keep, checked against the emulator's state and the run's result.

``ChaosMachine`` is a Hypothesis ``RuleBasedStateMachine``; ``test_chaos.py`` runs it with a seeded budget and
prints ``FIGURES``.
"""

import collections
import copy
import json
import os

import yaml
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.api import SmartConnectApi
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError, Client
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.plan import differences
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import desired_task, normalize_task

from .cli_support import recap, run_playbook
from .fault_support import OBS_AK, OBS_SK, PEER_PASSWORD, connection, run_module

NAMES = ("chaos-a", "chaos-b", "chaos-c", "chaos-d")
EXCLUDED = "chaos-d"  # what purge_exclude protects when a history uses it

# Every reading of what nobody knows about the service: each history picks one of each (README of the emulator).
READINGS = {
    "missing_task_code": ("task", "instance", "none"),
    "taken_names": ("accepted", "refused"),
    "modify_mode": ("merge", "replace"),
    "put_secrets": ("accept", "reject"),
    "unused_side": ("null", "empty"),
    "list_order": ("as_sent", "reversed", "sorted_desc"),
    "modify_requires_paused": (False, True),
    "modify_restarts": (False, True),
    "modify_failed": (False, True),
    "quota_fields": ("both", "max_tasks", "quota_tasks", "none"),
    "restart_paths": ("both", "kafka", "plain"),
    # List glitches: short pages, a total that counts one task too many; and ignored PUTs. (A list that shows a new
    # task late, list_lag, is left to its own tests: whether a re-run falls inside the lag is a matter of timing, and
    # a history must not depend on timing.)
    "page_size_cap": (None, 1, 2),
    "total_number_extra": (0, 1),
    "modify_ignores": ((), ("sink_task.obs_path",), ("source_task.compression_type",)),
}
# Faults armed before a run: (kind, method, options); each fires once or twice, on a random matching request.
FAULTS = (
    ("server_error", None, {"status": 503}),
    ("server_error", "GET", {"status": 500}),
    ("gateway_throttle", None, {"retry_after": "0"}),
    ("dms_throttle", None, {}),
    ("drop_before", None, {}),
    ("drop_after", "POST", {}),
    ("drop_after", "PUT", {}),
    ("drop_after", "DELETE", {}),
    ("slow", None, {"delay": 0.05}),
)

FIGURES = collections.Counter()
# The role runs as ansible-playbook (2-3 s): in one history of ROLE_EVERY, once, so the budget stays about a minute.
ROLE_EVERY = 20
ROLE = "huaweicloud.kafka.smart_connect_presets"
with open(
    os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "roles", "smart_connect_presets", "defaults", "main.yml"
    )
) as _defaults:
    ROLE_DEFAULTS = yaml.safe_load(_defaults)


def with_preset(task):
    """(the role's task entry, the declaration it stands for: the preset's options under the task's own)."""
    preset = "obs_dump" if task.get("sink_task") else "kafka_replication"
    declared = copy.deepcopy(ROLE_DEFAULTS["smart_connect_presets_" + preset])
    for name, value in task.items():
        if isinstance(value, dict):
            declared.setdefault(name, {}).update(value)
        else:
            declared[name] = value
    return dict(task, preset=preset), declared


def obs_task(name, regex, path, agency):
    sink = dict(obs_bucket_name="chaos-bucket", obs_path=path, consumer_strategy="earliest")
    if agency:
        sink["agency_name"] = "dms-obs-agency"
    else:
        sink.update(access_key=OBS_AK, secret_key=OBS_SK)
    return dict(task_name=name, topics_regex=regex, sink_task=sink)


def replication_task(name, peer, topics, sasl, compression):
    source = dict(current_cluster_name="A", cluster_name="B", instance_id=peer, direction="pull")
    source["compression_type"] = compression
    if sasl:
        source.update(security_protocol="SASL_SSL", sasl_mechanism="SCRAM-SHA-512", user_name="replicator")
        source["password"] = PEER_PASSWORD
    return dict(task_name=name, topics=topics, source_task=source)


def task_strategy(name, peers):
    obs = st.builds(
        obs_task,
        st.just(name),
        st.sampled_from(["logs-.*", "metrics-.*"]),
        st.sampled_from(["p1", "p2"]),
        st.booleans(),
    )
    replication = st.builds(
        replication_task,
        st.just(name),
        st.sampled_from(peers),
        st.sampled_from([["orders"], ["orders", "payments"]]),
        st.booleans(),
        st.sampled_from(["snappy", "lz4"]),
    )
    state = st.sampled_from(["running", "paused", "present"])
    return st.tuples(st.one_of(obs, replication), state).map(lambda pair: dict(pair[0], state=pair[1]))


class ChaosMachine(RuleBasedStateMachine):
    """One history: the emulator reset with random readings, then random runs, console edits, failures, faults."""

    emulator = None  # set by the test before the machine runs
    scanner = None
    peers = ()

    def __init__(self):
        super().__init__()
        self.emu = type(self).emulator
        self.armed = []
        self.edited = False  # the console changed something since the last run
        self.paged = False
        self.role_allowed = False

    # ----- set-up -------------------------------------------------------------------------------------
    @initialize(
        readings=st.fixed_dictionaries({name: st.sampled_from(values) for name, values in READINGS.items()}),
        role_lot=st.integers(0, ROLE_EVERY - 1),
    )
    def reset(self, readings, role_lot):
        self.emu.reset()
        self.role_allowed = role_lot == 1  # drawn, as every choice of a history: replaying it makes the same ones
        self.emu.set_config(async_delay=0.01, **dict(readings, modify_ignores=list(readings["modify_ignores"])))
        # A list that pages short or claims a task too many is read to its end: more than one request, all reads.
        self.paged = bool(readings["page_size_cap"] or readings["total_number_extra"])
        FIGURES["histories"] += 1

    # ----- the collection's runs -----------------------------------------------------------------------
    @rule(
        data=st.data(),
        purge=st.booleans(),
        exclude=st.booleans(),
        check_first=st.booleans(),
        restart_failed=st.booleans(),
    )
    def apply(self, data, purge, exclude, check_first, restart_failed):
        names = data.draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES)), label="names")
        tasks = [data.draw(task_strategy(name, self.peers), label=name) for name in sorted(names)]
        args = dict(
            connection(self.emu, retries=3),
            instance_id=self.emu.instance_id,
            tasks=tasks,
            purge=purge and bool(tasks),
            purge_exclude=[EXCLUDED] if exclude else [],
            restart_failed=restart_failed,
            wait_timeout=30,
        )
        self.run("smart_connect_tasks", args, check_first, tasks, purge and bool(tasks), exclude, restart_failed)

    @rule(data=st.data(), check_first=st.booleans())
    def apply_one(self, data, check_first):
        name = data.draw(st.sampled_from(NAMES), label="name")
        task = data.draw(task_strategy(name, self.peers), label="task")
        args = dict(connection(self.emu, retries=3), instance_id=self.emu.instance_id, wait_timeout=30, **task)
        self.run("smart_connect_task", args, check_first, [task], False, False, False)

    @precondition(lambda self: self.role_allowed)
    @rule(data=st.data(), purge=st.booleans())
    def apply_role(self, data, purge):
        """The smart_connect_presets role, through ansible-playbook, on a random declaration of presets."""
        self.role_allowed = False
        names = data.draw(st.lists(st.sampled_from(NAMES), unique=True, min_size=1, max_size=len(NAMES)), label="names")
        pairs = [with_preset(data.draw(task_strategy(name, self.peers), label=name)) for name in sorted(names)]
        role_vars = dict(
            smart_connect_presets_instance_id=self.emu.instance_id,
            smart_connect_presets_tasks=[entry for entry, _declared in pairs],
            smart_connect_presets_purge=purge,
            smart_connect_presets_connection=connection(self.emu, retries=3),
        )
        play = json.dumps([dict(hosts="localhost", gather_facts=False, roles=[dict(role=ROLE, vars=role_vars)])])
        before = self.stored()
        for spec in self.armed:
            self.emu.inject_fault(**spec)
        self.armed = []
        done = run_playbook(play, None, {}, timeout=300)
        self.scanner.add_process("a role run", done)
        self.emu.clear_faults()
        FIGURES["role runs"] += 1
        declared = [declared for _entry, declared in pairs]
        after = self.stored()
        try:
            self.check_common(before, after, declared)
            counts = recap(done.stdout).get("localhost", {})
            assert counts, "the role run printed no recap: %s" % (done.stdout[-2000:] + done.stderr[-2000:])
            if counts["failed"]:
                FIGURES["role runs that failed cleanly"] += 1
            else:
                self.check_converged(after, declared, purge, False, before, False)
                self.emu.clear_journal()
                again = run_playbook(play, None, {}, timeout=300)
                self.scanner.add_process("a role re-run", again)
                assert recap(again.stdout).get("localhost", {}).get("changed") == 0, again.stdout[-3000:]
                writes = [entry["operation"] for entry in self.emu.journal() if entry["method"] != "GET"]
                assert writes == [], "the role's re-run wrote %s" % writes
                FIGURES["role runs that converged, then changed nothing"] += 1
        except AssertionError:
            FIGURES["violations"] += 1
            raise

    # ----- the world around them ----------------------------------------------------------------------
    @precondition(lambda self: self.stored())
    @rule(data=st.data())
    def console_edit(self, data):
        task = data.draw(st.sampled_from(sorted(self.stored().values(), key=lambda each: each["id"])), label="edited")
        side = "sink_task" if task["spec"].get("sink_task") else "source_task"
        change = {"obs_path": "console"} if side == "sink_task" else {"compression_type": "gzip"}
        client = Client(
            self.emu.access_key, self.emu.secret_key, endpoint=self.emu.url, project_id=self.emu.project_id, retries=0
        )
        try:
            SmartConnectApi(client, self.emu.instance_id).modify(task["id"], {side: change})
        except ApiError:
            return  # the console's change was refused: nothing changed
        self.edited = True
        FIGURES["console edits"] += 1

    @precondition(lambda self: self.stored())
    @rule(data=st.data())
    def fail_a_task(self, data):
        task = data.draw(st.sampled_from(sorted(self.stored().values(), key=lambda each: each["id"])), label="failed")
        self.emu.set_task_status(task["id"], "FAILED")
        self.edited = True
        FIGURES["tasks failed"] += 1

    @rule(fault=st.sampled_from(FAULTS), count=st.integers(1, 2), skip=st.integers(0, 3))
    def arm_a_fault(self, fault, count, skip):
        kind, method, options = fault
        self.armed.append(dict(options, kind=kind, method=method, count=count, skip=skip))

    # ----- one run and its invariants -------------------------------------------------------------------
    def stored(self):
        """The instance's tasks by id: {id: {id, status, spec}} (secrets included, as the emulator keeps them)."""
        return {task["id"]: task for task in self.emu.tasks()}

    def run(self, module, args, check_first, declared, purge, exclude, restart_failed):
        try:
            self.run_and_check(module, args, check_first, declared, purge, exclude, restart_failed)
        except AssertionError:
            FIGURES["violations"] += 1
            raise

    def run_and_check(self, module, args, check_first, declared, purge, exclude, restart_failed):
        before = self.stored()
        predicted = None
        if check_first:
            self.emu.clear_journal()
            predicted = self.scanned(run_module(module, args, check=True, diff=True))
            writes = [entry for entry in self.emu.journal() if entry["method"] != "GET"]
            assert writes == [], "check mode sent %s" % [entry["operation"] for entry in writes]
        faults = list(self.armed)
        self.armed = []
        for spec in faults:
            self.emu.inject_fault(**spec)
        self.emu.clear_journal()
        result = self.scanned(run_module(module, args, diff=True))
        fired = [entry["fault"] for entry in self.emu.journal() if entry.get("fault")]
        for kind in fired:
            FIGURES["faults fired: %s" % kind] += 1
        self.emu.clear_faults()
        FIGURES["runs"] += 1
        after = self.stored()
        self.check_common(before, after, declared)
        if result["failed"]:
            FIGURES["runs that failed cleanly"] += 1
            self.check_failure(result, after, declared, module)
        else:
            FIGURES["runs that converged"] += 1
            self.check_converged(after, declared, purge, exclude, before, restart_failed)
            if predicted is not None and not predicted["failed"] and not fired and not self.edited:
                assert predicted["changed"] == result["changed"], "check mode predicted changed=%s, the run %s" % (
                    predicted["changed"],
                    result["changed"],
                )
            self.check_rerun(module, args)
        self.edited = False

    def scanned(self, result):
        self.scanner.add("a run", result)
        return result

    def check_common(self, before, after, declared):
        names = [task["spec"]["task_name"] for task in after.values()]
        assert len(names) == len(set(names)), "two tasks share a name: %s" % sorted(names)
        wanted = {task["task_name"]: task["state"] for task in declared}
        for task_id, task in after.items():
            was = before.get(task_id)
            if was and task["status"] == "PAUSED" and was["status"] != "PAUSED":
                assert wanted.get(task["spec"]["task_name"]) == "paused", "the run left %s paused" % task_id
        existing = {task["spec"]["task_name"] for task in before.values()}
        for name, state in wanted.items():
            if name in existing and state != "absent":
                assert name in names, "the declared task %s was lost" % name

    def check_converged(self, after, declared, purge, exclude, before, restart_failed):
        by_name = {task["spec"]["task_name"]: task for task in after.values()}
        for task in declared:
            found = by_name.get(task["task_name"])
            assert found is not None, "%s is declared but missing after a run that succeeded" % task["task_name"]
            self.check_task(task, found, restart_failed)
        if purge:
            kept = {task["task_name"] for task in declared}
            if exclude:
                kept |= {task["spec"]["task_name"] for task in before.values()} & {EXCLUDED}
            assert set(by_name) <= kept, "purge left %s" % sorted(set(by_name) - kept)

    @staticmethod
    def check_task(task, found, restart_failed):
        api_task = dict(found["spec"], id=found["id"], status=found["status"])
        for side in ("source_task", "sink_task"):
            if isinstance(api_task.get(side), dict):
                api_task[side] = {
                    k: v for k, v in api_task[side].items() if k not in ("password", "access_key", "secret_key")
                }
        desired = desired_task(dict(task, topics=task.get("topics")))
        found_differences = differences(desired, normalize_task(api_task))
        assert not found_differences, "%s differs from its declaration: %s" % (task["task_name"], found_differences)
        wanted = {"running": ("RUNNING",), "paused": ("PAUSED", "WAITING")}.get(task["state"])
        if wanted:
            assert found["status"] in wanted, "%s is %s, declared %s" % (
                task["task_name"],
                found["status"],
                task["state"],
            )

    def check_failure(self, result, after, declared, module):
        message = result["msg"]
        assert message, "a failed run without a message"
        if module == "smart_connect_tasks" and result.get("results"):
            by_name = {task["spec"]["task_name"]: task for task in after.values()}
            failed = [entry["task_name"] for entry in result["results"] if entry.get("failed")]
            purge_failed = [entry["task_name"] for entry in result.get("purge_failed") or []]
            assert failed or purge_failed, "the run failed and no task says why: %s" % message
            for name in (failed + purge_failed)[:3]:
                assert name in message, "the message does not name %s: %s" % (name, message)
            for task in declared:
                entry = next(entry for entry in result["results"] if entry["task_name"] == task["task_name"])
                if not entry.get("failed") and task["task_name"] in by_name:
                    self.check_task(task, by_name[task["task_name"]], False)

    def check_rerun(self, module, args):
        self.emu.clear_journal()
        again = self.scanned(run_module(module, args))
        assert not again["failed"], "the re-run after a success failed: %s" % again["msg"]
        assert not again["changed"], "the re-run after a success changed something: %s" % json.dumps(again)[:2000]
        reads = [entry["operation"] for entry in self.emu.journal()]
        if self.paged:
            assert reads and set(reads) == {"ListConnectorTasks"}, "the re-run sent %s" % reads
        else:
            assert reads == ["ListConnectorTasks"], "the re-run sent %s" % reads
        FIGURES["re-runs with changed=false and only list reads"] += 1
