import { expect } from 'chai';
import { loadConfig } from './config.js';

const services = { REDIS_URL: 'redis://127.0.0.1:6379', MONGODB_URL: 'mongodb://127.0.0.1:27017/nexus' };

describe('configuration (README "Configuration", DESIGN "Running"): split roles need the shared services', () => {
  it('runs ROLE=all on nothing but itself (in-process queue, memory inbox)', () => {
    expect(loadConfig({}).role).to.equal('all');
    expect(loadConfig({ MONGODB_URL: services.MONGODB_URL }).mongodbUrl).to.equal(services.MONGODB_URL);
  });

  for (const role of ['api', 'worker', 'mllp']) {
    it(`refuses ROLE=${role} without REDIS_URL or MONGODB_URL, naming what is missing`, () => {
      expect(() => loadConfig({ ROLE: role })).to.throw(
        `ROLE=${role} needs REDIS_URL and MONGODB_URL (the queue and inbox the roles share); set them or use ROLE=all`,
      );
      expect(() => loadConfig({ ROLE: role, MONGODB_URL: services.MONGODB_URL })).to.throw(
        /^ROLE=\w+ needs REDIS_URL \(/,
      );
      expect(() => loadConfig({ ROLE: role, REDIS_URL: services.REDIS_URL })).to.throw(
        /^ROLE=\w+ needs MONGODB_URL \(/,
      );
      expect(loadConfig({ ROLE: role, ...services }).role).to.equal(role);
    });
  }

  it('refuses an unknown ROLE', () => {
    expect(() => loadConfig({ ROLE: 'sink' })).to.throw(/^ROLE must be one of/);
  });
});

describe('configuration: DELIVERY_URL follows the address the API listens on (README "Configuration")', () => {
  it('is loopback when the API binds every address, else that address', () => {
    expect(loadConfig({}).deliveryUrl).to.equal('http://127.0.0.1:8080/fhir');
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_MODE: 'smart' }).deliveryUrl).to.equal('http://127.0.0.1:8080/fhir');
    expect(loadConfig({ HOST: '::1', AUTH_MODE: 'off' }).deliveryUrl).to.equal('http://[::1]:8080/fhir');
    expect(loadConfig({ HOST: '10.1.2.3', PORT: '9000', AUTH_MODE: 'smart' }).deliveryUrl).to.equal(
      'http://10.1.2.3:9000/fhir',
    );
    expect(loadConfig({ DELIVERY_URL: 'https://fhir.example/fhir/' }).deliveryUrl).to.equal(
      'https://fhir.example/fhir',
    );
  });
});
