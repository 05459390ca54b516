"""Fixtures for the emulator's own tests (the emulator fixture itself comes from emulator.pytest_plugin)."""

import pytest

from emulator.sdk_import import isolated_home

from .emulator_helpers import SignedCaller

with isolated_home():
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkkafka.v2 import KafkaClient


@pytest.fixture
def dms(emulator):
    """Signed raw requests against a freshly reset emulator, async delay 0 unless a test changes it."""
    emulator.set_async_delay(0)
    caller = SignedCaller(emulator)
    yield caller
    caller.session.close()


@pytest.fixture
def kafka_client(emulator):
    """The official SDK client pointed at the emulator (plain http endpoint)."""
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = (5, 10)
    credentials = BasicCredentials(emulator.access_key, emulator.secret_key, emulator.project_id)
    return (
        KafkaClient.new_builder()
        .with_credentials(credentials)
        .with_endpoints([emulator.url])
        .with_http_config(config)
        .build()
    )
