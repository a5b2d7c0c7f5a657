import { SEVERITIES, type Profile, type Severity } from '../engine/rule.ts';
import { kubernetesVersionProblem } from '../engine/config.ts';

/** The output formats of `--format`. */
export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
/** The lowest severity that makes the exit code 1, or never. */
export type FailOn = Severity | 'never';

/** The options of `kube-hardener scan`. */
export interface ScanArgs {
  command: 'scan';
  paths: string[];
  format: Format;
  fix: boolean;
  unsafeFixes: boolean;
  profile?: Profile;
  /** Severity overrides from `--rule ID=LEVEL`, in the order given. */
  rules: Record<string, Severity | 'off'>;
  configPath?: string;
  kubernetesVersion?: string;
  failOn: FailOn;
  /** Index only the named paths, not the rest of their project (`--no-context`). */
  noContext?: boolean;
}

export type ParsedArgs = ScanArgs | { command: 'rules' } | { command: 'help' } | { command: 'version' };

/** A command line that cannot be run; the CLI prints its message and exits 2. */
export class UsageError extends Error {}

const COMMANDS = ['scan', 'rules'];
const FLAGS = new Set(['--fix', '--unsafe-fixes', '--no-context', '--help', '--version']);
const VALUED = new Set(['--format', '--profile', '--rule', '--config', '--kubernetes-version', '--fail-on']);
const SHORT: Record<string, string> = { '-h': '--help', '-v': '--version', '-f': '--format', '-c': '--config' };

/** Parses the command line (without `node` and the script); throws UsageError on anything wrong. */
export function parseArgs(argv: readonly string[], knownRuleIds: ReadonlySet<string>): ParsedArgs {
  const { options, positionals } = splitOptions(argv);
  if (options.some(([name]) => name === '--help')) return { command: 'help' };
  if (options.some(([name]) => name === '--version')) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command: use "kube-hardener scan [PATH...]" (see --help)');
  if (command === 'help') return { command: 'help' };
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  if (command === 'rules') {
    if (options.length > 0 || paths.length > 0) throw new UsageError(`"rules" takes no arguments`);
    return { command: 'rules' };
  }
  const args: ScanArgs = { command: 'scan', paths: paths.length > 0 ? paths : ['.'], format: 'stylish', fix: false, unsafeFixes: false, rules: {}, failOn: 'warning' };
  for (const [name, value] of options) applyOption(args, name, value, knownRuleIds);
  return args;
}

function splitOptions(argv: readonly string[]): { options: [string, string | undefined][]; positionals: string[] } {
  const options: [string, string | undefined][] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const rawName = arg.startsWith('--') && equals !== -1 ? arg.slice(0, equals) : arg;
    const name = SHORT[rawName] ?? rawName;
    if (FLAGS.has(name)) {
      if (equals !== -1) throw new UsageError(`option ${name} takes no value`);
      options.push([name, undefined]);
    } else if (VALUED.has(name)) {
      const value = equals !== -1 ? arg.slice(equals + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option ${name} needs a value`);
      options.push([name, value]);
    } else {
      throw new UsageError(`unknown option ${rawName} (see kube-hardener --help)`);
    }
  }
  return { options, positionals };
}

function applyOption(args: ScanArgs, name: string, value: string | undefined, knownRuleIds: ReadonlySet<string>): void {
  switch (name) {
    case '--fix':
      args.fix = true;
      return;
    case '--unsafe-fixes':
      args.unsafeFixes = true;
      return;
    case '--no-context':
      args.noContext = true;
      return;
    case '--format':
      args.format = oneOf(name, value!, FORMATS);
      return;
    case '--profile':
      args.profile = oneOf(name, value!, ['baseline', 'restricted'] as const);
      return;
    case '--fail-on':
      args.failOn = oneOf(name, value!, [...SEVERITIES, 'never'] as const);
      return;
    case '--config':
      args.configPath = value;
      return;
    case '--kubernetes-version':
      checkKubernetesVersion(value!);
      args.kubernetesVersion = value;
      return;
    case '--rule':
      addRuleOverride(args, value!, knownRuleIds);
      return;
  }
}

function checkKubernetesVersion(value: string): void {
  const problem = kubernetesVersionProblem(value);
  if (problem) throw new UsageError(`--kubernetes-version ${problem.replace('"1.33"', '1.33')}`);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function addRuleOverride(args: ScanArgs, value: string, knownRuleIds: ReadonlySet<string>): void {
  const match = /^([^=]+)=(.*)$/.exec(value);
  if (!match) throw new UsageError(`--rule needs ID=LEVEL (LEVEL: off, ${SEVERITIES.join(', ')}), not "${value}"`);
  const [, id, level] = match;
  if (!knownRuleIds.has(id)) throw new UsageError(`unknown rule ID "${id}" in --rule ${value} (kube-hardener rules lists them)`);
  args.rules[id] = oneOf(`--rule ${id}`, level, ['off', ...SEVERITIES] as const);
}
