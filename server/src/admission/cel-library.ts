// @marcbachmann/cel-js, loaded the first time a CEL expression is compiled. Its module top level
// builds the standard library (about 6 ms, nearly all of what the server's bundle spends on rule
// data at start), and most workspaces have no admission policy or custom rule. esbuild bundles a
// `require` of an ES module as a module initialised at that call, so every value of the library
// must come through here; type imports may stay where they are.
type CelJs = typeof import('@marcbachmann/cel-js');

let library: CelJs | undefined;

/** The CEL library's exports; the first call loads it. */
export function celJs(): CelJs {
  return (library ??= require('@marcbachmann/cel-js') as CelJs);
}
