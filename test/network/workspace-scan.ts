// Helpers of the network acceptance tests: fixture workspaces, CLI scans and engine lints of a folder.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { Finding, lintFile } from '../../server/src/engine/lint.ts';
import { invalidateKustomizations, noteKustomizations, resolveNamespace } from '../../server/src/engine/namespaces.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import type { Rule } from '../../server/src/engine/rule.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { networkRules } from '../../server/src/rules/network/index.ts';
import { run } from '../cli/helpers.ts';

export const FIXTURES = join(__dirname, 'fixtures');
export const NETWORK_RULE_IDS = new Set(networkRules.map((rule) => rule.id));

/** A copy of a fixture workspace in a temp folder (fixes write there). */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kube-hardener-network-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** One finding as the tests compare it: `line:column rule (direction)`. */
export function describeReported(finding: { line: number; column: number; rule: string; message: string }): string {
  const direction = /for (ingress|egress)/.exec(finding.message)?.[1];
  return `${finding.line}:${finding.column} ${finding.rule}${direction ? ` ${direction}` : ''}`;
}

export interface ScannedFile {
  path: string;
  findings: { line: number; column: number; rule: string; message: string }[];
}

/** Runs `scan --format json` in-process on a folder with the given rules; paths relative to the folder. */
export async function scanJson(dir: string, rules: readonly Rule[] = networkRules, extra: string[] = []): Promise<{ code: number; files: ScannedFile[]; stderr: string }> {
  const result = await run(['scan', '--format', 'json', '--fail-on', 'never', ...extra, '.'], { cwd: dir, rules });
  return { code: result.code, files: (JSON.parse(result.stdout) as { files: ScannedFile[] }).files, stderr: result.stderr };
}

/** Findings per file (only files with some), each described, sorted; only rules of `ids` when given. */
export function byFile(files: ScannedFile[], ids?: Set<string>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const file of files) {
    const found = file.findings.filter((finding) => !ids || ids.has(finding.rule)).map(describeReported).sort();
    if (found.length > 0) result[file.path] = found;
  }
  return result;
}

/** Every YAML file under a folder. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Lints one file of a folder as the CLI does (the whole folder indexed first), with engine findings. */
export function lintInWorkspace(dir: string, path: string, rules: readonly Rule[] = ALL_RULES): { text: string; findings: Finding[] } {
  const config = resolveConfig(ALL_RULES);
  invalidateKustomizations();
  const paths = yamlFiles(dir);
  noteKustomizations(paths);
  const index = new WorkspaceIndex();
  for (const each of paths) index.setFile(each, factsOfFile(parseManifestFile(each, readFileSync(each, 'utf8')), (p, o) => resolveNamespace(p, o, config)));
  const absolute = join(dir, path);
  const text = readFileSync(absolute, 'utf8');
  return { text, findings: lintFile(parseManifestFile(absolute, text), { config, rules, index }) };
}

export function relativeTo(dir: string, path: string): string {
  return relative(dir, path).split('\\').join('/');
}
