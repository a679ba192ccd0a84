import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { answerProblem, type Problem } from '@taxchain/platform';
import { renderCheckPage } from './check-page';
import type { CheckPageQueryDto } from './dto/public-check.dto';

/**
 * The check page's refusals as a person in a browser reads them: the form again, filled in as
 * sent, with what to correct (400) or when to try again (429), under the same status. Clients
 * that do not prefer HTML, and every other problem, get problem+json as from any endpoint.
 */
@Catch()
export class CheckPageProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    answerProblem(error, http.getRequest<Request>(), http.getResponse<Response>(), refusalPage);
  }
}

function refusalPage(problem: Problem, request: Request): string | undefined {
  if (problem.status !== 400 && problem.status !== 429) return undefined;
  return renderCheckPage(factsAsSent(request.query), { kind: 'refused', problem });
}

/** The query's facts as typed, for the form; anything but a single string is left out. */
function factsAsSent(query: Request['query']): CheckPageQueryDto {
  const text = (name: keyof CheckPageQueryDto) =>
    typeof query[name] === 'string' ? query[name] : undefined;
  return { number: text('number'), date: text('date'), code: text('code'), amount: text('amount') };
}
