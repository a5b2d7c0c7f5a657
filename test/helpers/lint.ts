import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { resolveConfig, UserConfig, validateUserConfig } from '../../server/src/engine/config.ts';
import { lintText, LintOptions } from '../../server/src/engine/lint.ts';
import type { Rule } from '../../server/src/engine/rule.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';

/** Lint options for tests: the given rules (default all), config layered over the defaults. */
export function lintOptions(config: UserConfig = {}, rules: readonly Rule[] = ALL_RULES, index?: WorkspaceIndex): LintOptions {
  return {
    config: resolveConfig(ALL_RULES, validateUserConfig(config, ALL_RULES)),
    rules,
    index,
    onRuleError: (rule, _object, error) => {
      throw new Error(`rule ${rule.id} threw: ${(error as Error).stack}`);
    },
  };
}

/** Lints a YAML string with every rule and returns the rule IDs found, sorted and unique. */
export function ruleIdsIn(text: string, config: UserConfig = {}): string[] {
  const { findings } = lintText('test.yaml', text, lintOptions(config));
  return [...new Set(findings.map((finding) => finding.ruleId))].sort();
}

/** Reads a YAML config file used by fixtures. */
export function readConfig(path: string): UserConfig {
  return parse(readFileSync(path, 'utf8')) ?? {};
}

/** A workspace index holding the objects of the given files (path -> text), namespaces defaulted. */
export function indexOf(files: Record<string, string>, defaultNamespace = 'default'): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) {
    index.setFile(path, factsOfFile(parseManifestFile(path, text), () => defaultNamespace));
  }
  return index;
}

/** The syntax errors of a YAML text as the engine parses it (empty when every document parses). */
export function parseErrorsOf(text: string): string[] {
  return parseManifestFile('check.yaml', text).docs.flatMap((doc) => doc.yaml.errors.map((error) => error.message));
}
