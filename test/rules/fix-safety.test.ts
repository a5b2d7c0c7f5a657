import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { applyEdits, fixAll } from '../../server/src/engine/fix.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { objectOf } from '../../server/src/engine/objects.ts';
import { containersOf, effectiveSetting, workloadOf } from '../../server/src/engine/workloads.ts';
import { isNodeAgent, mayRequireNonRoot, nodeAgentReason, runsAsRootExplicitly } from '../../server/src/engine/fix-safety.ts';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { indexOf, lintOptions, parseErrorsOf, readConfig } from '../helpers/lint.ts';
import { parseCaretFixture } from '../helpers/carets.ts';

/**
 * "Safe keeps what the manifest explicitly asked for" (ARCHITECTURE.md, "Safe and unsafe fixes"),
 * checked on every registered rule with a fix: a safe fix changes or removes no value the manifest
 * wrote, overrides no pod-level value it wrote, and takes from no node agent what it may need.
 */

type Path = (string | number)[];
const POD: Path = ['spec', 'template', 'spec'];
const CONTAINER: Path = [...POD, 'containers', 0];
const SC: Path = [...CONTAINER, 'securityContext'];
const POD_SC: Path = [...POD, 'securityContext'];

/** A Deployment with a pod spec and one container; lines are given at their own indentation level. */
function deployment(podLines: string[], containerLines: string[], templateAnnotations: string[] = []): string {
  const pad = (depth: number, rows: string[]) => rows.map((row) => `${' '.repeat(depth)}${row}\n`).join('');
  return 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\n  namespace: tools\nspec:\n' +
    '  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n' +
    (templateAnnotations.length ? `      annotations:\n${pad(8, templateAnnotations)}` : '') +
    `    spec:\n${pad(6, podLines)}      containers:\n      - name: agent\n        image: registry.example.com/agent:1.0\n${pad(8, containerLines)}`;
}

const SA = 'serviceAccountName: agent';

interface PrivilegeCase {
  name: string;
  text: string;
  /** Values the manifest sets explicitly: no safe fix may change them; unsafe fixes harden at least one. */
  explicit: [Path, unknown][];
}

const CASES: PrivilegeCase[] = [
  { name: 'privileged: true', text: deployment([SA], ['securityContext:', '  privileged: true']), explicit: [[[...SC, 'privileged'], true]] },
  ...['hostNetwork', 'hostPID', 'hostIPC'].map((field) => ({
    name: `${field}: true`, text: deployment([SA, `${field}: true`], []), explicit: [[[...POD, field], true]] as [Path, unknown][],
  })),
  {
    name: 'capabilities.add',
    text: deployment([SA], ['securityContext:', '  capabilities:', '    add: ["NET_ADMIN", "NET_RAW"] # flannel']),
    explicit: [[[...SC, 'capabilities', 'add', 0], 'NET_ADMIN'], [[...SC, 'capabilities', 'add', 1], 'NET_RAW']],
  },
  { name: 'container runAsUser: 0', text: deployment([SA], ['securityContext:', '  runAsUser: 0']), explicit: [[[...SC, 'runAsUser'], 0]] },
  { name: 'pod runAsUser: 0', text: deployment([SA, 'securityContext:', '  runAsUser: 0'], []), explicit: [[[...POD_SC, 'runAsUser'], 0]] },
  { name: 'runAsGroup: 0', text: deployment([SA], ['securityContext:', '  runAsGroup: 0']), explicit: [[[...SC, 'runAsGroup'], 0]] },
  { name: 'fsGroup: 0', text: deployment([SA, 'securityContext:', '  fsGroup: 0'], []), explicit: [[[...POD_SC, 'fsGroup'], 0]] },
  {
    name: 'supplementalGroups: [0]',
    text: deployment([SA, 'securityContext:', '  supplementalGroups: [0]'], []),
    explicit: [[[...POD_SC, 'supplementalGroups', 0], 0]],
  },
  {
    name: 'allowPrivilegeEscalation: true',
    text: deployment([SA], ['securityContext:', '  allowPrivilegeEscalation: true']),
    explicit: [[[...SC, 'allowPrivilegeEscalation'], true]],
  },
  {
    name: 'readOnlyRootFilesystem: false',
    text: deployment([SA], ['securityContext:', '  readOnlyRootFilesystem: false']),
    explicit: [[[...SC, 'readOnlyRootFilesystem'], false]],
  },
  { name: 'container runAsNonRoot: false', text: deployment([SA], ['securityContext:', '  runAsNonRoot: false']), explicit: [[[...SC, 'runAsNonRoot'], false]] },
  { name: 'pod runAsNonRoot: false', text: deployment([SA, 'securityContext:', '  runAsNonRoot: false'], []), explicit: [[[...POD_SC, 'runAsNonRoot'], false]] },
  { name: 'procMount: Unmasked', text: deployment([SA, 'hostUsers: false'], ['securityContext:', '  procMount: Unmasked']), explicit: [[[...SC, 'procMount'], 'Unmasked']] },
  {
    name: 'pod seccompProfile: Unconfined',
    text: deployment([SA, 'securityContext:', '  seccompProfile: {type: Unconfined}'], []),
    explicit: [[[...POD_SC, 'seccompProfile', 'type'], 'Unconfined']],
  },
  {
    name: 'container seccompProfile: Unconfined',
    text: deployment([SA], ['securityContext:', '  seccompProfile:', '    type: Unconfined']),
    explicit: [[[...SC, 'seccompProfile', 'type'], 'Unconfined']],
  },
  {
    name: 'appArmorProfile: Unconfined',
    text: deployment([SA], ['securityContext:', '  appArmorProfile:', '    type: Unconfined']),
    explicit: [[[...SC, 'appArmorProfile', 'type'], 'Unconfined']],
  },
  {
    name: 'apparmor annotation unconfined',
    text: deployment([SA], [], ['container.apparmor.security.beta.kubernetes.io/agent: unconfined']),
    explicit: [[['spec', 'template', 'metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/agent'], 'unconfined']],
  },
  {
    name: 'hostPort',
    text: deployment([SA], ['ports:', '- containerPort: 8080', '  hostPort: 80 # why']),
    explicit: [[[...CONTAINER, 'ports', 0, 'hostPort'], 80]],
  },
  {
    name: 'mountPropagation: Bidirectional',
    text: deployment([SA, 'volumes:', '- name: pods', '  hostPath: {path: /var/lib/kubelet/pods}'],
      ['volumeMounts:', '- name: pods', '  mountPath: /pods', '  mountPropagation: Bidirectional']),
    explicit: [[[...CONTAINER, 'volumeMounts', 0, 'mountPropagation'], 'Bidirectional']],
  },
  {
    name: 'probe host',
    text: deployment([SA], ['livenessProbe:', '  httpGet: {host: 10.0.0.1, port: 80, path: /}']),
    explicit: [[[...CONTAINER, 'livenessProbe', 'httpGet', 'host'], '10.0.0.1']],
  },
  {
    name: 'automountServiceAccountToken: true',
    text: deployment(['automountServiceAccountToken: true'], []),
    explicit: [[[...POD, 'automountServiceAccountToken'], true]],
  },
  {
    name: 'adds NET_BIND_SERVICE as uid 101 (ingress-nginx): runAsNonRoot: true changes nothing for it',
    text: deployment([SA], ['securityContext:', '  runAsUser: 101', '  allowPrivilegeEscalation: true', '  capabilities:', '    add: [NET_BIND_SERVICE]', '    drop: [ALL]']),
    explicit: [[[...SC, 'runAsUser'], 101], [[...SC, 'allowPrivilegeEscalation'], true], [[...SC, 'capabilities', 'add', 0], 'NET_BIND_SERVICE']],
  },
  {
    name: 'hostPath mount (a node agent, nothing else explicit)',
    text: deployment([SA, 'volumes:', '- name: cni', '  hostPath: {path: /opt/cni/bin}'], ['volumeMounts:', '- {name: cni, mountPath: /host/opt/cni/bin}']),
    explicit: [],
  },
];

function valueAt(text: string, path: Path): unknown {
  let value: unknown = parseManifestFile('x.yaml', text).docs[0].yaml.toJS({ maxAliasCount: 100 });
  for (const key of path) value = value == null ? undefined : (value as Record<string | number, unknown>)[key];
  return value;
}

/** The settings that would stop a node agent (or, for runAsNonRoot, a container told to run as uid 0), as they stand. */
interface Guarded {
  where: string;
  runAsNonRoot: unknown;
  dropsAll: boolean;
  readOnlyRootFilesystem: unknown;
  allowPrivilegeEscalation: unknown;
  nodeAgent: boolean;
  root: boolean;
  /** A non-zero runAsUser applies: runAsNonRoot: true changes nothing for it. */
  namedUser: boolean;
}

function guardedSettings(path: string, text: string): Guarded[] {
  const file = parseManifestFile(path, text);
  return file.docs.flatMap((doc) => {
    const object = objectOf(file, doc);
    const workload = object && workloadOf(object);
    if (!workload) return [];
    return containersOf(workload).map((container) => {
      const drop = effectiveSetting(container, 'capabilities', 'drop').node?.toJSON();
      return {
        where: `document ${doc.index}, ${container.list}[${container.index}]`,
        runAsNonRoot: effectiveSetting(container, 'runAsNonRoot').value,
        dropsAll: Array.isArray(drop) && drop.includes('ALL'),
        readOnlyRootFilesystem: effectiveSetting(container, 'readOnlyRootFilesystem').value,
        allowPrivilegeEscalation: effectiveSetting(container, 'allowPrivilegeEscalation').value,
        nodeAgent: isNodeAgent(container),
        root: runsAsRootExplicitly(container),
        namedUser: Number(effectiveSetting(container, 'runAsUser').value) > 0,
      };
    });
  });
}

/** Problems when a fixed text takes from a node agent (or a root container) what it may need. */
function stoppedAgents(path: string, before: string, after: string): string[] {
  const old = new Map(guardedSettings(path, before).map((entry) => [entry.where, entry]));
  const problems: string[] = [];
  for (const now of guardedSettings(path, after)) {
    const was = old.get(now.where);
    if (!was) continue;
    if ((was.nodeAgent || was.root) && !was.namedUser && now.runAsNonRoot === true && was.runAsNonRoot !== true) problems.push(`${now.where}: runAsNonRoot: true`);
    if (!was.nodeAgent) continue;
    if (now.dropsAll && !was.dropsAll) problems.push(`${now.where}: drop ALL`);
    if (now.readOnlyRootFilesystem === true && was.readOnlyRootFilesystem !== true) problems.push(`${now.where}: readOnlyRootFilesystem: true`);
    if (now.allowPrivilegeEscalation === false && was.allowPrivilegeEscalation !== false) problems.push(`${now.where}: allowPrivilegeEscalation: false`);
  }
  return problems;
}

/** Every non-null scalar of every document, by document index and path. */
function writtenValues(text: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object') values.set(path, value);
    else for (const [key, child] of Object.entries(value as object)) walk(child, `${path}/${key}`);
  };
  parseManifestFile('x.yaml', text).docs.forEach((doc) => walk(doc.yaml.toJS({ maxAliasCount: 100 }), `doc${doc.index}`));
  return values;
}

/**
 * Written values a fixed text changed or lost. Two rewrites keep the meaning and are allowed: a
 * capability `all` respelled `ALL`, and an object's apiVersion moved to one that serves the same
 * schema (the api-versions rules mark only those swaps safe).
 */
function changedValues(before: string, after: string): string[] {
  const now = writtenValues(after);
  const changed: string[] = [];
  for (const [path, value] of writtenValues(before)) {
    const next = now.get(path);
    if (next === value) continue;
    if (/\/capabilities\/drop\/\d+$/.test(path) && String(value).toUpperCase() === next) continue;
    if (/^doc\d+\/apiVersion$/.test(path) && typeof next === 'string') continue;
    changed.push(`${path}: ${JSON.stringify(value)} -> ${JSON.stringify(next)}`);
  }
  return changed;
}

interface CorpusFile {
  name: string;
  text: string;
  config: UserConfig;
}

/** The privilege cases and every rule's invalid fixtures. */
function corpus(): CorpusFile[] {
  const files: CorpusFile[] = CASES.map((entry) => ({ name: `case: ${entry.name}`, text: entry.text, config: {} }));
  for (const dir of readdirSync(join('test', 'rules'))) {
    const path = join('test', 'rules', dir);
    if (!existsSync(join(path, 'invalid.yaml'))) continue;
    const config = existsSync(join(path, 'config.yaml')) ? readConfig(join(path, 'config.yaml')) : {};
    for (const name of readdirSync(path).filter((file) => file.startsWith('invalid') && file.endsWith('.yaml') && !file.endsWith('.fixed.yaml'))) {
      files.push({ name: `${dir}/${name}`, text: parseCaretFixture(readFileSync(join(path, name), 'utf8')).source, config });
    }
  }
  return files;
}

function firstContainer(text: string) {
  const file = parseManifestFile('x.yaml', text);
  return containersOf(workloadOf(objectOf(file, file.docs[0])!)!)[0];
}

describe('node agents', () => {
  const cases: [string, string, string | undefined][] = [
    ['privileged', deployment([], ['securityContext: {privileged: true}']), 'it is privileged'],
    ['adds a capability', deployment([], ['securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}']), 'it adds capabilities'],
    ['hostPID', deployment(['hostPID: true'], []), 'its pod sets hostPID: true'],
    ['hostPath mount', deployment(['volumes: [{name: h, hostPath: {path: /var/log}}]'], ['volumeMounts: [{name: h, mountPath: /l}]']), 'it mounts a hostPath volume'],
    ['hostPath volume it does not mount', deployment(['volumes: [{name: h, hostPath: {path: /var/log}}]'], []), undefined],
    ['privileged: false, drop ALL', deployment([], ['securityContext: {privileged: false, capabilities: {drop: [ALL], add: []}}']), undefined],
  ];
  for (const [name, text, reason] of cases) {
    test(`${name}: ${reason ?? 'no node agent'}`, () => assert.equal(nodeAgentReason(firstContainer(text)), reason));
  }

  test('runAsNonRoot: true may be required of a named non-root user even in a node agent, never of uid 0', () => {
    assert.equal(mayRequireNonRoot(firstContainer(deployment([], ['securityContext: {runAsUser: 101, capabilities: {add: [NET_BIND_SERVICE]}}']))), true);
    assert.equal(mayRequireNonRoot(firstContainer(deployment(['securityContext: {runAsUser: 0}'], []))), false);
    assert.equal(mayRequireNonRoot(firstContainer(deployment(['hostNetwork: true'], []))), false);
    assert.equal(mayRequireNonRoot(firstContainer(deployment([], []))), true);
  });
});

describe('safe fixes keep what the manifest explicitly asked for', () => {
  for (const entry of CASES) {
    const options = lintOptions({}, ALL_RULES, indexOf({ 'case.yaml': entry.text }));
    test(`${entry.name}: fix-all keeps it; --unsafe-fixes hardens it`, () => {
      const safe = fixAll('case.yaml', entry.text, options).text;
      assert.deepEqual(parseErrorsOf(safe), []);
      for (const [path, value] of entry.explicit) assert.equal(valueAt(safe, path), value, `safe fix-all changed ${path.join('.')}:\n${safe}`);
      assert.deepEqual(stoppedAgents('case.yaml', entry.text, safe), [], `safe fix-all:\n${safe}`);
      assert.ok(!/\b(add|drop): \[\]|(capabilities|securityContext): \{\}/.test(safe), `debris:\n${safe}`);
      if (entry.explicit.length === 0) return;
      const unsafe = fixAll('case.yaml', entry.text, options, { unsafe: true }).text;
      assert.deepEqual(parseErrorsOf(unsafe), []);
      assert.ok(entry.explicit.some(([path, value]) => valueAt(unsafe, path) !== value), `--unsafe-fixes left it:\n${unsafe}`);
      assert.ok(!/\b(add|drop): \[\]|(capabilities|securityContext): \{\}/.test(unsafe), `debris:\n${unsafe}`);
    });
  }

  test('a node agent keeps its pod-level values: no container-level block overrides them', () => {
    const text = deployment([SA, 'securityContext:', '  runAsNonRoot: false', '  seccompProfile: {type: Unconfined}'], []);
    const safe = fixAll('case.yaml', text, lintOptions({}, ALL_RULES, indexOf({ 'case.yaml': text }))).text;
    const settings = guardedSettings('case.yaml', safe)[0];
    assert.equal(settings.runAsNonRoot, false);
    const file = parseManifestFile('case.yaml', safe);
    const container = containersOf(workloadOf(objectOf(file, file.docs[0])!)!)[0];
    assert.equal(effectiveSetting(container, 'seccompProfile', 'type').value, 'Unconfined');
  });

  // Excerpts of real CNI manifests whose node agents plain --fix used to break (#8).
  for (const name of readdirSync(join('test', 'rules', 'node-agents'))) {
    const text = readFileSync(join('test', 'rules', 'node-agents', name), 'utf8');
    const options = lintOptions({}, ALL_RULES, indexOf({ [name]: text }));
    test(`node agent ${name}: fix-all changes nothing written and stops no container; --unsafe-fixes hardens it`, () => {
      const safe = fixAll(name, text, options).text;
      assert.deepEqual(parseErrorsOf(safe), []);
      assert.deepEqual(changedValues(text, safe), [], `safe fix-all:\n${safe}`);
      assert.deepEqual(stoppedAgents(name, text, safe), [], `safe fix-all:\n${safe}`);
      const unsafe = fixAll(name, text, options, { unsafe: true }).text;
      assert.deepEqual(parseErrorsOf(unsafe), []);
      assert.doesNotMatch(unsafe, /privileged: true|hostNetwork: true|add: |(capabilities|securityContext): \{\}/, `--unsafe-fixes:\n${unsafe}`);
      for (const comment of text.split('\n').filter((line) => line.trim().startsWith('#'))) assert.ok(unsafe.includes(comment.trim()), `comment lost: ${comment}`);
    });
  }

  const files = corpus();
  for (const rule of ALL_RULES.filter((candidate) => candidate.fixable)) {
    test(`${rule.id}: every safe fix only adds, and stops no node agent`, () => {
      let findingsSeen = 0;
      for (const file of files) {
        const options = lintOptions(file.config, [rule], indexOf({ [file.name]: file.text }));
        for (const finding of lintText(file.name, file.text, options).findings.filter((f) => f.ruleId === rule.id)) {
          findingsSeen++;
          for (const fix of finding.fixes.filter((candidate) => candidate.safe && !candidate.createFiles?.length)) {
            const fixed = applyEdits(file.text, fix.edits);
            const where = `${file.name}: "${fix.title}" for "${finding.message}"`;
            assert.deepEqual(parseErrorsOf(fixed), [], where);
            assert.deepEqual(changedValues(file.text, fixed), [], `${where} changed written values`);
            assert.deepEqual(stoppedAgents(file.name, file.text, fixed), [], `${where} stops a node agent`);
          }
        }
      }
      assert.ok(findingsSeen > 0, `no fixture or privilege case makes ${rule.id} report: add one`);
    });
  }
});
