"""A small client for the emulator's admin API (standard library only).

This is what the pytest ``emulator`` fixture hands to tests; scripts can use it against an emulator
started with run.py: ``EmulatorClient("http://127.0.0.1:PORT").journal()``.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from . import defaults


class AdminApiError(Exception):
    """The admin API refused a call (bad switch, bad fault spec...)."""


class EmulatorClient:
    """Admin helper: credentials and seeded ids as attributes, switches/faults/journal as methods."""

    def __init__(self, url, timeout=10):
        self.url = url.rstrip("/")
        self.timeout = timeout
        info = self.info()
        self.access_key = info["access_key"]
        self.secret_key = info["secret_key"]
        self.temp_access_key = info["temp_access_key"]
        self.temp_secret_key = info["temp_secret_key"]
        self.security_token = info["security_token"]
        self.project_id = info["project_id"]
        self.domain_id = info["domain_id"]
        self.region = info["region"]
        self.ambiguous_project_id = info["ambiguous_project_id"]
        self.instance_ids = dict(info["instances"])
        self.instance_id = self.instance_ids["connector_on"]
        self.instance_id_connector_off = self.instance_ids["connector_off"]
        self.peer_instance_id = self.instance_ids["peer_1"]
        self.peer_instance_id_2 = self.instance_ids["peer_2"]
        self.max_tasks = info["max_tasks"]
        self.oidc_provider_urn = info["oidc_provider_urn"]
        self.oidc_agency_urn = info["oidc_agency_urn"]

    @property
    def temp_credentials(self):
        """(access_key, secret_key, security_token) of the temporary credentials."""
        return self.temp_access_key, self.temp_secret_key, self.security_token

    # ----- transport ----------------------------------------------------------------------------
    def _call(self, method, path, body=None, query=None):
        url = self.url + defaults.ADMIN_PREFIX + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace")
            raise AdminApiError("%s %s -> %s: %s" % (method, path, exc.code, detail)) from None

    # ----- general ------------------------------------------------------------------------------
    def info(self):
        return self._call("GET", "/info")

    def reset(self):
        """Seeded instances only, start-up switches, no faults, empty journal."""
        self._call("POST", "/reset")

    def state(self):
        """Everything the emulator holds, secrets included."""
        return self._call("GET", "/state")

    def tasks(self, instance_id=None):
        """Stored tasks (raw, secrets included) of an instance, oldest first: [{id, status, spec...}]."""
        instance = self.state()["instances"][instance_id or self.instance_id]
        return list(instance["tasks"].values())

    # ----- switches -----------------------------------------------------------------------------
    def config(self):
        return self._call("GET", "/config")

    def set_config(self, **switches):
        """e.g. set_config(modify_mode="replace", put_secrets="reject", page_size_cap=3)."""
        return self._call("PUT", "/config", switches)

    def set_async_delay(self, seconds):
        return self.set_config(async_delay=seconds)

    def make_region_ambiguous(self, region=None):
        """IAM will answer two projects for this region (default: the emulator's region)."""
        return self.set_config(ambiguous_regions=[region or self.region])

    # ----- faults -------------------------------------------------------------------------------
    def inject_fault(self, kind, method=None, path=None, operation=None, count=1, skip=0, **options):
        """Fail the next `count` matching requests (None: until cleared). Options: status, html,
        retry_after, delay. Returns the fault as stored."""
        spec = {"kind": kind, "method": method, "path": path, "operation": operation, "count": count, "skip": skip}
        spec.update(options)
        return self._call("POST", "/faults", spec)["faults"][0]

    def faults(self):
        return self._call("GET", "/faults")["faults"]

    def clear_faults(self):
        self._call("DELETE", "/faults")

    # ----- journal ------------------------------------------------------------------------------
    def journal(self, method=None, path_contains=None, operation=None):
        return self._call(
            "GET", "/journal", query={"method": method, "path_contains": path_contains, "operation": operation}
        )["entries"]

    def requests(self, method=None, path_contains=None, operation=None):
        """Journal entries matching all the given filters (alias of journal())."""
        return self.journal(method=method, path_contains=path_contains, operation=operation)

    def writes(self):
        """Journal entries of every non-GET request."""
        return self._call("GET", "/journal", query={"writes": "1"})["entries"]

    def reads(self):
        return self.journal(method="GET")

    def clear_journal(self):
        return self._call("DELETE", "/journal")["cleared"]

    # ----- world --------------------------------------------------------------------------------
    def add_instance(self, **fields):
        """Fields: instance_id, name, status, connector_enable, connector_node_num, connect_address, port, region,
        project_id, tags, engine_version, specification, enterprise_project_id (README, "Admin API")."""
        return self._call("POST", "/instances", fields)

    def add_instances(self, instances):
        """Many instances in one request (a list of add_instance's fields); returns their bodies."""
        return self._call("POST", "/instances", {"instances": list(instances)})["instances"]

    def update_instance(self, instance_id, **fields):
        return self._call("PATCH", "/instances/%s" % instance_id, fields)

    def seed_task(self, task, status="RUNNING", instance_id=None):
        """A task as the console leaves it (server fills; a removed type stored as given); returns its body."""
        path = "/instances/%s/tasks" % (instance_id or self.instance_id)
        return self._call("POST", path, {"task": task, "status": status})

    def set_task_status(self, task_id, status, **shown):
        """Force a task's status; ``shown``: extra fields its body shows from then on (a failure's reason...)."""
        return self._call("PATCH", "/tasks/%s" % task_id, {"status": status, "shown": shown})
