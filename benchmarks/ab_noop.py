# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A/B of an ad hoc no-op ``smart_connect_task`` run: this checkout against another git revision.

    .venv/units-2.21/bin/python benchmarks/ab_noop.py [--rev HEAD~1] [--runs 15]

Both collections run against one emulator (in this process, on 127.0.0.1) and one unchanged task. The
two commands alternate (A B, B A, ...), and the figure that counts is the median of the per-pair ratios,
which cancels most of a noisy machine's drift; the requests each side sent are counted from the journal.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  pylint: disable=wrong-import-position
from helpers import ansible_cli  # noqa: E402  pylint: disable=wrong-import-position


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="HEAD", help="the revision to compare with (default: HEAD)")
    parser.add_argument("--runs", type=int, default=15, help="alternated pairs (default: 15)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hwkafka-ab-") as top, bench.emulator(async_delay=0.05) as emu:
        sides = {"this checkout": ansible_cli.collections_path(), options.rev: bench.checkout(options.rev, top)}
        created = bench.run_inprocess(emu, **bench.obs_task("bench-ab"))
        assert not created["failed"], created
        args = json.dumps(
            dict(
                endpoint=emu.url, project_id=emu.project_id, instance_id=emu.instance_id, task_id=created["task"]["id"]
            )
        )
        env = dict(HUAWEICLOUD_SDK_AK=emu.access_key, HUAWEICLOUD_SDK_SK=emu.secret_key)

        def once(name):
            emu.clear_journal()
            start = time.perf_counter()
            done = ansible_cli.run_adhoc(
                "huaweicloud.kafka.smart_connect_task", args, env=dict(env, ANSIBLE_COLLECTIONS_PATH=sides[name])
            )
            elapsed = time.perf_counter() - start
            assert done.returncode == 0 and '"changed": false' in done.stdout, done.stdout[-1000:]
            return elapsed, len(emu.journal())

        names = list(sides)
        for name in names:
            once(name)  # warm the bytecode and the collection loader
        times = {name: [] for name in names}
        requests = {name: set() for name in names}
        for run in range(options.runs):
            for name in names if run % 2 == 0 else names[::-1]:
                elapsed, sent = once(name)
                times[name].append(elapsed)
                requests[name].add(sent)
    new, old = times[names[0]], times[names[1]]
    ratios = [a / b for a, b in zip(new, old)]
    print("| Ad hoc no-op by `task_id`, %d alternated pairs | median | requests per run |" % options.runs)
    print("|---|---|---|")
    for name in names:
        print(
            "| %s | %s | %s |"
            % (
                name,
                bench.fmt_s(statistics.median(times[name])),
                ", ".join(str(count) for count in sorted(requests[name])),
            )
        )
    print(
        "\nPaired ratio this checkout / %s: median **%.3f×** (quartiles %.3f-%.3f)"
        % (options.rev, statistics.median(ratios), *statistics.quantiles(ratios, n=4)[::2])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
