// Open311 GeoReport v2 in XML, the spec's required format (issue 12, item 6): every endpoint and its
// errors are parsed with an XML parser and checked against the element names of the spec
// (wiki.open311.org/GeoReport_v2 and /Service_Discovery), as FixMyStreet's client reads them;
// jurisdiction_id is accepted on every call and an unknown one is the spec's 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { addStaff, count, DOWNTOWN, removeDir, signIn, startServer, type Running } from './harness';
import { publicPosition } from '../../server/domain/service-area';
import { PUBLIC_CELL_M } from '../../server/domain/limits';

// The spec's element names, written out from its tables and examples (not from our code).
const SERVICE = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const REQUEST = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
];
const POSTED = ['service_request_id', 'service_notice', 'account_id'];
const ERROR = ['code', 'description'];
const DISCOVERY = ['changeset', 'contact', 'key_service', 'endpoints'];
const ENDPOINT = ['specification', 'url', 'changeset', 'type', 'formats'];

type Node = Record<string, unknown>;
// Lists are lists even with one item, as XML::Simple's ForceArray or xmltodict's force_list would read them.
const LISTS = new Set(['service', 'request', 'error', 'attribute', 'endpoint', 'format']);
const parser = new XMLParser({ isArray: (name) => LISTS.has(name), parseTagValue: false, ignoreDeclaration: true });

/** The document's root element and its content, after checking it is well-formed UTF-8 XML sent as text/xml. */
function xml(res: request.Response): [string, Node] {
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(XMLValidator.validate(res.text)).toBe(true);
  const doc = parser.parse(res.text) as Node;
  const roots = Object.keys(doc);
  expect(roots).toHaveLength(1);
  return [roots[0], (doc[roots[0]] === '' ? {} : doc[roots[0]]) as Node];
}
const items = (node: Node, name: string) => (node[name] ?? []) as Node[];
/** The errors of an error document, after checking its status and element names. */
function xmlErrors(res: request.Response, status: number): Node[] {
  expect(res.status).toBe(status);
  const [root, body] = xml(res);
  expect(root).toBe('errors');
  const errors = items(body, 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(Object.keys(e)).toEqual(ERROR);
  return errors;
}

describe('Open311 GeoReport v2 in XML', () => {
  let s: Running;
  let apiKey: string;
  let planner: { cookie: string; csrfToken: string };
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
    await addStaff(s, 'partner', 'volunteer');
    await addStaff(s, 'plans', 'planner');
    const partner = await signIn(s.url, 'partner');
    planner = await signIn(s.url, 'plans');
    apiKey = (await request(s.url).post('/api/v1/tokens').set('Cookie', partner.cookie).set('x-csrf-token', partner.csrfToken).send({ name: '311 app' })).body.token;
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });
  const get = (path: string, query: Record<string, string | number> = {}) => request(s.url).get(`/open311/v2/${path}`).query(query);
  const post = (format: 'xml' | 'json', fields: Record<string, string | number>) =>
    request(s.url).post(`/open311/v2/requests.${format}`).type('form').send(fields);

  it('when services.xml is read, then <services> holds one <service> per report kind with the spec\'s elements, as in JSON', async () => {
    const res = await get('services.xml', { jurisdiction_id: 'kitchener.ca' });
    expect(res.status).toBe(200);
    const [root, body] = xml(res);
    expect(root).toBe('services');
    const services = items(body, 'service');
    expect(services.map((x) => x.service_code)).toEqual(['no_wifi', 'too_weak', 'cant_connect', 'hotspot_down', 'works']);
    for (const service of services) expect(Object.keys(service)).toEqual(SERVICE);
    expect(services[0]).toMatchObject({ service_name: 'No free Wi-Fi here', metadata: 'false', type: 'realtime', group: 'Free public Wi-Fi' });
    const json = (await get('services.json')).body as Node[];
    expect(services).toEqual(json.map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, String(v)]))));
  });

  it('when a service definition is read, then <service_definition> names the code and has no attributes; an unknown code is a 404 <errors>', async () => {
    const res = await get('services/too_weak.xml', { jurisdiction_id: 'kitchener.ca' });
    expect(res.status).toBe(200);
    const [root, body] = xml(res);
    expect(root).toBe('service_definition');
    expect(body).toEqual({ service_code: 'too_weak', attributes: '' });
    const [error] = xmlErrors(await get('services/pothole.xml'), 404);
    expect(error).toEqual({ code: '404', description: 'service_code pothole was not found' });
  });

  it('when a request is POSTed to requests.xml with jurisdiction_id, then <service_requests><request> carries its id, the notice and an empty account_id', async () => {
    const before = count(s.store, 'reports');
    const res = await post('xml', { api_key: apiKey, jurisdiction_id: 'kitchener.ca', service_code: 'no_wifi', lat: DOWNTOWN.lat, long: DOWNTOWN.lon, email: 'jane@example.org' });
    expect(res.status).toBe(201);
    const [root, body] = xml(res);
    expect(root).toBe('service_requests');
    const [created] = items(body, 'request');
    expect(Object.keys(created)).toEqual(POSTED);
    expect(created.account_id).toBe('');
    expect(s.store.reports.get(Number(created.service_request_id))).toMatchObject({ kind: 'no_wifi' });
    expect(count(s.store, 'reports')).toBe(before + 1);
  });

  it('when requests.xml and requests/{id}.xml are read, then each <request> has the spec\'s elements, the public cell, and a note only once published', async () => {
    const spot = { lat: 43.4474, lon: -80.4921 };
    const [{ service_request_id: id }] = (await post('json', { api_key: apiKey, service_code: 'too_weak', lat: spot.lat, long: spot.lon, description: 'bad <b>signal</b> & \u0007 "quotes"' })).body;
    const [root, body] = xml(await get(`requests/${id}.xml`, { jurisdiction_id: 'kitchener.ca' }));
    expect(root).toBe('service_requests');
    const [one] = items(body, 'request');
    expect(Object.keys(one)).toEqual(REQUEST);
    const [lon, lat] = publicPosition([spot.lon, spot.lat], PUBLIC_CELL_M);
    expect([Number(one.long), Number(one.lat)]).toEqual([lon, lat]);
    expect(one).toMatchObject({ service_request_id: id, status: 'open', service_code: 'too_weak', description: '', agency_responsible: 'City of Kitchener' });
    expect(one.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/); // the spec's w3 format, with its zone

    const published = await request(s.url).patch(`/api/v1/reports/${id}`).set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken)
      .send({ status: 'resolved', publicNote: 'A new access point <covers> it & more', notePublished: true });
    expect(published.status).toBe(200);
    const [, list] = xml(await get('requests.xml', { service_request_id: id, status: 'closed' }));
    const [closed] = items(list, 'request');
    expect(Object.keys(closed)).toEqual(REQUEST);
    // Markup and a control character (which XML cannot carry) arrive as text, the document stays well-formed.
    expect(closed).toMatchObject({ status: 'closed', status_notes: 'A new access point <covers> it & more', description: 'bad <b>signal</b> & \ufffd "quotes"' });
    const json = (await get('requests.json', { service_request_id: id })).body[0];
    expect(json.description).toBe('bad <b>signal</b> & \u0007 "quotes"');
  });

  it('when requests.xml finds nothing, then it is an empty <service_requests>', async () => {
    const [root, body] = xml(await get('requests.xml', { start_date: '2100-01-01T00:00:00Z' }));
    expect(root).toBe('service_requests');
    expect(items(body, 'request')).toEqual([]);
  });

  it('when an XML call fails, then the answer is <errors><error><code/><description/></error></errors> with the spec\'s status', async () => {
    expect(xmlErrors(await get('requests.xml', { radius: 100 }), 400)[0].description).toMatch(/lat and long/);
    expect(xmlErrors(await get('requests/999999.xml'), 404)[0].code).toBe('404');
    expect(xmlErrors(await get('nothing.xml'), 404)[0].description).toMatch(/no Open311 resource GET/);
    expect(xmlErrors(await post('xml', { service_code: 'no_wifi', lat: DOWNTOWN.lat, long: DOWNTOWN.lon }), 400)[0].description).toMatch(/^api_key:/);
    expect(xmlErrors(await post('xml', { api_key: 'nope', service_code: 'no_wifi', lat: DOWNTOWN.lat, long: DOWNTOWN.lon }), 403))
      .toEqual([{ code: '403', description: 'the api_key is not valid' }]);
    const several = xmlErrors(await post('xml', { api_key: apiKey, service_code: 'pothole', lat: 'north', long: DOWNTOWN.lon, colour: 'red' }), 400);
    expect(several.map((e) => String(e.description).split(':')[0]).sort()).toEqual(['colour', 'lat', 'service_code']); // every problem, one <error> each
    const badToken = xmlErrors(await get('services.xml').set('Authorization', 'Bearer not-a-token'), 401);
    expect(badToken[0].description).toMatch(/API token is not valid/);
    const tooMany = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`attribute[a${i}]`, 'x']));
    expect(xmlErrors(await post('xml', tooMany), 413)[0].description).toMatch(/at most 50 form fields/);
  });

  describe('jurisdiction_id', () => {
    const calls: [string, () => request.Test][] = [
      ['GET services', () => get('services.xml', { jurisdiction_id: 'waterloo.ca' })],
      ['GET a service definition', () => get('services/no_wifi.xml', { jurisdiction_id: 'waterloo.ca' })],
      ['GET requests', () => get('requests.xml', { jurisdiction_id: 'waterloo.ca' })],
      ['GET a request', () => get('requests/1.xml', { jurisdiction_id: 'waterloo.ca' })],
      ['POST a request (form field)', () => post('xml', { api_key: apiKey, jurisdiction_id: 'waterloo.ca', service_code: 'no_wifi', lat: DOWNTOWN.lat, long: DOWNTOWN.lon })],
      ['GET discovery', () => request(s.url).get('/open311/discovery.xml').query({ jurisdiction_id: 'waterloo.ca' })],
    ];
    for (const [what, call] of calls)
      it(`when ${what} names another jurisdiction, then 404 <errors> naming it, nothing stored`, async () => {
        const before = count(s.store, 'reports');
        const [error] = xmlErrors(await call(), 404);
        expect(error.description).toBe('jurisdiction_id waterloo.ca was not found: this endpoint serves kitchener.ca only');
        expect(count(s.store, 'reports')).toBe(before);
      });

    it('when ours is given (any case, or empty) to GET and POST requests.json, then it is accepted (it was rejected before)', async () => {
      expect((await get('requests.json', { jurisdiction_id: 'Kitchener.CA' })).status).toBe(200);
      expect((await get('requests.json', { jurisdiction_id: '' })).status).toBe(200);
      const res = await post('json', { api_key: apiKey, jurisdiction_id: 'kitchener.ca', service_code: 'works', lat: DOWNTOWN.lat, long: DOWNTOWN.lon });
      expect(res.status).toBe(201);
      expect(res.body[0].service_request_id).toMatch(/^\d+$/);
    });

    it('when another is given in JSON, then the same 404 as a JSON array', async () => {
      const res = await get('requests.json', { jurisdiction_id: 'waterloo.ca' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual([{ code: 404, description: 'jurisdiction_id waterloo.ca was not found: this endpoint serves kitchener.ca only' }]);
    });
  });

  describe('service discovery', () => {
    for (const path of ['/open311/discovery', '/open311/v2/discovery'])
      it(`when ${path}.xml and .json are read, then both list the GeoReport v2 endpoint with XML and JSON, and its url works`, async () => {
        const [root, body] = xml(await request(s.url).get(`${path}.xml`));
        expect(root).toBe('discovery');
        expect(Object.keys(body)).toEqual(DISCOVERY);
        const [endpoint] = items(body.endpoints as Node, 'endpoint');
        expect(Object.keys(endpoint)).toEqual(ENDPOINT);
        expect(endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${s.url}/open311/v2`, type: 'production' });
        expect((endpoint.formats as Node).format).toEqual(['text/xml', 'application/json']);
        expect(Date.parse(String(body.changeset))).toBeLessThan(Date.now());
        const json = (await request(s.url).get(`${path}.json`)).body;
        expect(json).toMatchObject({ changeset: body.changeset, contact: body.contact, key_service: body.key_service });
        expect(json.endpoints).toEqual([{ ...endpoint, formats: ['text/xml', 'application/json'] }]);
        const services = await request(`${endpoint.url}`).get('/services.xml');
        expect(xml(services)[0]).toBe('services');
      });
  });
});
