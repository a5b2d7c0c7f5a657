import { ErrorCodes, Hover, MarkupKind, Position, ResponseError } from './protocol.ts';
import type { WorkspaceIndex } from '../engine/workspace.ts';
import { explainSubjectMarkdown, rbacHoverMarkdown } from '../rbac/hover.ts';
import { modelOf } from '../rbac/model.ts';
import { viewFrom } from '../engine/variants.ts';
import type { Analysis } from './analysis.ts';
import { toOffset, toRange } from './positions.ts';

/** Hover on a binding's subject or roleRef: the subject's effective permissions (derived grants included). */
export function rbacHoverAt(analysis: Analysis, position: Position, index: WorkspaceIndex, markdown: boolean): Hover | null {
  const offset = toOffset(analysis.file.lines, position);
  // The file's own view: a binding hovered in install.yaml explains install.yaml's role, not a variant's.
  const found = rbacHoverMarkdown(modelOf(viewFrom(index, analysis.file.path)), analysis.file, offset);
  if (!found) return null;
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: found.markdown },
    range: toRange(analysis.file.lines, found.start, found.end),
  };
}

/** The `kubeHardener.explainRbac` command: the Markdown report of a subject such as "ServiceAccount ci/deployer". */
export function explainRbac(index: WorkspaceIndex, argument: unknown): string {
  const subject = typeof argument === 'string' ? argument : (argument as { subject?: unknown } | undefined)?.subject;
  if (typeof subject !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected a subject such as "ServiceAccount ci/deployer"');
  try {
    return explainSubjectMarkdown(modelOf(index), subject);
  } catch (error) {
    throw new ResponseError(ErrorCodes.InvalidParams, (error as Error).message);
  }
}
