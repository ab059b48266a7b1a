// A small, forgiving XML scanner for the parts of an .xlsx the return reader needs (workbook,
// relationships, shared strings, styles, worksheets). Not a general XML parser: no DTDs (a
// `<!DOCTYPE` is skipped, so no entity expansion — no "billion laughs"), no namespaces beyond
// dropping a prefix (`x:row` is `row`, as some writers emit), no validation. It reports elements
// and text in document order through callbacks; one regular expression walks the text, which is
// what makes it fast (a town's return scans in well under a millisecond).

export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Raw text between tags (entities not decoded: call `decodeXml` on what you keep). */
  text?(raw: string, cdata: boolean): void;
}

// Comment | CDATA | declaration/PI | element. Attributes are matched quote-aware, so a `>` inside
// an attribute value (`formatCode="[>=100]0"`) does not end the tag.
const TOKEN =
  /<(?:!--[\s\S]*?--|!\[CDATA\[([\s\S]*?)\]\]|[?!][^>]*|(\/)?(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/)?)>/g;

/** Walk `xml`, calling the handler for every element and text run. */
export function scanXml(xml: string, handler: XmlHandler): void {
  TOKEN.lastIndex = 0;
  let at = 0;
  const wantText = handler.text !== undefined;
  for (let m = TOKEN.exec(xml); m !== null; m = TOKEN.exec(xml)) {
    if (wantText && m.index > at) handler.text!(xml.slice(at, m.index), false);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      if (wantText) handler.text!(m[1], true);
    } else if (m[3] !== undefined) {
      if (m[2] === '/') handler.close?.(m[3]);
      else {
        const selfClosing = m[5] === '/';
        handler.open(m[3], m[4] ?? '', selfClosing);
        if (selfClosing) handler.close?.(m[3]);
      }
    }
  }
  if (wantText && at < xml.length) handler.text!(xml.slice(at), false);
}

const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * One attribute's decoded value, by local name (`id` finds `r:id`), or undefined. A prefixed name
 * only matches a prefixed attribute when `prefixed` is set: `r:id` and a plain `id` differ.
 */
export function attr(attrs: string, name: string, prefixed = false): string | undefined {
  if (attrs === '') return undefined;
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(attrs); m !== null; m = ATTR.exec(attrs)) {
    const full = m[1]!;
    const colon = full.indexOf(':');
    const local = colon === -1 ? full : full.slice(colon + 1);
    if (local !== name || (prefixed && colon === -1) || (!prefixed && colon !== -1 && full !== name))
      continue;
    return decodeXml(m[2] ?? m[3] ?? '');
  }
  return undefined;
}

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function codePoint(n: number): string {
  // Surrogate halves and values past Unicode are not characters: dropped.
  return n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) ? '' : String.fromCodePoint(n);
}

/** Decode the five XML entities and numeric character references. */
export function decodeXml(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(ENTITY, (_, e: string) =>
    e[0] === '#'
      ? codePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : (NAMED[e] ?? ''),
  );
}

/**
 * Decode OOXML's `_xHHHH_` escapes in cell text (how Excel stores characters XML cannot hold, such
 * as control characters; `_x005F_` escapes a literal underscore).
 */
export function decodeOoxmlEscapes(text: string): string {
  if (text.indexOf('_x') === -1) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => codePoint(parseInt(hex, 16)));
}
