// Kubernetes' format library (k8s.io/apiserver/pkg/cel/library/format.go): format.<name>() and
// format.named(name), whose validate(string) returns optional.none() or optional.of(errors), with
// the messages of k8s.io/apimachinery's validation functions.
import type { Environment } from '@marcbachmann/cel-js';
import { celJs } from '../cel-library.ts';
import { parseURL } from './url.ts';

/** A named format. */
export class NamedFormat {
  constructor(readonly name: string) {}
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const MESSAGES = {
  dns1123Label: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
  dns1123Subdomain: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
  dns1035Label: `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`,
  qualifiedName: `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`,
  labelValue: `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`,
};

function patternCheck(pattern: string, max: number, message: string): (value: string) => string[] {
  const regex = new RegExp(`^${pattern}$`);
  return (value) => [...(value.length > max ? [`must be no more than ${max} characters`] : []), ...(regex.test(value) ? [] : [message])];
}

const dns1123Label = patternCheck(DNS1123_LABEL, 63, MESSAGES.dns1123Label);
const dns1123Subdomain = patternCheck(DNS1123_SUBDOMAIN, 253, MESSAGES.dns1123Subdomain);
const dns1035Label = patternCheck(DNS1035_LABEL, 63, MESSAGES.dns1035Label);
const labelValue = patternCheck(LABEL_VALUE, 63, MESSAGES.labelValue);

/** As apimachinery's IsQualifiedName: an optional DNS subdomain prefix, then a name part. */
function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) return [`a qualified name ${MESSAGES.qualifiedName.slice('name part '.length)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const name = parts[parts.length - 1];
  const errors: string[] = [];
  if (parts.length === 2) {
    if (parts[0] === '') errors.push('prefix part must be non-empty');
    else errors.push(...dns1123Subdomain(parts[0]).map((message) => `prefix part ${message}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else {
    if (name.length > 63) errors.push('name part must be no more than 63 characters');
    if (!new RegExp(`^${QUALIFIED_NAME}$`).test(name)) errors.push(MESSAGES.qualifiedName);
  }
  return errors;
}

/** generateName prefixes may end in '-': apimachinery masks it before validating. */
function maskTrailingDash(value: string): string {
  return value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value;
}

function validDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const VALIDATORS: Record<string, (value: string) => string[]> = {
  dns1123Label,
  dns1123Subdomain,
  dns1035Label,
  qualifiedName,
  dns1123LabelPrefix: (value) => dns1123Label(maskTrailingDash(value)),
  dns1123SubdomainPrefix: (value) => dns1123Subdomain(maskTrailingDash(value)),
  dns1035LabelPrefix: (value) => dns1035Label(maskTrailingDash(value)),
  labelValue,
  uri: (value) => {
    try {
      parseURL(value);
      return [];
    } catch {
      return ['invalid URI'];
    }
  },
  uuid: (value) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? [] : ['does not match the UUID format']),
  byte: (value) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value) ? [] : ['invalid base64']),
  date: (value) => (validDate(value) ? [] : ['invalid date']),
  datetime: (value) => {
    const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(value);
    const valid = match && validDate(match[1]) && Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 61;
    return valid ? [] : ['invalid datetime'];
  },
};

class FormatNamespace {}

/** Registers the `format` namespace, its named formats and validate(). */
export function registerFormat(env: Environment): void {
  const F = 'kubernetes.NamedFormat';
  env.registerType(F, NamedFormat);
  env.registerType('kubernetes.FormatNamespace', FormatNamespace);
  env.registerConstant('format', 'kubernetes.FormatNamespace', new FormatNamespace());
  for (const name of Object.keys(VALIDATORS)) env.registerFunction(`kubernetes.FormatNamespace.${name}(): ${F}`, () => new NamedFormat(name));
  env.registerFunction(`kubernetes.FormatNamespace.named(string): optional<${F}>`, (_format: unknown, name: string) =>
    name in VALIDATORS ? celJs().Optional.of(new NamedFormat(name)) : celJs().Optional.none(),
  );
  env.registerOperator(`${F} == ${F}`, (a: NamedFormat, b: NamedFormat) => a.name === b.name);
  env.registerFunction(`${F}.validate(string): optional<list<string>>`, (format: NamedFormat, value: string) => {
    const errors = VALIDATORS[format.name](value);
    return errors.length > 0 ? celJs().Optional.of(errors) : celJs().Optional.none();
  });
}

/** The names of the formats (for tests). */
export const FORMAT_NAMES = Object.keys(VALIDATORS);
