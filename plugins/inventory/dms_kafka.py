# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
name: dms_kafka
short_description: Huawei Cloud DMS for Kafka instances as inventory hosts
version_added: 1.1.0
description:
  - One host per Kafka instance of one or more Huawei Cloud regions, listed with
    C(GET /v2/{project_id}/instances?engine=kafka), every page.
  - Each host has every field the API lists with a C(dms_) prefix (unknown fields too), C(dms_tags) as a dict,
    and C(dms_region), C(dms_project_id) and C(dms_endpoint), the connection the modules need to manage it.
  - Hosts are in the group C(dms_kafka), and in the groups C(keyed_groups) and C(groups) make.
  - The configuration file's name must end in C(dms_kafka.yml) or C(dms_kafka.yaml).
  - Uses the modules' credentials - options, environment variables, OIDC, the SDK credentials file, ECS
    metadata - with the same code.
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
requirements:
  - requests
extends_documentation_fragment:
  - huaweicloud.kafka.connection
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin, so that Ansible knows the file is meant for it.
    required: true
    type: str
    choices: [huaweicloud.kafka.dms_kafka]
  regions:
    description:
      - The regions to list, each a name (V(ap-southeast-1)) or a dictionary with C(name) and, for that region
        only, C(project_id), C(endpoint) and C(iam_endpoint).
      - A region without a C(project_id) has it looked up in IAM (C(GET /v3/projects?name=<region>)), as the
        modules do. Regions are read side by side.
      - If empty, the one region of E(HUAWEICLOUD_REGION) or E(HW_REGION_NAME).
    type: list
    elements: raw
    default: []
  project_id:
    description:
      - The project id, when there is one region. A project belongs to a single region, so with several
        regions set C(project_id) in each region entry (or let each be looked up); the environment variables
        E(HUAWEICLOUD_SDK_PROJECT_ID) and E(HW_PROJECT_ID), and the C(project_id) of the SDK credentials file, are
        then not used.
      - If not set, E(HUAWEICLOUD_SDK_PROJECT_ID), E(HW_PROJECT_ID) or the credentials file's (one region only).
    type: str
  endpoint:
    description:
      - The DMS endpoint of every region that does not set its own, for private endpoints or an emulator.
        Defaults to C(https://dms.<region>.myhuaweicloud.com) (C(.eu) for V(eu-west-101)).
      - C(https://host[:port]); C(http://) only to loopback. If not set, E(HUAWEICLOUD_DMS_ENDPOINT).
    type: str
  iam_endpoint:
    description:
      - The IAM endpoint of every region that does not set its own, used only to look up project ids.
      - If not set, E(HUAWEICLOUD_IAM_ENDPOINT), else the C(iam_endpoint) of the SDK credentials file, else
        C(https://iam.<region>.myhuaweicloud.com).
    type: str
  api_filters:
    description:
      - Filters the API applies itself, so that fewer instances travel. Keys - C(name) (a part of the name,
        or the whole name with C(exact_match_name=true)), C(exact_match_name), C(instance_id), C(status),
        C(include_failure) (V(false) leaves out instances whose creation failed) and C(enterprise_project_id).
      - Each takes one value, C(exact_match_name) and C(include_failure) V(true) or V(false); for several values
        of one field use O(filters).
      - The API has no tag filter; use O(filters) on C(dms_tags).
    type: dict
    default: {}
  filters:
    description:
      - Keep only the instances whose host variables have these values. Each key is a host variable (with or
        without the C(dms_) prefix), and may go into a dictionary with dots (C(dms_tags.env)); each value is
        the value wanted, or a list of the values accepted. Every key must match.
      - Applied after the listing, on any host variable; O(api_filters) are cheaper where they fit.
    type: dict
    default: {}
  fields:
    description:
      - The listed fields to make host variables of (names as the API gives them, without the C(dms_) prefix, for
        example V(instance_id), V(name), V(status), V(connector_enable), V(tags)). Empty keeps every field.
      - C(dms_instance_id), C(dms_name), C(dms_region), C(dms_project_id) and C(dms_endpoint) are always set. O(filters), O(hostnames), O(compose),
        O(groups) and O(keyed_groups) see only the fields kept.
      - An instance has about 90 fields; Ansible takes about 2 seconds a 1,000 hosts to store them all, so a large
        fleet that needs a few is faster with only those.
    type: list
    elements: str
    default: []
  hostnames:
    description:
      - How hosts are named; the first entry that gives a non-empty name wins, an entry undefined for an
        instance (a tag it lacks) passing to the next. Each entry is a host variable (with or without the C(dms_)
        prefix, for example V(name) or V(instance_id)) or a Jinja2 expression over the host variables, as in
        O(compose) (V(dms_name ~ "." ~ dms_region)).
    type: list
    elements: str
    default: [name]
  hostname_clash:
    description:
      - What happens when two instances get the same host name (instance names are unique only within a
        project, so two regions may each have one).
      - V(suffix) - the instance created first (whatever O(fields) keeps) keeps the name; each other becomes C(<name>_<instance id>), and a
        warning names them. Names stay stable as instances are added.
      - V(fail) - the inventory fails, naming the instances.
    type: str
    choices: [suffix, fail]
    default: suffix
  local_connection:
    description:
      - Set C(ansible_connection=local) and C(ansible_python_interpreter) to the controller's Python on every
        host, since the collection's modules run where the playbook runs and talk to the API from there.
      - V(false) leaves both out, for a play that connects somewhere else.
    type: bool
    default: true
  strict:
    description:
      - Besides failing on a O(compose), O(groups) or O(keyed_groups) expression that cannot be evaluated,
        fail the whole inventory when a region cannot be listed. Otherwise the other regions' hosts are
        kept, and a warning names the failed region with C(error_msg (error_code, request id)).
notes:
  - The cache (O(cache)) holds the listed instances, never credentials. A run with a region that failed does
    not refresh the cache. A cached run sends no request, not even for credentials.
  - In AWX / Automation Controller, use a "Sourced from a Project" inventory source pointing at this file, with a
    credential of the type in C(extensions/awx/credential_type_huaweicloud.yml); its environment variables
    give the keys, and its region is the one region listed when O(regions) is empty.
seealso:
  - ref: ansible_collections.huaweicloud.kafka.docsite.guide_fleets
    description: The inventory, fleet playbooks, AWX inventory sources and job slicing, rate limits, racing runs.
  - module: huaweicloud.kafka.smart_connect_tasks
    description: Every task of one instance in one run, the module a fleet play runs on each host.
"""

EXAMPLES = r"""
# prod.dms_kafka.yml: every Kafka instance of two regions; the keys come from the environment.
plugin: huaweicloud.kafka.dms_kafka
regions:
  - ap-southeast-1
  - name: eu-west-101
    project_id: 0123456789abcdef0123456789abcdef
keyed_groups:
  - key: dms_region
    prefix: region
  - key: dms_tags.env | default('untagged')
    prefix: env
groups:
  smart_connect_on: dms_connector_enable
compose:
  kafka_bootstrap: dms_connect_address

---
# Only running instances tagged env=prod, named after their id, cached for an hour.
plugin: huaweicloud.kafka.dms_kafka
regions: [ap-southeast-1]
api_filters:
  status: RUNNING
filters:
  dms_tags.env: prod
hostnames: [instance_id]
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/dms_kafka_cache
cache_timeout: 3600
"""

import sys
import time

from ansible.errors import AnsibleError, AnsibleUndefinedVariable
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.release import __version__ as ANSIBLE_VERSION
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import fleet
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.instances import api_filter_errors
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_int
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.connection import (
    SETTING_NAMES,
    fill_from_environment,
    find_credentials,
    from_environment,
    key_problems,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.credentials import NoCredentials
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import Redactor
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import connection_errors

SETTINGS = tuple(name for name in SETTING_NAMES if name != "region")  # regions are the plugin's own
GROUP = "dms_kafka"
# What the API answers is data, never a template (names and tags are anyone's to write): ansible-core 2.19 and later
# keep what an inventory plugin sets untrusted already; older releases need it marked unsafe (and it costs a third
# of the time of a large inventory).
_MARKED_BY_CORE = tuple(int(part) for part in ANSIBLE_VERSION.split(".")[:2]) >= (2, 19)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "huaweicloud.kafka.dms_kafka"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("dms_kafka.yml", "dms_kafka.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        settings, regions = self._settings()
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache")
        listings, source, started = None, "the API", time.monotonic()
        if use_cache and cache:
            try:
                listings = [fleet.RegionListing.from_dict(each) for each in self._cache[cache_key]]
                source = "the cache"
            except KeyError:
                pass
        if listings is None:
            listings = self._read(settings, regions)
            if use_cache and not any(listing.error for listing in listings):
                self._cache[cache_key] = [listing.to_dict() for listing in listings]
        listed = time.monotonic()
        count = self._populate(listings)
        self.display.vvv(
            "dms_kafka: %d hosts; read from %s in %.3f s, hosts made in %.3f s"
            % (count, source, listed - started, time.monotonic() - listed)
        )

    # ----- the options --------------------------------------------------------------------------
    def _settings(self):
        """The connection settings and the regions, checked before any request."""
        if not HAS_REQUESTS:
            raise AnsibleError("the huaweicloud.kafka.dms_kafka inventory needs requests: %s" % REQUESTS_IMPORT_ERROR)
        settings = {name: self.get_option(name) for name in SETTINGS}
        self._keys_given = bool(settings["access_key"] and settings["secret_key"])
        fill_from_environment(settings, [name for name in settings if name != "project_id"])
        regions = self._regions(settings)
        problems = key_problems(settings)
        problems += connection_errors(
            **{name: settings[name] or None for name in ("endpoint", "iam_endpoint", "metadata_endpoint")}
        )
        for region in regions:
            problems += connection_errors(
                **{name: region.get(name) for name in ("project_id", "endpoint", "iam_endpoint")}
            )
            problems += connection_errors(region=region["name"])
        problems += api_filter_errors(self.get_option("api_filters"))
        if problems:
            raise AnsibleError("dms_kafka: %s" % "; ".join(problems))
        return settings, regions

    def _regions(self, settings):
        """The region entries as dicts, the top-level project_id given to the only region."""
        entries = self.get_option("regions") or []
        if not entries:
            region = from_environment("region")
            if not region:
                raise AnsibleError(
                    "dms_kafka: regions is empty and neither HUAWEICLOUD_REGION nor HW_REGION_NAME is set"
                )
            entries = [region]
        regions = []
        for entry in entries:
            if isinstance(entry, str):
                entry = {"name": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise AnsibleError(
                    "dms_kafka: each of regions must be a region name or a dict with name, got %r" % (entry,)
                )
            unknown = sorted(set(entry) - {"name"} - set(fleet.REGION_SETTINGS))
            if unknown:
                raise AnsibleError(
                    "dms_kafka: region %s: unknown %s; allowed: name, %s"
                    % (entry["name"], ", ".join(unknown), ", ".join(fleet.REGION_SETTINGS))
                )
            regions.append(dict(entry))
        names = [region["name"] for region in regions]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise AnsibleError("dms_kafka: regions lists %s more than once" % ", ".join(twice))
        project_id = settings.pop("project_id")
        if len(regions) == 1:
            regions[0].setdefault("project_id", project_id or from_environment("project_id"))
        elif project_id:
            raise AnsibleError(
                "dms_kafka: project_id names the project of one region; with %d regions set project_id in each "
                "region entry" % len(regions)
            )
        return regions

    # ----- the listing --------------------------------------------------------------------------
    def _read(self, settings, regions):
        hidden = [settings["secret_key"], settings["security_token"]]  # and what the credential chain handles
        redact = Redactor(*hidden)

        def hide(*values):
            hidden.extend(values)
            redact.add(*values)

        try:
            credentials, source = find_credentials(settings, self._keys_given, hide)
        except NoCredentials as exc:
            raise AnsibleError("dms_kafka: %s" % redact(str(exc))) from None
        regions, problems = fleet.after_credentials(settings, regions)
        if problems:
            raise AnsibleError("dms_kafka: the credentials from %s: %s" % (source, "; ".join(problems)))
        self.display.vvv("dms_kafka: credentials from %s; listing %s" % (source, ", ".join(r["name"] for r in regions)))
        listings = fleet.read_regions(settings, regions, credentials, hidden, self.get_option("api_filters"))
        failed = [
            "region %s: %s: %s" % (each.region, each.error.operation, each.error) for each in listings if each.error
        ]
        if failed and self.get_option("strict"):
            raise AnsibleError("dms_kafka: %s" % "; ".join(failed))
        for message in failed:
            self.display.warning("dms_kafka: %s (its instances are left out)" % message)
        for listing in listings:
            if not listing.error:
                self.display.vvv(
                    "dms_kafka: region %s (project %s): %d instances"
                    % (listing.region, listing.project_id, len(listing.instances))
                )
        return listings

    # ----- the hosts ----------------------------------------------------------------------------
    def _populate(self, listings):
        strict = self.get_option("strict")
        # (host variables, when the instance was created): the clash order, whatever ``fields`` keeps.
        hosts = [
            (_as_data(fleet.host_vars(instance, listing, self.get_option("fields"))), instance.get("created_at"))
            for listing in listings
            if not listing.error
            for instance in listing.instances
        ]
        hosts = [host for host in hosts if self._wanted(host[0])]
        self.inventory.add_group(GROUP)
        named = self._named(hosts)
        for name, variables in named:
            self.inventory.add_host(name, group=GROUP)
            if self.get_option("local_connection"):
                # The controller's Python, as for the implicit localhost: it has requests.
                variables = dict(variables, ansible_connection="local", ansible_python_interpreter=sys.executable)
            for key, value in variables.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)
        return len(named)

    def _wanted(self, variables):
        for key, wanted in (self.get_option("filters") or {}).items():
            value = _lookup(variables, key)
            accepted = wanted if isinstance(wanted, list) else [wanted]
            if not any(_same(value, each) for each in accepted):
                return False
        return True

    def _host_name(self, variables):
        for entry in self.get_option("hostnames"):
            for key in (entry, fleet.PREFIX + entry):
                if key in variables:
                    name = variables[key]
                    break
            else:
                try:
                    name = self._compose(entry, variables)
                except AnsibleUndefinedVariable:  # a tag this instance lacks: the next entry may name it
                    continue
            if name not in (None, ""):
                return str(name)
        raise AnsibleError(
            "dms_kafka: no entry of hostnames names instance %s (%s)"
            % (variables.get("dms_instance_id"), ", ".join(self.get_option("hostnames")))
        )

    def _named(self, hosts):
        """(host name, variables) of every (variables, created_at); a name two instances share is handled by
        hostname_clash."""
        by_name = {}
        for variables, created_at in hosts:
            by_name.setdefault(self._host_name(variables), []).append((as_int(created_at) or 0, variables))
        named = []
        for name, sharing in by_name.items():
            sharing.sort(key=lambda each: (each[0], str(each[1].get("dms_instance_id"))))
            sharing = [variables for _created_at, variables in sharing]
            if len(sharing) > 1:
                ids = ", ".join("%s (%s)" % (each.get("dms_instance_id"), each.get("dms_region")) for each in sharing)
                if self.get_option("hostname_clash") == "fail":
                    raise AnsibleError("dms_kafka: host name %s is shared by instances %s" % (name, ids))
                self.display.warning(
                    "dms_kafka: host name %s is shared by instances %s; the first keeps it, the others are named "
                    "%s_<instance id>" % (name, ids, name)
                )
            named.append((name, sharing[0]))
            named.extend(("%s_%s" % (name, each.get("dms_instance_id")), each) for each in sharing[1:])
        return named


def _as_data(variables):
    """The host variables, never to be templated: before ansible-core 2.19 marked unsafe, deep, before any of
    hostnames, filters, compose or groups sees them (core marks what a plugin sets itself from 2.19)."""
    return variables if _MARKED_BY_CORE else wrap_var(variables)


def _lookup(variables, key):
    """The host variable ``key`` (``dms_`` prefix optional), following dots into dictionaries; None when absent."""
    head, _dot, rest = key.partition(".")
    value = variables.get(head, variables.get(fleet.PREFIX + head))
    for part in rest.split(".") if rest else ():
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same(value, wanted):
    """Equal, or equal as text (a YAML ``true`` and the API's ``"true"``, a number and its digits)."""
    if value == wanted:
        return True
    text = {True: "true", False: "false"}
    as_text = text.get(value, value) if isinstance(value, bool) else value
    wanted_text = text.get(wanted, wanted) if isinstance(wanted, bool) else wanted
    return value is not None and str(as_text) == str(wanted_text)
