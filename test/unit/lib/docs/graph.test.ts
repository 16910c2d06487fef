import { replaceMarked, stackDiagram, type SynthesizedStack } from '../../../../lib/docs/graph';

describe('stack diagram', () => {
  const stacks: SynthesizedStack[] = [
    {
      id: 'dev-network',
      dependencies: [],
      json: {
        resource: { aws_vpc: { vpc: {} } },
        output: { 'cross-stack-output-aws_vpcvpcid': { value: '${aws_vpc.vpc.id}' } },
      },
    },
    {
      id: 'dev-security',
      dependencies: ['dev-network'],
      json: {
        resource: {
          aws_security_group: {
            sg: {
              vpc_id:
                '${data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs.cross-stack-output-aws_vpcvpcid}',
            },
          },
        },
      },
    },
  ];

  test('labels each dependency with the values that cross it', () => {
    const diagram = stackDiagram(stacks, 'dev-security');
    expect(diagram.split('\n')).toEqual([
      'flowchart LR',
      '  dev_network["dev-network<br/>1 resources"]',
      '  dev_security["dev-security<br/>1 resources"]',
      '  dev_network -->|"aws_vpc.vpc.id"| dev_security',
      '  host[("migrator host<br/>LDM CLI scripts, JSON, preflight")]',
      '  dev_security -->|"SSM parameters, or npm run host-config"| host',
    ]);
  });

  test('replaces only the marked block, and fails without markers', () => {
    const doc = 'a\n<!-- g:start -->\nold\n<!-- g:end -->\nb\n';
    expect(replaceMarked(doc, 'g', 'new')).toBe(
      'a\n<!-- g:start -->\n\nnew\n\n<!-- g:end -->\nb\n',
    );
    expect(() => replaceMarked('no markers', 'g', 'x')).toThrow(/markers/);
  });
});
