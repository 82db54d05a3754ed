// The API contract of updates (snake_case JSON; docs/api.md "Updates", docs/updates.md).
import { type Static, Type } from 'typebox';
import type { UpdateManifest } from '../../update/manifest.ts';
import type { StagedBundle, UpdateStatus } from '../../update/update-service.ts';
import { TimestampSchema } from './common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const UpdateManifestSchema = Type.Object({
  version: Type.String(),
  arch: Type.String({ description: 'x64 or arm64' }),
  schema_version: Type.Integer({ description: 'The newest database schema the release reads' }),
  release_sha256: Type.String(),
  release_size: Type.Integer(),
  key_id: Type.String({ description: 'The trusted key that signed it' }),
  created_at: TimestampSchema,
});
export type UpdateManifestJson = Static<typeof UpdateManifestSchema>;

const Release = Type.Object({
  version: Type.String(),
  schema_version: Nullable(Type.Integer()),
});

export const UpdateLastResult = Type.Object(
  {
    state: Type.String({
      description:
        'installing, installed, rolling_back, rolled_back (the new one failed, the old one runs), failed or refused',
    }),
    action: Type.Optional(Type.String({ description: 'install or rollback' })),
    version: Type.Optional(Type.String()),
    from_version: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    backup: Type.Optional(
      Type.String({ description: 'The database copy made before the switch (root-only path)' }),
    ),
    started_at: Type.Optional(Type.String()),
    finished_at: Type.Optional(Type.String()),
  },
  { additionalProperties: Type.String() },
);

export const UpdateStatusSchema = Type.Object({
  running_version: Type.String(),
  arch: Type.String(),
  schema_version: Type.Integer({ description: 'The newest database schema the running version reads' }),
  database_schema_version: Type.Integer(),
  current: Nullable(Release),
  previous: Nullable(Release),
  staged: Nullable(UpdateManifestSchema),
  rollback_requested: Type.Boolean(),
  rollback: Type.Object({
    allowed: Type.Boolean(),
    reason: Nullable(Type.String()),
  }),
  last_result: Nullable(UpdateLastResult),
});
export type UpdateStatusJson = Static<typeof UpdateStatusSchema>;

export const StagedUpdateSchema = Type.Object({
  staged: UpdateManifestSchema,
  message: Type.String(),
});
export type StagedUpdateJson = Static<typeof StagedUpdateSchema>;

export function updateManifestJson(manifest: UpdateManifest): UpdateManifestJson {
  return {
    version: manifest.version,
    arch: manifest.arch,
    schema_version: manifest.schemaVersion,
    release_sha256: manifest.releaseSha256,
    release_size: manifest.releaseSize,
    key_id: manifest.keyId,
    created_at: manifest.createdAt,
  };
}

const releaseJson = (release: UpdateStatus['current']) =>
  release === null ? null : { version: release.version, schema_version: release.schemaVersion };

export function updateStatusJson(status: UpdateStatus): UpdateStatusJson {
  return {
    running_version: status.runningVersion,
    arch: status.arch,
    schema_version: status.schemaVersion,
    database_schema_version: status.databaseSchemaVersion,
    current: releaseJson(status.current),
    previous: releaseJson(status.previous),
    staged: status.staged === null ? null : updateManifestJson(status.staged),
    rollback_requested: status.rollbackRequested,
    rollback: status.rollback,
    last_result: status.lastResult === null ? null : { state: 'unknown', ...status.lastResult },
  };
}

export function stagedUpdateJson(staged: StagedBundle): StagedUpdateJson {
  return {
    staged: updateManifestJson(staged.manifest),
    message: `Version ${staged.manifest.version} is verified and handed to the installer; the box restarts in a minute.`,
  };
}
