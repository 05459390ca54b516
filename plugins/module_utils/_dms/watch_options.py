# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The arguments of the ``smart_connect_events`` event source, checked before any request.

An event source gets a plain dict (what the rulebook wrote, after its variables were substituted), so every type
is checked here; a problem raises ``ValueError`` naming the argument and what it accepts. Messages never quote a
key or a token. No Ansible import.

Private to this collection: it may change without notice between releases.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import fleet
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.vocabulary import id_errors
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.connection import (
    SETTING_DEFAULTS,
    SETTING_NAMES,
    fill_from_environment,
    from_environment,
    key_problems,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import connection_errors

NAME = "smart_connect_events"
CONNECTION = SETTING_NAMES
ARGUMENTS = CONNECTION + ("regions", "instance_ids", "interval", "emit_initial", "error_threshold")
TEXTS = ("access_key", "secret_key", "security_token", "region", "project_id", "endpoint", "iam_endpoint")
TEXTS += ("metadata_endpoint", "ca_path")
SECRETS = ("secret_key", "security_token")
# The modules' defaults for the connection, and the source's own.
DEFAULTS = dict(SETTING_DEFAULTS, interval=60, emit_initial=False, error_threshold=3)
# What ansible-rulebook adds to the arguments itself (eda_feedback_queue...): not the rulebook's to set.
RULEBOOK_PREFIX = "eda_"
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class WatchOptions:
    """The checked arguments: connection ``settings`` (the modules' keys), and what to watch and how often."""

    def __init__(self, settings, keys_given, instance_ids, regions, interval, emit_initial, error_threshold):
        self.settings = settings
        self.keys_given = keys_given
        self.instance_ids = instance_ids
        self.regions = regions
        self.interval = interval
        self.emit_initial = emit_initial
        self.error_threshold = error_threshold


def _refuse(*problems):
    return ValueError("%s: %s" % (NAME, "; ".join(problems)))


def _text(args, name):
    """A string argument; None and "" (a rulebook variable left empty) mean unset."""
    value = args.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        shown = "a value of another type" if name in SECRETS else repr(value)
        raise _refuse("%s must be a string, got %s" % (name, shown))
    return value


def _whole(args, name, minimum):
    """A whole number of at least ``minimum`` (digits in a string too: --env-vars gives strings)."""
    value = args.get(name)
    if value is None or value == "":
        return DEFAULTS[name]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _refuse("%s must be a whole number of at least %d, got %r" % (name, minimum, value))
    return value


def _seconds(args, name, minimum):
    """A number of seconds, at least ``minimum``."""
    value = args.get(name)
    if value is None or value == "":
        return DEFAULTS[name]
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= minimum:
        raise _refuse("%s must be a number of seconds of at least %d, got %r" % (name, minimum, value))
    return value


def _boolean(args, name):
    value = args.get(name)
    if value is None or value == "":
        return DEFAULTS[name]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise _refuse("%s must be a boolean (true or false), got %r" % (name, value))


def _list(args, name):
    value = args.get(name)
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        raise _refuse("%s must be a list, got %r" % (name, value))
    return value


def _instance_ids(args):
    ids = []
    for each in _list(args, "instance_ids"):
        problems = id_errors({"instance_ids": each}, "instance_ids")
        if not isinstance(each, str) or problems:
            raise _refuse(
                "each of instance_ids must be a DMS id like 6a1f0c52-4d3b-4e7a-9c41-8d2f0e5b7a13; got %r" % (each,)
            )
        if each.lower() not in ids:
            ids.append(each.lower())
    return ids


def _regions(args):
    """The region entries as dicts with ``name`` (the inventory plugin's form: a name, or a dict)."""
    regions = []
    for entry in _list(args, "regions"):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
            raise _refuse("each of regions must be a region name or a dict with name, got %r" % (entry,))
        unknown = sorted(set(entry) - {"name"} - set(fleet.REGION_SETTINGS))
        if unknown:
            raise _refuse(
                "region %s: unknown %s; allowed: name, %s"
                % (entry["name"], ", ".join(unknown), ", ".join(fleet.REGION_SETTINGS))
            )
        regions.append({key: value for key, value in entry.items() if value not in (None, "")})
    names = [region["name"] for region in regions]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _refuse("regions lists %s more than once" % ", ".join(twice))
    return regions


def _settings(args):
    settings = {name: _text(args, name) for name in TEXTS}
    settings["validate_certs"] = _boolean(args, "validate_certs")
    settings["timeout"] = _whole(args, "timeout", 1)
    settings["retries"] = _whole(args, "retries", 0)
    settings["rate_limit_timeout"] = _whole(args, "rate_limit_timeout", 0)
    return settings


def _where_problems(settings, instance_ids, regions):
    """What is wrong with where the source looks: which instances, which regions, and their connections."""
    problems = []
    if instance_ids and regions:
        problems.append(
            "instance_ids and regions are mutually exclusive: watch given instances, or every instance "
            "with Smart Connect on in given regions"
        )
    elif not instance_ids and not regions:
        problems.append("one of instance_ids (a list of instance ids) and regions (a list of regions) is required")
    elif regions and settings["region"]:
        problems.append("region is the region of instance_ids; with regions, list every region in regions")
    elif regions and settings["project_id"] and len(regions) > 1:
        problems.append(
            "project_id names the project of one region; with %d regions set project_id in each "
            "region entry" % len(regions)
        )
    elif instance_ids and not settings["region"]:
        missing = [name for name in ("endpoint", "project_id") if not settings[name]]
        if missing:
            problems.append(
                "region is required with instance_ids unless endpoint and project_id are both set "
                "(missing: %s); set it or HUAWEICLOUD_REGION" % ", ".join(missing)
            )
    return problems


def parse_watch_options(args):
    """The WatchOptions of an event source's ``args``; ValueError naming every problem found, before any request."""
    if not isinstance(args, dict):
        raise _refuse("the arguments must be a dict, got %s" % type(args).__name__)
    unknown = sorted(name for name in args if name not in ARGUMENTS and not str(name).startswith(RULEBOOK_PREFIX))
    if unknown:
        raise _refuse("unknown %s; allowed: %s" % (", ".join(map(str, unknown)), ", ".join(sorted(ARGUMENTS))))
    settings = _settings(args)
    keys_given = bool(settings["access_key"] and settings["secret_key"])
    instance_ids, regions = _instance_ids(args), _regions(args)
    # With regions, each region's own project comes from its entry (or IAM): the environment's is one region's.
    fill_from_environment(settings, [name for name in settings if not (regions and name in ("region", "project_id"))])
    problems = _where_problems(settings, instance_ids, regions)
    if regions and len(regions) == 1:
        regions[0].setdefault("project_id", settings["project_id"] or from_environment("project_id"))
        if not regions[0]["project_id"]:
            del regions[0]["project_id"]
    if regions:
        settings["project_id"] = None
    problems += key_problems(settings)
    problems += connection_errors(
        **{name: settings[name] for name in ("region", "project_id", "endpoint", "iam_endpoint", "metadata_endpoint")}
    )
    for region in regions:
        problems += connection_errors(region=region["name"], **{key: region.get(key) for key in fleet.REGION_SETTINGS})
    if problems:
        raise _refuse(*problems)
    return WatchOptions(
        settings,
        keys_given,
        instance_ids,
        regions,
        interval=_seconds(args, "interval", 1),
        emit_initial=_boolean(args, "emit_initial"),
        error_threshold=_whole(args, "error_threshold", 1),
    )
