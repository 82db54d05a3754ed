// The API's shapes, taken from the server's TypeBox schemas: the UI never keeps its own copy of a shape.
// This is the one place the UI reaches into app/, and it imports types only (erased at build time).

export type { AlertRule, AlertSeverity } from '../../../../app/alerts/alert-types.ts';
export type { Role } from '../../../../app/auth/roles.ts';
export type {
  AcknowledgeAlertBody,
  AlertDetailJson,
  AlertEventJson,
  AlertJson,
  AlertListJson,
  AlertThresholdsJson,
  AlertThresholdsPatchBody,
} from '../../../../app/http/schemas/alerts.ts';
export type {
  AtolGroupCreateBody,
  AtolGroupJson,
  AtolGroupListJson,
  AtolGroupPatchBody,
} from '../../../../app/http/schemas/atol-group.ts';
export type {
  AuditEntryJson,
  AuditListJson,
  JournalVerdictJson,
} from '../../../../app/http/schemas/audit.ts';
export type {
  LoginAnswerJson,
  MeAnswerJson,
  SessionJson,
  UserJson,
} from '../../../../app/http/schemas/auth.ts';
export type {
  BillingCheckAnswerJson,
  BillingCheckBody,
  BillingConnectionCreateBody,
  BillingConnectionJson,
  BillingConnectionListJson,
  BillingConnectionPatchBody,
} from '../../../../app/http/schemas/billing-connection.ts';
export type {
  CashDeskPaymentAnswerJson,
  CashDeskPaymentCreateJson,
} from '../../../../app/http/schemas/cash-desk.ts';
export type {
  ChannelCreateBody,
  ChannelJson,
  ChannelListJson,
  ChannelPatchBody,
  ChannelTxnJson,
  ChannelTxnListJson,
} from '../../../../app/http/schemas/channel.ts';
export type { FnForecastJson } from '../../../../app/http/schemas/fn-forecast.ts';
export type { FnReplacementResultJson } from '../../../../app/http/schemas/lifecycle.ts';
export type {
  IssuedMonitoringTokenJson,
  MonitoringTokenCreateBody,
  MonitoringTokenJson,
} from '../../../../app/http/schemas/monitoring.ts';
export type {
  EmailChannelConfigJson,
  NotificationChannelCreateJson,
  NotificationChannelJson,
  NotificationChannelListJson,
  NotificationChannelPatchJson,
  NotificationJson,
  NotificationListJson,
  NotificationTestResultJson,
  SmsChannelConfigJson,
  TelegramChannelConfigJson,
  WebhookChannelConfigJson,
} from '../../../../app/http/schemas/notifications.ts';
export type {
  DashboardJson,
  DashboardRegisterJson,
  FnFillJson,
  ReceiptsPerDayJson,
  SettingsJson,
  SettingsPatchBody,
  TestConnectionBodyJson,
  TestConnectionJson,
} from '../../../../app/http/schemas/operations.ts';
export type {
  OrganizationCreateBody,
  OrganizationJson,
  OrganizationPatchBody,
} from '../../../../app/http/schemas/organization.ts';
export type {
  OrganizationRuleJson,
  OrganizationRuleListJson,
  OrganizationRuleResolveAnswerJson,
  OrganizationRuleResolveBody,
  OrganizationRulesPutBody,
} from '../../../../app/http/schemas/organization-rule.ts';
export type {
  FiscalJobDetailJson,
  FiscalJobJson,
  FiscalJobListJson,
  JobEventJson,
  PaymentCreateBody,
  PaymentJson,
  PaymentListJson,
  ReceiptJson,
  ReceiptListJson,
} from '../../../../app/http/schemas/payment.ts';
export type {
  PollerCreateBody,
  PollerJson,
  PollerListJson,
  PollerPatchBody,
  PollerRunAnswerJson,
} from '../../../../app/http/schemas/poller.ts';
export type { ReceiptDetailJson } from '../../../../app/http/schemas/receipt-detail.ts';
export type {
  RegisterCreateBody,
  RegisterJson,
  RegisterPatchBody,
} from '../../../../app/http/schemas/register.ts';
export type {
  DeviceStatusJson,
  RegisterStatusJson,
  ShiftListJson,
  ShiftReportJson,
} from '../../../../app/http/schemas/register-status.ts';
export type {
  ResultDeliveryJson,
  ResultDeliveryListJson,
  ResultTargetJson,
  ResultTargetPutBody,
} from '../../../../app/http/schemas/result.ts';
export type {
  ApiTokenJson,
  IssuedApiTokenJson,
  SourceCreateBody,
  SourceJson,
  SourcePatchBody,
} from '../../../../app/http/schemas/source.ts';
export type {
  StagedUpdateJson,
  UpdateManifestJson,
  UpdateStatusJson,
} from '../../../../app/http/schemas/update.ts';
export type { UserCreateJson, UserListJson, UserPatchJson } from '../../../../app/http/schemas/users.ts';
