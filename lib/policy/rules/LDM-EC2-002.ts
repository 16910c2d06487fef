import { launchTemplateOf } from '../ec2';
import { blocks, type Entry, isTrue, type StackView } from '../stack';
import type { Rule, Violation } from '../types';

export const ec2EncryptedVolumes: Rule = {
  id: 'LDM-EC2-002',
  title: 'EC2 volumes are encrypted',
  reason:
    "A migrator host buffers migrated data on local disk (fs.s3a.buffer.dir): its volumes get the environment's key.",
  severity: 'error',
  fix: "Set root_block_device { encrypted = true, kms_key_id = <key ARN> } on the instance, or map the template's root device with ebs { encrypted = true }; encrypt every other volume too.",
  checkov: ['CKV_AWS_8', 'CKV_AWS_3'],
  cdkNag: ['AwsSolutions-EC26 (EC2EBSVolumeEncrypted)'],
  check: (stack) => [
    ...stack.resources('aws_launch_template').flatMap((t) => templateVolumes(stack, t)),
    ...stack.resources('aws_instance').flatMap((instance): Violation[] => {
      const problems: Violation[] = [];
      const root = blocks(instance.body.root_block_device);
      const template = launchTemplateOf(stack, instance);
      if (root.length > 0 ? !isTrue(root[0]!.encrypted) : template.kind === 'none')
        problems.push({ resource: instance.address, detail: 'the root volume is not encrypted' });
      else if (root.length === 0 && template.kind === 'elsewhere')
        problems.push({
          resource: instance.address,
          detail: `cannot verify the root volume of launch template ${template.value}`,
          severity: 'warning',
        });
      if (blocks(instance.body.ebs_block_device).some((v) => !isTrue(v.encrypted)))
        problems.push({
          resource: instance.address,
          detail: 'an EBS block device is not encrypted',
        });
      return problems;
    }),
    ...stack
      .resources('aws_ebs_volume')
      .filter((v) => !isTrue(v.body.encrypted))
      .map((v) => ({ resource: v.address, detail: 'the volume is not encrypted' })),
  ],
};

/**
 * A template's mapped volumes must be encrypted. A template that maps none leaves the root volume
 * to the image, which is fine only when every instance launched from it (in this stack: the pack
 * cannot see an auto scaling group elsewhere) sets an encrypted root_block_device.
 */
function templateVolumes(stack: StackView, template: Entry): Violation[] {
  const volumes = blocks(template.body.block_device_mappings).flatMap((m) => blocks(m.ebs));
  if (volumes.some((v) => !isTrue(v.encrypted)))
    return [{ resource: template.address, detail: 'a block device mapping is not encrypted' }];
  if (volumes.length > 0) return [];
  const launched = stack.resources('aws_instance').filter((i) => {
    const of = launchTemplateOf(stack, i);
    return of.kind === 'found' && of.template === template;
  });
  const covered =
    launched.length > 0 &&
    launched.every((i) => isTrue(blocks(i.body.root_block_device)[0]?.encrypted));
  return covered
    ? []
    : [
        {
          resource: template.address,
          detail:
            'no block device mapping encrypts the root volume, and no instance of this stack launched from it encrypts its root_block_device',
        },
      ];
}
