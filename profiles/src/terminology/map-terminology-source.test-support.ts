import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { R4CoreDefinitions } from '../definitions/r4-core-definitions.js';
import type { TerminologySource } from './terminology-source.js';

/** A source for tests: its own resources first, then the R4 ones; `add` bumps the revision. */
export class MapTerminologySource implements TerminologySource {
  revision = 0;
  private readonly resources = new Map<string, CodeSystem | ValueSet>();

  constructor(resources: ReadonlyArray<CodeSystem | ValueSet> = []) {
    for (const r of resources) this.add(r);
    this.revision = 0;
  }

  add(resource: CodeSystem | ValueSet): void {
    this.resources.set(`${resource.resourceType} ${resource.url}`, resource);
    this.revision++;
  }

  valueSet(url: string): ValueSet | undefined {
    const own = this.resources.get(`ValueSet ${url.split('|')[0]}`);
    return own?.resourceType === 'ValueSet' ? own : R4CoreDefinitions.shared().valueSet(url);
  }

  codeSystem(url: string): CodeSystem | undefined {
    const own = this.resources.get(`CodeSystem ${url.split('|')[0]}`);
    return own?.resourceType === 'CodeSystem' ? own : R4CoreDefinitions.shared().codeSystem(url);
  }
}
