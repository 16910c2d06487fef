/**
 * The config's `tags`, by AWS's tag rules (lib/core/tags.ts): one `fails if …` per rule, and what
 * AWS allows passes (letters of any script, digits, spaces, `_ . : / = + - @`, an empty value).
 */
import { Expect } from '../../../../lib/core/errors';
import { MAX_TAGS_PER_RESOURCE } from '../../../../lib/core/tags';
import { configWith, problemsOf, synth } from '../../../support/synth';

const withTags = (tags: Record<string, unknown>) => configWith((raw) => (raw.tags = tags));
const problemsWith = (tags: Record<string, unknown>) => problemsOf(() => withTags(tags));
const line = (key: string, shown: string, expected: string) =>
  `tags.${key}: got '${shown}', expected ${expected}`;

describe('tags: what AWS allows passes', () => {
  test('letters of any script, digits, spaces and _ . : / = + - @, and an empty value', () => {
    const tags = {
      CostCenter: 'data-migration',
      'cost-center/team_1': 'a.b:c/d=e+f-g@h 9',
      Besitzer: 'Jürgen Müller',
      所有者: '数据迁移',
      Ελληνικά: 'τιμή',
      Empty: '',
    };
    const { stacks } = synth(withTags(tags));
    const provider = stacks['sandbox-network'].provider.aws[0];
    expect(provider.default_tags[0].tags).toMatchObject(tags);
  });

  test(`a key of 128 and a value of 256 characters, ${MAX_TAGS_PER_RESOURCE - 4} tags`, () => {
    const tags = Object.fromEntries(
      Array.from({ length: MAX_TAGS_PER_RESOURCE - 4 }, (_, i) => [
        `k${i}`.padEnd(128, 'x'),
        'v'.repeat(256),
      ]),
    );
    expect(() => withTags(tags)).not.toThrow();
  });
});

describe('tags: bad input is reported by key', () => {
  test('fails if a key is empty or longer than 128 characters', () => {
    const long = 'k'.repeat(129);
    expect(problemsWith({ '': 'x', [long]: 'x' })).toEqual([
      line('', '', Expect.tagKey),
      `tags.${long}: got '${long.slice(0, 76)}..., expected ${Expect.tagKey}`,
    ]);
  });

  test('fails if a value is longer than 256 characters (counted in characters, not bytes)', () => {
    expect(() => withTags({ a: 'ü'.repeat(256) })).not.toThrow();
    expect(problemsWith({ a: 'ü'.repeat(257) })).toEqual([
      `tags.a: got '${'ü'.repeat(76)}..., expected ${Expect.tagValue}`,
    ]);
  });

  test('fails if a key or value holds a character AWS does not allow in tags', () => {
    for (const bad of ['${file("/etc/hostname")}', '%{ if true }', 'a#b', 'a,b', 'a"b', 'a\\b']) {
      expect(problemsWith({ Owner: bad })).toEqual([
        expect.stringContaining(`, expected ${Expect.tagValue}`),
      ]);
      expect(problemsWith({ [bad]: 'x' })).toEqual([expect.stringContaining(Expect.tagKey)]);
    }
  });

  test('fails if a key or value holds a NUL, control or bidirectional-formatting character, shown escaped', () => {
    expect(
      problemsWith({ Owner: 'a\u0000b', Team: 'x\u202ey', Line: 'a\nb', Zw: 'a\u200bb' }),
    ).toEqual([
      line('Owner', 'a\\u0000b', Expect.tagValue),
      line('Team', 'x\\u202ey', Expect.tagValue),
      line('Line', 'a\\u000ab', Expect.tagValue),
      line('Zw', 'a\\u200bb', Expect.tagValue),
    ]);
    expect(problemsWith({ 'a\u202eb': 'x' })).toEqual([
      line('a\\u202eb', 'a\\u202eb', Expect.tagKey),
    ]);
  });

  test('fails if a key or value starts with aws: in any case', () => {
    expect(problemsWith({ 'aws:owner': 'x', 'AWS:team': 'y', Owner: 'Aws:me' })).toEqual([
      line('aws:owner', 'aws:owner', Expect.tagAwsPrefix),
      line('AWS:team', 'AWS:team', Expect.tagAwsPrefix),
      line('Owner', 'Aws:me', Expect.tagAwsPrefix),
    ]);
  });

  test('fails if a key is one the toolkit sets, in any case', () => {
    expect(problemsWith({ Project: 'x', environment: 'y', MANAGEDBY: 'z' })).toEqual([
      line('Project', 'Project', Expect.tagReserved('Project')),
      line('environment', 'environment', Expect.tagReserved('Environment')),
      line('MANAGEDBY', 'MANAGEDBY', Expect.tagReserved('ManagedBy')),
    ]);
  });

  test('fails if two keys differ only in case', () => {
    expect(problemsWith({ Owner: 'a', owner: 'b', OWNER: 'c' })).toEqual([
      line('owner', 'owner', Expect.tagKeyCase('Owner')),
      line('OWNER', 'OWNER', Expect.tagKeyCase('Owner')),
    ]);
  });

  test('fails if there are more tags than a resource takes beside the toolkit’s own', () => {
    const tags = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    expect(() => withTags(tags(46))).not.toThrow();
    expect(problemsWith(tags(47))).toEqual([
      `tags: got '47 tags', expected ${Expect.tooManyTags(46)}`,
    ]);
    // A Name of the config's own replaces the one the toolkit sets on EC2 resources.
    expect(() => withTags({ ...tags(46), Name: 'x' })).not.toThrow();
  });

  test('fails if a value is not a string', () => {
    expect(problemsWith({ Owner: 7 })).toEqual([`tags.Owner: got 7, expected ${Expect.tagValue}`]);
  });

  test('fails if a key is __proto__ (it would vanish without a word)', () => {
    const raw = JSON.parse('{"__proto__": "x"}');
    expect(problemsWith(raw)).toEqual([
      `tags.__proto__: got '__proto__', expected ${Expect.notPrototypeKey}`,
    ]);
  });
});
