import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BandwidthApi, ErrorHints } from '../transport';

/**
 * Every Delete operation's request: DELETE at `path`, where a 404 counts as done when the item's
 * Options say "Treat Not Found as Success" (descriptions/deleteOptions.ts).
 */
export async function sendDelete(
	fns: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
	path: string,
	hints: ErrorHints,
): Promise<void> {
	const options = fns.getNodeParameter('options', itemIndex, {}) as IDataObject;
	await api.request({ method: 'DELETE', path, itemIndex, hints, allowNotFound: options.notFoundIsSuccess === true });
}
