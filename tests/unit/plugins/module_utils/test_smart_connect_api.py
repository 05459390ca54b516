"""SmartConnectApi's checks of what the service answers: an answer that makes no sense is never "nothing there"."""

import threading

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.api import SmartConnectApi
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError


class AnsweringClient:
    """A client whose every call answers ``answer``."""

    last_request_id = "req-listed"

    def __init__(self, answer):
        self.answer = answer

    def call(self, method, segments, operation, body=None, query=None):  # pylint: disable=unused-argument
        return self.answer


@pytest.mark.parametrize("task", [{"id": "t1"}, {"id": "t1", "task_name": ""}, {"task_name": "x"}])
def test_a_listed_task_without_an_id_or_a_name_makes_no_sense(task):
    api = SmartConnectApi(AnsweringClient({"tasks": [task], "total_number": 1}), "inst-1")
    with pytest.raises(ApiError) as raised:
        api.list_page()
    assert raised.value.error_code == "MalformedAnswer" and raised.value.request_id == "req-listed"
    assert "a task without an id or a name" in str(raised.value)


class PlainRestartGateway:
    """Publishes only the restart call without ``/kafka/``; the first ``parallel`` calls meet at a barrier before
    any is answered, as the side-by-side restarts of smart_connect_tasks may."""

    def __init__(self, parallel):
        self.barrier = threading.Barrier(parallel, timeout=30)
        self.paths = []
        self.lock = threading.Lock()

    def call(self, method, segments, operation, body=None, query=None):  # pylint: disable=unused-argument
        with self.lock:
            self.paths.append("/".join(segments))
            first_calls = len(self.paths) <= self.barrier.parties
        if first_calls:
            self.barrier.wait()
        if segments[0] == "kafka":
            raise ApiError(operation, "The API does not exist", status=404, error_code="APIGW.0101", request_id="r")
        return {}


def test_restarts_side_by_side_each_fall_back_to_the_published_spelling():
    gateway = PlainRestartGateway(parallel=4)
    api = SmartConnectApi(gateway, "inst-1")
    failures = []

    def restart(task_id):
        try:
            api.restart(task_id)
        except ApiError as error:
            failures.append(error)

    threads = [threading.Thread(target=restart, args=("task-%d" % n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert sum(path.startswith("kafka/") for path in gateway.paths) == 4  # each tried the documented one once
    api.restart("task-later")  # the spelling that worked is kept
    assert gateway.paths[-1] == "instances/inst-1/connector/tasks/task-later/restart"
