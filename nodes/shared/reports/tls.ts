/**
 * Route and Ingress TLS expiry: every TLS host of every Ingress (`resources_list`
 * networking.k8s.io/v1 Ingress) with the certificate of its Secret (`resources_list` v1 Secret,
 * fieldSelector type=kubernetes.io/tls), and every OpenShift Route with TLS (its certificate is
 * inline). Only the certificate is parsed; a Secret's key is never read into the report.
 */
import { X509Certificate } from 'node:crypto';
import { allAre, checkNumber, checkOptions, Inputs, isNotServed, plural, type ReportOptions, sentence } from './common';
import { formatDate, oneLine } from './format';
import { readObjects, type KubeObjectLike } from './kubernetes';
import { isRecord } from './mcp-output';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const TLS_DEFAULTS = { title: 'TLS certificate expiry', warnDays: 30 };

interface IngressLike extends KubeObjectLike {
	spec?: { tls?: Array<{ hosts?: string[]; secretName?: string }>; rules?: Array<{ host?: string }> };
}

interface RouteLike extends KubeObjectLike {
	spec?: { host?: string; tls?: { termination?: string; certificate?: string } };
}

interface SecretLike extends KubeObjectLike {
	type?: string;
	data?: Record<string, unknown>;
}

export interface CertificateFacts {
	subject: string;
	issuer: string;
	/** Epoch ms of the earliest expiry in the bundle (the leaf, or a chain certificate that ends sooner). */
	notAfter: number;
	/** Hosts of the row that the leaf certificate does not cover. */
	uncovered: string[];
}

export type TlsState = 'expired' | 'expiring' | 'ok' | 'problem' | 'default';

export interface TlsEndpoint {
	namespace: string;
	/** `Ingress/name` or `Route/name`. */
	object: string;
	hosts: string[];
	/** Where the certificate comes from: `Secret admin-tls`, `inline`, `router default`. */
	source: string;
	certificate?: CertificateFacts;
	state: TlsState;
	/** What is wrong, when state is `problem`. */
	problem?: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const commonName = (distinguishedName: string) => /(?:^|\n)CN=([^\n]+)/.exec(distinguishedName)?.[1] ?? distinguishedName.replace(/\n/g, ', ');

/** The facts of a PEM bundle (leaf first), or why it cannot be read. */
export function readCertificateBundle(pem: string, hosts: string[]): CertificateFacts | { problem: string } {
	const blocks = pem.match(PEM_CERTIFICATE) ?? [];
	if (blocks.length === 0) return { problem: 'no PEM certificate in it' };
	let certificates: X509Certificate[];
	try {
		certificates = blocks.map((block) => new X509Certificate(block));
	} catch (error) {
		return { problem: `the certificate cannot be parsed (${(error as Error).message})` };
	}
	const [leaf] = certificates;
	const ends = certificates.map((certificate) => Date.parse(certificate.validTo));
	return {
		subject: commonName(leaf.subject),
		issuer: commonName(leaf.issuer),
		notAfter: Math.min(...ends),
		uncovered: hosts.filter((host) => host && !leaf.checkHost(host)),
	};
}

function secretCertificate(secret: SecretLike | undefined): string | { problem: string } {
	if (!secret) return { problem: 'the Secret does not exist' };
	const encoded = isRecord(secret.data) ? secret.data['tls.crt'] : undefined;
	if (typeof encoded !== 'string' || !encoded.trim()) return { problem: 'the Secret has no tls.crt' };
	return Buffer.from(encoded, 'base64').toString('utf8');
}

function dated(endpoint: Omit<TlsEndpoint, 'state' | 'certificate'>, facts: CertificateFacts | { problem: string }, now: number, warnDays: number): TlsEndpoint {
	if ('problem' in facts) return { ...endpoint, state: 'problem', problem: facts.problem };
	const state: TlsState = facts.notAfter <= now ? 'expired' : facts.notAfter - now <= warnDays * 86_400_000 ? 'expiring' : facts.uncovered.length ? 'problem' : 'ok';
	const problem = facts.uncovered.length ? `does not cover ${facts.uncovered.join(', ')}` : undefined;
	return { ...endpoint, certificate: facts, state, ...(problem ? { problem } : {}) };
}

export interface TlsInput extends ReportOptions {
	/** `resources_list` output for networking.k8s.io/v1 Ingress. */
	ingresses: unknown;
	/** `resources_list` output for route.openshift.io/v1 Route; optional (OpenShift only). */
	routes?: unknown;
	/** `resources_list` output for v1 Secret (fieldSelector type=kubernetes.io/tls); optional. */
	secrets?: unknown;
	/** Certificates that end within this many days are flagged (default 30). */
	warnDays?: number;
}

export interface TlsReport extends Report {
	kind: 'tls';
	counts: { endpoints: number; expired: number; expiring: number; problems: number; ok: number; plainHttp: number; unreadable: number };
}

const STATE_RANK: Record<TlsState, number> = { expired: 0, expiring: 1, problem: 2, ok: 3, default: 4 };
const DAY = 86_400_000;

function stateText(endpoint: TlsEndpoint, now: number): string {
	const notAfter = endpoint.certificate?.notAfter;
	switch (endpoint.state) {
		case 'expired':
			return `Expired ${plural(Math.floor((now - (notAfter ?? now)) / DAY), 'day')} ago`;
		case 'expiring':
			return `Expires in ${plural(Math.floor(((notAfter ?? now) - now) / DAY), 'day')}`;
		case 'problem':
			return `Problem: ${endpoint.problem ?? 'unknown'}`;
		case 'default':
			return 'Router default certificate';
		default:
			return `OK (${Math.floor(((notAfter ?? now) - now) / DAY)} days left)`;
	}
}

export function tlsReport(input: TlsInput): TlsReport {
	const { now, maxRows } = checkOptions(input);
	const warnDays = checkNumber('warnDays', input.warnDays ?? TLS_DEFAULTS.warnDays, 0);
	const inputs = new Inputs();
	const ingresses = inputs.take('ingresses', readObjects<IngressLike>(input.ingresses, 'ingresses', 'resources_list', ['Ingress']));
	const routes = input.routes === undefined ? [] : inputs.take('routes', readObjects<RouteLike>(input.routes, 'routes', 'resources_list', ['Route']));
	const secretsGiven = input.secrets !== undefined;
	const secrets = secretsGiven ? inputs.take('secrets', readObjects<SecretLike>(input.secrets, 'secrets', 'resources_list', ['Secret'])) : [];
	const secretsMissing = inputs.missing('secrets');
	const secretByName = new Map(secrets.filter((secret) => secret.type === undefined || secret.type === 'kubernetes.io/tls').map((secret) => [`${secret.metadata?.namespace}/${secret.metadata?.name}`, secret]));

	const endpoints: TlsEndpoint[] = [];
	const plainHttp: string[] = [];
	for (const ingress of ingresses) {
		const namespace = ingress.metadata?.namespace ?? '';
		const object = `Ingress/${ingress.metadata?.name ?? ''}`;
		const tls = ingress.spec?.tls ?? [];
		if (tls.length === 0) {
			plainHttp.push(`${namespace}/${ingress.metadata?.name ?? ''}`);
			continue;
		}
		for (const entry of tls) {
			const hosts = (entry.hosts ?? []).map(String);
			if (!entry.secretName) {
				endpoints.push({ namespace, object, hosts, source: 'no Secret', state: 'default' });
				continue;
			}
			const source = `Secret ${entry.secretName}`;
			if (!secretsGiven || secretsMissing) {
				endpoints.push({ namespace, object, hosts, source, state: 'problem', problem: 'the TLS Secrets could not be read' });
				continue;
			}
			const pem = secretCertificate(secretByName.get(`${namespace}/${entry.secretName}`));
			endpoints.push(dated({ namespace, object, hosts, source }, typeof pem === 'string' ? readCertificateBundle(pem, hosts) : pem, now, warnDays));
		}
	}
	for (const route of routes) {
		const tls = route.spec?.tls;
		const namespace = route.metadata?.namespace ?? '';
		const hosts = route.spec?.host ? [String(route.spec.host)] : [];
		if (!tls) {
			plainHttp.push(`${namespace}/${route.metadata?.name ?? ''}`);
			continue;
		}
		const endpoint = { namespace, object: `Route/${route.metadata?.name ?? ''}`, hosts, source: `${tls.termination ?? 'edge'}, inline` };
		if (tls.termination === 'passthrough') endpoints.push({ ...endpoint, source: 'passthrough (served by the pod)', state: 'default' });
		else if (!tls.certificate) endpoints.push({ ...endpoint, source: `${tls.termination ?? 'edge'}, router default`, state: 'default' });
		else endpoints.push(dated(endpoint, readCertificateBundle(String(tls.certificate), hosts), now, warnDays));
	}
	endpoints.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || (a.certificate?.notAfter ?? Infinity) - (b.certificate?.notAfter ?? Infinity) || a.namespace.localeCompare(b.namespace) || a.object.localeCompare(b.object));

	const of = (state: TlsState) => endpoints.filter((endpoint) => endpoint.state === state);
	const counts = {
		endpoints: endpoints.length,
		expired: of('expired').length,
		expiring: of('expiring').length,
		problems: of('problem').length,
		ok: of('ok').length,
		plainHttp: plainHttp.length,
		unreadable: inputs.unavailable.length,
	};
	const name = (endpoint: TlsEndpoint) => endpoint.object.replace('/', ` ${endpoint.namespace}/`);
	const list = (items: TlsEndpoint[]) => `${items.slice(0, 3).map(name).join(', ')}${items.length > 3 ? ', …' : ''}`;
	const clauses: string[] = [];
	if (counts.expired) clauses.push(`${plural(counts.expired, 'certificate has', 'certificates have')} expired (${list(of('expired'))})`);
	if (counts.expiring) clauses.push(`${plural(counts.expiring, 'certificate expires', 'certificates expire')} within ${warnDays} days (${list(of('expiring'))})`);
	if (counts.problems) clauses.push(`${plural(counts.problems, 'TLS endpoint has a problem', 'TLS endpoints have problems')} (${list(of('problem'))})`);
	const ingressesMissing = inputs.missing('ingresses');
	if (ingressesMissing) clauses.push(`the Ingresses could not be read`);
	const headline = clauses.length
		? sentence(clauses)
		: endpoints.length
			? `${allAre(counts.ok, 'certificate')} valid for more than ${warnDays} days.`
			: 'No TLS Ingresses or Routes were found.';
	// Routes missing because the cluster is not OpenShift is a fact, not a failure.
	const failedInputs = inputs.unavailable.filter((entry) => !isNotServed(entry.why));
	const verdict: Verdict = counts.expired ? 'critical' : counts.expiring || counts.problems || failedInputs.length ? 'degraded' : 'healthy';
	const notes = inputs.notes({ ingresses: 'The Ingresses', routes: 'The Routes', secrets: 'The TLS Secrets' });
	if (!secretsGiven && ingresses.some((ingress) => ingress.spec?.tls?.some((entry) => entry.secretName))) notes.push('No TLS Secrets were given, so the certificates of Ingresses could not be read.');
	if (plainHttp.length) notes.push(`${plural(plainHttp.length, 'Ingress or Route serves', 'Ingresses and Routes serve')} plain HTTP only: ${plainHttp.slice(0, 5).join(', ')}${plainHttp.length > 5 ? ', …' : ''}.`);

	return {
		kind: 'tls',
		title: input.title?.trim() || TLS_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'certificates',
					title: 'TLS certificates',
					columns: ['Namespace', 'Object', 'Hosts', 'Certificate', 'Issuer', 'Expires', 'Status', 'Source'],
					rows: endpoints.map((endpoint) => [
						oneLine(endpoint.namespace),
						oneLine(endpoint.object),
						oneLine(endpoint.hosts.join(', ')),
						oneLine(endpoint.certificate?.subject ?? ''),
						oneLine(endpoint.certificate?.issuer ?? ''),
						formatDate(endpoint.certificate?.notAfter),
						oneLine(stateText(endpoint, now)),
						oneLine(endpoint.source),
					]),
					emptyText: ingressesMissing ? `The Ingresses could not be read: ${ingressesMissing.why}.` : 'No TLS Ingresses or Routes were found.',
					note: `Soonest expiry first; within ${warnDays} days is flagged. A bundle's earliest end date counts.`,
				},
				maxRows,
			),
		],
		notes,
		unavailable: inputs.unavailable,
	};
}
