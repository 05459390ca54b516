# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""huaweicloud.kafka.smart_connect_events: an Event-Driven Ansible source of Smart Connect task status changes.

Every ``interval`` seconds it reads the task lists of ``instance_ids``, or of every instance with Smart Connect on
in ``regions``, and puts one event a change::

    {"smart_connect": {"instance_id", "task_id", "task_name", "status", "previous_status", "region"}}

``previous_status`` is null for a task not seen before; a task gone from the list has the status ``DELETED``. The
first read of an instance is where its changes start from (with ``emit_initial: true`` its tasks are events too).

A failed read is logged, and that instance (or region's listing) backs off on its own: read again 2, 4, 8, then 10
intervals later, back to every interval after a read that works; the other instances keep to the interval. After
``error_threshold`` failed reads in a row for one instance (or one region's listing: ``instance_id`` null) it puts
one event::

    {"smart_connect_error": {"instance_id", "region", "message"}}

with ``message`` as the API error gives it: ``error_msg (error_code, request id)``.

Arguments (the modules' connection options, with their environment variables and credential chain):
    access_key, secret_key, security_token, project_id, endpoint, iam_endpoint, metadata_endpoint,
    validate_certs, ca_path, timeout, retries, rate_limit_timeout
    instance_ids: the instances to watch (with region, or HUAWEICLOUD_REGION; or with endpoint and project_id)
    regions: or the regions whose instances with Smart Connect on are watched (names, or dicts with name and
        that region's project_id, endpoint, iam_endpoint, as the dms_kafka inventory takes them)
    interval: seconds between rounds, at least 1 (default 60)
    emit_initial: put the tasks of an instance's first read as events, previous_status null (default false)
    error_threshold: failed reads in a row of one instance (or listing) before an error event (default 3)

Example (a rulebook)::

    sources:
      - huaweicloud.kafka.smart_connect_events:
          regions: [ap-southeast-1]
          interval: 60

Arguments that make no sense raise ValueError, naming the argument, before any request.
"""

import asyncio
import json
import logging
import os
import sys

try:
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.task_watch import TaskWatch
except ImportError:
    # ansible-rulebook runs this file by its path, without Ansible's collection loader: the directory that holds
    # ansible_collections/ (the collection is at ansible_collections/huaweicloud/kafka) goes on the path.
    _ROOT = os.path.abspath(__file__)
    for _LEVEL in range(8):
        _ROOT = os.path.dirname(_ROOT)
    sys.path.insert(0, _ROOT)
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.task_watch import TaskWatch

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.watch_options import parse_watch_options

LOGGER = logging.getLogger(__name__)


async def main(queue, args):
    """Poll forever, putting one event a change on ``queue``; ValueError on bad ``args``, before any request."""
    options = parse_watch_options(args)
    watch = TaskWatch(options)
    await asyncio.to_thread(watch.connect)
    while True:
        found = await asyncio.to_thread(watch.poll)
        for problem in found.problems:  # each failing instance backs off on its own (TaskWatch)
            LOGGER.warning("smart_connect_events: %s; backing off: read less often while it fails", problem)
        for event in found.events:
            await queue.put(event)
        await asyncio.sleep(options.interval)


if __name__ == "__main__":
    # A manual run: python smart_connect_events.py '{"regions": ["ap-southeast-1"], "interval": 10}'
    # (keys from the environment), printing each event.

    class MockQueue(asyncio.Queue):
        async def put(self, item):
            print(json.dumps(item), flush=True)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(MockQueue(), json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}))
