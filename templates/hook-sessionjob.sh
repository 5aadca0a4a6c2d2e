## hook-sessionjob.sh - the body of a FlinkSessionJob's stop hook Job.
##
## Runs before the submitter (Argo CD PreSync; plain kubectl: see README
## "Session jobs and Ingress"), and, when asked for, before the session job
## is deleted (Argo CD PreDelete).  It stops the runs of this session job
## that must not go on (suspended or deleted: every run; running: the runs
## of earlier specs) with a savepoint (stateless: cancels them), records
## the stop in ConfigMap RESTORE_CM and, when the session job runs, deletes
## a finished submitter Job of the same spec so that the sync starts it
## again.  Any failure before the stop is recorded leaves the job running
## and RESTORE_CM untouched.  Only jobs whose id starts with JOB_PREFIX
## (this session job's, emit_job.c) are ever touched.
##
## emit_job.c puts these variables before it (each a single-quoted word):
##   SESSION_JOB, NAMESPACE  the FlinkSessionJob's name and namespace
##   REST, TLS           the session cluster's REST base URL and curl options
##   KUBE, KUBE_TLS      the Kubernetes API base URL and its curl options
##   TOKEN_FILE          the service account token
##   WORK                a writable directory (the pod's emptyDir)
##   SELECTOR            label selector of the session cluster's JobManager pods
##   RESTORE_CM          the ConfigMap the submitter reads at run time
##   JOB_ID, JOB_PREFIX  this spec's Flink job id and its first 16 digits
##   STATE               running, suspended or deleted
##   SUBMITTER           the submitter Job of this spec (running), else ""
##   UPGRADE_MODE        stateless cancels; savepoint, last-state stop with a savepoint
##   STOP_BODY           the /jobs/:id/stop request body
##   SAVEPOINT_TIMEOUT   seconds to wait for the savepoint (or the cancel)
##   PAUSE               seconds between polls
## The submitter runs under the job id run_id computes, from the same
## record: the two scripts must agree.  Lines starting with "##" are
## dropped when the script is embedded; it runs under any POSIX sh with
## BusyBox tools.  Tested by scripts/test-hook.sh.
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

# run_id STOPPED: the job id this spec runs under after the recorded stop
# of job STOPPED (a fresh id per stop, so a resumed spec is submitted
# again and Flink does not refuse its id); JOB_ID when nothing is recorded
run_id() {
  if [ -n "$1" ]; then
    printf '%s%s' "$JOB_PREFIX" "$(printf '%s/%s' "$JOB_ID" "$1" | md5sum | cut -c 1-16)"
  else
    printf '%s' "$JOB_ID"
  fi
}

cms=/api/v1/namespaces/$NAMESPACE/configmaps

# 1. the record must be readable before anything is stopped
code=$(kube "$WORK/cm.json" GET "$cms/$RESTORE_CM") || die "the Kubernetes API $KUBE cannot be reached"
case $code in
200)
  write=PATCH
  stopped=$(sed -nE 's/.*"stopped-job-id" *: *"([0-9a-f]{32})".*/\1/p' "$WORK/cm.json" | head -n 1)
  ;;
404)
  write=POST
  stopped=
  ;;
*) die "reading ConfigMap $RESTORE_CM: HTTP $code: $(cat "$WORK/cm.json")" ;;
esac
current=$(run_id "$stopped")

# 2. the session cluster's jobs, as ID:STATUS words; no JobManager: none
if rest "$WORK/jobs.json" "$REST/jobs" 2>"$WORK/rest.err"; then
  jobs=$(tr '{' '\n' <"$WORK/jobs.json" | sed -nE \
    -e 's/.*"id" *: *"([0-9a-f]{32})".*"status" *: *"([A-Z_]+)".*/\1:\2/p' \
    -e 's/.*"status" *: *"([A-Z_]+)".*"id" *: *"([0-9a-f]{32})".*/\2:\1/p')
else
  code=$(kube "$WORK/pods.json" GET "/api/v1/namespaces/$NAMESPACE/pods?labelSelector=$SELECTOR") ||
    die "the Kubernetes API $KUBE cannot be reached"
  [ "$code" = 200 ] || die "listing the session cluster's pods: HTTP $code: $(cat "$WORK/pods.json")"
  if ! grep -qE '"items" *: *(\[ *\]|null)' "$WORK/pods.json"; then
    cat "$WORK/rest.err" >&2
    die "the session cluster has a JobManager but its REST API $REST does not answer; not touching it"
  fi
  echo "flinkc: no JobManager of the session cluster exists; no job of $SESSION_JOB runs"
  jobs=
fi

# 3. this spec's run exists (a re-sync): nothing to do
if [ "$STATE" = running ]; then
  for j in $jobs; do
    if [ "${j%%:*}" = "$current" ]; then
      echo "flinkc: job $current of $SESSION_JOB exists (${j#*:}); nothing to do"
      exit 0
    fi
  done
fi

# 4. the run to stop: this session job's, still alive
victim=
location=
for j in $jobs; do
  id=${j%%:*}
  case $id in
  "$JOB_PREFIX"*) ;;
  *) continue ;;
  esac
  case ${j#*:} in
  FINISHED | CANCELED | FAILED) continue ;;
  RUNNING) ;;
  *) [ "$UPGRADE_MODE" = stateless ] || die "job $id of $SESSION_JOB is ${j#*:}; retry when it runs (or cancel it to discard its state)" ;;
  esac
  [ -z "$victim" ] || die "$SESSION_JOB runs more than one job ($victim, $id); cancel the one that should not run"
  victim=$id
done

# 5. stop it (savepoint, or cancel for stateless) and record the stop
if [ -n "$victim" ] && [ "$UPGRADE_MODE" = stateless ]; then
  echo "flinkc: cancelling job $victim of $SESSION_JOB ($STATE)"
  rest "$WORK/cancel.json" -X PATCH "$REST/jobs/$victim?mode=cancel" || die "cancelling job $victim was refused"
  start=$(date +%s)
  until rest "$WORK/job.json" "$REST/jobs/$victim" && grep -qE '"state" *: *"CANCELED"' "$WORK/job.json"; do
    if [ $(($(date +%s) - start)) -ge "$SAVEPOINT_TIMEOUT" ]; then
      die "job $victim was not cancelled in $SAVEPOINT_TIMEOUT s"
    fi
    sleep "$PAUSE"
  done
  path_field= # the path of an earlier savepoint-mode stop goes (merge patch: null deletes)
  [ "$write" = POST ] || path_field='"savepoint-path":null,'
elif [ -n "$victim" ]; then
  echo "flinkc: stopping job $victim of $SESSION_JOB ($STATE) with a savepoint"
  rest "$WORK/stop.json" -X POST -H 'Content-Type: application/json' \
    --data-binary "$STOP_BODY" "$REST/jobs/$victim/stop" || die "stop-with-savepoint of job $victim was refused"
  trigger=$(field request-id "$WORK/stop.json")
  [ -n "$trigger" ] || die "no request-id in the stop response: $(cat "$WORK/stop.json")"
  start=$(date +%s)
  while :; do
    rest "$WORK/savepoint.json" "$REST/jobs/$victim/savepoints/$trigger" ||
      die "polling the savepoint of job $victim failed"
    grep -qE '"id" *: *"COMPLETED"' "$WORK/savepoint.json" && break
    if [ $(($(date +%s) - start)) -ge "$SAVEPOINT_TIMEOUT" ]; then
      die "the savepoint of job $victim did not complete in $SAVEPOINT_TIMEOUT s; the job keeps running"
    fi
    sleep "$PAUSE"
  done
  location=$(field location "$WORK/savepoint.json")
  [ -n "$location" ] || die "the savepoint of job $victim failed; the job keeps running: $(cat "$WORK/savepoint.json")"
  echo "flinkc: savepoint $location"
  path_field="\"savepoint-path\":\"$location\","
fi
if [ -n "$victim" ]; then
  data="\"data\":{$path_field\"stopped-job-id\":\"$victim\"}"
  if [ "$write" = POST ]; then
    code=$(kube "$WORK/write.json" POST "$cms" -H 'Content-Type: application/json' --data-binary \
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$RESTORE_CM\",\"labels\":{\"flinkc.io/session-job\":\"$SESSION_JOB\",\"component\":\"restore\"}},$data}") ||
      code=000
  else
    code=$(kube "$WORK/write.json" PATCH "$cms/$RESTORE_CM" \
      -H 'Content-Type: application/merge-patch+json' --data-binary "{$data}") || code=000
  fi
  case $code in
  200 | 201) echo "flinkc: recorded in ConfigMap $RESTORE_CM" ;;
  *) die "job $victim is stopped but ConfigMap $RESTORE_CM could not be written (HTTP $code); record it by hand: stopped-job-id $victim${location:+, savepoint-path $location}" ;;
  esac
else
  echo "flinkc: no job of $SESSION_JOB runs; nothing to stop"
fi

# 6. running: a submitter Job of this spec left from an earlier run would
#    not run again; delete it so the sync creates it anew
if [ "$STATE" = running ] && [ -n "$SUBMITTER" ]; then
  code=$(kube "$WORK/delete.json" DELETE "/apis/batch/v1/namespaces/$NAMESPACE/jobs/$SUBMITTER" \
    -H 'Content-Type: application/json' --data-binary '{"propagationPolicy":"Background"}') ||
    die "the Kubernetes API $KUBE cannot be reached"
  case $code in
  200 | 202) echo "flinkc: deleted Job $SUBMITTER of an earlier run; the sync starts it again" ;;
  404) ;;
  *) die "deleting Job $SUBMITTER: HTTP $code: $(cat "$WORK/delete.json")" ;;
  esac
fi
