import type { Rule } from '../../engine/rule.ts';
import privilegedContainer from './privileged-container.ts';

/** The rules of this category, in catalog order. */
export const podSecurityRules: Rule[] = [privilegedContainer];
