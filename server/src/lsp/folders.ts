import { sep } from 'node:path';
import type { InitializeParams, WorkspaceFolder, WorkspaceFoldersChangeEvent } from './protocol.ts';
import { normalizeUri, pathToUri, uriToPath } from './uris.ts';

/** A workspace folder with its file system path. */
export interface Folder {
  uri: string;
  path: string;
  name: string;
}

/** The workspace folders the client opened, kept current through workspace/didChangeWorkspaceFolders. */
export class WorkspaceFolders {
  private folders: Folder[] = [];

  /** Takes the folders from initialize (workspaceFolders, else the deprecated rootUri/rootPath). */
  initialize(params: InitializeParams): void {
    if (params.workspaceFolders && params.workspaceFolders.length > 0) {
      this.folders = params.workspaceFolders.filter(isFileFolder).map(toFolder);
    } else if (params.rootUri) {
      this.folders = [toFolder({ uri: params.rootUri, name: 'root' })];
    } else if (params.rootPath) {
      this.folders = [{ uri: pathToUri(params.rootPath), path: params.rootPath, name: 'root' }];
    }
  }

  /** Applies a change event; returns the folders that were added. */
  change(event: WorkspaceFoldersChangeEvent): Folder[] {
    const removed = new Set(event.removed.map((folder) => normalizeUri(folder.uri)));
    const added = event.added.filter(isFileFolder).map(toFolder);
    this.folders = [...this.folders.filter((folder) => !removed.has(folder.uri)), ...added];
    return added;
  }

  /** The current workspace folders. */
  all(): readonly Folder[] {
    return this.folders;
  }

  /** The innermost workspace folder holding a path, if any. */
  folderOf(path: string): Folder | undefined {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      const inside = path === folder.path || path.startsWith(folder.path.endsWith(sep) ? folder.path : folder.path + sep);
      if (inside && (!best || folder.path.length > best.path.length)) best = folder;
    }
    return best;
  }
}

function isFileFolder(folder: WorkspaceFolder): boolean {
  return folder.uri.startsWith('file:');
}

function toFolder(folder: WorkspaceFolder): Folder {
  return { uri: normalizeUri(folder.uri), path: uriToPath(folder.uri), name: folder.name };
}
