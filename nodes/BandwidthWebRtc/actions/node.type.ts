import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BandwidthApi } from '../transport';

/** Every operation module exports its fields (`description`) and this. */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	api: BandwidthApi,
) => Promise<IDataObject | IDataObject[]>;

/** A resource's operations by their parameter value; `satisfies` makes a wrong signature fail to compile. */
export type OperationMap = Record<string, OperationExecute>;

/** An operation that sends no request (it builds its output from its parameters alone). */
export type LocalOperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

export type LocalOperationMap = Record<string, LocalOperationExecute>;

export type BandwidthWebRtcResource = 'endpoint' | 'participant' | 'session' | 'subscription';
