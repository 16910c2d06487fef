/** The systemd units of LDM's services, as LDM's installers name them. */
export const LDM_SERVICES = {
  livedataMigrator: 'livedata-migrator',
  hiveMigrator: 'hivemigrator',
  ui: 'livedata-ui',
  /** HiveMigrator's remote Glue agent, on the agent host. */
  remoteGlueAgent: 'hivemigrator-remote-server',
} as const;
