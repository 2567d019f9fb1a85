import type { MailAddress, StoredMessage } from './store';

export interface SearchTerm {
  field: 'to' | 'from' | 'cc' | 'subject' | 'any';
  value: string;
  negate: boolean;
}

const FIELDS = new Set(['to', 'from', 'cc', 'subject']);

/**
 * The subset of Mailpit's search syntax tests use: `to:`, `from:`, `cc:`, `subject:` and bare
 * words, values optionally "quoted", a leading `-` or `!` negates; all terms must match.
 */
export function parseSearchQuery(query: string): SearchTerm[] {
  const tokens = query.match(/[-!]?(?:\w+:)?(?:"[^"]*"|\S+)/g) ?? [];
  return tokens.map((token) => {
    const negate = token[0] === '-' || token[0] === '!';
    const body = negate ? token.slice(1) : token;
    const colon = body.indexOf(':');
    const field = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
    const known = FIELDS.has(field);
    const raw = known ? body.slice(colon + 1) : body;
    return {
      field: known ? (field as SearchTerm['field']) : 'any',
      value: raw.replace(/^"|"$/g, '').toLowerCase(),
      negate,
    };
  });
}

export function matchesQuery(message: StoredMessage, terms: SearchTerm[]): boolean {
  return terms.every((term) => fieldText(message, term.field).includes(term.value) !== term.negate);
}

function fieldText(message: StoredMessage, field: SearchTerm['field']): string {
  const addresses = (list: MailAddress[]) => list.map((a) => `${a.Name} <${a.Address}>`).join(' ');
  const byField = {
    to: addresses(message.To),
    from: addresses(message.From ? [message.From] : []),
    cc: addresses(message.Cc),
    subject: message.Subject,
    any: '',
  };
  const text =
    field === 'any'
      ? [byField.to, byField.from, byField.cc, message.Subject, message.Text].join('\n')
      : byField[field];
  return text.toLowerCase();
}
