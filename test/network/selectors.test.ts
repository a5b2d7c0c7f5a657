// Label selectors, Calico and Cilium selectors, policyTypes defaulting and peers, as Kubernetes
// (and each policy engine) read them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCalicoSelector } from '../../server/src/network/calico-selector.ts';
import { namespaceLabelsOf, peerAdmits } from '../../server/src/network/peers.ts';
import { policyFactsOf } from '../../server/src/network/policy-facts.ts';
import { describeRequirement, isEmptySelector, nearMiss, parseLabelSelector, selectorMatches } from '../../server/src/network/selectors.ts';

const web = { app: 'web', tier: 'frontend' };

describe('label selectors', () => {
  test('an absent, null or empty selector selects every pod', () => {
    for (const value of [undefined, null, {}, { matchLabels: {} }, { matchExpressions: [] }]) {
      const selector = parseLabelSelector(value);
      assert.ok(isEmptySelector(selector));
      assert.ok(selectorMatches(selector, {}));
      assert.ok(selectorMatches(selector, web));
    }
  });

  test('matchLabels: every pair must be present with that value; numbers and booleans compare as text', () => {
    assert.ok(selectorMatches(parseLabelSelector({ matchLabels: { app: 'web' } }), web));
    assert.ok(!selectorMatches(parseLabelSelector({ matchLabels: { app: 'web', tier: 'backend' } }), web));
    assert.ok(selectorMatches(parseLabelSelector({ matchLabels: { version: 2, canary: true } }), { version: '2', canary: 'true' }));
  });

  test('In and Exists need the key; NotIn and DoesNotExist hold when the key is absent', () => {
    const match = (expression: object, labels: Record<string, string>) => selectorMatches(parseLabelSelector({ matchExpressions: [expression] }), labels);
    assert.ok(match({ key: 'app', operator: 'In', values: ['api', 'web'] }, web));
    assert.ok(!match({ key: 'app', operator: 'In', values: ['api'] }, web));
    assert.ok(!match({ key: 'track', operator: 'In', values: ['stable'] }, web));
    assert.ok(match({ key: 'app', operator: 'NotIn', values: ['api'] }, web));
    assert.ok(!match({ key: 'app', operator: 'NotIn', values: ['web'] }, web));
    assert.ok(match({ key: 'track', operator: 'NotIn', values: ['canary'] }, web), 'NotIn holds for an absent key');
    assert.ok(match({ key: 'tier', operator: 'Exists' }, web));
    assert.ok(!match({ key: 'track', operator: 'Exists' }, web));
    assert.ok(match({ key: 'track', operator: 'DoesNotExist' }, web));
    assert.ok(!match({ key: 'app', operator: 'DoesNotExist' }, web));
  });

  test('matchLabels and matchExpressions are ANDed', () => {
    const selector = parseLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] });
    assert.ok(!selectorMatches(selector, web));
    assert.ok(selectorMatches(selector, { app: 'web', tier: 'backend' }));
  });

  test('a selector Kubernetes would reject is unknown and counts as matching', () => {
    for (const value of [
      { matchExpressions: [{ key: 'app', operator: 'Matches', values: ['w.*'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In' }] },
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
      { matchLabels: ['app'] },
      'app=web',
    ]) {
      const selector = parseLabelSelector(value);
      assert.ok(selector.unknown, JSON.stringify(value));
      assert.ok(selectorMatches(selector, {}));
    }
  });

  test('a near miss is one failing requirement beside one that positively selects, or a likely typo', () => {
    const oneValue = nearMiss(parseLabelSelector({ matchLabels: { app: 'web', tier: 'backend' } }), web);
    assert.equal(oneValue && describeRequirement(oneValue), 'tier=backend');
    const missingKey = nearMiss(parseLabelSelector({ matchLabels: { app: 'web', track: 'stable' } }), web);
    assert.equal(missingKey && describeRequirement(missingKey), 'track=stable');
    assert.equal(nearMiss(parseLabelSelector({ matchLabels: { team: 'x' } }), web), undefined, 'a single absent key is no near miss');
    assert.equal(nearMiss(parseLabelSelector({ matchLabels: { app: 'api', tier: 'backend' } }), web), undefined, 'two labels differ');
    assert.equal(nearMiss(parseLabelSelector({ matchLabels: { app: 'web' } }), web), undefined, 'a match');
    const typo = nearMiss(parseLabelSelector({ matchLabels: { app: 'payment' } }), { app: 'payments' });
    assert.equal(typo && describeRequirement(typo), 'app=payment');
    assert.equal(nearMiss(parseLabelSelector({ matchLabels: { app: 'api' } }), web), undefined, 'another app is no typo');
    const onlyNegative = parseLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }, { key: 'track', operator: 'DoesNotExist' }] });
    assert.equal(nearMiss(onlyNegative, web), undefined, 'a DoesNotExist that holds selects nothing in common');
  });
});

describe('Calico selectors', () => {
  const labels = { app: 'queue', tier: 'broker' };
  test('the simple forms, joined by &&, with either quote', () => {
    assert.ok(selectorMatches(parseCalicoSelector("app == 'queue' && has(tier)"), labels));
    assert.ok(selectorMatches(parseCalicoSelector('app=="queue"&&!has(canary)'), labels));
    assert.ok(!selectorMatches(parseCalicoSelector("app != 'queue'"), labels));
    assert.ok(selectorMatches(parseCalicoSelector("track != 'canary'"), labels), '!= holds when the label is absent');
    assert.ok(!selectorMatches(parseCalicoSelector("app == 'queue' && !has(tier)"), labels));
    assert.ok(selectorMatches(parseCalicoSelector("projectcalico.org/namespace == 'queues'"), { 'projectcalico.org/namespace': 'queues' }));
  });

  test('all(), a blank or absent selector select everything', () => {
    for (const value of ['all()', '  ', undefined]) assert.ok(isEmptySelector(parseCalicoSelector(value)));
  });

  test('anything else is unknown and counts as selecting (documented)', () => {
    for (const value of ["app == 'a' || app == 'b'", "app in {'a', 'b'}", "(app == 'a')", "app starts with 'q'", 'global()', 42]) {
      const selector = parseCalicoSelector(value);
      assert.ok(selector.unknown, String(value));
      assert.ok(selectorMatches(selector, {}));
    }
  });
});

describe('policy facts', () => {
  const k8s = (spec: object) => policyFactsOf('NetworkPolicy', 'networking.k8s.io/v1', { spec })!.targets[0];

  test('Kubernetes policyTypes default: Ingress always, Egress only with egress rules', () => {
    assert.deepEqual(pick(k8s({ podSelector: {} })), [true, false]);
    assert.deepEqual(pick(k8s({ podSelector: {}, egress: [] })), [true, false]);
    assert.deepEqual(pick(k8s({ podSelector: {}, egress: [{ to: [] }] })), [true, true]);
    assert.deepEqual(pick(k8s({ podSelector: {}, policyTypes: [] , egress: [{}] })), [true, true]);
    assert.deepEqual(pick(k8s({ podSelector: {}, policyTypes: ['Egress'], ingress: [{}] })), [false, true]);
    assert.deepEqual(pick(k8s({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })), [true, true]);
  });

  test('Calico types default: Ingress, Egress with egress rules, Egress alone with only egress rules', () => {
    const calico = (spec: object) => policyFactsOf('NetworkPolicy', 'projectcalico.org/v3', { spec })!.targets[0];
    assert.deepEqual(pick(calico({})), [true, false]);
    assert.deepEqual(pick(calico({ egress: [{ action: 'Allow' }] })), [false, true]);
    assert.deepEqual(pick(calico({ ingress: [{}], egress: [{}] })), [true, true]);
    assert.deepEqual(pick(calico({ types: ['Egress'] })), [false, true]);
    assert.deepEqual(pick(calico({ types: ['Ingress'], preDNAT: true })), [false, false], 'host endpoint policies cover no pod');
    const global = policyFactsOf('GlobalNetworkPolicy', 'projectcalico.org/v3', { spec: { selector: 'all()', namespaceSelector: "team == 'data'" } })!;
    assert.ok(global.clusterWide);
    assert.ok(selectorMatches(global.namespaceSelector!, { team: 'data' }));
    assert.ok(!selectorMatches(global.namespaceSelector!, { team: 'web' }));
  });

  test('Cilium: k8s:/any: prefixes are stripped, a present section covers its direction, specs are read', () => {
    const facts = policyFactsOf('CiliumNetworkPolicy', 'cilium.io/v2', {
      specs: [
        { endpointSelector: { matchLabels: { 'k8s:app': 'cache' } }, ingress: [] },
        { endpointSelector: { matchLabels: { 'any:app': 'db' } }, egressDeny: [{}] },
        { nodeSelector: {}, ingress: [{}] },
      ],
    })!;
    assert.equal(facts.targets.length, 2, 'host policies (nodeSelector) cover no pod');
    assert.deepEqual(pick(facts.targets[0]), [true, false]);
    assert.ok(selectorMatches(facts.targets[0].podSelector, { app: 'cache' }));
    assert.deepEqual(pick(facts.targets[1]), [false, true]);
    assert.ok(selectorMatches(facts.targets[1].podSelector, { app: 'db' }));
    assert.ok(policyFactsOf('CiliumClusterwideNetworkPolicy', 'cilium.io/v2', { spec: { endpointSelector: {} } })!.clusterWide);
  });

  test('other kinds are no policies', () => {
    assert.equal(policyFactsOf('Deployment', 'apps/v1', {}), undefined);
  });
});

describe('peers', () => {
  const pod = (namespace: string, labels: Record<string, string>, namespaceLabels: Record<string, string> = {}) => ({
    namespace,
    labels,
    namespaceLabels: namespaceLabelsOf(namespace, namespaceLabels),
  });

  test('podSelector alone: pods of the policy namespace only', () => {
    const peer = { podSelector: { matchLabels: { app: 'web' } } };
    assert.ok(peerAdmits(peer, 'shop', pod('shop', web)));
    assert.ok(!peerAdmits(peer, 'shop', pod('other', web)));
  });

  test('namespaceSelector alone: every pod of the selected namespaces, kubernetes.io/metadata.name included', () => {
    const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
    assert.ok(peerAdmits(peer, 'shop', pod('monitoring', {})));
    assert.ok(!peerAdmits(peer, 'shop', pod('shop', {})));
    assert.ok(peerAdmits({ namespaceSelector: {} }, 'shop', pod('anywhere', {})));
  });

  test('namespaceSelector and podSelector together: both must match (AND, not OR)', () => {
    const peer = { namespaceSelector: { matchLabels: { team: 'edge' } }, podSelector: { matchLabels: { app: 'ingress' } } };
    assert.ok(peerAdmits(peer, 'shop', pod('gateways', { app: 'ingress' }, { team: 'edge' })));
    assert.ok(!peerAdmits(peer, 'shop', pod('gateways', { app: 'other' }, { team: 'edge' })));
    assert.ok(!peerAdmits(peer, 'shop', pod('shop', { app: 'ingress' })));
  });

  test('ipBlock and empty peers admit no pod', () => {
    assert.ok(!peerAdmits({ ipBlock: { cidr: '0.0.0.0/0' } }, 'shop', pod('shop', web)));
    assert.ok(!peerAdmits({}, 'shop', pod('shop', web)));
  });
});

function pick(target: { ingress: boolean; egress: boolean }): [boolean, boolean] {
  return [target.ingress, target.egress];
}
