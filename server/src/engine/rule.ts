import type { Node, Pair } from 'yaml';
import type { TextEdit, DocEditor } from './edits.ts';
import type { K8sObject } from './objects.ts';
import type { Container, Workload } from './workloads.ts';
import type { ResolvedConfig } from './config.ts';
import type { WorkspaceIndex } from './workspace.ts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
export type Profile = 'baseline' | 'restricted';
export type Category =
  | 'pod-security'
  | 'sandbox'
  | 'workload'
  | 'rbac'
  | 'network'
  | 'control-plane'
  | 'api-versions'
  | 'admission';

/** The documentation of a rule, in the same sections every time. */
export interface RuleDocs {
  /** What the rule flags, one or two sentences. */
  description: string;
  /** Why it matters: the attack it enables. */
  rationale: string;
  /** A manifest the rule flags. */
  incorrect: string;
  /** The same manifest, hardened. */
  correct: string;
  /** What the fix does, or why there is none. */
  fix: string;
  references: string[];
  /** Where this rule deliberately differs from the catalog's wording, and why. */
  notes?: string;
}

/** A rule option, declared so that config files and settings are validated and documented. */
export interface OptionSpec {
  type: 'boolean' | 'string' | 'number' | 'string[]' | 'number[]' | 'object';
  default: unknown;
  description: string;
  /** number, number[]: whole numbers only, from `minimum` to `maximum` (any number must be finite). */
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  /** object: the keys it may have and their types (`string-map`: a mapping of strings); others are rejected. */
  properties?: Record<string, OptionPropertyType>;
}

/** The type of a key inside an `object` option. */
export type OptionPropertyType = 'boolean' | 'string' | 'number' | 'string[]' | 'string-map';

export interface FixSpec {
  title: string;
  /** Safe fixes keep the manifest's meaning apart from the hardening; unsafe ones need `--unsafe-fixes`. */
  safe?: boolean;
  /** Edits in offsets of the current document (ctx.report shifts them to file offsets). */
  edits: TextEdit[];
  /** New files a fix creates (cross-file fixes), with paths relative to the linted file's folder. */
  createFiles?: { path: string; text: string }[];
}

export interface RelatedInfo {
  message: string;
  path: string;
  start: number;
  end: number;
}

export interface ReportSpec {
  /** What the finding points at: a node or pair of the current document. */
  node?: Node | Pair | null;
  /** Or an explicit [start, end) in document offsets. */
  range?: [number, number];
  message: string;
  /** Overrides the rule's default severity for this finding (config still wins). */
  severity?: Severity;
  fixes?: FixSpec[];
  related?: RelatedInfo[];
}

export interface RuleContext {
  object: K8sObject;
  config: ResolvedConfig;
  /** This rule's options, defaults applied. */
  options: Record<string, any>;
  index: WorkspaceIndex;
  /** The workload this object is, if it carries a pod template. */
  workload(): Workload | undefined;
  containers(): readonly Container[];
  editor(): DocEditor;
  report(spec: ReportSpec): void;
}

export interface RuleMeta {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /** The Pod Security level the rule belongs to; `baseline` rules run in both profiles. */
  profile?: Profile;
  /** Cross-file (needs the workspace index) or control-plane rules. */
  scope?: 'cross-file' | 'control-plane';
  /** Object kinds the rule reads; `*` for every kind. */
  kinds: string[] | '*';
  docs: RuleDocs;
  fixable: boolean;
  options?: Record<string, OptionSpec>;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): void;
}

/** Declares a rule: its metadata beside its check. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export const DOCS_BASE_URL = 'https://github.com/kube-hardener/kube-hardener/blob/main/docs/rules/';

/** The documentation address of a rule. */
export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
