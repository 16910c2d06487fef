/**
 * Placeholder upstream outputs (Terragrunt's mock_outputs): which remote state a stack reads, the
 * placeholder values derived from the upstream's declared outputs and the provider schema, the
 * outputs-only state file, and the digest apply compares.
 */
import {
  blockType,
  type BlockSchema,
  outputsDigest,
  outputsOnlyState,
  placeholderOutputs,
  remoteStateOverride,
  remoteStateSources,
  type SchemaLookup,
  schemaLookup,
  type TerraformJson,
} from '../../../../lib/gitops/placeholders';
import { configWith, synth } from '../../../support/synth';

/** A slice of the AWS provider schema, in the shape `terraform providers schema -json` prints. */
const SCHEMA = {
  provider_schemas: {
    'registry.terraform.io/hashicorp/aws': {
      resource_schemas: {
        aws_vpc_endpoint: {
          block: {
            attributes: {
              id: { type: 'string' },
              arn: { type: 'string' },
              dns_entry: {
                type: ['list', ['object', { dns_name: 'string', hosted_zone_id: 'string' }]],
              },
              subnet_ids: { type: ['set', 'string'] },
              prefix_list_id: { type: 'string' },
            },
            block_types: {
              dns_options: {
                nesting_mode: 'list',
                block: { attributes: { dns_record_ip_type: { type: 'string' } } },
              },
            },
          },
        },
        aws_kms_key: {
          block: { attributes: { id: { type: 'string' }, arn: { type: 'string' } } },
        },
        aws_subnet: {
          block: { attributes: { id: { type: 'string' }, cidr_block: { type: 'string' } } },
        },
      },
      data_source_schemas: {
        aws_region: { block: { attributes: { name: { type: 'string' } } } },
      },
    },
  },
};
const lookup = schemaLookup(SCHEMA as unknown as Parameters<typeof schemaLookup>[0]);

const producer: TerraformJson = {
  provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }] },
  output: {
    literal: { value: '10.20.0.0/16' },
    literal_list: { value: ['a', 'b'] },
    dns_name: { value: '${aws_vpc_endpoint.s3.dns_entry[0].dns_name}', sensitive: true },
    dns_entry: { value: '${aws_vpc_endpoint.s3.dns_entry}' },
    subnet_ids: { value: '${aws_vpc_endpoint.s3.subnet_ids}' },
    dns_options: { value: '${aws_vpc_endpoint.s3.dns_options}' },
    prefix_list: { value: '${aws_vpc_endpoint.s3.prefix_list_id}' },
    endpoint_id: { value: '${aws_vpc_endpoint.s3.id}' },
    key_arn: { value: '${aws_kms_key.k.arn}' },
    key_id: { value: '${aws_kms_key.k.id}' },
    subnets: { value: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] },
    splat: { value: '${aws_subnet.private[*].id}' },
    region: { value: '${data.aws_region.current.name}' },
    unknown_type: { value: '${aws_something_new.x.whatever}' },
    replaced: { value: '${replace(aws_vpc_endpoint.s3.dns_entry[0].dns_name, "*.", "")}' },
    counted: { value: '${length(aws_vpc_endpoint.s3.subnet_ids)}' },
    template: { value: 'prefix-${aws_kms_key.k.id}-suffix' },
  },
};

describe('placeholderOutputs', () => {
  const outputs = placeholderOutputs(producer, lookup);

  test('keeps values known at synth time as they are', () => {
    expect(outputs.literal).toEqual({ value: '10.20.0.0/16', type: 'string', sensitive: false });
    expect(outputs.literal_list).toEqual({
      value: ['a', 'b'],
      type: ['tuple', ['string', 'string']],
      sensitive: false,
    });
  });

  test('gives attribute references the type the provider schema declares', () => {
    expect(outputs.dns_entry!.type).toEqual([
      'list',
      ['object', { dns_name: 'string', hosted_zone_id: 'string' }],
    ]);
    expect(outputs.dns_entry!.value).toEqual([
      { dns_name: expect.any(String), hosted_zone_id: expect.stringMatching(/^Z0+\d+$/) },
      { dns_name: expect.any(String), hosted_zone_id: expect.stringMatching(/^Z0+\d+$/) },
    ]);
    expect(outputs.subnet_ids!.type).toEqual(['set', 'string']);
    expect(outputs.dns_options!.type).toEqual([
      'list',
      ['object', { dns_record_ip_type: 'string' }],
    ]);
    expect(outputs.splat!.type).toEqual(['list', 'string']);
    expect(outputs.region).toMatchObject({ value: 'eu-west-1', type: 'string' });
    expect(outputs.counted).toMatchObject({ value: 1, type: 'number' });
  });

  test('makes strings that pass validation and read as placeholders', () => {
    expect(outputs.dns_name!.value).toMatch(
      /^vpce-0+\d+-placeholder\.eu-west-1\.vpce\.amazonaws\.com$/,
    );
    expect(outputs.endpoint_id!.value).toMatch(/^vpce-\d{17}$/);
    expect(outputs.prefix_list!.value).toMatch(/^pl-\d{17}$/);
    expect(outputs.key_arn!.value).toMatch(
      /^arn:aws:kms:eu-west-1:111111111111:key\/00000000-0000-0000-0000-\d{12}$/,
    );
    expect(outputs.key_id!.value).toMatch(/^00000000-0000-0000-0000-\d{12}$/);
    expect(outputs.subnets!.value).toEqual([
      expect.stringMatching(/^subnet-\d{17}$/),
      expect.stringMatching(/^subnet-\d{17}$/),
    ]);
    expect(outputs.unknown_type).toMatchObject({
      value: expect.stringMatching(/^placeholder-\d+$/),
      type: 'string',
    });
    expect(outputs.replaced!.value).toMatch(/vpce\.amazonaws\.com$/);
    expect(outputs.template!.value).toMatch(/^prefix-00000000-0000-0000-0000-\d{12}-suffix$/);
  });

  test('every generated value is distinct, so sets keep all their elements', () => {
    const ids = outputs.subnet_ids!.value as string[];
    expect(new Set(ids).size).toBe(2);
    const strings = JSON.stringify(Object.values(outputs).map((o) => o.value)).match(
      /subnet-\d+/g,
    )!;
    expect(new Set(strings).size).toBe(strings.length);
  });

  test('keeps outputs sensitive', () => {
    expect(outputs.dns_name!.sensitive).toBe(true);
    expect(outputs.endpoint_id!.sensitive).toBe(false);
  });

  test('without a schema, references become strings', () => {
    const none: SchemaLookup = () => undefined;
    expect(placeholderOutputs(producer, none).dns_entry!.type).toBe('string');
  });
});

test('blockType turns nested attributes and blocks into object types', () => {
  const block: BlockSchema = {
    attributes: {
      a: { type: 'string' },
      n: { nested_type: { nesting_mode: 'single', attributes: { x: { type: 'number' } } } },
    },
    block_types: {
      s: { nesting_mode: 'set', block: { attributes: { y: { type: 'bool' } } } },
      m: { nesting_mode: 'single', block: { attributes: {} } },
    },
  };
  expect(blockType(block)).toEqual([
    'object',
    {
      a: 'string',
      n: ['object', { x: 'number' }],
      s: ['set', ['object', { y: 'bool' }]],
      m: ['object', {}],
    },
  ]);
});

describe('the synthesized example', () => {
  const { stacks, dependencies } = synth(configWith());
  const all = Object.keys(stacks).map((id) => ({ id, json: stacks[id] as TerraformJson }));

  test('every remote state a stack reads is matched to the upstream stack it depends on', () => {
    let reads = 0;
    for (const { id, json } of all) {
      for (const source of remoteStateSources(json, all)) {
        expect(dependencies[id]).toContain(source.upstream);
        const declared = Object.keys(stacks[source.upstream!].output ?? {});
        for (const name of source.outputsRead) expect(declared).toContain(name);
        reads += source.outputsRead.length;
      }
    }
    expect(reads).toBeGreaterThan(0);
  });

  test('with s3 state, sources are matched by bucket and key', () => {
    const s3 = synth(
      configWith((raw) => {
        raw.state = { backend: 's3', s3: { bucket: 'acme-tfstate', region: 'eu-west-1' } };
      }),
    ).stacks;
    const s3All = Object.keys(s3).map((id) => ({ id, json: s3[id] as TerraformJson }));
    const sources = s3All.flatMap(({ json }) => remoteStateSources(json, s3All));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.backend).toBe('s3');
      expect(source.upstream).toMatch(/^sandbox-(network|security|storage|catalog)$/);
    }
  });

  test('placeholders cover every output an upstream declares, lists as lists', () => {
    const network = stacks['sandbox-network'] as TerraformJson;
    const outputs = placeholderOutputs(network, () => undefined);
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(network.output ?? {}).sort());
    expect(Array.isArray(outputs.private_subnet_ids!.value)).toBe(true);
  });
});

test('outputsOnlyState is a v4 state file holding only outputs', () => {
  const state = outputsOnlyState(
    'sandbox-network',
    {
      vpc_id: { value: 'vpc-00000000000000001', type: 'string', sensitive: false },
      secret: { value: ['a'], type: ['list', 'string'], sensitive: true },
    },
    '1.11.4',
  );
  expect(state).toEqual({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'ldm-placeholder-sandbox-network',
    outputs: {
      vpc_id: { value: 'vpc-00000000000000001', type: 'string' },
      secret: { value: ['a'], type: ['list', 'string'], sensitive: true },
    },
    resources: [],
    check_results: null,
  });
});

test('remoteStateOverride points data sources at local files', () => {
  expect(remoteStateOverride({ 'cross-stack-reference-input-x': '/abs/x.tfstate' })).toEqual({
    data: {
      terraform_remote_state: {
        'cross-stack-reference-input-x': { backend: 'local', config: { path: '/abs/x.tfstate' } },
      },
    },
  });
});

describe('outputsDigest', () => {
  const outputs = { a: { value: { x: 1, y: [2] } }, b: { value: 'b' }, other: { value: 'o' } };

  test('depends on the values read, not their order or other outputs', () => {
    const digest = outputsDigest(outputs, ['a', 'b']);
    expect(outputsDigest(outputs, ['b', 'a'])).toBe(digest);
    expect(outputsDigest({ ...outputs, other: { value: 'changed' } }, ['a', 'b'])).toBe(digest);
    expect(outputsDigest({ b: { value: 'b' }, a: { value: { y: [2], x: 1 } } }, ['a', 'b'])).toBe(
      digest,
    );
  });

  test('changes when a value read changes or disappears', () => {
    const digest = outputsDigest(outputs, ['a', 'b']);
    expect(outputsDigest({ ...outputs, b: { value: 'c' } }, ['a', 'b'])).not.toBe(digest);
    expect(outputsDigest({ a: outputs.a }, ['a', 'b'])).not.toBe(digest);
  });
});
