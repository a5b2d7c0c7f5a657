import type { Rule } from '../../engine/rule.ts';
import admissionPolicyViolation from './admission-policy-violation.ts';

/** The rules of this category, in catalog order. */
export const admissionRules: Rule[] = [admissionPolicyViolation];
