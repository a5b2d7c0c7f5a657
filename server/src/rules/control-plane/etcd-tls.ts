import type { RuleContext } from '../../engine/rule.ts';
import { FlagSource, flagTarget, hasFlag, isTrueFlag, resolveFlag, setFlagFix } from '../../control-plane/flags.ts';

/** The flags of one side of etcd's TLS: clients or peers. */
export interface EtcdTlsFlags {
  certFlags: [string, string];
  authFlag: string;
  caFlag: string;
  autoTlsFlag: string;
  urlFlags: string[];
  who: 'clients' | 'peers';
}

/** Reports what leaves one side of etcd's TLS open: missing certificates, no client certificate check, auto-TLS, http URLs. */
export function checkEtcdTls(ctx: RuleContext, source: FlagSource, flags: EtcdTlsFlags): void {
  const version = ctx.config.kubernetesVersion;
  const missing = flags.certFlags.filter((name) => !hasFlag(source, name));
  if (missing.length > 0) {
    ctx.report({
      node: source.anchor,
      message: `etcd (${source.where}) talks to ${flags.who} without TLS: ${missing.map((name) => `--${name}`).join(' and ')} not set`,
    });
  }
  const auth = resolveFlag(source, flags.authFlag, version);
  if (auth.known && !isTrueFlag(auth.value)) {
    const fix = hasFlag(source, flags.caFlag) ? setFlagFix(source, flags.authFlag, 'true', ctx.editor()) : undefined;
    ctx.report({
      ...flagTarget(source, flags.authFlag),
      message: `etcd (${source.where}) accepts ${flags.who} without a certificate: --${flags.authFlag} is ${auth.defaulted ? 'not set (default false)' : `"${auth.value}"`}`,
      fixes: fix ? [fix] : [],
    });
  }
  const autoTls = resolveFlag(source, flags.autoTlsFlag, version);
  if (autoTls.written && isTrueFlag(autoTls.value)) {
    ctx.report({
      ...flagTarget(source, flags.autoTlsFlag),
      message: `etcd (${source.where}) uses self-signed certificates for ${flags.who} (--${flags.autoTlsFlag}=true): they cannot be verified`,
    });
  }
  for (const name of flags.urlFlags) {
    const urls = resolveFlag(source, name, version);
    if (urls.written && /(^|,)\s*http:\/\//.test(urls.value ?? '')) {
      ctx.report({ ...flagTarget(source, name), message: `etcd (${source.where}) serves ${flags.who} over plain http (--${name})` });
    }
  }
}
