# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reads of the ``smart_connect_events`` event source, one round a call: which instances to watch, their task
lists, and the events of what changed since the round before. Blocking (the source runs it in a thread); no
Ansible import.

An instance whose read fails keeps its last snapshot, so a failed round is never read as tasks that went away;
after ``error_threshold`` failed reads in a row it gets one error event, and another only after a success. Each
instance (and each region's listing) backs off on its own: after failed reads it is read 2, 4, 8, then 10 rounds
apart, while the others keep to every round.

Private to this collection: it may change without notice between releases.
"""

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import fleet
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.api import SmartConnectApi, read_all_pages
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.task_changes import changes, error_event, snapshot
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_bool
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.connection import build_client, find_credentials
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.credentials import NoCredentials
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import Redactor
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import connection_errors

READS_AT_ONCE = 8
# A failing instance is read at most this many rounds apart.
MAX_BACKOFF = 10


class Streak:
    """The failed reads in a row of one instance (or one region's listing), whether they were reported, and the
    rounds to skip before the next read."""

    def __init__(self):
        self.failures = 0
        self.reported = False
        self.skip = 0

    def failed(self, threshold):
        """Count a failure; True when it is the one that reaches ``threshold`` (reported once a streak)."""
        self.failures += 1
        self.skip = min(2**self.failures, MAX_BACKOFF) - 1  # read again 2, 4, 8, then 10 rounds later
        if self.failures >= threshold and not self.reported:
            self.reported = True
            return True
        return False

    def succeeded(self):
        self.failures, self.reported, self.skip = 0, False, 0

    def due(self):
        """Whether this round reads it (a round it sits out counts towards the next)."""
        if self.skip:
            self.skip -= 1
            return False
        return True


class Round:
    """What one round found: the events, in order, and whether any read failed."""

    def __init__(self):
        self.events = []
        self.failed = False
        self.problems = []  # "where: message", for the source's log


class TaskWatch:
    def __init__(self, options):
        self.options = options
        self.settings = dict(options.settings)
        self.regions = [dict(region) for region in options.regions]
        self.secrets = [self.settings.get("secret_key"), self.settings.get("security_token")]
        self.redact = Redactor(*self.secrets)
        self.credentials = None
        self.clients = {}  # region name (None with instance_ids) -> Client
        self.watched = {}  # instance id -> region name, as last listed
        self.snapshots = {}  # instance id -> (region name, its last snapshot)
        self.streaks = {}  # instance id, or ("region", name) -> Streak

    # ----- before the first round ---------------------------------------------------------------------------
    def connect(self):
        """Find the credentials (the chain may ask OIDC, the metadata service): RuntimeError when none is found."""

        def hide(*values):
            self.secrets.extend(values)
            self.redact.add(*values)

        try:
            self.credentials, source = find_credentials(self.settings, self.options.keys_given, hide)
        except NoCredentials as exc:
            raise RuntimeError("smart_connect_events: %s" % self.redact(str(exc))) from None
        if self.regions:
            self.regions, problems = fleet.after_credentials(self.settings, self.regions)
        else:
            problems = connection_errors(
                project_id=self.settings.get("project_id"), iam_endpoint=self.settings.get("iam_endpoint")
            )
        if problems:
            raise RuntimeError("smart_connect_events: the credentials from %s: %s" % (source, "; ".join(problems)))
        if not self.regions:
            region = self.settings.get("region")
            self.watched = dict.fromkeys(self.options.instance_ids, region)

    def client(self, region_name):
        if region_name not in self.clients:
            if self.regions:
                region = next(each for each in self.regions if each["name"] == region_name)
                settings = fleet.region_settings(self.settings, region)
            else:
                settings = self.settings
            client = build_client(settings, self.credentials, [secret for secret in self.secrets if secret])
            client.allow_parallel(READS_AT_ONCE)
            self.clients[region_name] = client
        return self.clients[region_name]

    # ----- one round ----------------------------------------------------------------------------------------
    def poll(self):
        """One round: list the regions (with regions), read every watched instance's tasks; a Round."""
        found = Round()
        if self.regions:
            self._list_regions(found)
        watched = [(instance_id, region) for instance_id, region in self.watched.items() if self._due(instance_id)]
        with ThreadPoolExecutor(max_workers=max(1, min(len(watched), READS_AT_ONCE))) as pool:
            reads = [pool.submit(self._read_tasks, instance_id, region) for instance_id, region in watched]
            for (instance_id, region), read in zip(watched, reads):
                self._take(found, instance_id, region, read.result())
        self._forget_unwatched(found)
        return found

    def _streak(self, key):
        return self.streaks.setdefault(key, Streak())

    def _due(self, key):
        streak = self.streaks.get(key)
        return streak is None or streak.due()

    def _failed(self, found, key, instance_id, region, error):
        found.failed = True
        where = "instance %s" % instance_id if instance_id else "region %s" % region
        found.problems.append("%s: %s: %s" % (where, error.operation, error))
        if self._streak(key).failed(self.options.error_threshold):
            found.events.append(error_event(instance_id, region, str(error)))

    def _list_regions(self, found):
        """Every instance with Smart Connect on in the regions; a region that fails keeps its last instances."""
        due = [region for region in self.regions if self._due(("region", region["name"]))]
        listings = fleet.read_regions(self.settings, due, self.credentials, self.secrets)
        for region, listing in zip(due, listings):
            if listing.error:
                self._failed(found, ("region", region["name"]), None, region["name"], listing.error)
                continue
            self._streak(("region", region["name"])).succeeded()
            region.setdefault("project_id", listing.project_id)  # no IAM lookup next round
            for instance_id in [key for key, name in self.watched.items() if name == region["name"]]:
                del self.watched[instance_id]
            for instance in listing.instances:
                if as_bool(instance.get("connector_enable")) and instance.get("instance_id"):
                    self.watched[instance["instance_id"]] = region["name"]

    def _read_tasks(self, instance_id, region):
        """The instance's tasks in the API's shape, or the ApiError that stopped the read."""
        try:
            return read_all_pages(SmartConnectApi(self.client(region), instance_id))[0]
        except ApiError as error:
            return error

    def _take(self, found, instance_id, region, read):
        if isinstance(read, ApiError):
            self._failed(found, instance_id, instance_id, region, read)
            return
        self._streak(instance_id).succeeded()
        before = self.snapshots.get(instance_id, (region, None))[1]
        after = snapshot(read)
        self.snapshots[instance_id] = (region, after)
        # The first read of an instance is where its changes start from, unless emit_initial.
        if before is not None or self.options.emit_initial:
            found.events.extend(changes(instance_id, region, before, after))

    def _forget_unwatched(self, found):
        """An instance no longer listed (deleted, or Smart Connect turned off: its tasks are gone with it)."""
        for instance_id in [key for key in self.snapshots if key not in self.watched]:
            region, before = self.snapshots.pop(instance_id)
            found.events.extend(changes(instance_id, region, before, {}))
            self.streaks.pop(instance_id, None)
