import { ApiProblemResponse } from './api-problem';

/** What @nestjs/swagger will write into the operation's responses. */
function documentedExamples(method: object, status: number): string[] {
  const responses = Reflect.getMetadata('swagger/apiResponse', method) as Record<
    string,
    { content: Record<string, { examples: Record<string, unknown> }> }
  >;
  return Object.keys(responses[status].content['application/problem+json'].examples);
}

describe(ApiProblemResponse.name, () => {
  it('keeps the examples of every declaration of one status on an operation', () => {
    class Controller {
      @ApiProblemResponse(422, [{ code: 'credit-line-unmatched', title: 'a', detail: 'b' }])
      @ApiProblemResponse(422, [
        { code: 'totals-mismatch', title: 'c', detail: 'd' },
        { code: 'bad-signature', title: 'e', detail: 'f' },
      ])
      credit(): void {}
    }
    expect(documentedExamples(Controller.prototype.credit, 422).sort()).toEqual([
      'bad-signature',
      'credit-line-unmatched',
      'totals-mismatch',
    ]);
  });

  it('writes extension members into the example body', () => {
    class Controller {
      @ApiProblemResponse(422, [
        { code: 'qr-mismatch', title: 'a', detail: 'b', extensions: { member: 'g' } },
      ])
      verify(): void {}
    }
    const responses = Reflect.getMetadata('swagger/apiResponse', Controller.prototype.verify) as {
      422: { content: Record<string, { examples: Record<string, { value: object }> }> };
    };
    expect(
      responses[422].content['application/problem+json'].examples['qr-mismatch'].value,
    ).toEqual({
      type: 'urn:taxchain:problem:qr-mismatch',
      status: 422,
      title: 'a',
      detail: 'b',
      member: 'g',
    });
  });
});
