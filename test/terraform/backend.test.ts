/**
 * The s3 backend block, checked by the real CLI: offline and without credentials, `terraform init`
 * must fail only for want of credentials, never on the configuration itself.
 */
import { configWith, synth } from '../support/synth';
import { readSynth } from '../../lib/app/synth-output';
import { tierTerraform } from '../support/terraform';

jest.setTimeout(5 * 60_000);

test('terraform accepts the s3 backend block and stops only at credentials', async () => {
  const config = configWith((raw) => {
    raw.state = {
      backend: 's3',
      s3: {
        bucket: 'acme-tfstate',
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::222222222222:role/tfstate',
        kmsKeyId: 'arn:aws:kms:eu-west-1:222222222222:alias/tfstate-acme-tfstate',
      },
    };
  });
  const [network] = readSynth(synth(config).outdir);
  const init = await tierTerraform(['init', '-input=false'], network!.dir);
  expect(init.code).not.toBe(0);
  expect(init.stderr).toMatch(/No valid credential sources found/);
  expect(init.stderr).not.toMatch(
    /Unsupported argument|Extraneous JSON object property|Invalid backend configuration|deprecated/i,
  );
});
