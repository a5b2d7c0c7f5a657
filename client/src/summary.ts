// Text for the results of server commands; no `vscode` import so that unit tests can load it.

export type SeverityCounts = { error: number; warning: number; info: number; hint: number };

/** The result of the server command kubeHardener.scanWorkspace. */
export interface ScanSummary {
  files: number;
  skipped: number;
  findings: SeverityCounts;
  topRules: { rule: string; count: number }[];
  cancelled?: boolean;
  /** The files not checked and why (the server lists at most 200). */
  skippedFiles?: { path: string; reason: string }[];
}

/** The result of the server command kubeHardener.fileSummary. */
export interface FileSummary {
  profile: string;
  /** False when kubeHardener.enable is off for the file. */
  enabled?: boolean;
  /** Why the file is not checked (excluded, not Kubernetes...), if it is not. */
  skipped?: string;
  counts: SeverityCounts;
}

/** Total number of findings across severities. */
export function totalFindings(counts: SeverityCounts): number {
  return counts.error + counts.warning + counts.info + counts.hint;
}

/** "2 errors, 1 warning" style list of the non-zero counts; "no findings" when all are zero. */
export function describeCounts(counts: SeverityCounts): string {
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}${counts[severity] === 1 || severity === 'info' ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** A multi-line report of a workspace scan, for the output channel. */
export function describeScanSummary(summary: ScanSummary): string {
  const lines = [
    `Workspace scan ${summary.cancelled ? 'cancelled' : 'finished'}: ${summary.files} YAML file(s) checked` +
      (summary.skipped > 0 ? `, ${summary.skipped} skipped` : '') +
      `; ${describeCounts(summary.findings)}.`,
  ];
  if (summary.topRules.length > 0) {
    lines.push('Top rules:');
    for (const { rule, count } of summary.topRules) lines.push(`  ${String(count).padStart(5)}  ${rule}`);
  }
  const skipped = summary.skippedFiles ?? [];
  if (skipped.length > 0) {
    lines.push('Not checked:');
    for (const { path, reason } of skipped) lines.push(`  ${path}: ${reason}`);
    if (summary.skipped > skipped.length) lines.push(`  ... and ${summary.skipped - skipped.length} more`);
  }
  return lines.join('\n');
}

/** The short text of the toast after a scan (the details go to the output channel). */
export function describeScanToast(summary: ScanSummary): string {
  const head = summary.cancelled ? `Scan cancelled after ${summary.files} file(s)` : `Scanned ${summary.files} file(s)`;
  const skipped = summary.skippedFiles ?? [];
  let tail = '';
  if (summary.skipped === 1 && skipped.length === 1) tail = ` Skipped ${skipped[0].path} (${skipped[0].reason}).`;
  else if (summary.skipped > 0) tail = ` ${summary.skipped} skipped (see details).`;
  return `Kube Hardener: ${head}: ${describeCounts(summary.findings)}.${tail}`;
}

/** The language status text: the profile and the file's finding count. */
export function describeFileStatus(summary: FileSummary): { text: string; detail: string } {
  if (summary.enabled === false) return { text: '$(shield) off', detail: 'Kube Hardener is disabled for this file (kubeHardener.enable)' };
  if (summary.skipped) return { text: `$(shield) ${summary.profile}`, detail: `Kube Hardener does not check this file: ${summary.skipped}` };
  const total = totalFindings(summary.counts);
  return {
    text: `$(shield) ${summary.profile}${total > 0 ? ` · ${total}` : ''}`,
    detail: `Kube Hardener profile ${summary.profile}; this file: ${describeCounts(summary.counts)}`,
  };
}

/** The part of a VS Code diagnostic the status needs (severity: 0 error, 1 warning, 2 information, 3 hint). */
export interface DiagnosticLike {
  severity: number;
  source?: string;
  code?: string | number | { value: string | number };
  message: string;
}

const DIAGNOSTIC_SOURCE = 'kube-hardener';
const SKIPPED_FILE_CODE = 'skipped-file';
const SKIPPED_PREFIX = 'kube-hardener did not check this file: ';
const SEVERITY_KEYS: (keyof SeverityCounts)[] = ['error', 'warning', 'info', 'hint'];

/**
 * The file summary after new diagnostics of the file arrived, without asking the server (which
 * would check the text again): the counts and the skipped reason come from this server's
 * diagnostics, the profile and `enabled` (settings) from the last summary.
 */
export function summaryFromDiagnostics(previous: FileSummary, diagnostics: readonly DiagnosticLike[]): FileSummary {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  let skipped: string | undefined;
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    if (code === SKIPPED_FILE_CODE) skipped = diagnostic.message.startsWith(SKIPPED_PREFIX) ? diagnostic.message.slice(SKIPPED_PREFIX.length) : diagnostic.message;
    else counts[SEVERITY_KEYS[diagnostic.severity] ?? 'hint']++;
  }
  return { profile: previous.profile, enabled: previous.enabled, skipped, counts };
}
