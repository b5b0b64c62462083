// The input of a procedure that takes none: absent or `{}`; an unknown parameter is a 400 naming it, not ignored.
import { z } from 'zod';

export const NoInputSchema = z.strictObject({}).optional();
