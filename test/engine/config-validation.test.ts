import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfigFile, validateUserConfig } from '../../server/src/engine/config.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';

// Config validation (#9): every malformed value is rejected with a message that names its key.

const MALFORMED: [string, string][] = [
  ['profile: 3', 'profile'],
  ['profile: [restricted]', 'profile'],
  ['kubernetesVersion: [1]', 'kubernetesVersion'],
  ['defaultNamespace: 7', 'defaultNamespace'],
  ['defaultNamespace: "../etc"', 'defaultNamespace'],
  ['defaultNamespace: "a\\nb"', 'defaultNamespace'],
  ['exclude: "charts/**"', 'exclude'],
  ['exclude: [1]', 'exclude'],
  ['suppressions: {allow: "yes please"}', 'suppressions.allow'],
  ['suppressions: []', 'suppressions'],
  ['rules: []', 'rules'],
  ['rules: {host-port: loud}', 'rules.host-port'],
  ['rules: {host-port: {severity: 3}}', 'rules.host-port.severity'],
  ['rules: {host-port: {allowedPorts: 80}}', 'rules.host-port.allowedPorts'],
  ['rules: {host-port: {allowedPorts: [.inf]}}', 'rules.host-port.allowedPorts[0]'],
  ['rules: {host-port: {allowedPorts: [80, -5]}}', 'rules.host-port.allowedPorts[1]'],
  ['rules: {host-port: {allowedPorts: [70000]}}', 'rules.host-port.allowedPorts[0]'],
  ['rules: {host-port: {allowedPorts: [80.5]}}', 'rules.host-port.allowedPorts[0]'],
  ['rules: {host-port: {allowedPorts: [.nan]}}', 'rules.host-port.allowedPorts[0]'],
  ['rules: {host-port: {allowedPorts: ["80"]}}', 'rules.host-port.allowedPorts[0]'],
  ['rules: {image-mutable-tag: {requireDigest: "no"}}', 'rules.image-mutable-tag.requireDigest'],
  ['rules: {image-untrusted-registry: {allowedRegistries: [1]}}', 'rules.image-untrusted-registry.allowedRegistries[0]'],
  ['rules: {unsandboxed-untrusted-workload: {runtimeClassName: 1}}', 'rules.unsandboxed-untrusted-workload.runtimeClassName'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: []}}', 'rules.unsandboxed-untrusted-workload.untrusted'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: {namespaces: ci}}}', 'rules.unsandboxed-untrusted-workload.untrusted.namespaces'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: {namespaces: [1]}}}', 'rules.unsandboxed-untrusted-workload.untrusted.namespaces[0]'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: {images: {a: b}}}}', 'rules.unsandboxed-untrusted-workload.untrusted.images'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: {labels: [a]}}}', 'rules.unsandboxed-untrusted-workload.untrusted.labels'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: {labels: {trust: true}}}}', 'rules.unsandboxed-untrusted-workload.untrusted.labels.trust'],
  ['rules: {unsandboxed-untrusted-workload: {untrusted: {namespace: [ci]}}}', 'rules.unsandboxed-untrusted-workload.untrusted.namespace'],
  ['rbac: []', 'rbac'],
  ['rbac: {other: 1}', 'rbac.other'],
];

for (const [yaml, key] of MALFORMED) {
  test(`rejected: ${yaml}`, () => {
    assert.throws(
      () => validateUserConfig(parse(yaml, { version: '1.1' }), ALL_RULES),
      (error: unknown) => error instanceof ConfigError && error.key === key && error.message.startsWith(`${key}: `),
    );
  });
}

test('accepted: well-formed option values', () => {
  const config = parse('rules: {host-port: {allowedPorts: [1, 443, 65535]}, unsandboxed-untrusted-workload: {untrusted: {namespaces: [ci], images: ["a/*"], labels: {trust: "no"}}}}');
  assert.doesNotThrow(() => validateUserConfig(config, ALL_RULES));
});

test('a config file: tags, syntax errors and alias bombs are rejected, naming the key and quoting no text', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kube-hardener-config-validation-'));
  const file = (text: string) => {
    const path = join(folder, `${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, text);
    return path;
  };
  const tagged = file('profile: !custom restricted\n');
  assert.throws(() => loadConfigFile(tagged, ALL_RULES), (error: unknown) => error instanceof ConfigError && error.key === 'profile' && /tag/.test(error.message));
  const nested = file('rules:\n  host-port:\n    allowedPorts: [!port 80]\n');
  assert.throws(() => loadConfigFile(nested, ALL_RULES), (error: unknown) => error instanceof ConfigError && error.key === 'rules.host-port.allowedPorts[0]');
  const secretTag = file('profile: !Welcome2024!\n');
  assert.throws(() => loadConfigFile(secretTag, ALL_RULES), (error: unknown) => error instanceof ConfigError && !error.message.includes('Welcome2024'));
  const bomb = file(`a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`);
  assert.throws(() => loadConfigFile(bomb, ALL_RULES), (error: unknown) => error instanceof ConfigError);
  const yamlOwnTag = file('profile: !!str restricted\n');
  assert.equal(loadConfigFile(yamlOwnTag, ALL_RULES).profile, 'restricted');
});
