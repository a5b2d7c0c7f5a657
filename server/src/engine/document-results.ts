import type { Document } from 'yaml';
import type { ResolvedConfig } from './config.ts';
import { factsMadeFrom } from './facts.ts';
import type { Finding, Fix } from './lint.ts';
import type { ManifestDoc, ManifestFile } from './parse.ts';
import type { Rule } from './rule.ts';
import type { WorkspaceIndex } from './workspace.ts';

// What an editor keeps between lints of the same file, per parsed `---` document (the parse cache
// hands out the same Document for the same text): an edit re-runs rules only on the documents it
// touched. Off for a one-pass scan, where it would only cost memory.

/**
 * What cross-file findings of a file depend on: the index's facts apart from offsets, valid only
 * when the index holds the facts of this very parse of the file (else, e.g. between the passes of
 * fix-all, its own objects may differ from the index's: no reuse).
 */
export interface CrossFileStamp {
  index?: WorkspaceIndex;
  semanticVersion: number;
}

/** The stamp of results that read no other file: valid whatever the index says. */
export const NO_INDEX: CrossFileStamp = { semanticVersion: -1 };
const UNUSABLE: CrossFileStamp = { semanticVersion: -2 };

/** The stamp of a lint of `file` against `index`. */
export function crossFileStamp(file: ManifestFile, index: WorkspaceIndex): CrossFileStamp {
  if (!factsMadeFrom(index.factsOf(file.path), file)) return UNUSABLE;
  return { index, semanticVersion: index.semanticVersion };
}

function sameStamp(kept: CrossFileStamp, now: CrossFileStamp): boolean {
  return kept === NO_INDEX || (kept !== UNUSABLE && kept.index === now.index && kept.semanticVersion === now.semanticVersion);
}

interface Kept {
  offset: number;
  stamp: CrossFileStamp;
  findings: Finding[];
}

/**
 * Kept per document for one configuration, path and rule set: the document's final findings
 * (suppressions applied), and what each rule found (reused when only some rules must run again,
 * e.g. the cross-file ones after another file changed). Findings with related information
 * (locations elsewhere, which move without notice) are not kept.
 */
interface DocumentResults {
  config: ResolvedConfig;
  path: string;
  rules: readonly Rule[];
  whole?: Kept;
  byRule: Map<string, Kept>;
}

const documentResults = new WeakMap<Document.Parsed, DocumentResults>();

/** What is kept for a document under these inputs (a fresh, empty record when the inputs changed). */
export function resultsOfDocument(doc: ManifestDoc, path: string, config: ResolvedConfig, rules: readonly Rule[]): DocumentResults {
  const known = documentResults.get(doc.yaml);
  if (known && known.config === config && known.path === path && known.rules === rules) return known;
  const fresh: DocumentResults = { config, path, rules, byRule: new Map() };
  documentResults.set(doc.yaml, fresh);
  return fresh;
}

/** The document's kept final findings, moved to where it is now; undefined when they cannot be reused. */
export function reusedDocument(results: DocumentResults, doc: ManifestDoc, stamp: CrossFileStamp): Finding[] | undefined {
  const kept = results.whole;
  if (!kept || !sameStamp(kept.stamp, stamp)) return undefined;
  if (kept.offset === doc.offset) return kept.findings;
  // Moved: keep the moved copies, so the next edit that does not move it again reuses them as they are.
  kept.findings = kept.findings.map((finding) => shifted(finding, doc.offset - kept.offset));
  kept.offset = doc.offset;
  return kept.findings;
}

/** Keeps a document's final findings (`stamp` NO_INDEX when no rule read the index). */
export function rememberDocument(results: DocumentResults, doc: ManifestDoc, stamp: CrossFileStamp, findings: Finding[]): void {
  if (stamp === UNUSABLE || findings.some((finding) => finding.related !== undefined)) {
    results.whole = undefined;
    return;
  }
  results.whole = { offset: doc.offset, stamp, findings };
}

/**
 * Pushes what a rule found in a document before, moved to where the document is now, and returns
 * the stamp it was kept with; undefined when the rule must run again.
 */
export function reusedRule(results: DocumentResults | undefined, ruleId: string, doc: ManifestDoc, stamp: CrossFileStamp, sink: Finding[]): CrossFileStamp | undefined {
  const kept = results?.byRule.get(ruleId);
  if (!kept || !sameStamp(kept.stamp, stamp)) return undefined;
  const delta = doc.offset - kept.offset;
  for (const finding of kept.findings) sink.push(delta === 0 ? finding : shifted(finding, delta));
  return kept.stamp;
}

/** Keeps what a rule found in a document. */
export function rememberRule(results: DocumentResults | undefined, ruleId: string, doc: ManifestDoc, stamp: CrossFileStamp, findings: Finding[]): void {
  if (!results) return;
  if (stamp === UNUSABLE || findings.some((finding) => finding.related !== undefined)) {
    results.byRule.delete(ruleId);
    return;
  }
  results.byRule.set(ruleId, { offset: doc.offset, stamp, findings });
}

/** A copy of a finding moved by `delta` characters. */
function shifted(finding: Finding, delta: number): Finding {
  return finding instanceof MovedFinding ? new MovedFinding(finding.origin, finding.delta + delta) : new MovedFinding(finding, delta);
}

/**
 * A finding of an unchanged document that moved: typing moves every document below the cursor,
 * so its fixes (many edits each) are moved only when asked for (a code action), not on every keystroke.
 */
class MovedFinding implements Finding {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly related?: Finding['related'];
  private movedFixes?: Fix[];

  constructor(
    /** The finding as it was computed. */
    readonly origin: Finding,
    readonly delta: number,
  ) {
    this.ruleId = origin.ruleId;
    this.severity = origin.severity;
    this.message = origin.message;
    this.start = origin.start + delta;
    this.end = origin.end + delta;
    if (origin.related !== undefined) this.related = origin.related;
  }

  get fixes(): Fix[] {
    const delta = this.delta;
    this.movedFixes ??= this.origin.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + delta, end: edit.end + delta })) }));
    return this.movedFixes;
  }

  /** The plain finding (JSON output and copies see the same fields as of any other finding). */
  toJSON(): Finding {
    const { ruleId, severity, message, start, end, related, fixes } = this;
    return related === undefined ? { ruleId, severity, message, start, end, fixes } : { ruleId, severity, message, start, end, fixes, related };
  }
}
