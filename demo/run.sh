#!/usr/bin/env bash
# The main job: start the bundled DMS emulator on 127.0.0.1, show what the collection does with the demo
# playbooks (create, modify in place with --diff, pause, resume, list), prove that a re-run changes
# nothing, then run a fleet (instances of three regions found by the inventory plugin) twice, adopt the tasks made
# in the console on another instance, heal one of them that failed, and stop the emulator. Installs what it needs
# in .venv/demo on first use.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV_DIR=${HWKAFKA_VENV_DIR:-$ROOT/.venv}
# shellcheck source=tests/venv.sh
. "$ROOT/tests/venv.sh"

bin=$(make_venv demo 3.12 "$ROOT/demo/requirements.txt")
work=$(mktemp -d "${TMPDIR:-/tmp}/hwkafka-demo.XXXXXX")
emulator_pid=""
cleanup() {
    if [ -n "$emulator_pid" ]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# The collection, found by Ansible straight from this checkout.
mkdir -p "$work/collections/ansible_collections/huaweicloud"
ln -s "$ROOT" "$work/collections/ansible_collections/huaweicloud/kafka"

# Demo credentials: the emulator accepts exactly these and checks every request's signature.
export HUAWEICLOUD_SDK_AK=DEMOACCESSKEY0000001
export HUAWEICLOUD_SDK_SK=demo-secret-key-never-printed-000001
export HUAWEICLOUD_REGION=cn-north-4
export DEMO_PEER_PASSWORD=demo-peer-password-never-printed
export DEMO_OBS_ACCESS_KEY=DEMOOBSACCESSKEY0001
export DEMO_OBS_SECRET_KEY=demo-obs-secret-never-printed-0001

log "starting the DMS emulator"
# demo/fleet/instances.json adds a fleet: production and staging instances in three regions, tagged.
"$bin/python" "$ROOT/tests/emulator/run.py" --port 0 --url-file "$work/url" --async-delay 1 \
    --add-instances "$ROOT/demo/fleet/instances.json" --access-key "$HUAWEICLOUD_SDK_AK" --secret-key "$HUAWEICLOUD_SDK_SK" --region "$HUAWEICLOUD_REGION" &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "the emulator did not start" >&2; exit 1; }
# Both endpoints point at the emulator; the project id is looked up through its IAM API.
HUAWEICLOUD_DMS_ENDPOINT=$(cat "$work/url")
export HUAWEICLOUD_DMS_ENDPOINT HUAWEICLOUD_IAM_ENDPOINT=$HUAWEICLOUD_DMS_ENDPOINT
# The demo never leaves 127.0.0.1: were the keys missing, the modules' credential chain would ask the
# emulator's metadata and STS endpoints, never 169.254.169.254, and would find no ~/.huaweicloud/credentials
# (HOME is an empty directory; naming a missing file instead would be an error, not "no file").
mkdir "$work/home"
export HUAWEICLOUD_METADATA_ENDPOINT=$HUAWEICLOUD_DMS_ENDPOINT HUAWEICLOUD_SDK_STS_ENDPOINT=$HUAWEICLOUD_DMS_ENDPOINT \
    HOME=$work/home
unset "${!HUAWEICLOUD_OIDC_@}" HUAWEICLOUD_SDK_CREDENTIALS_FILE

export ANSIBLE_COLLECTIONS_PATH=$work/collections ANSIBLE_CALLBACK_RESULT_FORMAT=yaml \
    ANSIBLE_RETRY_FILES_ENABLED=false PATH=$bin:$PATH
playbook() { ansible-playbook -i "$ROOT/demo/inventory.yml" "$ROOT/demo/$1" "${@:2}"; }

log "1/8 create with the role: Smart Connect on, a replication task and an OBS dump"
playbook site.yml
log "2/8 modify the replication in place (compression snappy -> zstd), showing the --diff"
playbook site.yml -e replication_compression=zstd --diff
log "3/8 pause and resume the replication, then list every task"
playbook operations.yml
log "4/8 run the desired state again: nothing may change"
playbook site.yml -e replication_compression=zstd | tee "$work/rerun.log"
grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "$work/rerun.log" || {
    echo "the re-run changed something: the collection is not idempotent" >&2
    exit 1
}
log "5/8 the fleet: every Kafka instance of three regions, grouped by tag, region and Smart Connect"
ansible-inventory -i "$ROOT/demo/fleet/prod.dms_kafka.yml" --graph
log "6/8 the fleet playbook on every production instance with Smart Connect on, 5 at once, then again"
fleet() { ansible-playbook -i "$ROOT/demo/fleet/prod.dms_kafka.yml" "$ROOT/demo/fleet/site.yml" --forks 5; }
fleet
fleet | tee "$work/fleet-rerun.log"
if ! grep -Eq '^orders-prod-bj +: ok=1 +changed=0' "$work/fleet-rerun.log" || grep -Eq 'changed=[1-9]|failed=[1-9]' "$work/fleet-rerun.log"; then
    echo "the fleet's re-run changed something, or missed an instance" >&2
    exit 1
fi
log "7/8 adoption: the staging instance's console-made tasks exported as declarations, then managed from them"
export DEMO_WORK=$work
playbook adopt.yml
log "8/8 healing: one adopted task fails; a run with restart_failed restarts it once"
"$bin/python" - "$HUAWEICLOUD_DMS_ENDPOINT" <<'PYTHON'
import json, sys, urllib.request
admin = sys.argv[1] + "/_emulator"
state = json.load(urllib.request.urlopen(admin + "/state", timeout=10))
(task_id,) = [task_id for instance in state["instances"].values() for task_id, task in instance["tasks"].items()
              if task["spec"]["task_name"] == "dump-staging-events"]
body = json.dumps({"status": "FAILED", "shown": {"error_message": "OBS bucket staging-archive: access denied"}})
request = urllib.request.Request(admin + "/tasks/" + task_id, data=body.encode(), method="PATCH")
urllib.request.urlopen(request, timeout=10).read()
print("dump-staging-events is now FAILED")
PYTHON
playbook heal.yml | tee "$work/heal.log"
grep -q 'restarted: dump-staging-events' "$work/heal.log" || {
    echo "the failed task was not restarted" >&2
    exit 1
}
log "demo complete: both re-runs reported changed=0, the adopted tasks changed nothing, the failed task runs again"
