import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { setIssueState } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getIssue as readIssue } from '../../helpers/parameters';
import { issueRLC } from '../common.descriptions';

/** Close and Reopen are one operation: set the state of the chosen issue. */
export function setStateOperation(operation: 'close' | 'reopen', state: 'closed' | 'open') {
	return {
		description: updateDisplayOptions({ show: { resource: ['issue'], operation: [operation] } }, [issueRLC]),
		async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
			return await forEachItem.call(this, items, async (client, i) => await setIssueState(client, readIssue.call(this, client, i), state));
		},
	};
}
