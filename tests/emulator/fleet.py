"""Many instances over several projects and regions: where an added instance lives, and ListInstances.

Every instance lives in one project of one region (a Huawei project id belongs to a single region). The
credentials' project and region are the home; an instance added with another ``region`` goes to that
region's project (given as ``project_id``, or one derived from the region's name), which IAM's project
lookup then answers for the region. ``GET /v2/{project_id}/instances`` lists a project's instances in
pages, as DMS does: ``limit`` 1-50, ``offset`` counting instances, and an offset past the end refused
with 400 ``DMS.40050010``.
"""

import hashlib
import re

from . import errors, validation

_REGION_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
_PROJECT_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
OFFSET_PAST_END = "DMS.40050010"
# The status of an instance whose creation failed: listed only when include_failure is not "false".
FAILED_STATUSES = ("CREATEFAILED",)


def derived_project_id(region):
    """The project id the emulator gives a region that was not given one (32 hex digits, like Huawei's)."""
    return hashlib.md5(("emulator-project-" + region).encode("utf-8")).hexdigest()


def tag_list(value):
    """Tags as the API lists them, ``[{"key", "value"}]``, from that list or from a ``{key: value}`` dict."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = [{"key": key, "value": tag} for key, tag in value.items()]
    if not isinstance(value, list) or not all(
        isinstance(tag, dict) and isinstance(tag.get("key"), str) and isinstance(tag.get("value", ""), str)
        for tag in value
    ):
        raise ValueError('tags must be a {key: value} object or a list of {"key", "value"} objects of strings')
    return [{"key": tag["key"], "value": tag.get("value", "")} for tag in value]


def place(instance, fields, home, projects):
    """Set the instance's project, region, tags and listed attributes from the admin fields.

    ``home`` is the credentials' (project id, region); ``projects`` maps the projects known so far to
    their regions, so that a region keeps one project and a project one region.
    """
    home_project, home_region = home
    region = fields.get("region")
    project_id = fields.get("project_id")
    if region is not None and not (isinstance(region, str) and _REGION_RE.match(region)):
        raise ValueError("region must be lower-case letters, digits and dashes, got %r" % (region,))
    if project_id is not None and not (isinstance(project_id, str) and _PROJECT_RE.match(project_id)):
        raise ValueError("project_id must be 1-64 letters, digits, '-' or '_', got %r" % (project_id,))
    if region is None:
        region = projects.get(project_id, home_region) if project_id else home_region
    if project_id is None:
        known = [project for project, its_region in projects.items() if its_region == region]
        project_id = home_project if region == home_region else (known[0] if known else derived_project_id(region))
    if projects.get(project_id, region) != region:
        raise ValueError("project %s is in region %s, not %s" % (project_id, projects[project_id], region))
    instance.project_id, instance.region = project_id, region
    instance.tags = tag_list(fields.get("tags"))
    for name in ("engine_version", "specification", "enterprise_project_id"):
        if fields.get(name) is not None:
            if not isinstance(fields[name], str) or not fields[name]:
                raise ValueError("%s must be a non-empty string" % name)
            setattr(instance, name, fields[name])


def _matches(instance, query):
    if query.get("engine") not in (None, "", "kafka"):
        return False  # the emulator holds Kafka instances only
    name = query.get("name")
    if name:
        exact = query.get("exact_match_name") == "true"
        if (instance.name != name) if exact else (name not in instance.name):
            return False
    for field in ("instance_id", "status", "enterprise_project_id"):
        if query.get(field) and getattr(instance, field) != query[field]:
            return False
    if query.get("include_failure") == "false" and instance.status in FAILED_STATUSES:
        return False
    return True


def list_page(instances, query_pairs):
    """(page, instance_num) for ListInstances over one project's ``instances``, in the order they were added."""
    query = dict(query_pairs)
    offset, limit = validation.list_parameters(query_pairs)
    found = [instance for instance in instances if _matches(instance, query)]
    if offset and offset >= len(found):
        raise errors.ApiError(
            400, OFFSET_PAST_END, "Invalid offset: %d is past the last of %d instances." % (offset, len(found))
        )
    return found[offset : offset + limit], len(found)
