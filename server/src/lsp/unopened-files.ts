import type { Finding } from '../engine/lint.ts';
import { findingsOf, lintOptionsFor } from './analysis.ts';
import type { ServerContext } from './context.ts';
import { readManifest } from './index-tracker.ts';
import { uriToPath } from './uris.ts';

/** Lints an unopened file from the disk, updates its index facts and pushes its diagnostics. */
export async function relintUnopened(ctx: ServerContext, uri: string): Promise<{ skipped?: string; findings: Finding[] } | undefined> {
  const path = uriToPath(uri);
  if (ctx.openDocument(path)) return undefined;
  const file = await readManifest(path);
  if (!file) {
    ctx.scanned.delete(uri);
    ctx.diagnostics.publishUnopened(uri, []);
    return undefined;
  }
  const settings = await ctx.settings.forPath(path);
  ctx.tracker.update(file, settings.config);
  const log = (message: string) => ctx.connection.console.error(message);
  const findings = findingsOf(file, settings, lintOptionsFor(settings, ctx.tracker.index, log));
  ctx.scanned.add(uri);
  ctx.diagnostics.publishUnopened(uri, ctx.diagnostics.diagnosticsOfFile(file, findings, undefined));
  return { skipped: file.skipped, findings };
}

