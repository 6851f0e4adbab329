#!/usr/bin/env bash
# The main job: builds everything, starts two emulated Lightbits clusters and walks through the
# documented procedure against them. Leaves its work in .demo/ (logs, data dirs, summary).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
demo="$root/.demo"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building (Release)"
for project in src/Lightbits.Emulator src/Lightbits.Cli; do
  dotnet build -c Release --nologo -v quiet "$project" >"$demo.build.log" 2>&1 || { cat "$demo.build.log"; exit 1; }
done
bin() { echo "$root/src/$1/bin/Release/net10.0/$2.dll"; }
LBEMU=$(bin Lightbits.Emulator lbemu)
LBCLI=$(bin Lightbits.Cli lbcli)

rm -rf "$demo"; mkdir -p "$demo"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Starts an lbemu cluster and waits for its one-line start-up report.
start_cluster() {
  local name=$1 dir="$demo/$1"
  mkdir -p "$dir"
  dotnet "$LBEMU" serve --data-dir "$dir" --cluster-name "$name" >"$demo/$name.out" 2>"$demo/$name.log" &
  pids+=($!)
  for _ in $(seq 1 300); do
    [ -s "$demo/$name.out" ] && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$demo/$name.log"; echo "lbemu $name failed to start" >&2; exit 1; }
    sleep 0.1
  done
  head -1 "$demo/$name.out"
}

step "Starting two emulated Lightbits clusters"
start_cluster cluster-a | cut -c1-200
start_cluster cluster-b | cut -c1-200
lbcli_a() { dotnet "$LBCLI" --data-dir "$demo/cluster-a" "$@"; }
lbcli_b() { dotnet "$LBCLI" --data-dir "$demo/cluster-b" "$@"; }
on_a() { printf '$ lbcli %s   (cluster A)\n' "$*"; lbcli_a "$@"; }

step "A service key pair (what 'dmscli get credential' will hand out)"
command -v openssl >/dev/null || { echo "openssl is needed for this step (apt-get install openssl)" >&2; exit 1; }
pub_key_id="dms-$(cat /proc/sys/kernel/random/uuid)"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$demo/dms-key.pem" 2>/dev/null
openssl pkey -in "$demo/dms-key.pem" -pubout -out "$demo/pub-key.pem"
echo "pubKeyId: $pub_key_id"

step "Importing the key on each cluster, exactly as documented"
for c in a b; do
  printf '$ lbcli create credential --project-name=system --type=rsa256pubkey --id=%s /tmp/pub-key.pem   (cluster %s)\n' "$pub_key_id" "$c"
  "lbcli_$c" create credential --project-name=system --type=rsa256pubkey --id="$pub_key_id" "$demo/pub-key.pem"
done

step "The imported key now signs tokens the clusters accept"
token=$(dotnet "$LBCLI" create jwt --role system:cluster-admin --key "$demo/dms-key.pem" --key-id "system:$pub_key_id" --subject dms)
for c in a b; do
  dotnet "$LBCLI" --data-dir "$demo/cluster-$c" -J "$token" get cluster -o json | grep -E '"(UUID|clusterName|subsystemNQN)"'
done

step "A volume with a snapshot on cluster A"
on_a create volume --name=vol1 --size="4 Gib" --acl=ALLOW_NONE --replica-count=2
sleep 1
on_a create snapshot --name=snap1 --source-volume-name=vol1
sleep 1
on_a list volumes
on_a list snapshots

{
  echo "demo finished $(date -u +%FT%TZ)"
  echo "clusters: $(grep -ho '"clusterUuid":"[^"]*"' "$demo"/cluster-*.out | tr '\n' ' ')"
  echo "service pubKeyId: $pub_key_id (imported on both clusters)"
} > "$demo/summary.txt"
step "Summary (.demo/summary.txt)"
cat "$demo/summary.txt"
