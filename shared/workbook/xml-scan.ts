// A small, forgiving XML scanner for the parts of an .xlsx the return reader needs (workbook,
// relationships, shared strings, styles, worksheets). Not a general XML parser: no DTDs (a
// `<!DOCTYPE` is skipped, so no entity expansion — no "billion laughs"), no namespaces beyond
// dropping a prefix (`x:row` is `row`, as some writers emit), no validation. It reports elements
// and text in document order through callbacks; a hand-written loop over indexOf and character
// codes walks the text (a town's 140 KB of sheet XML scans in about a millisecond).

export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Raw text between tags (entities not decoded: call `decodeXml` on what you keep). */
  text?(raw: string, cdata: boolean): void;
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>'
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e;
}

/** `x:row` → `row`. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Walk `xml`, calling the handler for every element and text run. Hand-rolled over indexOf and
 * character codes: a tag's end is found quote-aware, so a `>` inside an attribute value
 * (`formatCode="[>=100]0"`) does not end it. Unterminated markup ends the walk.
 */
export function scanXml(xml: string, handler: XmlHandler): void {
  const len = xml.length;
  const wantText = handler.text !== undefined;
  let i = 0;
  while (i < len) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      if (wantText) handler.text!(xml.slice(i), false);
      return;
    }
    if (wantText && lt > i) handler.text!(xml.slice(i, lt), false);
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (xml.startsWith('!--', lt + 1)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) return;
        i = end + 3;
      } else if (xml.startsWith('![CDATA[', lt + 1)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) return;
        if (wantText) handler.text!(xml.slice(lt + 9, end), true);
        i = end + 3;
      } else {
        // <!DOCTYPE …> with an optional [internal subset]: skipped whole, never interpreted.
        const gt = xml.indexOf('>', lt);
        const bracket = xml.indexOf('[', lt);
        let end = gt;
        if (bracket !== -1 && bracket < gt) {
          const close = xml.indexOf(']', bracket);
          end = close === -1 ? -1 : xml.indexOf('>', close);
        }
        if (end === -1) return;
        i = end + 1;
      }
      continue;
    }
    if (c === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) return;
      i = end + 2;
      continue;
    }
    if (c === 0x2f /* / */) {
      const end = xml.indexOf('>', lt + 2);
      if (end === -1) return;
      handler.close?.(localName(xml.slice(lt + 2, end).trim()));
      i = end + 1;
      continue;
    }
    let j = lt + 1;
    while (j < len && !isNameEnd(xml.charCodeAt(j))) j++;
    const name = localName(xml.slice(lt + 1, j));
    let k = j;
    let quote = 0;
    for (; k < len; k++) {
      const ch = xml.charCodeAt(k);
      if (quote !== 0) {
        if (ch === quote) quote = 0;
      } else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3e) break;
    }
    if (k >= len) return;
    const selfClosing = xml.charCodeAt(k - 1) === 0x2f;
    if (name !== '') {
      handler.open(name, xml.slice(j, selfClosing ? k - 1 : k), selfClosing);
      if (selfClosing) handler.close?.(name);
    }
    i = k + 1;
  }
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

/** Every attribute of a tag, in one pass: `fn(localName, decodedValue)`. */
export function eachAttr(attrs: string, fn: (name: string, value: string) => void): void {
  if (attrs === '') return;
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(attrs); m !== null; m = ATTR.exec(attrs))
    fn(localName(m[1]!), decodeXml(m[2] ?? m[3] ?? ''));
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
