# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A task as a declaration: what ``smart_connect_task_info`` exports, to adopt tasks made in the console.

Private to this collection: it may change without notice between releases. Pure: no request. The spec is in the
shape ``smart_connect_tasks``' ``tasks[]`` takes; fed back, it asks for exactly the task there is.
"""

import copy

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v


def secrets_needed(task):
    """The write-only secrets (``source_task.password``...) a task uses, which no read gives back: a declaration
    adopting it must supply them for a recreate or a rotation (not to keep it as it is)."""
    needed = []
    source = task.get("source_task") or {}
    if task.get("source_type") == v.KAFKA_SOURCE and source.get("security_protocol") in v.SASL_PROTOCOLS:
        needed.append("source_task.password")
    sink = task.get("sink_task") or {}
    if task.get("sink_type") == v.OBS_SINK and not sink.get("agency_name"):
        needed.extend(("sink_task.access_key", "sink_task.secret_key"))
    return needed


def _side_spec(side, values):
    """A side's options, without empty values, the service's defaults and the peer addresses it fills in."""
    defaults = v.SERVICE_DEFAULTS[side]
    kept = {}
    for name, value in (values or {}).items():
        if value in (None, "", []) or name in v.SECRET_NAMES or defaults.get(name, object()) == value:
            continue
        kept[name] = copy.deepcopy(value)
    if side == "source_task" and kept.get("instance_id"):
        kept.pop("bootstrap_servers", None)  # the service fills them in from the peer instance
    if side == "source_task" and kept.get("security_protocol") not in v.SASL_PROTOCOLS:
        kept.pop("sasl_mechanism", None)  # meaningless without SASL
    return kept


def exported(task):
    """``(spec, secrets_needed, manageable)`` of an option-shaped task (``shapes.normalize_task``).

    A task of a type the collection does not know cannot be declared: its spec is None and it is not manageable.
    """
    if v.unknown_types(task):
        return None, [], False
    spec = {"task_name": task.get("task_name")}
    for name in ("topics", "topics_regex"):
        if task.get(name):
            spec[name] = copy.deepcopy(task[name])
    for side in v.SIDES:
        kind = task.get(v.SIDE_TYPE[side])
        if kind == v.SIDE_IN_USE[side]:
            spec[v.SIDE_TYPE[side]] = kind
            spec[side] = _side_spec(side, task.get(side))
    return spec, secrets_needed(task), True
