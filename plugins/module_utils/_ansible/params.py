# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A module's raw parameters made safe for AnsibleModule's validation: list elements, crashes, secrets.

Private to this collection: it may change without notice between releases. ``HuaweiCloudModule._load_params``
applies these before ansible-core validates anything, since ansible-core walks suboptions before it checks
types: a number, a boolean or a list where a dict with suboptions belongs raises TypeError (a traceback
instead of a message), and a dropped suboption spec forgets which values are ``no_log``.
"""

from ansible.module_utils.common.validation import check_type_dict


def _as_dict(item):
    """A list element as the dict ansible-core would make of it, or None when it makes none."""
    if isinstance(item, dict):
        return item
    if isinstance(item, str):
        try:
            return check_type_dict(item)
        except TypeError:
            return None
    return None


def _without_options(option):
    return {key: value for key, value in option.items() if key != "options"}


def shaped_params(spec, params):
    """``params`` with each list-of-dicts element parsed (a JSON or key=value string) and its nulls left out.

    A null is the option left out, as at the top level (ansible-core would type-check it against its default).
    """
    result = dict(params)
    for name, option in spec.items():
        value = params.get(name)
        if option.get("type") == "list" and option.get("options") and isinstance(value, list):
            result[name] = [
                {key: item for key, item in _as_dict(element).items() if item is not None}
                if _as_dict(element) is not None
                else element
                for element in value
            ]
    return result


def without_crashing_suboptions(spec, params):
    """``spec`` without the suboptions of each option whose value ansible-core would crash on.

    A dict option takes a dict (or a string it parses); a list of dicts takes a list of dicts. Without its
    suboptions such an option fails the ordinary type check, which names it. Lists of dicts are looked into
    for the dict options of their elements (``tasks[].sink_task``).
    """
    result = dict(spec)
    for name, option in spec.items():
        value = params.get(name)
        suboptions = option.get("options")
        if not suboptions or value is None:
            continue
        if option.get("type") == "list":
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(item, dict) for item in items):
                result[name] = _without_options(option)
                continue
            inner = dict(suboptions)
            for item in items:
                inner = without_crashing_suboptions(inner, item)
            result[name] = dict(option, options=inner)
        elif not isinstance(value, (dict, str)):
            result[name] = _without_options(option)
    return result


def secrets_in(spec, params):
    """The values of every ``no_log`` option in ``params``, at any depth and whatever shape the rest has."""
    found = set()
    for name, option in spec.items():
        for key in [name] + list(option.get("aliases") or ()):
            value = params.get(key)
            if value is None:
                continue
            if option.get("no_log") and not isinstance(value, (dict, list)):
                found.add(str(value))
            if option.get("options"):
                for item in value if isinstance(value, list) else [value]:
                    item = _as_dict(item)
                    if item is not None:
                        found.update(secrets_in(option["options"], item))
    return found
