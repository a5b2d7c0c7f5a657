import type { Rule } from '../engine/rule.ts';

/** The rule list `kube-hardener rules` prints: id, default severity and title, one rule a line. */
export function formatRuleList(rules: readonly Rule[]): string {
  const idWidth = Math.max(0, ...rules.map((rule) => rule.id.length));
  const rows = rules.map((rule) => {
    const marks = [rule.profile ? `PSS ${rule.profile}` : '', rule.fixable ? 'fixable' : ''].filter(Boolean).join(', ');
    return `${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${rule.title}${marks ? ` (${marks})` : ''}`;
  });
  return `${rows.join('\n')}\n`;
}
