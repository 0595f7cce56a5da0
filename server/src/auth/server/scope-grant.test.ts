import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseScopes } from '../scopes.js';
import { grantedScopes } from './scope-grant.js';

const TYPES = new Set(['Patient', 'Observation', 'Encounter']);
const granted = (requested: string, registered: string) =>
  grantedScopes(
    parseScopes(requested, (t) => TYPES.has(t)),
    parseScopes(registered, (t) => TYPES.has(t)),
  ).toString();

describe('scope grant = requested ∩ registered (scopes-and-launch-context.html, backend-services.html#scopes)', () => {
  it('keeps a requested scope the registration covers as written (v1 names too)', () => {
    expect(granted('system/Patient.read', 'system/*.read')).to.equal('system/Patient.read');
    expect(granted('system/Patient.rs', 'system/Patient.cruds')).to.equal('system/Patient.rs');
  });

  it('narrows permissions and wildcards to what both hold', () => {
    expect(granted('system/Patient.cruds', 'system/Patient.rs')).to.equal('system/Patient.rs');
    expect(granted('system/*.rs', 'system/Patient.read system/Observation.cruds')).to.equal(
      'system/Patient.rs system/Observation.rs',
    );
    expect(granted('system/*.write', 'system/Observation.cu')).to.equal('system/Observation.cu');
  });

  it('grants nothing across contexts, types or permissions not registered', () => {
    expect(granted('patient/Patient.rs', 'system/*.cruds')).to.equal('');
    expect(granted('system/Encounter.rs', 'system/Patient.rs')).to.equal('');
    expect(granted('system/Patient.d', 'system/Patient.rs')).to.equal('');
  });

  it('restrictions: the registered one binds, two different ones do not meet (granular scopes)', () => {
    expect(granted('system/Observation.rs', 'system/Observation.rs?category=laboratory')).to.equal(
      'system/Observation.rs?category=laboratory',
    );
    expect(granted('system/Observation.rs?category=vital-signs', 'system/Observation.rs?category=laboratory')).to.equal(
      '',
    );
    expect(granted('system/Observation.rs?category=laboratory', 'system/*.rs')).to.equal(
      'system/Observation.rs?category=laboratory',
    );
  });

  it('other scopes only when registered as they are', () => {
    expect(granted('system/Patient.rs openid launch', 'system/Patient.rs openid')).to.equal('system/Patient.rs openid');
  });
});
