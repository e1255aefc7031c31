/**
 * WebIDL value conversions used by the dictionaries and methods of this API, with the TypeErrors
 * the bindings of a browser throw (WebIDL §3.2 "JavaScript type mapping").
 */

/** Converts a value to a WebIDL dictionary: undefined/null become `{}`, non-objects throw. */
export function toDictionary(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeError(`Failed to convert value to '${name}': not an object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Converts a value to a WebIDL dictionary (WebIDL §3.2.18): every member is read once, in the
 * lexicographic order of the member names, and converted at once by its converter, which receives
 * undefined for an absent member. Converters throw the member's TypeError.
 */
export function convertDictionary<T extends object>(
  value: unknown,
  name: string,
  members: { [K in keyof T]-?: (value: unknown) => T[K] },
): T {
  const dict = toDictionary(value, name);
  const converted = {} as T;
  for (const member of (Object.keys(members) as Array<keyof T & string>).sort()) {
    converted[member] = members[member](dict[member]);
  }
  return converted;
}

/** A converter for a required member: undefined is a TypeError, anything else goes to `convert`. */
export function required<T>(name: string, member: string, convert: (value: unknown, what: string) => T): (value: unknown) => T {
  return (value) => {
    if (value === undefined) {
      throw new TypeError(`Failed to read the '${member}' property from '${name}': Required member is undefined.`);
    }
    return convert(value, member);
  };
}

/** Reads a required dictionary member, throwing a TypeError when it is undefined. */
export function requireMember(dict: Record<string, unknown>, member: string, name: string): unknown {
  const value = dict[member];
  if (value === undefined) {
    throw new TypeError(`Failed to read the '${member}' property from '${name}': Required member is undefined.`);
  }
  return value;
}

function enforceRange(value: unknown, min: number, max: number, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${what} is not a finite number.`);
  const t = Math.trunc(n);
  if (t < min || t > max) throw new TypeError(`${what} is outside the range [${min}, ${max}].`);
  return t === 0 ? 0 : t;
}

/** `[EnforceRange] unsigned long`. */
export function enforceUnsignedLong(value: unknown, what: string): number {
  return enforceRange(value, 0, 0xffffffff, what);
}

/** `[EnforceRange] long long` (limited to the safe integers, as WebIDL specifies for JS). */
export function enforceLongLong(value: unknown, what: string): number {
  return enforceRange(value, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, what);
}

/** `[EnforceRange] unsigned long long`. */
export function enforceUnsignedLongLong(value: unknown, what: string): number {
  return enforceRange(value, 0, Number.MAX_SAFE_INTEGER, what);
}

/** Optional `[EnforceRange] unsigned long` dictionary member: undefined stays undefined. */
export function optionalUnsignedLong(value: unknown, what: string): number | undefined {
  return value === undefined ? undefined : enforceUnsignedLong(value, what);
}

/** `unsigned long` without [EnforceRange]: ToNumber, then modulo 2^32 (NaN and infinities are 0). */
export function toUnsignedLong(value: unknown, what: string): number {
  const n = toUnrestrictedDouble(value, what);
  if (!Number.isFinite(n)) return 0;
  const wrapped = Math.trunc(n) % 2 ** 32;
  return wrapped < 0 ? wrapped + 2 ** 32 : wrapped + 0;
}

/** `unrestricted double`: ToNumber (symbols and BigInts throw). */
export function toUnrestrictedDouble(value: unknown, what: string): number {
  if (typeof value === 'bigint') throw new TypeError(`${what}: cannot convert a BigInt to a number.`);
  return Number(value);
}

/** `float`/`double` (not unrestricted): NaN and infinities throw. */
export function toFiniteNumber(value: unknown, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${what} is not a finite number.`);
  return n;
}

/** `float` (not unrestricted): NaN, infinities and values beyond the float range throw. */
export function toFloat32(value: unknown, what: string): number {
  const n = Math.fround(toFiniteNumber(value, what));
  if (!Number.isFinite(n)) throw new TypeError(`${what} is outside the range of a float.`);
  return n;
}

/** `DOMString` conversion (objects go through their toString, symbols throw). */
export function toDOMString(value: unknown, what: string): string {
  if (typeof value === 'symbol') throw new TypeError(`${what}: cannot convert a Symbol to a string.`);
  return String(value);
}

/** A WebIDL enum value: the string must be one of `values`. */
export function toEnum<T extends string>(value: unknown, values: readonly T[], enumName: string): T {
  const s = toDOMString(value, enumName);
  if (!(values as readonly string[]).includes(s)) {
    throw new TypeError(`The provided value '${s}' is not a valid enum value of type ${enumName}.`);
  }
  return s as T;
}

/** Strips leading and trailing ASCII whitespace (Infra "strip leading and trailing ASCII whitespace"). */
export function stripAsciiWhitespace(s: string): string {
  return s.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
}

/**
 * Gives a class the property attributes of a WebIDL interface (WebIDL §3.7): the attributes and
 * operations on its prototype are enumerable (class members are not), and Symbol.toStringTag is a
 * read-only, non-enumerable data property.
 */
export function defineInterfaceShape(ctor: { prototype: object }, name: string): void {
  const proto = ctor.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key !== 'constructor') Object.defineProperty(proto, key, { enumerable: true });
  }
  Object.defineProperty(proto, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
}
