/**
 * Renders the `{{ .Name }}` placeholders of a GoTrue email template. Go's html/template escapes by
 * context, and so does this for the contexts email templates use: inside a URL attribute a value
 * after the `?` is query-escaped (so `next={{ .RedirectTo }}` stays one parameter), a value that
 * starts the URL is normalized; everywhere else it is HTML-escaped. Other Go template actions
 * (if/range/pipelines) are not supported.
 */
export function renderTemplate(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_match, name: string, offset: number) => {
    const value = data[name] ?? '';
    const context = contextAt(template.slice(0, offset));
    if (context === 'url-query') return escapeHtml(queryEscape(value));
    if (context === 'url-start') return escapeHtml(normalizeUrl(value));
    return escapeHtml(value);
  });
}

/** Plain substitution for subjects, which GoTrue renders with text/template. */
export function renderSubject(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_match, name: string) => data[name] ?? '');
}

type Context = 'text' | 'url-start' | 'url-query';

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'cite',
  'poster',
  'background',
]);

function contextAt(before: string): Context {
  const tagStart = before.lastIndexOf('<');
  if (tagStart === -1 || before.indexOf('>', tagStart) !== -1) return 'text';
  const attribute = /([\w-]+)\s*=\s*(["'])([^"']*)$/.exec(before.slice(tagStart));
  if (!attribute || !URL_ATTRIBUTES.has(attribute[1]!.toLowerCase())) return 'text';
  return attribute[3]!.includes('?') ? 'url-query' : 'url-start';
}

/** Go's urlEscaper: everything but unreserved characters is percent-encoded. */
function queryEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Go's urlNormalizer: keeps a URL as written but encodes what may not appear in one. */
function normalizeUrl(value: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(value) && !/^(https?|mailto):/i.test(value)) {
    return '#ZgotmplZ'; // html/template's marker for an unsafe scheme such as javascript:
  }
  return value.replace(/[^\w\-.~:/?#[\]@!$&'()*+,;=%]/g, (char) =>
    [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join(''),
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}
