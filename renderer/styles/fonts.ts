// The CJK font stacks, for what CSS cannot reach (the PDF footer template Electron prints with) and
// for the test that keeps renderer/styles/app.css in step. Only system fonts (the app is offline):
//  - sans, for the screen and for headings in print: 微软雅黑 on Windows 7–11, then the Noto/思源 CJK
//    faces Debian (fonts-noto-cjk), UOS and Kylin ship, then WenQuanYi (older Kylin), then 黑体 and
//    宋体, which every Chinese Windows has even where 微软雅黑 is missing;
//  - serif (宋体 style), for the body of printed forms such as the 督查清单: 宋体 on Windows, Noto/思源
//    Serif CJK on Debian, UOS and Kylin, then AR PL UMing (older Linux).
// Each list names the Simplified Chinese face first where a family has regional variants; with
// <html lang="zh-CN"> Chromium also picks SC glyphs for shared Han code points.
export const FONT_SANS =
  "'Microsoft YaHei UI', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', " +
  "'Source Han Sans CN', 'WenQuanYi Micro Hei', 'PingFang SC', SimHei, SimSun, sans-serif";

export const FONT_SERIF =
  "SimSun, NSimSun, 'Noto Serif CJK SC', 'Noto Serif SC', 'Source Han Serif SC', 'Source Han Serif CN', " +
  "'AR PL UMing CN', 'Songti SC', serif";
