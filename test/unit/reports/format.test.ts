import { formatAge, formatBytes, formatCpu, oneLine, parseClusterTime, parseCpuQuantity, parseMemoryQuantity } from '../../../nodes/shared/reports';

describe('cluster value formatting', () => {
	it('reads Go-printed event times (as kubernetes-mcp-server writes them) and RFC 3339 times', () => {
		expect(parseClusterTime('2025-06-03 09:08:04 +0000 UTC')).toBe(Date.parse('2025-06-03T09:08:04Z'));
		expect(parseClusterTime('2025-06-03 11:08:04.123456789 +0200 CEST')).toBe(Date.parse('2025-06-03T09:08:04.123Z'));
		expect(parseClusterTime('2025-06-03T09:08:04Z')).toBe(Date.parse('2025-06-03T09:08:04Z'));
	});

	it('treats Go’s zero time, empty and unreadable values as unknown', () => {
		expect(parseClusterTime('0001-01-01 00:00:00 +0000 UTC')).toBeUndefined();
		expect(parseClusterTime('')).toBeUndefined();
		expect(parseClusterTime(null)).toBeUndefined();
		expect(parseClusterTime('yesterday')).toBeUndefined();
	});

	it('reads CPU and memory quantities', () => {
		expect(parseCpuQuantity('1187m')).toBe(1187);
		expect(parseCpuQuantity('2')).toBe(2000);
		expect(parseCpuQuantity('1.5')).toBe(1500);
		expect(parseCpuQuantity('250000u')).toBe(250);
		expect(parseCpuQuantity('<unknown>')).toBeUndefined();
		expect(parseMemoryQuantity('11614Mi')).toBe(11614 * 1024 ** 2);
		expect(parseMemoryQuantity('11893452Ki')).toBe(11893452 * 1024);
		expect(parseMemoryQuantity('1G')).toBe(1e9);
		expect(parseMemoryQuantity('2048')).toBe(2048);
		expect(parseMemoryQuantity('lots')).toBeUndefined();
	});

	it('prints ages, CPU and memory the short way', () => {
		expect(formatAge(45_000)).toBe('45s');
		expect(formatAge(12 * 60_000)).toBe('12m');
		expect(formatAge(5 * 3600_000)).toBe('5h');
		expect(formatAge(3 * 86400_000)).toBe('3d');
		expect(formatAge(-5_000)).toBe('0s');
		expect(formatAge(undefined)).toBe('—');
		expect(formatCpu(961)).toBe('961m');
		expect(formatCpu(3519)).toBe('3.52 cores');
		expect(formatBytes(18559 * 1024 ** 2)).toBe('18.1 GiB');
	});

	it('makes one clean line: no terminal escapes, control characters or line breaks, length capped', () => {
		expect(oneLine('\u001b[31mred\u001b[0m\r\nBcc: someone@example.com\u0007')).toBe('red Bcc: someone@example.com');
		expect(oneLine('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
	});
});
