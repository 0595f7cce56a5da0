import { HOSTILE_STRINGS } from './hostile-values.js';
import type { Random } from './random.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A few random mutations of a JSON value (a copy): what a buggy or hostile client sends. */
export function mutate(random: Random, value: Json, rounds = 1 + random.int(4)): Json {
  let result = structuredClone(value);
  for (let i = 0; i < rounds; i++) result = mutateAt(random, result, 0);
  return result;
}

function mutateAt(random: Random, value: Json, depth: number): Json {
  if (Array.isArray(value) && value.length > 0 && random.chance(0.7)) {
    const index = random.int(value.length);
    value[index] = mutateAt(random, value[index] as Json, depth + 1);
    return value;
  }
  if (isObject(value) && random.chance(0.75)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && random.chance(0.8)) {
      const key = random.pick(keys);
      value[key] = mutateAt(random, value[key] as Json, depth + 1);
      return value;
    }
  }
  return replacement(random, value, depth);
}

function replacement(random: Random, value: Json, depth: number): Json {
  switch (random.int(12)) {
    case 0:
      return null;
    case 1:
      return random.pick(HOSTILE_STRINGS);
    case 2:
      return random.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1]);
    case 3:
      return random.chance(0.5);
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return Array.isArray(value) ? [...value, ...value] : [value];
    case 7:
      return isObject(value)
        ? {
            ...value,
            [random.pick(['$where', '$gt', 'a.b', '__proto__', 'resourceType', 'id', 'meta', 'extension', '_id'])]:
              random.pick(HOSTILE_STRINGS),
          }
        : value;
    case 8:
      return isObject(value) ? withoutAKey(random, value) : value;
    case 9:
      return nested(random.pick([10, 100, 300]), value);
    case 10:
      return depth === 0 ? value : random.pick(['Patient', 'Observation', 'Bundle', 'x']);
    default:
      return typeof value === 'string' ? value + random.pick(HOSTILE_STRINGS) : String(value);
  }
}

function withoutAKey(random: Random, value: { [key: string]: Json }): Json {
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  const copy = { ...value };
  delete copy[random.pick(keys)];
  return copy;
}

function nested(depth: number, leaf: Json): Json {
  let value: Json = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { extension: value };
  return value;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type { Json };
