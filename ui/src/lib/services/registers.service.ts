// Registers: configuration, the live device state, shifts and reports (docs/api.md "Registers",
// "Register devices"; the connection test in "Operations").
import { api } from '../api/client.ts';
import type {
  FnReplacementResultJson,
  RegisterCreateBody,
  RegisterJson,
  RegisterPatchBody,
  RegisterStatusJson,
  ShiftListJson,
  ShiftReportJson,
  TestConnectionBodyJson,
  TestConnectionJson,
} from '../api/types.ts';

export type ShiftJson = ShiftListJson['items'][number];

export async function listRegisters(): Promise<RegisterJson[]> {
  return (await api.get<{ items: RegisterJson[] }>('/registers')).items;
}

export function getRegister(id: number): Promise<RegisterJson> {
  return api.get(`/registers/${id}`);
}

export function createRegister(body: RegisterCreateBody): Promise<RegisterJson> {
  return api.post('/registers', body);
}

export function updateRegister(id: number, body: RegisterPatchBody): Promise<RegisterJson> {
  return api.patch(`/registers/${id}`, body);
}

export function testConnection(body: TestConnectionBodyJson): Promise<TestConnectionJson> {
  return api.post('/registers/test-connection', body);
}

/** Reads the device now (may take a few seconds while a receipt is being sent on it). */
export function getRegisterStatus(id: number): Promise<RegisterStatusJson> {
  return api.get(`/registers/${id}/status`);
}

export async function listShifts(id: number): Promise<ShiftJson[]> {
  return (await api.get<ShiftListJson>(`/registers/${id}/shifts`)).items;
}

export function openShift(id: number): Promise<ShiftReportJson> {
  return api.post(`/registers/${id}/shift/open`);
}

/** Closes the shift with a Z-report. */
export function closeShift(id: number): Promise<ShiftReportJson> {
  return api.post(`/registers/${id}/shift/close`);
}

export function printXReport(id: number): Promise<{ printed: boolean }> {
  return api.post(`/registers/${id}/x-report`);
}

/** Closes the shift with a Z-report and says whether the FN may be replaced now (admin, technician; audited). */
export function prepareFnReplacement(id: number): Promise<FnReplacementResultJson> {
  return api.post(`/registers/${id}/fn-replacement/prepare`, {});
}
