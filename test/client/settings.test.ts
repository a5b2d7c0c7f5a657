import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { buildConfiguration } from '../../scripts/settings-schema.ts';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('package.json contributes.configuration matches the rule metadata (else run `npm run settings`)', () => {
  assert.deepEqual(manifest.contributes.configuration, buildConfiguration(ALL_RULES));
});

test('every rule has a severity setting, and every rule option a typed property', () => {
  const rules = buildConfiguration(ALL_RULES).properties as Record<string, any>;
  const ruleProperties = rules['kubeHardener.rules'].properties;
  for (const rule of ALL_RULES) {
    const setting = ruleProperties[rule.id];
    assert.ok(setting, rule.id);
    const severityEnum = setting.enum ?? setting.anyOf[0].enum;
    assert.deepEqual(severityEnum, ['error', 'warning', 'info', 'hint', 'off'], rule.id);
    for (const option of Object.keys(rule.options ?? {})) {
      assert.ok(setting.anyOf[1].properties[option].type, `${rule.id}.${option}`);
    }
  }
});

test('settings that could hide findings are restricted in untrusted workspaces', () => {
  const { untrustedWorkspaces } = manifest.capabilities;
  assert.equal(untrustedWorkspaces.supported, 'limited');
  const known = Object.keys(manifest.contributes.configuration.properties);
  for (const key of untrustedWorkspaces.restrictedConfigurations) assert.ok(known.includes(key), key);
  for (const key of ['kubeHardener.enable', 'kubeHardener.rules', 'kubeHardener.exclude', 'kubeHardener.suppressions.allow']) {
    assert.ok(untrustedWorkspaces.restrictedConfigurations.includes(key), key);
  }
});

test('palette commands are contributed with the Kube Hardener category, and activate the extension', () => {
  const commands = manifest.contributes.commands as { command: string; category: string }[];
  assert.ok(commands.length >= 5);
  for (const { command, category } of commands) {
    assert.equal(category, 'Kube Hardener', command);
    assert.ok(command.startsWith('kubeHardener.'), command);
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
});
