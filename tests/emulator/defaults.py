"""Fixed defaults of the emulator: credentials, project, region and seeded instances.

Everything here is documented in README.md; tests and the demo rely on these values, so change them only
together with the README. All of them can be overridden from the command line (see run.py).
"""

# Permanent AK/SK pair (the shape of a real one: 20-character AK, 40-character SK).
ACCESS_KEY = "EMUPERMANENTAK000001"
SECRET_KEY = "EmulatorPermanentSecretKey00000000000001"

# Temporary (STS-like) triple: requests signed with TEMP_ACCESS_KEY must carry X-Security-Token.
TEMP_ACCESS_KEY = "EMUTEMPORARYAK000001"
TEMP_SECRET_KEY = "EmulatorTemporarySecretKey00000000000001"
SECURITY_TOKEN = "emulator-security-token-0001"

PROJECT_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
DOMAIN_ID = "9a8b7c6d5e4f30211203f4e5d6c7b8a9"
REGION = "cn-north-4"

# Extra project id answered (together with PROJECT_ID) for a region marked ambiguous.
AMBIGUOUS_PROJECT_ID = "1f1e2d3c4b5a69788796a5b4c3d2e1f1"

# Seeded Kafka instances (uuid-shaped, like real DMS ids).
INSTANCE_CONNECTOR_ON = "6a1f0c52-4d3b-4e7a-9c41-000000000001"
INSTANCE_CONNECTOR_OFF = "6a1f0c52-4d3b-4e7a-9c41-000000000002"
PEER_INSTANCE_1 = "6a1f0c52-4d3b-4e7a-9c41-000000000003"
PEER_INSTANCE_2 = "6a1f0c52-4d3b-4e7a-9c41-000000000004"

# Seed: id -> name, broker addresses, whether Smart Connect is on.
SEEDED_INSTANCES = (
    {
        "instance_id": INSTANCE_CONNECTOR_ON,
        "name": "kafka-emulator-connect-on",
        "connect_address": "192.168.0.11,192.168.0.12,192.168.0.13",
        "connector_enable": True,
    },
    {
        "instance_id": INSTANCE_CONNECTOR_OFF,
        "name": "kafka-emulator-connect-off",
        "connect_address": "192.168.0.21,192.168.0.22,192.168.0.23",
        "connector_enable": False,
    },
    {
        "instance_id": PEER_INSTANCE_1,
        "name": "kafka-emulator-peer-1",
        "connect_address": "192.168.1.31,192.168.1.32,192.168.1.33",
        "connector_enable": False,
    },
    {
        "instance_id": PEER_INSTANCE_2,
        "name": "kafka-emulator-peer-2",
        "connect_address": "192.168.2.41,192.168.2.42,192.168.2.43",
        "connector_enable": False,
    },
)

KAFKA_PORT = 9092
MAX_TASKS = 18
DEFAULT_ASYNC_DELAY = 0.3
# The gateway rejects an X-Sdk-Date further than this from its own clock.
MAX_CLOCK_SKEW_SECONDS = 15 * 60
ADMIN_PREFIX = "/_emulator"

# Identity endpoints (identity.py): the OIDC id token STS accepts, the provider and agency it knows.
OIDC_ID_TOKEN = "emulator-oidc-id-token-0001"
OIDC_PROVIDER_URN = "iam::%s:identity-provider:emulator-ci" % DOMAIN_ID
OIDC_AGENCY_URN = "iam::%s:agency:emulator-ci-agency" % DOMAIN_ID
# How long the temporary keys the metadata service and STS hand out last, by default.
DEFAULT_IDENTITY_TTL = 3600
