import type { Rule } from '../../engine/rule.ts';
import missingSecurityContext from './missing-security-context.ts';
import runAsRoot from './run-as-root.ts';
import privilegeEscalation from './privilege-escalation.ts';
import writableRootFilesystem from './writable-root-filesystem.ts';
import privilegedContainer from './privileged-container.ts';
import capabilitiesNotDropped from './capabilities-not-dropped.ts';
import dangerousCapabilities from './dangerous-capabilities.ts';
import seccompUnconfined from './seccomp-unconfined.ts';
import missingSeccompProfile from './missing-seccomp-profile.ts';
import hostNamespaces from './host-namespaces.ts';
import hostPathVolume from './host-path-volume.ts';
import hostPort from './host-port.ts';
import unsafeProcMount from './unsafe-proc-mount.ts';
import hostProbesAndLifecycle from './host-probes-and-lifecycle.ts';
import unsafeSysctls from './unsafe-sysctls.ts';
import selinuxOverride from './selinux-override.ts';
import apparmorUnconfined from './apparmor-unconfined.ts';
import windowsHostProcess from './windows-host-process.ts';
import restrictedVolumeTypes from './restricted-volume-types.ts';
import bidirectionalMountPropagation from './bidirectional-mount-propagation.ts';

/** The rules of this category, in catalog order. */
export const podSecurityRules: Rule[] = [
  missingSecurityContext,
  runAsRoot,
  privilegeEscalation,
  writableRootFilesystem,
  privilegedContainer,
  capabilitiesNotDropped,
  dangerousCapabilities,
  seccompUnconfined,
  missingSeccompProfile,
  hostNamespaces,
  hostPathVolume,
  hostPort,
  unsafeProcMount,
  hostProbesAndLifecycle,
  unsafeSysctls,
  selinuxOverride,
  apparmorUnconfined,
  windowsHostProcess,
  restrictedVolumeTypes,
  bidirectionalMountPropagation,
];
