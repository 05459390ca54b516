"""Offline stand-in for pip's get-pip.py, which ansible-test downloads from a host that CI cannot reach.

ansible-test runs this script as ``get_pip.py [pip options] pip==X.Y`` inside a fresh virtual
environment. Here pip comes from the interpreter's bundled wheel (ensurepip), then installs the
requested version from the package index like any other package.
"""

import os
import subprocess
import sys

# get-pip.py's own flags; plain pip does not know them.
GET_PIP_ONLY_FLAGS = ("--no-setuptools", "--no-wheel")

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
# ensurepip hides pip's configuration files from pip (PIP_CONFIG_FILE=/dev/null); the install must see
# them, since they may name the certificate bundle or the index this machine uses.
environment = {name: value for name, value in os.environ.items() if name != "PIP_CONFIG_FILE"}
arguments = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + arguments, env=environment))
