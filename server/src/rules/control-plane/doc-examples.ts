// The static pods the control-plane rules' docs show as incorrect and correct examples.

const IMAGES = {
  etcd: 'registry.k8s.io/etcd:3.5.21-0',
  'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.33.1',
} as const;

/** A kubeadm-style static pod of `component` running it with `flags`, as a docs example. */
export function staticPodExample(component: keyof typeof IMAGES, flags: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `    - name: ${component}`,
    `      image: ${IMAGES[component]}`,
    '      command:',
    `        - ${component}`,
    ...flags.map((flag) => `        - ${flag}`),
    '',
  ].join('\n');
}
