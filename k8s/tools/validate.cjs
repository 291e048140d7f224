#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline. Used by scripts/validate-k8s.sh.
//
//   node validate.cjs --overlay dev=out/dev.yaml --overlay prod=out/prod.yaml \
//                     --platform k8s/platform/redis.yaml ...
//
// 1. Schema: every object of a core kind is checked against the Kubernetes
//    1.27 OpenAPI schema shipped in the npm package `kubernetes-models`
//    (validate() per apiVersion/kind). On top of that, fields the schema does
//    not know are reported (like `kubectl --validate=strict`): the compiled
//    validator reads every property the schema defines, so a key it never
//    read is unknown (typo, wrong indentation).
// 2. Policy: containers have requests+limits, probes, a hardened
//    securityContext, a pinned image tag; references to ConfigMaps/Secrets/
//    ServiceAccounts/Deployments resolve inside the render; prod ships no
//    Secret.
// Custom resources (k8s/platform/: CloudNativePG, Keycloak operator) have no
// schema here: they are only parsed and checked for apiVersion/kind/name.
'use strict';
const fs = require('fs');
const YAML = require('yaml');

const args = process.argv.slice(2);
const overlays = []; // [name, file]
const platform = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--overlay') { const [n, f] = args[++i].split('='); overlays.push([n, f]); }
  else if (args[i] === '--platform') platform.push(args[++i]);
  else { console.error(`unknown argument ${args[i]}`); process.exit(2); }
}

const problems = [];
const fail = (where, msg) => problems.push(`${where}: ${msg}`);

function loadDocs(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const out = [];
  for (const d of docs) {
    if (d.errors.length) { fail(file, `YAML: ${d.errors[0].message}`); continue; }
    const o = d.toJS();
    if (o !== null && o !== undefined) out.push(o);
  }
  return out;
}

// --- schema validation -------------------------------------------------------
function modelFor(apiVersion, kind) {
  const mod = apiVersion.includes('/') ? apiVersion : `v1`;
  if (!/^[a-z0-9.]+(\/[a-z0-9]+)?$/.test(mod)) return null;
  try { return require(`kubernetes-models/${mod}`)[kind] || null; } catch { return null; }
}

// Proxy that records every property path the validator reads.
function track(value, path, seen) {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r);
      if (typeof k !== 'string') return v;
      const p = `${path}/${k}`;
      seen.add(p);
      return track(v, p, seen);
    },
  });
}
function allPaths(value, path, out) {
  if (value === null || typeof value !== 'object') return out;
  for (const k of Object.keys(value)) { out.push(`${path}/${k}`); allPaths(value[k], `${path}/${k}`, out); }
  return out;
}

function schemaCheck(where, o) {
  const Model = modelFor(o.apiVersion, o.kind);
  if (!Model) return false;
  const seen = new Set();
  try {
    Model.prototype.validate.call(track(o, '', seen));
  } catch (e) {
    fail(where, `schema: ${String(e.message).split('\n').slice(0, 6).join('; ')}`);
    return true;
  }
  for (const p of allPaths(o, '', [])) {
    const parent = p.slice(0, p.lastIndexOf('/'));
    // report only the outermost unknown key
    if (!seen.has(p) && (parent === '' || seen.has(parent))) fail(where, `schema: unknown field ${p}`);
  }
  return true;
}

// --- policy ------------------------------------------------------------------
function podSpecOf(o) {
  switch (o.kind) {
    case 'Pod': return o.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return o.spec && o.spec.template && o.spec.template.spec;
    case 'CronJob': return o.spec && o.spec.jobTemplate.spec.template.spec;
    default: return null;
  }
}

function policy(where, o, pod, index, label) {
  const psc = pod.securityContext || {};
  if (pod.automountServiceAccountToken !== false) fail(where, 'automountServiceAccountToken must be false');
  const sa = pod.serviceAccountName;
  if (sa && index && !index.has(`ServiceAccount/${sa}`)) fail(where, `ServiceAccount ${sa} not in render`);
  const volumes = new Set((pod.volumes || []).map((v) => v.name));
  const all = [...(pod.initContainers || []).map((c) => [c, true]), ...pod.containers.map((c) => [c, false])];
  for (const [c, init] of all) {
    const w = `${where} container ${c.name}`;
    const sc = c.securityContext || {};
    const lim = (c.resources || {}).limits || {};
    const req = (c.resources || {}).requests || {};
    if (!lim.cpu || !lim.memory) fail(w, 'resources.limits.cpu and .memory are required');
    if (!req.cpu || !req.memory) fail(w, 'resources.requests.cpu and .memory are required');
    if (sc.readOnlyRootFilesystem !== true) fail(w, 'securityContext.readOnlyRootFilesystem must be true');
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) fail(w, 'runAsNonRoot must be true');
    if (sc.allowPrivilegeEscalation !== false) fail(w, 'allowPrivilegeEscalation must be false');
    if (sc.privileged === true) fail(w, 'privileged is not allowed');
    if (!((sc.capabilities || {}).drop || []).includes('ALL')) fail(w, 'capabilities.drop must contain ALL');
    const seccomp = (sc.seccompProfile || psc.seccompProfile || {}).type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') fail(w, 'seccompProfile RuntimeDefault required');
    if (!init) {
      if (!c.livenessProbe) fail(w, 'livenessProbe missing');
      if (!c.readinessProbe) fail(w, 'readinessProbe missing');
    }
    const tag = /@sha256:/.test(c.image || '') ? 'digest' : (c.image || '').split('/').pop().split(':')[1];
    if (!tag || tag === 'latest') fail(w, `image ${c.image} needs a pinned tag or digest`);
    for (const m of c.volumeMounts || []) if (!volumes.has(m.name)) fail(w, `volumeMount ${m.name} has no volume`);
    if (index) {
      for (const e of c.envFrom || []) {
        if (e.configMapRef && !e.configMapRef.optional && !index.has(`ConfigMap/${e.configMapRef.name}`)) fail(w, `ConfigMap ${e.configMapRef.name} not in render`);
        if (e.secretRef && !e.secretRef.optional) index.needSecret(w, e.secretRef.name);
      }
      for (const e of c.env || []) {
        const f = e.valueFrom || {};
        if (f.configMapKeyRef && !f.configMapKeyRef.optional && !index.has(`ConfigMap/${f.configMapKeyRef.name}`)) fail(w, `ConfigMap ${f.configMapKeyRef.name} not in render`);
        if (f.secretKeyRef && !f.secretKeyRef.optional) index.needSecret(w, f.secretKeyRef.name);
      }
    }
  }
}

// Secrets that an overlay may reference without rendering them (created out of band).
const EXTERNAL_SECRETS = new Set(['fulian-backend-secrets']);

let total = 0;
for (const [name, file] of overlays) {
  const objs = loadDocs(file);
  total += objs.length;
  const keys = new Set(objs.map((o) => `${o.kind}/${o.metadata && o.metadata.name}`));
  const index = {
    has: (k) => keys.has(k),
    needSecret: (w, s) => {
      if (keys.has(`Secret/${s}`)) return;
      if (name === 'prod' && EXTERNAL_SECRETS.has(s)) return;
      fail(w, `Secret ${s} not in render${name === 'prod' ? ' and not a known out-of-band Secret' : ''}`);
    },
  };
  if (objs.length === 0) fail(name, 'rendered no objects');
  for (const o of objs) {
    const where = `${name}: ${o.kind}/${o.metadata && o.metadata.name}`;
    if (!schemaCheck(where, o)) { fail(where, `no schema for ${o.apiVersion} ${o.kind} (custom resources belong in k8s/platform/)`); continue; }
    const labels = (o.metadata && o.metadata.labels) || {};
    if (labels['app.kubernetes.io/name'] !== 'jufu-backend' || labels['app.kubernetes.io/part-of'] !== 'fulian') fail(where, 'missing common labels app.kubernetes.io/name, part-of');
    if (o.kind === 'Secret' && name === 'prod') fail(where, 'prod must not ship Secrets; create fulian-backend-secrets out of band');
    if (o.kind === 'HorizontalPodAutoscaler') {
      const t = o.spec.scaleTargetRef;
      if (!keys.has(`${t.kind}/${t.name}`)) fail(where, `scaleTargetRef ${t.kind}/${t.name} not in render`);
      if (o.spec.minReplicas > o.spec.maxReplicas) fail(where, 'minReplicas > maxReplicas');
    }
    const pod = podSpecOf(o);
    if (pod) policy(where, o, pod, index);
  }
}

let crs = 0, core = 0;
for (const file of platform) {
  for (const o of loadDocs(file)) {
    const where = `${file}: ${o.kind}/${o.metadata && o.metadata.name}`;
    if (!o.apiVersion || !o.kind || !o.metadata || !o.metadata.name) { fail(where, 'apiVersion, kind and metadata.name are required'); continue; }
    if (schemaCheck(where, o)) {
      core++;
      const pod = podSpecOf(o);
      if (pod) policy(where, o, pod, null);
    } else crs++;
  }
}

if (problems.length) {
  for (const p of problems) console.error(`INVALID ${p}`);
  console.error(`k8s: ${problems.length} problem(s) in ${overlays.length} overlays (${total} objects) and k8s/platform/`);
  process.exit(1);
}
console.log(`k8s: ${overlays.length} overlays, ${total} objects, all valid`);
if (platform.length) console.log(`k8s/platform: ${core} core objects valid, ${crs} custom resources parsed (no schema offline)`);
