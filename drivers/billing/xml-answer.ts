// Reads a billing's XML answer (OSMP's <response>, LANBilling's SOAP envelope) into plain objects,
// refusing garbage with a 'protocol' BillingError that says what was wrong. fast-xml-parser is loaded
// at the first answer, so a box with no XML billing never loads it.
import { BillingError } from './billing-adapter.ts';

export type XmlNode = Record<string, unknown>;

/**
 * Every element value stays a string (parseTagValue off: "007" stays an account, "10.40" stays exact),
 * namespace prefixes are dropped (soap:Envelope → Envelope), attributes are ignored. `posts`: the
 * request was a payment, and a billing that got it and answered something unreadable may have recorded
 * it, so the error says the outcome is not known (ask getPayment before posting again).
 */
export async function parseXmlAnswer(text: string, what: string, posts = false): Promise<XmlNode> {
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const refuse = (message: string) =>
    new BillingError('protocol', `${what}: ${message}`, { outcomeKnown: !posts });
  const trimmed = text.trim();
  if (trimmed === '') throw refuse('the billing answered an empty body, not XML');
  if (!trimmed.startsWith('<'))
    throw refuse(`the billing answered text that is not XML: ${excerpt(trimmed)}`);
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) {
    throw refuse(
      `the billing's XML is malformed (line ${valid.err.line}: ${valid.err.msg}): ${excerpt(trimmed)}`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    // Numeric references (&#1080;) as well as the five XML entities: billings escape either way.
    htmlEntities: true,
  });
  return parser.parse(trimmed) as XmlNode;
}

/** The child element `name` of `node` as an object, or undefined. */
export function xmlChild(node: unknown, name: string): XmlNode | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const child = (node as XmlNode)[name];
  return typeof child === 'object' && child !== null && !Array.isArray(child)
    ? (child as XmlNode)
    : undefined;
}

/** The text of the child element `name`: '' for an empty element, undefined when absent. */
export function xmlText(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A short, single-line piece of an answer for an error message. */
export function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** Text or attribute content for an XML document we build by hand (SOAP envelopes). */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};
