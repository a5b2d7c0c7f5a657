// The checks of the fuzzer through the CLI (in-process runCli on temporary copies): JSON and SARIF
// parse (SARIF against the official schema), `--fix` and `--fix --unsafe-fixes` damage nothing,
// write nothing outside the scanned folder, and a second run changes nothing.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { runCli } from '../../server/src/cli/run.ts';
import { cpuMsSince, documentCount, documentIdentities, Failure, judgeFix } from './oracle.ts';

const schema = JSON.parse(readFileSync(join(__dirname, '..', 'cli', 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

interface Output {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function cli(args: string[], cwd: string): Promise<Output> {
  let stdout = '';
  let stderr = '';
  const start = process.cpuUsage();
  const code = await runCli(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd, env: {} });
  return { code, stdout, stderr, ms: cpuMsSince(start) };
}

/** Every file under a folder (relative path -> content as latin1: byte-exact, for change detection). */
function snapshot(root: string, dir = root, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) snapshot(root, path, files);
    else if (entry.isFile()) files.set(relative(root, path), readFileSync(path, 'latin1'));
  }
  return files;
}

/**
 * Checks one input through the CLI. The input lies in `<tmp>/outer/inner/ws/input.yaml`; the
 * scan runs on `ws`, so a file created in `outer` or `inner` is a write outside the scanned folder.
 */
export async function checkCli(text: string, hangMs: number): Promise<Failure | undefined> {
  const root = mkdtempSync(join(tmpdir(), 'kube-hardener-fuzz-'));
  try {
    return await checkIn(root, text, hangMs * documentCount(text));
  } catch (error) {
    return { kind: 'crash', detail: `cli: ${(error as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? error}` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function checkIn(root: string, text: string, limit: number): Promise<Failure | undefined> {
  const cwd = join(root, 'outer', 'inner');
  const ws = join(cwd, 'ws');
  mkdirSync(ws, { recursive: true });
  const input = join(ws, 'input.yaml');
  writeFileSync(input, text);
  for (const format of ['json', 'sarif', 'stylish']) {
    const out = await cli(['scan', '--format', format, '--fail-on', 'never', 'ws'], cwd);
    const failure = judgeOutput(`scan --format ${format}`, out, format, limit);
    if (failure) return failure;
  }
  for (const unsafe of [false, true]) {
    writeFileSync(input, text);
    for (const name of readdirSync(ws)) if (name !== 'input.yaml') rmSync(join(ws, name), { recursive: true, force: true });
    const label = unsafe ? 'scan --fix --unsafe-fixes' : 'scan --fix';
    const args = ['scan', '--fix', ...(unsafe ? ['--unsafe-fixes'] : []), '--format', 'json', '--fail-on', 'never', 'ws'];
    const first = await cli(args, cwd);
    const failure = judgeOutput(label, first, 'json', limit);
    if (failure) return failure;
    const afterFirst = snapshot(root);
    // What the file held as UTF-8 (a lone surrogate of the input is written as U+FFFD).
    const written = Buffer.from(text, 'utf8').toString('utf8');
    const damage = writeDamage(root, afterFirst) ?? fileDamage(written, readFileSync(input, 'utf8'));
    if (damage) return { kind: 'fix-damage', detail: `${label}: ${damage}` };
    const second = await cli(args, cwd);
    const secondFailure = judgeOutput(`${label} (second run)`, second, 'json', limit);
    if (secondFailure) return secondFailure;
    const changed = changedFiles(afterFirst, snapshot(root));
    if (changed.length > 0) return { kind: 'fix-damage', detail: `${label}: a second run changed ${changed.join(', ')}` };
  }
  return undefined;
}

function judgeOutput(label: string, out: Output, format: string, limit: number): Failure | undefined {
  if (out.ms > limit) return { kind: 'hang', detail: `${label} took ${Math.round(out.ms)} ms of CPU (limit ${limit} ms)` };
  if (out.code === 2 || /rule \S+ failed/.test(out.stderr)) return { kind: 'crash', detail: `${label}: exit ${out.code}: ${out.stderr.split('\n')[0]}` };
  if (format === 'stylish') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(out.stdout);
  } catch (error) {
    return { kind: 'invalid-output', detail: `${label}: output is not JSON: ${(error as Error).message}` };
  }
  if (format === 'sarif' && !validateSarif(parsed)) {
    return { kind: 'invalid-output', detail: `${label}: SARIF schema error ${JSON.stringify(validateSarif.errors?.[0])}` };
  }
  return undefined;
}

/** Files created outside `ws`, or created inside it that are not a NetworkPolicy, or that break the name rules. */
function writeDamage(root: string, files: Map<string, string>): string | undefined {
  for (const [path, content] of files) {
    const inWs = path.startsWith(join('outer', 'inner', 'ws') + '/');
    if (!inWs) return `wrote outside the scanned folder: ${path}`;
    if (path.endsWith('input.yaml')) continue;
    if (path.split('/').length !== 4) return `created a file in a subfolder: ${path}`;
    if (!/^[a-z0-9.-]+\.yaml$/.test(path.split('/').pop()!)) return `created a file whose name is not a DNS-1123 name: ${JSON.stringify(path)}`;
    const kinds = documentIdentities(Buffer.from(content, 'latin1').toString('utf8')).map((doc) => doc.kind);
    if (kinds.some((kind) => kind !== 'NetworkPolicy')) return `created ${path} holding ${kinds.join(', ')}`;
  }
  return undefined;
}

function fileDamage(before: string, after: string): string | undefined {
  const withoutBom = after.startsWith('\uFEFF') && !before.startsWith('\uFEFF') ? after.slice(1) : after;
  // The CLI's fix edits are the engine's (checked there): judge documents and comments; fixes append NetworkPolicies only.
  return judgeFix(before, withoutBom, new Set(['NetworkPolicy']));
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path));
}
