import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';
import { INVALID_CONFIG } from './config-file.ts';
import { toOffset, toRange } from './positions.ts';
import { ruleDocsMarkdown, ruleDocsPlainText } from './rule-docs.ts';

/** Hover on a flagged range: the documentation of each rule flagged there (config-file problems excepted). */
export function hoverAt(analysis: Analysis, position: Position, markdown: boolean): Hover | null {
  const offset = toOffset(analysis.file.lines, position);
  const findings = analysis.findings.filter((finding) => finding.start <= offset && offset <= finding.end && finding.ruleId !== INVALID_CONFIG);
  if (findings.length === 0) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const finding of findings) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const docs = markdown ? ruleDocsMarkdown(finding.ruleId) : ruleDocsPlainText(finding.ruleId);
    parts.push(docs ?? finding.ruleId);
  }
  const [first] = findings;
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: parts.join(markdown ? '\n\n---\n\n' : '\n\n') },
    range: toRange(analysis.file.lines, first.start, first.end),
  };
}
