"""How stored objects are shown on the wire: task and instance bodies, list pages, IAM projects.

This is where the read-side switches act: write-only secrets are dropped, the unused side of a task is
``null`` or ``{}``, and comma-joined lists may come back in another order.
"""

import copy

from . import validation

COMMA_LISTS = (("topics",), ("topics_mapping", "source_task"), ("bootstrap_servers", "source_task"))
SECRETS = {"source_task": validation.SOURCE_SECRETS, "sink_task": validation.SINK_SECRETS}


def reorder(value, list_order):
    """Return a comma-joined string in the order the `list_order` switch asks for."""
    if not value or list_order == "as_sent":
        return value
    items = value.split(",")
    if list_order == "reversed":
        items.reverse()
    else:  # sorted_desc
        items.sort(reverse=True)
    return ",".join(items)


def task_body(task, switches):
    """The task as Show/List/Create/Modify return it (the documented PUT response's field order)."""
    spec = copy.deepcopy(task.spec)
    unused = None if switches.unused_side == "null" else {}
    body = {"task_name": spec["task_name"]}
    for name in ("topics", "topics_regex"):
        if spec.get(name):
            body[name] = reorder(spec[name], switches.list_order) if name == "topics" else spec[name]
    for side, kind in (("source_task", "source_type"), ("sink_task", "sink_type")):
        sub = spec.get(side)
        if sub is None:
            body[side] = unused
        else:
            for secret in SECRETS[side]:
                sub.pop(secret, None)
            if side == "source_task":
                for name in ("topics_mapping", "bootstrap_servers"):
                    if isinstance(sub.get(name), str):  # a replication's (another type may have neither)
                        sub[name] = reorder(sub[name], switches.list_order)
            body[side] = sub
        body[kind] = spec[kind]
    body["id"] = task.id
    body["status"] = task.status
    body["create_time"] = task.create_time
    body.update(task.shown)
    return body


def list_body(page, total, switches):
    quota = switches.task_quota
    body = {
        "tasks": [task_body(task, switches) for task in page],
        "total_number": total,
        "max_tasks": quota,
        # Undocumented: by default (an emulator choice) how many more tasks the instance can take.
        "quota_tasks": max(quota - total, 0) if switches.quota_tasks_meaning == "remaining" else quota,
    }
    for name in ("max_tasks", "quota_tasks"):
        if switches.quota_fields not in ("both", name):
            del body[name]
    return body


def instance_body(instance):
    """A realistic ShowInstance body (field names from the SDK's ShowInstanceResponse)."""
    hosts = [host.strip() for host in instance.connect_address.split(",") if host.strip()]
    suffix = instance.instance_id[-12:]
    return {
        "name": instance.name,
        "engine": "kafka",
        "engine_version": instance.engine_version,
        "description": "",
        "specification": instance.specification,
        "storage_space": 600,
        "partition_num": "750",
        "used_storage_space": 0,
        "dns_enable": False,
        "connect_address": ",".join(hosts),
        "port": instance.port,
        "status": instance.status,
        "instance_id": instance.instance_id,
        "resource_spec_code": "",
        "charging_mode": 1,
        "vpc_id": "7e3c9a10-0000-4000-8000-%s" % suffix,
        "vpc_name": "vpc-emulator",
        "created_at": str(instance.created_at),
        "subnet_name": "subnet-emulator",
        "subnet_cidr": "192.168.0.0/16",
        "user_id": "5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
        "user_name": "emulator-user",
        "access_user": "",
        "order_id": "",
        "maintain_begin": "02:00:00",
        "maintain_end": "06:00:00",
        "enable_publicip": False,
        "management_connect_address": "",
        "ssl_enable": False,
        "broker_ssl_enable": False,
        "kafka_security_protocol": "PLAINTEXT",
        "sasl_enabled_mechanisms": [],
        "ssl_two_way_enable": False,
        "cert_replaced": False,
        "public_management_connect_address": "",
        "enterprise_project_id": instance.enterprise_project_id,
        "tags": [dict(tag) for tag in instance.tags],
        "is_logical_volume": True,
        "extend_times": 0,
        "enable_auto_topic": False,
        "type": "cluster",
        "product_id": "c6.2u4g.cluster",
        "security_group_id": "2b4d6f80-0000-4000-8000-%s" % suffix,
        "security_group_name": "sg-emulator",
        "subnet_id": "3c5e7091-0000-4000-8000-%s" % suffix,
        "available_zones": ["effdcbc7d4d64a02aa1fa26b42f56533"],
        "available_zone_names": ["AZ1"],
        "total_storage_space": 600,
        "public_connect_address": "",
        "public_connect_domain_name": "",
        "storage_resource_id": "4d6f8102-0000-4000-8000-%s" % suffix,
        "storage_spec_code": "dms.physical.storage.high.v2",
        "service_type": "advanced",
        "storage_type": "hec",
        "retention_policy": "produce_reject",
        "kafka_public_status": "closed",
        "public_bandwidth": 0,
        "enable_log_collection": False,
        "new_auth_cert": False,
        "cross_vpc_info": "",
        "public_cross_vpc_info": "",
        "ipv6_enable": False,
        "ipv6_connect_addresses": [],
        "connector_enable": instance.connector_enable,
        "connector_node_num": instance.connector_node_num,
        "connector_id": instance.connector_id,
        "rest_enable": False,
        "rest_connect_address": "",
        "public_boundwidth": 0,
        "message_query_inst_enable": True,
        "vpc_client_plain": False,
        "support_features": "kafka.new.pod.port,feature.physerver.kafka.topic.modify,"
        "feature.physerver.kafka.pulbic.dynamic,feature.physerver.kafka.user.manager",
        "trace_enable": False,
        "agent_enable": False,
        "pod_connect_address": "",
        "disk_encrypted": False,
        "disk_encrypted_key": "",
        "kafka_private_connect_address": instance.bootstrap_servers(),
        "kafka_private_connect_domain_name": "",
        "ces_version": "linux",
        "public_access_enabled": "false",
        "node_num": len(hosts),
        "port_protocols": {
            "private_plain_enable": True,
            "private_plain_address": instance.bootstrap_servers(),
            "private_plain_domain_name": "",
            "private_sasl_ssl_enable": False,
            "private_sasl_ssl_address": "",
            "private_sasl_ssl_domain_name": "",
            "private_sasl_plaintext_enable": False,
            "private_sasl_plaintext_address": "",
            "private_sasl_plaintext_domain_name": "",
            "public_plain_enable": False,
            "public_plain_address": "",
            "public_plain_domain_name": "",
            "public_sasl_ssl_enable": False,
            "public_sasl_ssl_address": "",
            "public_sasl_ssl_domain_name": "",
            "public_sasl_plaintext_enable": False,
            "public_sasl_plaintext_address": "",
            "public_sasl_plaintext_domain_name": "",
        },
        "enable_acl": False,
        "new_spec_billing_enable": True,
        "broker_num": len(hosts),
        "dr_enable": False,
    }


def projects_body(base_url, region, project_ids, credentials):
    """IAM ``GET /v3/projects?name=...``: one entry per project id."""
    return {
        "links": {"self": "%s/v3/projects?name=%s" % (base_url, region), "previous": None, "next": None},
        "projects": [
            {
                "id": project_id,
                "name": region,
                "domain_id": credentials.domain_id,
                "parent_id": credentials.domain_id,
                "is_domain": False,
                "enabled": True,
                "description": "",
                "links": {"self": "%s/v3/projects/%s" % (base_url, project_id)},
            }
            for project_id in project_ids
        ],
    }
