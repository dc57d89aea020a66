import { readCertificateBundle, renderReportEmail, reportProblem, tlsReport } from '../../../nodes/shared/reports';
import { billingRoute, certificates, tlsObjects } from '../../fixtures/cluster';
import { mcpClientErrorItem, objectsOf, resourcesListOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const ingresses = () => resourcesListOutput(objectsOf('Ingress'));
const tlsSecrets = () => resourcesListOutput(tlsObjects.filter((object) => object.kind === 'Secret'));
const notServed = mcpClientErrorItem('Tool "resources_list" failed: failed to list resources: no matches for kind "Route" in version "route.openshift.io/v1"');

describe('the TLS expiry report', () => {
	it('dates every TLS Ingress from its Secret: expired first, then expiring, a missing Secret, valid ones, the router default', () => {
		const report = tlsReport({ now, ingresses: ingresses(), routes: notServed, secrets: tlsSecrets() });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('critical');
		expect(report.headline).toBe(
			'1 certificate has expired (Ingress data/reports), 1 certificate expires within 30 days (Ingress shop/checkout) and 1 TLS endpoint has a problem (Ingress shop/admin).',
		);
		expect(report.tables[0].rows).toEqual([
			['data', 'Ingress/reports', 'reports.apps.ocp.example.internal', 'reports.apps.ocp.example.internal', 'reports.apps.ocp.example.internal', '2025-05-20 00:00 UTC', 'Expired 14 days ago', 'Secret reports-tls'],
			['shop', 'Ingress/checkout', 'checkout.apps.ocp.example.internal', 'checkout.apps.ocp.example.internal', 'Example Internal CA', '2025-06-20 10:30 UTC', 'Expires in 17 days', 'Secret checkout-tls'],
			['shop', 'Ingress/admin', 'admin.apps.ocp.example.internal', '', '', '—', 'Problem: the Secret does not exist', 'Secret admin-tls'],
			['shop', 'Ingress/payments-api', 'payments.apps.ocp.example.internal', 'payments.apps.ocp.example.internal', 'Example Internal CA', '2035-01-04 00:00 UTC', 'OK (3501 days left)', 'Secret payments-api-tls'],
			['data', 'Ingress/grafana', 'grafana.apps.ocp.example.internal', '', '', '—', 'Router default certificate', 'no Secret'],
		]);
		// Routes on a cluster without OpenShift are a fact, said as one.
		expect(report.notes).toEqual(['Route objects (route.openshift.io/v1) are not served by this cluster.', '1 Ingress or Route serves plain HTTP only: shop/storefront.']);
	});

	it('never puts a Secret’s key into the report or the email', async () => {
		const report = tlsReport({ now, ingresses: ingresses(), secrets: tlsSecrets() });
		const email = await renderReportEmail({ report });
		const keys = tlsObjects.filter((object) => object.kind === 'Secret').map((secret) => Buffer.from((secret.data as Record<string, string>)['tls.key'], 'base64').toString('utf8'));
		const everything = JSON.stringify(report) + email.html + email.text;
		for (const key of keys) {
			expect(everything).not.toContain(key.split('\n')[1]);
			expect(everything).not.toContain((tlsObjects.find((object) => object.kind === 'Secret')!.data as Record<string, string>)['tls.key']);
		}
		expect(everything).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
	});

	it('reads an OpenShift Route’s inline certificate', () => {
		const report = tlsReport({ now, ingresses: [], routes: resourcesListOutput([billingRoute]) });
		expect(report.tables[0].rows).toEqual([['shop', 'Route/billing', 'billing.apps.ocp.example.internal', 'billing.apps.ocp.example.internal', 'Example Internal CA', '2025-07-01 00:00 UTC', 'Expires in 27 days', 'edge, inline']]);
		expect(report.verdict).toBe('degraded');
		expect(tlsReport({ now, ingresses: [], routes: [billingRoute], warnDays: 20 }).tables[0].rows[0][6]).toBe('OK (27 days left)');
	});

	it('flags a certificate that does not cover the host it serves', () => {
		expect(readCertificateBundle(certificates.checkoutCertificate, ['checkout.apps.ocp.example.internal', 'shop.example.com'])).toMatchObject({ uncovered: ['shop.example.com'] });
		const ingress = structuredClone(objectsOf('Ingress').find((object) => object.metadata.name === 'payments-api')!);
		(ingress.spec as { tls: Array<{ hosts: string[] }> }).tls[0].hosts = ['pay.example.com'];
		const report = tlsReport({ now, ingresses: [ingress], secrets: tlsSecrets() });
		expect(report.tables[0].rows[0][6]).toBe('Problem: does not cover pay.example.com');
		expect(report.verdict).toBe('degraded');
	});

	it('says what it cannot know when the TLS Secrets are not readable or not given', () => {
		const denied = tlsReport({ now, ingresses: ingresses(), secrets: mcpClientErrorItem('Tool "resources_list" failed: secrets is forbidden') });
		expect(denied.tables[0].rows.filter((row) => row[6] === 'Problem: the TLS Secrets could not be read')).toHaveLength(4);
		expect(denied.notes).toContain('The TLS Secrets could not be read: Tool "resources_list" failed: secrets is forbidden.');
		expect(tlsReport({ now, ingresses: ingresses() }).notes).toContain('No TLS Secrets were given, so the certificates of Ingresses could not be read.');
	});

	it('reads a broken certificate as a problem, not a failure', () => {
		expect(readCertificateBundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', [])).toMatchObject({ problem: expect.stringMatching(/^the certificate cannot be parsed/) });
		expect(readCertificateBundle('not a pem', [])).toEqual({ problem: 'no PEM certificate in it' });
	});
});
