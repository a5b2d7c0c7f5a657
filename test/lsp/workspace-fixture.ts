// Temp-folder workspaces and manifests for the language server tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseErrorsOf } from '../helpers/lint.ts';

/** A temp folder with files, removed by cleanup(). */
export interface TempWorkspace {
  dir: string;
  path(name: string): string;
  uri(name: string): string;
  write(name: string, text: string): void;
  cleanup(): void;
}

/** Creates a workspace folder holding the given files (relative path -> text). */
export function tempWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'kube-hardener-lsp-'));
  const workspace: TempWorkspace = {
    dir,
    path: (name) => join(dir, name),
    uri: (name) => pathToFileURL(join(dir, name)).href,
    write(name, text) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) workspace.write(name, text);
  return workspace;
}

/** True when every document of a YAML text parses without errors. */
export function parsesCleanly(text: string): boolean {
  return parseErrorsOf(text).length === 0;
}

/** A Pod with a privileged container; line 10 holds `privileged: true` (column 20) and a comment. */
export const PRIVILEGED_POD = `# a pod that runs privileged
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true # keep this comment
`;

/** A Deployment with two privileged containers, 4-space indentation. */
export const TWO_PRIVILEGED = `apiVersion: apps/v1
kind: Deployment
metadata:
    name: api   # the api
spec:
    template:
        spec:
            containers:
                -   name: one
                    image: nginx:1.27
                    securityContext:
                        privileged: true
                -   name: two
                    image: nginx:1.27
                    securityContext: {privileged: true}
`;

/** A Helm template: the server must skip it, saying why. */
export const HELM_TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  containers:
    - name: app
      image: {{ .Values.image }}
`;

/** Diagnostics of one rule. */
export function ofRule<T extends { code?: unknown }>(diagnostics: T[], ruleId: string): T[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === ruleId);
}

/** The text of a diagnostic message (LSP 3.18 allows markup there). */
export function messageOf(diagnostic: { message: string | { value: string } }): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
