import type { Rule } from '../../engine/rule.ts';

/** The rules of this category, in catalog order. */
export const workloadRules: Rule[] = [];
