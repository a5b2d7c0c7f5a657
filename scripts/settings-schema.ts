// Builds package.json's contributes.configuration from the rule metadata, so that settings,
// their descriptions and the per-rule severities and options never drift from the code.
import type { OptionPropertyType, OptionSpec, Rule } from '../server/src/engine/rule.ts';
import { SEVERITIES } from '../server/src/engine/rule.ts';
import { LATEST_KUBERNETES_VERSION } from '../server/src/engine/versions.ts';

type JsonSchema = Record<string, unknown>;

const SEVERITY_OR_OFF = [...SEVERITIES, 'off'];
const FROM_FILE = 'Unset (empty) means: the value from `.kube-hardener.yaml`, else the default';

/** The `contributes.configuration` object for the given rules (in their catalog order). */
export function buildConfiguration(rules: readonly Rule[]): JsonSchema {
  return {
    title: 'Kube Hardener',
    properties: {
      'kubeHardener.enable': {
        type: 'boolean',
        default: true,
        scope: 'window',
        description: 'Run the Kube Hardener language server on YAML files.',
      },
      'kubeHardener.profile': {
        type: 'string',
        enum: ['', 'baseline', 'restricted'],
        enumItemLabels: ['(unset)', 'baseline', 'restricted'],
        enumDescriptions: [
          'The profile of .kube-hardener.yaml, else restricted.',
          'Pod Security Standards Baseline: rules of the baseline level and the non-PSS rules.',
          'Pod Security Standards Restricted: every rule.',
        ],
        default: '',
        scope: 'resource',
        markdownDescription: `The Pod Security Standards level to check against. ${FROM_FILE} (\`restricted\`).`,
      },
      'kubeHardener.kubernetesVersion': {
        type: 'string',
        default: '',
        pattern: '^(v?\\d+\\.\\d+(\\.\\d+)?)?$',
        patternErrorMessage: 'A Kubernetes version such as 1.33, or empty.',
        scope: 'resource',
        markdownDescription: `The Kubernetes version the manifests target, e.g. \`1.33\` (API removals, PSS checks). ${FROM_FILE} (\`${LATEST_KUBERNETES_VERSION}\`).`,
      },
      'kubeHardener.defaultNamespace': {
        type: 'string',
        default: '',
        scope: 'resource',
        markdownDescription: `The namespace of objects that name none. ${FROM_FILE} (\`default\`).`,
      },
      'kubeHardener.rules': rulesSetting(rules),
      'kubeHardener.ruleOptions': ruleOptionsSetting(rules),
      'kubeHardener.suppressions.allow': nullableBoolean('Honour `# kube-hardener-disable...` comments and `ignore-check.kube-hardener.io/<rule>` annotations.', true),
      'kubeHardener.suppressions.requireReason': nullableBoolean('Report suppressions that give no `-- reason`.', false),
      'kubeHardener.exclude': {
        type: 'array',
        items: { type: 'string' },
        default: [],
        scope: 'resource',
        markdownDescription: 'Glob patterns of files not to check, relative to the config file or workspace folder, e.g. `charts/**/templates/**`.',
      },
      'kubeHardener.trace.server': {
        type: 'string',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        scope: 'window',
        description: 'Traces the communication between VS Code and the Kube Hardener server in the "Kube Hardener" output channel.',
      },
    },
  };
}


/**
 * A yes/no setting whose "unset" matters (then the config file decides): a dropdown of
 * (unset) / true / false, which the Settings UI renders, unlike a bare `["boolean", "null"]`.
 */
function nullableBoolean(description: string, defaultValue: boolean): JsonSchema {
  return {
    type: ['boolean', 'null'],
    enum: [null, true, false],
    enumItemLabels: ['(unset)', 'true', 'false'],
    enumDescriptions: [`The value of .kube-hardener.yaml, else ${defaultValue}.`, 'Yes.', 'No.'],
    default: null,
    scope: 'resource',
    markdownDescription: `${description} ${FROM_FILE} (\`${defaultValue}\`).`,
  };
}

/**
 * Per-rule severities: an object whose properties are all enums, which the Settings UI edits as a
 * table (one row per rule, a dropdown of severities). Options live in `kubeHardener.ruleOptions`:
 * an object value in a row would make the Settings UI fall back to "Edit in settings.json".
 */
function rulesSetting(rules: readonly Rule[]): JsonSchema {
  return {
    type: 'object',
    default: {},
    scope: 'resource',
    // Custom rules (`customRules:` of .kube-hardener.yaml) have IDs of the user's choosing.
    additionalProperties: { type: 'string', enum: SEVERITY_OR_OFF, description: 'A custom rule of `.kube-hardener.yaml` (`customRules:`).' },
    markdownDescription:
      'Per-rule severity, merged over `.kube-hardener.yaml`: `error`, `warning`, `info`, `hint` or `off`. ' +
      'Add a row per rule to change; remove it to go back to the config file or the default. ' +
      'The IDs of custom rules (`customRules:` in `.kube-hardener.yaml`) work too. Options: `#kubeHardener.ruleOptions#`.',
    properties: Object.fromEntries(rules.map((rule) => [rule.id, ruleSeverity(rule)])),
  };
}

function ruleSeverity(rule: Rule): JsonSchema {
  return {
    type: 'string',
    enum: SEVERITY_OR_OFF,
    description: `${rule.title} (default: ${rule.severity}${rule.profile ? `, ${rule.profile} profile` : ''}).`,
  };
}

/** The options of the rules that have any, edited in settings.json (checked against this schema there). */
function ruleOptionsSetting(rules: readonly Rule[]): JsonSchema {
  const withOptions = rules.filter((rule) => Object.keys(rule.options ?? {}).length > 0);
  return {
    type: 'object',
    default: {},
    scope: 'resource',
    additionalProperties: false,
    markdownDescription:
      'Per-rule options, merged over `.kube-hardener.yaml` (the `rules.<id>` mappings there). ' +
      'Example: `{ "host-port": { "allowedPorts": [443] } }`. Severities: `#kubeHardener.rules#`.',
    properties: Object.fromEntries(
      withOptions.map((rule) => [
        rule.id,
        {
          type: 'object',
          additionalProperties: false,
          description: rule.title,
          properties: Object.fromEntries(Object.entries(rule.options ?? {}).map(([name, spec]) => [name, optionSchema(spec)])),
        },
      ]),
    ),
  };
}

function optionSchema(spec: OptionSpec): JsonSchema {
  const base = { default: spec.default, markdownDescription: spec.description };
  switch (spec.type) {
    case 'string[]':
      return { type: 'array', items: { type: 'string' }, ...base };
    case 'number[]':
      return { type: 'array', items: { type: spec.integer ? 'integer' : 'number', ...numberRange(spec) }, ...base };
    case 'number':
      return { type: spec.integer ? 'integer' : 'number', ...numberRange(spec), ...base };
    case 'object':
      if (!spec.properties) return { type: 'object', ...base };
      return { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(spec.properties).map(([key, type]) => [key, propertySchema(type)])), ...base };
    default:
      return { type: spec.type, ...base };
  }
}

function numberRange(spec: OptionSpec): JsonSchema {
  return { ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}), ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}) };
}

function propertySchema(type: OptionPropertyType): JsonSchema {
  if (type === 'string[]') return { type: 'array', items: { type: 'string' } };
  if (type === 'string-map') return { type: 'object', additionalProperties: { type: 'string' } };
  return { type };
}
