## submit-session-job.sh - the body of a FlinkSessionJob's submitter Job.
##
## emit_job.c puts these variables before it (each a single-quoted word):
##   REST            the session cluster's REST base URL (http[s]://X-rest.NS:PORT)
##   TLS             extra curl options for REST calls ("", "--insecure" or "--cacert FILE")
##   JAR_URI         where to fetch the jar (https://...)
##   JAR_NAME        the file name the jar is uploaded as (NAME.jar)
##   WORK            a writable directory (the pod's emptyDir)
##   JOB_ID          this spec's Flink job id (32 hex digits)
##   JOB_PREFIX      its first 16 digits, shared by every spec of this session job
##   UPGRADE_MODE    stateless, savepoint or last-state
##   SAVEPOINT_JSON  savepoint to start from, JSON-escaped, or empty
##   RESTORE         where ConfigMap NAME-sessionjob-restore is mounted (optional):
##                   the stop hook (hook-sessionjob.sh) records there the job it
##                   stopped (stopped-job-id) and its savepoint (savepoint-path)
##   BODY            the /jars/:id/run request body's fields after "jobId",
##                   each with its leading comma, without savepointPath
##   STOP_BODY       the /jobs/:id/stop request body (the savepoint directory)
##   TRIES, PAUSE    how often and how long to wait for the REST endpoint
## Lines starting with "##" are dropped when the script is embedded.  It
## must run under any POSIX sh with BusyBox tools (curlimages/curl is
## Alpine): no pipefail, no jq, sed -E only.  Tested by
## scripts/test-submitter.sh against a mock REST endpoint.
set -eu

# rest OUT CURL-ARGS...: one REST call, response body in OUT (shown on failure)
rest() {
  out=$1
  shift
  if ! curl -sS --fail-with-body --connect-timeout 10 --max-time 300 $TLS -o "$out" "$@"; then
    cat "$out" >&2 2>/dev/null || true
    echo >&2
    return 1
  fi
}

# field NAME FILE: the JSON string value of NAME in FILE (a key that occurs
# once), still escaped
field() {
  sed -nE 's/.*"'"$1"'":"(([^"\\]|\\.)*)".*/\1/p' "$2" | head -n 1
}

# 0. after a recorded stop, this spec runs under a fresh job id (as
#    hook-sessionjob.sh's run_id computes it) and, unless stateless, from
#    the recorded savepoint
stopped=$(sed -nE '/^[0-9a-f]{32}$/p' "$RESTORE/stopped-job-id" 2>/dev/null || true)
if [ -n "$stopped" ]; then
  JOB_ID=$JOB_PREFIX$(printf '%s/%s' "$JOB_ID" "$stopped" | md5sum | cut -c 1-16)
  if [ "$UPGRADE_MODE" != stateless ] && [ -s "$RESTORE/savepoint-path" ]; then
    SAVEPOINT_JSON=$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$RESTORE/savepoint-path")
    echo "flinkc: starting from the recorded savepoint $SAVEPOINT_JSON"
  fi
fi
echo "flinkc: job $JOB_ID on $REST"

# 1. fetch the jar
curl -fsSL --retry 5 --retry-delay 2 --retry-connrefused --connect-timeout 10 \
  -o "$WORK/$JAR_NAME" "$JAR_URI"

# 2. wait for the session cluster
n=0
until rest "$WORK/config.json" "$REST/config" 2>/dev/null; do
  n=$((n + 1))
  if [ "$n" -ge "$TRIES" ]; then
    echo "flinkc: $REST did not answer after $TRIES tries" >&2
    exit 1
  fi
  sleep "$PAUSE"
done

# 3. the jobs the session cluster knows, as ID:STATUS words; this spec's
#    job among them (a retried pod, a re-created Job): nothing to do
rest "$WORK/jobs.json" "$REST/jobs"
jobs=$(tr '{' '\n' <"$WORK/jobs.json" | sed -nE \
  -e 's/.*"id":"([0-9a-f]{32})".*"status":"([A-Z_]+)".*/\1:\2/p' \
  -e 's/.*"status":"([A-Z_]+)".*"id":"([0-9a-f]{32})".*/\2:\1/p')
for j in $jobs; do
  if [ "${j%%:*}" = "$JOB_ID" ]; then
    echo "flinkc: job $JOB_ID exists (${j#*:}); nothing to do"
    exit 0
  fi
done

# 4. stop the runs of earlier specs of this session job that are still alive
for j in $jobs; do
  old=${j%%:*}
  state=${j#*:}
  case $old in
  "$JOB_PREFIX"*) ;;
  *) continue ;;
  esac
  case $state in
  FINISHED | CANCELED | FAILED) continue ;;
  esac
  if [ "$UPGRADE_MODE" = stateless ]; then
    echo "flinkc: cancelling job $old ($state), the run of an earlier spec"
    rest "$WORK/cancel.json" -X PATCH "$REST/jobs/$old?mode=cancel"
    continue
  fi
  echo "flinkc: stopping job $old ($state), the run of an earlier spec, with a savepoint"
  rest "$WORK/stop.json" -X POST -H 'Content-Type: application/json' \
    --data-binary "$STOP_BODY" "$REST/jobs/$old/stop"
  trigger=$(field request-id "$WORK/stop.json")
  n=0
  while :; do
    rest "$WORK/savepoint.json" "$REST/jobs/$old/savepoints/$trigger"
    grep -q '"id":"COMPLETED"' "$WORK/savepoint.json" && break
    n=$((n + 1))
    if [ "$n" -ge 180 ]; then
      echo "flinkc: the savepoint of job $old did not complete in 15 minutes" >&2
      exit 1
    fi
    sleep "$PAUSE"
  done
  SAVEPOINT_JSON=$(field location "$WORK/savepoint.json")
  if [ -z "$SAVEPOINT_JSON" ]; then
    echo "flinkc: the savepoint of job $old failed:" >&2
    cat "$WORK/savepoint.json" >&2
    exit 1
  fi
  echo "flinkc: savepoint $SAVEPOINT_JSON"
done

# 5. upload the jar and run it
rest "$WORK/upload.json" -X POST -H 'Expect:' \
  -F "jarfile=@$WORK/$JAR_NAME;type=application/x-java-archive" "$REST/jars/upload"
jar=$(field filename "$WORK/upload.json")
jar=${jar##*/}
if [ -z "$jar" ]; then
  echo "flinkc: no jar id in the upload response:" >&2
  cat "$WORK/upload.json" >&2
  exit 1
fi
BODY="{\"jobId\":\"$JOB_ID\"$BODY"
if [ -n "$SAVEPOINT_JSON" ]; then
  BODY="$BODY,\"savepointPath\":\"$SAVEPOINT_JSON\""
fi
BODY="$BODY}"
ok=true
rest "$WORK/run.json" -X POST -H 'Content-Type: application/json' \
  --data-binary "$BODY" "$REST/jars/$jar/run" || ok=false
rest "$WORK/delete.json" -X DELETE "$REST/jars/$jar" || true
if ! $ok; then
  if grep -q 'already been submitted' "$WORK/run.json" 2>/dev/null; then
    echo "flinkc: job $JOB_ID was submitted before; nothing to do"
    exit 0
  fi
  exit 1
fi
echo "flinkc: submitted job $JOB_ID"
