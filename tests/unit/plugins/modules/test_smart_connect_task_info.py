"""smart_connect_task_info without a server: paging (bounded, by items received), filters, option checks."""

import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import api as sc_api
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as vocab
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import info as reader
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import shapes

INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-000000000001"


def api_task(index, status="RUNNING", name=None):
    return {
        "id": "task-%03d" % index,
        "task_name": name or "task-%03d" % index,
        "status": status,
        "create_time": 1700000000000 + index,
        "topics": "b,a",
        "source_type": "NONE",
        "source_task": None,
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "bucket", "obs_part_size": 5242880},
    }


class PagedApi:
    """Serves ``tasks`` like the service: at most ``cap`` a page, whatever the limit; records every call."""

    def __init__(self, tasks, cap=None, total=None, extra=None):
        self.tasks = tasks
        self.cap = cap
        self.total = total  # a function of the call number, to model a server that lies
        self.extra = extra or {}
        self.calls = []

    def list_all(self):
        return sc_api.read_all_pages(self)

    def list_page(self, offset=0, limit=vocab.PAGE_SIZE):
        self.calls.append((offset, limit))
        size = min(limit, self.cap) if self.cap else limit
        total = len(self.tasks) if self.total is None else self.total(len(self.calls))
        page = {"tasks": self.tasks[offset : offset + size], "total_number": total}
        page.update(self.extra)
        return page


class EndlessApi:
    """A misbehaving server: every page has one new task, and total_number is whatever ``total`` says."""

    def __init__(self, total):
        self.total = total
        self.calls = []

    def list_all(self):
        return sc_api.read_all_pages(self)

    def list_page(self, offset=0, limit=vocab.PAGE_SIZE):
        self.calls.append((offset, limit))
        return {"tasks": [api_task(len(self.calls))], "total_number": self.total(len(self.calls))}


@settings(max_examples=200, deadline=None)
@given(count=st.integers(min_value=0, max_value=60), cap=st.one_of(st.none(), st.integers(min_value=1, max_value=60)))
def test_every_task_once_in_order_with_the_fewest_pages(count, cap):
    tasks = [api_task(index) for index in range(count)]
    api = PagedApi(tasks, cap=cap)
    found, summary = sc_api.read_all_pages(api)
    assert found == tasks
    size = min(cap or 50, 50)
    expected_pages = max(1, -(-count // size))
    assert api.calls == [(offset * size, 50) for offset in range(expected_pages)]
    assert summary["total_number"] == count and not summary["truncated"]
    assert summary["pages"] == expected_pages and summary["received"] == count


@pytest.mark.parametrize("total", [3, 5])
def test_a_server_that_ignores_offset_cannot_duplicate_tasks_nor_hide_the_others(total):
    """Every page is the first: the tasks repeat, and the total (honest, or not) says there are more. The listing
    keeps each once and says it may be incomplete, so no task is created that may exist on an unseen page."""
    tasks = [api_task(1), api_task(2)]

    class IgnoresOffset(PagedApi):
        def list_page(self, offset=0, limit=vocab.PAGE_SIZE):
            self.calls.append((offset, limit))
            return {"tasks": list(self.tasks), "total_number": total}

    api = IgnoresOffset(tasks)
    found, summary = sc_api.read_all_pages(api)
    assert found == tasks  # kept once each
    assert [call[0] for call in api.calls] == [0, 2]  # the second page brought nothing new: no third
    assert summary["received"] == 4 and summary["truncated"]


def test_a_total_that_keeps_growing_is_given_up_after_total_plus_a_few_pages():
    api = EndlessApi(total=lambda call: call + 1)  # always "one more"
    found, summary = sc_api.read_all_pages(api)
    assert len(api.calls) == 2 + sc_api.EXTRA_PAGES  # the first page said 2
    assert summary["truncated"] and len(found) == len(api.calls)


def test_a_huge_total_is_bounded_by_max_pages():
    api = EndlessApi(total=lambda call: 10**9)
    summary = sc_api.read_all_pages(api)[1]
    assert len(api.calls) == sc_api.MAX_PAGES and summary["truncated"]


def test_an_empty_page_ends_the_listing_even_when_the_total_says_more():
    api = PagedApi([api_task(1)], cap=1, total=lambda call: 3)
    found, summary = sc_api.read_all_pages(api)
    assert [task["id"] for task in found] == ["task-001"]
    assert api.calls == [(0, 50), (1, 50)] and not summary["truncated"]


@pytest.mark.parametrize("total, pages", [(None, 1), ("abc", 1), ("3", 3), (True, 1)])
def test_total_number_missing_or_odd(total, pages):
    tasks = [api_task(index) for index in range(3)]
    api = PagedApi(tasks, cap=1, total=lambda call: total)
    found, summary = sc_api.read_all_pages(api)
    assert len(api.calls) == pages and len(found) == pages
    assert summary["total_number"] == (3 if total == "3" else None)


def test_summary_numbers_come_from_the_last_page_as_ints():
    api = PagedApi([api_task(1)], extra={"max_tasks": "18", "quota_tasks": 17})
    summary = sc_api.read_all_pages(api)[1]
    assert (summary["total_number"], summary["max_tasks"], summary["quota_tasks"]) == (1, 18, 17)
    api = PagedApi([], extra={})
    summary = sc_api.read_all_pages(api)[1]
    assert summary["max_tasks"] is None and summary["quota_tasks"] is None


@pytest.mark.parametrize(
    "params, expected",
    [
        (dict(), True),
        (dict(task_name="task-001"), True),
        (dict(task_name="Task-001"), False),  # names are compared exactly
        (dict(status=["running"]), True),
        (dict(status=[" PAUSED ", "RUNNING"]), True),
        (dict(status=["PAUSED"]), False),
        (dict(status=[]), True),  # an empty list filters nothing
        (dict(task_name="task-001", status=["PAUSED"]), False),
    ],
)
def test_filters(params, expected):
    task = shapes.normalize_task(api_task(1))
    assert reader.matches(task, params) is expected


def test_a_task_without_status_matches_no_status_filter():
    task = shapes.normalize_task(dict(api_task(1), status=None))
    assert not reader.matches(task, dict(status=["RUNNING"]))


class FakeModule:
    def __init__(self, **params):
        self.params = dict(instance_id=INSTANCE, task_id=None, task_name=None, status=None)
        self.params.update(params)
        self.warnings = []
        self.check_mode = False
        self._diff = False

    def warn(self, text):
        self.warnings.append(text)


def test_reader_returns_option_shaped_tasks_and_the_list_numbers():
    api = PagedApi([api_task(1), api_task(2, status="PAUSED")], cap=1, extra={"max_tasks": 18, "quota_tasks": 16})
    module = FakeModule(status=["PAUSED"])
    result = reader.InfoReader(module, api).run()
    assert result == {
        "changed": False,
        "total_number": 2,
        "max_tasks": 18,
        "quota_tasks": 16,
        "tasks": [reader.with_spec(shapes.normalize_task(api_task(2, status="PAUSED")))],
    }
    assert result["tasks"][0]["manageable"] and result["tasks"][0]["spec"]["task_name"] == api_task(2)["task_name"]
    assert result["tasks"][0]["topics"] == ["a", "b"]  # the option shape
    assert "obs_part_size" not in result["tasks"][0]["sink_task"]  # no server field
    assert module.warnings == []


def test_reader_by_id_is_one_show_and_no_list():
    shown = []
    api = types.SimpleNamespace(
        show=lambda task_id: shown.append(task_id) or api_task(7), list_page=lambda **kwargs: pytest.fail("listed")
    )
    result = reader.InfoReader(FakeModule(task_id="task-007"), api).run()
    assert shown == ["task-007"] and [task["id"] for task in result["tasks"]] == ["task-007"]
    assert set(result) == {"changed", "tasks"}
    api.show = lambda task_id: None
    assert reader.InfoReader(FakeModule(task_id="task-007"), api).run() == {"changed": False, "tasks": []}


def test_reader_warns_when_paging_was_cut_short():
    module = FakeModule()
    result = reader.InfoReader(module, EndlessApi(total=lambda call: call + 1)).run()
    assert len(module.warnings) == 1 and "may be incomplete" in module.warnings[0]
    assert len(result["tasks"]) == 2 + sc_api.EXTRA_PAGES
