import { redactSecretsSync } from '../../../nodes/shared/redact/redact';
import { SHAPES, shapeHolds } from './shapes';

describe('redaction shape table', () => {
	it('covers every family with at least 120 rows, evidence rows included', () => {
		expect(SHAPES.length).toBeGreaterThanOrEqual(120);
		expect(SHAPES.filter((shape) => shape.secrets.length === 0).length).toBeGreaterThanOrEqual(30);
		expect(new Set(SHAPES.map((shape) => `${shape.family}/${shape.name}`)).size).toBe(SHAPES.length);
	});

	it.each(SHAPES.map((shape) => [`${shape.family}: ${shape.name}`, shape] as const))('%s', (_label, shape) => {
		const { text } = redactSecretsSync(shape.text);
		for (const secret of shape.secrets) expect(text).not.toContain(secret);
		for (const kept of shape.keep) expect(text).toContain(kept);
		if (shape.secrets.length) expect(text).toMatch(/\[REDACTED:[a-z0-9-]+\]/);
		else expect(text).toBe(shape.text);
		expect(shapeHolds(shape, text)).toBe(true);
	});
});
