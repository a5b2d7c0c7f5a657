import { isMap, Scalar, YAMLMap } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { Doc, mapPairs, nodeAt, seqItems, stringAt } from '../../engine/nodes.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { restrictedVolumeTypeFrom, restrictedVolumeTypes, shortVersion } from './pss-data.ts';

/** The rule that already reports hostPath volumes, in both profiles. */
const HOST_PATH_RULE = 'host-path-volume';

export default defineRule({
  id: 'restricted-volume-types',
  title: 'Volume type outside the restricted list',
  category: 'pod-security',
  severity: 'warning',
  profile: 'restricted',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags pod volumes whose type is not one the restricted profile allows: configMap, csi, downwardAPI, emptyDir, ' +
      'ephemeral, persistentVolumeClaim, projected, secret, and (from Kubernetes 1.33) image.',
    rationale:
      'The other volume types reach storage directly from the node: NFS, iSCSI, Ceph, cloud disks, gitRepo (which runs ' +
      'git on the node) and hostPath. They bypass the PersistentVolume layer where administrators decide what a ' +
      'namespace may mount, carry credentials in the pod spec, and several have had node-level exploits (gitRepo ' +
      'CVE-2024-10220, subPath escapes).',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: reports
spec:
  containers:
    - name: app
      image: registry.example.com/reports:3.2
      volumeMounts:
        - name: archive
          mountPath: /archive
  volumes:
    - name: archive
      nfs:
        server: nfs.example.com
        path: /exports/archive
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: reports
spec:
  containers:
    - name: app
      image: registry.example.com/reports:3.2
      volumeMounts:
        - name: archive
          mountPath: /archive
  volumes:
    - name: archive
      persistentVolumeClaim:
        claimName: archive
`,
    fix: 'None: define the storage as a PersistentVolume (or a CSI driver) and mount it through a persistentVolumeClaim.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/concepts/storage/volumes/',
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/policy/check_restrictedVolumes.go',
    ],
    notes:
      'hostPath volumes are left to host-path-volume, which runs in both profiles and tells sensitive paths apart, so a ' +
      'hostPath volume gets one finding, not two; when host-path-volume is turned off, this rule reports hostPath too. ' +
      'The `image` volume type is allowed from 1.33, as pod-security-admission does since that release (the catalog\'s ' +
      'list predates it).',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    const yaml = ctx.object.yaml;
    const allowed = restrictedVolumeTypes(ctx.config.kubernetesVersion);
    const hostPathReportedElsewhere = ctx.config.rules.get(HOST_PATH_RULE)?.enabled ?? false;
    for (const volume of seqItems(yaml, nodeAt(yaml, workload.podSpec, 'volumes'))) {
      if (!isMap(volume)) continue;
      const typeKey = volumeTypeKey(yaml, volume);
      if (!typeKey) continue;
      const type = String(typeKey.value);
      if (allowed.includes(type) || (type === 'hostPath' && hostPathReportedElsewhere)) continue;
      const name = stringAt(yaml, volume, 'name') ?? '(unnamed)';
      const version = shortVersion(ctx.config.kubernetesVersion);
      const allowedLater = restrictedVolumeTypeFrom(type);
      const advice = allowedLater
        ? `it is allowed from Kubernetes ${allowedLater} and the configured version is ${version}`
        : 'mount the storage through a persistentVolumeClaim';
      ctx.report({ node: typeKey, message: `volume "${name}" uses ${type}, a type the restricted profile does not allow: ${advice}` });
    }
  },
});

/** The key that names a volume's source: its first key other than `name`. */
function volumeTypeKey(yaml: Doc, volume: YAMLMap): Scalar | undefined {
  return mapPairs(yaml, volume).find((pair) => String(pair.key.value) !== 'name')?.key;
}
