/** What an item asks for, read from the node's parameters: repository, issue, comment, label options, limit. */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import {
	parseNameList,
	parsePositiveInteger,
	readIssueNumber,
	readRepository,
	type GiteaClient,
	type IssueRef,
	type LabelOptions,
	type RepositoryRef,
} from '../../shared/gitea';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Owner and repository of item `itemIndex`, or of the node being edited when there is no item. */
export function getRepository(this: Context, client: GiteaClient, itemIndex?: number): RepositoryRef {
	const read = (name: string) =>
		itemIndex === undefined
			? (this as ILoadOptionsFunctions).getNodeParameter(name)
			: (this as IExecuteFunctions).getNodeParameter(name, itemIndex);
	return readRepository(read('owner'), read('repository'), client.serverUrl);
}

export function getIssue(this: IExecuteFunctions, client: GiteaClient, itemIndex: number): IssueRef {
	const repository = getRepository.call(this, client, itemIndex);
	return { ...repository, number: readIssueNumber(this.getNodeParameter('issue', itemIndex), repository, client.serverUrl) };
}

/** Owner, repository and Comment ID of item `itemIndex`. */
export function getComment(this: IExecuteFunctions, client: GiteaClient, itemIndex: number): RepositoryRef & { id: number } {
	const id = parsePositiveInteger('Comment ID', this.getNodeParameter('commentId', itemIndex), 'comment ID, e.g. 1234');
	return { ...getRepository.call(this, client, itemIndex), id };
}

/** Create Missing Labels and Label Color, from the Options of item `itemIndex`. */
export function getLabelOptions(this: IExecuteFunctions, itemIndex: number): LabelOptions {
	const { createMissingLabels, labelColor } = this.getNodeParameter('options', itemIndex, {}) as LabelOptions;
	return { createMissingLabels, labelColor };
}

/** The Limit of item `itemIndex`, or undefined (every result) when Return All is on. */
export function getLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	return this.getNodeParameter('returnAll', itemIndex, false) ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
}

/** A comma-separated text, or an array from an expression, as a list of names. */
export const names = (value: unknown): string[] => parseNameList(value);
