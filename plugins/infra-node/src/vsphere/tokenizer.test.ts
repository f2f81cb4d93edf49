import { ResponseDecoder, XmlNode } from './decoder';
import { VimProtocolError } from './errors';

const ENV = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- a comment --><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>\n`;

/** Decodes `xml` cut into pieces of `size` characters; returns the response element. */
function decode(xml: string, size = xml.length): XmlNode {
  const decoder = new ResponseDecoder();
  for (let i = 0; i < xml.length; i += size)
    decoder.write(xml.slice(i, i + size));
  const body = decoder.close();
  if (body.kind !== 'response') throw new Error('fault');
  return body.response;
}

describe('the XML tokenizer under ResponseDecoder', () => {
  it('reads references, CDATA, comments, line ends and attributes however the body is cut', () => {
    const xml = ENV(
      `<R xmlns="urn:vim25"><a  type = 'T&amp;1' >x &lt;&#65;&#x42;&gt; &quot;&apos;<![CDATA[<raw>&amp;]]>` +
        `<!-- skip --> z\r\nw\ry</a><b type="Folder"/><c>caf\u00e9 \u{1F600}</c></R>`,
    );
    const expected = decode(xml);
    expect(expected.children).toEqual([
      { name: 'a', moType: 'T&1', text: 'x <AB> "\'<raw>&amp; z\nw\ny' },
      { name: 'b', moType: 'Folder', text: '' },
      { name: 'c', text: 'caf\u00e9 \u{1F600}' },
    ]);
    for (const size of [1, 2, 3, 5, 7, 13]) {
      expect(decode(xml, size)).toEqual(expected);
    }
  });

  it.each([
    ['mismatched end tags', '<R><a></b></R>'],
    ['an unclosed element', '<R><a>'],
    ['an undefined entity', '<R>&nbsp;</R>'],
    ['a bare ampersand', '<R>a & b</R>'],
    ['an unquoted attribute', '<R a=1></R>'],
    ['markup in a name', '<R><a"b></a"b></R>'],
    ['a DTD', '<R><!DOCTYPE x></R>'],
  ])('refuses %s', (_what, inner) => {
    const decoder = new ResponseDecoder();
    expect(() => {
      decoder.write(ENV(inner));
      decoder.close();
    }).toThrow(VimProtocolError);
  });

  it('refuses text and elements outside the root', () => {
    for (const xml of [`${ENV('<R/>')}junk`, `${ENV('<R/>')}<again/>`]) {
      const decoder = new ResponseDecoder();
      expect(() => {
        decoder.write(xml);
        decoder.close();
      }).toThrow(/not well-formed XML/);
    }
  });
});
