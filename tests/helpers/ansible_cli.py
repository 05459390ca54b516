"""Run real ``ansible-playbook`` and ``ansible`` commands on the checkout, as subprocesses.

The collection is found through ``ANSIBLE_COLLECTIONS_PATH`` pointing at a directory in which
``ansible_collections/huaweicloud/kafka`` is this checkout (see ``tests/conftest.py``), and modules run on
``localhost`` with the interpreter running the tests (which has ``requests``). Every Ansible state
(``ANSIBLE_HOME``, temporary files) goes to a private directory, and no credential variable of the caller's
environment leaks in: a test passes the environment it means.
"""

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile

from helpers.loopback import identity_environment

# Variables that would change a run behind a test's back.
_SCRUBBED_PREFIXES = ("ANSIBLE_", "HUAWEICLOUD_", "HW_", "CLOUD_SDK_")


def collections_path():
    """The directory holding ansible_collections/huaweicloud/kafka -> the checkout (tests/conftest.py makes it)."""
    import ansible_collections.huaweicloud.kafka as collection  # pylint: disable=import-outside-toplevel

    collection_dir = list(collection.__path__)[0]
    return os.path.dirname(os.path.dirname(os.path.dirname(collection_dir)))


def executable(name):
    """``ansible-playbook``/``ansible`` of the interpreter running the tests, else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.access(beside, os.X_OK):
        return beside
    found = shutil.which(name)
    if not found:
        raise RuntimeError("%s not found next to %s nor on PATH" % (name, sys.executable))
    return found


def private_dir(prefix):
    """A temporary directory removed when the test session ends."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, True)
    return path


@functools.cache
def _home():
    return private_dir("hwkafka-ansible-home-")


def environment(extra=None):
    """The environment of a run: the caller's minus Ansible and cloud variables, plus ``extra``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(_SCRUBBED_PREFIXES)}
    home = _home()
    env.update(
        ANSIBLE_COLLECTIONS_PATH=collections_path(),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_HOME=home,
        ANSIBLE_LOCAL_TEMP=os.path.join(home, "tmp"),
        ANSIBLE_REMOTE_TEMP=os.path.join(home, "remote-tmp"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="false",
        ANSIBLE_HOST_KEY_CHECKING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        ANSIBLE_LOCALHOST_WARNING="false",
        PYTHONDONTWRITEBYTECODE="1",
    )
    # The credential chain's metadata and STS endpoints on loopback, no credentials file (tests/conftest.py).
    env.update(identity_environment(home))
    env.update(extra or {})
    return env


def _run(argv, env, timeout):
    return subprocess.run(argv, env=environment(env), capture_output=True, text=True, timeout=timeout, check=False)


def run_playbook(playbook, *args, env=None, workdir=None, timeout=120, inventory=None):
    """Run a playbook (a path, or YAML text written to a file first) on localhost, or on the hosts of
    ``inventory``; return CompletedProcess.

    ``args`` are extra command-line arguments (``-vvv``, ``--diff``, ``--check``, ``-e``...).
    """
    if "\n" in playbook:
        workdir = workdir or private_dir("hwkafka-playbook-")
        path = os.path.join(workdir, "playbook.yml")
        with open(path, "w") as handle:
            handle.write(playbook)
        playbook = path
    where = ["-i", inventory] if inventory else ["-i", "localhost,", "-c", "local"]
    argv = [executable("ansible-playbook")] + where + [playbook] + list(args)
    return _run(argv, env, timeout)


def run_adhoc(module, module_args, *args, env=None, host="localhost", timeout=120):
    """``ansible <host> -m <module> -a '<module_args>'`` (implicit localhost); return CompletedProcess."""
    argv = [executable("ansible"), host, "-m", module, "-a", module_args] + list(args)
    return _run(argv, env, timeout)


def run_inventory(source, *args, env=None, timeout=120):
    """``ansible-inventory -i <source> <args>`` (``--list``, ``--graph``, ``--host H``...); return CompletedProcess."""
    argv = [executable("ansible-inventory"), "-i", source] + list(args)
    return _run(argv, env, timeout)
