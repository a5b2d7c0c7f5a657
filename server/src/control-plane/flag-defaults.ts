import { describeObject, K8sObject } from '../engine/objects.ts';
import { isAtLeast } from '../engine/versions.ts';

/** The binaries whose flags the control-plane rules read. */
export type Component = 'etcd' | 'kube-apiserver' | 'kubelet';
export const COMPONENTS: Component[] = ['etcd', 'kube-apiserver', 'kubelet'];

/**
 * Flags that take no separate value: `--profiling false` is `--profiling` (true) and a stray
 * argument, as pflag and Go's flag package read it. Only `--profiling=false` turns them off.
 */
export const BOOLEAN_FLAGS: Record<Component, Set<string>> = {
  'etcd': new Set(['client-cert-auth', 'peer-client-cert-auth', 'auto-tls', 'peer-auto-tls']),
  'kube-apiserver': new Set(['anonymous-auth', 'profiling']),
  'kubelet': new Set(['anonymous-auth']),
};

/**
 * The value each binary uses for a flag it is not given, by Kubernetes version. Sources:
 * kube-apiserver `pkg/kubeapiserver/options/authentication.go` (anonymous-auth true),
 * `staging/src/k8s.io/apiserver/pkg/server/options/feature.go` (profiling true),
 * `pkg/kubeapiserver/options/authorization.go` (authorization-mode AlwaysAllow),
 * insecure-port 8080 before 1.20 (PR #95856: only 0 allowed from 1.20, the flag removed in 1.24);
 * etcd `server/embed/config.go` (client/peer cert auth and auto-TLS off);
 * kubelet `cmd/kubelet/app/options/options.go` `applyLegacyDefaults` (anonymous-auth true,
 * authorization-mode AlwaysAllow, read-only-port 10255).
 */
export function binaryDefault(component: Component, flag: string, version: string): string | undefined {
  switch (`${component} ${flag}`) {
    case 'kube-apiserver anonymous-auth': return 'true';
    case 'kube-apiserver profiling': return 'true';
    case 'kube-apiserver authorization-mode': return 'AlwaysAllow';
    case 'kube-apiserver insecure-port': return isAtLeast(version, 1, 20) ? '0' : '8080';
    case 'etcd client-cert-auth':
    case 'etcd peer-client-cert-auth':
    case 'etcd auto-tls':
    case 'etcd peer-auto-tls': return 'false';
    case 'kubelet anonymous-auth': return 'true';
    case 'kubelet authorization-mode': return 'AlwaysAllow';
    case 'kubelet read-only-port': return '10255';
    case 'kubelet authentication-token-webhook': return 'false';
    default: return undefined;
  }
}

/**
 * The kubelet's values when it reads a KubeletConfiguration (kubelet.config.k8s.io/v1beta1,
 * `pkg/kubelet/apis/config/v1beta1/defaults.go`): anonymous auth off, Webhook authorization,
 * read-only port 0. kubeadm always starts the kubelet with such a file.
 */
export const KUBELET_CONFIG_DEFAULTS: Record<string, string> = {
  'anonymous-auth': 'false',
  'authorization-mode': 'Webhook',
  'read-only-port': '0',
  'authentication-token-webhook': 'true',
};

/** Flags kubeadm writes into the static pods it generates (`cmd/kubeadm/app/phases/controlplane` and `etcd`). */
export const KUBEADM_APISERVER_FLAGS: Record<string, string> = {
  'authorization-mode': 'Node,RBAC',
  'enable-admission-plugins': 'NodeRestriction',
  'kubelet-client-certificate': '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  'kubelet-client-key': '/etc/kubernetes/pki/apiserver-kubelet-client.key',
  'client-ca-file': '/etc/kubernetes/pki/ca.crt',
  'tls-cert-file': '/etc/kubernetes/pki/apiserver.crt',
  'tls-private-key-file': '/etc/kubernetes/pki/apiserver.key',
};

export const KUBEADM_LOCAL_ETCD_CLIENT_FLAGS: Record<string, string> = {
  'etcd-cafile': '/etc/kubernetes/pki/etcd/ca.crt',
  'etcd-certfile': '/etc/kubernetes/pki/apiserver-etcd-client.crt',
  'etcd-keyfile': '/etc/kubernetes/pki/apiserver-etcd-client.key',
};

export const KUBEADM_ETCD_FLAGS: Record<string, string> = {
  'cert-file': '/etc/kubernetes/pki/etcd/server.crt',
  'key-file': '/etc/kubernetes/pki/etcd/server.key',
  'client-cert-auth': 'true',
  'trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
  'peer-cert-file': '/etc/kubernetes/pki/etcd/peer.crt',
  'peer-key-file': '/etc/kubernetes/pki/etcd/peer.key',
  'peer-client-cert-auth': 'true',
  'peer-trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
};

/**
 * Values other written flags decide: a kubelet started with `--config` takes the file's values
 * (the KubeletConfiguration defaults where the file is silent); an API server with
 * `--authentication-config` or `--authorization-config` reads anonymous auth or its authorizers
 * from that file, which we cannot see (null: not judged).
 */
export function impliedByFlags(component: Component, written: (name: string) => boolean): Record<string, string | null> {
  const implied: Record<string, string | null> = {};
  if (component === 'kubelet' && written('config')) Object.assign(implied, KUBELET_CONFIG_DEFAULTS);
  if (component === 'kube-apiserver' && written('authentication-config')) implied['anonymous-auth'] = null;
  if (component === 'kube-apiserver' && written('authorization-config')) implied['authorization-mode'] = null;
  return implied;
}

/** A config kind named as people know it: `ClusterConfiguration`, or `ClusterConfiguration prod` when it has a name. */
export function describeConfig(object: K8sObject): string {
  return object.name ? describeObject(object) : object.kind;
}
