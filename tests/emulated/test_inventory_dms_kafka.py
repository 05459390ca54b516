"""The dms_kafka inventory plugin against the emulator, through ``ansible-inventory`` (issue 24, item 1): paging,
the API's filters and ``filters``, host names and clashes, groups, the cache, failing regions, bad options and
secrets."""

import json
import os

import pytest
from emulator import fleet as emulator_fleet
from helpers.ansible_cli import run_inventory
from helpers.secret_scan import SecretScanner, known_secrets

EU, AP = "eu-west-101", "ap-southeast-1"
SEEDED = ["kafka-emulator-connect-on", "kafka-emulator-connect-off", "kafka-emulator-peer-1", "kafka-emulator-peer-2"]


@pytest.fixture
def inventory(quick_emulator, tmp_path):
    """Write a ``<name>.dms_kafka.yml`` and run ansible-inventory on it with the emulator's keys in the environment."""

    def run(config, *args, name="fleet", env=None):
        path = tmp_path / ("%s.dms_kafka.yml" % name)
        path.write_text(json.dumps(dict({"plugin": "huaweicloud.kafka.dms_kafka"}, **config)))
        environment = dict(
            HUAWEICLOUD_SDK_AK=quick_emulator.access_key,
            HUAWEICLOUD_SDK_SK=quick_emulator.secret_key,
            HUAWEICLOUD_DMS_ENDPOINT=quick_emulator.url,
            HUAWEICLOUD_IAM_ENDPOINT=quick_emulator.url,
            HUAWEICLOUD_REGION=quick_emulator.region,
            ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
        )
        environment.update(env or {})
        return run_inventory(str(path), *(args or ("--list",)), env=environment)

    return run


def plain(value):
    """The JSON of ``--list`` without its marks of untrusted data (every value the API gave is one)."""
    if isinstance(value, dict):
        return (
            plain(value["__ansible_unsafe"])
            if set(value) == {"__ansible_unsafe"}
            else {k: plain(v) for k, v in value.items()}
        )
    return [plain(each) for each in value] if isinstance(value, list) else value


def listed(completed):
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    found = json.loads(completed.stdout)
    return plain(found), plain(found["_meta"]["hostvars"])


def hosts_of(found, group):
    return sorted(found.get(group, {}).get("hosts", []))


def listed_unsafe(completed):
    """True when every string host variable from the API is marked unsafe in ``--list`` (2.19+ and 2.18 alike)."""
    hostvars = json.loads(completed.stdout)["_meta"]["hostvars"]
    names = [value for host in hostvars.values() for key, value in host.items() if key == "dms_name"]
    return bool(names) and all(isinstance(name, dict) and "__ansible_unsafe" in name for name in names)


def list_requests(emulator):
    return [entry for entry in emulator.journal() if entry["operation"] == "ListInstances"]


def test_one_region_from_the_environment_with_every_field(quick_emulator, inventory):
    quick_emulator.update_instance(quick_emulator.instance_id, tags={"env": "prod", "team": "data"})
    found, hostvars = listed(inventory({}))
    assert hosts_of(found, "dms_kafka") == sorted(SEEDED)
    on = hostvars["kafka-emulator-connect-on"]
    assert on["dms_instance_id"] == quick_emulator.instance_id
    assert on["dms_tags"] == {"env": "prod", "team": "data"}
    assert (on["dms_region"], on["dms_project_id"], on["dms_endpoint"]) == (
        quick_emulator.region,
        quick_emulator.project_id,
        quick_emulator.url,
    )
    for name in ("dms_name", "dms_status", "dms_engine_version", "dms_connector_enable", "dms_connector_id"):
        assert name in on
    assert (on["dms_port"], on["dms_specification"], on["dms_connector_enable"]) == (9092, "kafka.2u4g.cluster", True)
    assert on["dms_support_features"]  # a field the plugin knows nothing about passes through
    assert on["ansible_connection"] == "local" and os.path.basename(on["ansible_python_interpreter"]).startswith(
        "python"
    )
    # One IAM lookup and one page: the fewest requests.
    assert [entry["operation"] for entry in quick_emulator.journal()] == ["KeystoneListProjects", "ListInstances"]
    assert listed_unsafe(inventory({}))  # every value the API gave is marked as data, never a template


def test_every_page_of_three_regions_read_with_the_fewest_requests(quick_emulator, inventory):
    quick_emulator.add_instances([{"name": "eu-%03d" % n, "region": EU} for n in range(120)])
    quick_emulator.add_instances(
        [{"name": "ap-%03d" % n, "region": AP, "project_id": "ap-project-01"} for n in range(3)]
    )
    found, hostvars = listed(
        inventory({"regions": [quick_emulator.region, EU, {"name": AP, "project_id": "ap-project-01"}]})
    )
    assert len(found["dms_kafka"]["hosts"]) == 4 + 120 + 3
    assert hostvars["eu-119"]["dms_project_id"] == emulator_fleet.derived_project_id(EU)
    assert hostvars["ap-002"]["dms_region"] == AP
    pages = list_requests(quick_emulator)
    assert len(pages) == 1 + 3 + 1  # 120 instances at 50 a page
    assert {dict(entry["query"])["limit"] for entry in pages} == {"50"}
    eu_project = emulator_fleet.derived_project_id(EU)
    assert sorted(int(dict(entry["query"])["offset"]) for entry in pages if eu_project in entry["path"]) == [0, 50, 100]
    # The project given in the region entry is not looked up.
    lookups = [dict(entry["query"]).get("name") for entry in quick_emulator.journal(operation="KeystoneListProjects")]
    assert sorted(lookups) == sorted([quick_emulator.region, EU])


def test_the_api_filters_are_sent_and_filters_apply_to_any_host_var(quick_emulator, inventory):
    quick_emulator.add_instances(
        [
            {"name": "orders-prod", "tags": {"env": "prod"}, "connector_enable": True},
            {"name": "orders-dev", "tags": {"env": "dev"}, "connector_enable": True},
            {"name": "orders-old", "tags": {"env": "prod"}, "status": "FROZEN"},
        ]
    )
    found, _hostvars = listed(inventory({"api_filters": {"name": "orders", "status": "RUNNING"}}))
    assert hosts_of(found, "dms_kafka") == ["orders-dev", "orders-prod"]
    query = dict(list_requests(quick_emulator)[-1]["query"])
    assert (query["engine"], query["name"], query["status"]) == ("kafka", "orders", "RUNNING")
    found, _hostvars = listed(inventory({"filters": {"dms_tags.env": "prod", "connector_enable": True}}))
    assert hosts_of(found, "dms_kafka") == ["orders-prod"]
    found, _hostvars = listed(inventory({"filters": {"tags.env": ["prod", "dev"], "dms_connector_enable": "true"}}))
    assert hosts_of(found, "dms_kafka") == ["orders-dev", "orders-prod"]


def test_host_names_from_a_var_an_expression_and_clashes(quick_emulator, inventory):
    twin = quick_emulator.add_instance(name="kafka-emulator-peer-1", region=EU)
    regions = [quick_emulator.region, EU]
    found, _hostvars = listed(inventory({"regions": regions, "hostnames": ["instance_id"]}))
    assert twin["instance_id"] in hosts_of(found, "dms_kafka")
    found, _hostvars = listed(inventory({"regions": regions, "hostnames": ["dms_name ~ '.' ~ dms_region"]}))
    assert "kafka-emulator-peer-1.%s" % EU in hosts_of(found, "dms_kafka")
    completed = inventory({"regions": regions})
    found, hostvars = listed(completed)
    # The older instance keeps the name; the younger is suffixed with its id, and a warning says so.
    assert hostvars["kafka-emulator-peer-1"]["dms_region"] == quick_emulator.region
    assert hostvars["kafka-emulator-peer-1_" + twin["instance_id"]]["dms_region"] == EU
    assert "host name kafka-emulator-peer-1 is shared by instances" in " ".join(completed.stderr.split())
    failed = inventory({"regions": regions, "hostname_clash": "fail"})
    assert failed.returncode != 0
    assert "kafka-emulator-peer-1 is shared by instances" in " ".join(failed.stderr.split())


def test_a_clash_keeps_the_name_with_the_older_instance_whatever_fields_keeps(quick_emulator, inventory):
    # The younger instance's id sorts first: only its creation time can tell the two apart.
    twin = quick_emulator.add_instance(
        name="kafka-emulator-peer-1", region=EU, instance_id="00000000-0000-4000-8000-000000000001"
    )
    older = next(h for h in listed(inventory({}))[1].values() if h["dms_name"] == "kafka-emulator-peer-1")
    quick_emulator.update_instance(older["dms_instance_id"], created_at=1000)
    quick_emulator.update_instance(twin["instance_id"], created_at=2000)
    for fields in ([], ["status"]):
        _found, hostvars = listed(inventory({"regions": [quick_emulator.region, EU], "fields": fields}))
        assert hostvars["kafka-emulator-peer-1"]["dms_instance_id"] == older["dms_instance_id"], fields
        assert hostvars["kafka-emulator-peer-1_" + twin["instance_id"]]["dms_region"] == EU


def test_a_hostnames_entry_undefined_for_an_instance_passes_to_the_next(quick_emulator, inventory):
    quick_emulator.update_instance(quick_emulator.instance_id, tags={"host": "orders-main"})
    found, hostvars = listed(inventory({"hostnames": ["dms_tags.host", "description", "name"]}))
    assert hosts_of(found, "dms_kafka") == sorted(["orders-main"] + SEEDED[1:])
    assert hostvars["orders-main"]["dms_instance_id"] == quick_emulator.instance_id


@pytest.mark.parametrize("typo", ["dms_tags.host | lowr", "dms_tags.host ~ "])
def test_a_hostnames_entry_that_is_wrong_fails_rather_than_passing_to_the_next(quick_emulator, inventory, typo):
    quick_emulator.update_instance(quick_emulator.instance_id, tags={"host": "orders-main"})
    completed = inventory({"hostnames": [typo, "name"]})
    assert completed.returncode != 0  # not every host quietly named by the next entry


def test_a_flag_of_api_filters_goes_out_as_the_api_writes_it(quick_emulator, inventory):
    found, _hostvars = listed(inventory({"api_filters": {"name": "kafka-emulator-peer", "exact_match_name": "True"}}))
    assert hosts_of(found, "dms_kafka") == []  # an exact match: no instance has that whole name
    assert dict(list_requests(quick_emulator)[-1]["query"])["exact_match_name"] == "true"


def test_api_values_are_never_templated_by_hostnames_compose_or_groups(quick_emulator, inventory, tmp_path):
    """Anyone who may tag or rename an instance must not run code on the controller (ansible-core 2.18 templates
    what compose and hostnames are given unless it is marked unsafe)."""
    markers = [tmp_path / ("ran-%d" % n) for n in range(4)]
    payload = ["{{ lookup('pipe', 'touch %s') }}" % marker for marker in markers]
    quick_emulator.update_instance(
        quick_emulator.instance_id,
        name="orders" + payload[0],
        tags={"env": "prod" + payload[1], "host": "orders-tagged", "team": payload[2]},
    )
    config = {
        "hostnames": ["dms_tags.host", "name"],
        "compose": {"team_env": "dms_tags.env", "label": "dms_name ~ '/' ~ dms_tags.team"},
        "groups": {"tagged": "dms_tags.env.startswith('prod')"},
        "keyed_groups": [{"key": "dms_tags.team", "prefix": "team"}],
    }
    found, hostvars = listed(inventory(config))
    assert [marker for marker in markers if marker.exists()] == []
    tagged = hostvars["orders-tagged"]
    assert tagged["team_env"] == "prod" + payload[1]
    assert tagged["label"] == "orders%s/%s" % (payload[0], payload[2])
    assert hosts_of(found, "tagged") == ["orders-tagged"]


def test_groups_keyed_groups_compose_and_no_local_connection(quick_emulator, inventory):
    quick_emulator.add_instance(name="eu-prod", region=EU, tags={"env": "prod"}, connector_enable=True)
    config = {
        "regions": [quick_emulator.region, EU],
        "keyed_groups": [
            {"key": "dms_region", "prefix": "region"},
            {"key": "dms_tags.env | default('none')", "prefix": "env"},
        ],
        "groups": {"smart_connect_on": "dms_connector_enable"},
        "compose": {"kafka_bootstrap": "dms_connect_address"},
        "local_connection": False,
    }
    found, hostvars = listed(inventory(config))
    assert hosts_of(found, "env_prod") == ["eu-prod"]
    assert hosts_of(found, "region_eu_west_101") == ["eu-prod"]
    assert hosts_of(found, "smart_connect_on") == ["eu-prod", "kafka-emulator-connect-on"]
    assert hostvars["eu-prod"]["kafka_bootstrap"] == hostvars["eu-prod"]["dms_connect_address"]
    assert "ansible_connection" not in hostvars["eu-prod"]


def test_a_cached_run_sends_no_request(quick_emulator, inventory, tmp_path):
    cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache")}
    first, _hostvars = listed(inventory(cache))
    quick_emulator.clear_journal()
    no_keys = {"HUAWEICLOUD_SDK_AK": "", "HUAWEICLOUD_SDK_SK": ""}  # not even the credential chain is asked
    again, _hostvars = listed(inventory(cache, env=no_keys))
    assert again == first and quick_emulator.journal() == []
    cached = "".join(path.read_text() for path in (tmp_path / "cache").iterdir())
    for path in (tmp_path / "cache").iterdir():  # what --flush-cache does (ansible-inventory has it from 2.19)
        path.unlink()
    fresh, _hostvars = listed(inventory(cache))
    assert fresh == first and list_requests(quick_emulator)
    scanner = SecretScanner(known_secrets(quick_emulator))
    scanner.add("cache files", cached)
    scanner.check()


def test_a_failing_region_warns_and_is_never_cached_or_fails_when_strict(quick_emulator, inventory, tmp_path):
    quick_emulator.add_instance(name="eu-1", region=EU)
    quick_emulator.inject_fault("server_error", path=emulator_fleet.derived_project_id(EU), count=None, status=500)
    config = {
        "regions": [quick_emulator.region, EU],
        "retries": 0,
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "cache"),
    }
    completed = inventory(config, "--list", "-vvv", "--output", str(tmp_path / "list.json"))
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    found = plain(json.loads((tmp_path / "list.json").read_text()))
    assert hosts_of(found, "dms_kafka") == sorted(SEEDED)
    failed = [entry for entry in list_requests(quick_emulator) if entry["status"] == 500]
    warning = " ".join(completed.stderr.split())
    assert (
        "region %s: list the Kafka instances: Internal server error. (DMS.00500000, %s)"
        % (
            EU,
            failed[0]["request_id"],
        )
        in warning
    )
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    scanner = SecretScanner(known_secrets(quick_emulator))
    scanner.add_process("-vvv", completed)
    scanner.check()
    strict = inventory(dict(config, strict=True))
    assert strict.returncode != 0 and "region %s: list the Kafka instances" % EU in " ".join(strict.stderr.split())


@pytest.mark.parametrize(
    "config, words",
    [
        ({"regions": ["EU_WEST"]}, "region must be"),
        ({"regions": [{"name": "eu-west-0", "project": "x"}]}, "unknown project; allowed: name, project_id"),
        ({"regions": ["eu-west-0", "eu-west-0"]}, "regions lists eu-west-0 more than once"),
        ({"regions": ["eu-west-0", "ap-southeast-1"], "project_id": "abc"}, "set project_id in each region entry"),
        ({"regions": [{"name": "eu-west-0", "endpoint": "https://evil.example/x"}]}, "endpoint"),
        ({"api_filters": {"tag": "env"}}, "api_filters: unknown tag; allowed: name, exact_match_name"),
        (
            {"api_filters": {"status": ["RUNNING", "FROZEN"]}},
            "api_filters.status: takes one value (a string), got a list",
        ),
        ({"api_filters": {"include_failure": "no"}}, "api_filters.include_failure: 'no' is not a flag; allowed: true"),
        ({"timeout": 0}, "timeout must be"),
        ({"hostname_clash": "rename"}, "hostname_clash"),
    ],
)
def test_bad_options_fail_before_any_request(quick_emulator, inventory, config, words):
    completed = inventory(config, "--list", "-vvv")
    assert completed.returncode != 0
    assert words in " ".join(completed.stdout.split() + completed.stderr.split())
    assert quick_emulator.journal() == []


def credentials_file(emulator, tmp_path, **more):
    """The environment of keys from an SDK credentials file (its [basic] section has ak, sk and ``more``) alone."""
    path = tmp_path / "credentials"
    lines = dict(ak=emulator.access_key, sk=emulator.secret_key, **more)
    path.write_text("[basic]\n" + "".join("%s = %s\n" % item for item in lines.items()))
    return {"HUAWEICLOUD_SDK_AK": "", "HUAWEICLOUD_SDK_SK": "", "HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(path)}


def test_keys_from_the_credentials_file_and_none_anywhere(quick_emulator, inventory, tmp_path):
    from_file = credentials_file(quick_emulator, tmp_path, project_id=quick_emulator.project_id)
    found, hostvars = listed(inventory({}, env=from_file))
    assert hostvars["kafka-emulator-connect-on"]["dms_project_id"] == quick_emulator.project_id
    assert [entry["operation"] for entry in quick_emulator.journal()] == ["ListInstances"]  # the file's project
    none = inventory({}, "--list", "-vvv", env={"HUAWEICLOUD_SDK_AK": "", "HUAWEICLOUD_SDK_SK": ""})
    assert none.returncode != 0 and "No credentials" in none.stdout + none.stderr


def test_a_project_from_the_credentials_file_is_only_the_one_regions(quick_emulator, inventory, tmp_path):
    """The credentials file names one project: with several regions each looks its own up, none lists another's."""
    eu = quick_emulator.add_instance(name="eu-1", region=EU)
    from_file = credentials_file(quick_emulator, tmp_path, project_id=quick_emulator.project_id)
    found, hostvars = listed(inventory({"regions": [quick_emulator.region, EU]}, env=from_file))
    assert hosts_of(found, "dms_kafka") == sorted(SEEDED + ["eu-1"])
    assert hostvars["eu-1"]["dms_instance_id"] == eu["instance_id"]
    assert hostvars["eu-1"]["dms_project_id"] == emulator_fleet.derived_project_id(EU)
    assert hostvars["kafka-emulator-connect-on"]["dms_region"] == quick_emulator.region
    lookups = [dict(entry["query"]).get("name") for entry in quick_emulator.journal(operation="KeystoneListProjects")]
    assert sorted(lookups) == sorted([quick_emulator.region, EU])


def test_a_bad_iam_endpoint_in_the_credentials_file_fails_before_any_request(quick_emulator, inventory, tmp_path):
    from_file = credentials_file(quick_emulator, tmp_path, iam_endpoint="iam.example.com")
    from_file["HUAWEICLOUD_IAM_ENDPOINT"] = ""
    completed = inventory({"regions": [quick_emulator.region, EU]}, "--list", "-vvv", env=from_file)
    assert completed.returncode != 0
    assert "the credentials from credentials_file: iam_endpoint" in " ".join(completed.stderr.split())
    assert quick_emulator.journal() == []


def test_the_inventory_survives_the_shared_rate_limit(quick_emulator, inventory):
    for region in ("eu-west-0", AP, EU):
        quick_emulator.add_instances([{"name": "%s-%02d" % (region, n), "region": region} for n in range(60)])
    quick_emulator.set_config(rate_limit=2, rate_window=0.3)
    try:
        found, _hostvars = listed(inventory({"regions": [quick_emulator.region, "eu-west-0", AP, EU]}))
    finally:
        quick_emulator.set_config(rate_limit=None)
    assert len(found["dms_kafka"]["hosts"]) == 4 + 3 * 60
    assert any(entry["fault"] == "rate_limit" for entry in quick_emulator.journal()), "the limit never bit"


def test_fields_keep_only_the_host_vars_asked_for(quick_emulator, inventory):
    quick_emulator.update_instance(quick_emulator.instance_id, tags={"env": "prod"})
    found, hostvars = listed(
        inventory(
            {
                "fields": ["instance_id", "tags"],
                "keyed_groups": [{"key": "dms_tags.env | default('none')", "prefix": "env"}],
            }
        )
    )
    on = hostvars["kafka-emulator-connect-on"]
    assert sorted(key for key in on if key.startswith("dms_")) == [
        "dms_endpoint",
        "dms_instance_id",
        "dms_name",
        "dms_project_id",
        "dms_region",
        "dms_tags",
    ]
    assert hosts_of(found, "env_prod") == ["kafka-emulator-connect-on"]
