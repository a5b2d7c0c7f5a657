// Kubernetes' own Pod Security admission fixtures (test/fixtures/psa, vendored with their license):
// for every policy version, each `fail` fixture must draw the rule that maps to its PSA check and
// each `pass` fixture must draw no Pod Security rule of its level, with kubernetesVersion set to
// the fixture's version.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { lintText, type LintOptions } from '../../server/src/engine/lint.ts';
import type { Profile } from '../../server/src/engine/rule.ts';

const FIXTURES = join('test', 'fixtures', 'psa');
const LEVELS: Profile[] = ['baseline', 'restricted'];
/** Only the Pod Security rules run: the others have nothing to say about PSA's checks (and 4,500 files add up). */
const POD_SECURITY_RULES = ALL_RULES.filter((rule) => rule.category === 'pod-security');

/** PSA check ID (the fixture's file name without its number) -> the rule that implements it. */
const RULE_OF_CHECK: Record<string, string> = {
  allowprivilegeescalation: 'privilege-escalation',
  apparmorprofile: 'apparmor-unconfined',
  capabilities_baseline: 'dangerous-capabilities',
  hostnamespaces: 'host-namespaces',
  hostpathvolumes: 'host-path-volume',
  hostports: 'host-port',
  hostprobesandhostlifecycle: 'host-probes-and-lifecycle',
  privileged: 'privileged-container',
  procmount: 'unsafe-proc-mount',
  procmount_baseline: 'unsafe-proc-mount',
  procmount_restricted: 'unsafe-proc-mount',
  runasnonroot: 'run-as-root',
  runasuser: 'run-as-root',
  seccompprofile_baseline: 'seccomp-unconfined',
  seccompprofile_restricted: 'missing-seccomp-profile',
  selinuxoptions: 'selinux-override',
  sysctls: 'unsafe-sysctls',
  windowshostprocess: 'windows-host-process',
};

type PodLike = { spec?: { containers?: any[]; initContainers?: any[]; volumes?: any[]; securityContext?: any } };

/**
 * The rules a `fail` fixture must draw, all of them. Two PSA checks fold concerns that are separate
 * rules here, so the fixture's content decides:
 * - restricted's volume check (restrictedvolumes) also fails hostPath volumes: host-path-volume
 *   reports those, restricted-volume-types every other disallowed type;
 * - restricted's capability check (capabilities_restricted) fails a container that does not drop
 *   ALL (capabilities-not-dropped) and one that adds anything but NET_BIND_SERVICE (dangerous-capabilities);
 * - restricted's seccomp check (seccompprofile_restricted) fails a missing profile (missing-seccomp-profile)
 *   and an explicit Unconfined one, which seccomp-unconfined reports (missing-seccomp-profile leaves it to it).
 */
function expectedRules(check: string, pod: PodLike): string[] | undefined {
  if (check === 'restrictedvolumes') {
    const hostPath = (pod.spec?.volumes ?? []).some((volume) => volume?.hostPath !== undefined);
    return [hostPath ? 'host-path-volume' : 'restricted-volume-types'];
  }
  if (check === 'capabilities_restricted') {
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    const capabilities = containers.map((container) => container?.securityContext?.capabilities ?? {});
    const rules: string[] = [];
    if (capabilities.some((caps) => !(caps.drop ?? []).includes('ALL'))) rules.push('capabilities-not-dropped');
    if (capabilities.some((caps) => (caps.add ?? []).some((name: string) => name !== 'NET_BIND_SERVICE'))) rules.push('dangerous-capabilities');
    return rules;
  }
  if (check === 'seccompprofile_restricted') {
    const contexts = [pod.spec?.securityContext, ...[...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c?.securityContext)];
    const unconfined = contexts.some((context) => context?.seccompProfile?.type === 'Unconfined');
    return [unconfined ? 'seccomp-unconfined' : 'missing-seccomp-profile'];
  }
  return RULE_OF_CHECK[check] ? [RULE_OF_CHECK[check]] : undefined;
}

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
          const path = join(FIXTURES, level, version, 'fail', file);
          const expected = expectedRules(checkOf(file), parse(readFileSync(path, 'utf8')) ?? {});
          if (!expected || expected.length === 0) {
            problems.push(`fail/${file}: no rule mapped to PSA check ${checkOf(file)}`);
            continue;
          }
          const found = ruleIdsOf(path, options);
          const missing = expected.filter((id) => !found.includes(id));
          if (missing.length > 0) problems.push(`fail/${file}: expected ${missing.join(' and ')}, found [${found.join(', ')}]`);
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
