import { describeFieldErrors, parseErrorBody } from './errorBody';

describe('NetBox error bodies', () => {
  it('reads field errors, nested fields and non_field_errors', () => {
    const parsed = parseErrorBody({
      vid: ['Ensure this value is less than or equal to 4094.'],
      group: { name: ['Not found.'] },
      tags: [{}, { slug: ['Bad.'] }],
      non_field_errors: ['The fields group, vid must make a unique set.'],
    });
    expect(parsed.detail).toBeUndefined();
    expect(parsed.fieldErrors).toEqual([
      {
        field: 'vid',
        messages: ['Ensure this value is less than or equal to 4094.'],
      },
      { field: 'group.name', messages: ['Not found.'] },
      { field: 'tags[1].slug', messages: ['Bad.'] },
      {
        field: 'non_field_errors',
        messages: ['The fields group, vid must make a unique set.'],
      },
    ]);
  });

  it('aligns bulk errors to item indexes', () => {
    const parsed = parseErrorBody([
      {},
      { vid: ['Bad.'] },
      {},
      { name: ['Blank.'], vid: ['Bad too.'] },
    ]);
    expect(parsed.fieldErrors).toEqual([
      { index: 1, field: 'vid', messages: ['Bad.'] },
      { index: 3, field: 'name', messages: ['Blank.'] },
      { index: 3, field: 'vid', messages: ['Bad too.'] },
    ]);
    expect(describeFieldErrors(parsed.fieldErrors)).toBe(
      'item 1: vid: Bad.; item 3: name: Blank.; item 3: vid: Bad too.',
    );
  });

  it('reads detail bodies and the collected bulk form of newer NetBox', () => {
    expect(parseErrorBody({ detail: 'Invalid token' })).toEqual({
      detail: 'Invalid token',
      fieldErrors: [],
    });
    const collected = parseErrorBody({
      detail: '1 of 2 objects failed validation.',
      errors: [{ id: 7, errors: { vid: ['Bad.'] } }],
    });
    expect(collected.detail).toBe('1 of 2 objects failed validation.');
    expect(collected.fieldErrors).toEqual([
      { id: 7, field: 'vid', messages: ['Bad.'] },
    ]);
    expect(describeFieldErrors(collected.fieldErrors)).toBe(
      'object 7: vid: Bad.',
    );
    expect(parseErrorBody('<html>Bad Gateway</html>')).toEqual({
      detail: '<html>Bad Gateway</html>',
      fieldErrors: [],
    });
  });
});
