import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Document, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { isPlainObject, optionProblem } from './config-options.ts';
import { safeParseMessage } from './parse-messages.ts';
import { isDnsLabel } from './names.ts';
import type { OptionSpec, Profile, Rule, Severity } from './rule.ts';
import { SEVERITIES } from './rule.ts';
import { LATEST_KUBERNETES_VERSION, parseKubernetesVersion } from './versions.ts';
import { parseExpectations, RbacExpectation } from './rbac-expectations.ts';

export const CONFIG_FILE_NAME = '.kube-hardener.yaml';

/** The configuration as a user writes it (file, VS Code settings or CLI flags); every key optional. */
export interface UserConfig {
  profile?: Profile;
  kubernetesVersion?: string;
  defaultNamespace?: string;
  rules?: Record<string, RuleSetting>;
  suppressions?: { allow?: boolean; requireReason?: boolean };
  rbac?: { expectations?: unknown[] };
  exclude?: string[];
  admissionPolicies?: { paths?: string[]; userInfo?: { username?: string; groups?: string[] } };
  /** CEL rules of the team (validated by the custom rule hooks, built into Rules by resolveConfig). */
  customRules?: unknown[];
}

/** The user admission requests are evaluated as (`request.userInfo`). */
export interface AdmissionUserInfo {
  username: string;
  groups: string[];
}

/**
 * Custom rules are CEL, which the engine does not know: the admission module provides these hooks
 * (engine/registry.ts installs them), so the engine validates and builds custom rules without
 * importing a domain module.
 */
export interface CustomRuleHooks {
  /** The first problem of the written custom rules, as [key, message]. */
  validate(raw: unknown[]): [string, string] | undefined;
  build(raw: unknown[]): Rule[];
}

let customRuleHooks: CustomRuleHooks | undefined;

/** Installs the custom rule hooks (once, by the registry). */
export function setCustomRuleFactory(hooks: CustomRuleHooks): void {
  customRuleHooks = hooks;
}

export type RuleSetting = Severity | 'off' | ({ severity?: Severity | 'off' } & Record<string, unknown>);

export interface ResolvedRuleConfig {
  enabled: boolean;
  /** undefined: the rule's own severity per finding. */
  severity?: Severity;
  options: Record<string, unknown>;
}

/** Configuration with defaults applied and values validated. */
export interface ResolvedConfig {
  profile: Profile;
  kubernetesVersion: string;
  defaultNamespace: string;
  rules: Map<string, ResolvedRuleConfig>;
  suppressions: { allow: boolean; requireReason: boolean };
  rbacExpectations: RbacExpectation[];
  exclude: string[];
  /** More files and folders to read policies, bindings and params from (not linted), and the requesting user. */
  admissionPolicies: { paths: string[]; userInfo: AdmissionUserInfo };
  /** The custom rules of the configuration, built; they run beside the built-in rules. */
  customRules: Rule[];
  /** Path of the config file the settings came from, if any. */
  configPath?: string;
}

/** A configuration problem that names the offending key; the CLI exits 2 with it. */
export class ConfigError extends Error {
  constructor(message: string, readonly key: string, readonly source?: string) {
    super(source ? `${source}: ${message}` : message);
  }
}

const TOP_LEVEL_KEYS = ['profile', 'kubernetesVersion', 'defaultNamespace', 'rules', 'suppressions', 'rbac', 'exclude', 'admissionPolicies', 'customRules'];

/** Validates a user configuration against the known rules; throws ConfigError naming the first bad key. */
export function validateUserConfig(raw: unknown, rules: readonly Rule[], source?: string): UserConfig {
  if (raw === null || raw === undefined) return {};
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`${key}: ${message}`, key, source);
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) fail('(root)', 'the configuration must be a mapping');
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_KEYS.includes(key)) fail(key, `unknown key (known keys: ${TOP_LEVEL_KEYS.join(', ')})`);
  }
  if (config.profile !== undefined && config.profile !== 'baseline' && config.profile !== 'restricted') {
    fail('profile', `must be "baseline" or "restricted", not ${JSON.stringify(config.profile)}`);
  }
  if (config.kubernetesVersion !== undefined) {
    const problem = kubernetesVersionProblem(config.kubernetesVersion);
    if (problem) fail('kubernetesVersion', problem);
  }
  if (config.defaultNamespace !== undefined && !isDnsLabel(config.defaultNamespace)) {
    fail('defaultNamespace', 'must be a namespace name: lowercase letters, digits and "-", at most 63 characters');
  }
  if (config.exclude !== undefined && !isStringList(config.exclude)) fail('exclude', 'must be a list of glob strings');
  validateSuppressions(config.suppressions, fail);
  validateAdmissionPolicies(config.admissionPolicies, fail);
  const customIds = validateCustomRules(config.customRules, rules, fail);
  validateRules(config.rules, customIds.length ? [...rules, ...customIds.map((id) => ({ id }) as Rule)] : rules, fail);
  if (config.rbac !== undefined) {
    if (!isPlainObject(config.rbac)) fail('rbac', 'must be a mapping');
    const rbac = config.rbac as Record<string, unknown>;
    for (const key of Object.keys(rbac)) if (key !== 'expectations') fail(`rbac.${key}`, 'unknown key (known keys: expectations)');
    try {
      parseExpectations(rbac.expectations);
    } catch (error) {
      fail('rbac.expectations', (error as Error).message);
    }
  }
  return config as UserConfig;
}

/**
 * The oldest Kubernetes minor release the rules meaningfully target: 1.16, the first release that
 * stopped serving the old workload APIs (removed-api-version). Pod Security fixes write
 * `securityContext.seccompProfile`, a field since 1.19 (before it, seccomp was an annotation).
 * Newer releases than LATEST_KUBERNETES_VERSION are accepted and judged as the latest.
 */
export const OLDEST_KUBERNETES_VERSION = '1.16';

/** Why a `kubernetesVersion` value (config key or flag) is unusable, or undefined when it is fine. */
export function kubernetesVersionProblem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return `must be quoted, as in kubernetesVersion: "1.30": YAML read the unquoted value as the number ${value} (an unquoted 1.30 is 1.3)`;
  }
  if (typeof value !== 'string') return `must be a quoted string such as kubernetesVersion: "1.30", not ${JSON.stringify(value)}`;
  const version = parseKubernetesVersion(value);
  if (!version) return `must look like "1.33", not ${JSON.stringify(value)}`;
  const [oldestMajor, oldestMinor] = parseKubernetesVersion(OLDEST_KUBERNETES_VERSION)!;
  if (version[0] < oldestMajor || (version[0] === oldestMajor && version[1] < oldestMinor)) {
    return `${JSON.stringify(value)} is older than ${OLDEST_KUBERNETES_VERSION}, the oldest Kubernetes version the rules support`;
  }
  return undefined;
}

function validateAdmissionPolicies(value: unknown, fail: (key: string, message: string) => never): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) fail('admissionPolicies', 'must be a mapping');
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) if (key !== 'paths' && key !== 'userInfo') fail(`admissionPolicies.${key}`, 'unknown key (known keys: paths, userInfo)');
  if (settings.paths !== undefined && !isStringList(settings.paths)) fail('admissionPolicies.paths', 'must be a list of file or folder paths');
  if (settings.userInfo === undefined) return;
  if (!isPlainObject(settings.userInfo)) fail('admissionPolicies.userInfo', 'must be a mapping of username and groups');
  const user = settings.userInfo as Record<string, unknown>;
  for (const key of Object.keys(user)) if (key !== 'username' && key !== 'groups') fail(`admissionPolicies.userInfo.${key}`, 'unknown key (known keys: username, groups)');
  if (user.username !== undefined && typeof user.username !== 'string') fail('admissionPolicies.userInfo.username', 'must be a string');
  if (user.groups !== undefined && !isStringList(user.groups)) fail('admissionPolicies.userInfo.groups', 'must be a list of strings');
}

/** Validates customRules; returns their IDs. A custom ID that is a built-in rule's is an error. */
function validateCustomRules(value: unknown, rules: readonly Rule[], fail: (key: string, message: string) => never): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('customRules', 'must be a list of rules');
  const list = value as unknown[];
  const problem = customRuleHooks?.validate(list);
  if (problem) fail(problem[0], problem[1]);
  const ids: string[] = [];
  list.forEach((item, i) => {
    const id = (item as { id?: unknown }).id as string;
    if (rules.some((rule) => rule.id === id)) fail(`customRules[${i}].id`, `"${id}" is the ID of a built-in rule; choose another ID`);
    if (ids.includes(id)) fail(`customRules[${i}].id`, `"${id}" is declared twice`);
    ids.push(id);
  });
  return ids;
}

function validateSuppressions(value: unknown, fail: (key: string, message: string) => never): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) fail('suppressions', 'must be a mapping');
  for (const [key, setting] of Object.entries(value as object)) {
    if (key !== 'allow' && key !== 'requireReason') fail(`suppressions.${key}`, 'unknown key (known keys: allow, requireReason)');
    if (typeof setting !== 'boolean') fail(`suppressions.${key}`, 'must be true or false');
  }
}

function validateRules(value: unknown, rules: readonly Rule[], fail: (key: string, message: string) => never): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) fail('rules', 'must be a mapping of rule IDs');
  for (const [id, written] of Object.entries(value as object)) {
    const rule = rules.find((candidate) => candidate.id === id);
    if (!rule) fail(`rules.${id}`, 'unknown rule ID');
    // YAML 1.1 reads an unquoted `off` as false: `rule-id: off` must still turn the rule off.
    const setting = written === false ? 'off' : written;
    (value as Record<string, unknown>)[id] = setting;
    if (typeof setting === 'string') {
      if (!isSeverityOrOff(setting)) fail(`rules.${id}`, `must be one of ${[...SEVERITIES, 'off'].join(', ')}, not "${setting}"`);
      continue;
    }
    if (!isPlainObject(setting)) fail(`rules.${id}`, 'must be a severity, "off", or a mapping of severity and options');
    for (const [option, optionValue] of Object.entries(setting as object)) {
      if (option === 'severity') {
        if (optionValue === false) (setting as Record<string, unknown>).severity = 'off';
        else if (!isSeverityOrOff(optionValue)) fail(`rules.${id}.severity`, `must be one of ${[...SEVERITIES, 'off'].join(', ')}`);
        continue;
      }
      const spec = rule!.options?.[option];
      if (!spec) {
        const known = Object.keys(rule!.options ?? {});
        fail(`rules.${id}.${option}`, `unknown option${known.length ? ` (known: severity, ${known.join(', ')})` : ' (this rule has only severity)'}`);
      }
      const problem = optionProblem(optionValue, spec!);
      if (problem) fail(`rules.${id}.${option}${problem.key}`, problem.message);
    }
  }
}

function isSeverityOrOff(value: unknown): value is Severity | 'off' {
  return value === 'off' || SEVERITIES.includes(value as Severity);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The rules a layer's `rules:` may name: the built-in ones and the custom rules `layer` declares. */
export function rulesWithCustomIds(rules: readonly Rule[], layer: UserConfig | undefined): readonly Rule[] {
  const ids = (layer?.customRules ?? []).map((item) => (isPlainObject(item) ? (item as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === 'string');
  return ids.length ? [...rules, ...ids.map((id) => ({ id }) as Rule)] : rules;
}

/** Layers configurations (later wins, per key; rule settings merge per rule) and applies defaults. */
export function resolveConfig(rules: readonly Rule[], ...layers: (UserConfig | undefined)[]): ResolvedConfig {
  const merged: UserConfig = {};
  const ruleSettings: Record<string, RuleSetting[]> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (key === 'rules') {
        for (const [id, setting] of Object.entries(value as object)) (ruleSettings[id] ??= []).push(setting as RuleSetting);
      } else if (key === 'suppressions') {
        merged.suppressions = { ...merged.suppressions, ...(value as object) };
      } else {
        (merged as Record<string, unknown>)[key] = value;
      }
    }
  }
  const profile = merged.profile ?? 'restricted';
  const resolvedRules = new Map<string, ResolvedRuleConfig>();
  const customRules = merged.customRules && customRuleHooks ? customRuleHooks.build(merged.customRules) : [];
  for (const rule of [...rules, ...customRules]) {
    const options: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(rule.options ?? {})) options[name] = spec.default;
    let severity: Severity | 'off' | undefined;
    for (const setting of ruleSettings[rule.id] ?? []) {
      if (typeof setting === 'string') severity = setting;
      else {
        const { severity: ownSeverity, ...ruleOptions } = setting;
        if (ownSeverity !== undefined) severity = ownSeverity;
        Object.assign(options, ruleOptions);
      }
    }
    const inProfile = profile === 'restricted' || rule.profile !== 'restricted';
    resolvedRules.set(rule.id, {
      enabled: severity === 'off' ? false : inProfile || severity !== undefined,
      severity: severity === 'off' ? undefined : severity,
      options,
    });
  }
  return {
    profile,
    kubernetesVersion: merged.kubernetesVersion ?? LATEST_KUBERNETES_VERSION,
    defaultNamespace: merged.defaultNamespace ?? 'default',
    rules: resolvedRules,
    suppressions: { allow: merged.suppressions?.allow ?? true, requireReason: merged.suppressions?.requireReason ?? false },
    rbacExpectations: parseExpectations(merged.rbac?.expectations),
    exclude: merged.exclude ?? [],
    admissionPolicies: {
      paths: merged.admissionPolicies?.paths ?? [],
      userInfo: {
        username: merged.admissionPolicies?.userInfo?.username ?? 'kube-hardener',
        groups: merged.admissionPolicies?.userInfo?.groups ?? ['system:authenticated'],
      },
    },
    customRules,
  };
}

/** The nearest `.kube-hardener.yaml` at or above a folder. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a config file; throws ConfigError (naming the file and key) when it is wrong. */
export function loadConfigFile(path: string, rules: readonly Rule[]): UserConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read: ${(error as Error).message.split('\n')[0]}`, '(file)', path);
  }
  return validateUserConfig(configDocumentValue(parseDocument(text, { version: '1.1', prettyErrors: false }), path), rules, path);
}

/**
 * The plain value of a parsed configuration; throws ConfigError on a YAML error (quoting none of
 * the text), an alias bomb, or a tag other than YAML's own (`profile: !x restricted`), naming the key.
 */
export function configDocumentValue(document: Document.Parsed, source?: string): unknown {
  const [error] = document.errors;
  if (error) throw new ConfigError(`cannot read: ${safeParseMessage(error)}`, '(file)', source);
  const tagged = customTagKey(document.contents, []);
  if (tagged !== undefined) throw new ConfigError(`${tagged}: YAML tags (!name) are not allowed in the configuration; quote the value`, tagged, source);
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch {
    throw new ConfigError('(file): aliases expand too far', '(file)', source);
  }
}

/** The dotted key of the first node that carries a tag outside YAML's own (tag:yaml.org,2002:...). */
function customTagKey(node: unknown, path: string[]): string | undefined {
  const tag = (node as { tag?: string } | null)?.tag;
  if (tag && !tag.startsWith('tag:yaml.org,2002:')) return path.join('.') || '(root)';
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = isScalar(item.key) ? String(item.key.value) : '?';
      const found = customTagKey(item.key, [...path, key]) ?? customTagKey(item.value, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const found = customTagKey(item, [...path.slice(0, -1), `${path[path.length - 1] ?? ''}[${index}]`]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
