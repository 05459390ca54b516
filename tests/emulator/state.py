"""The emulated world: Kafka instances, their Smart Connect tasks, and how statuses move.

All state lives in one Store guarded by one lock. Asynchronous statuses (CREATING, RESTARTING, EXTENDING,
CONNECTOR_DELETING) carry a deadline and are settled lazily at the start of every operation, so nothing
runs in the background and a test with ``async_delay`` 0 sees the final status at once.
"""

import copy
import dataclasses
import threading
import time
import uuid
from typing import Optional

from . import defaults, errors, fleet, validation

TASK_STATUSES = ("CREATING", "RUNNING", "PAUSED", "WAITING", "RESTARTING")

# action -> (statuses it is allowed from, status it moves to, status reached after async_delay or None)
TASK_TRANSITIONS = {
    "pause": (frozenset({"RUNNING"}), "PAUSED", None),
    "resume": (frozenset({"PAUSED"}), "RUNNING", None),
    # A failed task can be restarted too (what the console's restart is for).
    "restart": (frozenset({"WAITING", "PAUSED", "RUNNING", "FAILED"}), "RESTARTING", "RUNNING"),
}
# Modify is not in Huawei's table: the emulator refuses it while a status is still moving.
MODIFY_ALLOWED = frozenset({"RUNNING", "PAUSED", "WAITING"})
MODIFY_ALLOWED_WHEN_PAUSE_REQUIRED = frozenset({"PAUSED", "WAITING"})

INSTANCE_JOB_STATUSES = ("EXTENDING", "CONNECTOR_DELETING")


class SystemClock:
    """Real time: monotonic() drives async deadlines, wall() gives epoch seconds."""

    @staticmethod
    def monotonic():
        return time.monotonic()

    @staticmethod
    def wall():
        return time.time()


class ManualClock:
    """A clock tests move by hand; it starts at the real time so signatures made now still verify."""

    def __init__(self, start=None):
        self._now = time.time() if start is None else start

    def monotonic(self):
        return self._now

    def wall(self):
        return self._now

    def advance(self, seconds):
        self._now += seconds


@dataclasses.dataclass
class Task:
    id: str
    spec: dict  # normalised task fields, secrets included
    status: str
    create_time: int  # epoch milliseconds
    seq: int  # creation order, breaks create_time ties
    pending: Optional[tuple] = None  # (status reached next, monotonic deadline)
    shown: dict = dataclasses.field(default_factory=dict)  # extra fields the body shows (a failure's reason...)


@dataclasses.dataclass
class Instance:
    instance_id: str
    name: str
    status: str = "RUNNING"
    connector_enable: bool = False
    connector_id: str = ""
    connector_node_num: int = 0
    connect_address: str = ""
    port: int = defaults.KAFKA_PORT
    created_at: int = 0
    # Where it lives (fleet.place): the credentials' project and region unless added elsewhere.
    project_id: str = defaults.PROJECT_ID
    region: str = defaults.REGION
    tags: list = dataclasses.field(default_factory=list)  # [{"key": ..., "value": ...}], as the API lists them
    engine_version: str = "2.7"
    specification: str = "kafka.2u4g.cluster"
    enterprise_project_id: str = "0"
    tasks: dict[str, Task] = dataclasses.field(default_factory=dict)
    job: Optional[dict] = None  # running enable/disable job: kind, deadline, connector_id, node_cnt

    def bootstrap_servers(self):
        return ",".join("%s:%d" % (host.strip(), self.port) for host in self.connect_address.split(",") if host.strip())


class Store:
    """Thread-safe container of instances and tasks; every public method settles due statuses first."""

    def __init__(self, switches, clock=None, home=(defaults.PROJECT_ID, defaults.REGION)):
        self.switches = switches
        self.home = home  # (project id, region) of the credentials: where instances live unless placed elsewhere
        self.clock = clock or SystemClock()
        self.lock = threading.RLock()
        self.instances: dict[str, Instance] = {}
        self.jobs: dict[str, dict] = {}  # background jobs by id, as ShowBackgroundTask answers them
        self._seq = 0
        self.seed()

    # ----- set-up -------------------------------------------------------------------------------
    def seed(self):
        with self.lock:
            self.instances = {}
            self.jobs = {}
            for seed in defaults.SEEDED_INSTANCES:
                self.add_instance(dict(seed))

    def add_instance(self, fields):
        """Admin: add an instance; fields as in README ("POST /_emulator/instances"), ``tasks`` seeded as the
        console leaves them (``seed_task``)."""
        fields = dict(fields)
        tasks = fields.pop("tasks", None) or []
        if not isinstance(tasks, list):
            raise ValueError("tasks must be a list of tasks")
        with self.lock:
            instance = self._add_instance(fields)
            for task in tasks:
                self.seed_task(instance.instance_id, task)
            return instance

    def _add_instance(self, fields):
        with self.lock:
            instance_id = fields.get("instance_id") or str(uuid.uuid4())
            if not validation.UUID_RE.match(instance_id):
                raise ValueError("instance_id must be a lower-case uuid")
            if instance_id in self.instances:
                raise KeyError("instance %s already exists" % instance_id)
            index = len(self.instances) + 1
            enabled = bool(fields.get("connector_enable", False))
            instance = Instance(
                instance_id=instance_id,
                name=fields.get("name") or "kafka-%s" % instance_id[:8],
                created_at=int(self.clock.wall() * 1000),
                connect_address=fields.get("connect_address")
                or ",".join("10.%d.0.%d" % (index % 250, host) for host in (11, 12, 13)),
                port=int(fields.get("port") or defaults.KAFKA_PORT),
            )
            if enabled:
                instance.connector_enable = True
                instance.connector_id = fields.get("connector_id") or str(uuid.uuid4())
                instance.connector_node_num = int(fields.get("connector_node_num") or 2)
            instance.status = fields.get("status") or "RUNNING"
            fleet.place(instance, fields, self.home, self.projects())
            self.instances[instance_id] = instance
            return instance

    def update_instance(self, instance_id, fields):
        """Admin: overwrite raw instance fields (status, name, connector_enable, ...)."""
        allowed = {
            "status",
            "name",
            "connector_enable",
            "connector_id",
            "connector_node_num",
            "connect_address",
            "port",
            "tags",
            "engine_version",
            "specification",
            "enterprise_project_id",
            "created_at",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError("unknown instance fields: %s" % ", ".join(sorted(unknown)))
        with self.lock:
            self.settle()
            instance = self.instances.get(instance_id)
            if instance is None:
                raise LookupError("no instance %s" % instance_id)
            for name, value in fields.items():
                setattr(instance, name, fleet.tag_list(value) if name == "tags" else value)
            if "status" in fields:
                instance.job = None
            return instance

    def set_task_status(self, task_id, status, shown=None):
        """Admin: force a task status (e.g. an undocumented one) and cancel its pending move; ``shown``: extra
        fields the task's body shows from now on (a reason for a failure, in a shape nobody documents)."""
        with self.lock:
            self.settle()
            for instance in self.instances.values():
                if task_id in instance.tasks:
                    task = instance.tasks[task_id]
                    task.status, task.pending = status, None
                    task.shown = dict(shown or {})
                    return task
            raise LookupError("no task %s" % task_id)

    # ----- time ---------------------------------------------------------------------------------
    def _deadline(self):
        return self.clock.monotonic() + self.switches.async_delay

    def settle(self):
        """Apply every status move whose deadline has passed."""
        with self.lock:
            now = self.clock.monotonic()
            for instance in self.instances.values():
                job = instance.job
                if job and job["deadline"] <= now:
                    self._finish_job(instance)
                for task in instance.tasks.values():
                    if task.pending and task.pending[1] <= now:
                        task.status, task.pending = task.pending[0], None

    def _record_job(self, instance, job):
        """A background job, as the instance's job list shows it (statuses CREATED, EXECUTING, SUCCESS...)."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock.wall()))
        self.jobs[job["job_id"]] = {
            "id": job["job_id"],
            "instance_id": instance.instance_id,
            "status": "EXECUTING",
            "created_at": now,
            "updated_at": now,
            "user_name": "emulator",
            "user_id": defaults.DOMAIN_ID,
            "name": "kafkaEnableConnector" if job["kind"] == "enable" else "kafkaDeleteConnector",
            "params": '{"node_cnt":%s}' % job.get("node_cnt") if job["kind"] == "enable" else "{}",
        }

    def background_job(self, instance_id, job_id):
        with self.lock:
            self.settle()
            self.instance(instance_id)
            job = self.jobs.get(job_id)
            if self.switches.jobs_unreadable or job is None or job["instance_id"] != instance_id:
                raise errors.ApiError(404, errors.JOB_NOT_FOUND, "The background task does not exist: %s" % job_id)
            return {key: value for key, value in job.items() if key != "instance_id"}

    def job_progress(self, instance_id, job_id):
        """ShowBackgroundTaskProgress: how far the job is, from its start to its deadline (100 once ended)."""
        with self.lock:
            record = self.background_job(instance_id, job_id)  # the same 404s
            running = self.instance(instance_id).job
            if running is None or running["job_id"] != job_id or record["status"] != "EXECUTING":
                percentage, remain = 100, 0
            else:
                total = max(running["deadline"] - running.get("started", running["deadline"]), 1e-9)
                left = max(running["deadline"] - self.clock.monotonic(), 0.0)
                percentage, remain = int(100 * (1 - left / total)), int(round(left))
            steps = [{"step_name": "kafkaEnableConnector", "statue": "EXECUTING" if percentage < 100 else "SUCCESS"}]
            return {"progress_percentage": percentage, "remain_time": remain, "step_list": steps}

    def _finish_job(self, instance):
        job, instance.job = instance.job, None
        instance.status = "RUNNING"
        record = self.jobs.get(job["job_id"])
        outcome = self.switches.job_outcome
        if record is not None:
            record.update(
                status=outcome, updated_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock.wall()))
            )
        if outcome != "SUCCESS":
            return  # the job failed or was cancelled: Smart Connect stays as it was
        if job["kind"] == "enable":
            instance.connector_enable = True
            instance.connector_id = job["connector_id"]
            instance.connector_node_num = job["node_cnt"]
        else:
            instance.connector_enable = False
            instance.connector_id = ""
            instance.connector_node_num = 0
            instance.tasks.clear()

    def _start(self, task, status, final):
        """Put a task into `status`, reaching `final` after async_delay (at once when it is 0)."""
        if final == "RUNNING" and self.switches.async_ends_in:
            final = self.switches.async_ends_in  # a task that fails to start
        if final is None or self.switches.async_delay <= 0:
            task.status, task.pending = final or status, None
        else:
            task.status, task.pending = status, (final, self._deadline())

    # ----- lookups ------------------------------------------------------------------------------
    def instance(self, instance_id):
        validation.check_instance_id(instance_id)
        self.settle()
        instance = self.instances.get(instance_id)
        if instance is None:
            raise errors.ApiError(404, errors.INSTANCE_NOT_FOUND, "The instance does not exist: %s" % instance_id)
        return instance

    def instance_in_project(self, instance_id, project_id):
        """The instance, when it lives in this project: another project's instance is not found there."""
        instance = self.instance(instance_id)
        if instance.project_id != project_id:
            raise errors.ApiError(404, errors.INSTANCE_NOT_FOUND, "The instance does not exist: %s" % instance_id)
        return instance

    def list_instances(self, project_id, query_pairs):
        """ListInstances: (page, instance_num) of the project's Kafka instances, oldest first."""
        with self.lock:
            self.settle()
            return fleet.list_page([i for i in self.instances.values() if i.project_id == project_id], query_pairs)

    def projects(self):
        """{project id: region} of the credentials' project and of every project holding an instance."""
        with self.lock:
            found = dict([self.home])
            for instance in self.instances.values():
                found.setdefault(instance.project_id, instance.region)
            return found

    def resolve_peer(self, instance_id):
        instance = self.instances.get(instance_id)
        return instance.bootstrap_servers() if instance else None

    @staticmethod
    def _require_running(instance):
        if instance.status in INSTANCE_JOB_STATUSES:
            raise errors.ApiError(
                400,
                errors.JOB_RUNNING,
                "A background job is running on instance %s (%s)" % (instance.instance_id, instance.status),
            )
        if instance.status != "RUNNING":
            raise errors.ApiError(
                400, errors.STATUS_FORBIDS, "The instance status %s does not allow this operation" % instance.status
            )

    @staticmethod
    def _require_connector(instance):
        if not instance.connector_enable:
            raise errors.ApiError(
                400, errors.CONNECTOR_DISABLED, "Smart Connect is not enabled on instance %s" % instance.instance_id
            )

    def _task(self, instance_id, task_id, write):
        instance = self.instance(instance_id)
        validation.check_task_id(task_id)
        if write:
            self._require_running(instance)
        self._require_connector(instance)
        task = instance.tasks.get(task_id)
        if task is None:
            code = {"task": errors.TASK_NOT_FOUND, "instance": errors.INSTANCE_NOT_FOUND}.get(
                self.switches.missing_task_code
            )
            raise errors.ApiError(404, code, "The Smart Connect task does not exist: %s" % task_id)
        return instance, task

    # ----- Smart Connect on the instance ----------------------------------------------------------
    def enable_connector(self, instance_id, body):
        with self.lock:
            instance = self.instance(instance_id)
            body = validation.require_object({} if body is None else body)
            node_cnt = body.get("node_cnt")
            if node_cnt is None:
                node_cnt = 2
            if isinstance(node_cnt, bool) or not isinstance(node_cnt, int):
                raise errors.invalid_request("node_cnt must be of type integer")
            if node_cnt < 2:
                raise errors.invalid_value("node_cnt must be >= 2, got %d" % node_cnt)
            for name in ("specification", "spec_code"):
                if body.get(name) is not None and not isinstance(body[name], str):
                    raise errors.invalid_request("%s must be of type string" % name)
            self._require_running(instance)
            if instance.connector_enable:
                raise errors.ApiError(
                    400, errors.STATUS_FORBIDS, "Smart Connect is already enabled on instance %s" % instance_id
                )
            job = {
                "kind": "enable",
                "job_id": str(uuid.uuid4()),
                "connector_id": str(uuid.uuid4()),
                "node_cnt": node_cnt,
                "started": self.clock.monotonic(),
                "deadline": self._deadline(),
            }
            instance.status, instance.job = "EXTENDING", job
            self._record_job(instance, job)
            self.settle()
            return {"job_id": job["job_id"], "connector_id": job["connector_id"]}

    def disable_connector(self, instance_id):
        with self.lock:
            instance = self.instance(instance_id)
            self._require_running(instance)
            self._require_connector(instance)
            job = {"kind": "disable", "job_id": str(uuid.uuid4()), "deadline": self._deadline()}
            instance.status, instance.job = "CONNECTOR_DELETING", job
            self._record_job(instance, job)
            self.settle()
            return {"job_id": job["job_id"]}

    # ----- tasks --------------------------------------------------------------------------------
    def create_task(self, instance_id, body):
        with self.lock:
            instance = self.instance(instance_id)
            self._require_running(instance)
            self._require_connector(instance)
            body = validation.require_object(body)
            start_later = body.get("start_later")
            if start_later is not None and not isinstance(start_later, bool):
                raise errors.invalid_request("start_later must be of type boolean")
            self._check_agency(body)
            spec = validation.normalize_task(body, self.resolve_peer)
            if self.switches.taken_names == "refused" and any(
                other.spec.get("task_name") == spec.get("task_name") for other in instance.tasks.values()
            ):
                raise errors.ApiError(
                    400, errors.NAME_TAKEN, "The task name %s already exists." % spec.get("task_name")
                )
            quota = self.switches.task_quota
            if len(instance.tasks) >= quota:
                raise errors.ApiError(
                    400, errors.QUOTA_EXCEEDED, "The number of Smart Connect tasks reached the quota (%d)" % quota
                )
            self._seq += 1
            task = Task(
                id=str(uuid.uuid4()),
                spec=spec,
                status="CREATING",
                create_time=int(self.clock.wall() * 1000),
                seq=self._seq,
            )
            self._start(task, "CREATING", "WAITING" if start_later else "RUNNING")
            instance.tasks[task.id] = task
            return task

    def seed_task(self, instance_id, body, status="RUNNING"):
        """Admin: a task as the console leaves it, in ``status``. A type the API takes gets the server's fills, as a
        create would; a type it no longer takes (a Redis source, removed in 2025) is stored as given."""
        with self.lock:
            instance = self.instance(instance_id)
            body = copy.deepcopy(validation.require_object(body))
            known = (body.get("source_type") or "NONE") in validation.SOURCE_TYPES and (
                body.get("sink_type") or "NONE"
            ) in validation.SINK_TYPES
            if known:
                spec = validation.normalize_task(body, self.resolve_peer)
            else:
                spec = {name: body.get(name) for name in validation.TOP_LEVEL_FIELDS}
                if not isinstance(spec["task_name"], str) or not spec["task_name"]:
                    raise ValueError("task_name must be a non-empty string")
            self._seq += 1
            task = Task(
                id=str(uuid.uuid4()), spec=spec, status=status, create_time=int(self.clock.wall() * 1000), seq=self._seq
            )
            instance.tasks[task.id] = task
            return task

    def list_tasks(self, instance_id, query_pairs):
        """Return (page, total): newest first; `offset` counts records."""
        with self.lock:
            instance = self.instance(instance_id)
            self._require_connector(instance)
            offset, limit = validation.list_parameters(query_pairs)
            # list_lag: an eventually consistent list, which shows a task only some time after its create.
            shown_before = self.clock.wall() * 1000 - self.switches.list_lag * 1000
            ordered = sorted(
                (task for task in instance.tasks.values() if task.create_time <= shown_before),
                key=lambda task: (task.create_time, task.seq),
                reverse=True,
            )
            cap = self.switches.page_size_cap
            size = min(limit, cap) if cap else limit
            if self.switches.list_ignores_offset:
                offset = 0
            return ordered[offset : offset + size], len(ordered) + self.switches.total_number_extra

    def show_task(self, instance_id, task_id):
        with self.lock:
            return self._task(instance_id, task_id, write=False)[1]

    def modify_task(self, instance_id, task_id, body):
        with self.lock:
            task = self._task(instance_id, task_id, write=True)[1]
            body = validation.require_object(body)
            switches = self.switches
            allowed = MODIFY_ALLOWED_WHEN_PAUSE_REQUIRED if switches.modify_requires_paused else MODIFY_ALLOWED
            if task.status not in allowed and not (switches.modify_failed and _names_a_failure(task.status)):
                raise errors.ApiError(
                    400, errors.STATUS_FORBIDS, "The task status %s does not allow modification" % task.status
                )
            if switches.put_secrets == "reject":
                secrets = validation.sent_secrets(body)
                if secrets:
                    raise errors.invalid_combination("%s cannot be modified" % ", ".join(secrets))
            if switches.modify_mode == "merge":
                candidate = validation.merge_for_modify(task.spec, body)
            else:
                candidate = validation.replace_for_modify(
                    task.spec, body, keep_stored_secrets=switches.put_secrets == "reject"
                )
            self._check_agency(body)
            candidate = validation.normalize_task(candidate, self.resolve_peer)
            for dotted in switches.modify_ignores:  # acknowledged, then silently kept as it was
                _copy_field(task.spec, candidate, dotted)
            task.spec = candidate
            if switches.modify_restarts and task.status == "RUNNING":
                self._start(task, "RESTARTING", "RUNNING")
            return task

    def _check_agency(self, body):
        sink = body.get("sink_task") if isinstance(body, dict) else None
        if isinstance(sink, dict) and sink.get("agency_name") and not self.switches.agency_supported:
            raise errors.invalid_request("sink_task.agency_name is not supported in this region")

    def delete_task(self, instance_id, task_id):
        with self.lock:
            instance, task = self._task(instance_id, task_id, write=True)
            del instance.tasks[task.id]

    def act(self, instance_id, task_id, action):
        """pause / resume / restart, following TASK_TRANSITIONS."""
        with self.lock:
            task = self._task(instance_id, task_id, write=True)[1]
            allowed_from, status, final = TASK_TRANSITIONS[action]
            if task.status not in allowed_from:
                raise errors.ApiError(
                    400, errors.STATUS_FORBIDS, "Cannot %s a task in status %s" % (action, task.status)
                )
            self._start(task, status, final)

    def validate_connectivity(self, instance_id, body):
        with self.lock:
            instance = self.instance(instance_id)
            self._require_running(instance)
            self._require_connector(instance)
            validation.normalize_validate_request(body, self.resolve_peer, self.switches.unreachable_peers)

    # ----- admin dump ---------------------------------------------------------------------------
    def dump(self):
        """Everything, secrets included (admin only)."""
        with self.lock:
            self.settle()
            result = {}
            for instance in self.instances.values():
                raw = dataclasses.asdict(instance)
                raw["tasks"] = {
                    task_id: {
                        "id": task.id,
                        "status": task.status,
                        "create_time": task.create_time,
                        "pending_status": task.pending[0] if task.pending else None,
                        "spec": copy.deepcopy(task.spec),
                    }
                    for task_id, task in instance.tasks.items()
                }
                raw["job"] = {k: v for k, v in instance.job.items() if k != "deadline"} if instance.job else None
                result[instance.instance_id] = raw
            return {"instances": result}


def _copy_field(source, target, dotted):
    """Copy the field ``side.name`` (or a top-level ``name``) from ``source`` into ``target``, where both have it."""
    *parents, name = dotted.split(".")
    for parent in parents:
        source, target = (source or {}).get(parent), (target or {}).get(parent)
    if isinstance(source, dict) and isinstance(target, dict) and name in source:
        target[name] = copy.deepcopy(source[name])


def _names_a_failure(status):
    """FAILED, CREATE_FAILED, ERROR...: the statuses a failed task may show (the service documents FAILED)."""
    return any(word in str(status or "").upper() for word in ("FAILED", "ERROR"))
