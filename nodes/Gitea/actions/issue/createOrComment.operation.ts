import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createOrComment, parseNameList } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { labelOptions, labelOptionsProperty, labelsProperty } from '../common.descriptions';
import { additionalFieldsProperty, bodyProperty, getNewIssue, titleProperty } from './newIssue';

const properties: INodeProperties[] = [
	{
		displayName: 'Fingerprint',
		name: 'fingerprint',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.fingerprint }}',
		description:
			'What makes two failures the same failure: the Failure Triage node computes one, or use any stable expression. Stored invisibly in the issue body.',
	},
	{
		displayName: 'Previous Fingerprints',
		name: 'previousFingerprints',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.report.legacyFingerprint }}',
		description:
			"Fingerprints the same failure had under an older fingerprint algorithm, comma-separated or an array. An open issue carrying one of them is commented on and moved to the Fingerprint above, so known failures are not filed again after an upgrade. The Failure Triage node's is legacyFingerprint (matched until version 0.3).",
	},
	{ ...titleProperty, description: 'Used when a new issue is created' },
	{ ...bodyProperty, description: 'Markdown; used when a new issue is created' },
	{ ...labelsProperty, description: 'Label names, comma-separated; applied when a new issue is created' },
	{
		displayName: 'Run URL',
		name: 'runUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://tekton.example.com/#/namespaces/ci/pipelineruns/build-42',
		description: 'Link to the run that failed; shown in the comment when the issue already exists',
	},
	{
		displayName: 'Comment Text',
		name: 'commentText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Extra Markdown for the comment when the issue already exists, e.g. a summary of this run',
	},
	{ ...additionalFieldsProperty, description: 'Applied when a new issue is created' },
	{
		...labelOptionsProperty,
		options: [
			...labelOptions,
			{
				displayName: 'Match Issues by Any Author',
				name: 'matchAnyAuthor',
				type: 'boolean',
				default: false,
				description:
					"Whether to also look at open issues created by other users than the token's user (slower on busy repositories)",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['createOrComment'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const options = this.getNodeParameter('options', i, {}) as { matchAnyAuthor?: boolean };
		return await createOrComment(client, {
			...getNewIssue.call(this, client, i),
			fingerprint: this.getNodeParameter('fingerprint', i) as string,
			previousFingerprints: parseNameList(this.getNodeParameter('previousFingerprints', i, '')),
			runUrl: this.getNodeParameter('runUrl', i, '') as string,
			commentText: this.getNodeParameter('commentText', i, '') as string,
			matchAnyAuthor: options.matchAnyAuthor,
		});
	});
}
