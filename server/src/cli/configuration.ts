import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ConfigError, findConfigFile, loadConfigFile, resolveConfig, type ResolvedConfig, type UserConfig } from '../engine/config.ts';
import type { Rule } from '../engine/rule.ts';
import type { ScanArgs } from './args.ts';
import { InputError } from './files.ts';

/** The configuration a scan runs with, and the folder its `exclude` patterns are relative to. */
export interface CliConfiguration {
  config: ResolvedConfig;
  baseDir: string;
}

/**
 * Layers the config file (`--config`, else the nearest `.kube-hardener.yaml` at or above the
 * first scanned path) under the command-line flags. Throws ConfigError or InputError.
 */
export function loadCliConfiguration(args: ScanArgs, cwd: string, rules: readonly Rule[]): CliConfiguration {
  const configPath = args.configPath !== undefined ? resolve(cwd, args.configPath) : findConfigFile(searchStart(args.paths[0], cwd));
  if (args.configPath !== undefined && !existsSync(configPath!)) throw new InputError(`cannot read config ${args.configPath}: no such file or directory`);
  const fileConfig = configPath ? loadWithShortPath(configPath, cwd, rules) : undefined;
  const flags: UserConfig = { profile: args.profile, kubernetesVersion: args.kubernetesVersion, rules: args.rules };
  const config = resolveConfig(rules, fileConfig, flags);
  config.configPath = configPath;
  return { config, baseDir: configPath ? dirname(configPath) : cwd };
}

function searchStart(firstPath: string | undefined, cwd: string): string {
  if (firstPath === undefined || firstPath === '-') return cwd;
  const absolute = resolve(cwd, firstPath);
  try {
    return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  } catch {
    return cwd;
  }
}

/** Loads a config file; its errors name the file as the user would type it, relative to cwd. */
function loadWithShortPath(absolute: string, cwd: string, rules: readonly Rule[]): UserConfig {
  try {
    return loadConfigFile(absolute, rules);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const shown = relative(cwd, absolute) || absolute;
    throw new ConfigError(error.message.startsWith(`${absolute}: `) ? error.message.slice(absolute.length + 2) : error.message, error.key, shown);
  }
}
