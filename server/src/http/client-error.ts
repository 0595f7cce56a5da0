import type { Socket } from 'node:net';

/**
 * Node answers requests it cannot parse (headers over its size limit, malformed request lines)
 * before Koa sees them, with a bare status and no body. This answers them as every other error
 * is answered: an OperationOutcome (http.html#ops), then closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLong = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, reason] = tooLong ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: tooLong ? 'too-long' : 'structure',
        diagnostics: tooLong ? 'The URL or headers are too long' : 'The HTTP request could not be parsed',
      },
    ],
  });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/fhir+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
