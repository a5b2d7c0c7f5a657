import { isScalar, Scalar } from 'yaml';
import { nodeAt } from '../../engine/nodes.ts';
import type { Container } from '../../engine/workloads.ts';
import { ImageReference, parseImageReference } from './image-reference.ts';

/** A container's image as written (its value node, for findings) and as parsed. */
export interface ContainerImage {
  node: Scalar;
  text: string;
  reference: ImageReference;
}

/** The image of a container, or undefined when it has none or it is not a plain image reference. */
export function containerImage(container: Container): ContainerImage | undefined {
  const node = nodeAt(container.workload.yaml, container.node, 'image');
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const reference = parseImageReference(node.value);
  return reference ? { node, text: node.value, reference } : undefined;
}
