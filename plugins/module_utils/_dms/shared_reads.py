# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads shared by the tasks of one ``smart_connect_tasks`` run: one list request a round for every task waiting.

Private to this collection: it may change without notice between releases. Each task of the run has its
own thread and its own :class:`_runners.task.TaskRunner`, which reads its task through :class:`SharedApi`.
A read joins the next *round*: one listing of the instance, started after every read it answers was asked
for (so a read after a write sees the write), and started as soon as every task still at work is waiting
for it, or ``gather`` seconds after the first of them asked.
"""

import threading
import time

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError

GATHER = 0.2  # seconds a read waits for the other tasks to join its round


class ListRounds:
    """Listings of the instance, each one answering every read asked for before it started."""

    def __init__(self, api, gather=GATHER, clock=time.monotonic):
        self.api = api
        self.gather = gather
        self.clock = clock
        self.rounds = 0  # listings made
        self._cond = threading.Condition()
        self._workers = 0  # threads at work on a task
        self._asking = 0  # reads waiting for the next round
        self._listing = False  # a round is being read
        self._answer = None  # the last round's (tasks, summary), or the ApiError it raised

    def join(self):
        with self._cond:
            self._workers += 1

    def leave(self):
        with self._cond:
            self._workers -= 1
            self._cond.notify_all()  # the others may all be waiting now

    def listing(self):
        """``(tasks, summary)`` from a listing that started after this call."""
        with self._cond:
            self._asking += 1
            wanted = self.rounds + (2 if self._listing else 1)  # a listing under way started too early
            deadline = self.clock() + self.gather
            while self.rounds < wanted:
                if not self._listing and (self._asking >= self._workers or self.clock() >= deadline):
                    self._read_round()
                else:
                    self._cond.wait(None if self._listing else max(0.0, deadline - self.clock()))
            answer = self._answer
        if isinstance(answer, Exception):
            raise answer
        return answer

    def _read_round(self):
        """Read one round with the lock released, for everyone asking now (called holding the lock)."""
        self._listing, self._asking = True, 0
        self._cond.release()
        try:
            answer = self.api.list_all()
        except Exception as error:  # pylint: disable=broad-except  # every reader of the round raises it
            answer = error
        finally:
            self._cond.acquire()
        self._listing, self._answer = False, answer
        self.rounds += 1
        self._cond.notify_all()


class SharedApi:
    """A task's view of :class:`_dms.api.SmartConnectApi`: its polls and lookups go through the rounds.

    ``poll()`` (a read while waiting) answers from the round's listing. A task the listing does not hold, or holds
    without a status, is read by id, since a task just created may show in the list late; so is every task when
    the round's listing failed, so that one failed listing fails no task a read by id can serve. ``show()``, the
    read after a write that checks what the write did, stays a read by id.
    """

    def __init__(self, api, rounds, before_create=None):
        self._api = api
        self._rounds = rounds
        self._before_create = before_create  # called before each create: the run may hold it back

    def create(self, body):
        if self._before_create is not None:
            self._before_create()
        return self._api.create(body)

    def __getattr__(self, name):  # every write, and anything else, as the API does it
        return getattr(self._api, name)

    def list_all(self):
        return self._rounds.listing()

    def poll(self, task_id, deleted=False):
        try:
            tasks, _summary = self._rounds.listing()
        except ApiError:
            return self._api.show(task_id, deleted)
        found = next((task for task in tasks if task.get("id") == task_id), None)
        return found if found is not None and found.get("status") else self._api.show(task_id, deleted)
