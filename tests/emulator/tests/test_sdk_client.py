"""Faithfulness: every operation driven through the official SDK client against the emulator.

The SDK signs (the emulator must accept its signatures) and parses the answers into its response models
(no field the API returns may come back missing).
"""

import pytest

from emulator.sdk_import import isolated_home

with isolated_home():
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException, SdkException
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkcore.region.region import Region
    from huaweicloudsdkkafka.v2 import (
        CreateConnectorReq,
        CreateConnectorRequest,
        CreateConnectorTaskRequest,
        CreateSmartConnectTaskReq,
        DeleteConnectorRequest,
        DeleteConnectorTaskRequest,
        KafkaClient,
        ListConnectorTasksRequest,
        ModifyConnectorTaskRequest,
        PauseConnectorTaskRequest,
        RestartConnectorTaskRequest,
        RestartSmartConnectorTaskRequest,
        ResumeConnectorTaskRequest,
        ShowConnectorResourceInfoRequest,
        ShowConnectorTaskRequest,
        ShowInstanceRequest,
        ShowInstanceResponse,
        SmartConnectTaskEntity,
        SmartConnectTaskReqSinkConfig,
        SmartConnectTaskReqSourceConfig,
        SmartConnectTaskRespSinkConfig,
        SmartConnectTaskRespSourceConfig,
        SmartConnectValidateEntity,
        ValidateConnectorConnectivityRequest,
    )


# The SDK's signer calls datetime.utcnow(), deprecated since Python 3.12.
pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")


def replication_request(emulator, name="sdk-replication"):
    source = SmartConnectTaskReqSourceConfig(
        current_cluster_name="A",
        cluster_name="B",
        user_name="user1",
        password="peer-password",
        sasl_mechanism="SCRAM-SHA-512",
        security_protocol="SASL_SSL",
        instance_id=emulator.peer_instance_id,
        direction="two-way",
        sync_consumer_offsets_enabled=False,
        replication_factor=3,
        task_num=2,
        rename_topic_enabled=False,
        provenance_header_enabled=True,
        consumer_strategy="latest",
        compression_type="snappy",
        topics_mapping="topic-sc-1:topic-sc-3,topic-sc-2:topic-sc-4",
    )
    return CreateSmartConnectTaskReq(
        task_name=name,
        start_later=True,
        source_type="KAFKA_REPLICATOR_SOURCE",
        topics="topic-sc-1,topic-sc-2",
        source_task=source,
    )


def obs_request(name="sdk-obs-dump"):
    sink = SmartConnectTaskReqSinkConfig(
        consumer_strategy="earliest",
        destination_file_type="TEXT",
        deliver_time_interval=300,
        access_key="OBSACCESSKEY",
        secret_key="obs-secret",
        obs_bucket_name="obs_bucket",
        obs_path="obsTransfer-1810125534",
        partition_format="yyyy/MM/dd/HH/mm",
        record_delimiter="\n",
        store_keys=False,
    )
    return CreateSmartConnectTaskReq(
        task_name=name,
        start_later=False,
        source_type="NONE",
        topics_regex="topic-obs*",
        sink_type="OBS_SINK",
        sink_task=sink,
    )


def missing_attributes(model, ignore=()):
    """Attributes declared by the SDK model (openapi_types) that came back None."""
    return sorted(name for name in model.openapi_types if name not in ignore and getattr(model, name) is None)


def assert_replication_task(task):
    assert missing_attributes(task, ignore=("topics_regex", "sink_task")) == []
    assert task.sink_task is None and task.sink_type == "NONE"
    assert isinstance(task.source_task, SmartConnectTaskRespSourceConfig)
    assert missing_attributes(task.source_task) == []
    assert task.source_task.bootstrap_servers == "192.168.1.31:9092,192.168.1.32:9092,192.168.1.33:9092"


def assert_obs_task(task):
    assert missing_attributes(task, ignore=("topics", "source_task")) == []
    assert task.source_task is None and task.source_type == "NONE"
    assert isinstance(task.sink_task, SmartConnectTaskRespSinkConfig)
    assert missing_attributes(task.sink_task) == []
    assert task.sink_task.obs_part_size == 5242880
    assert task.sink_task.kv_delimiter == ":"


def test_show_instance_is_fully_populated(emulator, kafka_client):
    response = kafka_client.show_instance(ShowInstanceRequest(instance_id=emulator.instance_id))
    assert missing_attributes(response) == []
    assert set(response.openapi_types) == set(ShowInstanceResponse.openapi_types)
    assert response.status == "RUNNING"
    assert response.connector_enable is True and response.connector_id and response.connector_node_num >= 2
    assert response.instance_id == emulator.instance_id


def test_enable_and_disable_smart_connect(emulator, kafka_client):
    emulator.set_async_delay(0)
    instance_id = emulator.instance_id_connector_off
    enabled = kafka_client.create_connector(
        CreateConnectorRequest(instance_id=instance_id, body=CreateConnectorReq(node_cnt=2))
    )
    assert missing_attributes(enabled) == []
    shown = kafka_client.show_instance(ShowInstanceRequest(instance_id=instance_id))
    assert (shown.status, shown.connector_enable, shown.connector_id, shown.connector_node_num) == (
        "RUNNING",
        True,
        enabled.connector_id,
        2,
    )
    assert (
        kafka_client.show_connector_resource_info(ShowConnectorResourceInfoRequest(instance_id=instance_id)).sold_out
        is False
    )

    disabled = kafka_client.delete_connector(DeleteConnectorRequest(instance_id=instance_id))
    assert disabled.job_id
    shown = kafka_client.show_instance(ShowInstanceRequest(instance_id=instance_id))
    assert (shown.status, shown.connector_enable) == ("RUNNING", False)


def test_every_task_operation_through_the_sdk(emulator, kafka_client):
    emulator.set_async_delay(0)
    instance_id = emulator.instance_id

    created = kafka_client.create_connector_task(
        CreateConnectorTaskRequest(instance_id=instance_id, body=replication_request(emulator))
    )
    assert_replication_task(created)
    assert created.status == "WAITING"
    obs = kafka_client.create_connector_task(CreateConnectorTaskRequest(instance_id=instance_id, body=obs_request()))
    assert_obs_task(obs)
    assert obs.status == "RUNNING"

    listed = kafka_client.list_connector_tasks(ListConnectorTasksRequest(instance_id=instance_id, offset=0, limit=10))
    assert missing_attributes(listed) == []
    assert (listed.total_number, listed.max_tasks, len(listed.tasks)) == (2, 18, 2)
    by_id = {task.id: task for task in listed.tasks}
    assert_replication_task(by_id[created.id])
    assert_obs_task(by_id[obs.id])

    shown = kafka_client.show_connector_task(ShowConnectorTaskRequest(instance_id=instance_id, task_id=created.id))
    assert_replication_task(shown)

    modified = kafka_client.modify_connector_task(
        ModifyConnectorTaskRequest(
            instance_id=instance_id,
            task_id=created.id,
            body=SmartConnectTaskEntity(topics="topic-sc-1,topic-sc-2,topic-sc-5"),
        )
    )
    assert_replication_task(modified)
    assert modified.topics == "topic-sc-1,topic-sc-2,topic-sc-5"

    def status():
        request = ShowConnectorTaskRequest(instance_id=instance_id, task_id=created.id)
        return kafka_client.show_connector_task(request).status

    # WAITING -> restart through /kafka/ -> RUNNING -> pause -> resume -> restart without /kafka/.
    answer = kafka_client.restart_connector_task(
        RestartConnectorTaskRequest(instance_id=instance_id, task_id=created.id)
    )
    assert answer.status_code == 204 and status() == "RUNNING"
    answer = kafka_client.pause_connector_task(PauseConnectorTaskRequest(instance_id=instance_id, task_id=created.id))
    assert answer.status_code == 204 and status() == "PAUSED"
    answer = kafka_client.resume_connector_task(ResumeConnectorTaskRequest(instance_id=instance_id, task_id=created.id))
    assert answer.status_code == 204 and status() == "RUNNING"
    answer = kafka_client.restart_smart_connector_task(
        RestartSmartConnectorTaskRequest(instance_id=instance_id, task_id=created.id)
    )
    assert answer.status_code == 204 and status() == "RUNNING"

    validated = kafka_client.validate_connector_connectivity(
        ValidateConnectorConnectivityRequest(
            instance_id=instance_id,
            body=SmartConnectValidateEntity(
                type="KAFKA_REPLICATOR_SOURCE",
                task=SmartConnectTaskRespSourceConfig(instance_id=emulator.peer_instance_id),
            ),
        )
    )
    assert validated.status_code == 200

    answer = kafka_client.delete_connector_task(DeleteConnectorTaskRequest(instance_id=instance_id, task_id=created.id))
    assert answer.status_code == 204
    with pytest.raises(ClientRequestException) as caught:
        kafka_client.show_connector_task(ShowConnectorTaskRequest(instance_id=instance_id, task_id=created.id))
    assert caught.value.status_code == 404 and caught.value.request_id

    journal = emulator.journal()
    assert {entry["signature"] for entry in journal} == {"ok"}
    assert {entry["operation"] for entry in journal} >= {
        "CreateConnectorTask",
        "ListConnectorTasks",
        "ShowConnectorTask",
        "ModifyConnectorTask",
        "RestartConnectorTask",
        "RestartSmartConnectorTask",
        "PauseConnectorTask",
        "ResumeConnectorTask",
        "ValidateConnectorConnectivity",
        "DeleteConnectorTask",
    }
    # Secrets reach the server but no answer ever carries them.
    stored = {task["id"]: task for task in emulator.tasks()}
    assert stored[obs.id]["spec"]["sink_task"]["secret_key"] == "obs-secret"
    answers = repr([entry["response_body"] for entry in journal])
    assert "obs-secret" not in answers and "peer-password" not in answers and "OBSACCESSKEY" not in answers


def test_sdk_error_carries_code_and_request_id(emulator, kafka_client):
    with pytest.raises(ClientRequestException) as caught:
        kafka_client.show_instance(ShowInstanceRequest(instance_id="6a1f0c52-4d3b-4e7a-9c41-0000000000ff"))
    assert (caught.value.status_code, caught.value.error_code) == (404, "DMS.00404022")
    assert caught.value.request_id == emulator.journal()[-1]["request_id"]


def test_temporary_credentials_through_the_sdk(emulator):
    access_key, secret_key, token = emulator.temp_credentials
    credentials = BasicCredentials(access_key, secret_key, emulator.project_id).with_security_token(token)
    client = KafkaClient.new_builder().with_credentials(credentials).with_endpoints([emulator.url]).build()
    listed = client.list_connector_tasks(ListConnectorTasksRequest(instance_id=emulator.instance_id))
    assert listed.total_number == 0
    entry = emulator.journal()[-1]
    assert (entry["signature"], entry["access_key"]) == ("ok", access_key)
    assert entry["headers"]["X-Security-Token"] == token


def _client_without_project(emulator, region, monkeypatch):
    monkeypatch.setattr(BasicCredentials, "_CACHE", {})  # the SDK caches project ids per AK and region
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    credentials = BasicCredentials(emulator.access_key, emulator.secret_key).with_iam_endpoint(emulator.url)
    return (
        KafkaClient.new_builder()
        .with_credentials(credentials)
        .with_http_config(config)
        .with_region(Region(region, emulator.url))
        .build()
    )


def test_sdk_finds_the_project_id_through_iam(emulator, monkeypatch):
    client = _client_without_project(emulator, emulator.region, monkeypatch)
    listed = client.list_connector_tasks(ListConnectorTasksRequest(instance_id=emulator.instance_id))
    assert listed.total_number == 0
    iam = emulator.requests(operation="KeystoneListProjects")
    assert len(iam) == 1 and iam[0]["signature"] == "ok"
    assert iam[0]["query"] == [["name", emulator.region]]


def test_sdk_refuses_an_ambiguous_or_unknown_region(emulator, monkeypatch):
    emulator.make_region_ambiguous()
    with pytest.raises(SdkException, match="Multiple project ids"):
        _client_without_project(emulator, emulator.region, monkeypatch)
    with pytest.raises(SdkException, match="Failed to get project id"):
        _client_without_project(emulator, "xx-nowhere-1", monkeypatch)
