import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { choiceProperty } from '../../structure/property-index.js';
import { baseDefinitionUrl } from '../../structure/structure-definition-source.js';
import { familyEnd, isWithin, lastSegment, parentId, slicedId } from './element-ids.js';
import { mergeElement } from './merge-element.js';

/** Where the builder finds the definitions of datatypes and type profiles it expands. */
export interface DefinitionLookup {
  structureDefinition(canonical: string): StructureDefinition | undefined;
}

/**
 * A snapshot under construction (http://hl7.org/fhir/R4/profiling.html#snapshot): starts as a copy
 * of the base snapshot; each differential element is applied to the element it names, which is
 * found by id, created as a slice after the sliced element's children and earlier slices, or
 * reached by expanding a datatype's children (`Patient.identifier.system`), a `contentReference`,
 * or a renamed choice (`valueQuantity` is `value[x]` narrowed to Quantity). A new slice is a copy of
 * the sliced element and its children as this profile has constrained them so far (what holds for
 * every item holds for the slice's), with min 0: as the current IG publisher does.
 */
export class SnapshotBuilder {
  readonly elements: ElementDefinition[];
  /** For differential elements without ids: the id of the last element applied at each path. */
  private readonly lastIds = new Map<string, string>();
  constructor(
    base: readonly ElementDefinition[],
    private readonly definitions: DefinitionLookup,
  ) {
    this.elements = base.map((element) => ({ ...structuredClone(element), id: element.id ?? element.path }));
  }

  /** Applies one differential element; false when it names nothing the base has. */
  apply(diff: ElementDefinition): boolean {
    const id = this.idOf(diff);
    const index = this.resolve(id, diff.type !== undefined);
    const target = index === undefined ? undefined : this.elements[index];
    if (index === undefined || !target) return false;
    this.elements[index] = mergeElement(target, diff);
    if (diff.path) this.lastIds.set(diff.path, target.id ?? id);
    return true;
  }

  private idOf(diff: ElementDefinition): string {
    if (diff.id) return diff.id;
    const path = diff.path ?? '';
    const parent = parentId(path);
    const base = parent === undefined ? path : `${this.lastIds.get(parent) ?? parent}.${lastSegment(path)}`;
    return diff.sliceName ? `${base}:${diff.sliceName}` : base;
  }

  /**
   * The index of the element an id names, creating slices and expanding children on the way.
   * `typed`: the differential element states its types (a renamed choice then narrows `[x]`).
   */
  private resolve(id: string, typed = false): number | undefined {
    const found = this.indexOf(id);
    if (found !== undefined) return found;
    const sliced = slicedId(id);
    if (sliced !== undefined) {
      const index = this.resolve(sliced);
      return index === undefined ? undefined : this.createSlice(index, id.slice(sliced.length));
    }
    const parent = parentId(id);
    const parentIndex = parent === undefined ? undefined : this.resolve(parent);
    const parentElement = parentIndex === undefined ? undefined : this.elements[parentIndex];
    if (parentIndex === undefined || !parentElement) return undefined;
    const childId = `${parentElement.id}.${lastSegment(id)}`;
    const child = this.indexOf(childId) ?? (this.expandChildren(parentIndex), this.indexOf(childId));
    return child ?? this.renamedChoice(parentElement.id ?? '', lastSegment(id), typed);
  }

  private indexOf(id: string): number | undefined {
    const index = this.elements.findIndex((element) => element.id === id);
    return index < 0 ? undefined : index;
  }

  /** A new slice (`suffix` is `:name` or `/reslice`) placed after the sliced element's family. */
  private createSlice(slicedIndex: number, suffix: string): number {
    const sliced = this.elements[slicedIndex] ?? {};
    const slicedElementId = sliced.id ?? '';
    const sliceId = slicedElementId + suffix;
    const end = familyEnd(this.elements, slicedIndex);
    const copy = (element: ElementDefinition): ElementDefinition => ({
      ...structuredClone(element),
      id: sliceId + (element.id ?? '').slice(slicedElementId.length),
    });
    const children = this.elements
      .slice(slicedIndex + 1, end)
      .filter((e) => (e.id ?? '').charAt(slicedElementId.length) === '.')
      .map(copy);
    const segment = lastSegment(sliceId);
    // Each slice is optional unless the profile says otherwise: the base minimum is the whole element's.
    const slice: ElementDefinition = { ...copy(sliced), sliceName: segment.slice(segment.indexOf(':') + 1), min: 0 };
    delete slice.slicing;
    if (sliced.type?.[0]?.code === 'Extension') sliced.slicing ??= EXTENSION_SLICING;
    this.elements.splice(end, 0, slice, ...children);
    return end;
  }

  /** Inserts the children of a datatype, type profile or content reference under an element that has none yet. */
  private expandChildren(index: number): void {
    const element = this.elements[index];
    const id = element?.id ?? '';
    if (!element || isWithin(this.elements[index + 1]?.id ?? '', id)) return;
    const source = this.childSource(element);
    if (!source) return;
    const children = source.elements.map((child) => ({
      ...structuredClone(child),
      id: id + (child.id ?? child.path ?? '').slice(source.rootId.length),
      path: (element.path ?? '') + (child.path ?? '').slice(source.rootPath.length),
    }));
    this.elements.splice(index + 1, 0, ...children);
  }

  private childSource(
    element: ElementDefinition,
  ): { rootId: string; rootPath: string; elements: ElementDefinition[] } | undefined {
    if (element.contentReference) {
      const target = this.indexOf(element.contentReference.slice(1));
      const root = target === undefined ? undefined : this.elements[target];
      if (target === undefined || !root) return undefined;
      const rootId = root.id ?? '';
      const elements = this.elements
        .slice(target + 1, familyEnd(this.elements, target))
        .filter((e) => (e.id ?? '').charAt(rootId.length) === '.');
      return { rootId, rootPath: root.path ?? '', elements };
    }
    const codes = new Set(element.type?.map((type) => type.code));
    const type = element.type?.[0];
    if (codes.size !== 1 || !type?.code) return undefined;
    const profile = type.profile?.length === 1 ? type.profile[0] : undefined;
    const sd =
      (profile && this.definitions.structureDefinition(profile)) ||
      this.definitions.structureDefinition(baseDefinitionUrl(type.code));
    const [root, ...elements] = sd?.snapshot?.element ?? [];
    if (!root) return undefined;
    return { rootId: root.id ?? root.path ?? '', rootPath: root.path ?? '', elements };
  }

  /**
   * `valueQuantity` under a parent whose `value[x]` allows Quantity (http://hl7.org/fhir/R4/formats.html#choice):
   * `value[x]` itself when it has that one type or the differential narrows it, else the type
   * slice `value[x]:valueQuantity`, created with a type discriminator on `value[x]` as the IG
   * publisher does (http://hl7.org/fhir/R4/profiling.html#slicing).
   */
  private renamedChoice(parent: string, name: string, typed: boolean): number | undefined {
    const choice = this.elements.findIndex((element) => {
      const id = element.id ?? '';
      if (!id.startsWith(`${parent}.`) || !id.endsWith('[x]') || id.indexOf('.', parent.length + 1) >= 0) return false;
      const stem = id.slice(parent.length + 1, -3);
      return element.type?.some((type) => name === choiceProperty(stem, type.code ?? '')) ?? false;
    });
    const element = this.elements[choice];
    if (choice < 0 || !element) return undefined;
    const sliceId = `${element.id}:${name}`;
    const existing = this.indexOf(sliceId);
    if (existing !== undefined) return existing;
    const stem = lastSegment(element.id ?? '').slice(0, -3);
    const named = element.type?.filter((type) => name === choiceProperty(stem, type.code ?? ''));
    // Within a slice the publisher narrows `[x]` itself rather than slicing it again.
    if (typed || element.type?.length === 1 || element.id?.includes(':')) {
      if (!typed) element.type = named;
      return choice;
    }
    element.slicing ??= { discriminator: [{ type: 'type', path: '$this' }], ordered: false, rules: 'open' };
    const slice = this.createSlice(choice, `:${name}`);
    const sliceElement = this.elements[slice];
    if (sliceElement) sliceElement.type = named;
    return slice;
  }
}

/** Extensions are always sliced by url (http://hl7.org/fhir/R4/extensibility.html#8.1.0.1). */
const EXTENSION_SLICING = {
  discriminator: [{ type: 'value' as const, path: 'url' }],
  ordered: false,
  rules: 'open' as const,
};
