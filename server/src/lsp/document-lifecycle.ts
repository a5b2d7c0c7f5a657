import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isConfigFile } from './config-file.ts';
import type { ServerContext } from './context.ts';
import { relintUnopened } from './unopened-files.ts';
import { uriToPath } from './uris.ts';
import { reloadConfiguration } from './workspace-sync.ts';

/** An opened document: the editor owns its index facts now; scan results pushed for it are cleared. */
export function documentOpened(ctx: ServerContext, document: TextDocument): void {
  ctx.tracker.setOpen(uriToPath(document.uri), true);
  if (ctx.diagnostics.pull && ctx.scanned.delete(document.uri)) ctx.diagnostics.publishUnopened(document.uri, []);
  ctx.diagnostics.opened(document);
}

/**
 * A closed document: its diagnostics go, the disk's text replaces the editor's in the index (the
 * files that affects are checked again), and a file the scan reported gets its disk diagnostics back.
 */
export async function documentClosed(ctx: ServerContext, document: TextDocument): Promise<void> {
  const path = uriToPath(document.uri);
  ctx.tracker.setOpen(path, false);
  ctx.analyzer.forget(document.uri);
  ctx.diagnostics.closed(document.uri);
  const settings = await ctx.settings.forPath(path);
  const affected = await ctx.tracker.updateFromDisk(path, settings.config);
  ctx.diagnostics.recheck(ctx.openUris(affected));
  if (ctx.scanned.has(document.uri)) await relintUnopened(ctx, document.uri);
}

/** A saved `.kube-hardener.yaml` reloads the configuration for clients that do not watch files for us. */
export async function documentSaved(ctx: ServerContext, document: TextDocument): Promise<void> {
  if (isConfigFile(uriToPath(document.uri)) && !ctx.support.watchedFilesRegistration) await reloadConfiguration(ctx);
}
