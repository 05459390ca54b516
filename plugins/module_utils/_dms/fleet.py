# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Kafka instances of many regions, read side by side, and the host variables of each.

Used by the ``dms_kafka`` inventory plugin; no Ansible import. A region that fails does not stop the others:
its listing carries the error instead.

Private to this collection: it may change without notice between releases.
"""

import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.instances import list_kafka_instances
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.connection import build_client
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import connection_errors

PREFIX = "dms_"
# What a region entry may set besides its name: each becomes that region's own connection setting.
REGION_SETTINGS = ("project_id", "endpoint", "iam_endpoint")
# Fields every host keeps whatever ``fields`` says: what names it and what the modules need.
ALWAYS_KEPT = ("instance_id", "name")
MAX_REGIONS_AT_ONCE = 8
_NOT_A_NAME = re.compile(r"[^A-Za-z0-9_]")


class RegionListing:
    """What one region answered: its instances, or the error that stopped it."""

    def __init__(self, region, project_id=None, endpoint=None, instances=None, error=None):
        self.region = region
        self.project_id = project_id
        self.endpoint = endpoint
        self.instances = instances or []
        self.error = error

    def to_dict(self):
        """A plain form, for the inventory cache (no secret: instances, region, project and endpoint)."""
        return dict(region=self.region, project_id=self.project_id, endpoint=self.endpoint, instances=self.instances)

    @classmethod
    def from_dict(cls, data):
        return cls(data["region"], data.get("project_id"), data.get("endpoint"), data.get("instances"))


def after_credentials(settings, regions):
    """What the credential chain put into ``settings``, shared out among ``regions``; returns the regions and the
    problems of what it found (the credentials file's project id and IAM endpoint become parts of URLs).

    A project id from the credentials file or OIDC's variables names one region's project, as the environment's
    does: it goes to the only region, and is taken out of ``settings`` so that with several each looks its own up.
    """
    found = settings.pop("project_id", None)
    problems = connection_errors(project_id=found, iam_endpoint=settings.get("iam_endpoint"))
    if found and len(regions) == 1 and not regions[0].get("project_id"):
        regions = [dict(regions[0], project_id=found)]
    return regions, problems


def region_settings(settings, region):
    """The connection settings of one region: the shared ones, with what the region entry sets over them."""
    own = dict(settings, region=region["name"])
    for name in REGION_SETTINGS:
        if region.get(name):
            own[name] = region[name]
    return own


def read_region(settings, region, credentials=None, secrets=(), filters=None):
    """The RegionListing of one region: its project (looked up in IAM when not given) and every Kafka instance."""
    own = region_settings(settings, region)
    try:
        client = build_client(own, credentials, secrets)
        instances = list_kafka_instances(client, filters)
        return RegionListing(region["name"], client.project_id, client.endpoint, instances)
    except ApiError as error:
        return RegionListing(region["name"], own.get("project_id"), own.get("endpoint"), error=error)


def read_regions(settings, regions, credentials=None, secrets=(), filters=None):
    """RegionListings of every region, in the order given, read side by side (one thread a region, up to 8)."""
    if not regions:
        return []
    with ThreadPoolExecutor(max_workers=min(len(regions), MAX_REGIONS_AT_ONCE)) as pool:
        futures = [pool.submit(read_region, settings, region, credentials, secrets, filters) for region in regions]
        return [future.result() for future in futures]


def tag_dict(tags):
    """``[{"key": k, "value": v}]`` as ``{k: v}``; anything else in the list is left out."""
    if not isinstance(tags, list):
        return {}
    return {
        tag["key"]: tag.get("value", "") for tag in tags if isinstance(tag, dict) and isinstance(tag.get("key"), str)
    }


def host_vars(instance, listing, fields=None):
    """Every listed field (or those of ``fields``) with the ``dms_`` prefix, unknown ones too, ``dms_tags`` as a dict,
    and where the instance lives."""
    found = {
        PREFIX + _NOT_A_NAME.sub("_", str(key)): value
        for key, value in instance.items()
        if not fields or key in fields or key in ALWAYS_KEPT
    }
    if not fields or "tags" in fields:
        found[PREFIX + "tags"] = tag_dict(instance.get("tags"))
    found.update(
        {
            PREFIX + "region": listing.region,
            PREFIX + "project_id": listing.project_id,
            PREFIX + "endpoint": listing.endpoint,
        }
    )
    return found
