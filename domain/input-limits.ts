// What any input may hold, whatever its schema: no U+0000 in a string or key (PostgreSQL text and jsonb cannot hold
// it) and a bounded nesting depth (JSON.stringify, zod, trpc-to-openapi and the stores recurse, and a body nested
// 10,000 levels overflows their stack). One walk finds either, iteratively: it never recurses itself.

/** The deepest nesting any procedure's input may have (the input itself is level 1). */
export const MAX_INPUT_DEPTH = 64;

/**
 * Stands in for a part of a parsed body nested deeper than MAX_INPUT_DEPTH (transport/http/json-body.ts), so that
 * nothing downstream recurses into it; whoever judges the input refuses it as too deep, naming where.
 */
export class TooDeep {
  toJSON(): string {
    return `[nested deeper than ${MAX_INPUT_DEPTH} levels]`;
  }
}

export type InputPath = readonly (string | number)[];

export interface InputProblem {
  /** Where: the keys and indexes from the input down to the string, key or container at fault. */
  readonly path: InputPath;
  readonly problem: 'nul' | 'depth';
}

export interface WalkOptions {
  /** Containers at a deeper level than this are a problem (default: no bound; the walk needs no stack). */
  readonly maxDepth?: number;
  /** Parts the walk leaves alone (judged by someone else). */
  readonly skip?: (path: InputPath) => boolean;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  readonly node: Container;
  /** The keys of an object; null for an array (its indexes). */
  readonly keys: readonly string[] | null;
  /** The key this container was reached by (none for the input itself). */
  readonly key: string | number | null;
  next: number;
}

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null && !(v instanceof Date) && !(v instanceof TooDeep);
const frameOf = (node: Container, key: string | number | null): Frame => ({
  node,
  keys: Array.isArray(node) ? null : Object.keys(node),
  key,
  next: 0,
});

/** The path down to `key` of the innermost frame. */
function pathTo(frames: readonly Frame[], key: string | number): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f = 1; f < frames.length; f++) path.push(frames[f]!.key!);
  path.push(key);
  return path;
}

/** The first U+0000 or too deep part of `value`, depth first, or null. Iterative: any depth, no stack. */
export function findInputProblem(value: unknown, options: WalkOptions = {}): InputProblem | null {
  if (typeof value === 'string') return value.includes('\u0000') ? { path: [], problem: 'nul' } : null;
  if (value instanceof TooDeep) return { path: [], problem: 'depth' };
  if (!isContainer(value)) return null;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  if (maxDepth < 1) return { path: [], problem: 'depth' };
  const skip = options.skip;
  const frames: Frame[] = [frameOf(value, null)];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    const keys = frame.keys;
    if (frame.next >= (keys ? keys.length : (frame.node as unknown[]).length)) {
      frames.pop();
      continue;
    }
    const i = frame.next++;
    const key = keys ? keys[i]! : i;
    const child = keys ? (frame.node as Record<string, unknown>)[key] : (frame.node as unknown[])[i];
    if (keys && (key as string).includes('\u0000')) return { path: pathTo(frames, key), problem: 'nul' };
    if (typeof child === 'string') {
      if (child.includes('\u0000') && !skip?.(pathTo(frames, key))) return { path: pathTo(frames, key), problem: 'nul' };
      continue;
    }
    if (typeof child !== 'object' || child === null || child instanceof Date) continue;
    if (skip?.(pathTo(frames, key))) continue;
    if (child instanceof TooDeep || frames.length >= maxDepth) return { path: pathTo(frames, key), problem: 'depth' };
    frames.push(frameOf(child as Container, key));
  }
  return null;
}

/** A path as zod names fields: `issues.0.note`; the input itself is `input`. */
export const dottedPath = (path: InputPath): string => (path.length > 0 ? path.map(String).join('.') : 'input');

/** What is wrong, in words. */
export const problemMessage = (p: InputProblem, maxDepth = MAX_INPUT_DEPTH): string =>
  p.problem === 'nul' ? 'the U+0000 character is not allowed' : `nested deeper than ${maxDepth} levels`;
