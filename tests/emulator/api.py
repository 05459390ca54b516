"""The emulated DMS and IAM operations: the route table and one handler per operation.

Routing happens on the raw path (before authentication, as at the gateway: an unknown path is a 404
APIGW.0101 whatever the signature). Handlers return an Answer or raise errors.ApiError.
"""

import dataclasses
import json
import re
import uuid
from typing import Optional
from urllib.parse import unquote

from . import defaults, errors, views

_P, _I, _T = r"(?P<project_id>[^/]+)", r"(?P<instance_id>[^/]+)", r"(?P<task_id>[^/]+)"
_TASKS = "/v2/%s/instances/%s/connector/tasks" % (_P, _I)

# (method, path pattern, operation name as in the SDK's KafkaClient)
ROUTES = [
    ("GET", r"/v3/projects", "KeystoneListProjects"),
    ("GET", r"/v2/%s/instances" % _P, "ListInstances"),
    ("GET", r"/v2/%s/instances/%s" % (_P, _I), "ShowInstance"),
    ("POST", r"/v2/%s/instances/%s/connector" % (_P, _I), "CreateConnector"),
    ("GET", r"/v2/%s/instances/%s/connector" % (_P, _I), "ShowConnectorResourceInfo"),
    ("POST", r"/v2/%s/kafka/instances/%s/delete-connector" % (_P, _I), "DeleteConnector"),
    ("POST", _TASKS, "CreateConnectorTask"),
    ("GET", _TASKS, "ListConnectorTasks"),
    ("GET", _TASKS + "/" + _T, "ShowConnectorTask"),
    ("PUT", _TASKS + "/" + _T, "ModifyConnectorTask"),
    ("DELETE", _TASKS + "/" + _T, "DeleteConnectorTask"),
    ("PUT", _TASKS + "/" + _T + "/pause", "PauseConnectorTask"),
    ("PUT", _TASKS + "/" + _T + "/resume", "ResumeConnectorTask"),
    ("PUT", r"/v2/%s/kafka/instances/%s/connector/tasks/%s/restart" % (_P, _I, _T), "RestartConnectorTask"),
    ("PUT", _TASKS + "/" + _T + "/restart", "RestartSmartConnectorTask"),
    ("POST", r"/v2/%s/instances/%s/connector/validate" % (_P, _I), "ValidateConnectorConnectivity"),
    ("GET", r"/v2/%s/instances/%s/tasks/(?P<job_id>[^/]+)" % (_P, _I), "ShowBackgroundTask"),
    ("GET", r"/v2/%s/instances/%s/tasks/(?P<job_id>[^/]+)/progress" % (_P, _I), "ShowBackgroundTaskProgress"),
]
_COMPILED = [(method, re.compile("^%s/?\\Z" % pattern), operation) for method, pattern, operation in ROUTES]


@dataclasses.dataclass
class Route:
    operation: str
    params: dict


@dataclasses.dataclass
class Answer:
    status: int
    body: Optional[object] = None  # JSON-able; None means no body (204)
    headers: dict = dataclasses.field(default_factory=dict)


def match(method, raw_path):
    """Return the Route for this method and path, or None."""
    for route_method, pattern, operation in _COMPILED:
        found = pattern.match(raw_path)
        if found and route_method == method:
            return Route(operation, {name: unquote(value) for name, value in found.groupdict().items()})
    return None


def parse_json_body(raw):
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise errors.invalid_request("the request body is not valid JSON") from None


class Api:
    """Runs an operation against the Store, after the gateway has authenticated the request."""

    def __init__(self, store, credentials, switches):
        self.store = store
        self.credentials = credentials
        self.switches = switches

    def published(self, route):
        """Whether the gateway publishes this route (restart_paths can leave one spelling of the restart out)."""
        unpublished = {"kafka": "RestartSmartConnectorTask", "plain": "RestartConnectorTask"}
        return route.operation != unpublished.get(self.switches.restart_paths)

    def account_projects(self):
        projects = list(self.store.projects())
        if self.switches.ambiguous_regions:
            projects.append(defaults.AMBIGUOUS_PROJECT_ID)
        return projects

    def check_project(self, route, project_header):
        """Path project and X-Project-Id (when sent) must be the credentials' project."""
        projects = self.account_projects()
        if project_header is not None and project_header not in projects:
            raise errors.auth_failed(
                "the project in X-Project-Id (%s) does not belong to the credentials" % project_header
            )
        path_project = route.params.get("project_id")
        if path_project is None:
            return
        if path_project not in projects or (project_header is not None and project_header != path_project):
            raise errors.ApiError(401, errors.PROJECT_MISMATCH, "The project ID and token do not match.")

    def call(self, route, wire, base_url):
        params = route.params
        handler = getattr(self, "_" + re.sub(r"(?<!^)([A-Z])", r"_\1", route.operation).lower())
        if route.operation == "KeystoneListProjects":
            return handler(wire, base_url)
        if route.operation == "ListInstances":
            return handler(wire, params["project_id"])
        # An instance of another project (or none: see ambiguous_regions) is not found in this one.
        self.store.instance_in_project(params["instance_id"], params["project_id"])
        return handler(wire, **{k: v for k, v in params.items() if k != "project_id"})

    # ----- IAM ----------------------------------------------------------------------------------
    def _keystone_list_projects(self, wire, base_url):
        name = dict(wire.query_pairs).get("name")
        by_region = {}  # each region's projects: the home one, those instances were placed in (fleet.py)
        for project_id, region in self.store.projects().items():
            by_region.setdefault(region, []).append(project_id)
        for region in self.switches.ambiguous_regions:  # an ambiguous region answers the home project and another
            by_region.setdefault(region, [self.credentials.project_id]).append(defaults.AMBIGUOUS_PROJECT_ID)
        regions = list(by_region) if name is None else [name] if name in by_region else []
        projects = []
        for each in regions:
            projects.extend(views.projects_body(base_url, each, by_region[each], self.credentials)["projects"])
        body = views.projects_body(base_url, name or "", [], self.credentials)
        body["projects"] = projects
        return Answer(200, body, {"X-IAM-Trace-Id": uuid.uuid4().hex})

    # ----- instances ----------------------------------------------------------------------------
    def _list_instances(self, wire, project_id):
        page, total = self.store.list_instances(project_id, wire.query_pairs)
        return Answer(200, {"instances": [views.instance_body(instance) for instance in page], "instance_num": total})

    def _show_instance(self, wire, instance_id):
        del wire
        with self.store.lock:
            return Answer(200, views.instance_body(self.store.instance(instance_id)))

    def _create_connector(self, wire, instance_id):
        return Answer(200, self.store.enable_connector(instance_id, parse_json_body(wire.body)))

    def _show_connector_resource_info(self, wire, instance_id):
        del wire
        self.store.instance(instance_id)
        return Answer(200, {"soldOut": bool(self.switches.sold_out)})  # sic: camelCase in the SDK model

    def _show_background_task(self, wire, instance_id, job_id):
        del wire
        return Answer(200, {"tasks": [self.store.background_job(instance_id, job_id)]})

    def _show_background_task_progress(self, wire, instance_id, job_id):
        del wire
        return Answer(200, self.store.job_progress(instance_id, job_id))

    def _delete_connector(self, wire, instance_id):
        parse_json_body(wire.body)
        return Answer(200, self.store.disable_connector(instance_id))

    # ----- tasks --------------------------------------------------------------------------------
    def _create_connector_task(self, wire, instance_id):
        with self.store.lock:
            task = self.store.create_task(instance_id, parse_json_body(wire.body))
            return Answer(200, views.task_body(task, self.switches))

    def _list_connector_tasks(self, wire, instance_id):
        with self.store.lock:
            page, total = self.store.list_tasks(instance_id, wire.query_pairs)
            return Answer(200, views.list_body(page, total, self.switches))

    def _show_connector_task(self, wire, instance_id, task_id):
        del wire
        with self.store.lock:
            return Answer(200, views.task_body(self.store.show_task(instance_id, task_id), self.switches))

    def _modify_connector_task(self, wire, instance_id, task_id):
        with self.store.lock:
            task = self.store.modify_task(instance_id, task_id, parse_json_body(wire.body))
            return Answer(200, views.task_body(task, self.switches))

    def _delete_connector_task(self, wire, instance_id, task_id):
        del wire
        self.store.delete_task(instance_id, task_id)
        return Answer(204)

    def _pause_connector_task(self, wire, instance_id, task_id):
        del wire
        self.store.act(instance_id, task_id, "pause")
        return Answer(204)

    def _resume_connector_task(self, wire, instance_id, task_id):
        del wire
        self.store.act(instance_id, task_id, "resume")
        return Answer(204)

    def _restart_connector_task(self, wire, instance_id, task_id):
        del wire
        self.store.act(instance_id, task_id, "restart")
        return Answer(204)

    _restart_smart_connector_task = _restart_connector_task

    def _validate_connector_connectivity(self, wire, instance_id):
        self.store.validate_connectivity(instance_id, parse_json_body(wire.body))
        return Answer(200, {})
