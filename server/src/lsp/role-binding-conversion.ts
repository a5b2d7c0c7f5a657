import { CodeAction, CodeActionKind, Diagnostic, ErrorCodes, LSPErrorCodes, Range, ResponseError } from './protocol.ts';
import { DocEditor } from '../engine/edits.ts';
import type { Finding } from '../engine/lint.ts';
import { K8sObject, objectsOf } from '../engine/objects.ts';
import { rangeOf } from '../engine/nodes.ts';
import { convertToRoleBinding, suggestedNamespace } from '../rules/rbac/rbac-cluster-wide-binding.ts';
import type { Analysis } from './analysis.ts';
import type { ClientSupport } from './capabilities.ts';
import { CLIENT_COMMANDS } from './command-ids.ts';
import type { ServerContext } from './context.ts';
import { toOffsets } from './positions.ts';
import { documentEdit, toFileEdits } from './workspace-edits.ts';

/** The rule whose fix asks the user for a namespace in editors that can ask. */
export const CONVERSION_RULE_ID = 'rbac-cluster-wide-binding';

/**
 * The arguments of the client command kubeHardener.convertToRoleBinding (with the suggested
 * namespace) and of the server command kubeHardener.applyRoleBindingConversion (with the chosen one).
 */
export interface RoleBindingConversion {
  uri: string;
  /** The document version the diagnostic belongs to: an edit for another version is refused. */
  version: number;
  /** The diagnostic's range: it tells which ClusterRoleBinding of the file. */
  range: Range;
  namespace: string;
}

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True when the client runs the command that asks for a namespace (the VS Code extension declares it). */
export function asksForNamespace(finding: Finding, support: ClientSupport): boolean {
  return finding.ruleId === CONVERSION_RULE_ID && support.clientCommands.includes(CLIENT_COMMANDS.convertToRoleBinding);
}

/** The quick fix that lets the client ask for the namespace, prefilled with the rule's suggestion. */
export function conversionAction(analysis: Analysis, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  const object = bindingAt(analysis, finding);
  if (!object) return undefined;
  const title = 'Convert to a RoleBinding in a chosen namespace... (unsafe)';
  const conversion: RoleBindingConversion = { uri: analysis.uri, version: analysis.version, range: diagnostic.range, namespace: suggestedNamespace(object) };
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: CLIENT_COMMANDS.convertToRoleBinding, arguments: [conversion] } };
}

/**
 * The server command kubeHardener.applyRoleBindingConversion: converts the flagged ClusterRoleBinding
 * to a RoleBinding in the chosen namespace through workspace/applyEdit.
 */
export async function applyRoleBindingConversion(ctx: ServerContext, argument: unknown): Promise<{ applied: boolean }> {
  const conversion = conversionArgument(argument);
  const document = ctx.documents.get(conversion.uri);
  if (!document || document.version !== conversion.version) {
    throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed since the problem was reported; try the quick fix again');
  }
  const analysis = await ctx.analyzer.analyze(document);
  if (!analysis) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed; try the quick fix again');
  const [start, end] = toOffsets(analysis.file.lines, conversion.range);
  const finding = analysis.findings.find((candidate) => candidate.ruleId === CONVERSION_RULE_ID && candidate.start <= end && start <= candidate.end);
  const object = finding && bindingAt(analysis, finding);
  if (!object) throw new ResponseError(ErrorCodes.InvalidParams, `no ${CONVERSION_RULE_ID} problem at the given range`);
  const fix = convertToRoleBinding(new DocEditor(object.doc), object, conversion.namespace);
  const edits = toFileEdits(fix.edits, object.doc.offset);
  const result = await ctx.connection.workspace.applyEdit({ label: fix.title, edit: documentEdit(analysis, edits, ctx.support) });
  return { applied: result.applied };
}

/** The ClusterRoleBinding a finding of the rule points at (the rule reports on its `kind` value). */
function bindingAt(analysis: Analysis, finding: Finding): K8sObject | undefined {
  return objectsOf(analysis.file).find(
    (object) => object.kind === 'ClusterRoleBinding' && object.doc.offset + (rangeOf(object.kindNode)?.[0] ?? -1) === finding.start,
  );
}

function conversionArgument(argument: unknown): RoleBindingConversion {
  const candidate = (argument ?? {}) as Partial<RoleBindingConversion>;
  const { uri, version, range, namespace } = candidate;
  if (typeof uri !== 'string' || typeof version !== 'number' || !isRange(range) || typeof namespace !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri, version, range, namespace }');
  }
  const trimmed = namespace.trim();
  if (trimmed.length > 63 || !NAMESPACE_NAME.test(trimmed)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${namespace}" is not a namespace name (lowercase letters, digits and "-", at most 63)`);
  }
  return { uri, version, range, namespace: trimmed };
}

function isRange(value: unknown): value is Range {
  const range = value as Range | undefined;
  return typeof range?.start?.line === 'number' && typeof range.start.character === 'number' && typeof range.end?.line === 'number' && typeof range.end.character === 'number';
}
