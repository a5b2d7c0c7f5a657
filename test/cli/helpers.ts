import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../server/src/cli/run.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import type { Rule } from '../../server/src/engine/rule.ts';

/** A Pod whose container runs privileged (privileged-container, error, at 10:21), with a comment to keep. */
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true   # needed? no
`;

export const HARDENED_POD = PRIVILEGED_POD.replace('privileged: true', 'privileged: false');

/**
 * The rules the CLI tests run with unless they say otherwise: privileged-container alone, so that
 * findings stay the same while other rules are added to the catalog.
 */
export const TEST_RULES: readonly Rule[] = [withSafeFixes(ruleById('privileged-container')!)];

/**
 * A rule whose fixes are all marked safe. Setting `privileged: false` is unsafe (it revokes what the
 * manifest asked for); the CLI tests use it as a stand-in for any safe fix, since they test how
 * --fix works, not which fixes are safe (test/rules/fix-safety.test.ts does that).
 */
function withSafeFixes(rule: Rule): Rule {
  return { ...rule, check: (ctx) => rule.check({ ...ctx, report: (spec) => ctx.report({ ...spec, fixes: spec.fixes?.map((fix) => ({ ...fix, safe: true })) }) }) };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  stdin?: string | Uint8Array;
  tty?: boolean;
  env?: Record<string, string | undefined>;
  rules?: readonly Rule[];
}

/** Runs the CLI in-process (with TEST_RULES unless `rules` is given) and collects what it printed. */
export async function run(args: string[], options: RunOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    {
      stdout: { write: (text: string) => (stdout += text), isTTY: options.tty },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: options.stdin,
      cwd: options.cwd,
      env: options.env ?? {},
    },
    options.rules ?? TEST_RULES,
  );
  return { code, stdout, stderr };
}

const createdRoots: string[] = [];
process.on('exit', () => {
  for (const root of createdRoots) rmSync(root, { recursive: true, force: true });
});

/** A fresh temporary folder holding the given files (relative path -> content), removed when the tests end. */
export function workspace(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-hardener-cli-'));
  createdRoots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
