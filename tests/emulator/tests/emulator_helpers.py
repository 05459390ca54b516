"""Helpers for the emulator's own tests: raw requests signed by the official SDK signer, sample task
bodies and bounded polling. Everything talks to 127.0.0.1 only."""

import json
import time
import types
import warnings
from urllib.parse import quote

import requests

from emulator.sdk_import import isolated_home

with isolated_home():
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer


def sdk_sign(method, url, path, query=None, headers=None, body=b"", ak="", sk=""):
    """Sign like the SDK does; return (url with the canonical query, headers to send)."""
    host = url.split("://", 1)[1]
    request = SdkRequest(
        method=method,
        schema="http",
        host=host,
        resource_path=path,
        query_params=list(query or []),
        header_params=dict(headers or {}),
        body=body,
    )
    with warnings.catch_warnings():  # the SDK calls datetime.utcnow(), deprecated in Python 3.12
        warnings.simplefilter("ignore", DeprecationWarning)
        Signer(types.SimpleNamespace(ak=ak, sk=sk)).sign(request)
    return url + request.uri, request.header_params


class SignedCaller:
    """Sends raw DMS requests signed by the official SDK signer (never the collection's signer)."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.session = requests.Session()

    def call(
        self,
        method,
        path,
        body=None,
        query=None,
        ak=None,
        sk=None,
        token=None,
        headers=None,
        project_header=True,
        raw_body=None,
        timeout=5,
    ):
        emu = self.emulator
        send_headers = {"Content-Type": "application/json"}
        if project_header:
            send_headers["X-Project-Id"] = emu.project_id if project_header is True else project_header
        if token:
            send_headers["X-Security-Token"] = token
        send_headers.update(headers or {})
        if raw_body is not None:
            data = raw_body
        else:
            data = b"" if body is None else json.dumps(body).encode("utf-8")
        url, signed = sdk_sign(
            method, emu.url, path, query, send_headers, data, ak or emu.access_key, sk or emu.secret_key
        )
        return self.session.request(method, url, headers=signed, data=data, timeout=timeout)

    # Paths of the API, for the default project and the Smart-Connect-on instance.
    def instance_path(self, instance_id=None, project_id=None):
        return "/v2/%s/instances/%s" % (
            project_id or self.emulator.project_id,
            instance_id or self.emulator.instance_id,
        )

    def tasks_path(self, instance_id=None):
        return self.instance_path(instance_id) + "/connector/tasks"

    def task_path(self, task_id, instance_id=None):
        return "%s/%s" % (self.tasks_path(instance_id), quote(task_id))

    def create(self, body, instance_id=None):
        return self.call("POST", self.tasks_path(instance_id), body)

    def create_ok(self, body, instance_id=None):
        response = self.create(body, instance_id)
        assert response.status_code == 200, response.text
        return response.json()

    def show(self, task_id, instance_id=None):
        return self.call("GET", self.task_path(task_id, instance_id))

    def modify(self, task_id, body, instance_id=None):
        return self.call("PUT", self.task_path(task_id, instance_id), body)

    def action(self, task_id, action, instance_id=None):
        if action == "delete":
            return self.call("DELETE", self.task_path(task_id, instance_id))
        if action == "restart":
            path = "/v2/%s/kafka/instances/%s/connector/tasks/%s/restart" % (
                self.emulator.project_id,
                instance_id or self.emulator.instance_id,
                task_id,
            )
            return self.call("PUT", path)
        return self.call("PUT", self.task_path(task_id, instance_id) + "/" + action)

    def list(self, offset=None, limit=None, instance_id=None):
        query = [(name, str(value)) for name, value in (("offset", offset), ("limit", limit)) if value is not None]
        return self.call("GET", self.tasks_path(instance_id), query=query)

    def wait_task_status(self, task_id, status, timeout=3.0):
        deadline = time.monotonic() + timeout
        while True:
            current = self.show(task_id).json()["status"]
            if current == status or time.monotonic() > deadline:
                return current
            time.sleep(0.02)


def error_of(response):
    body = response.json()
    return response.status_code, body["error_code"]


def replication_body(emulator, name="replicate-1", **source_overrides):
    source = {
        "current_cluster_name": "A",
        "cluster_name": "B",
        "instance_id": emulator.peer_instance_id,
        "direction": "pull",
        "sync_consumer_offsets_enabled": False,
        "replication_factor": 3,
        "task_num": 2,
        "rename_topic_enabled": False,
        "provenance_header_enabled": False,
        "consumer_strategy": "earliest",
        "compression_type": "none",
        "security_protocol": "PLAINTEXT",
    }
    source.update(source_overrides)
    return {
        "task_name": name,
        "topics": "topic-a,topic-b",
        "source_type": "KAFKA_REPLICATOR_SOURCE",
        "source_task": source,
    }


def obs_body(name="dump-obs-1", **sink_overrides):
    sink = {
        "consumer_strategy": "earliest",
        "destination_file_type": "TEXT",
        "deliver_time_interval": 300,
        "access_key": "OBSACCESSKEY",
        "secret_key": "obs-secret-key",
        "obs_bucket_name": "obs_bucket",
        "obs_path": "obsTransfer-1810125534",
        "partition_format": "yyyy/MM/dd/HH/mm",
        "record_delimiter": "\n",
        "store_keys": False,
    }
    sink.update(sink_overrides)
    return {
        "task_name": name,
        "start_later": False,
        "source_type": "NONE",
        "topics_regex": "topic-obs*",
        "sink_type": "OBS_SINK",
        "sink_task": sink,
    }
