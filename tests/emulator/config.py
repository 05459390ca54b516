"""Start-up settings (credentials, signer) and the run-time switches tests can flip.

Switches model what nobody knows about the real service (see README.md, "Switches"). They are set by
command-line flags at start, changed through ``PUT /_emulator/config``, and restored to their start-up
values by ``POST /_emulator/reset``.
"""

import copy
import dataclasses
from typing import Optional

from . import defaults

SWITCH_CHOICES = {
    "modify_mode": ("merge", "replace"),
    "put_secrets": ("accept", "reject"),
    "unused_side": ("null", "empty"),
    "list_order": ("as_sent", "reversed", "sorted_desc"),
    "metadata_token": ("required", "optional", "unsupported"),
    "missing_task_code": ("task", "instance", "none"),
    "quota_fields": ("both", "max_tasks", "quota_tasks", "none"),
    "quota_tasks_meaning": ("remaining", "total"),
    "taken_names": ("accepted", "refused"),
    "restart_paths": ("both", "kafka", "plain"),
}
MAX_ASYNC_DELAY = 60.0


@dataclasses.dataclass
class Switches:
    """Behaviour switches; every field is settable through the admin API."""

    async_delay: float = defaults.DEFAULT_ASYNC_DELAY
    modify_mode: str = "merge"
    put_secrets: str = "accept"
    unused_side: str = "null"
    list_order: str = "as_sent"
    page_size_cap: Optional[int] = None
    modify_requires_paused: bool = False
    modify_restarts: bool = False
    modify_failed: bool = False  # a PUT is taken on a failed task too (it stays failed): undocumented
    ambiguous_regions: list[str] = dataclasses.field(default_factory=list)
    unreachable_peers: list[str] = dataclasses.field(default_factory=list)
    async_ends_in: Optional[str] = None  # the status CREATING/RESTARTING end in instead of RUNNING (FAILED...)
    total_number_extra: int = 0  # list answers claim this many more tasks than there are
    list_ignores_offset: bool = False  # every page of the list is the first page
    echo_body_in_errors: bool = False  # 400 answers quote the request body, JSON-escaped, in error_msg
    modify_ignores: list[str] = dataclasses.field(default_factory=list)  # fields a PUT accepts but never applies
    job_outcome: str = "SUCCESS"  # how enable/disable jobs end: SUCCESS, FAILED or CANCELLED
    jobs_unreadable: bool = False  # ShowBackgroundTask answers 404 (a job id that is not the job's, no permission)
    sold_out: bool = False  # ShowConnectorResourceInfo says Smart Connect resources are sold out
    agency_supported: bool = True  # OBS dumps may write through an IAM agency (sink_task.agency_name)
    list_lag: float = 0.0  # seconds a task just created is missing from the list (reads by id see it at once)
    # The error code of a missing task's 404 (undocumented): task = DMS.00404070 (an emulator choice), instance =
    # DMS.00404022 (the missing-instance code, plausible for a task too), none = a 404 body without a code.
    missing_task_code: str = "task"
    # The task quota: a create past it answers 400 DMS.00400039. The list answer reports it in max_tasks and
    # quota_tasks (quota_fields: which of them it has; quota_tasks_meaning: what quota_tasks counts, undocumented).
    task_quota: int = defaults.MAX_TASKS
    quota_fields: str = "both"
    quota_tasks_meaning: str = "remaining"
    # Identity endpoints (identity.py): how long handed-out keys last, the metadata session token, the agency.
    identity_ttl: int = defaults.DEFAULT_IDENTITY_TTL
    metadata_token: str = "required"  # required | optional | unsupported (PUT .../api/token answers 404)
    metadata_agency: bool = True  # false: securitykey answers 401 "Please configure Cloud Service Agency first"
    oidc_id_token: str = defaults.OIDC_ID_TOKEN  # the only id token STS accepts
    # The account's API rate limit (ratelimit.py): at most rate_limit DMS API requests a rate_window seconds, from
    # every client together; the others get 429 APIG.0308 without Retry-After. None: no limit.
    rate_limit: Optional[int] = None
    rate_window: float = 60.0
    # Whether two tasks of one instance may share a name (undocumented): accepted, or refused with 400.
    taken_names: str = "accepted"
    # The next list_barrier task-list requests are held until that many are in flight (at most 150 s), then
    # answered together: two runs that look a task up at the same moment both see it missing (a race, on demand).
    list_barrier: Optional[int] = None
    # Which spellings of the restart call the gateway publishes: the documented /v2/{p}/kafka/instances/... (kafka),
    # the SDK's RestartSmartConnectorTask without /kafka/ (plain), or both; the other answers 404 APIGW.0101.
    restart_paths: str = "both"

    def to_dict(self):
        return dataclasses.asdict(self)

    def copy(self):
        return copy.deepcopy(self)

    def update(self, changes):
        """Apply a partial dict of switches; raise ValueError (and change nothing) on a bad one."""
        if not isinstance(changes, dict):
            raise ValueError("config must be a JSON object")
        candidate = self.copy()
        for name, value in changes.items():
            _check_switch(name, value)
            if name == "async_delay":
                value = float(value)
            setattr(candidate, name, list(value) if isinstance(value, list) else value)
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(candidate, field.name))


def _check_switch(name, value):
    known = {field.name for field in dataclasses.fields(Switches)}
    if name not in known:
        raise ValueError("unknown switch %r (known: %s)" % (name, ", ".join(sorted(known))))
    if name in SWITCH_CHOICES:
        if value not in SWITCH_CHOICES[name]:
            raise ValueError("%s must be one of %s" % (name, ", ".join(SWITCH_CHOICES[name])))
    elif name == "async_delay":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_ASYNC_DELAY:
            raise ValueError("async_delay must be a number of seconds between 0 and %s" % MAX_ASYNC_DELAY)
    elif name == "list_lag":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_ASYNC_DELAY:
            raise ValueError("list_lag must be a number of seconds between 0 and %s" % MAX_ASYNC_DELAY)
    elif name == "list_barrier":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 50):
            raise ValueError("list_barrier must be null or a number of requests from 2 to 50")
    elif name == "rate_limit":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError("rate_limit must be null or a number of requests >= 1")
    elif name == "rate_window":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
            raise ValueError("rate_window must be a number of seconds above 0, at most 3600")
    elif name == "page_size_cap":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError("page_size_cap must be null or an integer >= 1")
    elif name == "async_ends_in":
        if value is not None and (not isinstance(value, str) or not value):
            raise ValueError("async_ends_in must be null or a status")
    elif name == "identity_ttl":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 86400:
            raise ValueError("identity_ttl must be a whole number of seconds from 0 to 86400")
    elif name == "oidc_id_token":
        if not isinstance(value, str) or not value:
            raise ValueError("oidc_id_token must be a non-empty string")
    elif name == "task_quota":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
            raise ValueError("task_quota must be an integer from 0 to 1000")
    elif name == "total_number_extra":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("total_number_extra must be an integer >= 0")
    elif name == "job_outcome":
        if value not in ("SUCCESS", "FAILED", "CANCELLED"):
            raise ValueError("job_outcome must be one of SUCCESS, FAILED, CANCELLED")
    elif name in (
        "modify_requires_paused",
        "modify_restarts",
        "modify_failed",
        "echo_body_in_errors",
        "list_ignores_offset",
        "jobs_unreadable",
        "sold_out",
        "agency_supported",
        "metadata_agency",
    ):
        if not isinstance(value, bool):
            raise ValueError("%s must be true or false" % name)
    elif not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("%s must be a list of strings" % name)


@dataclasses.dataclass
class Credentials:
    """The single account the emulator knows."""

    access_key: str = defaults.ACCESS_KEY
    secret_key: str = defaults.SECRET_KEY
    temp_access_key: str = defaults.TEMP_ACCESS_KEY
    temp_secret_key: str = defaults.TEMP_SECRET_KEY
    security_token: str = defaults.SECURITY_TOKEN
    project_id: str = defaults.PROJECT_ID
    domain_id: str = defaults.DOMAIN_ID
    region: str = defaults.REGION

    def secret_for(self, access_key):
        """Return (secret_key, required_security_token or None), or None for an unknown AK."""
        if access_key == self.access_key:
            return self.secret_key, None
        if access_key == self.temp_access_key:
            return self.temp_secret_key, self.security_token
        return None


@dataclasses.dataclass
class Settings:
    """Everything fixed at start-up."""

    host: str = "127.0.0.1"
    port: int = 0
    credentials: Credentials = dataclasses.field(default_factory=Credentials)
    switches: Switches = dataclasses.field(default_factory=Switches)
    signer: str = "auto"  # auto | sdk | builtin: how signatures are recomputed (see signature.py)
    verbose: bool = False  # one access-log line per request on stderr (never bodies)
