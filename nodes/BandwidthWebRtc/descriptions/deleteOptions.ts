import type { INodeProperties } from 'n8n-workflow';

/** Delete's Options, for an object that can also disappear on its own (`howItGoes`). */
export function deleteOptionsFor(howItGoes: string): INodeProperties {
	return {
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
				description: `Whether a 404 (already deleted, or ${howItGoes}) counts as success, for clean-up workflows`,
			},
		],
	};
}

export const deleteOptions = deleteOptionsFor('ended after 9 hours');
