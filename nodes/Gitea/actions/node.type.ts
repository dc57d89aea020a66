import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	issue: 'close' | 'create' | 'createOrComment' | 'get' | 'getAll' | 'reopen' | 'search' | 'update';
	comment: 'create' | 'delete' | 'getAll' | 'update';
	label: 'create' | 'getAll';
};

export type GiteaType = AllEntities<NodeMap>;
