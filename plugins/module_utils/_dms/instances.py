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
# The API's own filters, as query parameters; the flags among them take true or false.
API_FILTERS = ("name", "exact_match_name", "instance_id", "status", "include_failure", "enterprise_project_id")
FLAG_FILTERS = ("exact_match_name", "include_failure")


def api_filter_errors(filters):
    """Every problem of ``filters`` (API_FILTERS): each is one value in the query, so no list or dict is sent."""
    unknown = sorted(set(filters) - set(API_FILTERS))
    problems = (
        ["api_filters: unknown %s; allowed: %s" % (", ".join(unknown), ", ".join(API_FILTERS))] if unknown else []
    )
    for name in API_FILTERS:
        value = filters.get(name)
        if value is None:
            continue
        if name in FLAG_FILTERS:
            if not isinstance(value, bool) and str(value).lower() not in ("true", "false"):
                problems.append("api_filters.%s: %r is not a flag; allowed: true, false" % (name, value))
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            kind = (
                "a list" if isinstance(value, (list, tuple)) else "a dict" if isinstance(value, dict) else repr(value)
            )
            problems.append(
                "api_filters.%s: takes one value (a string), got %s; for several values use filters" % (name, kind)
            )
    return problems


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
            flag = isinstance(value, bool) or name in FLAG_FILTERS  # "True" as the API writes it: true
            query.append((name, str(value).lower() if flag else str(value)))
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
