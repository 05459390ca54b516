# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A task's two shapes, and the conversions between them and from the module parameters.

Private to this collection: it may change without notice between releases.

* The *API shape*, as DMS sends and takes it: comma-joined strings for ``topics``,
  ``source_task.bootstrap_servers`` and ``source_task.topics_mapping``, ``id``, and the unused side as
  ``null`` or ``{}``.
* The *option shape*, as the modules take and return it: those three as sorted lists, the unused side as
  None, no write-only secret, and ``task_id`` beside ``id``.
"""

import copy

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import coerce
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import MASK
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.spec import SIDE_SPECS

# Options whose API form is one comma-joined string.
_JOINED = ("topics_mapping", "bootstrap_servers")


# ----- lists ------------------------------------------------------------------------------------------


def split_list(value):
    """A comma-joined string, or a list of them, as a sorted list without blanks or duplicates."""
    if value is None:
        return None
    items = []
    for piece in value if isinstance(value, (list, tuple)) else [value]:
        if piece is not None:
            items.extend(str(piece).split(","))
    return sorted({item.strip() for item in items if item.strip()})


def normalize_mapping(value):
    """``topics_mapping`` as a sorted list of ``src:dst``, from a list, a dict or a comma-joined string."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = ["%s:%s" % (src, dst) for src, dst in value.items()]
    result = set()
    for item in split_list(value):
        src, _sep, dst = item.partition(":")
        result.add("%s:%s" % (src.strip(), dst.strip()))
    return sorted(result)


def join_list(value):
    """A list as the API's comma-joined string ("" for an empty list or None)."""
    return ",".join(value or [])


def _side_value(side, name, value):
    """One suboption value in option shape, from the API or from the parameters."""
    if name == "topics_mapping":
        return normalize_mapping(value)
    if name == "bootstrap_servers":
        return split_list(value)
    spec = SIDE_SPECS[side].get(name)
    return coerce(value, spec["type"]) if spec else value


# ----- API shape -> option shape ----------------------------------------------------------------------


# Words in a field name that may hold a secret on a side of a type the collection does not know (its secrets are
# not listed): left out rather than shown, at any depth.
_SECRET_WORDS = ("pass", "pwd", "secret", "key", "token", "credential", "jaas", "auth", "sasl_config")


def unknown_side(api_side):
    """A side of a type the collection does not know, as the API gives it, without what may be a secret: its
    non-secret settings (a Redis address...) stay readable."""
    if isinstance(api_side, list):
        return [unknown_side(each) for each in api_side]
    if not isinstance(api_side, dict):
        return copy.deepcopy(api_side)
    return {
        name: unknown_side(value)
        for name, value in api_side.items()
        if not any(word in str(name).lower() for word in _SECRET_WORDS)
    }


def normalize_side(side, api_side, keep_server_fields=False, known=True):
    """One side (``source_task``/``sink_task``) in option shape; None for the unused side (null or {}). A side of
    a type the collection does not know (``known`` false) passes through, secrets left out."""
    if not isinstance(api_side, dict) or not api_side:
        return None
    if not known:
        return unknown_side(api_side)
    spec = SIDE_SPECS[side]
    result = {}
    for name, value in api_side.items():
        if name in v.SECRETS[side]:
            continue
        if name in spec:
            result[name] = _side_value(side, name, value)
        elif keep_server_fields:
            result[name] = copy.deepcopy(value)
    return result


def normalize_task(api_task, keep_server_fields=False):
    """A task as the API returns it, in option shape (see the module docstring); None stays None.

    ``keep_server_fields`` keeps what the server fills in on its own (``sink_task.obs_part_size``...),
    which are not options: leave it off to get a task that can be fed back as module input.
    """
    if api_task is None:
        return None
    task = {
        "id": api_task.get("id"),
        "task_id": api_task.get("id"),
        "task_name": api_task.get("task_name"),
        "status": api_task.get("status"),
        "create_time": coerce(api_task.get("create_time"), "int"),
        "topics": split_list(api_task.get("topics")) or None,
        "topics_regex": api_task.get("topics_regex") or None,
    }
    unknown = v.unknown_types(api_task)
    for side in v.SIDES:
        kind = api_task.get(v.SIDE_TYPE[side])
        kind = task[v.SIDE_TYPE[side]] = v.NONE if kind == "" else kind  # "" for the unused side: NONE
        known = "%s %s" % (v.SIDE_TYPE[side], kind) not in unknown
        task[side] = normalize_side(side, api_task.get(side), keep_server_fields, known)
    return task


def config_of(task):
    """Only the configuration fields of an option-shaped task (no id, status or create_time)."""
    return {name: copy.deepcopy(task.get(name)) for name in v.CONFIG_FIELDS} if task else {}


# ----- option shape -> API shape ----------------------------------------------------------------------


def side_to_api(side, value, include_secrets=True):
    """One option-shaped side as the API takes it (lists comma-joined, unset values dropped)."""
    result = {}
    for name, item in (value or {}).items():
        if item is None or (name in v.SECRETS[side] and not include_secrets):
            continue
        result[name] = join_list(item) if name in _JOINED else item
    return result


# ----- the parameters -> the user's wishes ------------------------------------------------------------


def desired_side(side, params_side):
    """The suboptions the user set (None values dropped, lists normalised); None when none is set."""
    if not params_side:
        return None
    result = {}
    for name, value in params_side.items():
        if is_empty(value) or name not in SIDE_SPECS[side]:
            continue  # a templated empty ("", [], {}, null) is not set
        result[name] = _side_value(side, name, value) if name in _JOINED else value
    return result or None


def is_empty(value):
    return value is None or (isinstance(value, (str, list, tuple, dict)) and not value)


def desired_task(params):
    """What the user asked for, in option shape, with only the options they set (secrets included).

    ``source_type``/``sink_type`` are inferred from ``source_task``/``sink_task`` when not given.
    """
    desired = {}
    if params.get("task_name") is not None:
        desired["task_name"] = params["task_name"]
    if not is_empty(params.get("topics")):
        desired["topics"] = split_list(params["topics"])
    if params.get("topics_regex") is not None:
        desired["topics_regex"] = params["topics_regex"]
    for side in v.SIDES:
        value = desired_side(side, params.get(side))
        kind = params.get(v.SIDE_TYPE[side]) or (v.SIDE_IN_USE[side] if value else None)
        if kind is not None:
            desired[v.SIDE_TYPE[side]] = kind
        if value is not None:
            desired[side] = value
    return desired


# ----- secrets ----------------------------------------------------------------------------------------


def has_secrets(desired):
    """True when the user gave any write-only secret."""
    return any((desired.get(side) or {}).get(name) for side in v.SIDES for name in v.SECRETS[side])


def strip_secrets(task):
    """A copy of a task (either shape) without any secret."""
    result = copy.deepcopy(task)
    for side in v.SIDES:
        sub = (result or {}).get(side)
        if isinstance(sub, dict):
            for name in v.SECRETS[side]:
                sub.pop(name, None)
    return result


def masked(task, declared=None):
    """A copy of a task (either shape) with its secrets shown as the mask: the ones it sets, or with ``declared``
    (the declaration a diff's after side comes from), the ones the declaration sets. The one place a task's
    secrets are masked (text is the client's ``Redactor``'s)."""
    result = copy.deepcopy(task)
    for side in v.SIDES:
        sub = (result or {}).get(side)
        if not isinstance(sub, dict):
            continue
        given = ((declared if declared is not None else result).get(side)) or {}
        for name in v.SECRETS[side]:
            if given.get(name):
                sub[name] = MASK
    return result
