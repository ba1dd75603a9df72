import { describe, expect, it } from 'vitest';
import { sanitize, sanitizeLine } from '../../src/core/sanitize.js';

const ESC = '\x1b';
const BEL = '\x07';
const ST = `${ESC}\\`;

describe('sanitize', () => {
  const cases: Array<[string, string, string]> = [
    ['plain text untouched', 'hello world', 'hello world'],
    ['keeps newline and tab', 'a\tb\nc', 'a\tb\nc'],
    ['unicode kept', 'héllo 日本 🎉', 'héllo 日本 🎉'],
    ['CRLF becomes LF', 'a\r\nb\r\n', 'a\nb\n'],
    ['lone CR dropped', 'progress 10%\rprogress 99%', 'progress 10%progress 99%'],
    ['SGR colour', `${ESC}[31mred${ESC}[0m`, 'red'],
    ['cursor movement', `a${ESC}[2J${ESC}[H${ESC}[10;20Hb${ESC}[3A${ESC}[K`, 'ab'],
    ['private mode (alt screen, bracketed paste)', `${ESC}[?1049h${ESC}[?2004lx`, 'x'],
    ['OSC 0 title, BEL-terminated', `${ESC}]0;evil title${BEL}after`, 'after'],
    ['OSC 2 title, ST-terminated', `${ESC}]2;evil title${ST}after`, 'after'],
    ['OSC 52 clipboard write (base64 with + / =)', `x${ESC}]52;c;cm0gLXJmIH4v+/==${BEL}y`, 'xy'],
    ['OSC 52 clipboard, ST-terminated', `x${ESC}]52;c;Zm9v+YmFy${ST}y`, 'xy'],
    ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example/${ST}link${ESC}]8;;${ST}`, 'link'],
    ['8-bit OSC with 8-bit ST', 'a\x9d0;title\x9cb', 'ab'],
    ['DCS with payload', `a${ESC}Pq#0;2;0;0;0#1~~@@${ST}b`, 'ab'],
    ['DCS tmux passthrough', `a${ESC}Ptmux;${ESC}${ESC}]52;c;eA==${BEL}${ST}b`, 'ab'],
    ['APC / PM / SOS', `a${ESC}_apc${ST}b${ESC}^pm${ST}c${ESC}Xsos${ST}d`, 'abcd'],
    ['unterminated OSC introducer removed', `a${ESC}]0;tit`, 'a0;tit'],
    ['8-bit CSI', 'a\x9b31mb', 'ab'],
    ['single ESC sequences', `a${ESC}7b${ESC}8c${ESC}cd${ESC}(Be${ESC}=f`, 'abcdef'],
    ['lone trailing ESC', `a${ESC}`, 'a'],
    ['C1 controls removed', 'a\x80\x85\x8d\x9fb', 'ab'],
    ['C0 controls removed', 'a\x00\x01\x07\x08\x0b\x0c\x0e\x1f\x7fb', 'ab'],
    ['bidi embeddings and overrides', 'a\u202ab\u202bc\u202cd\u202de\u202ef', 'abcdef'],
    ['bidi isolates', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde'],
    ['bidi marks', 'a\u200eb\u200fc\u061cd', 'abcd'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it('leaves no ESC, C0 (except \\t \\n) or C1 in any output', () => {
    const all = cases.map(([, input]) => input).join('\n');
    expect(sanitize(all)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});

describe('sanitizeLine', () => {
  const cases: Array<[string, string, number | undefined, string]> = [
    ['newlines become spaces', 'a\nb\nc', undefined, 'a b c'],
    ['runs of newlines/tabs collapse', 'a \n\n\t b', undefined, 'a b'],
    ['CRLF', 'a\r\nb', undefined, 'a b'],
    ['trims ends', '\n  a b  \n', undefined, 'a b'],
    ['keeps inner double spaces', 'a  b', undefined, 'a  b'],
    ['strips escapes too', `${ESC}[1mbold${ESC}[0m\n${ESC}]0;t${BEL}x`, undefined, 'bold x'],
    ['no cut when short', 'abc', 3, 'abc'],
    ['cut with ellipsis', 'abcdef', 4, 'abc…'],
    ['cut counts code points', '🎉🎉🎉🎉', 3, '🎉🎉…'],
    ['zero max', 'abc', 0, ''],
  ];

  it.each(cases)('%s', (_name, input, maxLen, expected) => {
    expect(sanitizeLine(input, maxLen)).toBe(expected);
  });
});
