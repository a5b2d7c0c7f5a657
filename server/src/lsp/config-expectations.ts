import { parse } from 'yaml';
import type { ResolvedConfig } from '../engine/config.ts';
import { Finding, sortFindings } from '../engine/lint.ts';
import { parseExpectations, RbacExpectation } from '../engine/rbac-expectations.ts';
import type { WorkspaceIndex } from '../engine/workspace.ts';
import { unmetExpectationFindings } from '../rbac/config-findings.ts';
import { modelOf } from '../rbac/model.ts';
import { configFileProblems } from './config-file.ts';

/**
 * The findings of a `.kube-hardener.yaml` as the editor holds it: its problems, or when it is valid,
 * the `can` expectations of its own text that no binding of the workspace fulfils (rule
 * rbac-expectation-violated, on the expectation). Severity and on/off come from the settings in effect.
 */
export function configFileFindings(text: string, config: ResolvedConfig, index: WorkspaceIndex | undefined): Finding[] {
  const problems = configFileProblems(text);
  if (problems.length > 0 || !index) return problems;
  const rbacExpectations = expectationsOf(text);
  if (rbacExpectations.length === 0) return [];
  return sortFindings(unmetExpectationFindings(modelOf(index), { ...config, rbacExpectations }, text));
}

/** The expectations a valid config text declares (configFileProblems has validated it). */
function expectationsOf(text: string): RbacExpectation[] {
  try {
    const raw = parse(text, { version: '1.1' }) as { rbac?: { expectations?: unknown } } | null;
    return parseExpectations(raw?.rbac?.expectations);
  } catch {
    return [];
  }
}
