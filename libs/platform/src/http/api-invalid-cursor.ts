import { INVALID_CURSOR_PROBLEM } from '../database/keyset-page';
import { ApiProblemResponse } from '../errors/api-problem';

/** Documents a paged list's refusal of a cursor it did not return (InvalidCursorException). */
export const ApiInvalidCursor = () => ApiProblemResponse(400, [INVALID_CURSOR_PROBLEM]);
