import { ConfigError } from '../engine/config.ts';
import { ALL_RULES } from '../engine/registry.ts';
import { SEVERITIES, type Rule } from '../engine/rule.ts';
import packageJson from '../../../package.json';
import { FailOn, parseArgs, ScanArgs, UsageError } from './args.ts';
import { loadCliConfiguration } from './configuration.ts';
import { collectFiles, InputError, readBoundedStream } from './files.ts';
import { jsonChunks } from './formatters/json.ts';
import { formatSarif } from './formatters/sarif.ts';
import { formatStylish } from './formatters/stylish.ts';
import type { ScanReport } from './report.ts';
import { formatRuleList } from './rules-command.ts';
import { scanFiles } from './scan.ts';
import { projectContextFiles } from './project-context.ts';
import { runRbacCommand } from './rbac-command.ts';
import { USAGE } from './usage.ts';

/** The version `--version` prints and SARIF logs carry: the package's. */
export const VERSION: string = packageJson.version;

/** Where the CLI reads and writes; tests pass their own, main.ts passes the process's. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Standard input, read only when a path is `-`. */
  stdin?: AsyncIterable<Uint8Array | string> | string | Uint8Array;
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code: 0, 1 or 2. */
export async function runCli(argv: readonly string[], io: CliIO, rules: readonly Rule[] = ALL_RULES): Promise<number> {
  try {
    if (argv[0] === 'rbac') return await runRbacCommand(argv.slice(1), io, rules);
    const args = parseArgs(argv, new Set(rules.map((rule) => rule.id)));
    if (args.command === 'help') return print(io, USAGE, 0);
    if (args.command === 'version') return print(io, `${VERSION}\n`, 0);
    if (args.command === 'rules') return print(io, formatRuleList(rules), 0);
    return await scan(args, io, rules);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof ConfigError) {
      io.stderr.write(`kube-hardener: ${oneLine(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

async function scan(args: ScanArgs, io: CliIO, rules: readonly Rule[]): Promise<number> {
  const { config, baseDir } = loadCliConfiguration(args, io.cwd, rules);
  const { files, excluded, roots } = collectFiles(args.paths, io.cwd, { patterns: config.exclude, baseDir });
  const fixingStdin = args.fix && files.includes('<stdin>');
  const warn = (line: string) => io.stderr.write(`kube-hardener: ${line}\n`);
  const context = args.noContext ? [] : projectContextFiles(args.paths, io.cwd, files, { patterns: config.exclude, baseDir }, warn);
  const report = await scanFiles({
    files,
    excluded,
    roots,
    cwd: io.cwd,
    config,
    rules,
    fix: args.fix,
    unsafeFixes: args.unsafeFixes,
    readStdin: () => readAll(io.stdin),
    warn,
    writeFixedStdin: (text) => io.stdout.write(text),
    indexOnly: [...admissionPolicyFiles(config.admissionPolicies.paths, baseDir, warn), ...context],
  });
  const output = fixingStdin ? io.stderr : io.stdout;
  const colour = !fixingStdin && io.stdout.isTTY === true && !io.env?.NO_COLOR;
  if (args.format === 'json') await writeBatched(output, jsonChunks(report));
  else output.write(format(report, args, [...rules, ...config.customRules], colour, io.cwd));
  return exitCode(report, args.failOn);
}

/** The YAML files of `admissionPolicies.paths` (relative to the config folder); a missing path is a warning. */
function admissionPolicyFiles(paths: readonly string[], baseDir: string, warn: (line: string) => void): string[] {
  return paths.flatMap((path) => {
    try {
      return collectFiles([path], baseDir, { patterns: [], baseDir }).files;
    } catch (error) {
      warn(`admissionPolicies.paths: ${(error as Error).message}`);
      return [];
    }
  });
}

function format(report: ScanReport, args: ScanArgs, rules: readonly Rule[], colour: boolean, cwd: string): string {
  if (args.format === 'sarif') return formatSarif(report, { rules, version: VERSION, cwd });
  return formatStylish(report, { colour });
}

/**
 * Writes chunks joined into writes of about 64 KB (a write per file of 10,000 costs more than making
 * its text), waiting for the stream to drain when it asks to: a pipe takes writes asynchronously, and
 * without the wait the whole report would sit in memory as pending writes.
 */
async function writeBatched(output: CliIO['stdout'] | CliIO['stderr'], chunks: Iterable<string>): Promise<void> {
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    const accepted = output.write(pending.join(''));
    pending = [];
    size = 0;
    const stream = output as { once?: (event: 'drain', listener: () => void) => unknown };
    if (accepted === false && typeof stream.once === 'function') await new Promise<void>((resolve) => stream.once!('drain', resolve));
  };
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= 65_536) await flush();
  }
  if (pending.length > 0) await flush();
}

/** 1 when a finding at or above the --fail-on level remains, else 0. */
export function exitCode(report: ScanReport, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = report.files.some((file) => file.findings.some((finding) => SEVERITIES.indexOf(finding.severity) <= threshold));
  return failing ? 1 : 0;
}

async function readAll(stdin: CliIO['stdin']): Promise<Uint8Array> {
  if (stdin === undefined) return new Uint8Array();
  if (typeof stdin === 'string') return Buffer.from(stdin, 'utf8');
  if (stdin instanceof Uint8Array) return stdin;
  return readBoundedStream(stdin);
}

function print(io: CliIO, text: string, code: number): number {
  io.stdout.write(text);
  return code;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
