import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ResolvedConfig } from '../engine/config.ts';
import { sortFindings } from '../engine/lint.ts';
import { LineIndex } from '../engine/text.ts';
import type { WorkspaceIndex } from '../engine/workspace.ts';
import { unmetExpectationFindings } from '../rbac/config-findings.ts';
import { modelOf } from '../rbac/model.ts';
import { FileReport, reportFinding } from './report.ts';

/**
 * Adds the `can` expectations that no binding of the scanned files fulfils to the scan's file
 * reports, as rbac-expectation-violated findings on the config file (merged into its report when
 * the config file was scanned too).
 */
export function addUnmetExpectationFindings(files: FileReport[], index: WorkspaceIndex, config: ResolvedConfig, cwd: string): void {
  if (!config.configPath || config.rbacExpectations.length === 0) return;
  let text: string;
  try {
    text = readFileSync(config.configPath, 'utf8');
  } catch {
    return;
  }
  const findings = sortFindings(unmetExpectationFindings(modelOf(index), config, text));
  if (findings.length === 0) return;
  const lines = new LineIndex(text);
  const reported = findings.map((finding) => reportFinding(finding, lines, false));
  const shown = relative(cwd, config.configPath) || config.configPath;
  const existing = files.find((file) => file.path === shown);
  if (existing) existing.findings.push(...reported);
  else files.push({ path: shown, findings: reported, fixed: 0 });
}
