// SOAP 1.1 for LANBilling's API: the request envelope (namespace urn:api3, child elements unqualified,
// as api3.wsdl declares elementFormDefault="unqualified") and reading an answer into the operation's
// response element or the fault's text.
import { BillingError } from './billing-adapter.ts';
import { parseXmlAnswer, type XmlNode, xmlChild, xmlText } from './xml-answer.ts';

export interface SoapAnswer {
  /** The <OpResponse> element, or the fault. */
  body?: XmlNode;
  fault?: string;
}

export function envelope(operation: string, args: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:api="urn:api3">' +
    `<soap:Body><api:${operation}>${args}</api:${operation}></soap:Body></soap:Envelope>`
  );
}

export async function readEnvelope(text: string, operation: string, posts: boolean): Promise<SoapAnswer> {
  const what = `LANBilling ${operation}`;
  const document = await parseXmlAnswer(text, what, posts);
  const body = xmlChild(xmlChild(document, 'Envelope'), 'Body');
  if (!body)
    throw new BillingError('protocol', `${what}: the answer is not a SOAP envelope`, {
      outcomeKnown: !posts,
    });
  const fault = xmlChild(body, 'Fault');
  if (fault)
    return { fault: xmlText(fault, 'faultstring') ?? xmlText(fault, 'detail') ?? 'SOAP fault without text' };
  // Matched without regard to case: the WSDL spells operations both ways (see the header).
  const wanted = `${operation}Response`.toLowerCase();
  const response = Object.entries(body).find(([name]) => name.toLowerCase() === wanted)?.[1];
  if (response === undefined) {
    throw new BillingError('protocol', `${what}: the answer has no ${operation}Response`, {
      outcomeKnown: !posts,
    });
  }
  return { body: typeof response === 'object' && response !== null ? (response as XmlNode) : {} };
}

export function listOf(value: unknown): XmlNode[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.filter((item): item is XmlNode => typeof item === 'object' && item !== null);
}

export function firstOf(value: unknown): XmlNode | undefined {
  return listOf(value)[0];
}
