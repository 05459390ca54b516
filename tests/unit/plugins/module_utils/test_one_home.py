"""One home per concern: the failure fields of every failed result, the masking of a task's secrets, the deadline,
the wait_timeout and peer checks."""

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import MASK
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import (
    Failure,
    as_failure,
    failure_fields,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Deadline
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import peer_errors, wait_timeout_errors
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import masked


def api_error():
    return ApiError("read task t-1", "no such task", status=404, error_code="DMS.00404022", request_id="r-9")


def test_an_api_error_becomes_failed_to_operation_with_its_fields():
    fields = failure_fields(api_error(), changed=False, task={})
    assert fields["msg"] == "Failed to read task t-1: no such task (DMS.00404022, r-9)"
    assert fields["error_code"] == "DMS.00404022" and fields["request_id"] == "r-9"
    assert fields["changed"] is False and fields["task"] == {}


def test_a_failure_keeps_its_hints_and_the_state_it_left():
    failure = Failure("could not resume", hints=["state=running resumes it"], left="PAUSED")
    fields = failure_fields(failure, changed=True)
    assert fields == dict(changed=True, left="PAUSED", msg="could not resume (hint: state=running resumes it)")


def test_the_failure_own_fields_win_over_what_the_run_reports():
    assert failure_fields(Failure("x", changed=True), changed=False)["changed"] is True


def test_anything_else_is_an_internal_error_with_its_text_redacted():
    failure = as_failure(KeyError("secret-value"), redact=lambda text: text.replace("secret-value", MASK))
    assert failure.msg == "internal error of the module (please report it): KeyError: '%s'" % MASK
    assert as_failure(failure) is failure


def test_masked_masks_the_secrets_a_task_sets_and_nothing_else():
    body = {"task_name": "t", "sink_task": {"access_key": "AK", "secret_key": "", "obs_path": "p"}}
    assert masked(body) == {"task_name": "t", "sink_task": {"access_key": MASK, "secret_key": "", "obs_path": "p"}}
    assert body["sink_task"]["access_key"] == "AK"  # a copy


def test_masked_with_a_declaration_masks_what_the_declaration_sends():
    view = {"source_task": {"user_name": "u"}}
    declared = {"source_task": {"password": "pw"}}
    assert masked(view, declared) == {"source_task": {"user_name": "u", "password": MASK}}


def test_a_deadline_counts_down_and_stops_at_zero():
    now = [100.0]
    deadline = Deadline(30, clock=lambda: now[0])
    now[0] = 112.5
    assert deadline.remaining() == 17.5
    now[0] = 200.0
    assert deadline.remaining() == 0.0
    assert Deadline(-5, clock=lambda: 0.0).remaining() == 0.0


@pytest.mark.parametrize("seconds, errors", [(0, 0), (600, 0), (-1, 1)])
def test_wait_timeout(seconds, errors):
    assert len(wait_timeout_errors(dict(wait_timeout=seconds))) == errors


def test_peer_rules_for_a_create_infer_sasl_from_a_user_name():
    assert peer_errors(dict(instance_id="i", user_name="u"), to_create=True) == [
        "security_protocol SASL_SSL needs source_task.password to create a task"
    ]
    assert peer_errors(dict(instance_id="i", user_name="u"), to_create=False) == []
