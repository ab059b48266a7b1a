// Reads a generated .docx back for tests: its parts (document, styles, font table, settings,
// footers, media) from the zip, and the document's paragraphs and tables as plain text with the
// style of each paragraph. Regular expressions suffice because the XML is our own (docx's output:
// no nested tables, no text outside w:t).
import JSZip from 'jszip';

export interface DocxParts {
  document: string;
  styles: string;
  fontTable: string;
  settings: string;
  footers: string[];
  /** word/media/… → bytes. */
  media: Map<string, Uint8Array>;
  files: string[];
}

export async function readDocx(bytes: Uint8Array): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const files = Object.keys(zip.files);
  const media = new Map<string, Uint8Array>();
  for (const name of files.filter((f) => f.startsWith('word/media/')))
    media.set(name, await (zip.file(name) as JSZip.JSZipObject).async('uint8array'));
  return {
    document: await text('word/document.xml'),
    styles: await text('word/styles.xml'),
    fontTable: await text('word/fontTable.xml'),
    settings: await text('word/settings.xml'),
    footers: await Promise.all(
      files
        .filter((f) => /^word\/footer\d+\.xml$/.test(f))
        .sort()
        .map(text),
    ),
    media,
    files,
  };
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of a piece of WordprocessingML: its w:t runs joined, a w:br as a newline. */
export function textOf(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g))
    out += m[0] === '<w:br/>' ? '\n' : unescapeXml(m[1] ?? '');
  return out;
}

export interface DocParagraph {
  style: string | null;
  text: string;
  xml: string;
}

/** Body paragraphs outside tables, in order. */
export function paragraphs(documentXml: string): DocParagraph[] {
  const outside = documentXml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  return [...outside.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>|<w:p\/>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[0])?.[1] ?? null,
    text: textOf(m[0]),
    xml: m[0],
  }));
}

/** Tables in order, each as rows of cell texts. */
export function tables(documentXml: string): string[][][] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] as string).matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] as string).matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1] as string)),
    ),
  );
}

/** Tables and paragraphs in document order: what follows what. */
export function bodyOrder(documentXml: string): { kind: 'p' | 'tbl'; text: string; xml: string }[] {
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(documentXml)?.[1] ?? '';
  return [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>|<w:p\/>/g)].map(
    (m) => ({
      kind: m[0].startsWith('<w:tbl>') ? 'tbl' : 'p',
      text: textOf(m[0]),
      xml: m[0],
    }),
  );
}

/** One style's definition in styles.xml. */
export function styleXml(stylesXml: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(stylesXml);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
}
