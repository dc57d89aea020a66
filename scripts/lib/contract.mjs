// The configuration contract (ARCHITECTURE.md): environment variables → n8n credentials that
// `npm start` and the end-to-end tests import. Only variables that are set produce a credential.

/** Fixed ids, so shipped workflows can reference the credentials by id. */
export const CREDENTIAL_IDS = {
	mcpCluster: 'mcpCluster00001',
	mcpGitea: 'mcpGitea000001',
	liteLlm: 'liteLlm0000001',
	gitea: 'gitea000000001',
	smtp: 'smtp0000000001',
	webhookAuth: 'webhookAuth001',
};

/** A variable that is set to something other than blanks. */
export const present = (value) => typeof value === 'string' && value.trim() !== '';

function mcpCredential(id, name, url, transport, token) {
	return {
		id,
		name,
		type: 'mcpServerApi',
		data: {
			url,
			transport: present(transport) ? transport : 'auto',
			authentication: present(token) ? 'bearer' : 'none',
			...(present(token) ? { token } : {}),
			timeout: 60000,
		},
	};
}

/**
 * The credentials the environment configures.
 * @param {Record<string, string | undefined>} env
 * @returns {{ id: string, name: string, type: string, data: Record<string, unknown> }[]}
 */
export function credentialsFromEnvironment(env = process.env) {
	const credentials = [];
	if (present(env.MCP_OPENSHIFT_URL)) {
		credentials.push(mcpCredential(CREDENTIAL_IDS.mcpCluster, 'Kubernetes / OpenShift MCP server', env.MCP_OPENSHIFT_URL, env.MCP_OPENSHIFT_TRANSPORT, env.MCP_OPENSHIFT_TOKEN));
	}
	if (present(env.MCP_GITEA_URL)) {
		credentials.push(mcpCredential(CREDENTIAL_IDS.mcpGitea, 'Gitea MCP server', env.MCP_GITEA_URL, env.MCP_GITEA_TRANSPORT));
	}
	if (present(env.LITELLM_URL)) {
		credentials.push({ id: CREDENTIAL_IDS.liteLlm, name: 'LiteLLM', type: 'liteLlmApi', data: { url: env.LITELLM_URL, apiKey: env.LITELLM_API_KEY ?? '' } });
	}
	if (present(env.GITEA_URL)) {
		credentials.push({ id: CREDENTIAL_IDS.gitea, name: 'Gitea', type: 'giteaApi', data: { server: env.GITEA_URL, accessToken: env.GITEA_TOKEN ?? '', allowUnauthorizedCerts: false } });
	}
	if (present(env.SMTP_HOST)) {
		credentials.push({
			id: CREDENTIAL_IDS.smtp,
			name: 'SMTP',
			type: 'smtp',
			data: {
				host: env.SMTP_HOST,
				port: Number(env.SMTP_PORT ?? 587),
				user: env.SMTP_USER ?? '',
				password: env.SMTP_PASSWORD ?? '',
				secure: /^(1|true|yes)$/i.test(env.SMTP_SECURE ?? ''),
			},
		});
	}
	if (present(env.WEBHOOK_TOKEN)) {
		credentials.push({ id: CREDENTIAL_IDS.webhookAuth, name: 'Webhook bearer token', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${env.WEBHOOK_TOKEN}` } });
	}
	return credentials;
}

/** Which parts of the contract are configured, for the start-up summary (never the secrets). */
export function describeConfiguration(env = process.env) {
	return [
		['Kubernetes/OpenShift MCP server', env.MCP_OPENSHIFT_URL],
		['Gitea MCP server', env.MCP_GITEA_URL],
		['LiteLLM', env.LITELLM_URL ? `${env.LITELLM_URL} (model ${env.LITELLM_MODEL ?? 'not set'})` : undefined],
		['Gitea', env.GITEA_URL ? `${env.GITEA_URL} (${env.GITEA_OWNER ?? '?'}/${env.GITEA_REPO ?? '?'})` : undefined],
		['SMTP', env.SMTP_HOST ? `${env.SMTP_HOST}:${env.SMTP_PORT ?? 587} → ${env.REPORT_EMAIL_TO ?? 'no recipient set'}` : undefined],
		['Webhook token', env.WEBHOOK_TOKEN ? 'set' : undefined],
		['Allowed namespaces', present(env.ALLOWED_NAMESPACES) ? env.ALLOWED_NAMESPACES : 'any the MCP server can read'],
	].map(([what, value]) => `  ${what.padEnd(32)} ${value ?? 'not configured'}`);
}
