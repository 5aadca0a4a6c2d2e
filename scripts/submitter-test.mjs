// SPDX-License-Identifier: Apache-2.0
// submitter-test.mjs - run the submitter scripts flinkc generates for
// FlinkSessionJobs against a mock of Flink's REST API; used by
// scripts/test-submitter.sh.  Last line: "submitter: N passed, M failed".
//
// Each scenario renders a FlinkSessionJob with ./flinkc (JSON output),
// takes the script out of the Job (command[2]), changes only its test
// seams (JAR_URI to a local file:// jar, WORK to a temporary directory,
// PAUSE to 0, sometimes TRIES), and runs it with `sh -c` under every shell
// found: the system sh (dash on Debian) and BusyBox ash with BusyBox's
// sed/grep/tr/sort first in PATH, as in the curlimages/curl image.  curl
// reaches the mock through http_proxy, so the script's real REST URL
// (http://X-rest.NS:PORT) is used and checked.  The mock keeps Flink's
// strictness where it matters: unknown fields in the run request are
// refused, and so is a job id that exists.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flinkc = path.join(root, 'flinkc');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flinkc-submitter-'));
const jarBytes = Buffer.from('PK\u0003\u0004 not really a jar, but bytes to compare\n');
const jarFile = path.join(tmp, 'source.jar');
fs.writeFileSync(jarFile, jarBytes);

// ---- the mock Flink REST API ----------------------------------------------

const RUN_FIELDS = new Set(['entryClass', 'programArgs', 'programArgsList', 'parallelism', 'jobId',
  'allowNonRestoredState', 'savepointPath', 'restoreMode', 'claimMode', 'flinkConfiguration']);

let mock; // the scenario's state, reset by each scenario

function reset(opts = {}) {
  mock = {
    host: opts.host,                      // expected Host of every REST request
    jobs: new Map(Object.entries(opts.jobs || {})), // id -> status
    configFails: opts.configFails || 0,
    savepointFails: !!opts.savepointFails,
    savepointLocation: opts.savepointLocation || 's3://bucket/savepoints/savepoint-1',
    polls: 0,
    jars: new Map(),
    log: [],                              // "METHOD /path" per request
    runs: [],                             // parsed run bodies
    uploads: [],                          // { filename, bytes }
    errors: [],                           // protocol violations seen by the mock
  };
}

function send(res, code, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://unset');
    if (!req.url.startsWith('http://')) mock.errors.push(`not a proxied request: ${req.url}`);
    else if (url.host !== mock.host) mock.errors.push(`wrong REST host ${url.host}, want ${mock.host}`);
    const p = url.pathname, m = req.method;
    mock.log.push(`${m} ${p}${url.search}`);
    let g;
    if (m === 'GET' && p === '/config') {
      if (mock.configFails > 0) {
        mock.configFails--;
        return send(res, 503, { errors: ['starting'] });
      }
      return send(res, 200, { 'flink-version': '2.2.0' });
    }
    if (m === 'GET' && p === '/jobs') {
      return send(res, 200, { jobs: [...mock.jobs].map(([id, status]) => ({ id, status })) });
    }
    if (m === 'POST' && p === '/jars/upload') {
      const text = body.toString('latin1');
      const fm = /name="jarfile"; filename="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n/.exec(text);
      if (!fm) return send(res, 400, { errors: ['no jarfile part'] });
      const start = fm.index + fm[0].length, end = text.indexOf('\r\n--', start);
      const bytes = body.subarray(start, end);
      mock.uploads.push({ filename: fm[1], bytes });
      if (!fm[1].endsWith('.jar')) return send(res, 400, { errors: ['Only Jar files are allowed.'] });
      const id = `6f1c2a1e-0000-4000-8000-00000000000${mock.jars.size}_${fm[1]}`;
      mock.jars.set(id, bytes);
      return send(res, 200, { filename: `/tmp/flink-web-x/flink-web-upload/${id}`, status: 'success' });
    }
    if ((g = /^\/jars\/([^/]+)\/run$/.exec(p)) && m === 'POST') {
      if (!mock.jars.has(g[1])) return send(res, 404, { errors: [`Jar file ${g[1]} does not exist`] });
      let b;
      try {
        b = JSON.parse(body.toString('utf8'));
      } catch (e) {
        mock.errors.push(`run body is not JSON: ${body}`);
        return send(res, 400, { errors: ['Request did not match expected format JarRunRequestBody.'] });
      }
      for (const k of Object.keys(b)) {
        if (!RUN_FIELDS.has(k)) return send(res, 400, { errors: [`Unrecognized field "${k}"`] });
      }
      mock.runs.push(b);
      if (mock.jobs.has(b.jobId)) {
        return send(res, 500, { errors: ['org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has already been submitted.'] });
      }
      mock.jobs.set(b.jobId, 'RUNNING');
      return send(res, 200, { jobid: b.jobId });
    }
    if ((g = /^\/jars\/([^/]+)$/.exec(p)) && m === 'DELETE') {
      mock.jars.delete(g[1]);
      return send(res, 200, {});
    }
    if ((g = /^\/jobs\/([0-9a-f]{32})$/.exec(p)) && m === 'PATCH') {
      if (!mock.jobs.has(g[1])) return send(res, 404, { errors: ['Job not found'] });
      if (url.searchParams.get('mode') !== 'cancel') mock.errors.push(`PATCH without mode=cancel: ${req.url}`);
      mock.jobs.set(g[1], 'CANCELED');
      return send(res, 202, {});
    }
    if ((g = /^\/jobs\/([0-9a-f]{32})\/stop$/.exec(p)) && m === 'POST') {
      if (!mock.jobs.has(g[1])) return send(res, 404, { errors: ['Job not found'] });
      const want = JSON.stringify({ drain: false, targetDirectory: 's3://bucket/savepoints' });
      if (body.toString('utf8') !== want) mock.errors.push(`stop body ${body}, want ${want}`);
      mock.stopped = g[1];
      return send(res, 202, { 'request-id': 'a1b2c3d4e5f60718293a4b5c6d7e8f90' });
    }
    if ((g = /^\/jobs\/([0-9a-f]{32})\/savepoints\/([0-9a-f]+)$/.exec(p)) && m === 'GET') {
      if (++mock.polls < 2) return send(res, 200, { status: { id: 'IN_PROGRESS' }, operation: null });
      mock.jobs.set(g[1], 'FINISHED');
      const op = mock.savepointFails
        ? { 'failure-cause': { class: 'java.lang.Exception', 'stack-trace': 'no "location" here' } }
        : { location: mock.savepointLocation };
      return send(res, 200, { status: { id: 'COMPLETED' }, operation: op });
    }
    mock.errors.push(`unexpected request ${m} ${p}`);
    return send(res, 404, { errors: ['Not found.'] });
  });
});

// ---- rendering and running --------------------------------------------------

const CLUSTER = `
apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: session, namespace: jobs}
spec:
  image: flink:2.2
  flinkVersion: v2_2
  serviceAccount: flink
  flinkConfiguration:
    rest.port: "8099"
    execution.checkpointing.dir: s3://bucket/checkpoints
    execution.checkpointing.savepoint-dir: s3://bucket/savepoints
  jobManager: {resource: {memory: 1g, cpu: 1}}
  taskManager: {resource: {memory: 1g, cpu: 1}}
`;

// the Jobs flinkc renders for the documents (a session cluster is added)
function render(docs) {
  let out;
  try {
    out = execFileSync(flinkc, ['render', '--format', 'json', '-'],
      { input: `${CLUSTER}---\n${docs}`, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    console.log(`flinkc render failed:\n${e.stderr}`);
    console.log('submitter: 0 passed, 1 failed');
    process.exit(1);
  }
  return JSON.parse(out).items.filter((o) => o.kind === 'Job');
}

function sessionJob(name, job, extra = '') {
  return `apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata: {name: ${name}, namespace: jobs}
spec:
  deploymentName: session
${extra}  job:
${job.split('\n').map((l) => `    ${l}`).join('\n')}
`;
}

// a directory as the mounted ConfigMap NAME-sessionjob-restore (files as the kubelet writes them)
function restoreDir(files = {}) {
  const dir = fs.mkdtempSync(path.join(tmp, 'restore-'));
  for (const [k, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, k), v);
  return dir;
}

// the job id a spec runs under after the recorded stop of job `stopped`
// (templates/hook-sessionjob.sh run_id; scripts/hook-test.mjs checks the hook's side)
const md5 = (x) => crypto.createHash('md5').update(x).digest('hex');
const runId = (jobId, stopped) => jobId.slice(0, 16) + md5(`${jobId}/${stopped}`).slice(0, 16);

// the Job's script with its test seams pointed at this machine
function scriptOf(jobObject, seams = {}) {
  let s = jobObject.spec.template.spec.containers[0].command[2];
  const work = fs.mkdtempSync(path.join(tmp, 'work-'));
  const set = { JAR_URI: `file://${jarFile}`, WORK: work, PAUSE: '0', RESTORE: restoreDir(), ...seams };
  for (const [k, v] of Object.entries(set)) {
    const re = new RegExp(`^${k}=.*$`, 'm');
    assert.match(s, re, `the script sets ${k}`);
    s = s.replace(re, `${k}='${v}'`);
  }
  return s;
}

function run(shell, script) {
  return new Promise((resolve) => {
    const env = { PATH: shell.path, http_proxy: `http://127.0.0.1:${server.address().port}`, HOME: tmp };
    const child = spawn(shell.argv[0], [...shell.argv.slice(1), '-c', script], { env });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code) => resolve({ code, output }));
  });
}

function shells() {
  const list = [];
  const sysPath = process.env.PATH || '/usr/bin:/bin';
  const which = (cmd) => {
    for (const dir of sysPath.split(':')) {
      const f = path.join(dir, cmd);
      try { fs.accessSync(f, fs.constants.X_OK); return f; } catch { /* next */ }
    }
    return null;
  };
  list.push({ name: 'sh', argv: ['/bin/sh'], path: sysPath });
  const bb = which('busybox');
  if (bb) {
    const dir = path.join(tmp, 'busybox-bin');
    fs.mkdirSync(dir);
    for (const tool of ['sh', 'sed', 'grep', 'tr', 'sort', 'head', 'cat', 'sleep', 'echo', 'md5sum', 'cut', 'printf']) {
      fs.symlinkSync(bb, path.join(dir, tool));
    }
    // curl is not a BusyBox applet: the system's, as the image has its own
    fs.symlinkSync(which('curl'), path.join(dir, 'curl'));
    list.push({ name: 'busybox', argv: [path.join(dir, 'sh')], path: dir });
  } else {
    console.log('note: busybox not found; the BusyBox runs are skipped');
  }
  return list;
}

// ---- scenarios ----------------------------------------------------------------

const ARGS = [
  '--name', 'it\'s "quoted"', '$HOME and ${PATH}', 'back\\slash\\', 'two  spaces ', '`id`', '$(id)',
  'tab\there', 'line1\nline2', 'ünïcödé €', '\'', '""', '*', ';rm -rf /;', '', '-', '\\n not a newline',
];
const yamlList = (xs) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

const escaping = render(sessionJob('escape-me', `jarURI: https://jars.example.com/a/job.jar
entryClass: com.example.$Main
parallelism: 3
allowNonRestoredState: true
initialSavepointPath: "s3://b/sp/it's $x \\"q\\""
args: ${yamlList(ARGS)}`, `  flinkConfiguration:
    pipeline: {name: "it's a \\"name\\""}
    state.backend.type: rocksdb
`))[0];
const plain = render(sessionJob('plain', 'jarURI: https://jars.example.com/job.jar\nparallelism: 2'))[0];
const plainChanged = render(sessionJob('plain', 'jarURI: https://jars.example.com/job.jar\nparallelism: 4'))[0];
const stateless = render(sessionJob('plain', 'jarURI: https://jars.example.com/job.jar\nparallelism: 4\ninitialSavepointPath: s3://old/sp'))[0];
const viaSavepoint = render(sessionJob('plain', 'jarURI: https://jars.example.com/job.jar\nparallelism: 4\nupgradeMode: savepoint\ninitialSavepointPath: s3://old/sp'))[0];

const idOf = (j) => j.metadata.annotations['flinkc.io/flink-job-id'];
const HOST = 'session-rest.jobs:8099';
const UNRELATED = 'ffffffffffffffffffffffffffffffff';

const scenarios = [
  {
    name: 'escaping: every argument arrives as written, after two failed /config calls',
    job: escaping,
    setup: { configFails: 2 },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.runs.length, 1);
      assert.deepEqual(mock.runs[0], {
        allowNonRestoredState: true,
        entryClass: 'com.example.$Main',
        flinkConfiguration: { 'pipeline.name': 'it\'s a "name"', 'state.backend.type': 'rocksdb' },
        jobId: idOf(escaping),
        parallelism: 3,
        programArgsList: ARGS,
        savepointPath: 's3://b/sp/it\'s $x "q"',
      });
      assert.equal(mock.uploads.length, 1);
      assert.equal(mock.uploads[0].filename, 'escape-me.jar');
      assert.deepEqual(mock.uploads[0].bytes, jarBytes);
      assert.equal(mock.jars.size, 0, 'the uploaded jar is deleted after the run');
      assert.equal(mock.log.filter((l) => l === 'GET /config').length, 3);
    },
  },
  {
    name: 'a re-run of the same spec does nothing',
    job: plain,
    setup: { jobs: { [idOf(plain)]: 'RUNNING' } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /exists \(RUNNING\); nothing to do/);
      assert.deepEqual(mock.runs, []);
      assert.deepEqual(mock.uploads, []);
    },
  },
  {
    name: 'a changed spec cancels the earlier run (stateless), not other jobs',
    job: plainChanged,
    setup: { jobs: { [idOf(plain)]: 'RUNNING', [UNRELATED]: 'RUNNING' } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(idOf(plain).slice(0, 16), idOf(plainChanged).slice(0, 16));
      assert.notEqual(idOf(plain), idOf(plainChanged));
      assert.ok(mock.log.includes(`PATCH /jobs/${idOf(plain)}?mode=cancel`), mock.log.join('\n'));
      assert.equal(mock.jobs.get(UNRELATED), 'RUNNING');
      assert.equal(mock.runs.length, 1);
      assert.equal(mock.runs[0].jobId, idOf(plainChanged));
      assert.equal(mock.runs[0].parallelism, 4);
      assert.equal(mock.runs[0].savepointPath, undefined);
    },
  },
  {
    name: 'upgradeMode savepoint stops the earlier run and starts from its savepoint',
    job: viaSavepoint,
    setup: { jobs: { [idOf(plain)]: 'RUNNING' }, savepointLocation: 's3://sp/savepoint-"odd"\\x' },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.stopped, idOf(plain));
      assert.equal(mock.runs.length, 1);
      assert.equal(mock.runs[0].savepointPath, 's3://sp/savepoint-"odd"\\x');
    },
  },
  {
    name: 'a failed savepoint stops the submission',
    job: viaSavepoint,
    setup: { jobs: { [idOf(plain)]: 'RUNNING' }, savepointFails: true },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /the savepoint of job [0-9a-f]{32} failed/);
      assert.deepEqual(mock.runs, []);
    },
  },
  {
    name: 'no earlier run to stop: initialSavepointPath is used',
    job: viaSavepoint,
    setup: { jobs: { [idOf(plain)]: 'CANCELED' } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.runs[0].savepointPath, 's3://old/sp');
    },
  },
  {
    name: 'after a recorded stop (the stop hook\'s ConfigMap): resubmitted from the recorded savepoint under the derived job id',
    job: viaSavepoint,
    setup: { jobs: { [idOf(plain)]: 'FINISHED' } },
    seams: { RESTORE: restoreDir({ 'savepoint-path': 's3://sp/recorded "x" \\ $y', 'stopped-job-id': idOf(plain) }) },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.runs.length, 1);
      assert.equal(mock.runs[0].savepointPath, 's3://sp/recorded "x" \\ $y', 'the recorded path wins over initialSavepointPath');
      assert.equal(mock.runs[0].jobId, runId(idOf(viaSavepoint), idOf(plain)));
      assert.notEqual(mock.runs[0].jobId, idOf(viaSavepoint));
      assert.equal(mock.stopped, undefined);
    },
  },
  {
    name: 'after a recorded stop, a retried pod finds its derived run and does nothing',
    job: viaSavepoint,
    setup: { jobs: { [runId(idOf(viaSavepoint), idOf(plain))]: 'RUNNING' } },
    seams: { RESTORE: restoreDir({ 'savepoint-path': 's3://sp/1', 'stopped-job-id': idOf(plain) }) },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /exists \(RUNNING\); nothing to do/);
      assert.deepEqual(mock.runs, []);
    },
  },
  {
    name: 'the same spec resumed after a suspend: a fresh job id, so Flink does not refuse it as a duplicate',
    job: viaSavepoint,
    setup: { jobs: { [idOf(viaSavepoint)]: 'FINISHED' } },
    seams: { RESTORE: restoreDir({ 'savepoint-path': 's3://sp/suspend', 'stopped-job-id': idOf(viaSavepoint) }) },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.runs.length, 1);
      assert.equal(mock.runs[0].jobId, runId(idOf(viaSavepoint), idOf(viaSavepoint)));
      assert.equal(mock.runs[0].savepointPath, 's3://sp/suspend');
    },
  },
  {
    name: 'stateless after a recorded stop: a fresh job id, the recorded savepoint is not used',
    job: stateless,
    setup: { jobs: {} },
    seams: { RESTORE: restoreDir({ 'savepoint-path': 's3://sp/not-for-stateless', 'stopped-job-id': idOf(plain) }) },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.runs[0].jobId, runId(idOf(stateless), idOf(plain)));
      assert.equal(mock.runs[0].savepointPath, 's3://old/sp');
    },
  },
  {
    name: 'a malformed stopped-job-id is ignored: the rendered job id',
    job: plain,
    setup: { jobs: {} },
    seams: { RESTORE: restoreDir({ 'stopped-job-id': 'not-an-id' }) },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(mock.runs[0].jobId, idOf(plain));
    },
  },
  {
    name: 'a job id Flink remembers but no longer lists counts as submitted',
    job: plain,
    setup: { jobs: {} },
    before() { mock.jobs.set(idOf(plain), 'FINISHED'); mock.hidden = true; },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /was submitted before; nothing to do/);
    },
  },
  {
    name: 'a session cluster that never answers fails after TRIES',
    job: plain,
    setup: { configFails: 100 },
    seams: { TRIES: '3' },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /did not answer after 3 tries/);
      assert.equal(mock.log.length, 3);
    },
  },
];

// /jobs hides a job when a scenario says so (Flink forgets finished jobs
// from its overview after jobstore.expiration-time, but refuses their id)
const listJobs = server.listeners('request')[0];
server.removeAllListeners('request');
server.on('request', (req, res) => {
  if (mock.hidden && req.method === 'GET' && /\/jobs$/.test(new URL(req.url, 'http://x').pathname)) {
    req.resume();
    req.on('end', () => { mock.log.push('GET /jobs'); send(res, 200, { jobs: [] }); });
    return;
  }
  listJobs(req, res);
});

// kube-linter's default checks that apply to a Job (facts: gitops.md §4.2),
// restated: kube-linter itself is not packaged for this machine
function lint(job) {
  const pod = job.spec.template.spec, c = pod.containers[0], sc = c.securityContext || {};
  assert.ok(Number.isInteger(job.spec.ttlSecondsAfterFinished), 'job-ttl-seconds-after-finished');
  assert.ok(!/:(latest)$/.test(c.image) && !/^[^:]*$/.test(c.image) && !/(.*\/[^:]+)$/.test(c.image)
    || c.image.includes('@'), `latest-tag: ${c.image}`);
  const nonRoot = sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
  const group = sc.runAsGroup ?? pod.securityContext?.runAsGroup;
  assert.ok(nonRoot === true && group !== 0, 'run-as-non-root');
  assert.equal(sc.readOnlyRootFilesystem, true, 'no-read-only-root-fs');
  assert.ok(c.resources?.requests?.cpu, 'unset-cpu-requirements');
  assert.ok(c.resources?.limits?.memory, 'unset-memory-requirements');
  assert.ok(sc.allowPrivilegeEscalation === false && !sc.privileged, 'privilege-escalation-container');
  assert.ok((sc.capabilities?.drop || []).some((d) => d === 'ALL' || d === 'NET_RAW'), 'drop-net-raw-capability');
  assert.ok(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC, 'host namespaces');
  assert.ok(job.metadata.name.length <= 63, 'a Job name is a label value');
}

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
let passed = 0, failed = 0;
for (const job of [escaping, plain, plainChanged, viaSavepoint, stateless]) {
  try {
    lint(job);
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL lint ${job.metadata.name}: ${e.message}`);
  }
}
for (const shell of shells()) {
  for (const sc of scenarios) {
    reset({ host: HOST, ...sc.setup });
    if (sc.before) sc.before();
    const r = await run(shell, scriptOf(sc.job, sc.seams));
    try {
      assert.deepEqual(mock.errors, []);
      sc.check(r);
      passed++;
    } catch (e) {
      failed++;
      console.log(`FAIL [${shell.name}] ${sc.name}\n${e.message}\n--- script output:\n${r.output}`);
    }
  }
}
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`submitter: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
