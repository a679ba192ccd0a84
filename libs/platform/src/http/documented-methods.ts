import { MethodNotAllowedException } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface DocumentedPath {
  pattern: RegExp;
  methods: string[];
}

/**
 * Answers a method the document does not list for a documented path (PUT /invoices, OPTIONS on
 * any route) with 405 and the `Allow` header RFC 9110 asks for, instead of the router's 404,
 * which would say the resource does not exist. A path no operation documents is left to the 404.
 * Meant for requests no route answered (UnroutedHandlersAdapter): matching every documented
 * path costs a few regular expressions, which a routed request need not pay.
 */
export function refuseUndocumentedMethods(document: OpenAPIObject) {
  const paths = documentedPaths(document);
  return (request: Request, response: Response, next: NextFunction): void => {
    const allowed = allowedMethods(paths, request.path);
    if (allowed.length === 0 || allowed.includes(request.method)) return next();
    response.setHeader('Allow', allowed.join(', '));
    next(
      new MethodNotAllowedException(
        `${request.method} is not an operation of ${request.path}; it allows ${allowed.join(', ')}.`,
      ),
    );
  };
}

function documentedPaths(document: OpenAPIObject): DocumentedPath[] {
  return Object.entries(document.paths).map(([template, item]) => ({
    // Express routes case-insensitively and with an optional trailing slash: so does this.
    pattern: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map(escaped)
        .join('[^/]+')}/?$`,
      'i',
    ),
    methods: HTTP_METHODS.filter((method) => method in item).map((m) => m.toUpperCase()),
  }));
}

/** Every method some documented operation takes at this path; HEAD wherever GET is. */
function allowedMethods(paths: DocumentedPath[], path: string): string[] {
  const methods = new Set(paths.filter((p) => p.pattern.test(path)).flatMap((p) => p.methods));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
