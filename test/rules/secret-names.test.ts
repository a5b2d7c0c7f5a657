import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { looksLikeCredentialKey, looksLikeSecretName, nameWords } from '../../server/src/rules/workload/secret-names.ts';
import secretInEnv from '../../server/src/rules/workload/secret-in-env.ts';
import credentialsInConfigmap from '../../server/src/rules/workload/credentials-in-configmap.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { lintOptions } from '../helpers/lint.ts';
import { parseCaretFixture } from '../helpers/carets.ts';

describe('secret-looking names', () => {
  test('names are split into words at separators and camelCase humps', () => {
    assert.deepEqual(nameWords('dbPassword'), ['db', 'password']);
    assert.deepEqual(nameWords('APIKey'), ['api', 'key']);
    assert.deepEqual(nameWords('spring.datasource.password'), ['spring', 'datasource', 'password']);
  });

  test('secret words flag a name', () => {
    for (const name of ['DB_PASSWORD', 'DB_PASSWD', 'DB_PWD', 'GITHUB_TOKEN', 'CLIENT_SECRET', 'API_KEY', 'apiKey', 'APIKEY', 'PRIVATE_KEY',
      'privateKey', 'AWS_SECRET_ACCESS_KEY', 'GCP_CREDENTIALS', 'DBPASSWORD', 'SECRET_KEY_BASE', 'ENCRYPTION_KEYS', 'LICENSE_KEY']) {
      assert.ok(looksLikeSecretName(name), name);
    }
  });

  test('substrings, references to secrets and non-secret keys do not', () => {
    for (const name of ['KEYCLOAK_URL', 'MONKEY', 'TOKENIZER', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME', 'TOKEN_FILE', 'KEY_PATH', 'PASSWORD_MIN_LENGTH',
      'PUBLIC_KEY', 'SORT_KEY', 'ROUTING_KEY', 'PWD', 'OLDPWD', 'PRIVATE_REGISTRY', 'HOSTNAME', '']) {
      assert.ok(!looksLikeSecretName(name), name);
    }
  });

  test('ConfigMap keys: file extensions dropped, SSH and GCP key files recognised', () => {
    for (const key of ['credentials.json', 'tls.key', '.htpasswd', 'id_rsa', 'ssh/id_ed25519', 'service-account.json', 'db_password']) {
      assert.ok(looksLikeCredentialKey(key), key);
    }
    for (const key of ['config.json', 'id_rsa.pub', 'ca.crt', 'token_ttl', 'serviceaccount.yaml', 'public.key', 'application.properties']) {
      assert.ok(!looksLikeCredentialKey(key), key);
    }
  });
});

describe('secret values never appear in messages', () => {
  const cases = [
    { rule: secretInEnv, fixture: 'test/rules/secret-in-env/invalid.yaml', values: ['hunter2', 's3cr3t', 'abc123', 'wJalrXUtnFEMI', 'letmein', '1234', 'OPENSSH', 'ghp_example'] },
    { rule: credentialsInConfigmap, fixture: 'test/rules/credentials-in-configmap/invalid.yaml', values: ['hunter2', 'MIIE', 'AKIAIOSFODNN7EXAMPLE', 'redacted', 'apr1', 'abc123', 'example'] },
  ];
  for (const { rule, fixture, values } of cases) {
    test(rule.id, () => {
      const { source } = parseCaretFixture(readFileSync(fixture, 'utf8'));
      const { findings } = lintText('fixture.yaml', source, lintOptions({}, [rule]));
      assert.ok(findings.length > 0);
      for (const finding of findings) for (const value of values) assert.ok(!finding.message.includes(value), `${finding.message} repeats ${value}`);
    });
  }
});
