import type { Rule } from '../../engine/rule.ts';
import removedApiVersion from './removed-api-version.ts';
import deprecatedApiVersion from './deprecated-api-version.ts';
import invalidApiVersion from './invalid-api-version.ts';

/** The rules of this category, in catalog order. */
export const apiVersionsRules: Rule[] = [removedApiVersion, deprecatedApiVersion, invalidApiVersion];
