import type { Rule } from '../../engine/rule.ts';
import etcdClientTls from './etcd-client-tls.ts';
import etcdPeerTls from './etcd-peer-tls.ts';
import apiserverEtcdTls from './apiserver-etcd-tls.ts';
import apiserverEncryptionAtRest from './apiserver-encryption-at-rest.ts';
import encryptionProviderWeak from './encryption-provider-weak.ts';
import apiserverAuditLogging from './apiserver-audit-logging.ts';
import auditPolicyGaps from './audit-policy-gaps.ts';
import apiserverInsecureFlags from './apiserver-insecure-flags.ts';
import kubeletInsecureConfig from './kubelet-insecure-config.ts';
import apiserverAdmissionPlugins from './apiserver-admission-plugins.ts';
import apiserverKubeletTls from './apiserver-kubelet-tls.ts';

/** The rules of this category, in catalog order. */
export const controlPlaneRules: Rule[] = [
  etcdClientTls,
  etcdPeerTls,
  apiserverEtcdTls,
  apiserverEncryptionAtRest,
  encryptionProviderWeak,
  apiserverAuditLogging,
  auditPolicyGaps,
  apiserverInsecureFlags,
  kubeletInsecureConfig,
  // CIS Benchmark checks beyond the RULES.md catalog (issue #10).
  apiserverAdmissionPlugins,
  apiserverKubeletTls,
];
