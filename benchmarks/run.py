# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks of the huaweicloud.kafka collection against the DMS emulator; prints Markdown tables.

Run from the collection root with the units venv:

    .venv/units-2.21/bin/python benchmarks/run.py            # full (several minutes)
    .venv/units-2.21/bin/python benchmarks/run.py --quick    # fewer repetitions
    .venv/units-2.21/bin/python benchmarks/run.py --only signer,noop,requests,scaling,role

Every comparison is measured side by side in one run (A/B alternated), and reported as the median of the
repetitions and the ratio of the medians, since absolute times depend on the machine and its load.
The emulator runs in this process, on 127.0.0.1; Ansible runs are real ``ansible``/``ansible-playbook``
subprocesses (see tests/helpers/ansible_cli.py).
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests")
sys.path.insert(0, TESTS)

# The tests' set-up makes ansible_collections.huaweicloud.kafka importable from the checkout.
import conftest  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from emulator import EmulatorClient, EmulatorServer, Settings, Switches  # noqa: E402
from emulator.sdk_import import load_sdk_signer  # noqa: E402
from helpers import ansible_cli  # noqa: E402  pylint: disable=wrong-import-position
from helpers.module_runner import run_main  # noqa: E402

from ansible_collections.huaweicloud.kafka.plugins.module_utils import signer  # noqa: E402
from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task, smart_connect_tasks

OBS_AK = "BENCHOBSACCESSKEY001"
OBS_SK = "BenchObsSecretKey-000000000000000000001"
ROLE_DIR = os.path.join(ROOT, "roles", "smart_connect_presets")


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt_s(seconds):
    return "%.3f s" % seconds if seconds >= 0.1 else "%.1f ms" % (seconds * 1000)


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def log(message):
    sys.stderr.write("[bench] %s\n" % message)
    sys.stderr.flush()


# ----- 1. signing ------------------------------------------------------------------------------------------


def signing_requests(count, url):
    """``count`` varied requests: methods, paths with ids, queries, bodies of several sizes."""
    requests_ = []
    methods = ["GET", "POST", "PUT", "DELETE"]
    for number in range(count):
        method = methods[number % 4]
        task = "%08x-4d3b-4e7a-9c41-%012x" % (number, number)
        path = "/v2/0f1e2d3c4b5a69788796a5b4c3d2e1f0/instances/6a1f0c52-4d3b-4e7a-9c41-000000000001/connector/tasks"
        query = []
        if method == "GET" and number % 8 == 0:
            query = [("offset", str(number % 50)), ("limit", "50")]
        elif method != "POST":
            path += "/" + task
        body = None
        if method in ("POST", "PUT"):
            body = json.dumps(
                {
                    "task_name": "task-%d" % number,
                    "topics": ",".join("t%d" % i for i in range(number % 20)),
                    "sink_type": "OBS_SINK",
                    "sink_task": {"obs_bucket_name": "b", "obs_path": "p" * (number % 300)},
                },
                separators=(",", ":"),
            ).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "bench",
            "X-Project-Id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        }
        requests_.append((method, path, query, headers, body))
    return requests_


def bench_signer(rounds, count=2000):
    loaded = load_sdk_signer()
    if loaded is None:
        return "SDK signer not installed: skipped", []
    sdk_signer, sdk_request_class = loaded
    host = "dms.cn-north-4.myhuaweicloud.com"
    ak, sk = "BENCHAK0000000000001", "BenchSecretKey0000000000000000000000001"
    date = "20261123T120000Z"
    reqs = signing_requests(count, host)
    credentials = type("Credentials", (), {"ak": ak, "sk": sk})()
    sdk = sdk_signer(credentials)

    def ours_inputs():
        out = []
        for method, path, query, headers, body in reqs:
            url = "https://%s%s" % (host, path)
            if query:
                url += "?" + "&".join("%s=%s" % pair for pair in query)
            out.append((method, url, dict(headers, **{"X-Sdk-Date": date}), body))
        return out

    def sdk_inputs():
        return [
            sdk_request_class(
                method=method,
                schema="https",
                host=host,
                resource_path=path,
                query_params=list(query),
                header_params=dict(headers, **{"X-Sdk-Date": date}),
                body=body if body is not None else "",
            )
            for method, path, query, headers, body in reqs
        ]

    # Same signature on every request, first.
    same = 0
    for (method, url, headers, body), request in zip(ours_inputs(), sdk_inputs()):
        mine = signer.sign(method, url, headers, body, ak, sk)["Authorization"]
        sdk.sign(request)
        same += mine == request.header_params["Authorization"]

    ours_times, sdk_times = [], []
    for round_ in range(rounds):
        order = ("ours", "sdk") if round_ % 2 == 0 else ("sdk", "ours")
        for which in order:
            if which == "ours":
                inputs = ours_inputs()
                start = time.perf_counter()
                for method, url, headers, body in inputs:
                    signer.sign(method, url, headers, body, ak, sk)
                ours_times.append(time.perf_counter() - start)
            else:
                inputs = sdk_inputs()
                start = time.perf_counter()
                for request in inputs:
                    sdk.sign(request)
                sdk_times.append(time.perf_counter() - start)
    ours, theirs = median(ours_times), median(sdk_times)
    rows = [
        ["collection `signer.sign`", fmt_s(ours), "%.0f" % (count / ours), "%.1f us" % (ours / count * 1e6)],
        [
            "SDK `huaweicloudsdkcore.signer.signer.Signer`",
            fmt_s(theirs),
            "%.0f" % (count / theirs),
            "%.1f us" % (theirs / count * 1e6),
        ],
    ]
    text = table(
        ["Signer (%d requests, median of %d rounds)" % (count, rounds), "time", "requests/s", "per request"], rows
    )
    text += "\n\nRatio ours / SDK: **%.2f×** (goal ≤ 1.00). Identical `Authorization` on %d/%d requests." % (
        ours / theirs,
        same,
        count,
    )
    return text, [("signer ratio", ours / theirs)]


# ----- emulator helpers ------------------------------------------------------------------------------------


@contextlib.contextmanager
def emulator(async_delay=0.3):
    with EmulatorServer(Settings(switches=Switches(async_delay=async_delay))) as server:
        client = EmulatorClient(server.url)
        client.reset()
        client.set_async_delay(async_delay)
        yield client


def connection(emu, **more):
    options = dict(access_key=emu.access_key, secret_key=emu.secret_key, endpoint=emu.url, project_id=emu.project_id)
    options.update(more)
    return options


def obs_task(name, **more):
    options = dict(
        task_name=name,
        topics=["topic-%s" % name],
        sink_task=dict(obs_bucket_name="bench-bucket", obs_path=name, access_key=OBS_AK, secret_key=OBS_SK),
    )
    options.update(more)
    return options


def run_inprocess(emu, check=False, **options):
    args = dict(connection(emu), instance_id=emu.instance_id, _ansible_check_mode=check, _ansible_diff=False)
    args.update(options)
    return run_main(smart_connect_task.main, args)


def counts(emu):
    journal = emu.journal()
    reads = sum(1 for entry in journal if entry["method"] == "GET")
    return reads, len(journal) - reads, [entry["operation"] for entry in journal]


# ----- 2. no-op vs the uri floor ---------------------------------------------------------------------------


def bench_noop(runs):
    with emulator(async_delay=0.05) as emu:
        created = run_inprocess(emu, **obs_task("bench-noop"))
        assert not created["failed"], created
        task_id = created["task"]["id"]
        env = dict(HUAWEICLOUD_SDK_AK=emu.access_key, HUAWEICLOUD_SDK_SK=emu.secret_key)
        module_json = json.dumps(
            dict(endpoint=emu.url, project_id=emu.project_id, instance_id=emu.instance_id, task_id=task_id)
        )
        path = "/v2/%s/instances/%s/connector/tasks/%s" % (emu.project_id, emu.instance_id, task_id)
        url = emu.url + path
        # Signed once, just before the runs, for a fixed X-Sdk-Date (the emulator accepts 15 minutes of skew).
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        headers = signer.sign(
            "GET",
            url,
            {"Content-Type": "application/json", "X-Project-Id": emu.project_id, "X-Sdk-Date": date},
            None,
            emu.access_key,
            emu.secret_key,
        )
        uri_json = json.dumps(dict(url=url, method="GET", headers=headers, return_content=True))

        def adhoc(module, args):
            start = time.perf_counter()
            done = ansible_cli.run_adhoc(module, args, env=env)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                raise RuntimeError("%s failed: %s %s" % (module, done.stdout[-2000:], done.stderr[-2000:]))
            return elapsed, done.stdout

        adhoc("huaweicloud.kafka.smart_connect_task", module_json)  # warm caches (bytecode, collection loader)
        adhoc("ansible.builtin.uri", uri_json)
        module_times, uri_times = [], []
        emu.clear_journal()
        for run in range(runs):
            pairs = [
                ("module", "huaweicloud.kafka.smart_connect_task", module_json),
                ("uri", "ansible.builtin.uri", uri_json),
            ]
            if run % 2:
                pairs.reverse()
            for which, module, args in pairs:
                elapsed, out = adhoc(module, args)
                if which == "module":
                    assert '"changed": false' in out, out[-500:]
                    module_times.append(elapsed)
                else:
                    uri_times.append(elapsed)
        reads, writes, _ops = counts(emu)

        # In-process: import of the module (fresh interpreter) and main() for a no-op.
        probe = (
            "import sys, time, json\n"
            "sys.path[:0] = %r\n"
            "t0 = time.perf_counter()\n"
            "from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task as m\n"
            "t1 = time.perf_counter()\n"
            "from helpers.module_runner import ModuleExit, module_args\n"
            "args = json.loads(%r)\n"
            "t2 = time.perf_counter()\n"
            "with module_args(args):\n"
            "    try:\n"
            "        m.main()\n"
            "    except ModuleExit as done:\n"
            "        assert not done.failed and not done.result['changed'], done.result\n"
            "t3 = time.perf_counter()\n"
            "print(json.dumps([t1 - t0, t3 - t2]))\n"
        ) % (
            [TESTS, ansible_cli.collections_path()],
            json.dumps(dict(connection(emu), instance_id=emu.instance_id, task_id=task_id)),
        )
        imports, mains, interpreter = [], [], []
        for _run in range(runs):
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", probe],
                stdout=subprocess.PIPE,
                check=True,
                text=True,
                env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
            ).stdout
            interpreter.append(time.perf_counter() - start)
            import_time, main_time = json.loads(out.strip().splitlines()[-1])
            imports.append(import_time)
            mains.append(main_time)
        in_process = []
        for _run in range(runs * 5):
            start = time.perf_counter()
            result = run_inprocess(emu, task_id=task_id)
            in_process.append(time.perf_counter() - start)
            assert not result["failed"] and not result["changed"]

    module, uri = median(module_times), median(uri_times)
    rows = [
        [
            "`ansible localhost -m huaweicloud.kafka.smart_connect_task` (no-op by `task_id`)",
            fmt_s(module),
            "%.2f×" % (module / uri),
        ],
        ["`ansible localhost -m ansible.builtin.uri` (signed GET of the same task): the floor", fmt_s(uri), "1.00×"],
    ]
    text = table(["Ad hoc run, median of %d alternated runs" % runs, "wall time", "vs floor"], rows)
    text += (
        "\n\nRatio module / uri: **%.2f×** (goal ≤ 1.15). Requests seen by the emulator over the %d runs: "
        "%d GET, %d writes (1 GET each).\n\n" % (module / uri, 2 * runs, reads, writes)
    )
    text += table(
        ["Inside the process (median)", "time"],
        [
            [
                "import `smart_connect_task` (fresh interpreter: ansible.module_utils.basic, requests, module_utils)",
                fmt_s(median(imports)),
            ],
            ["`main()` of a no-op by `task_id` (first call in that interpreter: 1 GET)", fmt_s(median(mains))],
            ["`main()` of a no-op by `task_id`, warm (median of %d)" % (runs * 5), fmt_s(median(in_process))],
            ["whole fresh interpreter (start + import + main + exit)", fmt_s(median(interpreter))],
        ],
    )
    return text, [("noop ratio", module / uri)]


# ----- 3. requests per scenario ----------------------------------------------------------------------------


def bench_requests():
    rows = []
    with emulator(async_delay=0.3) as emu:

        def scenario(label, minimum, check=False, **options):
            emu.clear_journal()
            result = run_inprocess(emu, check=check, **options)
            assert not result["failed"], result
            reads, writes, ops = counts(emu)
            rows.append([label, reads, writes, reads + writes, minimum, ", ".join(_short(op) for op in ops)])
            return result

        created = scenario(
            "create, `wait: true` (by name)",
            "3: list + POST + 1 GET (the POST answers CREATING)",
            **obs_task("bench-req"),
        )
        task_id = created["task"]["id"]
        scenario("no-op by `task_id`", "1 GET", task_id=task_id)
        scenario("no-op by `task_name`", "1 GET (list; no filter in the API)", **obs_task("bench-req"))
        scenario(
            "check mode, would modify",
            "1 GET, 0 writes",
            check=True,
            **obs_task("bench-req", sink_task=dict(obs_bucket_name="bench-bucket", deliver_time_interval=600)),
        )
        scenario("check mode, would create", "1 GET, 0 writes", check=True, **obs_task("bench-req-new"))
        scenario(
            "modify by `task_id`",
            "2: GET + PUT (its answer is the result)",
            task_id=task_id,
            sink_task=dict(obs_bucket_name="bench-bucket", deliver_time_interval=600),
        )
        scenario(
            "modify by `task_name`",
            "2: list + PUT",
            **obs_task("bench-req", sink_task=dict(obs_bucket_name="bench-bucket", deliver_time_interval=900)),
        )
        scenario(
            "pause by `task_id`", "3: GET + PUT pause + 1 GET (pause answers nothing)", task_id=task_id, state="paused"
        )
        scenario("resume by `task_id`", "3: GET + PUT resume + 1 GET", task_id=task_id, state="running")
        scenario("delete by `task_id`", "3: GET + DELETE + 1 GET (gone)", task_id=task_id, state="absent")
    text = table(
        ["Scenario (in-process, emulator async delay 0.3 s)", "GET", "writes", "total", "API minimum", "operations"],
        rows,
    )
    return text, []


def _short(operation):
    return {
        "ListConnectorTasks": "List",
        "ShowConnectorTask": "Show",
        "CreateConnectorTask": "Create",
        "ModifyConnectorTask": "Modify",
        "DeleteConnectorTask": "Delete",
        "PauseConnectorTask": "Pause",
        "ResumeConnectorTask": "Resume",
        "RestartConnectorTask": "Restart",
    }.get(operation, operation)


# ----- 4. how cost grows with the number of tasks ----------------------------------------------------------


def bench_scaling(runs):
    rows = []
    with emulator(async_delay=0) as emu:
        present = 0
        for target in (1, 6, 12, 18):
            while present < target:
                result = run_inprocess(emu, **obs_task("bench-scale-%02d" % present))
                assert not result["failed"], result
                present += 1
            name = "bench-scale-%02d" % (target - 1)
            times = []
            for _run in range(runs * 3):
                emu.clear_journal()
                start = time.perf_counter()
                result = run_inprocess(emu, **obs_task(name))
                times.append(time.perf_counter() - start)
                assert not result["failed"] and not result["changed"]
            reads, writes, _ops = counts(emu)
            rows.append([target, reads, writes, fmt_s(median(times))])
    text = table(["tasks on the instance", "GET per no-op by name", "writes", "in-process time (median)"], rows)
    text += (
        "\n\nA lookup by name lists the tasks in pages of 50, so it is 1 call up to 50 tasks; an instance "
        "holds at most 18, so always 1 page. The cost per managed task is constant: applying N tasks costs "
        "N times one task."
    )
    return text, []


# ----- 5. the role / 18 tasks ------------------------------------------------------------------------------

PLAY_18_HOSTS = """
- hosts: tasks
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: "bench-{{ inventory_hostname }}"
        topics: ["topic-{{ inventory_hostname }}"]
        sink_task: {obs_bucket_name: bench-bucket, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
"""

PLAY_LOOP = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: "bench-loop-{{ item }}"
        topics: ["topic-{{ item }}"]
        sink_task: {obs_bucket_name: bench-bucket, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
      loop: "{{ range(1, 19) | list }}"
"""

PLAY_ROLE = """
- hosts: localhost
  gather_facts: false
  roles:
    - role: huaweicloud.kafka.smart_connect_presets
      vars:
        smart_connect_presets_instance_id: "{{ instance_id }}"
        smart_connect_presets_connection: "{{ hw_connection }}"
        smart_connect_presets_tasks: "{{ role_tasks }}"
"""


def role_available():
    tasks_dir = os.path.join(ROLE_DIR, "tasks")
    return os.path.isfile(os.path.join(tasks_dir, "main.yml")) or os.path.isfile(os.path.join(tasks_dir, "main.yaml"))


def playbook_run(workdir, text, inventory, extra, forks, collections=None, pipelining=False):
    path = os.path.join(workdir, "play-%d.yml" % abs(hash(text)))
    with open(path, "w") as handle:
        handle.write(text)
    vars_path = os.path.join(workdir, "vars.json")
    with open(vars_path, "w") as handle:
        json.dump(extra, handle)
    argv = [
        ansible_cli.executable("ansible-playbook"),
        "-i",
        inventory,
        path,
        "-e",
        "@" + vars_path,
        "--forks",
        str(forks),
    ]
    if inventory == "localhost,":
        argv += ["-c", "local"]
    start = time.perf_counter()
    env = ansible_cli.environment(dict(ANSIBLE_COLLECTIONS_PATH=collections) if collections else None)
    if pipelining:  # no temporary files for each module: what a tuned controller does
        env["ANSIBLE_PIPELINING"] = "true"
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError("playbook failed:\n%s\n%s" % (done.stdout[-3000:], done.stderr[-3000:]))
    return elapsed


def bench_role(runs):
    rows = []
    workdir = tempfile.mkdtemp(prefix="hwkafka-bench-")
    inventory = os.path.join(workdir, "inventory.ini")
    with open(inventory, "w") as handle:
        handle.write("[tasks]\n")
        for number in range(1, 19):
            handle.write("h%02d ansible_connection=local ansible_python_interpreter=%s\n" % (number, sys.executable))
    variants = [("18 hosts × 1 task (module), inventory of localhost aliases", PLAY_18_HOSTS, inventory)]
    variants.append(("1 host, loop of 18 (module)", PLAY_LOOP, "localhost,"))
    if role_available():
        variants.append(
            ("1 host, role `smart_connect_presets` with 18 tasks (preset obs_dump)", PLAY_ROLE, "localhost,")
        )
    else:
        log("roles/smart_connect_presets/tasks/main.yml not found: the role row is skipped")
    role_tasks = [
        dict(
            task_name="bench-role-%02d" % number,
            preset="obs_dump",
            topics=["topic-%d" % number],
            sink_task=dict(obs_bucket_name="bench-bucket", access_key=OBS_AK, secret_key=OBS_SK),
        )
        for number in range(1, 19)
    ]
    with emulator(async_delay=0.3) as emu:
        extra = dict(
            hw_connection=connection(emu, retries=4, timeout=30),
            instance_id=emu.instance_id,
            obs_ak=OBS_AK,
            obs_sk=OBS_SK,
            role_tasks=role_tasks,
        )
        for label, text, inv in variants:
            for forks in (1, 18):
                scratch, noop, scratch_req, noop_req = [], [], [], []
                for _run in range(runs):
                    emu.reset()
                    emu.set_async_delay(0.3)
                    scratch.append(playbook_run(workdir, text, inv, extra, forks))
                    reads, writes, _ops = counts(emu)
                    scratch_req.append((reads, writes))
                    assert len(emu.tasks()) == 18, len(emu.tasks())
                    emu.clear_journal()
                    noop.append(playbook_run(workdir, text, inv, extra, forks))
                    reads, writes, _ops = counts(emu)
                    noop_req.append((reads, writes))
                    assert writes == 0, "a no-op run wrote"
                rows.append(
                    [
                        label,
                        forks,
                        fmt_s(median(scratch)),
                        "%d GET + %d writes" % scratch_req[-1],
                        fmt_s(median(noop)),
                        "%d GET + %d writes" % noop_req[-1],
                    ]
                )
                log("%s forks=%d done" % (label, forks))
    text = table(
        [
            "18 tasks on one instance (median of %d)" % runs,
            "forks",
            "from scratch",
            "requests",
            "again (no-op)",
            "requests",
        ],
        rows,
    )
    return text, []


# ----- 6. a whole instance in one run: smart_connect_tasks and the role on it --------------------------------

OLD_ROLE_REV = "1fce82d"  # the last revision whose role looped over smart_connect_task

PLAY_ONE = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: "{{ bench_tasks[0].task_name }}"
        topics: "{{ bench_tasks[0].topics }}"
        sink_task: "{{ bench_tasks[0].sink_task }}"
"""

PLAY_TASKS = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - huaweicloud.kafka.smart_connect_tasks:
        instance_id: "{{ instance_id }}"
        tasks: "{{ bench_tasks }}"
"""


def checkout(rev, top):
    """The collection at ``rev``, unpacked at ``top``/ansible_collections/huaweicloud/kafka; returns ``top``."""
    target = os.path.join(top, "ansible_collections", "huaweicloud", "kafka")
    os.makedirs(target)
    archive = subprocess.run(["git", "-C", ROOT, "archive", rev], stdout=subprocess.PIPE, check=True).stdout
    subprocess.run(["tar", "-x", "-C", target], input=archive, check=True)
    return top


def paired(times, baseline):
    """Median and quartiles of the per-run ratios ``times[i] / baseline[i]``."""
    ratios = [a / b for a, b in zip(times, baseline)]
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    return "%.2f× (%.2f-%.2f)" % (statistics.median(ratios), quartiles[0], quartiles[2])


def bench_instance(runs, side_runs):
    """18 tasks in one smart_connect_tasks run, and the role on it, against one smart_connect_task run."""
    workdir = tempfile.mkdtemp(prefix="hwkafka-bench-")
    old_top = None
    try:
        old_top = checkout(OLD_ROLE_REV, tempfile.mkdtemp(prefix="hwkafka-old-"))
    except (subprocess.CalledProcessError, OSError) as error:
        log("no checkout of %s (%s): the old role is left out" % (OLD_ROLE_REV, error))
    tasks = [
        dict(
            task_name="bench-loop-%d" % number,
            topics=["topic-%d" % number],
            sink_task=dict(obs_bucket_name="bench-bucket", access_key=OBS_AK, secret_key=OBS_SK),
        )
        for number in range(1, 19)
    ]
    role_tasks = [
        dict(
            task_name="bench-role-%02d" % number,
            preset="obs_dump",
            topics=["topic-%d" % number],
            sink_task=dict(obs_bucket_name="bench-bucket", access_key=OBS_AK, secret_key=OBS_SK),
        )
        for number in range(1, 19)
    ]
    with emulator(async_delay=0.3) as emu:
        instances = {}

        def instance(name):
            if name not in instances:
                instances[name] = emu.add_instance(connector_enable=True)["instance_id"]
            return instances[name]

        base = dict(
            hw_connection=connection(emu, retries=4, timeout=30),
            obs_ak=OBS_AK,
            obs_sk=OBS_SK,
            bench_tasks=tasks,
            role_tasks=role_tasks,
        )
        # name -> (playbook, instance, collections path); instances are shared by scenarios that manage the
        # same tasks (an instance holds at most 18).
        scenarios = {
            "one task (`smart_connect_task`)": (PLAY_ONE, "one", None),
            "18 tasks, `smart_connect_tasks`": (PLAY_TASKS, "loop", None),
            "18 tasks, role on `smart_connect_tasks`": (PLAY_ROLE, "role", None),
            "18 tasks, loop of `smart_connect_task`": (PLAY_LOOP, "loop", None),
        }
        if old_top:
            scenarios["18 tasks, role before (loop, %s)" % OLD_ROLE_REV] = (PLAY_ROLE, "role", old_top)

        def play(name):
            text, where, top = scenarios[name]
            extra = dict(base, instance_id=instance(where))
            env_path = top or ansible_cli.collections_path()
            emu.clear_journal()
            elapsed = playbook_run(workdir, text, "localhost,", extra, 1, collections=env_path, pipelining=True)
            reads, writes, _ops = counts(emu)
            return elapsed, "%d GET + %d writes" % (reads, writes)

        def clear(name):
            """Every task of the scenario's instance deleted (not timed), for a run from scratch."""
            result = run_main(
                smart_connect_tasks.main,
                dict(
                    connection(emu),
                    instance_id=instance(scenarios[name][1]),
                    tasks=[],
                    purge=True,
                    _ansible_check_mode=False,
                    _ansible_diff=False,
                ),
            )
            assert not result["failed"], result

        names = list(scenarios)
        goals = names[:3]  # measured against the one-task run, pair by pair
        rows = []
        for label, prepare in (("no-op", None), ("from scratch", clear)):
            times = {name: [] for name in names}
            requests_ = {}
            if prepare is None:
                for name in names:
                    play(name)  # creates the tasks, and warms the bytecode and the collection loader
            for run in range(runs):
                order = goals if run % 2 == 0 else goals[::-1]
                for name in order + (names[3:] if run < side_runs else []):
                    if prepare:
                        prepare(name)
                    elapsed, requests_[name] = play(name)
                    times[name].append(elapsed)
            one = times[names[0]]
            for name in names:
                ratio = (
                    paired(times[name], one)
                    if name in goals
                    else "%.1f× (medians, %d runs)" % (median(times[name]) / median(one), len(times[name]))
                )
                rows.append([label, name, fmt_s(median(times[name])), ratio, requests_[name]])
            log("%s done" % label)
    text = table(
        [
            "run",
            "what (ansible-playbook, %d paired runs)" % runs,
            "median",
            "÷ one task (paired ratio, quartiles)",
            "requests (last run)",
        ],
        rows,
    )
    text += (
        "\n\nGoals (issue 14): 18 tasks no-op ≤ 1.3×, 18 from scratch ≤ 2×, the role no-op ≤ 1.5× one task. "
        "The one-task, `smart_connect_tasks` and role runs alternate (A B C, C B A, ...); the loop and the "
        "old role are slower by an order of magnitude and run %d times only, beside them." % side_runs
    )
    return text, []


# ----- main ------------------------------------------------------------------------------------------------

SECTIONS = ("signer", "noop", "requests", "scaling", "role", "instance")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: %s" % ", ".join(SECTIONS))
    options = parser.parse_args(argv)
    only = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        parser.error("unknown section(s): %s" % ", ".join(unknown))
    rounds = 3 if options.quick else 9
    runs = 3 if options.quick else 7
    role_runs = 1 if options.quick else 3

    from ansible.release import __version__ as ansible_version

    print("# huaweicloud.kafka benchmarks\n")
    print(
        "%s, Python %s, ansible-core %s, %d CPU(s), %s%s\n"
        % (
            platform.platform(),
            platform.python_version(),
            ansible_version,
            os.cpu_count() or 0,
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            " (--quick)" if options.quick else "",
        )
    )
    summary = []
    started = time.perf_counter()
    for name in only:
        log("running %s" % name)
        if name == "signer":
            title, (text, figures) = "1. Signing throughput", bench_signer(rounds)
        elif name == "noop":
            title, (text, figures) = "2. No-op run vs the `uri` floor", bench_noop(runs)
        elif name == "requests":
            title, (text, figures) = "3. Requests per scenario (emulator journal)", bench_requests()
        elif name == "scaling":
            title, (text, figures) = "4. Cost vs number of tasks", bench_scaling(runs)
        elif name == "role":
            title, (text, figures) = "5. 18 tasks (an instance's quota): forks 1 vs 18", bench_role(role_runs)
        else:
            title, (text, figures) = (
                "6. A whole instance in one run",
                bench_instance(4 if options.quick else 12, 1 if options.quick else 3),
            )
        print("## %s\n\n%s\n" % (title, text))
        sys.stdout.flush()
        summary.extend(figures)
    print("Total benchmark time: %.0f s" % (time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
