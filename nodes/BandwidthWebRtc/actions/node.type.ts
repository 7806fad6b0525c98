import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BandwidthApi } from '../transport';

/** Every operation module exports its fields (`description`) and this. */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
) => Promise<IDataObject | IDataObject[]>;

export type BandwidthWebRtcResource = 'endpoint' | 'participant' | 'session' | 'subscription';
