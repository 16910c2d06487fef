/** What the storage layer hands to the others, declared once (see stacks/network/outputs.ts). */
import { z } from 'zod';

export const storageOutputs = z.strictObject({
  bucketName: z
    .string()
    .meta({ description: 'The S3 target bucket (`storage.bucketName` or the generated name).' }),
  bucketArn: z.string(),
  logBucketName: z
    .string()
    .meta({ description: "The bucket that receives the target bucket's server access logs." }),
  logBucketArn: z.string(),
});
export type StorageOutputs = z.infer<typeof storageOutputs>;
