import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { modelOf, RbacModel } from '../../server/src/rbac/model.ts';
import { indexOf } from '../helpers/lint.ts';

/** The fixture workspaces of the RBAC tests. */
export const FIXTURES = join('test', 'rbac', 'fixtures');

/** The manifests of a fixture workspace folder (its *.yaml files, the config file left out), by path. */
export function workspaceFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.yaml') && !name.startsWith('.')) files[join(dir, name)] = readFileSync(join(dir, name), 'utf8');
  }
  return files;
}

/** The workspace index of a fixture folder. */
export function loadWorkspace(dir: string): WorkspaceIndex {
  return indexOf(workspaceFiles(dir));
}

/** The permission model of a fixture folder. */
export function loadModel(dir: string): RbacModel {
  return modelOf(loadWorkspace(dir));
}
