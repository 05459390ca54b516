# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of every value that becomes part of a URL the collection signs a request for.

Private to this collection: it may change without notice between releases. A region is pasted into the
default endpoints (``https://dms.{region}.myhuaweicloud.com``) and a project id into every path, so a value
such as ``attacker.example/x`` would send the access key id, the signature and the security token to
another host. Each check returns a list of messages naming the option, empty when all is well. No Ansible
import: the client and the credential chain use them too.
"""

import ipaddress
import re
from urllib.parse import urlsplit

REGION_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # cn-north-4, ap-southeast-1, eu-west-101
PROJECT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")  # Huawei's are 32 hexadecimal digits
HOST_RE = re.compile(
    r"^(?=.{1,253}\Z)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\Z"
)
# The ECS metadata service is plain http by nature, on its link-local address.
METADATA_HOSTS = ("169.254.169.254",)


def region_errors(region, name="region"):
    if region is not None and not REGION_RE.match(region):
        return [
            "%s must be a Huawei Cloud region name: lower-case letters, digits and dashes, like "
            "ap-southeast-1; got %r" % (name, region)
        ]
    return []


def project_id_errors(project_id, name="project_id"):
    if project_id is not None and not PROJECT_ID_RE.match(project_id):
        return [
            "%s must be a project id: 1 to 64 letters, digits, - and _ (Huawei's are 32 hexadecimal "
            "digits); got %r" % (name, project_id)
        ]
    return []


def is_loopback(host):
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def endpoint_errors(url, name, plain_http_hosts=()):
    """Problems of an endpoint: it must be ``https://host[:port]``; ``http://`` only to loopback (local tests)
    and to ``plain_http_hosts``. No path, query, fragment or user: those would change where requests go."""
    if url is None:
        return []
    wanted = "%s must be https://host or https://host:port (http:// only to 127.0.0.1, ::1 or localhost)" % name
    try:
        parts = urlsplit(str(url))
        port = parts.port
    except ValueError:
        return ["%s; got %r" % (wanted, url)]
    host = parts.hostname or ""
    problems = []
    if any(char.isspace() or ord(char) < 32 for char in str(url)):  # urlsplit drops some of them silently
        problems.append("it has white space or control characters")
    if parts.scheme not in ("https", "http"):
        problems.append("the scheme is not https")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        problems.append("it names a user")
    if not (HOST_RE.match(host) or _is_ip(host)):
        problems.append("the host is not a host name or an IP address")
    if port == 0:
        problems.append("the port is 0")
    if parts.path not in ("", "/") or parts.query or parts.fragment or str(url).rstrip("/").endswith(("?", "#")):
        problems.append("it has a path, a query or a fragment")
    if parts.scheme == "http" and not problems and not (is_loopback(host) or host in plain_http_hosts):
        problems.append("http:// is allowed only to loopback, for local testing")
    if problems:
        return ["%s; got %r (%s)" % (wanted, url, ", ".join(problems))]
    return []


def _is_ip(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def connection_errors(region=None, project_id=None, endpoint=None, iam_endpoint=None, metadata_endpoint=None):
    """Every problem of the connection values that become parts of URLs."""
    problems = region_errors(region) + project_id_errors(project_id) + endpoint_errors(endpoint, "endpoint")
    problems.extend(endpoint_errors(iam_endpoint, "iam_endpoint"))
    problems.extend(endpoint_errors(metadata_endpoint, "metadata_endpoint", METADATA_HOSTS))
    return problems
