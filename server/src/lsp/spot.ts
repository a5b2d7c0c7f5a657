// "One cause, one place": several findings on one token (a container without securityContext
// draws missing-security-context and the per-field rules) are fixed together by the largest fix.
// The editor finds out which fix covers which findings by applying it to the document and
// checking it again; the findings themselves stay one per rule (CLI, JSON and SARIF keep them).
import { applicableFix, applyEdits, MAX_FIX_PASSES, selectCompatibleFixes } from '../engine/fix.ts';
import { Finding, Fix, lintText } from '../engine/lint.ts';
import type { ManifestDoc } from '../engine/parse.ts';
import type { Analysis } from './analysis.ts';
import { minimalEdit } from './positions.ts';

/** A fix offered at a spot, with the findings of the spot it makes go away. */
export interface SpotFix {
  fix: Fix;
  /** The finding that proposed it. */
  owner: Finding;
  /** The findings of the spot this fix resolves (its owner included). */
  covers: Finding[];
  /** True for the fix made of every safe fix of the spot (its title already says how many). */
  combined?: boolean;
}

const coverCache = new WeakMap<Analysis, Map<string, Finding[]>>();

/**
 * The fixes of the findings at a spot, best first: safe before unsafe, then the one that resolves
 * the most findings, then the order the rules gave. Identical fixes offered by two rules appear once.
 */
export function rankFixes(analysis: Analysis, findings: Finding[], usable: (fix: Fix) => boolean): SpotFix[] {
  const seen = new Set<string>();
  const candidates: SpotFix[] = [];
  for (const owner of findings) {
    for (const fix of owner.fixes) {
      const key = fixKey(fix);
      if (!usable(fix) || seen.has(key)) continue;
      seen.add(key);
      candidates.push({ fix, owner, covers: [owner] });
    }
  }
  const withFixes = findings.filter((finding) => finding.fixes.length > 0);
  if (withFixes.length > 1) {
    for (const candidate of candidates) {
      if (!candidate.fix.createFiles?.length) candidate.covers = coveredBy(analysis, candidate.fix, findings, candidate.owner);
    }
  }
  const combined = withFixes.length > 1 ? combinedFix(analysis, findings) : undefined;
  const bestSingle = Math.max(0, ...candidates.filter((candidate) => candidate.fix.safe).map((candidate) => candidate.covers.length));
  if (combined && combined.covers.length > bestSingle) candidates.push(combined);
  return candidates
    .map((candidate, order) => ({ candidate, order }))
    .sort((a, b) => Number(b.candidate.fix.safe) - Number(a.candidate.fix.safe) || b.candidate.covers.length - a.candidate.covers.length || a.order - b.order)
    .map(({ candidate }) => candidate);
}

/** The findings of the spot that are gone once the fix is applied (the document is checked again, alone). */
function coveredBy(analysis: Analysis, fix: Fix, findings: Finding[], owner: Finding): Finding[] {
  let cache = coverCache.get(analysis);
  if (!cache) coverCache.set(analysis, (cache = new Map()));
  const key = fixKey(fix);
  const cached = cache.get(key);
  if (cached) return cached.filter((finding) => findings.includes(finding));
  const doc = documentHolding(analysis, owner.start);
  const covered = doc ? resolvedIn(analysis, doc, fix, findings, owner) : [owner];
  cache.set(key, covered);
  return covered;
}

function resolvedIn(analysis: Analysis, doc: ManifestDoc, fix: Fix, findings: Finding[], owner: Finding): Finding[] {
  const docEnd = doc.offset + doc.text.length;
  if (fix.edits.some((edit) => edit.start < doc.offset || edit.end > docEnd)) return [owner];
  try {
    const local = fix.edits.map((edit) => ({ ...edit, start: edit.start - doc.offset, end: edit.end - doc.offset }));
    const fixedText = applyEdits(doc.text, local);
    const after = lintText(analysis.path, fixedText, analysis.lint).findings;
    if (after.some((finding) => finding.ruleId === 'parse-error')) return [owner];
    const remaining = new Set(after.map(identity));
    return findings.filter((finding) => finding === owner || !remaining.has(identity(finding)));
  } catch {
    return [owner];
  }
}

/** A finding as the same finding after an edit elsewhere: its rule and its message (which names the container). */
function identity(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.message}`;
}

function fixKey(fix: Fix): string {
  return JSON.stringify([fix.edits, fix.createFiles ?? []]);
}

function documentHolding(analysis: Analysis, offset: number): ManifestDoc | undefined {
  return analysis.file.docs.find((doc) => offset >= doc.offset && offset < doc.offset + doc.text.length);
}

/** The findings of an analysis whose range holds the offset (rule findings and engine findings). */
export function findingsAt(analysis: Analysis, offset: number): Finding[] {
  return analysis.findings.filter((finding) => finding.start <= offset && offset <= finding.end);
}

/**
 * One fix doing every safe fix of the spot's findings (five fields of one securityContext, each
 * its own rule): the fix-all loop, run on the spot's document and on its findings only.
 */
function combinedFix(analysis: Analysis, findings: Finding[]): SpotFix | undefined {
  const [owner] = findings;
  const doc = documentHolding(analysis, owner.start);
  if (!doc) return undefined;
  const wanted = new Set(findings.map(identity));
  let text = doc.text;
  try {
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const here = lintText(analysis.path, text, analysis.lint).findings.filter((finding) => wanted.has(identity(finding)));
      const fixes = selectCompatibleFixes(here.map((finding) => applicableFix(finding, {})).filter((fix): fix is Fix => fix !== undefined));
      if (fixes.length === 0) break;
      text = applyEdits(text, fixes.flatMap((fix) => fix.edits));
    }
    const edit = minimalEdit(doc.text, text);
    if (!edit) return undefined;
    const fix: Fix = { title: '', safe: true, edits: [{ start: edit.start + doc.offset, end: edit.end + doc.offset, newText: edit.newText }] };
    const remaining = new Set(lintText(analysis.path, text, analysis.lint).findings.map(identity));
    const covers = findings.filter((finding) => !remaining.has(identity(finding)));
    fix.title = `Fix these ${covers.length} problems together`;
    return covers.length > 1 ? { fix, owner, covers, combined: true } : undefined;
  } catch {
    return undefined;
  }
}
