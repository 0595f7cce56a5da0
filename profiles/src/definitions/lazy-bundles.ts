import { bundleResources } from './conformance-resource.js';

/**
 * Definition Bundles read one file at a time, only when a lookup needs one more: a validation of
 * base resources never parses the extension or profile files. Each file is parsed once.
 */
export class LazyBundles {
  private next = 0;

  constructor(
    private readonly files: readonly string[],
    private readonly read: (file: string) => unknown,
    private readonly accept: (resource: unknown) => void,
  ) {}

  /** Reads further files until `found()` holds or all are read. */
  until(found: () => boolean): void {
    while (!found() && this.next < this.files.length) {
      const file = this.files[this.next++];
      if (file !== undefined) bundleResources(this.read(file)).forEach(this.accept);
    }
  }

  readAll(): void {
    this.until(() => false);
  }
}
