import { dirname } from 'node:path';
import { Connection, MessageType } from './protocol.ts';
import { ALL_RULES } from '../engine/registry.ts';
import {
  ConfigError,
  findConfigFile,
  loadConfigFile,
  resolveConfig,
  ResolvedConfig,
  UserConfig,
  validateUserConfig,
  rulesWithCustomIds,
} from '../engine/config.ts';
import type { ClientSupport } from './capabilities.ts';
import type { WorkspaceFolders } from './folders.ts';
import { showMessage } from './notify.ts';
import { pathToUri, uriToPath } from './uris.ts';

/** The settings section the server reads, `kubeHardener.*`. */
export const SETTINGS_SECTION = 'kubeHardener';

/** What one resource is checked with. */
export interface ResourceSettings {
  enabled: boolean;
  config: ResolvedConfig;
  /** The folder `exclude` globs are relative to: the config file's folder, else the workspace folder. */
  baseDir?: string;
}

/**
 * Per-resource settings: `kubeHardener.*` from workspace/configuration layered over the
 * `.kube-hardener.yaml` of the resource's workspace folder. Invalid values are reported once
 * (window/showMessage naming the key) and that layer falls back to the defaults.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<ResourceSettings>>();
  private readonly reported = new Set<string>();
  /** Bumped whenever settings or a config file change: analyses of an older generation are stale. */
  generation = 0;
  /** Settings pushed with workspace/didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly support: ClientSupport,
    private readonly folders: WorkspaceFolders,
  ) {}

  /** Forgets everything cached; the next request reads settings and config files again. */
  invalidate(pushedSettings?: unknown): void {
    if (pushedSettings !== undefined) this.pushed = pushedSettings;
    this.generation++;
    this.cache.clear();
    this.reported.clear();
  }

  /** The settings of a file the editor has not opened: those of its workspace folder. */
  forPath(path: string): Promise<ResourceSettings> {
    const folder = this.folders.folderOf(path);
    return this.forResource(folder?.uri ?? pathToUri(path));
  }

  /** The settings of a document or folder URI. */
  forResource(uri: string): Promise<ResourceSettings> {
    const path = uriToPath(uri);
    const folder = this.folders.folderOf(path);
    const key = folder && !this.support.configuration ? folder.uri : uri;
    let settings = this.cache.get(key);
    if (!settings) {
      const folderPath = folder?.path ?? (uri.startsWith('file:') ? dirname(path) : this.folders.all()[0]?.path);
      settings = this.read(uri, folderPath).catch((error) => {
        this.connection.console.error(`kube-hardener: reading settings failed: ${describe(error)}`);
        return { enabled: true, config: resolveConfig(ALL_RULES) };
      });
      this.cache.set(key, settings);
    }
    return settings;
  }

  private async read(uri: string, folderPath: string | undefined): Promise<ResourceSettings> {
    const raw = await this.rawSettings(uri);
    const configPath = folderPath ? findConfigFile(folderPath) : undefined;
    const fileLayer = configPath ? this.fileLayer(configPath) : undefined;
    const settingsLayer = this.settingsLayer(raw, fileLayer);
    const enabled = !(isObject(raw) && raw.enable === false);
    let config: ResolvedConfig;
    try {
      config = resolveConfig(ALL_RULES, fileLayer, settingsLayer);
    } catch (error) {
      this.reportOnce(`kube-hardener: invalid configuration (${describe(error)}); using the defaults`);
      config = resolveConfig(ALL_RULES);
    }
    if (configPath && fileLayer) config.configPath = configPath;
    return { enabled, config, baseDir: configPath && fileLayer ? dirname(configPath) : folderPath };
  }

  private async rawSettings(uri: string): Promise<unknown> {
    if (!this.support.configuration) return isObject(this.pushed) ? this.pushed[SETTINGS_SECTION] : undefined;
    return this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
  }

  private fileLayer(path: string): UserConfig | undefined {
    try {
      return loadConfigFile(path, ALL_RULES);
    } catch (error) {
      this.reportOnce(`kube-hardener: ${describe(error)}. The file is ignored until it is fixed.`);
      return undefined;
    }
  }

  private settingsLayer(raw: unknown, fileLayer: UserConfig | undefined): UserConfig | undefined {
    const cleaned = userConfigFromSettings(raw);
    try {
      // kubeHardener.rules may name the custom rules of the config file.
      return validateUserConfig(cleaned, rulesWithCustomIds(ALL_RULES, fileLayer));
    } catch (error) {
      const key = error instanceof ConfigError ? `${SETTINGS_SECTION}.${error.message}` : describe(error);
      this.reportOnce(`kube-hardener: invalid setting ${key}. Using the defaults for the settings until it is fixed.`);
      return undefined;
    }
  }

  private reportOnce(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.connection.console.error(message);
    showMessage(this.connection, MessageType.Error, message);
  }
}

/** Keys of the settings object that are the client's business, not configuration. */
const CLIENT_ONLY_KEYS = new Set(['enable', 'trace']);

/**
 * The configuration part of the `kubeHardener` settings object. Unset values (null, "", [] and {},
 * which is what a client sends for settings the user never set) are dropped so that they do not
 * hide the config file's values.
 */
export function userConfigFromSettings(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) return {};
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (CLIENT_ONLY_KEYS.has(key) || key === 'ruleOptions' || isUnset(value)) continue;
    if (key === 'rules' || key === 'suppressions') {
      const entries = isObject(value) ? Object.entries(value).filter(([, item]) => !isUnset(item)) : [];
      if (entries.length > 0 || !isObject(value)) result[key] = isObject(value) ? Object.fromEntries(entries) : value;
    } else {
      result[key] = value;
    }
  }
  return withRuleOptions(result, raw.ruleOptions);
}

/**
 * Folds `kubeHardener.ruleOptions` (`{ id: { option: value } }`, settings.json) into the rule
 * settings: the severity from `kubeHardener.rules` (the Settings UI table) and the options together,
 * as the config file writes them. An object in `kubeHardener.rules` (the old form) still works.
 */
function withRuleOptions(result: Record<string, unknown>, ruleOptions: unknown): Record<string, unknown> {
  if (!isObject(ruleOptions)) return result;
  const rules: Record<string, unknown> = isObject(result.rules) ? { ...result.rules } : {};
  for (const [id, options] of Object.entries(ruleOptions)) {
    if (!isObject(options) || isUnset(options)) continue;
    const current = rules[id];
    const base = isObject(current) ? current : typeof current === 'string' ? { severity: current } : {};
    rules[id] = { ...base, ...options };
  }
  if (Object.keys(rules).length > 0) result.rules = rules;
  return result;
}

function isUnset(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
