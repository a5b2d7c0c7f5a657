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
    // Only enums: the Settings UI then edits kubeHardener.rules as a table.
    assert.equal(setting.type, 'string', rule.id);
    assert.deepEqual(setting.enum, ['error', 'warning', 'info', 'hint', 'off'], rule.id);
    for (const option of Object.keys(rule.options ?? {})) {
      assert.ok(rules['kubeHardener.ruleOptions'].properties[rule.id].properties[option].type, `${rule.id}.${option}`);
    }
  }
});

test('kubeHardener.rules accepts the IDs of custom rules with the same severities', () => {
  const setting = (buildConfiguration(ALL_RULES).properties as Record<string, any>)['kubeHardener.rules'];
  assert.deepEqual(setting.additionalProperties.enum, ['error', 'warning', 'info', 'hint', 'off']);
  assert.equal(setting.additionalProperties.type, 'string');
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
  const commands = manifest.contributes.commands as { command: string; category?: string; title: string }[];
  assert.ok(commands.length >= 5);
  const hidden = new Set((manifest.contributes.menus.commandPalette as { command: string; when: string }[]).filter((item) => item.when === 'false').map((item) => item.command));
  for (const { command, category, title } of commands) {
    // Menus other than the palette show no category: their commands name Kube Hardener in the title.
    if (category === undefined) assert.ok(hidden.has(command) && title.startsWith('Kube Hardener: '), command);
    else assert.equal(category, 'Kube Hardener', command);
    assert.ok(command.startsWith('kubeHardener.'), command);
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
});

test('the yes/no settings whose "unset" matters are (unset)/true/false dropdowns the Settings UI renders', () => {
  const properties = buildConfiguration(ALL_RULES).properties as Record<string, any>;
  for (const key of ['kubeHardener.suppressions.allow', 'kubeHardener.suppressions.requireReason']) {
    assert.deepEqual(properties[key].enum, [null, true, false], key);
    assert.deepEqual(properties[key].enumItemLabels, ['(unset)', 'true', 'false'], key);
  }
  assert.equal(properties['kubeHardener.enable'].type, 'boolean');
});
