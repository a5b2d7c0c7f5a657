import type { ResolvedConfig } from './config.ts';
import type { K8sObject } from './objects.ts';

/**
 * The namespace an object lands in: its `metadata.namespace`, else the configured default.
 * The single place that decides it for the CLI and the server, so that a kustomization.yaml
 * `namespace:` (which wins over the default) can be added here without touching the callers.
 */
export function resolveNamespace(path: string, object: K8sObject, config: ResolvedConfig): string {
  return object.namespace ?? config.defaultNamespace;
}
