import type { OptionPropertyType, OptionSpec } from './rule.ts';

/** What is wrong with a value of a rule option: a key path below the option ('' for the option itself) and why. */
export interface OptionProblem {
  key: string;
  message: string;
}

/** Checks a rule option's value against its spec, down to the items of lists and the keys of mappings. */
export function optionProblem(value: unknown, spec: OptionSpec): OptionProblem | undefined {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { key: '', message: 'must be true or false' };
    case 'string':
      return typeof value === 'string' ? undefined : { key: '', message: 'must be a string' };
    case 'number':
      return numberProblem(value, spec, '');
    case 'string[]':
      return stringListProblem(value, '');
    case 'number[]':
      if (!Array.isArray(value)) return { key: '', message: `must be a list of ${describeNumber(spec)}s` };
      for (const [index, item] of value.entries()) {
        const problem = numberProblem(item, spec, `[${index}]`);
        if (problem) return problem;
      }
      return undefined;
    case 'object':
      return objectProblem(value, spec.properties);
  }
}

/** A plain mapping (not a list, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberProblem(value: unknown, spec: OptionSpec, key: string): OptionProblem | undefined {
  const wanted = describeNumber(spec);
  const shown = typeof value === 'number' ? String(value) : typeof value === 'string' ? 'a string' : value === null ? 'null' : `a ${typeof value}`;
  const fail = { key, message: `must be ${/^[aeiou]/.test(wanted) ? 'an' : 'a'} ${wanted}, not ${shown}` };
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail;
  if (spec.integer && !Number.isInteger(value)) return fail;
  if (spec.minimum !== undefined && value < spec.minimum) return fail;
  if (spec.maximum !== undefined && value > spec.maximum) return fail;
  return undefined;
}

function describeNumber(spec: OptionSpec): string {
  const kind = spec.integer ? 'whole number' : 'number';
  if (spec.minimum !== undefined && spec.maximum !== undefined) return `${kind} from ${spec.minimum} to ${spec.maximum}`;
  if (spec.minimum !== undefined) return `${kind} of at least ${spec.minimum}`;
  if (spec.maximum !== undefined) return `${kind} of at most ${spec.maximum}`;
  return kind;
}

function stringListProblem(value: unknown, key: string): OptionProblem | undefined {
  if (!Array.isArray(value)) return { key, message: 'must be a list of strings' };
  const index = value.findIndex((item) => typeof item !== 'string');
  return index === -1 ? undefined : { key: `${key}[${index}]`, message: 'must be a string (quote it)' };
}

function objectProblem(value: unknown, properties: Record<string, OptionPropertyType> | undefined): OptionProblem | undefined {
  if (!isPlainObject(value)) return { key: '', message: 'must be a mapping' };
  if (!properties) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const type = properties[key];
    if (!type) return { key: `.${key}`, message: `unknown key (known keys: ${Object.keys(properties).join(', ')})` };
    const problem = propertyProblem(item, type, `.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

function propertyProblem(value: unknown, type: OptionPropertyType, key: string): OptionProblem | undefined {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { key, message: 'must be true or false' };
    case 'string':
      return typeof value === 'string' ? undefined : { key, message: 'must be a string (quote it)' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : { key, message: 'must be a finite number' };
    case 'string[]':
      return stringListProblem(value, key);
    case 'string-map':
      if (!isPlainObject(value)) return { key, message: 'must be a mapping of strings' };
      for (const [entry, item] of Object.entries(value)) {
        if (typeof item !== 'string') return { key: `${key}.${entry}`, message: 'must be a string (quote it)' };
      }
      return undefined;
  }
}
