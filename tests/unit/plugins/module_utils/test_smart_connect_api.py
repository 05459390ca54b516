"""SmartConnectApi's checks of what the service answers: an answer that makes no sense is never "nothing there"."""

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
