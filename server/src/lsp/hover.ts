import { Hover, MarkupKind, Position } from './protocol.ts';
import type { Finding } from '../engine/lint.ts';
import { ruleById } from '../engine/registry.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import type { Analysis } from './analysis.ts';
import type { ClientSupport } from './capabilities.ts';
import { INVALID_CONFIG } from './config-file.ts';
import { toOffset, toRange } from './positions.ts';
import { ruleDocsMarkdown, ruleDocsPlainText } from './rule-docs.ts';
import { rankFixes } from './spot.ts';

/**
 * Hover on a flagged range. One finding: its rule's documentation. Several (a container without
 * securityContext): one line per finding with its rule ID and link, never a stack of documents,
 * and the fix that resolves most of them. Clients that already list the diagnostics in the hover
 * (VS Code) get only that last line.
 */
export function hoverAt(analysis: Analysis, position: Position, support: Pick<ClientSupport, 'markdown' | 'diagnosticsInHover'>): Hover | null {
  const offset = toOffset(analysis.file.lines, position);
  const findings = analysis.findings.filter((finding) => finding.start <= offset && offset <= finding.end && finding.ruleId !== INVALID_CONFIG);
  if (findings.length === 0) return null;
  const markdown = support.markdown;
  const ruleIds = new Set(findings.map((finding) => finding.ruleId));
  const range = toRange(analysis.file.lines, findings[0].start, findings[0].end);
  const kind = markdown ? MarkupKind.Markdown : MarkupKind.PlainText;
  if (ruleIds.size === 1) {
    const [ruleId] = ruleIds;
    const docs = markdown ? ruleDocsMarkdown(ruleId) : ruleDocsPlainText(ruleId);
    return { contents: { kind, value: docs ?? ruleId }, range };
  }
  const lines = support.diagnosticsInHover ? [] : findings.map((finding) => findingLine(finding, markdown));
  const best = bestFixLine(analysis, findings, markdown);
  if (best) lines.push(best);
  if (lines.length === 0) return null;
  return { contents: { kind, value: lines.join(markdown ? '  \n' : '\n') }, range };
}

function findingLine(finding: Finding, markdown: boolean): string {
  if (!markdown) return `${finding.message} (${finding.ruleId})`;
  const id = ruleById(finding.ruleId) ? `[\`${finding.ruleId}\`](${ruleDocsUrl(finding.ruleId)})` : `\`${finding.ruleId}\``;
  return `${escapeMarkdown(finding.message)} · ${id}`;
}

/** "Quick Fix: <title> fixes N of these": the preferred fix of the code-action menu. */
function bestFixLine(analysis: Analysis, findings: Finding[], markdown: boolean): string | undefined {
  const [best] = rankFixes(analysis, findings, (fix) => fix.safe && !fix.createFiles?.length);
  if (!best || best.covers.length < 2) return undefined;
  const title = markdown ? `**${escapeMarkdown(best.fix.title)}**` : `"${best.fix.title}"`;
  return `Quick Fix: ${title} fixes ${best.covers.length} of these ${findings.length} problems.`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (char) => `\\${char}`);
}
