import { ec2EncryptedVolumes } from '../../../../lib/policy/rules/LDM-EC2-002';
import { ec2Imdsv2 } from '../../../../lib/policy/rules/LDM-EC2-001';
import { ec2NoPublicIp } from '../../../../lib/policy/rules/LDM-EC2-003';
import { broken, check, fixture, stackWith } from './helpers';

const TEMPLATE = 'aws_launch_template.migrator-host-template';
const INSTANCE = 'aws_instance.migrator-host';

describe('LDM-EC2-001 IMDSv2', () => {
  test('passes a template that requires tokens, and an instance launched from it', () => {
    expect(check(ec2Imdsv2, fixture('migrator'))).toEqual([]);
  });

  test('fails optional tokens on the template, and an instance that overrides them', () => {
    const json = broken('migrator', (s) => {
      s.resource.aws_launch_template['migrator-host-template'].metadata_options.http_tokens =
        'optional';
      s.resource.aws_instance['migrator-host'].metadata_options = { http_tokens: 'optional' };
    });
    expect(check(ec2Imdsv2, json)).toEqual([
      { resource: TEMPLATE, detail: 'http_tokens is not required' },
      { resource: INSTANCE, detail: 'http_tokens is not required' },
    ]);
  });

  test('fails an instance without metadata options or template; warns on a template elsewhere', () => {
    const json = stackWith({
      aws_instance: {
        bare: { instance_type: 't3.micro', ami: 'ami-1', root_block_device: { encrypted: true } },
        shared: { instance_type: 't3.micro', launch_template: { name: 'team-template' } },
        off: {
          instance_type: 't3.micro',
          ami: 'ami-1',
          metadata_options: { http_endpoint: 'disabled' },
        },
      },
    });
    expect(check(ec2Imdsv2, json)).toEqual([
      { resource: 'aws_instance.bare', detail: 'no metadata_options (IMDSv1 allowed)' },
      {
        resource: 'aws_instance.shared',
        detail: 'cannot verify the launch template team-template',
        severity: 'warning',
      },
    ]);
  });
});

describe('LDM-EC2-002 encrypted volumes', () => {
  test('passes an instance encrypting its root volume, launched from a template that maps none', () => {
    expect(check(ec2EncryptedVolumes, fixture('migrator'))).toEqual([]);
  });

  test('passes a template that maps an encrypted root volume ("true" as launch templates type it)', () => {
    const json = broken('migrator', (s) => {
      s.resource.aws_launch_template['migrator-host-template'].block_device_mappings = [
        { device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 100 } },
      ];
      delete s.resource.aws_instance['migrator-host'].root_block_device;
    });
    expect(check(ec2EncryptedVolumes, json)).toEqual([]);
  });

  test('fails an unencrypted root volume; the template is then uncovered too', () => {
    const json = broken('migrator', (s) => {
      s.resource.aws_instance['migrator-host'].root_block_device.encrypted = false;
    });
    expect(check(ec2EncryptedVolumes, json)).toEqual([
      {
        resource: TEMPLATE,
        detail:
          'no block device mapping encrypts the root volume, and no instance of this stack launched from it encrypts its root_block_device',
      },
      { resource: INSTANCE, detail: 'the root volume is not encrypted' },
    ]);
  });

  test('fails unencrypted mappings, EBS block devices and volumes', () => {
    const json = broken('migrator', (s) => {
      s.resource.aws_launch_template['migrator-host-template'].block_device_mappings = [
        { device_name: '/dev/xvdb', ebs: { encrypted: 'false' } },
      ];
      s.resource.aws_instance['migrator-host'].ebs_block_device = [
        { device_name: '/dev/xvdc', encrypted: false },
      ];
      s.resource.aws_ebs_volume = { buffer: { availability_zone: 'eu-west-1a', size: 500 } };
    });
    expect(check(ec2EncryptedVolumes, json)).toEqual([
      { resource: TEMPLATE, detail: 'a block device mapping is not encrypted' },
      { resource: INSTANCE, detail: 'an EBS block device is not encrypted' },
      { resource: 'aws_ebs_volume.buffer', detail: 'the volume is not encrypted' },
    ]);
  });
});

describe('LDM-EC2-003 no public IP on hosts', () => {
  test('passes a private network interface', () => {
    expect(check(ec2NoPublicIp, fixture('migrator'))).toEqual([]);
  });

  test('fails a template interface and an instance with a public IP', () => {
    const json = broken('migrator', (s) => {
      s.resource.aws_launch_template[
        'migrator-host-template'
      ].network_interfaces[0].associate_public_ip_address = 'true';
      s.resource.aws_instance['migrator-host'].associate_public_ip_address = true;
    });
    expect(check(ec2NoPublicIp, json)).toEqual([
      { resource: INSTANCE, detail: 'associate_public_ip_address is true' },
      { resource: TEMPLATE, detail: 'a network interface associates a public IP' },
    ]);
  });
});
