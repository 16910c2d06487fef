/**
 * The config's `tags`, checked by AWS's tag rules (the Tagging API and the services' user guides):
 * a key of 1-128 and a value of 0-256 Unicode characters, each a letter, a digit, a space or one of
 * `_ . : / = + - @`; neither starting with `aws:` in any case (AWS reserves it); at most 50 tags on
 * a resource. On top of AWS's rules: keys that differ only in case are refused (services disagree
 * on whether `Owner` and `owner` are one tag), and none may shadow a tag the toolkit sets itself.
 *
 * Since the characters exclude `$`, `%`, braces, quotes, backslashes, control and bidirectional
 * formatting characters, a tag can never be a Terraform template either (lib/core/literal.ts).
 */
import { z } from 'zod';
import { Expect } from './errors';
import { RESERVED_TAG_KEYS } from './naming';

/** AWS's limit of tags on one resource. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Tags some stacks set on their resources themselves (EC2 resources' `Name`). */
export const RESOURCE_TAG_KEYS = ['Name'] as const;
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;

/** Letters, digits and spaces of any script, and `_ . : / = + - @` (AWS's tag character set). */
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
const AWS_PREFIX = /^aws:/i;

/** Length in Unicode characters, as AWS counts it. */
const length = (text: string) => [...text].length;

/** What is wrong with a tag key (an `Expect` phrase), or `undefined`. */
export function tagKeyProblem(key: string): string | undefined {
  if (length(key) < 1 || length(key) > TAG_KEY_MAX_LENGTH || !TAG_CHARACTERS.test(key))
    return Expect.tagKey;
  if (AWS_PREFIX.test(key)) return Expect.tagAwsPrefix;
  const reserved = RESERVED_TAG_KEYS.find((r) => r.toLowerCase() === key.toLowerCase());
  if (reserved) return Expect.tagReserved(reserved);
  return undefined;
}

/** What is wrong with a tag value (an `Expect` phrase), or `undefined`. */
export function tagValueProblem(value: string): string | undefined {
  if (length(value) > TAG_VALUE_MAX_LENGTH || !TAG_CHARACTERS.test(value)) return Expect.tagValue;
  if (AWS_PREFIX.test(value)) return Expect.tagAwsPrefix;
  return undefined;
}

/** The most tags the config may add: AWS's 50, less those the toolkit sets. */
export function maxConfigTags(keys: readonly string[]): number {
  const own = RESERVED_TAG_KEYS.length;
  const onResources = RESOURCE_TAG_KEYS.filter((k) => !keys.includes(k)).length;
  return MAX_TAGS_PER_RESOURCE - own - onResources;
}

export const tagsSchema = z
  .record(z.string(), z.string({ error: Expect.tagValue }))
  .superRefine((tags, ctx) => {
    // `params.shown`: the value the message quotes (a key, where the path names its value).
    const add = (path: string[], shown: unknown, message: string) =>
      ctx.addIssue({ code: 'custom', path, params: { shown }, message });
    const keys = Object.keys(tags);
    const seen = new Map<string, string>();
    for (const key of keys) {
      const valueProblem = tagValueProblem(tags[key]!);
      if (valueProblem) add([key], tags[key], valueProblem);
      const keyProblem = tagKeyProblem(key);
      if (keyProblem) {
        add([key], key, keyProblem);
        continue;
      }
      const folded = key.toLowerCase();
      const first = seen.get(folded);
      if (first !== undefined) add([key], key, Expect.tagKeyCase(first));
      else seen.set(folded, key);
    }
    const max = maxConfigTags(keys);
    if (keys.length > max) add([], `${keys.length} tags`, Expect.tooManyTags(max));
  });
