#!/usr/bin/env bash
# The main job: builds everything, starts two emulated Lightbits clusters and dms, and walks through
# the public guide's procedure with dmscli and lbcli, verbatim. Leaves its work in .demo/ (logs,
# data dirs, the dms config dir, the operator's HOME with dms-cli.yaml, summary.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
demo="$root/.demo"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building (Release)"
for project in src/Lightbits.Emulator src/Lightbits.Cli src/Dms.Service src/Dms.Cli; do
  dotnet build -c Release --nologo -v quiet "$project" >"$demo.build.log" 2>&1 || { cat "$demo.build.log"; exit 1; }
done
bin() { echo "$root/src/$1/bin/Release/net10.0/$2.dll"; }
LBEMU=$(bin Lightbits.Emulator lbemu)
LBCLI=$(bin Lightbits.Cli lbcli)
DMS=$(bin Dms.Service dms)
DMSCLI=$(bin Dms.Cli dmscli)

rm -rf "$demo"; mkdir -p "$demo"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Starts a program that announces itself with one JSON line on stdout, waits for that line and shows
# its start. Never call it in a pipeline: a subshell would record the pid where cleanup cannot see it,
# and the program would outlive the demo.
start_service() {
  local name=$1; shift
  "$@" >"$demo/$name.out" 2>"$demo/$name.log" &
  pids+=($!)
  for _ in $(seq 1 300); do
    [ -s "$demo/$name.out" ] && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$demo/$name.log"; echo "$name failed to start" >&2; exit 1; }
    sleep 0.1
  done
  head -1 "$demo/$name.out" | cut -c1-200
}
# Each server on a loopback address of its own with a real cluster's ports (443, 4420, 8009; 8443 for the API
# where 443 may not be bound), so every endpoint reads like a real cluster's: A on 127.0.10.1-3, B on 127.0.20.1-3.
start_cluster() { mkdir -p "$demo/$1"; start_service "$1" dotnet "$LBEMU" serve --data-dir "$demo/$1" --cluster-name "$1" --server-addresses "$2"; }
json_field() { grep -o "\"$1\": *\"[^\"]*\"" | head -1 | sed 's/.*: *"\(.*\)"/\1/'; }

step "Starting two emulated Lightbits clusters"
start_cluster cluster-a 127.0.10.1
start_cluster cluster-b 127.0.20.1
lbcli_a() { dotnet "$LBCLI" --data-dir "$demo/cluster-a" "$@"; }
lbcli_b() { dotnet "$LBCLI" --data-dir "$demo/cluster-b" "$@"; }
on_a() { printf '$ lbcli %s   (cluster A)\n' "$*"; lbcli_a "$@"; }
cluster_a=$(json_field clusterUuid <"$demo/cluster-a.out")
cluster_b=$(json_field clusterUuid <"$demo/cluster-b.out")

step "Starting dms (dms init: key pair, TLS certificate, .htpasswd with user admin; embedded SQLite store)"
printf 'light\n' | dotnet "$DMS" init --config-dir "$demo/dms/etc" --user admin --password-stdin --host-name 127.0.0.1 --host-name localhost
start_service dms dotnet "$DMS" serve --config-dir "$demo/dms/etc" --state-dir "$demo/dms/state" --listen 127.0.0.1:0
base_url=$(json_field listen <"$demo/dms.out")

# The operator's HOME lives in .demo, so ~/.local/dms/dms-cli.yaml of whoever runs the demo stays untouched.
mkdir -p "$demo/home"
dmscli() { printf '$ dmscli %s\n' "$*" >&2; HOME="$demo/home" dotnet "$DMSCLI" "$@"; }

step "Logging into the DMS service (the guide's command; --ca-cert trusts the certificate dms init made)"
dmscli login --username=admin --password=light --base-url="$base_url" --ca-cert="$demo/dms/etc/tls.crt"
sed 's/idToken: .*/idToken: <jwt>/' "$demo/home/.local/dms/dms-cli.yaml"

step "Attaching a Lightbits cluster, step 1: retrieve the DMS service credentials"
dmscli get credential -o json | tee "$demo/credential.json" | cut -c1-120
pub_key_id=$(json_field pubKeyId <"$demo/credential.json")
pub_key=$(json_field pubKey <"$demo/credential.json")

step "Step 2: decode the key and import it on each cluster, exactly as documented"
echo "\$ echo \"<base64 encoded Public Key>\" | base64 -d > /tmp/pub-key.pem"
echo "$pub_key" | base64 -d >"$demo/pub-key.pem"
head -1 "$demo/pub-key.pem"
for c in a b; do
  printf '$ lbcli create credential --project-name=system --type=rsa256pubkey --id=%s /tmp/pub-key.pem   (cluster %s)\n' "$pub_key_id" "$c"
  "lbcli_$c" create credential --project-name=system --type=rsa256pubkey --id="$pub_key_id" "$demo/pub-key.pem"
done

step "Step 3: attach both clusters (--wait shows the workflow's progress)"
attach_a=$(dmscli attach cluster --api-endpoint="$(grep -o '"apiEndpoint":"[^"]*"' "$demo/cluster-a.out" | head -1 | cut -d'"' -f4)" --wait -o json | json_field id)
attach_b=$(dmscli attach cluster --api-endpoint="$(grep -o '"apiEndpoint":"[^"]*"' "$demo/cluster-b.out" | head -1 | cut -d'"' -f4)" --wait -o json | json_field id)
echo "workflowIds: $attach_a $attach_b"

step "Listing the attached clusters"
dmscli list clusters

step "A volume with a snapshot on cluster A"
# An application host writes into the volume over NVMe/TCP: its host NQN is the volume's ACL.
app_host="nqn.2014-08.org.nvmexpress:uuid:0a99c0de-0000-4000-8000-000000000001"
on_a create volume --name=vol1 --size="4 Gib" --acl="$app_host" --replica-count=2
sleep 1
subsystem_a=$(json_field subsystemNqn <"$demo/cluster-a.out")
regions=(0 1073741824 3758096384)   # 16 MiB of random data at 0, 1 GiB and 3.5 GiB: a sparse volume
write_regions() {  # cluster-dir volume-name file-prefix: writes each region from the app host
  local volume_json nsid endpoint
  volume_json=$(dotnet "$LBCLI" --data-dir "$demo/$1" get volume --name "$2" -o json)
  nsid=$(echo "$volume_json" | grep -o '"nsid": *[0-9]*' | grep -o '[0-9]*$')
  endpoint=$(primary_endpoint "$1" "$(echo "$volume_json" | json_field primaryNodeUUID)")
  for offset in "${regions[@]}"; do
    head -c 16777216 /dev/urandom >"$demo/$3-$offset.bin"
    printf '$ dms nvme write -a %s -s %s -n <subsystem NQN> --nsid %s --offset %s -q <app host NQN> -i data.bin\n' "${endpoint%:*}" "${endpoint##*:}" "$nsid" "$offset"
    dotnet "$DMS" nvme write -a "${endpoint%:*}" -s "${endpoint##*:}" -n "$(json_field subsystemNqn <"$demo/$1.out")" --nsid "$nsid" \
      --offset "$offset" -q "$app_host" -i "$demo/$3-$offset.bin"
  done
}
# The node serving a volume (its primary) is where a host reads and writes it.
primary_endpoint() { dotnet "$LBCLI" --data-dir "$demo/$1" list nodes | awk -v node="$2" '$2 == node { print $4 }'; }
write_regions cluster-a vol1 data
on_a create snapshot --name=snap1 --source-volume-name=vol1
sleep 1
on_a list volumes
on_a list snapshots

step "Thick-clone snap1 to cluster B as a volume and as a snapshot (--verify reads the copy back; --wait shows progress)"
snap_id=$(lbcli_a get snapshot --name=snap1 -o json | json_field UUID)
clone_volume=$(dmscli thick-clone volume --src-cluster-id "$cluster_a" --src-proj-name default --src-snap-id "$snap_id" \
  --dst-cluster-id "$cluster_b" --dst-proj-name default --dst-name volume-001 --replica-count 2 --verify --wait -o json | json_field id)
clone_snapshot=$(dmscli thick-clone snapshot --src-cluster-id "$cluster_a" --src-proj-name default --src-snap-id "$snap_id" \
  --dst-cluster-id "$cluster_b" --dst-proj-name default --dst-name snap-001 --replica-count 2 --verify --wait -o json | json_field id)
printf '$ lbcli list volumes   (cluster B)\n'; lbcli_b list volumes
printf '$ lbcli list snapshots   (cluster B)\n'; lbcli_b list snapshots

step "Checking the copies as the application host would: every region reads back identical"
compare_regions() {  # cluster-dir volume-name: reads each region and compares it with what was written to vol1
  local volume_json nsid endpoint subsystem
  volume_json=$(dotnet "$LBCLI" --data-dir "$demo/$1" get volume --name "$2" -o json)
  nsid=$(echo "$volume_json" | grep -o '"nsid": *[0-9]*' | grep -o '[0-9]*$')
  endpoint=$(primary_endpoint "$1" "$(echo "$volume_json" | json_field primaryNodeUUID)")
  subsystem=$(json_field subsystemNqn <"$demo/$1.out")
  for offset in "${regions[@]}"; do
    dotnet "$DMS" nvme read -a "${endpoint%:*}" -s "${endpoint##*:}" -n "$subsystem" --nsid "$nsid" --offset "$offset" --length 16mib \
      -q "$app_host" -o "$demo/read-$2-$offset.bin" 2>/dev/null
    cmp -s "$demo/data-$offset.bin" "$demo/read-$2-$offset.bin" || { echo "$2: region at $offset differs" >&2; exit 1; }
  done
  echo "$2: ${#regions[@]} regions of 16 MiB identical to vol1's"
}
# A finished clone admits no host (ALLOW_NONE); the operator gives it to the application host.
lbcli_b update volume --name volume-001 --acl "$app_host" >/dev/null
sleep 1
compare_regions cluster-b volume-001
# A snapshot is read through a clone of it.
lbcli_b create volume --name snap-001-check --size="4 Gib" --acl="$app_host" --source-snapshot-uuid="$(lbcli_b get snapshot --name snap-001 -o json | json_field UUID)" >/dev/null
sleep 1
compare_regions cluster-b snap-001-check

step "Inspecting workflows"
dmscli list workflows
dmscli get workflow --id "$clone_volume"

{
  echo "demo finished $(date -u +%FT%TZ)"
  echo "dms: $base_url (config dir .demo/dms/etc, store .demo/dms/state)"
  echo "clusters: A $cluster_a, B $cluster_b (both attached)"
  echo "service pubKeyId: $pub_key_id (imported on both clusters)"
  echo "attach workflows: $attach_a $attach_b"
  echo "thick clones of snap1 to cluster B, verified by dms and read back here: volume-001 (workflow $clone_volume), snap-001 (workflow $clone_snapshot)"
} > "$demo/summary.txt"
step "Summary (.demo/summary.txt)"
cat "$demo/summary.txt"
