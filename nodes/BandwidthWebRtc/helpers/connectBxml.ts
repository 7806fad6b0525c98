import type { INode } from 'n8n-workflow';

import { invalidInput } from './validation';

/**
 * XML 1.0 allows no control characters other than tab, line feed and carriage return, and no
 * lone surrogates: escaping cannot make those valid, so a value holding one is refused.
 */
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text that no escaping could put into an XML document; names the field and the item. */
export function checkXmlText(node: INode, itemIndex: number, field: string, value: string): string {
	const match = NOT_XML_CHARACTER.exec(value);
	if (match) {
		const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		throw invalidInput(
			node,
			itemIndex,
			field,
			`it holds the character U+${code} at position ${match.index}, which XML does not allow`,
		);
	}
	return value;
}

/** An endpoint ID is one token: whitespace inside it is a mapping mistake, not part of the ID. */
export function checkEndpointIdForBxml(node: INode, itemIndex: number, endpointId: string): string {
	checkXmlText(node, itemIndex, 'Endpoint ID', endpointId);
	if (/\s/.test(endpointId)) {
		throw invalidInput(
			node,
			itemIndex,
			'Endpoint ID',
			`"${endpointId}" holds whitespace, which an endpoint ID never does`,
			'Map the field to the ID alone, for example {{ $json.endpointId }}',
		);
	}
	return endpointId;
}
