/**
 * The fingerprint as computed up to version 0.1: kept, frozen, only so that issues filed before the
 * new fingerprint are still found (Gitea's Create or Comment matches either and moves the issue to
 * the new one). It normalised too much: numbers, ports, versions and any five-character name
 * segment. Remove it in version 0.3, with the Previous Fingerprints wiring.
 */
import { createHash } from 'node:crypto';

export interface LegacyFingerprintInput {
	pipelineTask?: string;
	podName?: string;
	container?: string;
	failureClass: string;
	/** The report's top evidence line, as the report shows it. */
	evidence?: string;
}

function legacyNormalise(line: string): string {
	return line
		.replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\b/g, '<time>')
		.replace(/\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>')
		.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
		.replace(/\bsha256:[0-9a-f]{16,}\b/gi, '<digest>')
		.replace(/\b[0-9a-f]{7,64}\b/gi, (hex) => (/\d/.test(hex) && /[a-f]/i.test(hex) ? '<hash>' : hex))
		.replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>')
		.replace(/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<ip>')
		.replace(/-[a-z0-9]{5}(?=\b|-)/g, (suffix) => (/\d/.test(suffix) ? '-<id>' : suffix))
		.replace(/-[0-9a-f]{8,10}-[a-z0-9]{5}\b/g, '-<id>')
		.replace(/\/tmp\/[^\s'"]+/g, '/tmp/<path>')
		.replace(/\d+(?:\.\d+)?/g, '<n>')
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}

const legacyWorkloadOf = (podName: string | undefined) => podName?.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '');

export function legacyFingerprint(input: LegacyFingerprintInput): string {
	const task = input.pipelineTask ?? legacyWorkloadOf(input.podName);
	const container = (input.container ?? '').replace(/^step-/, '');
	const material = [task ?? '', container, input.failureClass, legacyNormalise(input.evidence ?? '')].map(legacyNormalise).join('\u0000');
	return createHash('sha256').update(material).digest('hex').slice(0, 16);
}
