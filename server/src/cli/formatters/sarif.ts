import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENGINE_FINDINGS } from '../../engine/lint.ts';
import { ruleDocsUrl, type Rule, type Severity } from '../../engine/rule.ts';
import { STDIN_PATH } from '../files.ts';
import { ReportedFinding, ReportedRelated, ScanReport, toPosixPath } from '../report.ts';

/** The schema address the log names in `$schema`. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
/** Where SARIF viewers link the tool's name to. */
export const INFORMATION_URI = 'https://github.com/kube-hardener/kube-hardener';

type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF has no "info" or "hint" level: both become "note". */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

function ruleDescriptor(rule: Rule): RuleDescriptor {
  const tags = ['security', rule.category];
  if (rule.profile) tags.push(`pss-${rule.profile}`);
  // SARIF tags are unique: control-plane rules have that word as both category and scope.
  if (rule.scope && !tags.includes(rule.scope)) tags.push(rule.scope);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.description },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { tags },
  };
}

function engineDescriptor(id: keyof typeof ENGINE_FINDINGS): RuleDescriptor {
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: ENGINE_FINDINGS[id].split(';')[0].replace(/\.$/, '') },
    fullDescription: { text: ENGINE_FINDINGS[id] },
    defaultConfiguration: { level: id === 'unused-suppression' ? 'warning' : 'error' },
    properties: { tags: ['kube-hardener'] },
  };
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function pathToUriReference(path: string): string {
  return toPosixPath(path).split('/').map(encodeURIComponent).join('/');
}

/** The base that artifact URIs are relative to: the working folder. */
export const SOURCE_ROOT = '%SRCROOT%';

/** The working folder as a file:// URI ending in a slash, as originalUriBaseIds requires. */
export function sourceRootUri(cwd: string): string {
  const uri = pathToFileURL(cwd).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

type ArtifactLocation = { uri: string; uriBaseId?: string };

/**
 * Where a shown path (relative to cwd, or `<stdin>`) points: relative to %SRCROOT% when inside the
 * working folder, an absolute file URI when outside it, standard input as its bare name.
 */
function artifactLocation(shown: string, cwd: string): ArtifactLocation {
  if (shown === STDIN_PATH) return { uri: pathToUriReference(shown) };
  const posix = toPosixPath(shown);
  if (isAbsolute(shown) || posix === '..' || posix.startsWith('../')) return { uri: pathToFileURL(resolve(cwd, shown)).href };
  return { uri: pathToUriReference(shown), uriBaseId: SOURCE_ROOT };
}

type Positioned = { line: number; column: number; endLine: number; endColumn: number };

function region(at: Positioned) {
  return { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

function result(finding: ReportedFinding, location: ArtifactLocation, cwd: string, ruleIndex: Map<string, number>) {
  return {
    ruleId: finding.rule,
    ruleIndex: ruleIndex.get(finding.rule) ?? -1,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(finding) } }],
    ...(finding.related.length > 0 ? { relatedLocations: finding.related.map((related, id) => relatedLocation(related, id, cwd)) } : {}),
  };
}

function relatedLocation(related: ReportedRelated, id: number, cwd: string) {
  return {
    id,
    physicalLocation: { artifactLocation: artifactLocation(related.path, cwd), region: region(related) },
    message: { text: related.message },
  };
}

/**
 * A SARIF 2.1.0 log with one run: every rule in tool.driver.rules, one result per finding,
 * skipped files as tool execution notifications.
 */
export function formatSarif(report: ScanReport, options: { rules: readonly Rule[]; version: string; cwd: string }): string {
  const { cwd } = options;
  const descriptors = [
    ...options.rules.map(ruleDescriptor),
    ...(Object.keys(ENGINE_FINDINGS) as (keyof typeof ENGINE_FINDINGS)[]).map(engineDescriptor),
  ];
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));
  const results = report.files.flatMap((file) => file.findings.map((finding) => result(finding, artifactLocation(file.path, cwd), cwd, ruleIndex)));
  const notifications = report.files
    .filter((file) => file.skipped !== undefined)
    .map((file) => ({
      level: 'note' as const,
      message: { text: `skipped: ${file.skipped}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path, cwd) } }],
    }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kube-hardener', version: options.version, informationUri: INFORMATION_URI, rules: descriptors } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: sourceRootUri(cwd) } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
