"""Running the smart_connect_events source in a test: loaded as ansible-rulebook loads it (by its path), its
``main()`` run on an asyncio queue against the emulator, with bounded waits for events."""

import asyncio
import contextlib
import os
import runpy

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import Client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE_PATH = os.path.join(ROOT, "extensions", "eda", "plugins", "event_source", "smart_connect_events.py")
SOURCE = runpy.run_path(SOURCE_PATH)
# How long a test waits for an event that must come (rounds are 1 s apart): generous for a busy machine.
EVENT_TIMEOUT = 20


def source_args(emu, **changes):
    """The arguments of a source watching the emulator's instance with Smart Connect on, a round a second."""
    args = dict(
        access_key=emu.access_key,
        secret_key=emu.secret_key,
        endpoint=emu.url,
        project_id=emu.project_id,
        instance_ids=[emu.instance_id],
        interval=1,
        retries=0,
        timeout=5,
    )
    args.update(changes)
    return {key: value for key, value in args.items() if value is not None}


def api_client(emu):
    return Client(
        access_key=emu.access_key, secret_key=emu.secret_key, endpoint=emu.url, project_id=emu.project_id, retries=0
    )


def create_task(emu, name, instance_id=None):
    """A running OBS dump task made through the API; returns its id."""
    body = {
        "task_name": name,
        "topics": "t",
        "source_type": "NONE",
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "b", "access_key": "x", "secret_key": "y"},
    }
    path = ("instances", instance_id or emu.instance_id, "connector", "tasks")
    return api_client(emu).call("POST", path, "create a task", body=body)["id"]


def delete_task(emu, task_id):
    api_client(emu).call("DELETE", ("instances", emu.instance_id, "connector", "tasks", task_id), "delete a task")


def task_list_reads(emu, instance_id=None):
    """The journal's task list reads (of one instance, or all), oldest first."""
    return [
        entry
        for entry in emu.journal(operation="ListConnectorTasks")
        if instance_id is None or instance_id in entry["path"]
    ]


class Running:
    """The source running on a queue: ``events(n)`` waits for the next n events, ``quiet(s)`` checks none comes."""

    def __init__(self, queue, task):
        self.queue = queue
        self.task = task

    async def events(self, count, timeout=EVENT_TIMEOUT):
        found = []
        while len(found) < count:
            if self.task.done():
                self.task.result()  # the source's own error, raised here
                raise AssertionError("the source stopped")
            found.append(await asyncio.wait_for(self.queue.get(), timeout))
        return found

    async def quiet(self, seconds):
        """The events that came in ``seconds`` (a test that expects none asserts the list is empty)."""
        await asyncio.sleep(seconds)
        found = []
        while not self.queue.empty():
            found.append(self.queue.get_nowait())
        return found

    async def rounds(self, emu, count, timeout=EVENT_TIMEOUT):
        """Wait until the emulator has seen ``count`` more task list reads than now."""
        start = len(task_list_reads(emu))
        for _attempt in range(int(timeout / 0.1)):
            if len(task_list_reads(emu)) >= start + count:
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the source made fewer than %d rounds in %s s" % (count, timeout))


def run_source(args, scenario):
    """Run ``scenario(running)`` (a coroutine function) while the source runs; the source is cancelled after."""

    async def together():
        queue = asyncio.Queue()
        task = asyncio.create_task(SOURCE["main"](queue, args))
        try:
            return await scenario(Running(queue, task))
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return asyncio.run(together())
