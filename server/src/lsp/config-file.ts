import { basename } from 'node:path';
import { isMap, isPair, isScalar, parseDocument, Node, Pair } from 'yaml';
import { ALL_RULES } from '../engine/registry.ts';
import { CONFIG_FILE_NAME, ConfigError, configDocumentValue, validateUserConfig } from '../engine/config.ts';
import { safeParseMessage } from '../engine/parse-messages.ts';
import type { Finding } from '../engine/lint.ts';

/** The pseudo rule ID of problems in `.kube-hardener.yaml` itself. */
export const INVALID_CONFIG = 'invalid-config';

/** True for a `.kube-hardener.yaml` file. */
export function isConfigFile(path: string): boolean {
  return basename(path) === CONFIG_FILE_NAME;
}

/**
 * The problems of a `.kube-hardener.yaml` as the editor holds it: a YAML error or the first
 * invalid key, pointing at that key.
 */
export function configFileProblems(text: string): Finding[] {
  const document = parseDocument(text, { version: '1.1', prettyErrors: false });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    return [problem(`invalid configuration file: ${safeParseMessage(syntaxError)}`, syntaxError.pos[0], syntaxError.pos[1])];
  }
  try {
    validateUserConfig(configDocumentValue(document), ALL_RULES);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const key = error instanceof ConfigError ? error.key : '';
    const [start, end] = keyRange(document.contents, key.split('.')) ?? [0, firstLineEnd(text)];
    return [problem(`invalid configuration: ${message}`, start, end)];
  }
}

function problem(message: string, start: number, end: number): Finding {
  return { ruleId: INVALID_CONFIG, severity: 'error', message, start, end: Math.max(end, start), fixes: [] };
}

/** The range of the deepest key of a dotted path that exists in the mapping. */
function keyRange(node: unknown, path: string[]): [number, number] | undefined {
  let current = node;
  let found: [number, number] | undefined;
  for (const key of path) {
    if (!isMap(current)) break;
    const pair = current.items.find((item): item is Pair => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
    const range = (pair?.key as Node | undefined)?.range;
    if (!pair || !range) break;
    found = [range[0], range[1]];
    current = pair.value;
  }
  return found;
}

function firstLineEnd(text: string): number {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.length : newline;
}
