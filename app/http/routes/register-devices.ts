// The devices behind registers (issue 2 "HTTP API": live status, shifts, X-report). Every action goes
// through the register's exclusive session, so it never interleaves with a receipt being sent. A cashier
// reads and acts on the registers assigned to them only (requireRegisterAccess).
import { Type } from 'typebox';
import { isFiscalError } from '../../../drivers/fiscal-error.ts';
import type { RegistrarStatus } from '../../../drivers/fiscal-registrar.ts';
import { describeError } from '../../pipeline/failure-policy.ts';
import { RegisterUnavailableError } from '../../registers/register-operations.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError, notFound } from '../errors.ts';
import { auditContext, requireRegisterAccess } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  deviceStatusJson,
  RegisterStatus,
  ShiftList,
  ShiftReportSchema,
  shiftJson,
  shiftReportJson,
} from '../schemas/register-status.ts';

function translate(error: unknown): unknown {
  if (error instanceof RegisterUnavailableError) return new ApiError('register_unavailable', error.message);
  if (isFiscalError(error)) return new ApiError('device_error', describeError(error).message);
  return error;
}

const tags = ['registers'];

export const registerDeviceRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const operations = deps.registerOperations;
  const existing = (id: number) => {
    if (!deps.repositories.registers.getById(id)) throw notFound('register', id);
  };

  app.get(
    '/registers/:id/status',
    {
      schema: {
        tags,
        summary: 'Live status of the device (read now; the last known one when it does not answer)',
        params: IdParams,
        response: { 200: RegisterStatus, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const id = request.params.id;
      requireRegisterAccess(request, deps, id);
      existing(id);
      try {
        await operations.liveStatus(id);
      } catch (error) {
        if (!(error instanceof RegisterUnavailableError)) {
          deps.stores.registerStates.recordOffline(id, describeError(error).message);
        }
      }
      const snapshot = deps.stores.registerStates.snapshot(id)!;
      return {
        register_id: id,
        online: snapshot.online,
        read_at: snapshot.statusAt,
        last_error: snapshot.lastError,
        device: snapshot.statusJson
          ? deviceStatusJson(JSON.parse(snapshot.statusJson) as RegistrarStatus)
          : null,
        clock_drift_seconds: snapshot.clockDriftSeconds,
        fn_forecast: deps.fnForecasts.of(id),
      };
    },
  );

  app.get(
    '/registers/:id/shifts',
    {
      schema: {
        tags,
        summary: 'Shifts the box opened or closed on this register, newest first',
        params: IdParams,
        response: { 200: ShiftList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireRegisterAccess(request, deps, request.params.id);
      existing(request.params.id);
      return { items: deps.stores.shifts.list(request.params.id, 100).map(shiftJson) };
    },
  );

  for (const action of ['open', 'close'] as const) {
    app.post(
      `/registers/:id/shift/${action}`,
      {
        schema: {
          tags,
          summary: action === 'open' ? 'Open a shift' : 'Close the shift (Z-report)',
          params: IdParams,
          response: { 200: ShiftReportSchema, ...errorResponses(400, 401, 403, 404, 409, 502) },
        },
      },
      async (request) => {
        requireRegisterAccess(request, deps, request.params.id);
        existing(request.params.id);
        try {
          const report =
            action === 'open'
              ? await operations.openShift(request.params.id)
              : await operations.closeShift(request.params.id);
          deps.audit.record(auditContext(request), {
            action: `register.shift_${action}`,
            entity: 'register',
            entityId: request.params.id,
            after: shiftReportJson(report),
          });
          return shiftReportJson(report);
        } catch (error) {
          throw translate(error);
        }
      },
    );
  }

  app.post(
    '/registers/:id/x-report',
    {
      schema: {
        tags,
        summary: 'Print an X-report (shift totals without closing)',
        params: IdParams,
        response: {
          200: Type.Object({ printed: Type.Boolean() }),
          ...errorResponses(400, 401, 403, 404, 409, 502),
        },
      },
    },
    async (request) => {
      requireRegisterAccess(request, deps, request.params.id);
      existing(request.params.id);
      try {
        await operations.xReport(request.params.id);
        deps.audit.record(auditContext(request), {
          action: 'register.x_report',
          entity: 'register',
          entityId: request.params.id,
        });
        return { printed: true };
      } catch (error) {
        throw translate(error);
      }
    },
  );
};
