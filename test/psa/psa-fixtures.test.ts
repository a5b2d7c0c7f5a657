// Kubernetes' own Pod Security admission fixtures (test/fixtures/psa, vendored with their license):
// for every policy version, each `fail` fixture must draw the rule that maps to its PSA check and
// each `pass` fixture must draw no Pod Security rule of its level, with kubernetesVersion set to
// the fixture's version.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { lintText, type LintOptions } from '../../server/src/engine/lint.ts';
import type { Profile } from '../../server/src/engine/rule.ts';

const FIXTURES = join('test', 'fixtures', 'psa');
const LEVELS: Profile[] = ['baseline', 'restricted'];
/** Only the Pod Security rules run: the others have nothing to say about PSA's checks (and 4,500 files add up). */
const POD_SECURITY_RULES = ALL_RULES.filter((rule) => rule.category === 'pod-security');

/**
 * PSA check ID (the fixture's file name without its number) -> the rules that implement it.
 * Where PSA folds several concerns into one check, every rule that reports a part of it is listed:
 * restricted's volume check also fails hostPath volumes, which host-path-volume reports (and
 * restricted-volume-types leaves to it); restricted's capability check fails both a missing
 * `drop: [ALL]` (capabilities-not-dropped) and an added capability other than NET_BIND_SERVICE
 * (dangerous-capabilities).
 */
const RULES_OF_CHECK: Record<string, string[]> = {
  allowprivilegeescalation: ['privilege-escalation'],
  apparmorprofile: ['apparmor-unconfined'],
  capabilities_baseline: ['dangerous-capabilities'],
  capabilities_restricted: ['capabilities-not-dropped', 'dangerous-capabilities'],
  hostnamespaces: ['host-namespaces'],
  hostpathvolumes: ['host-path-volume'],
  hostports: ['host-port'],
  hostprobesandhostlifecycle: ['host-probes-and-lifecycle'],
  privileged: ['privileged-container'],
  procmount: ['unsafe-proc-mount'],
  procmount_baseline: ['unsafe-proc-mount'],
  procmount_restricted: ['unsafe-proc-mount'],
  restrictedvolumes: ['restricted-volume-types', 'host-path-volume'],
  runasnonroot: ['run-as-root'],
  runasuser: ['run-as-root'],
  seccompprofile_baseline: ['seccomp-unconfined'],
  seccompprofile_restricted: ['missing-seccomp-profile', 'seccomp-unconfined'],
  selinuxoptions: ['selinux-override'],
  sysctls: ['unsafe-sysctls'],
  windowshostprocess: ['windows-host-process'],
};

/** The Pod Security rules a level enforces: restricted includes baseline. */
function podSecurityRulesOf(level: Profile): Set<string> {
  const levels = level === 'restricted' ? ['baseline', 'restricted'] : ['baseline'];
  return new Set(ALL_RULES.filter((rule) => rule.profile && levels.includes(rule.profile)).map((rule) => rule.id));
}

function checkOf(file: string): string {
  return file.replace(/\d*\.yaml$/, '');
}

function versionsOf(level: Profile): string[] {
  return readdirSync(join(FIXTURES, level))
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
}

/** Lint options for a level and policy version; validation is bypassed: PSA versions go back to 1.0. */
function optionsFor(level: Profile, version: string): LintOptions {
  const config = resolveConfig(ALL_RULES, { profile: level, kubernetesVersion: version.slice(1) });
  return { config, rules: POD_SECURITY_RULES };
}

function ruleIdsOf(path: string, options: LintOptions): string[] {
  const { findings } = lintText(path, readFileSync(path, 'utf8'), options);
  return [...new Set(findings.map((finding) => finding.ruleId))].sort();
}

for (const level of LEVELS) {
  const levelRules = podSecurityRulesOf(level);
  describe(`pod-security-admission fixtures, ${level}`, () => {
    for (const version of versionsOf(level)) {
      const options = optionsFor(level, version);
      test(`${version}: every fail fixture draws its check's rule, every pass fixture no ${level} rule`, () => {
        const problems: string[] = [];
        for (const file of filesIn(join(FIXTURES, level, version, 'fail'))) {
          const expected = RULES_OF_CHECK[checkOf(file)];
          if (!expected) {
            problems.push(`fail/${file}: no rule mapped to PSA check ${checkOf(file)}`);
            continue;
          }
          const found = ruleIdsOf(join(FIXTURES, level, version, 'fail', file), options);
          if (!expected.some((id) => found.includes(id))) problems.push(`fail/${file}: expected ${expected.join(' or ')}, found [${found.join(', ')}]`);
        }
        for (const file of filesIn(join(FIXTURES, level, version, 'pass'))) {
          const found = ruleIdsOf(join(FIXTURES, level, version, 'pass', file), options).filter((id) => levelRules.has(id));
          if (found.length > 0) problems.push(`pass/${file}: drew ${found.join(', ')}`);
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}

test('the vendored fixtures cover policy versions 1.0 to 1.37 for both levels', () => {
  for (const level of LEVELS) {
    const versions = versionsOf(level);
    assert.equal(versions[0], 'v1.0');
    assert.ok(versions.includes('v1.37'), `${level} has v1.37`);
  }
});
