// SPDX-License-Identifier: Apache-2.0
// hook-test.mjs - run the upgrade hook scripts flinkc generates for
// FlinkDeployments with upgradeMode: savepoint against a fake Flink REST
// API and a fake Kubernetes API, and the JobManager's restore logic with
// ConfigMap X-restore's files present or absent; used by
// scripts/test-hook.sh.  Last line: "hook: N passed, M failed".
//
// The hook scenarios render a FlinkDeployment with ./flinkc (JSON output),
// take the script out of the hook Job (command[2]), change only its test
// seams (KUBE to plain http, KUBE_TLS, TOKEN_FILE, WORK, PAUSE, timeouts)
// and run it with `sh -c` under the system sh (dash on Debian) and under
// BusyBox with BusyBox's tools first in PATH, as in the curlimages/curl
// image.  curl reaches the fakes through http_proxy, so the script's real
// URLs (http://X-rest.NS:PORT, the API paths) are used and checked.
// Facts: operator.md §f (savepoint upgrades), gitops.md §1.10 (hooks).
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
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flinkc-hook-'));
const tokenFile = path.join(tmp, 'token');
fs.writeFileSync(tokenFile, 'test-token\n');

const NS = 'jobs';
const JOB = 'a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4';
const TRIGGER = '0f0e0d0c0b0a09080706050403020100';

// ---- the fakes: Flink REST on X-rest.NS:PORT, Kubernetes on kubernetes.default.svc

let fake;

function reset(o = {}) {
  fake = {
    restHost: o.restHost,
    deployments: new Map(Object.entries(o.deployments || {})), // name -> content hash
    pods: o.pods ?? 0,
    linger: !!o.linger,                  // pods stay after the Deployments are deleted
    configMaps: new Map(Object.entries(o.configMaps || {})), // name -> data
    jobs: new Map(Object.entries(o.jobs || {})),               // id -> status
    restFails: !!o.restFails,
    savepoint: o.savepoint || 'complete',                      // complete | fail | never
    location: o.location || 's3://bucket/savepoints/savepoint-a1b2c3-0123456789ab',
    stopBody: o.stopBody,
    triggerBody: o.triggerBody,
    triggerFails: !!o.triggerFails,
    noCheckpoint: !!o.noCheckpoint,
    kubeDown: !!o.kubeDown,
    forbidConfigMaps: !!o.forbidConfigMaps,
    batchJobs: new Set(o.batchJobs || []),  // Kubernetes Jobs by name (the submitters)
    polls: 0,
    log: [],
    writes: [],
    errors: [],
  };
}

function send(res, code, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function kube(req, res, url, body) {
  const m = req.method, p = url.pathname;
  let g;
  if (req.headers.authorization !== 'Bearer test-token') fake.errors.push(`bad token: ${req.headers.authorization}`);
  if (fake.kubeDown) return req.socket.destroy();
  if (fake.forbidConfigMaps && p.includes('/configmaps')) return send(res, 403, { kind: 'Status', reason: 'Forbidden' });
  if ((g = new RegExp(`^/apis/apps/v1/namespaces/${NS}/deployments/([^/]+)$`).exec(p))) {
    if (m === 'GET') {
      if (!fake.deployments.has(g[1])) return send(res, 404, { kind: 'Status', code: 404 });
      const hash = fake.deployments.get(g[1]);
      // the last-applied annotation holds an escaped copy: it must not be read as the hash
      return send(res, 200, { kind: 'Deployment', metadata: { name: g[1], annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ metadata: { annotations: { 'flinkc.io/content-hash': 'ffffffffffffffff' } } }),
        'flinkc.io/content-hash': hash } } });
    }
    if (m === 'DELETE') {
      if (JSON.parse(body || '{}').propagationPolicy !== 'Background') fake.errors.push(`delete body ${body}`);
      const had = fake.deployments.delete(g[1]);
      if (fake.deployments.size === 0 && !fake.linger) fake.pods = 0;
      return send(res, had ? 200 : 404, { kind: 'Status' });
    }
  }
  if (m === 'GET' && p === `/api/v1/namespaces/${NS}/pods`) {
    const sel = url.searchParams.get('labelSelector');
    if (sel !== fake.selector) fake.errors.push(`pod selector ${sel}, want ${fake.selector}`);
    const items = Array.from({ length: fake.pods }, (_, i) => ({ metadata: { name: `pod-${i}`, uid: `u${i}` } }));
    return send(res, 200, { kind: 'PodList', items });
  }
  if ((g = new RegExp(`^/api/v1/namespaces/${NS}/configmaps/([^/]+)$`).exec(p))) {
    if (m === 'GET') {
      if (!fake.configMaps.has(g[1])) return send(res, 404, { kind: 'Status', code: 404 });
      return send(res, 200, { kind: 'ConfigMap', metadata: { name: g[1] }, data: fake.configMaps.get(g[1]) });
    }
    if (m === 'PATCH') {
      if (req.headers['content-type'] !== 'application/merge-patch+json') fake.errors.push(`patch type ${req.headers['content-type']}`);
      if (!fake.configMaps.has(g[1])) return send(res, 404, { kind: 'Status' });
      const patch = JSON.parse(body);
      const merged = { ...fake.configMaps.get(g[1]), ...patch.data };
      for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k]; // JSON merge patch
      fake.configMaps.set(g[1], merged);
      fake.writes.push(`PATCH ${g[1]}`);
      return send(res, 200, { kind: 'ConfigMap' });
    }
  }
  if ((g = new RegExp(`^/apis/batch/v1/namespaces/${NS}/jobs/([^/]+)$`).exec(p)) && m === 'DELETE') {
    if (JSON.parse(body || '{}').propagationPolicy !== 'Background') fake.errors.push(`delete body ${body}`);
    const had = fake.batchJobs.delete(g[1]);
    fake.deletedJobs = [...(fake.deletedJobs || []), g[1]];
    return send(res, had ? 200 : 404, { kind: 'Status' });
  }
  if (m === 'POST' && p === `/api/v1/namespaces/${NS}/configmaps`) {
    const cm = JSON.parse(body);
    if (fake.configMaps.has(cm.metadata.name)) return send(res, 409, { kind: 'Status', reason: 'AlreadyExists' });
    fake.configMaps.set(cm.metadata.name, cm.data);
    fake.created = cm;
    fake.writes.push(`POST ${cm.metadata.name}`);
    return send(res, 201, cm);
  }
  fake.errors.push(`unexpected Kubernetes request ${m} ${p}`);
  return send(res, 404, {});
}

function rest(req, res, url, body) {
  const m = req.method, p = url.pathname;
  let g;
  if (fake.restFails) return send(res, 500, { errors: ['Internal server error.'] });
  if (m === 'GET' && p === '/jobs') return send(res, 200, { jobs: [...fake.jobs].map(([id, status]) => ({ id, status })) });
  if ((g = /^\/jobs\/([0-9a-f]{32})$/.exec(p)) && m === 'PATCH') {
    if (url.searchParams.get('mode') !== 'cancel') fake.errors.push(`PATCH without mode=cancel: ${req.url}`);
    if (fake.jobs.get(g[1]) !== 'RUNNING') return send(res, 409, { errors: ['not running'] });
    fake.cancelled = g[1];
    fake.jobs.set(g[1], 'CANCELLING');
    return send(res, 202, {});
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})$/.exec(p)) && m === 'GET') {
    if (fake.jobs.get(g[1]) === 'CANCELLING') { fake.jobs.set(g[1], 'CANCELED'); return send(res, 200, { jid: g[1], state: 'CANCELLING', vertices: [{ status: 'CANCELED' }] }); }
    return send(res, 200, { jid: g[1], state: fake.jobs.get(g[1]), timestamps: { CANCELED: 1 } });
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})\/checkpoints$/.exec(p)) && m === 'GET') {
    const completed = fake.noCheckpoint ? null : { id: 5, tasks: {}, external_path: fake.location, discarded: false };
    return send(res, 200, { counts: { completed: completed ? 1 : 0 }, summary: {},
      latest: { completed, savepoint: { id: 2, external_path: 's3://old-savepoint' }, failed: null, restored: null },
      history: [{ id: 4, external_path: 's3://older' }] });
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})\/stop$/.exec(p)) && m === 'POST') {
    if (fake.jobs.get(g[1]) !== 'RUNNING') return send(res, 409, { errors: ['not running'] });
    if (body !== fake.stopBody) fake.errors.push(`stop body ${body}, want ${fake.stopBody}`);
    fake.stopped = g[1];
    return send(res, 202, { 'request-id': TRIGGER });
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})\/(savepoints|checkpoints)$/.exec(p)) && m === 'POST') {
    if (fake.jobs.get(g[1]) !== 'RUNNING') return send(res, 409, { errors: ['not running'] });
    if (body !== fake.triggerBody) fake.errors.push(`trigger body ${body}, want ${fake.triggerBody}`);
    fake.triggered = `${g[2]} ${g[1]}`;
    return send(res, 202, { 'request-id': TRIGGER });
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})\/checkpoints\/details\/([0-9]+)$/.exec(p)) && m === 'GET') {
    return send(res, 200, { id: Number(g[2]), status: 'COMPLETED', external_path: fake.location });
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})\/checkpoints\/([0-9a-f]+)$/.exec(p)) && m === 'GET') {
    fake.polls++;
    if (fake.polls < 2) return send(res, 200, { status: { id: 'IN_PROGRESS' } });
    return send(res, 200, { status: { id: 'COMPLETED' }, operation: { checkpointId: 17 } });
  }
  if ((g = /^\/jobs\/([0-9a-f]{32})\/savepoints\/([0-9a-f]+)$/.exec(p)) && m === 'GET') {
    if (g[2] !== TRIGGER) fake.errors.push(`unknown trigger ${g[2]}`);
    fake.polls++;
    if (fake.savepoint === 'never' || fake.polls < 2) return send(res, 200, { status: { id: 'IN_PROGRESS' } });
    if (fake.savepoint === 'fail' || fake.triggerFails) {
      return send(res, 200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { class: 'java.lang.Exception', 'stack-trace': 'x' } } });
    }
    if (fake.stopped) fake.jobs.set(g[1], 'FINISHED');
    return send(res, 200, { status: { id: 'COMPLETED' }, operation: { location: fake.location } });
  }
  // the submitter's calls (session job end-to-end case)
  if (m === 'GET' && p === '/config') return send(res, 200, { 'flink-version': '2.2.0' });
  if (m === 'POST' && p === '/jars/upload') return send(res, 200, { filename: '/tmp/flink-web/upload/abc_report.jar', status: 'success' });
  if ((g = /^\/jars\/([^/]+)\/run$/.exec(p)) && m === 'POST') {
    const b = JSON.parse(body);
    (fake.runs ||= []).push(b);
    fake.jobs.set(b.jobId, 'RUNNING');
    return send(res, 200, { jobid: b.jobId });
  }
  if (/^\/jars\/[^/]+$/.test(p) && m === 'DELETE') return send(res, 200, {});
  fake.errors.push(`unexpected REST request ${m} ${p}`);
  return send(res, 404, { errors: ['Not found.'] });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://unset');
    fake.log.push(`${req.method} ${url.host}${url.pathname}`);
    if (!req.url.startsWith('http://')) fake.errors.push(`not a proxied request: ${req.url}`);
    if (url.host === 'kubernetes.default.svc') return kube(req, res, url, body);
    if (url.host === fake.restHost) return rest(req, res, url, body);
    fake.errors.push(`request to unknown host ${url.host}`);
    return send(res, 404, {});
  });
});

// ---- rendering ------------------------------------------------------------------

function deployment(name, { mode = 'native', extra = '', job = '', upgrade = 'savepoint' } = {}) {
  return `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: ${name}, namespace: ${NS}}
spec:
  image: flink:2.2
  flinkVersion: v2_2
  serviceAccount: flink
  mode: ${mode}
  flinkConfiguration:
    rest.port: "8099"
    execution.checkpointing.dir: s3://bucket/checkpoints
    execution.checkpointing.savepoint-dir: s3://bucket/savepoints
${extra}  jobManager: {resource: {memory: 1g, cpu: 1}}
  taskManager: {resource: {memory: 1g, cpu: 1}}
  job:
    jarURI: local:///opt/flink/usrlib/etl.jar
    entryClass: com.example.Etl
    parallelism: 2
    upgradeMode: ${upgrade}
    args: ["--in", "it's a \\"quoted\\" $arg"]
${job}`;
}

function render(doc) {
  try {
    const out = execFileSync(flinkc, ['render', '--format', 'json', '-'], { input: doc, stdio: ['pipe', 'pipe', 'pipe'] });
    return JSON.parse(out).items;
  } catch (e) {
    console.log(`flinkc render failed:\n${e.stderr}`);
    console.log('hook: 0 passed, 1 failed');
    process.exit(1);
  }
}

const find = (items, kind, pred = () => true) => items.find((o) => o.kind === kind && pred(o));
const hashOf = (o) => o.metadata.annotations['flinkc.io/content-hash'];

function cluster(name, opts) {
  const items = render(deployment(name, opts));
  const hook = find(items, 'Job');
  const jm = find(items, 'Deployment', (o) => o.metadata.name === name);
  const tm = find(items, 'Deployment', (o) => o.metadata.name === `${name}-taskmanager`);
  const conf = find(items, 'ConfigMap', (o) => o.metadata.name === `flink-config-${name}`);
  return { items, hook, jm, tm, conf, name };
}

const native = cluster('etl');
const standalone = cluster('etl-sa', { mode: 'standalone' });
const withInitial = cluster('etl-init', { mode: 'standalone', job: '    initialSavepointPath: s3://bucket/savepoints/initial\n' });
const nativeInitial = cluster('etl-ninit', { job: '    initialSavepointPath: s3://bucket/savepoints/initial\n    allowNonRestoredState: true\n' });
const lastState = cluster('etl-ls', { mode: 'standalone', upgrade: 'last-state' });
const nativeHa = cluster('etl-ha', { extra: '    high-availability.type: kubernetes\n    high-availability.storageDir: s3://bucket/ha\n' });

const triggers = cluster('etl-tr', { job: '    savepointTriggerNonce: 42\n    checkpointTriggerNonce: -3\n' });
const triggerJob = (kind) => find(triggers.items, 'Job', (o) => o.metadata.labels['flinkc.io/trigger'] === kind);

function scriptOf(job, seams = {}) {
  let s = job.spec.template.spec.containers[0].command[2];
  const work = fs.mkdtempSync(path.join(tmp, 'work-'));
  const set = { KUBE: 'http://kubernetes.default.svc', KUBE_TLS: '', TOKEN_FILE: tokenFile, WORK: work, PAUSE: '0', ...seams };
  for (const [k, v] of Object.entries(set)) {
    const re = new RegExp(`^${k}=.*$`, 'm');
    assert.match(s, re, `the script sets ${k}`);
    s = s.replace(re, `${k}='${v}'`);
  }
  return s;
}

function run(argv, env, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
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
    for (const tool of ['sh', 'sed', 'grep', 'tr', 'head', 'cat', 'sleep', 'echo', 'date', 'md5sum', 'cut', 'printf']) {
      fs.symlinkSync(bb, path.join(dir, tool));
    }
    fs.symlinkSync(which('curl'), path.join(dir, 'curl'));
    list.push({ name: 'busybox', argv: [path.join(dir, 'sh')], path: dir });
  } else {
    console.log('note: busybox not found; the BusyBox runs are skipped');
  }
  return list;
}

// ---- hook scenarios -----------------------------------------------------------------

const md5 = (s) => crypto.createHash('md5').update(s).digest('hex');
const STOP = JSON.stringify({ drain: false, targetDirectory: 's3://bucket/savepoints' });
const OLD = '0123456789abcdef'; // a content hash the new render does not have

function setupFor(c, o = {}) {
  const deployments = {};
  deployments[c.name] = o.sameHash ? hashOf(c.jm) : OLD;
  if (c.tm) deployments[`${c.name}-taskmanager`] = o.sameHash ? hashOf(c.tm) : OLD;
  return {
    restHost: `${c.name}-rest.${NS}:8099`,
    deployments: o.noCluster ? {} : deployments,
    pods: o.pods ?? 3,
    jobs: { [JOB]: 'RUNNING' },
    stopBody: STOP,
    ...o,
  };
}

const selectorOf = (c) => `app=${c.name},type=${c.tm ? 'flink-standalone-kubernetes' : 'flink-native-kubernetes'}`;
const restoreOf = (c) => `${c.name}-restore`;
const untouched = (c) => {
  assert.deepEqual(fake.writes, [], 'the ConfigMap is untouched');
  assert.ok(!fake.log.some((l) => l.startsWith('DELETE')), 'nothing is deleted');
};

const scenarios = [
  {
    name: 'native, job running: savepoint recorded in a new X-restore, cluster deleted, pods gone (§f savepoint)',
    c: native,
    check(r, c) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.stopped, JOB);
      assert.deepEqual(fake.writes, [`POST ${restoreOf(c)}`]);
      assert.deepEqual(fake.configMaps.get(restoreOf(c)), { 'savepoint-path': fake.location, 'job-id': md5(fake.location) });
      assert.deepEqual(fake.created.metadata.labels, { app: c.name, component: 'restore' });
      assert.ok(fake.log.includes(`DELETE kubernetes.default.svc/apis/apps/v1/namespaces/${NS}/deployments/${c.name}`));
      assert.equal(fake.deployments.size, 0);
      // the order that keeps two copies from running: record, then delete, then wait
      const rec = fake.log.findIndex((l) => l.startsWith('POST kubernetes'));
      const del = fake.log.findIndex((l) => l.startsWith('DELETE'));
      assert.ok(rec >= 0 && del > rec, fake.log.join('\n'));
      assert.match(fake.log[fake.log.length - 1], /\/pods$/);
    },
  },
  {
    name: 'standalone, X-restore exists: merge-patched, both Deployments deleted',
    c: standalone,
    setup: { configMaps: { 'etl-sa-restore': { 'savepoint-path': 's3://old', 'job-id': 'f'.repeat(32) } },
      location: 's3://bucket/savepoints/it\'s "odd" \\ $x' },
    check(r, c) {
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(fake.writes, [`PATCH ${restoreOf(c)}`]);
      assert.deepEqual(fake.configMaps.get(restoreOf(c)), { 'savepoint-path': fake.location, 'job-id': md5(JSON.stringify(fake.location).slice(1, -1)) });
      assert.equal(fake.deployments.size, 0);
      assert.ok(fake.log.includes(`DELETE kubernetes.default.svc/apis/apps/v1/namespaces/${NS}/deployments/${c.name}-taskmanager`));
    },
  },
  {
    name: 'the live Deployments already have the rendered hashes: nothing stopped',
    c: standalone,
    setup: { sameHash: true },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /unchanged; nothing to do/);
      assert.ok(!fake.log.some((l) => !l.includes('kubernetes.default.svc')), 'no REST call');
      untouched();
    },
  },
  {
    name: 'no cluster: exit 0, nothing recorded, no REST call',
    c: native,
    setup: { noCluster: true, pods: 0 },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /no pod of cluster etl exists/);
      assert.ok(!fake.log.some((l) => !l.includes('kubernetes.default.svc')), 'no REST call');
      untouched();
    },
  },
  {
    name: 'a suspended cluster (Deployment at 0 replicas, no pods): the recorded savepoint stays',
    c: native,
    setup: { pods: 0, configMaps: { 'etl-restore': { 'savepoint-path': 's3://kept', 'job-id': 'e'.repeat(32) } } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(fake.configMaps.get('etl-restore'), { 'savepoint-path': 's3://kept', 'job-id': 'e'.repeat(32) });
      untouched();
    },
  },
  {
    name: 'the savepoint fails: non-zero, ConfigMap untouched, nothing deleted, job keeps running',
    c: native,
    setup: { savepoint: 'fail' },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /savepoint of job [0-9a-f]{32} failed; the job keeps running/);
      assert.equal(fake.jobs.get(JOB), 'RUNNING');
      untouched();
    },
  },
  {
    name: 'the savepoint times out: non-zero after SAVEPOINT_TIMEOUT, ConfigMap untouched',
    c: native,
    setup: { savepoint: 'never' },
    seams: { SAVEPOINT_TIMEOUT: '2', PAUSE: '1' },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /did not complete in 2 s/);
      assert.ok(fake.polls >= 2, `polled ${fake.polls} times`);
      untouched();
    },
  },
  {
    name: 'REST answers 500 while pods exist: non-zero, nothing touched',
    c: native,
    setup: { restFails: true },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /REST API http:\/\/etl-rest\.jobs:8099 does not answer; not touching it/);
      untouched();
    },
  },
  {
    name: 'the old pods linger after the delete: the hook waits, then fails after POD_TIMEOUT',
    c: native,
    setup: { linger: true },
    seams: { POD_TIMEOUT: '2', PAUSE: '1' },
    check(r, c) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /still there after 2 s/);
      // the savepoint is recorded: the next sync finds no Deployment and restores from it
      assert.equal(fake.configMaps.get(restoreOf(c))['savepoint-path'], fake.location);
      assert.ok(fake.log.filter((l) => l.endsWith('/pods')).length >= 3);
    },
  },
  {
    name: 'a job that is restarting: non-zero, nothing stopped or touched',
    c: native,
    setup: { jobs: { [JOB]: 'RESTARTING' } },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /is RESTARTING; retry when it runs/);
      untouched();
    },
  },
  {
    name: 'a job that already failed: no savepoint, the old cluster still goes',
    c: native,
    setup: { jobs: { [JOB]: 'FAILED' } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /no savepoint taken/);
      assert.deepEqual(fake.writes, []);
      assert.equal(fake.deployments.size, 0);
    },
  },
];

const SP_BODY = JSON.stringify({ 'cancel-job': false, 'target-directory': 's3://bucket/savepoints' });
const triggerScenarios = [
  {
    name: 'savepointTriggerNonce: one savepoint without stopping, recorded with its nonce in a new X-restore',
    kind: 'savepoint',
    setup: { triggerBody: SP_BODY },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.triggered, `savepoints ${JOB}`);
      assert.equal(fake.jobs.get(JOB), 'RUNNING', 'the job keeps running');
      assert.deepEqual(fake.configMaps.get('etl-tr-restore'), { 'last-savepoint': fake.location, 'savepoint-nonce': '42' });
      assert.ok(!fake.log.some((l) => l.startsWith('DELETE')));
    },
  },
  {
    name: 'checkpointTriggerNonce: the checkpoint\'s external path, merged into an existing X-restore (restore keys kept)',
    kind: 'checkpoint',
    setup: { triggerBody: '{"checkpointType":"FULL"}', location: 's3://bucket/checkpoints/chk-17',
      configMaps: { 'etl-tr-restore': { 'savepoint-path': 's3://sp', 'job-id': 'd'.repeat(32) } } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.triggered, `checkpoints ${JOB}`);
      assert.deepEqual(fake.configMaps.get('etl-tr-restore'), { 'savepoint-path': 's3://sp', 'job-id': 'd'.repeat(32),
        'last-checkpoint': 's3://bucket/checkpoints/chk-17', 'checkpoint-nonce': 'm3'.replace('m', '-') });
    },
  },
  {
    name: 'a nonce already recorded (the Job re-created after its TTL): nothing is taken',
    kind: 'savepoint',
    setup: { configMaps: { 'etl-tr-restore': { 'savepoint-nonce': '42', 'last-savepoint': 's3://x' } } },
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /taken before; nothing to do/);
      assert.equal(fake.triggered, undefined);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'no running job within the timeout: non-zero, nothing recorded',
    kind: 'savepoint',
    setup: { jobs: { [JOB]: 'RESTARTING' } },
    seams: { TIMEOUT: '2', PAUSE: '1' },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /no job of cluster etl-tr ran within 2 s/);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'a failed savepoint: non-zero, nothing recorded',
    kind: 'savepoint',
    setup: { triggerBody: SP_BODY, triggerFails: true },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /the savepoint failed/);
      assert.deepEqual(fake.writes, []);
    },
  },
];
scenarios.push(
  {
    name: 'the Kubernetes API cannot be reached: non-zero before anything is stopped',
    c: native,
    setup: { kubeDown: true },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /the Kubernetes API http:\/\/kubernetes\.default\.svc cannot be reached/);
      assert.equal(fake.stopped, undefined);
      assert.ok(!fake.log.some((l) => !l.includes('kubernetes.default.svc')), 'no REST call');
    },
  },
  {
    name: 'X-restore cannot be read (RBAC): non-zero before the job is stopped',
    c: native,
    setup: { forbidConfigMaps: true },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /reading ConfigMap etl-restore: HTTP 403/);
      assert.equal(fake.stopped, undefined);
      assert.equal(fake.jobs.get(JOB), 'RUNNING');
      untouched();
    },
  },
  {
    name: 'last-state without HA: cancelled, its latest retained checkpoint recorded, cluster deleted (§f last-state)',
    c: lastState,
    setup: { location: 's3://bucket/checkpoints/chk-5' },
    check(r, c) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.cancelled, JOB);
      assert.equal(fake.stopped, undefined, 'no savepoint');
      assert.deepEqual(fake.configMaps.get(restoreOf(c)), { 'savepoint-path': 's3://bucket/checkpoints/chk-5', 'job-id': md5('s3://bucket/checkpoints/chk-5') });
      assert.equal(fake.deployments.size, 0);
    },
  },
  {
    name: 'last-state without a completed checkpoint: not cancelled, nothing touched',
    c: lastState,
    setup: { noCheckpoint: true },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /no completed checkpoint yet; not cancelling it/);
      assert.equal(fake.jobs.get(JOB), 'RUNNING');
      untouched();
    },
  },
);

// ---- session jobs: the stop hook (templates/hook-sessionjob.sh) -----------------------
// Facts: operator.md §f (suspend stops the job; savepoint upgrades), gitops.md §1.10
// (PreSync and PreDelete hooks).

const SESSION = `apiVersion: flink.apache.org/v1beta1
kind: FlinkDeployment
metadata: {name: session, namespace: ${NS}}
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

function sessionJob(name, { upgrade = 'savepoint', state = 'running', onDelete = false } = {}) {
  const items = render(`${SESSION}---
apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata:
  name: ${name}
  namespace: ${NS}
${onDelete ? '  annotations: {flinkc.io/stop-on-delete: "true"}\n' : ''}spec:
  deploymentName: session
  job:
    jarURI: https://jars.example.com/etl.jar
    parallelism: 2
    upgradeMode: ${upgrade}
    state: ${state}
`);
  const mine = (o) => o.kind === 'Job' && o.metadata.labels['flinkc.io/session-job'] === name;
  const stop = items.find((o) => mine(o) && o.metadata.labels['flinkc.io/phase'] === 'pre-sync');
  const del = items.find((o) => mine(o) && o.metadata.labels['flinkc.io/phase'] === 'pre-delete');
  const submitter = items.find((o) => mine(o) && o.metadata.labels.component === 'submitter');
  const jobId = /^JOB_ID='([0-9a-f]{32})'$/m.exec(stop.spec.template.spec.containers[0].command[2])[1];
  return { items, stop, del, submitter, jobId, name, restore: `${name}-sessionjob-restore` };
}

const sjSave = sessionJob('report', { onDelete: true });
const sjSusp = sessionJob('report', { state: 'suspended' });
const sjLess = sessionJob('report', { upgrade: 'stateless', state: 'suspended' });
// the id a spec runs under after the recorded stop of job `stopped` (both scripts compute it)
const runId = (jobId, stopped) => jobId.slice(0, 16) + md5(`${jobId}/${stopped}`).slice(0, 16);
const EARLIER = (sj) => `${sj.jobId.slice(0, 16)}${'e'.repeat(16)}`; // an earlier spec's run
const OTHER = 'ffffffffffffffffffffffffffffffff';               // another session job's run

const sessionSetup = (o = {}) => ({ restHost: `session-rest.${NS}:8099`, stopBody: STOP, jobs: {}, ...o });
const sessionScenarios = [
  {
    name: 'session job, savepoint upgrade: the earlier spec\'s run is stopped with a savepoint and recorded; other jobs untouched',
    sj: sjSave,
    setup: (sj) => ({ jobs: { [EARLIER(sj)]: 'RUNNING', [OTHER]: 'RUNNING' }, location: 's3://bucket/savepoints/it\'s "odd" \\ $x' }),
    check(r, sj) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.stopped, EARLIER(sj));
      assert.equal(fake.jobs.get(OTHER), 'RUNNING');
      assert.deepEqual(fake.writes, [`POST ${sj.restore}`]);
      assert.deepEqual(fake.configMaps.get(sj.restore), { 'savepoint-path': fake.location, 'stopped-job-id': EARLIER(sj) });
      assert.deepEqual(fake.created.metadata.labels, { 'flinkc.io/session-job': 'report', component: 'restore' });
      assert.deepEqual(fake.deletedJobs, [sj.submitter.metadata.name]);
    },
  },
  {
    name: 'session job suspended: its running job is stopped with a savepoint, recorded (PATCH); no submitter touched',
    sj: sjSusp,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' }, configMaps: { [sj.restore]: { 'savepoint-path': 's3://old', 'stopped-job-id': 'd'.repeat(32) } } }),
    check(r, sj) {
      assert.equal(r.code, 0, r.output);
      // a run of this session job (its prefix), whatever record came before
      assert.equal(fake.stopped, sj.jobId);
      assert.deepEqual(fake.writes, [`PATCH ${sj.restore}`]);
      assert.deepEqual(fake.configMaps.get(sj.restore), { 'savepoint-path': fake.location, 'stopped-job-id': sj.jobId });
      assert.equal(fake.deletedJobs, undefined);
    },
  },
  {
    name: 'session job suspended: the savepoint fails: non-zero, the ConfigMap untouched, the job keeps running',
    sj: sjSusp,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' }, savepoint: 'fail' }),
    check(r, sj) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /savepoint of job [0-9a-f]{32} failed; the job keeps running/);
      assert.equal(fake.jobs.get(sj.jobId), 'RUNNING');
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'session job suspended: the savepoint times out: non-zero, the ConfigMap untouched',
    sj: sjSusp,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' }, savepoint: 'never' }),
    seams: { SAVEPOINT_TIMEOUT: '2', PAUSE: '1' },
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /did not complete in 2 s/);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'session job suspended, its job not running (finished): exit 0, nothing stopped or recorded',
    sj: sjSusp,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'FINISHED', [OTHER]: 'RUNNING' } }),
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /no job of report runs; nothing to stop/);
      assert.equal(fake.stopped, undefined);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'session job, re-sync: this spec\'s run exists: exit 0, nothing stopped, recorded or deleted',
    sj: sjSave,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' }, batchJobs: [sj.submitter.metadata.name] }),
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /exists \(RUNNING\); nothing to do/);
      assert.equal(fake.stopped, undefined);
      assert.deepEqual(fake.writes, []);
      assert.equal(fake.deletedJobs, undefined);
    },
  },
  {
    name: 'session job, re-sync after a recorded stop: the run under the derived id is this spec\'s (same formula as the submitter)',
    sj: sjSave,
    setup: (sj) => ({ jobs: { [runId(sj.jobId, EARLIER(sj))]: 'RUNNING' },
      configMaps: { [sj.restore]: { 'savepoint-path': 's3://sp', 'stopped-job-id': EARLIER(sj) } } }),
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /exists \(RUNNING\); nothing to do/);
      assert.equal(fake.stopped, undefined);
    },
  },
  {
    name: 'session job resumed (running again, same spec): the finished submitter Job is deleted so the sync runs it again',
    sj: sjSave,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'FINISHED' }, batchJobs: [sj.submitter.metadata.name],
      configMaps: { [sj.restore]: { 'savepoint-path': 's3://sp', 'stopped-job-id': sj.jobId } } }),
    check(r, sj) {
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(fake.deletedJobs, [sj.submitter.metadata.name]);
      assert.equal(fake.batchJobs.size, 0);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'stateless session job suspended: cancelled, the stop recorded and an older savepoint-path removed',
    sj: sjLess,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' }, configMaps: { [sj.restore]: { 'savepoint-path': 's3://old', 'stopped-job-id': 'd'.repeat(32) } } }),
    check(r, sj) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.cancelled, sj.jobId);
      assert.equal(fake.stopped, undefined, 'no savepoint');
      assert.deepEqual(fake.configMaps.get(sj.restore), { 'stopped-job-id': sj.jobId });
    },
  },
  {
    name: 'stateless session job suspended, no record yet: cancelled, the stop recorded in a new ConfigMap without a path',
    sj: sjLess,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' } }),
    check(r, sj) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.cancelled, sj.jobId);
      assert.deepEqual(fake.writes, [`POST ${sj.restore}`]);
      assert.deepEqual(fake.configMaps.get(sj.restore), { 'stopped-job-id': sj.jobId });
    },
  },
  {
    name: 'session cluster down (REST fails, no JobManager pod): exit 0, nothing recorded',
    sj: sjSusp,
    setup: () => ({ restFails: true, pods: 0 }),
    check(r) {
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /no JobManager of the session cluster exists/);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'session cluster with a JobManager whose REST fails: non-zero, nothing recorded',
    sj: sjSusp,
    setup: () => ({ restFails: true, pods: 1 }),
    check(r) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /has a JobManager but its REST API http:\/\/session-rest\.jobs:8099 does not answer/);
      assert.deepEqual(fake.writes, []);
    },
  },
  {
    name: 'session job: the record cannot be read (RBAC): non-zero before anything is stopped',
    sj: sjSusp,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' }, forbidConfigMaps: true }),
    check(r, sj) {
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /reading ConfigMap report-sessionjob-restore: HTTP 403/);
      assert.equal(fake.jobs.get(sj.jobId), 'RUNNING');
      assert.ok(!fake.log.some((l) => l.includes('session-rest')), 'no REST call');
    },
  },
  {
    name: 'session job PreDelete (flinkc.io/stop-on-delete): this spec\'s running job is stopped with a savepoint and recorded',
    sj: sjSave,
    job: (sj) => sj.del,
    setup: (sj) => ({ jobs: { [sj.jobId]: 'RUNNING' } }),
    check(r, sj) {
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.stopped, sj.jobId);
      assert.deepEqual(fake.configMaps.get(sj.restore), { 'savepoint-path': fake.location, 'stopped-job-id': sj.jobId });
      assert.equal(fake.deletedJobs, undefined);
    },
  },
];

function sessionStatic() {
  assert.equal(sjSave.del.metadata.annotations['argocd.argoproj.io/hook'], 'PreDelete');
  assert.equal(sjSave.stop.metadata.annotations['argocd.argoproj.io/hook'], 'PreSync');
  assert.equal(sjSusp.submitter, undefined, 'a suspended session job has no submitter');
  assert.equal(sjSusp.del, undefined, 'no PreDelete Job without the annotation');
  const role = sjSave.items.find((o) => o.kind === 'Role' && o.metadata.name === 'report-sessionjob-hook');
  assert.equal(role.metadata.annotations['argocd.argoproj.io/hook'], 'PreSync,PreDelete');
  assert.deepEqual(role.rules, [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    { apiGroups: [''], resourceNames: ['report-sessionjob-restore'], resources: ['configmaps'], verbs: ['get', 'patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    { apiGroups: ['batch'], resourceNames: [sjSave.submitter.metadata.name], resources: ['jobs'], verbs: ['delete'] },
  ]);
  const sroles = sjSusp.items.find((o) => o.kind === 'Role' && o.metadata.name === 'report-sessionjob-hook');
  assert.ok(!sroles.rules.some((r) => r.resources[0] === 'jobs'), 'suspended: no submitter to delete');
  const vol = sjSave.submitter.spec.template.spec.volumes.find((v) => v.name === 'restore');
  assert.deepEqual(vol.configMap, { name: 'report-sessionjob-restore', optional: true });
  assert.equal(sjSave.submitter.spec.template.spec.automountServiceAccountToken, false);
}

// kube-linter's default checks that apply to a Job (facts: gitops.md §4.2), restated
function lint(job) {
  const pod = job.spec.template.spec, c = pod.containers[0], sc = c.securityContext || {};
  assert.ok(Number.isInteger(job.spec.ttlSecondsAfterFinished), 'job-ttl-seconds-after-finished');
  assert.ok(Number.isInteger(job.spec.backoffLimit), 'backoffLimit');
  assert.ok(/:[^/:]+$/.test(c.image) && !/:latest$/.test(c.image), `latest-tag: ${c.image}`);
  assert.ok((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) === true, 'run-as-non-root');
  assert.equal(sc.readOnlyRootFilesystem, true, 'no-read-only-root-fs');
  assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory, 'requests');
  assert.ok(c.resources?.limits?.cpu && c.resources?.limits?.memory, 'limits');
  assert.ok(sc.allowPrivilegeEscalation === false, 'privilege-escalation-container');
  assert.deepEqual(sc.capabilities?.drop, ['ALL']);
  assert.ok(job.metadata.name.length <= 63, 'a Job name is a label value');
  if (job.metadata.labels['flinkc.io/phase'] === 'pre-delete') {
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook'], 'PreDelete');
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation,HookSucceeded');
  } else if (job.metadata.labels['flinkc.io/phase'] === 'pre-sync') {
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook'], 'PreSync');
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation,HookSucceeded');
  } else {
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook'], undefined, 'a trigger Job is no hook');
  }
}

// ---- the JobManager's start logic --------------------------------------------------

const fakeBin = path.join(tmp, 'fake-bin');
fs.mkdirSync(fakeBin);
const printer = '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n';
fs.writeFileSync(path.join(fakeBin, 'kubernetes-jobmanager.sh'), printer, { mode: 0o755 });
const entry = path.join(fakeBin, 'docker-entrypoint.sh');
fs.writeFileSync(entry, printer, { mode: 0o755 });

function restoreDir(files) {
  const dir = fs.mkdtempSync(path.join(tmp, 'restore-'));
  for (const [k, v] of Object.entries(files || {})) fs.writeFileSync(path.join(dir, k), v);
  return dir;
}

// run the JobManager container's args as the image's entrypoint would
// (pass-through for "bash"), with /opt/flink/restore pointed at dir
async function start(c, dir, shell = 'bash') {
  const main = c.jm.spec.template.spec.containers.find((x) => x.name === 'flink-main-container');
  const mount = main.volumeMounts.find((m) => m.name === 'flinkc-restore');
  assert.deepEqual(mount, { mountPath: '/opt/flink/restore', name: 'flinkc-restore', readOnly: true });
  const vol = c.jm.spec.template.spec.volumes.find((v) => v.name === 'flinkc-restore');
  assert.deepEqual(vol.configMap, { name: `${c.name}-restore`, optional: true });
  assert.equal(main.args[0], 'bash');
  const args = main.args.slice(1).map((a) => a.replaceAll('/opt/flink/restore', dir).replaceAll("'/docker-entrypoint.sh'", entry));
  const r = await run([shell, ...args], { PATH: `${fakeBin}:${process.env.PATH}` });
  assert.equal(r.code, 0, r.output);
  return r.output.split('\n').slice(0, -1);
}

const confText = (c) => Object.values(c.conf.data).join('\n');
const REC = 's3://bucket/savepoints/it\'s "recorded" $HOME `x` \\';

// the objects of a render with the pod templates' restart nonce and the content hashes taken out
function withoutNonce(items) {
  return JSON.stringify(items.map((o) => {
    const c = structuredClone(o);
    delete c.metadata.annotations['flinkc.io/content-hash'];
    delete c.spec?.template?.metadata?.annotations?.['flinkc.io/restart-nonce'];
    return c;
  }));
}

function renderYaml(doc) {
  return execFileSync(flinkc, ['render', '-'], { input: doc, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

const jarFile = path.join(tmp, 'report.jar');
fs.writeFileSync(jarFile, 'PK not a jar');

const startCases = [
  {
    name: 'session job end to end: the stop hook records the earlier run\'s savepoint, the submitter resubmits from it, a re-sync stops nothing',
    async check() {
      reset(sessionSetup({ jobs: { [EARLIER(sjSave)]: 'RUNNING' }, location: 's3://bucket/savepoints/sp-e2e' }));
      fake.selector = 'app=session,component=jobmanager';
      const env = { PATH: process.env.PATH, http_proxy: `http://127.0.0.1:${server.address().port}`, HOME: tmp };
      let r = await run(['/bin/sh', '-c', scriptOf(sjSave.stop)], env);
      assert.equal(r.code, 0, r.output);
      let sub = sjSave.submitter.spec.template.spec.containers[0].command[2];
      const seams = { JAR_URI: `file://${jarFile}`, WORK: fs.mkdtempSync(path.join(tmp, 'work-')), PAUSE: '0',
        RESTORE: restoreDir(fake.configMaps.get(sjSave.restore)) };
      for (const [k, v] of Object.entries(seams)) sub = sub.replace(new RegExp(`^${k}=.*$`, 'm'), `${k}='${v}'`);
      r = await run(['/bin/sh', '-c', sub], env);
      assert.equal(r.code, 0, r.output);
      assert.equal(fake.runs.length, 1);
      assert.equal(fake.runs[0].savepointPath, 's3://bucket/savepoints/sp-e2e');
      assert.equal(fake.runs[0].jobId, runId(sjSave.jobId, EARLIER(sjSave)));
      fake.writes = [];
      r = await run(['/bin/sh', '-c', scriptOf(sjSave.stop)], env);
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /exists \(RUNNING\); nothing to do/);
      assert.deepEqual(fake.writes, []);
      assert.equal(fake.jobs.get(fake.runs[0].jobId), 'RUNNING');
    },
  },
  {
    name: 'a changed restartNonce changes only the pod templates (stateless; §f restartNonce)',
    async check() {
      for (const mode of ['native', 'standalone']) {
        const a = render(deployment('nonce', { mode, extra: '', job: '' }).replace('  serviceAccount: flink\n', '  serviceAccount: flink\n  restartNonce: 1\n').replace('upgradeMode: savepoint', 'upgradeMode: stateless'));
        const b = render(deployment('nonce', { mode, extra: '', job: '' }).replace('  serviceAccount: flink\n', '  serviceAccount: flink\n  restartNonce: 2\n').replace('upgradeMode: savepoint', 'upgradeMode: stateless'));
        const changed = a.filter((o, i) => JSON.stringify(o) !== JSON.stringify(b[i])).map((o) => o.metadata.name);
        assert.deepEqual(changed, mode === 'native' ? ['nonce'] : ['nonce', 'nonce-taskmanager']);
        assert.equal(withoutNonce(a), withoutNonce(b));
        assert.equal(find(b, 'Deployment').spec.template.metadata.annotations['flinkc.io/restart-nonce'], '2');
      }
    },
  },
  {
    name: 'a new savepointTriggerNonce adds exactly one Job; unchanged nonce, unchanged bytes',
    async check() {
      const base = deployment('tr', { job: '    savepointTriggerNonce: 1\n' }).replace('upgradeMode: savepoint', 'upgradeMode: stateless');
      const a = renderYaml(base), again = renderYaml(base), b = render(base.replace('Nonce: 1', 'Nonce: 2'));
      assert.equal(a, again);
      const jobs = (items) => items.filter((o) => o.kind === 'Job').map((o) => o.metadata.name);
      assert.deepEqual(jobs(render(base)), ['tr-savepoint-1']);
      assert.deepEqual(jobs(b), ['tr-savepoint-2']);
      const others = (items) => JSON.stringify(items.filter((o) => o.kind !== 'Job'));
      assert.equal(others(render(base)), others(b));
    },
  },
  {
    name: 'determinism: two renders of every lifecycle input give the same bytes',
    async check() {
      for (const c of [native, standalone, withInitial, nativeInitial, nativeHa, triggers]) {
        const doc = deployment(c.name);
        assert.equal(renderYaml(doc), renderYaml(doc));
      }
      for (const state of ['running', 'suspended']) {
        const doc = `${SESSION}---\napiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata: {name: d, namespace: ${NS}, annotations: {flinkc.io/stop-on-delete: "true"}}\nspec:\n  deploymentName: session\n  job: {jarURI: "https://x.example.com/a.jar", parallelism: 1, upgradeMode: savepoint, state: ${state}}\n`;
        const a = renderYaml(doc);
        assert.equal(a, renderYaml(doc));
        assert.match(a, /d-stop-[0-9a-f]{8}/);
      }
    },
  },
  {
    name: 'native: the recorded path and job id win over initialSavepointPath (-D after the entrypoint args)',
    async check() {
      const out = await start(nativeInitial, restoreDir({ 'savepoint-path': REC, 'job-id': md5(REC) }));
      assert.deepEqual(out, ['kubernetes-application', `-Dexecution.savepoint.path=${REC}`, `-D$internal.pipeline.job-id=${md5(REC)}`]);
    },
  },
  {
    name: 'native: no ConfigMap: the configuration\'s initialSavepointPath applies, nothing is added',
    async check() {
      const out = await start(nativeInitial, restoreDir({}));
      assert.deepEqual(out, ['kubernetes-application']);
      assert.match(confText(nativeInitial), /s3:\/\/bucket\/savepoints\/initial/);
      // allowNonRestoredState -> execution.savepoint.ignore-unclaimed-state (§c step 9)
      assert.match(confText(nativeInitial), /ignore-unclaimed-state: true/);
    },
  },
  {
    name: 'native: no ConfigMap and no initialSavepointPath: empty state',
    async check() {
      assert.deepEqual(await start(native, restoreDir({})), ['kubernetes-application']);
      assert.doesNotMatch(confText(native), /savepoint\.path|path: s3/);
    },
  },
  {
    name: 'native HA: the recorded job id replaces the fixed one, so HA records of the stopped job are not resumed',
    async check() {
      const fixed = /job-id: ([0-9a-f]{32})/.exec(confText(nativeHa))[1];
      const out = await start(nativeHa, restoreDir({ 'savepoint-path': 's3://sp/1', 'job-id': md5('s3://sp/1') }));
      assert.ok(out.includes(`-D$internal.pipeline.job-id=${md5('s3://sp/1')}`), out.join('\n'));
      assert.notEqual(md5('s3://sp/1'), fixed);
    },
  },
  ...['bash', 'sh'].flatMap((shell) => [
    {
      name: `standalone [${shell}]: the recorded path wins over initialSavepointPath, before the program args`,
      async check() {
        const out = await start(withInitial, restoreDir({ 'savepoint-path': REC, 'job-id': 'c'.repeat(32) }), shell);
        assert.deepEqual(out, ['standalone-job', '--fromSavepoint', REC, '--job-id', 'c'.repeat(32),
          '--job-classname', 'com.example.Etl', '--in', 'it\'s a "quoted" $arg']);
      },
    },
    {
      name: `standalone [${shell}]: no ConfigMap: initialSavepointPath, fixed job id`,
      async check() {
        const out = await start(withInitial, restoreDir({}), shell);
        assert.deepEqual(out, ['standalone-job', '--fromSavepoint', 's3://bucket/savepoints/initial',
          '--job-classname', 'com.example.Etl', '--in', 'it\'s a "quoted" $arg']);
      },
    },
    {
      name: `standalone [${shell}]: no ConfigMap, no initialSavepointPath: empty state`,
      async check() {
        const out = await start(standalone, restoreDir({}), shell);
        assert.deepEqual(out, ['standalone-job', '--job-classname', 'com.example.Etl', '--in', 'it\'s a "quoted" $arg']);
      },
    },
  ]),
  {
    name: 'hook then restart: the path the hook records is the one the new JobManager starts from',
    async check() {
      reset({ ...setupFor(native), location: 's3://bucket/savepoints/savepoint-e2e' });
      fake.selector = selectorOf(native);
      const r = await run(['/bin/sh', '-c', scriptOf(native.hook)], { PATH: process.env.PATH, http_proxy: `http://127.0.0.1:${server.address().port}` });
      assert.equal(r.code, 0, r.output);
      const out = await start(native, restoreDir(fake.configMaps.get('etl-restore')));
      assert.deepEqual(out, ['kubernetes-application', '-Dexecution.savepoint.path=s3://bucket/savepoints/savepoint-e2e',
        `-D$internal.pipeline.job-id=${md5('s3://bucket/savepoints/savepoint-e2e')}`]);
    },
  },
];

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
let passed = 0, failed = 0;
try {
  sessionStatic();
  passed++;
} catch (e) {
  failed++;
  console.log(`FAIL session job hook objects: ${e.message}`);
}
for (const j of [native.hook, standalone.hook, withInitial.hook, nativeHa.hook, triggerJob('savepoint'), triggerJob('checkpoint'),
  sjSave.stop, sjSave.del, sjSusp.stop, sjLess.stop]) {
  try {
    lint(j);
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL lint ${j?.metadata?.name}: ${e.message}`);
  }
}
for (const shell of shells()) {
  for (const sc of scenarios) {
    reset(setupFor(sc.c, sc.setup));
    fake.selector = selectorOf(sc.c);
    const env = { PATH: shell.path, http_proxy: `http://127.0.0.1:${server.address().port}`, HOME: tmp };
    const r = await run([...shell.argv, '-c', scriptOf(sc.c.hook, sc.seams)], env);
    try {
      assert.deepEqual(fake.errors, []);
      sc.check(r, sc.c);
      passed++;
    } catch (e) {
      failed++;
      console.log(`FAIL [${shell.name}] ${sc.name}\n${e.message}\n--- script output:\n${r.output}`);
    }
  }
  for (const sc of sessionScenarios) {
    reset(sessionSetup(sc.setup(sc.sj)));
    fake.selector = 'app=session,component=jobmanager';
    const env = { PATH: shell.path, http_proxy: `http://127.0.0.1:${server.address().port}`, HOME: tmp };
    const r = await run([...shell.argv, '-c', scriptOf(sc.job ? sc.job(sc.sj) : sc.sj.stop, sc.seams)], env);
    try {
      assert.deepEqual(fake.errors, []);
      sc.check(r, sc.sj);
      passed++;
    } catch (e) {
      failed++;
      console.log(`FAIL [${shell.name}] ${sc.name}\n${e.message}\n--- script output:\n${r.output}`);
    }
  }
  for (const sc of triggerScenarios) {
    reset(setupFor(triggers, sc.setup));
    const env = { PATH: shell.path, http_proxy: `http://127.0.0.1:${server.address().port}`, HOME: tmp };
    const r = await run([...shell.argv, '-c', scriptOf(triggerJob(sc.kind), sc.seams)], env);
    try {
      assert.deepEqual(fake.errors, []);
      sc.check(r);
      passed++;
    } catch (e) {
      failed++;
      console.log(`FAIL [${shell.name}] ${sc.name}\n${e.message}\n--- script output:\n${r.output}`);
    }
  }
}
for (const sc of startCases) {
  try {
    await sc.check();
    assert.deepEqual(fake.errors, []);
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL ${sc.name}\n${e.message}`);
  }
}
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`hook: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
