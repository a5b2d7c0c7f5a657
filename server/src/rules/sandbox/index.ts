import type { Rule } from '../../engine/rule.ts';
import unsandboxedUntrustedWorkload from './unsandboxed-untrusted-workload.ts';
import unknownRuntimeClass from './unknown-runtime-class.ts';

/** The rules of this category, in catalog order. */
export const sandboxRules: Rule[] = [unsandboxedUntrustedWorkload, unknownRuntimeClass];
