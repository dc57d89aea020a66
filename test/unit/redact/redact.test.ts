import { redactSecrets } from '../../../nodes/shared/redact/redact';

// Test secrets are assembled at run time so no scanner mistakes this file for a leak.
const join = (...parts: string[]) => parts.join('');
const GITHUB_TOKEN = join('ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO', '0pINUx');
const AWS_ACCESS_KEY = join('AKIA', 'IOSFODNN7', 'REALKEY');
const SLACK_TOKEN = join('xoxb-', '263594206564-', '2343594206574-', 'FGqddMF8t08v8N7Oq4i57vs1');
const NPM_TOKEN = join('npm_', 'Lr7Xq2bVfa9Jk3Ws1Yc8Dg5Nh0Tz4Pm6', 'Qe2R');
const JWT = join(
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
	'.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
	'.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
);
const PEM_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCJBxMmFJRnHGRyrezvvbaCs3xRGmMJ0b4qAijdiw6JQzJDHTdBIUX1';

describe('secret redaction', () => {
	it.each([
		['a GitHub token', `git clone https://github.com/x/y (token ${GITHUB_TOKEN})`, GITHUB_TOKEN],
		['an AWS access key', `aws_access_key_id=${AWS_ACCESS_KEY}`, AWS_ACCESS_KEY],
		['a Slack token', `posting with ${SLACK_TOKEN}`, SLACK_TOKEN],
		['an npm token', `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`, NPM_TOKEN],
		['a JWT', `using id token ${JWT} for login`, JWT],
		['a bearer header', 'curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api', 'abcdef0123456789abcdef'],
		['a basic header', 'Authorization: Basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
		['credentials in a URL', 'fatal: unable to access https://ci-bot:hunter2pass@git.example.com/repo.git/', 'hunter2pass'],
		['a token as URL user', 'remote: https://x0123456789abcdef0123456789@github.com/org/repo', 'x0123456789abcdef0123456789'],
		['password=', 'connecting with DB_PASSWORD=s3cr3t-v@lue and user admin', 's3cr3t-v@lue'],
		['token:', 'registry token: "tkn-8f7e6d5c4b3a"', 'tkn-8f7e6d5c4b3a'],
		['secret: in YAML', '  clientSecret: abcd1234efgh', 'abcd1234efgh'],
	])('redacts %s', async (_name, text, secret) => {
		const result = await redactSecrets(text);
		expect(result.text).not.toContain(secret);
		expect(result.text).toMatch(/\[REDACTED:[a-z0-9-]+\]/);
		expect(result.total).toBeGreaterThan(0);
	});

	it('redacts a PEM private key block, also one cut off by the end of the log', async () => {
		const block = `before\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\nabc\n-----END RSA PRIVATE KEY-----\nafter`;
		const whole = await redactSecrets(block);
		// One marker per line of the block: callers map the text back to numbered log lines.
		expect(whole.text).toBe(`before\n${'[REDACTED:private-key]\n'.repeat(4)}after`);
		expect(whole.text.split('\n')).toHaveLength(block.split('\n').length);
		const cut = await redactSecrets(`key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY.slice(0, 70)}`);
		expect(cut.text).not.toContain(PEM_BODY.slice(0, 70));
	});

	it('redacts key material even without its PEM header', async () => {
		const result = await redactSecrets(`line 12: ${PEM_BODY.slice(0, 80)}`);
		expect(result.text).toBe('line 12: [REDACTED:base64-blob]');
	});

	it('redacts the data of a Kubernetes Secret in YAML and JSON, keeping the keys', async () => {
		const yaml = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: YWRtaW4=\n  password: c3VwZXJzZWNyZXQ=\ntype: Opaque\n';
		const result = await redactSecrets(yaml);
		expect(result.text).toContain('  username: [REDACTED:kubernetes-secret]');
		expect(result.text).toContain('  password: [REDACTED:kubernetes-secret]');
		expect(result.text).not.toMatch(/YWRtaW4=|c3VwZXJzZWNyZXQ=/);
		expect(result.text).toContain('type: Opaque');
		// kubectl sorts keys: data comes before kind, and Secrets come inside a List.
		const sorted = 'items:\n- apiVersion: v1\n  data:\n    api-key: YXBpLWtleS12YWx1ZQ==\n  kind: Secret\n  metadata:\n    name: api\n- apiVersion: v1\n  data:\n    color: blue\n  kind: ConfigMap\n';
		const list = await redactSecrets(sorted);
		expect(list.text).toContain('    api-key: [REDACTED:kubernetes-secret]');
		expect(list.text).toContain('    color: blue');
		const json = await redactSecrets('{"kind":"Secret","metadata":{"name":"x"},"data":{"token":"dG9rZW4tdmFsdWU="}}');
		expect(json.text).not.toContain('dG9rZW4tdmFsdWU=');
	});

	it('redacts a secret split by ANSI colour codes', async () => {
		const coloured = `token ${GITHUB_TOKEN.slice(0, 10)}\u001b[31m${GITHUB_TOKEN.slice(10)}\u001b[0m used`;
		const result = await redactSecrets(coloured);
		expect(result.text).not.toContain(GITHUB_TOKEN.slice(10));
		expect(result.text).not.toContain('\u001b');
	});

	it('leaves ordinary error lines alone', async () => {
		const lines = [
			'npm ERR! code E404',
			'fatal: Authentication failed for \'https://git.example.com/org/repo.git/\'',
			'Error: secret "db-credentials" not found',
			'password authentication failed for user "app"',
			'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
			'src/app.ts(12,5): error TS2322: Type \'string\' is not assignable to type \'number\'.',
			'token: <none>',
		].join('\n');
		const result = await redactSecrets(lines);
		expect(result.text).toBe(lines);
		expect(result.total).toBe(0);
	});

	it('counts redactions per rule', async () => {
		const result = await redactSecrets(`a ${JWT} b ${JWT} password=abc123`);
		expect(result.counts).toEqual({ jwt: 2, 'key-value': 1 });
		expect(result.total).toBe(3);
	});
});
