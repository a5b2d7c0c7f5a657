// Kubernetes' CEL libraries, registered on top of the standard library of @marcbachmann/cel-js.
import type { Environment } from '@marcbachmann/cel-js';
import { registerQuantity } from './quantity.ts';
import { registerSemver } from './semver.ts';
import { isCanonicalIP, registerIP } from './ip.ts';
import { registerLists, setContains, setIntersects } from './lists.ts';
import { guardedMatches, registerRegex } from './regex.ts';
import { registerURL } from './url.ts';
import { registerComprehensions } from './comprehensions.ts';
import { registerStrings } from './strings.ts';
import { registerAuthorizer } from './authorizer.ts';
import { registerFormat } from './format.ts';
import { registerStringFormat } from './string-format.ts';
import { registerImage } from './image.ts';

class SetsNamespace {}
class IPNamespace {}

/** Registers every Kubernetes library we implement (see the README's CEL section for the list). */
export function registerKubernetesLibraries(env: Environment): void {
  registerQuantity(env);
  registerSemver(env);
  registerIP(env);
  registerLists(env);
  registerRegex(env);
  registerURL(env);
  registerComprehensions(env);
  registerStrings(env);
  registerAuthorizer(env);
  registerFormat(env);
  registerStringFormat(env);
  registerImage(env);
  env.registerType('kubernetes.SetsNamespace', SetsNamespace);
  env.registerConstant('sets', 'kubernetes.SetsNamespace', new SetsNamespace());
  env.registerFunction('kubernetes.SetsNamespace.contains(list, list): bool', (_sets: unknown, a: unknown[], b: unknown[]) => setContains(a, b));
  env.registerFunction('kubernetes.SetsNamespace.equivalent(list, list): bool', (_sets: unknown, a: unknown[], b: unknown[]) => setContains(a, b) && setContains(b, a));
  env.registerFunction('kubernetes.SetsNamespace.intersects(list, list): bool', (_sets: unknown, a: unknown[], b: unknown[]) => setIntersects(a, b));
  env.registerType('kubernetes.IPNamespace', IPNamespace);
  env.registerConstant('ip', 'kubernetes.IPNamespace', new IPNamespace());
  env.registerFunction('kubernetes.IPNamespace.isCanonical(string): bool', (_ip: unknown, text: string) => isCanonicalIP(text));
  env.registerFunction('string.kubeHardenerMatches(string): bool', guardedMatches);
  env.registerFunction('kubeHardenerMatches(string, string): bool', guardedMatches);
}
