import { factsOfFile } from '../engine/facts.ts';
import { invalidateKustomizations, noteKustomizations, resolveNamespace } from '../engine/namespaces.ts';
import { parseManifestFile } from '../engine/parse.ts';
import type { Rule } from '../engine/rule.ts';
import { WorkspaceIndex } from '../engine/workspace.ts';
import { canReport, renderCanText, renderWhoCanText, whoCanReport } from '../rbac/explain.ts';
import { modelOf } from '../rbac/model.ts';
import { parseIdentityLoosely } from '../rbac/subjects.ts';
import { ScanArgs, UsageError } from './args.ts';
import { loadCliConfiguration } from './configuration.ts';
import { collectFiles, readFileText, STDIN_PATH } from './files.ts';
import type { CliIO } from './run.ts';
import { endJob } from './scan.ts';

/** `kube-hardener rbac who-can VERB RESOURCE [-n NS]` or `kube-hardener rbac can SUBJECT`, with their options. */
export interface RbacArgs {
  query: { command: 'who-can'; verb: string; resource: string; namespace?: string } | { command: 'can'; subject: string };
  format: 'text' | 'json';
  paths: string[];
  configPath?: string;
}

export const RBAC_USAGE = `Usage: kube-hardener rbac who-can VERB RESOURCE [-n NAMESPACE] [--format text|json] [PATH...]
       kube-hardener rbac can SUBJECT [--format text|json] [PATH...]

Explains the RBAC of the manifests under PATH (default: .), derived grants included.
  who-can   every subject the bindings name that may do VERB on RESOURCE (pods, pods/exec,
            deployments.apps), in NAMESPACE or in any namespace; a RESOURCE starting with /
            is a non-resource URL (/metrics, /healthz/etcd), which has no namespace
  can       every permission of SUBJECT ("ServiceAccount ci/deployer", "User alice",
            "Group dev"), each with the binding and role it comes from

Options:
  -n, --namespace NS   who-can: ask about one namespace
  -f, --format FORMAT  text (default) or json
  -c, --config FILE    use this config file instead of the nearest .kube-hardener.yaml
`;

const SUBJECT_KINDS = ['user', 'group', 'serviceaccount'];

/** Parses the arguments after `rbac`; throws UsageError on anything wrong. */
export function parseRbacArgs(argv: readonly string[]): RbacArgs | 'help' {
  const positionals: string[] = [];
  let format: RbacArgs['format'] = 'text';
  let namespace: string | undefined;
  let configPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i] ?? fail(`option ${name} needs a value`);
    if (name === '-h' || name === '--help') return 'help';
    else if (name === '-n' || name === '--namespace') namespace = value();
    else if (name === '-f' || name === '--format') format = oneOf(value(), ['text', 'json'] as const, name);
    else if (name === '-c' || name === '--config') configPath = value();
    else if (name.startsWith('-') && name !== '-') fail(`unknown option ${name} for "rbac" (see kube-hardener rbac --help)`);
    else positionals.push(argv[i]);
  }
  const [command, ...rest] = positionals;
  if (command === 'who-can') {
    const [verb, resource, ...paths] = rest;
    if (!verb || !resource) fail('"rbac who-can" needs a VERB and a RESOURCE, e.g. "rbac who-can create pods -n ci"');
    if (resource.startsWith('/') && namespace !== undefined) fail(`"${resource}" is a non-resource URL: it has no namespace, drop -n`);
    return { query: { command, verb: verb.toLowerCase(), resource, namespace }, format, paths: defaultPaths(paths), configPath };
  }
  if (command === 'can') {
    if (namespace !== undefined) fail('"rbac can" lists every namespace; -n is for "rbac who-can"');
    const joined = rest.length >= 2 && SUBJECT_KINDS.includes(rest[0].toLowerCase()) && !rest[0].includes(' ');
    const subject = joined ? `${rest[0]} ${rest[1]}` : rest[0];
    if (!subject) fail('"rbac can" needs a SUBJECT, e.g. "rbac can \'ServiceAccount ci/deployer\'"');
    return { query: { command, subject }, format, paths: defaultPaths(rest.slice(joined ? 2 : 1)), configPath };
  }
  return fail(command === undefined ? 'missing "who-can" or "can" after "rbac"' : `unknown rbac command "${command}" (who-can, can)`);
}

function defaultPaths(paths: string[]): string[] {
  return paths.length > 0 ? paths : ['.'];
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) fail(`${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function fail(message: string): never {
  throw new UsageError(message);
}

/** Runs `kube-hardener rbac ...`: loads the files as one workspace and prints the answer. Returns the exit code. */
export async function runRbacCommand(argv: readonly string[], io: CliIO, rules: readonly Rule[]): Promise<number> {
  const args = parseRbacArgs(argv);
  if (args === 'help') {
    io.stdout.write(RBAC_USAGE);
    return 0;
  }
  const index = await loadWorkspaceIndex(args, io.cwd, rules);
  const model = modelOf(index);
  const { query } = args;
  if (query.command === 'who-can') {
    const report = whoCanReport(model, query.verb, query.resource, query.namespace);
    io.stdout.write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderWhoCanText(report));
    return 0;
  }
  let identity;
  try {
    identity = parseIdentityLoosely(query.subject);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const report = canReport(model, identity);
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCanText(report));
  return 0;
}

/** Indexes the files under the paths as `scan` would find them (config file, exclude patterns, namespaces). */
async function loadWorkspaceIndex(args: RbacArgs, cwd: string, rules: readonly Rule[]): Promise<WorkspaceIndex> {
  const scanArgs: ScanArgs = { command: 'scan', paths: args.paths, format: 'stylish', fix: false, unsafeFixes: false, rules: {}, failOn: 'never', configPath: args.configPath };
  const { config, baseDir } = loadCliConfiguration(scanArgs, cwd, rules);
  const collected = collectFiles(args.paths, cwd, { patterns: config.exclude, baseDir });
  const files = collected.files.filter((path) => path !== STDIN_PATH && !collected.excluded.has(path));
  invalidateKustomizations();
  noteKustomizations(files);
  const index = new WorkspaceIndex();
  for (const [count, path] of files.entries()) {
    if (count % 128 === 127) await endJob();
    const { text } = readFileText(path);
    if (text === undefined) continue;
    index.setFile(path, factsOfFile(parseManifestFile(path, text), (filePath, object) => resolveNamespace(filePath, object, config)));
  }
  return index;
}
