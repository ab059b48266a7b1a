// Printing the inspection checklist. Electron: host.print → `pdf-print` (printToPDF with the page's
// `@page` size, a footer 第 X 页 / 共 Y 页, then a save dialog). Browser: window.print — page numbers
// then come from the print dialog's own 页眉和页脚 option, which the view tells the user.
import { getHost } from '../../host.ts';
import { FONT_SANS } from '../../styles/fonts.ts';

/** printToPDF / page.pdf footer: `第 1 页 / 共 5 页`, centred, small. */
export const CHECKLIST_FOOTER_TEMPLATE =
  '<div style="font-size:9px;width:100%;text-align:center;color:#333;' +
  `font-family:${FONT_SANS.replaceAll('"', "'")}">` +
  '第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>';

export type Orientation = 'portrait' | 'landscape';

/** The `@page` rule for the checklist: A4, the chosen orientation, room at the bottom for the footer. */
export function pageRule(orientation: Orientation): string {
  return `@page { size: A4 ${orientation}; margin: 14mm 12mm 16mm 12mm; }`;
}

export async function printChecklist(fileName: string, orientation: Orientation): Promise<void> {
  const host = getHost();
  console.info(`checklist: printing ${fileName} (${orientation}, ${host.isElectron ? 'pdf' : 'browser'})`);
  await host.print(fileName, {
    landscape: orientation === 'landscape',
    headerTemplate: '<div></div>',
    footerTemplate: CHECKLIST_FOOTER_TEMPLATE,
  });
}
