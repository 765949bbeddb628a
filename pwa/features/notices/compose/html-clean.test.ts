import { describe, expect, it } from 'vitest';
import { cleanHtml, htmlText, isBlankHtml, normaliseLink, textToHtml } from './html-clean';

describe('cleanHtml', () => {
  it('keeps the tags the notice allows and drops every attribute but a link address', () => {
    expect(cleanHtml('<p class="x" style="color:red">一<b>二</b><i>三</i><u>四</u><s>五</s></p>')).toBe('<p>一<strong>二</strong><em>三</em><u>四</u><s>五</s></p>');
    expect(cleanHtml('<h2 id="a">标题</h2><ul><li>甲</li></ul><ol><li>乙</li></ol><blockquote><p>引</p></blockquote>')).toBe(
      '<h2>标题</h2><ul><li>甲</li></ul><ol><li>乙</li></ol><blockquote><p>引</p></blockquote>',
    );
    expect(cleanHtml('<p><a href="https://x.cn/a?b=1&amp;c=2" target="_blank" onclick="evil()">链接</a></p>')).toBe('<p><a href="https://x.cn/a?b=1&amp;c=2">链接</a></p>');
  });

  it('drops scripts, styles and unsafe links with what they hold', () => {
    expect(cleanHtml('<p>a<script>alert(1)</script>b</p><style>p{}</style>')).toBe('<p>ab</p>');
    expect(cleanHtml('<p><a href="javascript:alert(1)">点我</a></p>')).toBe('<p>点我</p>');
    expect(cleanHtml('<p><img src=x onerror=alert(1)>图<svg><script>1</script></svg></p>')).toBe('<p>图</p>');
    expect(cleanHtml('<p onmouseover="x">&lt;script&gt;</p>')).toBe('<p>&lt;script&gt;</p>');
  });

  it('cleans a Word paste: conditional comments, o:p, mso styles, spans that carry bold and italics', () => {
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>.MsoNormal{}</style></head><body>
<!--StartFragment--><p class=MsoNormal style='mso-line-height:150%'><span style='font-family:宋体;font-weight:bold'>各位老师</span><span lang=EN-US><o:p></o:p></span></p>
<p class=MsoNormal><span style='font-style:italic'>请于周五前</span>提交。<![if !supportLists]>·<![endif]></p><!--EndFragment--></body></html>`;
    expect(cleanHtml(word)).toBe('<p><strong>各位老师</strong></p><p><em>请于周五前</em>提交。·</p>');
  });

  it('unwraps the Google Docs <b style="font-weight:normal"> wrapper', () => {
    expect(cleanHtml('<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"><span style="font-weight:700">重点</span>内容</p></b>')).toBe(
      '<p><strong>重点</strong>内容</p>',
    );
  });

  it('turns divs into paragraphs and inline runs at the top into paragraphs', () => {
    expect(cleanHtml('<div>一</div><div><div>二</div>三</div>四<br>五')).toBe('<p>一</p><p>二</p><p>三</p><p>四<br>五</p>');
    expect(cleanHtml('纯文字')).toBe('<p>纯文字</p>');
  });

  it('maps h1/h5 to the allowed heading levels', () => {
    expect(cleanHtml('<h1>大</h1><h3>中</h3><h6>小</h6>')).toBe('<h2>大</h2><h3>中</h3><h4>小</h4>');
  });

  it('balances tags: unclosed ones are closed, stray closers ignored, misnested ones repaired', () => {
    expect(cleanHtml('<p><b>粗<i>斜</p>后')).toBe('<p><strong>粗<em>斜</em></strong></p><p>后</p>');
    expect(cleanHtml('</b></p>文<p>')).toBe('<p>文</p>');
    expect(cleanHtml('<b>一<i>二</b>三</i>')).toBe('<p><strong>一<em>二</em></strong>三</p>');
    expect(cleanHtml('<p>一<p>二')).toBe('<p>一</p><p>二</p>');
  });

  it('puts stray list items into a list and text in a list into items', () => {
    expect(cleanHtml('<li>甲</li><li>乙</li>')).toBe('<ul><li>甲</li><li>乙</li></ul>');
    expect(cleanHtml('<ul>甲<li>乙</li></ul>')).toBe('<ul><li>甲</li><li>乙</li></ul>');
    expect(cleanHtml('<ul><li>一<li>二</ul>')).toBe('<ul><li>一</li><li>二</li></ul>');
    expect(cleanHtml('<ul><li><p>一</p><p>二</p></li></ul>')).toBe('<ul><li>一<br>二</li></ul>');
  });

  it('keeps one blank line between paragraphs, none at the ends, and drops empty markup', () => {
    expect(cleanHtml('<p><br></p><p>一</p><p><br></p><p>&nbsp;</p><p>二</p><p><br></p>')).toBe('<p>一</p><p><br></p><p>二</p>');
    expect(cleanHtml('<p><b></b>文<i> </i></p><ul><li></li></ul>')).toBe('<p>文</p>');
  });

  it('keeps simple tables', () => {
    expect(cleanHtml('<table border=1><tbody><tr><td style="x">甲</td><td><p>乙</p></td></tr></tbody></table>')).toBe(
      '<table><tbody><tr><td>甲</td><td>乙</td></tr></tbody></table>',
    );
  });

  it('escapes bare ampersands and angle brackets in text, keeps entities', () => {
    expect(cleanHtml('<p>A & B &amp; C 1 < 2 &nbsp;</p>')).toBe('<p>A &amp; B &amp; C 1 &lt; 2 &nbsp;</p>');
  });

  it('is idempotent', () => {
    const once = cleanHtml('<div><b>一</b><ul><li>二<li>三</ul>四</div><p></p><p><a href="www.x.cn">x</a></p>');
    expect(cleanHtml(once)).toBe(once);
    expect(once).toBe('<p><strong>一</strong></p><ul><li>二</li><li>三</li></ul><p>四</p><p><a href="https://www.x.cn/">x</a></p>');
  });
});

describe('normaliseLink', () => {
  it('accepts http(s) and mailto, adds https:// to bare host names', () => {
    expect(normaliseLink('https://jw.school.cn/a')).toBe('https://jw.school.cn/a');
    expect(normaliseLink('http://10.0.0.5:8080/x')).toBe('http://10.0.0.5:8080/x');
    expect(normaliseLink('www.school.cn')).toBe('https://www.school.cn/');
    expect(normaliseLink('school.cn/path?q=1')).toBe('https://school.cn/path?q=1');
    expect(normaliseLink('mailto:office@school.cn')).toBe('mailto:office@school.cn');
    expect(normaliseLink('office@school.cn')).toBe('mailto:office@school.cn');
  });
  it('refuses other schemes, relative paths and junk', () => {
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', '/notices/1', 'ftp://x.cn', '', 'a b', '通知']) expect(normaliseLink(bad)).toBeNull();
  });
});

describe('text helpers', () => {
  it('turns pasted plain text into paragraphs and line breaks, escaped', () => {
    expect(textToHtml('第一段\n第二行\n\n\n第二段 <b>')).toBe('<p>第一段<br>第二行</p><p>第二段 &lt;b&gt;</p>');
  });
  it('reads the visible text and tells a blank body', () => {
    expect(htmlText('<p>一&nbsp;二</p><ul><li>三</li></ul>')).toBe('一 二\n三');
    expect(isBlankHtml('<p><br></p><p>&nbsp;</p>')).toBe(true);
    expect(isBlankHtml('<p><strong>x</strong></p>')).toBe(false);
  });
});
