# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Planning a task's change: compare what is asked with what is there, merge, build bodies, predict.

Private to this collection: it may change without notice between releases. Pure functions over the
shapes of ``shapes.py``; nothing here sends a request.
"""

import copy

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import (
    config_of,
    join_list,
    normalize_task,
    side_to_api,
    strip_secrets,
)

# ----- comparison -------------------------------------------------------------------------------------


def same_value(want, have):
    """Equal as the API means it: lists as sets, empty values ("" / [] / None) as one."""
    if isinstance(want, list) or isinstance(have, list):
        return set(want or []) == set(have or [])
    if want in ("", None) or have in ("", None):
        return want in ("", None) and have in ("", None)
    return want == have


def differences(desired, current):
    """The part of ``desired`` that ``current`` does not match, as ``{key: desired value}``.

    A recursive subset compare: keys the user did not set, and keys the server added, are not looked at;
    sub-dicts are compared key by key (the result nests the same way); secrets are never compared.
    """
    current = current if isinstance(current, dict) else {}
    found = {}
    for key, want in desired.items():
        if want is None or key in v.SECRET_NAMES:
            continue
        have = current.get(key)
        if isinstance(want, dict):
            sub = differences(want, have)
            if sub:
                found[key] = sub
        elif not same_value(want, have):
            found[key] = copy.deepcopy(want)
    return found


# ----- merging ----------------------------------------------------------------------------------------


def merge_task(current, desired):
    """``current`` (option shape) overlaid with ``desired``: the configuration the task should end with.

    Exclusive pairs switch over cleanly: setting ``topics`` clears ``topics_regex`` (and the other way
    round); setting a new peer ``instance_id`` alone drops the old ``bootstrap_servers`` (the server fills
    them in again), and new ``bootstrap_servers`` alone drop the old ``instance_id``; setting
    ``topics_mapping`` turns ``rename_topic_enabled`` off, and turning it on clears the mapping; asking for
    one side (replication or OBS dump) turns the other off. A side whose type is NONE is None. Secrets come
    from ``desired`` only.
    """
    merged = config_of(current)
    for key, want in desired.items():
        if key not in v.SIDES:
            merged[key] = copy.deepcopy(want)
    if desired.get("topics"):
        merged["topics_regex"] = None
    if desired.get("topics_regex"):
        merged["topics"] = None
    for side, other in zip(v.SIDES, reversed(v.SIDES)):
        # A task is either a replication or a dump: asking for one side turns the other off.
        if desired.get(v.SIDE_TYPE[side]) == v.SIDE_IN_USE[side] and v.SIDE_TYPE[other] not in desired:
            merged[v.SIDE_TYPE[other]] = v.NONE
    for side in v.SIDES:
        if merged.get(v.SIDE_TYPE[side]) == v.NONE:
            merged[side] = None
        elif desired.get(side) is not None:
            merged[side] = _merge_side(side, dict(merged.get(side) or {}), desired[side])
    return merged


def _merge_side(side, have, want):
    combined = dict(have)
    combined.update(copy.deepcopy(want))
    if side == "source_task":
        _switch_peer(combined, have, want)
        if want.get("topics_mapping") and "rename_topic_enabled" not in want and have.get("rename_topic_enabled"):
            combined["rename_topic_enabled"] = False
        if want.get("rename_topic_enabled") and "topics_mapping" not in want and have.get("topics_mapping"):
            combined["topics_mapping"] = []
    return combined


def _switch_peer(combined, have, want):
    def switched_to(key, other):
        # The peer declared by `key` alone, and not the one the task has.
        return want.get(key) and other not in want and not same_value(want[key], have.get(key))

    if switched_to("instance_id", "bootstrap_servers"):
        combined.pop("bootstrap_servers", None)
    if switched_to("bootstrap_servers", "instance_id"):
        combined["instance_id"] = ""


# ----- request bodies ---------------------------------------------------------------------------------


def create_body(desired, start_later=False):
    """The body of a create: the full task from ``desired`` (option shape), secrets included."""
    body = {"task_name": desired.get("task_name"), "start_later": bool(start_later)}
    if desired.get("topics"):
        body["topics"] = join_list(desired["topics"])
    if desired.get("topics_regex"):
        body["topics_regex"] = desired["topics_regex"]
    for side in v.SIDES:
        kind = desired.get(v.SIDE_TYPE[side]) or v.NONE
        body[v.SIDE_TYPE[side]] = kind
        if kind != v.NONE:
            body[side] = side_to_api(side, desired.get(side))
    return body


def modify_body(desired, current_api, send_secrets=False):
    """The body of a PUT that leaves the task as desired whether the server merges or replaces.

    It carries the whole task configuration (current overlaid with desired): the name, the topics (the
    cleared one of ``topics``/``topics_regex`` as ""), both types, and whole ``source_task``/``sink_task``
    objects that start from the current ones as read (server-filled fields kept) so that a replacing
    server loses nothing and a merging one ends the same. Cleared strings are sent as "" because a merging
    server ignores nulls. Secrets are sent only with ``send_secrets`` (and only those the user gave).
    """
    current = normalize_task(current_api)
    merged = merge_task(current, desired)
    body = {"task_name": merged.get("task_name")}
    for name in ("topics", "topics_regex"):
        if merged.get(name):
            body[name] = join_list(merged[name]) if name == "topics" else merged[name]
        elif current.get(name):
            body[name] = ""
    for side in v.SIDES:
        kind = merged.get(v.SIDE_TYPE[side]) or v.NONE
        body[v.SIDE_TYPE[side]] = kind
        if kind == v.NONE:
            continue
        raw = dict(current_api.get(side) or {}) if current.get(side) else {}
        for name in v.SECRETS[side]:
            raw.pop(name, None)
        for name in current.get(side) or {}:
            if name not in merged[side]:
                raw[name] = ""  # dropped by the merge (a switched peer): cleared under both readings
        raw.update(side_to_api(side, merged[side], include_secrets=send_secrets))
        body[side] = raw
    return body


def validate_body(source):
    """The body of a connectivity check of the peer in ``source`` (an option-shaped ``source_task``)."""
    return {"type": v.KAFKA_SOURCE, "task": side_to_api("source_task", source)}


# ----- check-mode prediction --------------------------------------------------------------------------


def predict(body, current_api=None, status=None):
    """The task (API shape, no secrets) that a create or PUT ``body`` would leave, for check mode.

    A create starts from nothing (``id`` None); a PUT from ``current_api``. Since the bodies built here
    carry whole configurations, merging and replacing servers end the same, so one prediction fits both.
    ``status`` overrides the status (a create's target, say).
    """
    task = copy.deepcopy(current_api) if current_api else {"id": None, "create_time": None, "status": None}
    for name, value in body.items():
        if name == "start_later":
            continue
        if name in v.SIDES and isinstance(value, dict) and isinstance(task.get(name), dict):
            merged = dict(task[name])
            merged.update(copy.deepcopy(value))
            task[name] = merged
        else:
            task[name] = copy.deepcopy(value)
    for side in v.SIDES:
        if task.get(v.SIDE_TYPE[side]) == v.NONE:
            task[side] = None
    source = task.get("source_task")
    if isinstance(source, dict) and source.get("instance_id") and not source.get("bootstrap_servers"):
        source.pop("bootstrap_servers", None)  # the service fills them in from the peer: unknown until then
    if status is not None:
        task["status"] = status
    return strip_secrets(task)
