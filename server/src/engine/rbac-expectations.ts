/** An RBAC expectation from `.kube-hardener.yaml`: "ServiceAccount ci/deployer cannot create pods". */
export interface RbacExpectation {
  subject: { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string };
  allowed: boolean;
  verb: string;
  /** Resource as RBAC names it, with an optional subresource: `pods`, `pods/exec`, `deployments.apps`. */
  resource: string;
  namespace?: string;
  /** The expectation as written, for messages. */
  text: string;
  /** Position of the expectation in the list, for reports on the config file. */
  index: number;
}

const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'] as const;

/** Parses a subject such as `ServiceAccount ci/deployer`, `Group dev` or `User alice`. */
export function parseSubject(text: string): RbacExpectation['subject'] {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(text);
  const kind = SUBJECT_KINDS.find((candidate) => candidate.toLowerCase() === match?.[1].toLowerCase());
  if (!match || !kind) {
    throw new Error(`subject "${text}" must be "User NAME", "Group NAME" or "ServiceAccount NAMESPACE/NAME"`);
  }
  if (kind !== 'ServiceAccount') return { kind, name: match[2] };
  const [namespace, name] = match[2].split('/');
  if (!namespace || !name) throw new Error(`ServiceAccount subject "${text}" must be written NAMESPACE/NAME`);
  return { kind, name, namespace };
}

function parseAction(text: string, context: string): { verb: string; resource: string; namespace?: string } {
  const match = /^\s*(\S+)\s+(\S+)(?:\s+in\s+namespace\s+(\S+))?\s*$/i.exec(text);
  if (!match) throw new Error(`${context}: "${text}" must be "VERB RESOURCE" optionally followed by "in namespace NS"`);
  // Resource names are lower-case in RBAC; a non-resource URL (`/metrics`) is a case-sensitive path.
  const resource = match[2].startsWith('/') ? match[2] : match[2].toLowerCase();
  return { verb: match[1].toLowerCase(), resource, namespace: match[3] };
}

/** Runs a parse step, prefixing its error with where in the list it happened. */
function withContext<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

/** Parses the `rbac.expectations` list in either form; throws an Error naming the bad entry. */
export function parseExpectations(value: unknown): RbacExpectation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('rbac.expectations must be a list');
  const result: RbacExpectation[] = [];
  value.forEach((entry, index) => {
    const where = `rbac.expectations[${index}]`;
    if (typeof entry === 'string') {
      const match = /^\s*(\S+\s+\S+)\s+(can|cannot)\s+(.+)$/i.exec(entry);
      if (!match) throw new Error(`${where}: "${entry}" must read "SUBJECT can|cannot VERB RESOURCE [in namespace NS]"`);
      const action = parseAction(match[3], where);
      result.push({ subject: withContext(where, () => parseSubject(match[1])), allowed: match[2].toLowerCase() === 'can', ...action, text: entry, index });
      return;
    }
    if (!entry || typeof entry !== 'object') throw new Error(`${where} must be a sentence or a mapping`);
    const { subject, can, cannot, namespace, ...unknown } = entry as Record<string, unknown>;
    const extra = Object.keys(unknown);
    if (extra.length > 0) throw new Error(`${where}: unknown key "${extra[0]}" (allowed: subject, can, cannot, namespace)`);
    if (typeof subject !== 'string') throw new Error(`${where}.subject must be a string such as "ServiceAccount ci/deployer"`);
    if (namespace !== undefined && typeof namespace !== 'string') throw new Error(`${where}.namespace must be a string`);
    if (can === undefined && cannot === undefined) throw new Error(`${where} needs "can" or "cannot"`);
    const parsedSubject = withContext(`${where}.subject`, () => parseSubject(subject));
    for (const [key, allowed] of [['can', true], ['cannot', false]] as const) {
      const actions = (entry as Record<string, unknown>)[key];
      if (actions === undefined) continue;
      const list = typeof actions === 'string' ? [actions] : actions;
      if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        throw new Error(`${where}.${key} must be a list of "VERB RESOURCE" strings`);
      }
      if (list.length === 0) throw new Error(`${where}.${key} is empty: list at least one "VERB RESOURCE"`);
      for (const action of list as string[]) {
        const parsed = parseAction(action, `${where}.${key}`);
        result.push({
          subject: parsedSubject,
          allowed,
          verb: parsed.verb,
          resource: parsed.resource,
          namespace: parsed.namespace ?? (namespace as string | undefined),
          text: `${subject} ${key} ${action}${namespace && !parsed.namespace ? ` in namespace ${namespace}` : ''}`,
          index,
        });
      }
    }
  });
  return result;
}
