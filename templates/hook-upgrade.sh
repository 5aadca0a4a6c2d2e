## hook-upgrade.sh - the body of a FlinkDeployment's upgrade hook Job.
##
## Runs before the new objects are applied (Argo CD PreSync; plain kubectl:
## see README "Job lifecycle").  When the cluster is about to be replaced
## and its job runs, it stops the job with a savepoint, records the path in
## ConfigMap RESTORE_CM, deletes the old cluster and waits until its pods
## are gone, so two copies of the job never run.  Any failure before the
## path is recorded leaves the job running and RESTORE_CM untouched.
##
## emit_hook.c puts these variables before it (each a single-quoted word):
##   CLUSTER, NAMESPACE  the FlinkDeployment's name and namespace
##   REST                the cluster's REST base URL (http[s]://X-rest.NS:PORT)
##   TLS                 extra curl options for REST calls ("" or "--insecure")
##   KUBE, KUBE_TLS      the Kubernetes API base URL and its curl options
##   TOKEN_FILE          the service account token
##   WORK                a writable directory (the pod's emptyDir)
##   DEPLOYMENTS         "NAME=HASH ...": the cluster's Deployments and the
##                       flinkc.io/content-hash they are about to get
##   SELECTOR            label selector of the cluster's pods (URL-encoded)
##   RESTORE_CM          the ConfigMap the JobManager restores from
##   STOP_BODY           the /jobs/:id/stop request body
##   UPGRADE_MODE        savepoint: stop with a savepoint; last-state (no HA):
##                       cancel and record the latest retained checkpoint
##   SAVEPOINT_TIMEOUT   seconds to wait for the savepoint
##   POD_TIMEOUT         seconds to wait for the old pods to go
##   PAUSE               seconds between polls
## Lines starting with "##" are dropped when the script is embedded.  It
## must run under any POSIX sh with BusyBox tools (curlimages/curl is
## Alpine): no pipefail, no jq, sed -E only.  Tested by
## scripts/test-hook.sh against a fake REST API and a fake Kubernetes API.
set -eu

die() {
  echo "flinkc: $*" >&2
  exit 1
}

# kube OUT METHOD PATH [CURL-ARGS...]: one Kubernetes API call; prints the
# HTTP status; fails when the API cannot be reached
kube() {
  out=$1
  method=$2
  url=$KUBE$3
  shift 3
  curl -sS --connect-timeout 10 --max-time 60 $KUBE_TLS -o "$out" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $(cat "$TOKEN_FILE")" "$@" "$url"
}

# rest OUT CURL-ARGS...: one REST call, response body in OUT (shown on failure)
rest() {
  out=$1
  shift
  if ! curl -sS --fail-with-body --connect-timeout 10 --max-time 60 $TLS -o "$out" "$@"; then
    cat "$out" >&2 2>/dev/null || true
    echo >&2
    return 1
  fi
}

# field NAME FILE: the JSON string value of NAME in FILE, still escaped
field() {
  sed -nE 's/.*"'"$1"'" *: *"(([^"\\]|\\.)*)".*/\1/p' "$2" | head -n 1
}

# pods_exist: does any pod of the cluster exist (running or terminating)?
pods_exist() {
  code=$(kube "$WORK/pods.json" GET "/api/v1/namespaces/$NAMESPACE/pods?labelSelector=$SELECTOR") ||
    die "the Kubernetes API $KUBE cannot be reached"
  [ "$code" = 200 ] || die "listing the pods of $CLUSTER: HTTP $code: $(cat "$WORK/pods.json")"
  ! grep -qE '"items" *: *(\[ *\]|null)' "$WORK/pods.json"
}

deployments=/apis/apps/v1/namespaces/$NAMESPACE/deployments

# 1. is the cluster about to change?
changed=false
for d in $DEPLOYMENTS; do
  name=${d%%=*}
  code=$(kube "$WORK/deployment.json" GET "$deployments/$name") ||
    die "the Kubernetes API $KUBE cannot be reached"
  case $code in
  200)
    have=$(sed -nE 's/.*"flinkc\.io\/content-hash" *: *"([0-9a-f]{16})".*/\1/p' "$WORK/deployment.json" | head -n 1)
    [ "$have" = "${d#*=}" ] || changed=true
    ;;
  404) changed=true ;;
  *) die "reading Deployment $name: HTTP $code: $(cat "$WORK/deployment.json")" ;;
  esac
done
if ! $changed; then
  echo "flinkc: cluster $CLUSTER is unchanged; nothing to do"
  exit 0
fi

# 2. nothing runs: nothing to stop (the recorded savepoint, if any, stays)
if ! pods_exist; then
  echo "flinkc: no pod of cluster $CLUSTER exists; nothing to stop"
  exit 0
fi

# 3. the restore ConfigMap must be writable before anything is stopped
code=$(kube "$WORK/cm.json" GET "/api/v1/namespaces/$NAMESPACE/configmaps/$RESTORE_CM") ||
  die "the Kubernetes API $KUBE cannot be reached"
case $code in
200) write=PATCH ;;
404) write=POST ;;
*) die "reading ConfigMap $RESTORE_CM: HTTP $code: $(cat "$WORK/cm.json")" ;;
esac

# 4. the cluster's jobs, as ID:STATUS words
rest "$WORK/jobs.json" "$REST/jobs" ||
  die "cluster $CLUSTER has pods but its REST API $REST does not answer; not touching it"
jobs=$(tr '{' '\n' <"$WORK/jobs.json" | sed -nE \
  -e 's/.*"id" *: *"([0-9a-f]{32})".*"status" *: *"([A-Z_]+)".*/\1:\2/p' \
  -e 's/.*"status" *: *"([A-Z_]+)".*"id" *: *"([0-9a-f]{32})".*/\2:\1/p')
running=
for j in $jobs; do
  case ${j#*:} in
  RUNNING)
    [ -z "$running" ] || die "cluster $CLUSTER runs more than one job ($running, ${j%%:*})"
    running=${j%%:*}
    ;;
  FINISHED | CANCELED | FAILED) ;;
  *) die "job ${j%%:*} of cluster $CLUSTER is ${j#*:}; retry when it runs (or delete Deployment $CLUSTER to discard its state)" ;;
  esac
done

# latest_checkpoint ID: the external path of the job's latest completed checkpoint, or ""
latest_checkpoint() {
  rest "$WORK/checkpoints.json" "$REST/jobs/$1/checkpoints" || die "reading the checkpoints of job $1 failed"
  sed -nE 's/.*"latest" *: *\{ *"completed" *: *\{//p' "$WORK/checkpoints.json" | tr ',' '\n' |
    sed -nE 's/^ *"external_path" *: *"(([^"\\]|\\.)*)".*/\1/p' | head -n 1
}

# 5. stop the running job (savepoint, or cancel for last-state) and record where it restarts from
if [ -n "$running" ] && [ "$UPGRADE_MODE" = last-state ]; then
  [ -n "$(latest_checkpoint "$running")" ] ||
    die "job $running has no completed checkpoint yet; not cancelling it (last-state would lose its state)"
  echo "flinkc: cancelling job $running of cluster $CLUSTER (last-state)"
  rest "$WORK/cancel.json" -X PATCH "$REST/jobs/$running?mode=cancel" || die "cancelling job $running was refused"
  start=$(date +%s)
  until rest "$WORK/job.json" "$REST/jobs/$running" && grep -qE '"state" *: *"CANCELED"' "$WORK/job.json"; do
    if [ $(($(date +%s) - start)) -ge "$SAVEPOINT_TIMEOUT" ]; then
      die "job $running was not cancelled in $SAVEPOINT_TIMEOUT s"
    fi
    sleep "$PAUSE"
  done
  location=$(latest_checkpoint "$running")
  [ -n "$location" ] || die "job $running is cancelled but its latest checkpoint has no path"
  echo "flinkc: latest checkpoint $location"
fi
if [ -n "$running" ] && [ "$UPGRADE_MODE" != last-state ]; then
  echo "flinkc: stopping job $running of cluster $CLUSTER with a savepoint"
  rest "$WORK/stop.json" -X POST -H 'Content-Type: application/json' \
    --data-binary "$STOP_BODY" "$REST/jobs/$running/stop" || die "stop-with-savepoint of job $running was refused"
  trigger=$(field request-id "$WORK/stop.json")
  [ -n "$trigger" ] || die "no request-id in the stop response: $(cat "$WORK/stop.json")"
  start=$(date +%s)
  while :; do
    rest "$WORK/savepoint.json" "$REST/jobs/$running/savepoints/$trigger" ||
      die "polling the savepoint of job $running failed"
    grep -qE '"id" *: *"COMPLETED"' "$WORK/savepoint.json" && break
    if [ $(($(date +%s) - start)) -ge "$SAVEPOINT_TIMEOUT" ]; then
      die "the savepoint of job $running did not complete in $SAVEPOINT_TIMEOUT s; the job keeps running"
    fi
    sleep "$PAUSE"
  done
  location=$(field location "$WORK/savepoint.json")
  [ -n "$location" ] || die "the savepoint of job $running failed; the job keeps running: $(cat "$WORK/savepoint.json")"
  echo "flinkc: savepoint $location"
fi
if [ -n "$running" ]; then
  # a fresh job id per savepoint: the stopped job's records cannot shadow the restore
  id=$(printf '%s' "$location" | md5sum | cut -c 1-32)
  data="\"data\":{\"job-id\":\"$id\",\"savepoint-path\":\"$location\"}"
  if [ "$write" = POST ]; then
    code=$(kube "$WORK/write.json" POST "/api/v1/namespaces/$NAMESPACE/configmaps" \
      -H 'Content-Type: application/json' --data-binary \
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$RESTORE_CM\",\"labels\":{\"app\":\"$CLUSTER\",\"component\":\"restore\"}},$data}") ||
      code=000
  else
    code=$(kube "$WORK/write.json" PATCH "/api/v1/namespaces/$NAMESPACE/configmaps/$RESTORE_CM" \
      -H 'Content-Type: application/merge-patch+json' --data-binary "{$data}") || code=000
  fi
  case $code in
  200 | 201) echo "flinkc: recorded in ConfigMap $RESTORE_CM" ;;
  *) die "job $running is stopped but ConfigMap $RESTORE_CM could not be written (HTTP $code); restore it by hand from $location" ;;
  esac
else
  echo "flinkc: no job of cluster $CLUSTER runs; no savepoint taken"
fi

# 6. let the old cluster go, and wait until its pods are gone
for d in $DEPLOYMENTS; do
  name=${d%%=*}
  code=$(kube "$WORK/delete.json" DELETE "$deployments/$name" -H 'Content-Type: application/json' \
    --data-binary '{"propagationPolicy":"Background"}') || die "the Kubernetes API $KUBE cannot be reached"
  case $code in
  200 | 202 | 404) ;;
  *) die "deleting Deployment $name: HTTP $code: $(cat "$WORK/delete.json")" ;;
  esac
done
start=$(date +%s)
while pods_exist; do
  if [ $(($(date +%s) - start)) -ge "$POD_TIMEOUT" ]; then
    die "pods of cluster $CLUSTER are still there after $POD_TIMEOUT s"
  fi
  sleep "$PAUSE"
done
echo "flinkc: cluster $CLUSTER is gone; the new one restores from ConfigMap $RESTORE_CM"
