"""The admin API under /_emulator/: unsigned, loopback-only, never journaled or faulted.

Each handler takes the parsed JSON body (or None) and the decoded query pairs and returns
(status, JSON-able body). Shapes are documented in README.md, "Admin API".
"""

import dataclasses
import re

from . import defaults, errors, views

_ROUTES = []


def _route(method, pattern):
    def register(function):
        _ROUTES.append((method, re.compile("^%s/?\\Z" % pattern), function))
        return function

    return register


class AdminError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def handle(emulator, method, subpath, query_pairs, body):
    """Dispatch one admin request; subpath is the path after the prefix ("" or "/journal"...)."""
    for route_method, pattern, function in _ROUTES:
        found = pattern.match(subpath or "/")
        if found and route_method == method:
            try:
                return function(emulator, body, dict(query_pairs), **found.groupdict())
            except AdminError as exc:
                return exc.status, {"error": str(exc)}
            except (ValueError, TypeError) as exc:
                return 400, {"error": str(exc)}
            except KeyError as exc:
                return 409, {"error": exc.args[0] if exc.args else str(exc)}
            except LookupError as exc:
                return 404, {"error": str(exc)}
    return 404, {"error": "no admin endpoint %s %s%s" % (method, defaults.ADMIN_PREFIX, subpath)}


def _object(body):
    if not isinstance(body, dict):
        raise AdminError(400, "the body must be a JSON object")
    return body


@_route("GET", "/health")
def _health(emulator, body, query):
    del body, query
    return 200, {"ok": True, "url": emulator.url}


@_route("GET", "/info")
def _info(emulator, body, query):
    del body, query
    return 200, emulator.info()


@_route("GET", "/config")
def _get_config(emulator, body, query):
    del body, query
    return 200, emulator.switches.to_dict()


@_route("PUT", "/config")
def _put_config(emulator, body, query):
    del query
    with emulator.store.lock:
        emulator.switches.update(_object(body))
        return 200, emulator.switches.to_dict()


@_route("GET", "/journal")
def _get_journal(emulator, body, query):
    del body
    writes_only = query.get("writes") in ("1", "true", "yes")
    return 200, {
        "entries": emulator.journal.entries(
            method=query.get("method"),
            path_contains=query.get("path_contains"),
            operation=query.get("operation"),
            writes_only=writes_only,
        )
    }


@_route("DELETE", "/journal")
def _clear_journal(emulator, body, query):
    del body, query
    return 200, {"cleared": emulator.journal.clear()}


@_route("GET", "/faults")
def _get_faults(emulator, body, query):
    del body, query
    return 200, {"faults": emulator.faults.active()}


@_route("POST", "/faults")
def _add_faults(emulator, body, query):
    del query
    specs = _object(body).get("faults", [body]) if isinstance(body, dict) else None
    if not isinstance(specs, list):
        raise AdminError(400, "faults must be a list")
    return 201, {"faults": [emulator.faults.add(spec).to_dict() for spec in specs]}


@_route("DELETE", "/faults")
def _clear_faults(emulator, body, query):
    del body, query
    emulator.faults.clear()
    return 200, {"faults": []}


@_route("POST", "/reset")
def _reset(emulator, body, query):
    del body, query
    emulator.reset()
    return 200, {"reset": True}


@_route("POST", "/instances")
def _add_instance(emulator, body, query):
    del query
    fields = _object(body)
    if "instances" in fields:  # many at once (a fleet): {"instances": [fields, ...]}
        if not isinstance(fields["instances"], list):
            raise AdminError(400, "instances must be a list of objects")
        added = [emulator.store.add_instance(_object(each)) for each in fields["instances"]]
        return 201, {"instances": [views.instance_body(instance) for instance in added]}
    return 201, views.instance_body(emulator.store.add_instance(fields))


@_route("PATCH", "/instances/(?P<instance_id>[^/]+)")
def _update_instance(emulator, body, query, instance_id):
    del query
    instance = emulator.store.update_instance(instance_id, _object(body))
    return 200, views.instance_body(instance)


@_route("POST", "/instances/(?P<instance_id>[^/]+)/tasks")
def _seed_task(emulator, body, query, instance_id):
    del query
    fields = _object(body)
    status = fields.get("status", "RUNNING")
    if not isinstance(status, str) or not status:
        raise AdminError(400, "status must be a non-empty string")
    try:
        task = emulator.store.seed_task(instance_id, _object(fields.get("task")), status)
    except errors.ApiError as error:  # what the service would refuse of a create of a known type
        raise AdminError(error.status, "%s: %s" % (error.error_code, error.error_msg)) from None
    with emulator.store.lock:
        return 201, views.task_body(task, emulator.switches)


@_route("PATCH", "/tasks/(?P<task_id>[^/]+)")
def _update_task(emulator, body, query, task_id):
    del query
    status, shown = _object(body).get("status"), body.get("shown") or {}
    if not isinstance(status, str) or not status:
        raise AdminError(400, "status must be a non-empty string")
    if not isinstance(shown, dict):
        raise AdminError(400, "shown must be an object of extra fields")
    task = emulator.store.set_task_status(task_id, status, shown)
    return 200, {"id": task.id, "status": task.status}


@_route("GET", "/state")
def _state(emulator, body, query):
    del body, query
    state = emulator.store.dump()
    state["config"] = emulator.switches.to_dict()
    state["credentials"] = dataclasses.asdict(emulator.settings.credentials)
    return 200, state
