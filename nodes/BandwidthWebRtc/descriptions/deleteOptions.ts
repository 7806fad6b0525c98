import type { INodeProperties } from 'n8n-workflow';

export const deleteOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Treat Not Found as Success',
			name: 'notFoundIsSuccess',
			type: 'boolean',
			default: false,
			description:
				'Whether a 404 (already deleted, or ended after 9 hours) counts as success, for clean-up workflows',
		},
	],
};
