#!/usr/bin/env bash
# Meridian end to end on this machine, no cluster needed: a local kube-apiserver and etcd (the same
# cached binaries the tests use), the CRDs, the bundled samples (with the ClusterSetBindings that let
# the Placements in apps use the prod, staging and edge clustersets), and `meridian run` scheduling
# them. Then one cluster turns unhealthy and the Placements that held it move.
#
#   hack/demo.sh               pauses between steps
#   hack/demo.sh --unattended  no pauses; exits 0 only if every step checked out
#
# Everything it starts is stopped on exit, also on Ctrl-C. Needs JDK 17, Go, npm and python3 on the
# first run (kube-apiserver is built once, kubectl fetched once, both cached in ~/.cache/meridian).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

UNATTENDED=false
case "${1:-}" in
  --unattended) UNATTENDED=true ;;
  "") ;;
  *) echo "usage: hack/demo.sh [--unattended]" >&2; exit 2 ;;
esac

FAILING_CLUSTER=${DEMO_FAILING_CLUSTER:-prod-eu-1}
FAILING_NAMESPACE=open-cluster-management
JAR="$ROOT/scheduler/target/meridian.jar"
WORK=$(mktemp -d -t meridian-demo.XXXXXX)
PIDS=()
FAILURES=0

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
check() { # check DESCRIPTION COMMAND...: runs the command, records a failure instead of stopping
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; FAILURES=$((FAILURES + 1)); fi
}
pause() { $UNATTENDED || { read -r -p "-- press Enter to $1 --" _ || true; }; }
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'echo; echo "interrupted: stopping everything the demo started"; exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "timed out after ${seconds}s waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}

say "Binaries"
KUBE_BIN=$(bash hack/test-apiserver.sh)
KUBECTL_BIN=$(bash hack/install-helm.sh)
if [[ ! -f "$JAR" ]]; then
  echo "building the jar"
  ./mvnw -B -q -DskipTests package
fi
kubectl() { "$KUBECTL_BIN/kubectl" --kubeconfig "$WORK/kubeconfig" "$@"; }
echo "kube-apiserver and etcd in $KUBE_BIN, kubectl in $KUBECTL_BIN, $JAR"

say "Starting etcd and kube-apiserver on 127.0.0.1"
ETCD_PORT=$(free_port); PEER_PORT=$(free_port); API_PORT=$(free_port); WEB_PORT=$(free_port)
TOKEN=$(python3 -c 'import uuid; print(uuid.uuid4())')
"$KUBE_BIN/etcd" --name=meridian-demo --data-dir="$WORK/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$PEER_PORT" \
  --initial-cluster="meridian-demo=http://127.0.0.1:$PEER_PORT" --log-level=warn >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)
openssl genrsa -out "$WORK/sa.key" 2048 2>/dev/null
openssl rsa -in "$WORK/sa.key" -pubout -out "$WORK/sa.pub" 2>/dev/null
echo "$TOKEN,admin,admin,system:masters" >"$WORK/tokens.csv"
"$KUBE_BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" --cert-dir="$WORK/certs" \
  --token-auth-file="$WORK/tokens.csv" --authorization-mode=RBAC \
  --service-account-issuer=https://kubernetes.default.svc --service-account-key-file="$WORK/sa.pub" \
  --service-account-signing-key-file="$WORK/sa.key" --service-cluster-ip-range=10.96.0.0/24 \
  --enable-priority-and-fairness=false --v=1 >"$WORK/kube-apiserver.log" 2>&1 &
PIDS+=($!)
cat >"$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: demo
  cluster: {server: "https://127.0.0.1:$API_PORT", insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: "$TOKEN"}
contexts:
- name: demo
  context: {cluster: demo, user: admin}
current-context: demo
EOF
wait_for 90 "kube-apiserver /readyz" kubectl get --raw /readyz
echo "API server https://127.0.0.1:$API_PORT ready"

say "Installing the CRDs and the samples"
CRDS=placement-api/src/main/resources/crds
kubectl apply -f "$CRDS/scheduling.meridian.io_placements.yaml" -f "$CRDS/scheduling.meridian.io_clustersetbindings.yaml" \
  -f "$CRDS/upstream/"
kubectl wait --for condition=established --timeout=60s crd --all >/dev/null
kubectl apply -f samples/fleet/namespaces.yaml -f samples/placements/namespace.yaml
kubectl apply -f samples/fleet/clusterprofiles.yaml
# A cluster manager writes a profile's status through the status subresource; so does the demo.
kubectl create --dry-run=client -o json -f samples/fleet/clusterprofiles.yaml | python3 -c '
import json, sys
text, decoder, index = sys.stdin.read(), json.JSONDecoder(), 0
while text[index:].strip():
    profile, end = decoder.raw_decode(text[index:].lstrip())
    index = len(text) - len(text[index:].lstrip()) + end
    if "status" in profile:
        print(profile["metadata"]["namespace"], profile["metadata"]["name"], json.dumps({"status": profile["status"]}))
' >"$WORK/statuses"
while read -r namespace name status; do
  kubectl patch clusterprofile -n "$namespace" "$name" --subresource=status --type=merge -p "$status" >/dev/null \
    || { echo "the API server refused the status of $namespace/$name" >&2; FAILURES=$((FAILURES + 1)); }
done <"$WORK/statuses"
kubectl apply -f samples/placements/
SAMPLE_PLACEMENTS=$(kubectl get mpl -A --no-headers | wc -l)

say "Starting meridian run"
java -jar "$JAR" run --kubeconfig "$WORK/kubeconfig" --server.port="$WEB_PORT" \
  --meridian.leader-election.enabled=false --meridian.debounce=100ms >"$WORK/meridian.log" 2>&1 &
PIDS+=($!)
scheduled_count() {
  kubectl get mpl -A -o jsonpath='{range .items[*]}{.status.observedGeneration}{"\n"}{end}' | grep -c . || true
}
all_scheduled() { [[ $(scheduled_count) -eq $SAMPLE_PLACEMENTS ]]; }
check "all $SAMPLE_PLACEMENTS sample Placements have a status" wait_for 120 "every Placement's status" all_scheduled
echo
kubectl get mpl -A
echo
echo "The clustersets bound to apps (ClusterSetBindings), each with the clusters Meridian found in it:"
bindings_found() {
  [[ $(kubectl get clustersetbindings -n apps -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="ClusterSetFound")].status}{"\n"}{end}' \
    | grep -c True) -eq 3 ]]
}
check "the 3 sample ClusterSetBindings found their clustersets" wait_for 30 "binding statuses" bindings_found
kubectl get clustersetbindings -n apps
echo
echo "One of the PlacementDecisions (KEP-5313) it published:"
kubectl get placementdecisions -n apps -l multicluster.x-k8s.io/placement-key=web-frontend -o yaml \
  | grep -v -E '^\s+(creationTimestamp|resourceVersion|uid|generation):' || true
slices_cover_all() { [[ $(kubectl get placementdecisions -n apps -o name | wc -l) -ge $SAMPLE_PLACEMENTS ]]; }
check "every Placement has PlacementDecision slices" slices_cover_all

holders() { # Placements whose decisions name the failing cluster
  kubectl get mpl -A -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.decisions[*].clusterProfileRef.name}{"\n"}{end}' \
    | awk -v c="$FAILING_CLUSTER" '{for (i = 2; i <= NF; i++) if ($i == c) print $1}'
}
BEFORE=$(kubectl get mpl -A -o jsonpath='{range .items[*]}{.metadata.name}{": "}{.status.decisions[*].clusterProfileRef.name}{"\n"}{end}')
HOLDERS=$(holders | tr '\n' ' ')
echo
echo "Placements on $FAILING_CLUSTER now: ${HOLDERS:-none}"
pause "turn $FAILING_CLUSTER unhealthy"

say "$FAILING_CLUSTER turns unhealthy (ControlPlaneHealthy=False)"
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
kubectl patch clusterprofile -n "$FAILING_NAMESPACE" "$FAILING_CLUSTER" --subresource=status --type=json -p "$(
  kubectl get clusterprofile -n "$FAILING_NAMESPACE" "$FAILING_CLUSTER" -o json | python3 -c '
import json, sys
now = sys.argv[1]
conditions = json.load(sys.stdin)["status"]["conditions"]
index = next(i for i, c in enumerate(conditions) if c["type"] == "ControlPlaneHealthy")
print(json.dumps([
    {"op": "replace", "path": "/status/conditions/%d/status" % index, "value": "False"},
    {"op": "replace", "path": "/status/conditions/%d/reason" % index, "value": "APIServerUnreachable"},
    {"op": "replace", "path": "/status/conditions/%d/lastTransitionTime" % index, "value": now}]))' "$NOW")"
no_holders() { [[ -z $(holders) ]]; }
check "no Placement keeps $FAILING_CLUSTER" wait_for 60 "Placements to leave $FAILING_CLUSTER" no_holders
AFTER=$(kubectl get mpl -A -o jsonpath='{range .items[*]}{.metadata.name}{": "}{.status.decisions[*].clusterProfileRef.name}{"\n"}{end}')
echo
echo "Placements that moved:"
join -t: <(echo "$BEFORE" | sort) <(echo "$AFTER" | sort) | awk -F: '$2 != $3 {printf "  %-16s%s  ->%s\n", $1, $2, $3}'
echo
kubectl get mpl -A
no_stale_slices() { ! kubectl get placementdecisions -A -o yaml | grep -q "name: $FAILING_CLUSTER\$"; }
check "no PlacementDecision lists $FAILING_CLUSTER" wait_for 30 "slices to drop $FAILING_CLUSTER" no_stale_slices
echo
echo "Their events:"
moved_events() { kubectl get events -n apps --field-selector reason=DecisionChanged -o name | grep -q .; }
check "DecisionChanged events were recorded" wait_for 30 "DecisionChanged events" moved_events
kubectl get events -n apps --field-selector reason=DecisionChanged \
  -o custom-columns=PLACEMENT:.involvedObject.name,REASON:.reason,MESSAGE:.message | grep -v "removed: none"
if grep -q -E '^[0-9-]+T[0-9:.]+Z? +ERROR' "$WORK/meridian.log"; then
  echo "meridian logged errors:" >&2; grep -E ' ERROR ' "$WORK/meridian.log" | head -5 >&2
  FAILURES=$((FAILURES + 1))
fi

pause "stop everything"
say "Done"
if ((FAILURES > 0)); then
  echo "$FAILURES check(s) failed; meridian's log:" >&2
  tail -n 40 "$WORK/meridian.log" >&2
  exit 1
fi
echo "every check passed"
