// CEL compile and type errors in a ValidatingAdmissionPolicy (or a custom rule), located inside
// the expression string of the YAML source.
import { isScalar, Scalar } from 'yaml';
import type { K8sObject } from '../engine/objects.ts';
import { nodeAt, plainValue, rangeOf, seqItems } from '../engine/nodes.ts';
import { hasResourceRules } from './evaluate.ts';
import { celEnvironment, compileExpression } from './cel.ts';
import { sourceOffsetIn } from './locate.ts';
import { CelAstNode, firstInCelAst } from './cel-ast.ts';

/** A problem in an expression: its message and [start, end) in document offsets. */
export interface ExpressionProblem {
  message: string;
  range: [number, number];
}

/** Where expressions live in a ValidatingAdmissionPolicy: list key and expression fields. */
const EXPRESSION_FIELDS: [string, string[]][] = [
  ['validations', ['expression', 'messageExpression']],
  ['matchConditions', ['expression']],
  ['variables', ['expression']],
  ['auditAnnotations', ['valueExpression']],
];

/** The compile and type errors of every expression of a policy, and a missing matchConstraints.resourceRules. */
export function policyProblems(object: K8sObject): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  const spec = nodeAt(object.yaml, object.root, 'spec');
  if (!hasResourceRules(plainValue(object.yaml, nodeAt(object.yaml, spec, 'matchConstraints')))) {
    const anchor = rangeOf(nodeAt(object.yaml, spec, 'matchConstraints') ?? object.kindNode)!;
    problems.push({ message: 'spec.matchConstraints.resourceRules is required: the API server refuses this policy, and it matches nothing', range: [anchor[0], anchor[1]] });
  }
  const declared: Declared = {
    params: nodeAt(object.yaml, spec, 'paramKind') !== undefined,
    variables: new Set(seqItems(object.yaml, nodeAt(object.yaml, spec, 'variables')).map((item) => String(plainValue(object.yaml, nodeAt(object.yaml, item, 'name'))))),
  };
  for (const [list, fields] of EXPRESSION_FIELDS) {
    for (const item of seqItems(object.yaml, nodeAt(object.yaml, spec, list))) {
      for (const field of fields) {
        const node = nodeAt(object.yaml, item, field);
        if (isScalar(node) && typeof node.value === 'string') {
          const problem = expressionProblem(object.doc.text, node, `${list}.${field}`) ?? declarationProblem(object.doc.text, node, `${list}.${field}`, declared);
          if (problem) problems.push(problem);
        }
      }
    }
  }
  return problems;
}

/** What a policy declares: `params` only with a paramKind, `variables.<name>` only for its variables. */
interface Declared {
  params: boolean;
  variables: Set<string>;
}


/** As Kubernetes' compiler: `params` without paramKind, or an undefined `variables.<name>`, is a compile error. */
function declarationProblem(docText: string, node: Scalar, label: string, declared: Declared): ExpressionProblem | undefined {
  let ast: unknown;
  try {
    ast = celEnvironment().parse(String(node.value)).ast;
  } catch {
    return undefined;
  }
  const found = findUndeclared(ast, declared);
  if (!found) return undefined;
  const start = sourceOffsetIn(docText, node, found.start);
  return { message: `CEL error in ${label}: ${found.message}`, range: [start, Math.max(start + 1, sourceOffsetIn(docText, node, found.end))] };
}

function findUndeclared(node: unknown, declared: Declared): { message: string; start: number; end: number } | undefined {
  return firstInCelAst(node, (ast) => {
    if (ast.op === 'id' && ast.args === 'params' && !declared.params) {
      return { message: "undeclared reference to 'params' (the policy has no paramKind)", start: ast.start, end: ast.end };
    }
    if (ast.op !== '.' || !Array.isArray(ast.args)) return undefined;
    const [target, field] = ast.args as [CelAstNode, string];
    if (target?.op !== 'id' || target.args !== 'variables' || declared.variables.has(field)) return undefined;
    return { message: `undefined field '${field}' (spec.variables declares no such variable)`, start: ast.start, end: ast.end };
  });
}

/** The compile problem of one expression scalar, located in the source. */
export function expressionProblem(docText: string, node: Scalar, label: string): ExpressionProblem | undefined {
  const text = String(node.value);
  const { problem } = compileExpression(text);
  if (!problem) return undefined;
  const start = sourceOffsetIn(docText, node, problem.start);
  const end = Math.max(start + 1, sourceOffsetIn(docText, node, problem.end));
  return { message: `CEL error in ${label}: ${problem.message}`, range: [start, end] };
}
