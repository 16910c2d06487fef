/**
 * Glue database names the toolkit accepts. The Glue API itself takes almost any single-line string
 * of 1-255 characters, but it folds names to lower case when it stores them, Hive allows only
 * letters, digits and underscores, HiveMigrator lowercases what it migrates, and Athena wants lower
 * case: a name outside that intersection either fails at apply or drifts on every plan.
 */
import { Expect } from '../../lib/core/errors';

/** Longest Glue database (and table) name. */
export const GLUE_NAME_MAX_LENGTH = 255;

const GLUE_DATABASE_NAME = /^[a-z0-9_]+$/;

export function isGlueDatabaseName(name: string): boolean {
  return name.length <= GLUE_NAME_MAX_LENGTH && GLUE_DATABASE_NAME.test(name);
}

/** What a rejected name should have been: the lowercase spelling when that is all that is wrong. */
export function glueDatabaseNameExpectation(name: unknown): string {
  if (
    typeof name === 'string' &&
    name !== name.toLowerCase() &&
    isGlueDatabaseName(name.toLowerCase())
  )
    return Expect.glueDatabaseNameCase(name.toLowerCase());
  return Expect.glueDatabaseName;
}
