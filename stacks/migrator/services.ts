/**
 * Where LDM's installers put the Java archives of LDM, HiveMigrator and its remote agent
 * (https://github.com/WANdisco/wandisco-documentation-ldm, docs/configuration-ldm.md and
 * docs/configuration-hvm.md, "Directory structure").
 */
export const LDM_JAR_FOLDERS = {
  livedataMigrator: '/opt/wandisco/livedata-migrator',
  hiveMigrator: '/opt/wandisco/hivemigrator',
  remoteGlueAgent: '/opt/wandisco/hivemigrator-remote-server',
} as const;

/** The systemd units of LDM's services, as LDM's installers name them. */
export const LDM_SERVICES = {
  livedataMigrator: 'livedata-migrator',
  hiveMigrator: 'hivemigrator',
  ui: 'livedata-ui',
  /** HiveMigrator's remote Glue agent, on the agent host. */
  remoteGlueAgent: 'hivemigrator-remote-server',
} as const;
