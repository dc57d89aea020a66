import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * An OpenAI-compatible endpoint, typically a LiteLLM proxy, used by the LiteLLM Agent node. The
 * node also tests it itself (its `liteLlmApiTest` method, which sends the extra headers too); the
 * request below is the plain check: list the models the key may use.
 */
export class LiteLlmApi implements ICredentialType {
	name = 'liteLlmApi';

	displayName = 'LiteLLM API';

	icon: Icon = { light: 'file:icons/litellm.svg', dark: 'file:icons/litellm.dark.svg' };

	documentationUrl = 'https://docs.litellm.ai/docs/proxy/user_keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://litellm.litellm.svc:4000',
			description:
				'The proxy’s address. A bare host gets /v1 appended; a pasted …/v1/chat/completions is trimmed back to …/v1.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'A LiteLLM virtual key (sk-…), sent as "Authorization: Bearer &lt;key&gt;". Leave empty for a proxy without keys.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- header values carry gateway keys
		{
			displayName: 'Extra Headers',
			name: 'headers',
			type: 'string',
			typeOptions: { rows: 3, password: true },
			default: '',
			placeholder: 'X-Tenant: platform-team',
			description: 'Sent with every request, one per line as "Name: value" (for a gateway in front of the proxy)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '={{$credentials.apiKey ? "Bearer " + $credentials.apiKey : undefined}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url.trim().replace(/\\/+$/, "").replace(/\\/chat\\/completions$/i, "")}}',
			url: '/models',
		},
	};
}
