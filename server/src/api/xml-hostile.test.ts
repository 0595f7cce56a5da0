import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const XML = { 'Content-Type': 'application/fhir+xml', Accept: 'application/fhir+xml' };

const XXE = `<?xml version="1.0"?>
<!DOCTYPE Patient [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Patient xmlns="http://hl7.org/fhir"><name><family value="&xxe;"/></name></Patient>`;

const LOL = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE Patient [<!ENTITY lol0 "lol">${LOL}]>
<Patient xmlns="http://hl7.org/fhir"><name><family value="&lol9;"/></name></Patient>`;

/** Every element is an allowed one (Extension.extension), so only the depth limit can stop it. */
const deepExtensions = (depth: number) =>
  `<Patient xmlns="http://hl7.org/fhir">${'<extension url="u">'.repeat(depth)}${'</extension>'.repeat(depth)}</Patient>`;

/**
 * Hostile XML (xml.html; OWASP XXE): no DTD is ever read, no entity expanded, no file opened;
 * each is a 4xx OperationOutcome (in XML, as asked) that stores nothing and answers at once.
 */
describe('xml.html — hostile XML bodies (http.html#ops)', () => {
  let server: TestServer;
  let stored: string[];
  before(async () => {
    server = await startTestServer({ bodyLimitBytes: 1024 * 1024 });
    await created<Patient>(server, { resourceType: 'Patient' });
  });
  beforeEach(async () => (stored = await storedState(server.store)));
  afterEach(async () => expect(await storedState(server.store)).to.deep.equal(stored));
  after(() => server.close());

  const post = (body: string) => call(server, 'POST', 'Patient', { body, headers: XML });

  it('an external entity (XXE to /etc/passwd) is refused, the file never read', async () => {
    const result = await post(XXE);
    expectOutcome(result, 400, 'xml');
    expect(result.text).not.to.contain('root:');
    expect(result.text).to.contain('DOCTYPE');
  });

  it('billion laughs is refused at once, nothing expanded', async () => {
    const started = Date.now();
    expectOutcome(await post(BILLION_LAUGHS), 400, 'xml');
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('any DOCTYPE is refused, even an empty one', async () => {
    expectOutcome(await post('<!DOCTYPE Patient><Patient xmlns="http://hl7.org/fhir"/>'), 400, 'xml');
  });

  it('an entity that is not declared is a well-formedness error', async () => {
    const body = '<Patient xmlns="http://hl7.org/fhir"><name><family value="&nbsp;"/></name></Patient>';
    expectOutcome(await post(body), 400, 'xml');
  });

  it('nesting past the depth limit is 400, whatever the elements (the JSON limit)', async () => {
    const outcome = expectOutcome(await post(deepExtensions(5000)), 400, 'xml');
    expect(outcome.issue[0]?.diagnostics).to.match(/deeper/);
  });

  it('malformed XML is 400 and says where', async () => {
    const outcome = expectOutcome(
      await post('<Patient xmlns="http://hl7.org/fhir"><active value="true"></Patient>'),
      400,
      'xml',
    );
    expect(outcome.issue[0]?.diagnostics).to.match(/^The body is not well-formed XML: 1:\d+/);
  });

  it('a wrong root namespace, an unknown element and stray text are 400 with an expression', async () => {
    const cases: Array<[string, string[] | undefined]> = [
      ['<Patient><active value="true"/></Patient>', undefined],
      ['<Patient xmlns="http://hl7.org/fhir"><colour value="red"/></Patient>', ['Patient.colour']],
      ['<Patient xmlns="http://hl7.org/fhir"><name>Ann</name></Patient>', ['Patient.name']],
      ['<Patient xmlns="http://hl7.org/fhir"><active value="true" extra="1"/></Patient>', ['Patient.active.@extra']],
    ];
    for (const [body, expression] of cases) {
      const outcome = expectOutcome(await post(body), 400, 'xml');
      expect(outcome.issue[0]?.expression, body).to.deep.equal(expression);
    }
  });

  it('a body in another charset is 415', async () => {
    const body = '<?xml version="1.0" encoding="ISO-8859-1"?><Patient xmlns="http://hl7.org/fhir"/>';
    expectOutcome(await post(body), 415, 'xml');
  });
});

describe('xml.html — an XML body over the size limit (http.html#ops)', () => {
  let server: TestServer;
  // Its own server, with a limit this test can pass quickly.
  before(async () => (server = await startTestServer({ bodyLimitBytes: 1024 * 1024 })));
  after(() => server.close());

  it('is 413, the limit JSON bodies have', async () => {
    const body = `<Patient xmlns="http://hl7.org/fhir">${'<!-- x -->'.repeat(120_000)}</Patient>`;
    expectOutcome(await call(server, 'POST', 'Patient', { body, headers: XML }), 413, 'xml');
  });
});
