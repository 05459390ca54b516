# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Kafka instances of a project: ``GET /v2/{project_id}/instances?engine=kafka``, every page.

Private to this collection: it may change without notice between releases.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_int
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError

PAGE_SIZE = 50  # the most the API gives in one page
# What DMS answers to an offset past the last instance (the list shrank between two pages).
OFFSET_PAST_END = "DMS.40050010"
# Pages read beyond what the first page's instance_num needs, before a server that keeps saying "more" is given
# up on (a list that grows while it is read).
EXTRA_PAGES = 3
# The API's own filters, as query parameters.
API_FILTERS = ("name", "exact_match_name", "instance_id", "status", "include_failure", "enterprise_project_id")


def list_kafka_instances(client, filters=None, page_size=PAGE_SIZE):
    """Every Kafka instance of the client's project that matches ``filters`` (API_FILTERS), in the API's shape.

    Pages are read by ``offset`` = the instances received so far, until that reaches ``instance_num`` or a page
    comes back empty; an offset past the end (``DMS.40050010``: instances went away meanwhile) ends the
    listing too. An instance seen twice (the list moved under the pages) is kept once. Paging is bounded by
    the first page's ``instance_num``.
    """
    query = [("engine", "kafka")]
    for name, value in sorted((filters or {}).items()):
        if value is not None:
            query.append((name, str(value).lower() if isinstance(value, bool) else str(value)))
    instances, seen, received, pages = [], set(), 0, 0
    bound = None
    while bound is None or pages < bound:
        try:
            page = client.call(
                "GET",
                ["instances"],
                "list the Kafka instances",
                query=query + [("offset", received), ("limit", page_size)],
            )
        except ApiError as error:
            if received and error.error_code == OFFSET_PAST_END:
                break
            raise
        pages += 1
        page = page if isinstance(page, dict) else {}
        batch = [each for each in page.get("instances") or [] if isinstance(each, dict)]
        total = as_int(page.get("instance_num"))
        if bound is None:
            bound = -(-(total or 0) // page_size) + EXTRA_PAGES
        received += len(batch)
        for instance in batch:
            key = instance.get("instance_id")
            if key is None or key not in seen:
                seen.add(key)
                instances.append(instance)
        if not batch or total is None or received >= total:
            break
    return instances
