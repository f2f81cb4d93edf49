import { columnStarts, parseColumnTables, sliceColumns } from './columns';

describe('fixed-width columns', () => {
  const columns = [
    { key: 'local', label: 'Loc PortID' },
    { key: 'host', label: 'Rem Host Name' },
    { key: 'port', label: 'Rem Port Id' },
  ];

  it('finds labels as whole words, in order', () => {
    expect(
      columnStarts('Loc PortID   Rem Host Name   Rem Port Id', columns),
    ).toEqual([0, 13, 29]);
    expect(
      columnStarts('Rem Port Id   Loc PortID   Rem Host Name', columns),
    ).toBeUndefined();
    expect(columnStarts('PortId  Port', [{ key: 'p', label: 'Port' }])).toEqual(
      [8],
    );
    expect(
      columnStarts('Ports', [{ key: 'p', label: 'Port' }]),
    ).toBeUndefined();
  });

  it('moves a boundary to a nearby space when a value is a little off', () => {
    expect(sliceColumns('Te 0/0      leaf-01  Te 0/1', [0, 13, 22])).toEqual([
      'Te 0/0',
      'leaf-01',
      'Te 0/1',
    ]);
    expect(sliceColumns('Te 0/0       leaf-01 Te 0/1', [0, 12, 21])).toEqual([
      'Te 0/0',
      'leaf-01',
      'Te 0/1',
    ]);
  });

  it('cuts where the header says when no space is near', () => {
    expect(sliceColumns('abcdefghijklmnopqrstGi0/2', [0, 20])).toEqual([
      'abcdefghijklmnopqrst',
      'Gi0/2',
    ]);
  });

  it('reads rows until a blank line or a prompt, skipping rules', () => {
    const text = [
      'sw# show lldp neighbors',
      'Loc PortID   Rem Host Name   Rem Port Id',
      '-------------------------------------------',
      'Te 0/0       leaf-01         Te 0/1',
      'Te 0/1                       00:11:22:33:44:55',
      'sw#',
      'Te 0/9       not-a-row       x',
    ].join('\n');
    expect(parseColumnTables(text, columns)).toEqual([
      { local: 'Te 0/0', host: 'leaf-01', port: 'Te 0/1' },
      { local: 'Te 0/1', host: '', port: '00:11:22:33:44:55' },
    ]);
  });
});
