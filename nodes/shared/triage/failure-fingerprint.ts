import { createHash } from 'node:crypto';
import type { FailureClass } from './classes';
import { normaliseForFingerprint } from './text';

export interface FingerprintParts {
	/** Tekton pipeline task, or the workload that owns the pod. */
	task?: string;
	/** The failed step / container. */
	container?: string;
	failureClass: FailureClass;
	/** The top evidence line; normalised so reruns of the same failure agree. */
	evidence?: string;
}

/**
 * Stable across reruns of the same failure (new pod names, times, addresses, hashes), different
 * for different failures. 16 hex characters of SHA-256 over the normalised parts.
 */
export function computeFingerprint(parts: FingerprintParts): string {
	const container = (parts.container ?? '').replace(/^step-/, '');
	const material = [parts.task ?? '', container, parts.failureClass, normaliseForFingerprint(parts.evidence ?? '')]
		.map((part) => normaliseForFingerprint(part))
		.join('\u0000');
	return createHash('sha256').update(material).digest('hex').slice(0, 16);
}
