import { createHash } from 'node:crypto';
import { classSwitchRate, judgeRun, shannonEntropy, wordFraction } from '../../../nodes/shared/redact/entropy';
import { redactSecretsSync } from '../../../nodes/shared/redact/redact';
import { ENTROPY } from '../../../nodes/shared/redact/rules';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Deterministic random tokens (SHA-256 of a counter as the byte source), so the measured shares are stable. */
function randomTokens(count: number, length: number, seed = 42): string[] {
	return Array.from({ length: count }, (_, i) => {
		const bytes = Buffer.concat([createHash('sha256').update(`${seed}:${i}:a`).digest(), createHash('sha256').update(`${seed}:${i}:b`).digest()]);
		return Array.from(bytes.subarray(0, length), (byte) => BASE64[byte % 64]).join('');
	});
}

const mixed = (token: string) => /[A-Z]/.test(token) && /[a-z]/.test(token) && /\d/.test(token);

/** Identifiers, words, paths and IDs as they appear in CI logs; all must stay. */
const KEPT = [
	'TestReconcileDeploymentV2Rollback',
	'AbstractAutowireCapableBeanFactory2',
	'handleRequest2FromUpstreamServer',
	'KubernetesPodOperatorV1Beta2',
	'ComparableTimSort2Implementation',
	'ReactDOMServer18Development',
	'UserAccountService3Controller',
	'MyApplication2025Release',
	'ConfigMapVolumeSource1',
	'getUserById2FromDatabase',
	'Python3ModuleLoaderError',
	'ERR_PNPM_OUTDATED_LOCKFILE2',
	'x86_64-unknown-linux-gnu2XYZ',
	'release-2024-05-01T10-00-00Z-Build42',
	'Ubuntu22LTSJammyJellyfish',
	'Test_Server_HandlesRequest2',
	'OpenJDK64BitServerVM17Temurin',
	'Node20AlpineV3Base2024',
	'v1Beta2ApiGroupVersion3Kind',
	'HTTP2StreamErrorRSTStream1',
];

describe('high-entropy values', () => {
	it('keeps identifiers, words, paths, git SHAs, image digests, checksums and UUIDs', () => {
		const lines = [
			...KEPT.map((identifier) => `at ${identifier}.run(Main.java:12)`),
			'commit 4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d (HEAD -> main)',
			'pulled ghcr.io/org/app@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
			'request 123e4567-e89b-12d3-a456-426614174000 took 12 ms',
			'resolved lodash sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
			'go: verifying golang.org/x/crypto@v0.21.0 h1:X31++rzVUdKhX5sWmSOFZxx8UW/ldWx55cbf08iNAMA=',
			'File "/home/runner/work/MyProject2/MyProject2/src/main/python3/ServiceModule2/handlers.py", line 12',
			'src/components/DataTable2/RowRenderer3Component/index.tsx(12,5): error TS2322',
			'pod build-run-qwxzb-build-pod-7f9c8 in namespace ci-2024-tenant',
		];
		for (const line of lines) expect(redactSecretsSync(line).text).toBe(line);
	});

	it('catches random base64 tokens with no key and no known prefix, at the measured rates', () => {
		const rate = (length: number) => {
			const tokens = randomTokens(1_000, length, length).filter(mixed);
			return tokens.filter((token) => judgeRun(token)).length / tokens.length;
		};
		expect(rate(20)).toBeGreaterThanOrEqual(0.93);
		expect(rate(24)).toBeGreaterThanOrEqual(0.95);
		expect(rate(32)).toBeGreaterThanOrEqual(0.97);
		expect(rate(40)).toBeGreaterThanOrEqual(0.98);
		const [token] = randomTokens(50, 28, 3).filter((candidate) => mixed(candidate) && judgeRun(candidate));
		expect(redactSecretsSync(`retrying with ${token} now`).text).toBe('retrying with [REDACTED:high-entropy] now');
	});

	it('separates identifiers from random tokens by shape, not by entropy alone', () => {
		const identifiers = KEPT.filter((identifier) => mixed(identifier) && identifier.length >= ENTROPY.minLength);
		// Entropy alone would eat some identifiers: they score as high as short random tokens.
		expect(identifiers.some((identifier) => shannonEntropy(identifier) >= ENTROPY.minBitsPerChar)).toBe(true);
		for (const identifier of identifiers) {
			expect(wordFraction(identifier) >= ENTROPY.maxWordFraction || classSwitchRate(identifier) < ENTROPY.minClassSwitchRate || shannonEntropy(identifier) < ENTROPY.minBitsPerChar).toBe(true);
		}
	});
});
