// GeoReport v2 XML, the spec's required format, mapped from the same bodies as its JSON by the spec's
// Spark convention: a list becomes an element holding one child per item, named as the spec names
// it (services → service, service_requests → request, errors → error, …); null is an empty element.
import { XMLBuilder } from 'fast-xml-parser';

export type Open311Root = 'services' | 'service_definition' | 'service_requests' | 'errors' | 'discovery';

/** Each list's item element, from the spec's examples. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute', // in service_definition
  values: 'value', // in an attribute
  endpoints: 'endpoint', // in discovery
  formats: 'format', // in a discovery endpoint
};

// Characters XML 1.0 cannot carry at all (control characters, lone surrogates): a resident's note may hold one.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const builder = new XMLBuilder({ format: true, suppressEmptyNode: true }); // escapes & < > " ' in text

function tree(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`GeoReport XML has no item element for a list named ${name}`);
    return value.length ? { [item]: value.map((v) => tree(v, item)) } : '';
  }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tree(v, k)]));
  if (typeof value === 'string') return value.replace(NOT_XML, '\uFFFD');
  return String(value); // numbers and booleans as their JSON text: 43.45, false
}

/** The XML document for a GeoReport body: `<services>`, `<service_requests>`, `<errors>`, … */
export function georeportXml(root: Open311Root, body: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: tree(body, root) })}`;
}
