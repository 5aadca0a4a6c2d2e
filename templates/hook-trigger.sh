## hook-trigger.sh - the body of a FlinkDeployment's savepoint or checkpoint
## trigger Job (spec.job.savepointTriggerNonce, checkpointTriggerNonce).
##
## Takes one savepoint (or checkpoint) of the running job without stopping
## it, and records its path and the nonce in ConfigMap RESTORE_CM
## (last-savepoint/savepoint-nonce or last-checkpoint/checkpoint-nonce),
## which the JobManager's restore does not read.  A nonce already recorded
## there means the work is done (a Job re-created after its TTL): exit 0.
##
## emit_hook.c puts these variables before it (each a single-quoted word):
##   CLUSTER, NAMESPACE, REST, TLS, KUBE, KUBE_TLS, TOKEN_FILE, WORK,
##   RESTORE_CM, PAUSE   as in hook-upgrade.sh
##   KIND                savepoint or checkpoint
##   NONCE               the nonce this Job was rendered for
##   TRIGGER_BODY        the request body of POST /jobs/:id/{savepoints,checkpoints}
##   TIMEOUT             seconds to wait for a running job, then for the snapshot
## Tested by scripts/test-hook.sh.
set -eu

die() {
  echo "flinkc: $*" >&2
  exit 1
}

kube() {
  out=$1
  method=$2
  url=$KUBE$3
  shift 3
  curl -sS --connect-timeout 10 --max-time 60 $KUBE_TLS -o "$out" -w '%{http_code}' -X "$method" \
    -H "Authorization: Bearer $(cat "$TOKEN_FILE")" "$@" "$url"
}

rest() {
  out=$1
  shift
  if ! curl -sS --fail-with-body --connect-timeout 10 --max-time 60 $TLS -o "$out" "$@"; then
    cat "$out" >&2 2>/dev/null || true
    echo >&2
    return 1
  fi
}

field() {
  sed -nE 's/.*"'"$1"'" *: *"(([^"\\]|\\.)*)".*/\1/p' "$2" | head -n 1
}

# 1. done before?
code=$(kube "$WORK/cm.json" GET "/api/v1/namespaces/$NAMESPACE/configmaps/$RESTORE_CM") ||
  die "the Kubernetes API $KUBE cannot be reached"
case $code in
200) write=PATCH ;;
404) write=POST ;;
*) die "reading ConfigMap $RESTORE_CM: HTTP $code: $(cat "$WORK/cm.json")" ;;
esac
if [ "$(field "$KIND-nonce" "$WORK/cm.json")" = "$NONCE" ]; then
  echo "flinkc: the $KIND of nonce $NONCE was taken before; nothing to do"
  exit 0
fi

# 2. wait for the running job
start=$(date +%s)
running=
while :; do
  if rest "$WORK/jobs.json" "$REST/jobs" 2>/dev/null; then
    running=$(tr '{' '\n' <"$WORK/jobs.json" | sed -nE \
      -e 's/.*"id" *: *"([0-9a-f]{32})".*"status" *: *"RUNNING".*/\1/p' \
      -e 's/.*"status" *: *"RUNNING".*"id" *: *"([0-9a-f]{32})".*/\1/p' | head -n 1)
    [ -z "$running" ] || break
  fi
  if [ $(($(date +%s) - start)) -ge "$TIMEOUT" ]; then
    die "no job of cluster $CLUSTER ran within $TIMEOUT s; no $KIND taken"
  fi
  sleep "$PAUSE"
done

# 3. trigger, then poll until done
echo "flinkc: taking a $KIND of job $running (nonce $NONCE)"
rest "$WORK/trigger.json" -X POST -H 'Content-Type: application/json' \
  --data-binary "$TRIGGER_BODY" "$REST/jobs/$running/${KIND}s" || die "the $KIND request was refused"
trigger=$(field request-id "$WORK/trigger.json")
[ -n "$trigger" ] || die "no request-id in the response: $(cat "$WORK/trigger.json")"
start=$(date +%s)
while :; do
  rest "$WORK/status.json" "$REST/jobs/$running/${KIND}s/$trigger" || die "polling the $KIND failed"
  grep -qE '"id" *: *"COMPLETED"' "$WORK/status.json" && break
  if [ $(($(date +%s) - start)) -ge "$TIMEOUT" ]; then
    die "the $KIND of job $running did not complete in $TIMEOUT s"
  fi
  sleep "$PAUSE"
done
if [ "$KIND" = savepoint ]; then
  location=$(field location "$WORK/status.json")
else
  id=$(sed -nE 's/.*"checkpointId" *: *([0-9]+).*/\1/p' "$WORK/status.json" | head -n 1)
  [ -n "$id" ] || die "the checkpoint failed: $(cat "$WORK/status.json")"
  rest "$WORK/details.json" "$REST/jobs/$running/checkpoints/details/$id" || die "reading checkpoint $id failed"
  location=$(field external_path "$WORK/details.json")
fi
[ -n "$location" ] || die "the $KIND failed: $(cat "$WORK/status.json")"
echo "flinkc: $KIND $location"

# 4. record it
data="\"data\":{\"last-$KIND\":\"$location\",\"$KIND-nonce\":\"$NONCE\"}"
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
*) die "the $KIND $location could not be recorded in ConfigMap $RESTORE_CM (HTTP $code)" ;;
esac
