// The door every procedure's input passes before its schema (tRPC and plain JSON, body and query alike): no U+0000
// in any string or key, nesting at most MAX_INPUT_DEPTH levels. Either is a 400 naming the field, so nothing reaches
// PostgreSQL (which cannot store U+0000) or a recursive walker (which a deep input overflows).
import { invalid, type DomainError } from '../../domain/errors.ts';
import { dottedPath, findInputProblem, MAX_INPUT_DEPTH, problemMessage, type InputPath } from '../../domain/input-limits.ts';

/**
 * What is wrong with a procedure's raw input, as the INVALID error naming the field, or null. `itemsJudgedAlone`
 * names an input list whose items the procedure judges one by one itself (its meta says so): the door leaves them.
 */
export function inputProblem(raw: unknown, itemsJudgedAlone?: string): DomainError | null {
  const skip = itemsJudgedAlone === undefined ? undefined : (path: InputPath) => path.length === 2 && path[0] === itemsJudgedAlone;
  const problem = findInputProblem(raw, { maxDepth: MAX_INPUT_DEPTH, skip });
  if (!problem) return null;
  // A U+0000 is named exactly; a depth by the input's field that holds it (the full path would be 64 keys long).
  const where = problem.problem === 'nul' ? problem.path : problem.path.slice(0, 1);
  return invalid(dottedPath(where), problemMessage(problem));
}
