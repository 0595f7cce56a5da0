import type { Hl7Message } from '../hl7/message.js';
import { parseHl7 } from '../hl7/parse.js';
import type { Hl7Issue } from './hl7-issue.js';

/** Characters a FHIR string may not hold (datatypes.html#string: no controls but TAB, LF, CR). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const disallowed = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/**
 * The message without the control characters FHIR refuses (a NUL in PID-5 made the whole transaction
 * invalid), and a W warning at each field that held one (its location, never its value). Undefined
 * when there is none: the message is mapped as received.
 */
export function withoutControlCharacters(
  message: Hl7Message,
): { readonly message: Hl7Message; readonly issues: Hl7Issue[] } | undefined {
  const separator = message.delimiters.field;
  const issues: Hl7Issue[] = [];
  const lines = message.segments.map((segment) => {
    const line = segment.encode();
    if (line.search(disallowed) < 0) return line;
    const fields = line.split(separator);
    const offset = segment.name === 'MSH' ? 1 : 0;
    fields.forEach((field, i) => {
      if (i > 0 && field.search(disallowed) >= 0) {
        const location = `${segment.name}-${i + offset}`;
        issues.push({ code: '102', text: 'control characters removed', location, severity: 'W' });
      }
    });
    return line.replace(disallowed, '');
  });
  return issues.length === 0 ? undefined : { message: parseHl7(lines.join('\r')), issues };
}
