import type { IWebhookResponseData } from 'n8n-workflow';

/** The part of express's Response the trigger uses. */
export interface JsonResponse {
	status(code: number): JsonResponse;
	json(body: unknown): unknown;
}

/**
 * Answers the request from the node itself: n8n's own answer can only carry the webhook's
 * fixed status code, and refusals need 400/401/403. `noWebhookResponse` tells n8n it is done.
 */
export function reply(res: JsonResponse, status: number, body: Record<string, unknown>): IWebhookResponseData {
	res.status(status).json(body);
	return { noWebhookResponse: true };
}
