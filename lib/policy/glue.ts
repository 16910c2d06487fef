/** Shared by the two Glue rules: where the catalog's encryption settings are, and who lacks them. */
import { type Body, block, type StackView } from './stack';
import type { Violation } from './types';

/**
 * Judges every `aws_glue_data_catalog_encryption_settings` of the stack with `judge`. A stack that
 * creates Glue databases without managing these settings gets one finding per database: the
 * settings are account-wide, and someone must own them (or acknowledge who does).
 */
export function catalogSettings(
  stack: StackView,
  judge: (settings: Body) => string | undefined,
): Violation[] {
  const settings = stack.resources('aws_glue_data_catalog_encryption_settings');
  if (settings.length === 0) {
    return stack.resources('aws_glue_catalog_database').map((db) => ({
      resource: db.address,
      detail: 'no aws_glue_data_catalog_encryption_settings in this stack encrypts its catalog',
    }));
  }
  return settings.flatMap((s) => {
    const detail = judge(block(s.body.data_catalog_encryption_settings));
    return detail ? [{ resource: s.address, detail }] : [];
  });
}
