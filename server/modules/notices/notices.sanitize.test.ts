// The notice body allowlist against XSS payloads (OWASP filter-evasion style) and what an editor legitimately sends.
import { describe, expect, it } from 'vitest';
import { noticeText, sanitizeNoticeHtml } from './notices.sanitize.js';
import { validSignature } from './notices.service.js';

/** Nothing that can run: no script-bearing tags, no event handlers, no script/data/vbscript URLs, no style. */
function assertInert(html: string): void {
  expect(html).not.toMatch(/<\s*(script|iframe|object|embed|svg|math|img|style|link|meta|base|form|input|button|video|audio|source|template|frame|frameset|body|html)\b/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/(javascript|vbscript|data|livescript)\s*:/i);
  expect(html).not.toMatch(/\s(style|class|id|srcdoc|formaction|xlink:href|src)\s*=/i);
}

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<img src=x onerror=alert(1)//>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JAVASCRIPT:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="//evil.example/x">x</a>',
  '<a href="https://ok.example/" onmouseover="alert(1)">x</a>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<span style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</span>',
  '<div onclick="alert(1)">x</div>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<input autofocus onfocus=alert(1)>',
  '<body onload=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<video><source onerror="alert(1)"></video>',
  '<details open ontoggle=alert(1)>',
  '<style>@import "javascript:alert(1)";</style>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<p title="</p><script>alert(1)</script>">x</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<table background="javascript:alert(1)"><td background="javascript:alert(1)">x</td></table>',
  '<td colspan="2 onmouseover=alert(1)">x</td>',
  '<a href="https://ok.example/" target="_top" rel="opener">x</a>',
];

describe('sanitizeNoticeHtml', () => {
  it.each(PAYLOADS)('neutralises %s', (payload) => {
    const out = sanitizeNoticeHtml(payload);
    assertInert(out);
    // Sanitising is stable: the output passes through unchanged.
    expect(sanitizeNoticeHtml(out)).toBe(out);
  });

  it('keeps what an editor sends', () => {
    const html =
      '<h2>考试安排</h2><p><strong>时间</strong>：<em>周三</em> <u>上午</u> <s>下午</s><br>地点：<b>一号楼</b></p>' +
      '<ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引用</blockquote><h3>三</h3><h4>四</h4>' +
      '<table><thead><tr><th>考场</th></tr></thead><tbody><tr><td colspan="2">101</td></tr></tbody></table><span>注</span>';
    expect(sanitizeNoticeHtml(html)).toBe(html.replace('<br>', '<br />'));
  });

  it('links keep http/https/mailto and open safely; others lose their href', () => {
    expect(sanitizeNoticeHtml('<a href="https://edu.example/a?b=1&amp;c=2">x</a>')).toBe('<a href="https://edu.example/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">x</a>');
    expect(sanitizeNoticeHtml('<a href="mailto:office@school.cn">信箱</a>')).toBe('<a href="mailto:office@school.cn" rel="noopener noreferrer" target="_blank">信箱</a>');
    expect(sanitizeNoticeHtml('<a href="ftp://x">x</a>')).toBe('<a>x</a>');
  });

  it('other editors’ blocks keep their lines; unknown inline tags keep their text', () => {
    expect(sanitizeNoticeHtml('<div>一</div><h1>标题</h1><font color="red">红</font>')).toBe('<p>一</p><h2>标题</h2>红');
  });
});

describe('noticeText', () => {
  it('plain text with line breaks per block, entities decoded', () => {
    expect(noticeText(sanitizeNoticeHtml('<h2>标题</h2><p>a &amp; b &lt;c&gt;&nbsp;d</p><ul><li>一</li><li>二</li></ul><table><tr><td>x</td><td>y</td></tr></table>'))).toBe(
      '标题\na & b <c> d\n一\n二\nx y',
    );
  });
});

describe('validSignature', () => {
  const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
  it('accepts a PNG data URL and refuses everything else', () => {
    expect(validSignature(png)).toBe(true);
    expect(validSignature(png.replace('image/png', 'image/svg+xml'))).toBe(false);
    expect(validSignature('data:image/png;base64,PHN2Zz48L3N2Zz4=')).toBe(false); // an SVG's bytes
    expect(validSignature('data:image/png;base64,iVBORw0KGgo<script>')).toBe(false);
    expect(validSignature(png + 'A'.repeat(200_000))).toBe(false);
  });
});
