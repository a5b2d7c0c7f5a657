import { isBuiltInRule, ruleById } from '../engine/registry.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import { ENGINE_FINDINGS } from '../engine/lint.ts';

/** A rule's documentation as markdown: title, what it flags, why, the fix and the link. */
export function ruleDocsMarkdown(ruleId: string, options: { examples?: boolean } = {}): string | undefined {
  const rule = ruleById(ruleId);
  if (!rule) {
    const engineText = (ENGINE_FINDINGS as Record<string, string>)[ruleId];
    return engineText ? `**kube-hardener: ${ruleId}**\n\n${engineText}` : undefined;
  }
  const sections = [
    `**${rule.title}** · \`${rule.id}\` · ${rule.severity}${rule.profile ? ` · ${rule.profile} profile` : ''}`,
    rule.docs.description,
    `**Why it matters.** ${rule.docs.rationale}`,
    `**Fix.** ${rule.docs.fix}`,
  ].filter((section) => !section.endsWith('** '));
  if (options.examples) {
    sections.push(`**Incorrect**\n\n\`\`\`yaml\n${rule.docs.incorrect.trimEnd()}\n\`\`\``);
    sections.push(`**Correct**\n\n\`\`\`yaml\n${rule.docs.correct.trimEnd()}\n\`\`\``);
  }
  if (rule.docs.notes) sections.push(`**Notes.** ${rule.docs.notes}`);
  // Custom rules (customRules: of .kube-hardener.yaml) have no documentation page.
  if (isBuiltInRule(rule.id)) sections.push(`[Rule documentation](${ruleDocsUrl(rule.id)})`);
  return sections.join('\n\n');
}

/** The same documentation as plain text, for clients that do not render markdown. */
export function ruleDocsPlainText(ruleId: string): string | undefined {
  const rule = ruleById(ruleId);
  if (!rule) return ruleDocsMarkdown(ruleId)?.replace(/\*\*/g, '');
  return [`${rule.title} (${rule.id}, ${rule.severity})`, rule.docs.description, `Why: ${rule.docs.rationale}`, `Fix: ${rule.docs.fix}`, ruleDocsUrl(rule.id)].join('\n\n');
}
