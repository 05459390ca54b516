# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:
    # The connection options every module of the collection and the inventory plugin share: the keys, how requests
    # are sent, and where keys come from. The modules add PLACE (region, project and endpoints); the inventory
    # plugin documents its regions itself.
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - Access key (AK) of the Huawei Cloud account or IAM user.
      - If not set (or empty), the first of the environment variables E(HUAWEICLOUD_SDK_AK), E(HW_ACCESS_KEY)
        and E(CLOUD_SDK_AK) that is set is used.
      - When neither this option nor O(secret_key) is set, the keys are looked for the way Huawei's SDK looks
        for them, the first source that answers winning, in this order - OIDC at STS, these environment
        variables, the SDK credentials file, the ECS metadata service. See the notes. The result's
        C(credential_source) says which one answered.
    type: str
    aliases: [ak]
  secret_key:
    description:
      - Secret key (SK) that goes with O(access_key). Never shown in output, diffs or logs.
      - If not set (or empty), the first of E(HUAWEICLOUD_SDK_SK), E(HW_SECRET_KEY) and E(CLOUD_SDK_SK) that is set
        is used. Set it together with O(access_key); half a pair is an error.
    type: str
    aliases: [sk]
  security_token:
    description:
      - Security token of temporary credentials (STS, ECS metadata, agency), sent as C(X-Security-Token).
      - If not set, E(HUAWEICLOUD_SDK_SECURITY_TOKEN) or E(HW_SECURITY_TOKEN) is used.
      - Keys found through OIDC, the credentials file or ECS metadata bring their own token; this option is
        then not used.
    type: str
  metadata_endpoint:
    description:
      - Where the ECS/BMS metadata service answers, asked only when no other source has credentials.
      - If not set, E(HUAWEICLOUD_METADATA_ENDPOINT) is used, else C(http://169.254.169.254).
      - Same form as O(endpoint), and C(http://169.254.169.254) is allowed too.
      - Its requests time out after 3 seconds, so outside Huawei Cloud a run without credentials fails within
        seconds.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the endpoints. Only turn off for testing.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle file used to verify the endpoints' certificates, for example behind a TLS-inspecting proxy.
      - Checked before any request; a path that is not a file is an error.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer, per request attempt.
    type: int
    default: 30
  retries:
    description:
      - How many times to retry a request after the first attempt, on HTTP 500, 502, 503 and 504, timeouts and
        connection errors. Throttling is not counted here (see O(rate_limit_timeout)).
      - Waits grow exponentially with jitter, capped at 20 seconds, and honour C(Retry-After).
      - A C(POST) (create, enable) is retried only when it certainly did not reach the service, that is
        after a refused or failed connection or a throttling answer.
    type: int
    default: 4
  rate_limit_timeout:
    description:
      - Seconds a request answered with throttling (HTTP 429 C(APIG.0308), and DMS's HTTP 404 with
        C(DMS.10240407)) keeps being sent again before the module gives up, counted from its first throttled
        answer.
      - The API's rate limit belongs to the account and is shared by every fork, job and person using its keys,
        and it is counted a minute at a time. So a throttled request waits, with exponential backoff (full
        jitter, so that forks do not retry in step, up to 20 seconds a wait, or the C(Retry-After) the answer
        gives), rather than giving up after a number of tries. Throttled tries do not count against O(retries).
      - V(0) gives up at the first throttled answer.
    type: int
    default: 300
notes:
  - Requests go through a proxy when the standard E(HTTPS_PROXY) / E(HTTP_PROXY) environment variables are set;
    E(NO_PROXY) lists the hosts to reach directly.
  - Every request is signed with AK/SK (SDK-HMAC-SHA256), exactly as the official Huawei Cloud SDK signs it.
  - A failure shows the service's answer as C(error_msg (error_code, request id)); quote the request id to support.
  - An empty connection option (C("")), as templates and AWX credential fields pass them, counts as unset, so its
    environment variables are used, as when the option is absent.
  - >-
    Where keys come from when O(access_key) and O(secret_key) are not set (the order of the SDK's
    C(CredentialProviderChain)) - (1) OIDC, when E(HUAWEICLOUD_OIDC_PROVIDER_URN), E(HUAWEICLOUD_OIDC_AGENCY_URN)
    and E(HUAWEICLOUD_OIDC_ID_TOKEN) or the file named by E(HUAWEICLOUD_OIDC_TOKEN_FILE) are set, exchanged at
    C(POST <sts>/v5/agencies/assume-with-oidc) for temporary keys (E(HUAWEICLOUD_OIDC_SESSION_NAME),
    E(HUAWEICLOUD_OIDC_DURATION_SECONDS), E(HUAWEICLOUD_OIDC_POLICY) and E(HUAWEICLOUD_OIDC_POLICY_IDS)
    optional; the STS endpoint is E(HUAWEICLOUD_SDK_STS_ENDPOINT), else the SDK's for the region);
    (2) the environment variables of O(access_key), O(secret_key) and O(security_token);
    (3) the SDK credentials file, E(HUAWEICLOUD_SDK_CREDENTIALS_FILE) or C(~/.huaweicloud/credentials), an INI
    file whose C([basic]) section has C(ak), C(sk) and optionally C(security_token), C(project_id) (used when
    O(project_id) is not set, saving the IAM lookup) and C(iam_endpoint);
    (4) the ECS/BMS metadata service (O(metadata_endpoint)), which gives the temporary keys of the agency
    of the ECS the module runs on.
  - Temporary keys from OIDC or the metadata service are fetched again from their source when they come
    within 5 minutes of their expiry during a long wait. When no source answers, the module fails before any
    request to DMS, naming every place it looked.
  - Only a source that is not configured at all passes the turn to the next one. A configured source that
    cannot give keys fails the module, naming the source and what is wrong, and no later source is asked -
    OIDC once any of E(HUAWEICLOUD_OIDC_PROVIDER_URN), E(HUAWEICLOUD_OIDC_AGENCY_URN),
    E(HUAWEICLOUD_OIDC_ID_TOKEN) or E(HUAWEICLOUD_OIDC_TOKEN_FILE) is set (a missing piece, an unreadable or
    empty token file, STS refusing the token); the credentials file once E(HUAWEICLOUD_SDK_CREDENTIALS_FILE)
    is set or C(~/.huaweicloud/credentials) exists (a missing file, a directory, no C([basic]), no C(ak) or
    C(sk)); the environment once a key or O(security_token) is set without its pair.
requirements:
  - requests
"""

    # Where a module's requests go: huaweicloud.kafka.connection.place.
    PLACE = r"""
options:
  region:
    description:
      - Huawei Cloud region, for example V(ap-southeast-1) or V(eu-west-101), in lower-case letters, digits and
        dashes (checked before any request, since it becomes part of the default endpoints' host names).
      - Builds the default O(endpoint) and O(iam_endpoint), and names the project looked up when
        O(project_id) is not set. Required unless both O(endpoint) and O(project_id) are set.
      - If not set, E(HUAWEICLOUD_REGION) or E(HW_REGION_NAME) is used.
    type: str
  project_id:
    description:
      - Project id of the region (letters, digits, C(-) and C(_); Huawei's are 32 hexadecimal digits).
      - If not set, E(HUAWEICLOUD_SDK_PROJECT_ID) or E(HW_PROJECT_ID) is used; if none of them is set, it is
        looked up once per task with C(GET /v3/projects?name=<region>) on O(iam_endpoint), which must
        return exactly one project.
    type: str
  endpoint:
    description:
      - DMS API endpoint. Defaults to C(https://dms.<region>.myhuaweicloud.com)
        (C(https://dms.eu-west-101.myhuaweicloud.eu) for V(eu-west-101)).
      - Must be C(https://host) or C(https://host:port), with no path, query or user; C(http://) is allowed only to
        loopback (V(127.0.0.1), V(::1), V(localhost)), for local emulators and tests. Checked before any request.
      - If not set, E(HUAWEICLOUD_DMS_ENDPOINT) is used.
    type: str
  iam_endpoint:
    description:
      - IAM endpoint used only to look up O(project_id).
        Defaults to C(https://iam.<region>.myhuaweicloud.com) (C(.eu) for V(eu-west-101)).
      - Same form as O(endpoint).
      - If not set, E(HUAWEICLOUD_IAM_ENDPOINT) is used, else the C(iam_endpoint) of the SDK credentials file
        when the keys come from it.
    type: str
"""
