import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A Gitea server and an access token. The token needs the scopes write:issue, read:repository,
 * read:user and read:organization (Gitea → Settings → Applications → Generate New Token).
 */
export class GiteaApi implements ICredentialType {
	name = 'giteaApi';

	displayName = 'Gitea API';

	icon: Icon = { light: 'file:icons/gitea.svg', dark: 'file:icons/gitea.dark.svg' };

	documentationUrl = 'https://docs.gitea.com/development/api-usage';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'server',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://git.example.com',
			description:
				'Address of your Gitea, as you open it in the browser, with its sub-path if it has one (e.g. https://example.com/gitea). A trailing /api/v1 is ignored.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create it in Gitea under Settings → Applications, with the scopes write:issue, read:repository, read:user and read:organization',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field -- an on/off switch, not a secret
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the TLS certificate cannot be verified (self-signed or internal CA)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=token {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.server.trim().replace(/\\/+$/, "").replace(/\\/api\\/v1$/i, "")}}',
			url: '/api/v1/user',
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}',
		},
	};
}
