// The composition root (STYLE: one `deps` handed to buildApp and the workers; no module-level state).
// AppDeps is the one place that names every long-lived object; createAppDeps wires them over an open
// database. To add a service (payments, pipeline…): add a field here, build it in createAppDeps, and
// read it from `deps` in a route module.

import type { BillingAdapter } from '../drivers/billing/billing-adapter.ts';
import { evaluateAlerts } from './alerts/alert-evaluator.ts';
import { AlertRunner } from './alerts/alert-runner.ts';
import { AlertService } from './alerts/alert-service.ts';
import { readAlertSnapshot } from './alerts/alert-snapshot.ts';
import { AlertThresholdSettings } from './alerts/alert-threshold-settings.ts';
import { type SystemProbes, systemProbes } from './alerts/system-probes.ts';
import { type AtolOnline, createAtolOnline } from './atol-online/atol-online.ts';
import { AuditLog } from './audit/audit-log.ts';
import { ApiTokenService } from './auth/api-tokens.ts';
import { FirstRunSetup } from './auth/first-run-setup.ts';
import { Lockout } from './auth/lockout.ts';
import { LoginService } from './auth/login.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { MonitoringTokenService } from './auth/monitoring-tokens.ts';
import { OwnPassword } from './auth/own-password.ts';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './auth/password-hash.ts';
import { SessionService } from './auth/sessions.ts';
import { BillingConnections } from './billing/billing-connections.ts';
import { CashDeskService } from './cash-desk/cash-desk-service.ts';
import { Channels } from './channels/channels.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { AppEvents } from './events/app-events.ts';
import { channelJson } from './http/schemas/channel.ts';
import type { JournalVerification } from './journal/journal-verifier.ts';
import { FnForecastService } from './lifecycle/fn-forecast-service.ts';
import { FnReplacement } from './lifecycle/fn-replacement.ts';
import { LifecycleScheduler } from './lifecycle/lifecycle-scheduler.ts';
import { RegisterMaintenanceRunner } from './lifecycle/register-maintenance.ts';
import { ShiftCloseRule } from './lifecycle/shift-close-rule.ts';
import type { Logger } from './logger.ts';
import { BoxMetrics } from './metrics/box-metrics.ts';
import { ReceiptTally } from './metrics/receipt-tally.ts';
import { Notifications } from './notifications/notifications.ts';
import { DashboardFeed, type DashboardFeedOptions } from './operations/dashboard-feed.ts';
import { DashboardView } from './operations/dashboard-view.ts';
import { StatsService } from './operations/stats-service.ts';
import { OrganizationRules } from './organizations/organization-rules-service.ts';
import { OrganizationService } from './organizations/organization-service.ts';
import { PaymentService } from './payments/payment-service.ts';
import { Pipeline, type RegistrarFactory } from './pipeline/pipeline.ts';
import type { WorkerTiming } from './pipeline/register-worker.ts';
import type { PipelineStores } from './pipeline/worker-context.ts';
import { Pollers } from './pollers/pollers.ts';
import { RegisterOperations } from './registers/register-operations.ts';
import { RegisterService } from './registers/register-service.ts';
import { RegisterStatusRecorder } from './registers/register-status-recorder.ts';
import { Results } from './results/results.ts';
import { SettingsService } from './settings/settings-service.ts';
import { SourceService } from './sources/source-service.ts';
import { AlertFactsRepository } from './storage/alert-facts-repository.ts';
import { AlertRepository } from './storage/alert-repository.ts';
import { ApiTokenRepository } from './storage/api-token-repository.ts';
import { AuditRepository } from './storage/audit-repository.ts';
import { BillingConnectionRepository } from './storage/billing-connection-repository.ts';
import { BillingPollerRepository } from './storage/billing-poller-repository.ts';
import type { Db } from './storage/database.ts';
import { FiscalJobRepository } from './storage/fiscal-job-repository.ts';
import { FnUsageRepository } from './storage/fn-usage-repository.ts';
import { MaintenanceTaskRepository } from './storage/maintenance-task-repository.ts';
import { MetricsRepository } from './storage/metrics-repository.ts';
import { MonitoringTokenRepository } from './storage/monitoring-token-repository.ts';
import { OperationsRepository } from './storage/operations-repository.ts';
import { OrganizationRepository } from './storage/organization-repository.ts';
import { OrganizationRuleRepository } from './storage/organization-rule-repository.ts';
import { PaymentRepository } from './storage/payment-repository.ts';
import { ReceiptPolicyRepository } from './storage/receipt-policy-repository.ts';
import { ReceiptRepository } from './storage/receipt-repository.ts';
import { RegisterRepository } from './storage/register-repository.ts';
import { RegisterStateRepository } from './storage/register-state-repository.ts';
import { RegisterStatusSampleRepository } from './storage/register-status-sample-repository.ts';
import { SessionRepository } from './storage/session-repository.ts';
import { SettingRepository } from './storage/setting-repository.ts';
import { ShiftRepository } from './storage/shift-repository.ts';
import { SourceRepository } from './storage/source-repository.ts';
import { type Transaction, transactionOf } from './storage/transaction.ts';
import { UserRepository } from './storage/user-repository.ts';
import { UpdateService } from './update/update-service.ts';
import { UserService } from './users/user-service.ts';
import { VERSION } from './version.ts';

export interface AppRepositories {
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  audit: AuditRepository;
  organizations: OrganizationRepository;
  sources: SourceRepository;
  registers: RegisterRepository;
}

export interface AuthServices {
  login: LoginService;
  setup: FirstRunSetup;
  ownPassword: OwnPassword;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  /** Scrapers' tokens for GET /metrics (kbm_…). */
  monitoringTokens: MonitoringTokenService;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  transaction: Transaction;
  version: string;
  /** When this process started serving, for uptime in /health. */
  startedAt: Date;
  repositories: AppRepositories;
  audit: AuditLog;
  auth: AuthServices;
  /** People and their access, managed by admins. */
  users: UserService;
  organizations: OrganizationService;
  /** A source's account → organization rules (issue 5 "several organizations"). */
  organizationRules: OrganizationRules;
  sources: SourceService;
  registers: RegisterService;
  /** The exactly-once pipeline's stores: payments, jobs, receipts (the journal), shifts, register states. */
  stores: PipelineStores;
  payments: PaymentService;
  /** Payments taken at the office desk, printed on the register chosen there. */
  cashDesk: CashDeskService;
  pipeline: Pipeline;
  registerOperations: RegisterOperations;
  /** Enqueues status polls and shift closes (node-cron; started and stopped by app/server.ts). */
  lifecycle: LifecycleScheduler;
  /** The durable lifecycle work (maintenance_task). */
  maintenanceTasks: MaintenanceTaskRepository;
  /** When each register's FN must be replaced (GET /registers/:id/status, the dashboard). */
  fnForecasts: FnForecastService;
  /** POST /registers/:id/fn-replacement/prepare. */
  fnReplacement: FnReplacement;
  /** The change bus: the pipeline, register status, shifts and settings announce changes here. */
  events: AppEvents;
  settings: SettingsService;
  dashboard: DashboardView;
  /** Pushes the dashboard to GET /events streams. */
  dashboardFeed: DashboardFeed;
  stats: StatsService;
  /** The last verification of the receipt journal (at start, and each time it is asked for). */
  journal: { last: JournalVerification | undefined };
  /** GET /metrics: the Prometheus figures, read when scraped. */
  metrics: BoxMetrics;
  /** Alerts (issue 4): raised, updated, cleared by evaluation; read by notifications, SNMP, metrics, UI. */
  alerts: AlertService;
  /** The figures the alert rules compare against (settings key alert_thresholds). */
  alertThresholds: AlertThresholdSettings;
  /** Notification channels, the delivery queue and its sender loop (started and stopped by app/server.ts). */
  notifications: Notifications;
  /** Evaluates alerts every 30 s and soon after changes; started and stopped by app/server.ts. */
  alertRunner: AlertRunner;
  /** Billing connections: their API service, each one's adapter (cached), the account check; closed by server.ts. */
  billing: BillingConnections;
  /** Registrar mode: billing pollers and their schedule (started and stopped by app/server.ts). */
  pollers: Pollers;
  /** Results back: planner over job events, signed callbacks and billing marks (started/stopped by server.ts). */
  results: Results;
  /** Translator mode: /channel/<slug> notifications, the channels API, the billing post loop (server.ts). */
  channels: Channels;
  /** ATOL Online v4 for billings (/possystem/v4/…), its groups, and the planner of its callbacks. */
  atolOnline: AtolOnline;
  /** Signed update bundles: upload, state, rollback request (docs/updates.md); the installer is root's. */
  updates: UpdateService;
}

export interface CreateAppDepsOptions {
  config: Config;
  logger: Logger;
  /** An open database (storage/database.ts openDatabase): the caller owns opening and closing it. */
  db: Db;
  clock?: Clock;
  /** Tests lower the scrypt cost; production keeps the default. */
  scryptParams?: ScryptParams;
  /** How a register's driver is made; main uses the real drivers, tests may hand in simulators or fakes. */
  registrarFactory?: RegistrarFactory;
  /** Worker pacing; tests make it quick. */
  workerTiming?: WorkerTiming;
  /** Pacing and the stream cap of GET /events. */
  dashboardFeed?: DashboardFeedOptions;
  /** Free disk and memory for the alerts; tests script them, production reads the system. */
  systemProbes?: SystemProbes;
  /** How pollers and billing marks reach a billing connection; tests hand in fake adapters. */
  billingAdapterFor?: (billingConnectionId: number) => BillingAdapter;
}

function refuseDevices(): never {
  throw new Error('no registrar factory was configured for this process');
}

export function createAppDeps(options: CreateAppDepsOptions): AppDeps {
  const { config, logger, db } = options;
  const clock = options.clock ?? systemClock;
  const transaction = transactionOf(db);
  const repositories: AppRepositories = {
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    apiTokens: new ApiTokenRepository(db),
    audit: new AuditRepository(db),
    organizations: new OrganizationRepository(db),
    sources: new SourceRepository(db),
    registers: new RegisterRepository(db),
  };
  const audit = new AuditLog(repositories.audit, clock);
  const sessions = new SessionService(repositories.sessions, repositories.users, clock);
  const scryptParams = options.scryptParams ?? DEFAULT_SCRYPT_PARAMS;
  const people = { users: repositories.users, audit, transaction, clock, scryptParams };
  const lockout = new Lockout(repositories.users, audit, transaction, clock);
  const login = new LoginService({ ...people, sessions, lockout, throttle: new LoginThrottle(clock) });
  const events = new AppEvents();
  const statusSamples = new RegisterStatusSampleRepository(db);
  const stores: PipelineStores = {
    db,
    jobs: new FiscalJobRepository(db),
    payments: new PaymentRepository(db),
    receipts: new ReceiptRepository(db),
    shifts: new ShiftRepository(db),
    registers: repositories.registers,
    registerStates: new RegisterStatusRecorder(new RegisterStateRepository(db), statusSamples, events),
  };
  const operations = new OperationsRepository(db);
  const settings = new SettingsService({
    settings: new SettingRepository(db),
    audit,
    transaction,
    clock,
    events,
  });
  // The lifecycle (issue 4): scheduled status polls and shift closes run by each register's worker.
  const maintenanceTasks = new MaintenanceTaskRepository(db);
  const fnUsage = new FnUsageRepository(db);
  const shiftClose = new ShiftCloseRule({ settings, usage: fnUsage, operations });
  const now = () => clock.now();
  const pipeline = new Pipeline({
    ...stores,
    registrarFactory: options.registrarFactory ?? refuseDevices,
    now,
    logger: logger.child({ module: 'pipeline' }),
    events,
    ...(options.workerTiming ? { timing: options.workerTiming } : {}),
    maintenance: new RegisterMaintenanceRunner({ tasks: maintenanceTasks, shiftClose, audit }),
  });
  const policies = new ReceiptPolicyRepository(db);
  const payments = new PaymentService({
    ...stores,
    policies,
    clock,
    onAccepted: (organizationId) => {
      events.emit('payment');
      pipeline.wake(organizationId);
    },
  });
  const fnForecasts = new FnForecastService({
    registers: repositories.registers,
    registerStates: stores.registerStates,
    usage: fnUsage,
    clock,
  });
  const dashboard = new DashboardView({
    registers: repositories.registers,
    alertCounts: () => alerts.counts(),
    registerStates: stores.registerStates,
    operations,
    settings,
    clock,
    fnForecasts,
  });
  const feedLogger = logger.child({ module: 'dashboard-feed' });
  const journal: AppDeps['journal'] = { last: undefined };
  const metricsReads = new MetricsRepository(db);
  const alertLogger = logger.child({ module: 'alerts' });
  const alertThresholds = new AlertThresholdSettings({
    settings: new SettingRepository(db),
    audit,
    transaction,
    clock,
    events,
  });
  const alertFacts = {
    registers: repositories.registers,
    registerStates: stores.registerStates,
    operations,
    facts: new AlertFactsRepository(db),
    journal,
    probes: options.systemProbes ?? systemProbes(config.dataDir),
  };
  const alerts = new AlertService({
    alerts: new AlertRepository(db),
    audit,
    transaction,
    clock,
    events,
    logger: alertLogger,
    evaluate: (now) => evaluateAlerts(readAlertSnapshot(alertFacts), alertThresholds.read(), now),
  });
  // Listens to alerts before the runner's first evaluation, and gives it the notification_failed source.
  const notifications = new Notifications({
    db,
    transaction,
    clock,
    logger,
    audit,
    settings,
    registers: repositories.registers,
  });
  notifications.attach(alerts);
  const billing = new BillingConnections({
    connections: new BillingConnectionRepository(db),
    audit,
    transaction,
    clock,
    logger: logger.child({ module: 'billing' }),
  });
  const billingAdapterFor = options.billingAdapterFor ?? ((id: number) => billing.adapterFor(id));
  const pollerRows = new BillingPollerRepository(db);
  const channels = new Channels({
    db,
    sources: repositories.sources,
    payments,
    adapterFor: billingAdapterFor,
    audit,
    transaction,
    clock,
    logger,
    scryptParams,
    view: channelJson,
  });
  const pollers = new Pollers({
    pollers: pollerRows,
    sources: repositories.sources,
    adapterFor: billingAdapterFor,
    payments,
    audit,
    transaction,
    clock,
    logger,
  });
  const atolOnline = createAtolOnline({
    db,
    transaction,
    clock,
    audit,
    payments,
    settings,
    sources: repositories.sources,
    organizations: repositories.organizations,
    scryptParams,
  });
  const results = new Results({
    db,
    transaction,
    clock,
    logger,
    audit,
    events,
    sources: repositories.sources,
    payments: stores.payments,
    receipts: stores.receipts,
    views: payments.views,
    pollers: pollerRows,
    adapterFor: billingAdapterFor,
    extraPlanners: [atolOnline.callbackPlanner],
  });
  return {
    config,
    logger,
    clock,
    db,
    transaction,
    version: VERSION,
    startedAt: clock.now(),
    repositories,
    audit,
    auth: {
      sessions,
      login,
      setup: new FirstRunSetup({ ...people, login }),
      ownPassword: new OwnPassword({ ...people, sessions: repositories.sessions, lockout }),
      apiTokens: new ApiTokenService(repositories.apiTokens, repositories.sources, audit, transaction, clock),
      monitoringTokens: new MonitoringTokenService(
        new MonitoringTokenRepository(db),
        audit,
        transaction,
        clock,
      ),
    },
    users: new UserService({ ...people, sessions: repositories.sessions, registers: repositories.registers }),
    organizations: new OrganizationService(repositories.organizations, audit, transaction, clock),
    organizationRules: new OrganizationRules({
      rules: new OrganizationRuleRepository(db),
      policies,
      sources: repositories.sources,
      organizations: repositories.organizations,
      registers: repositories.registers,
      audit,
      transaction,
      clock,
    }),
    sources: new SourceService(repositories.sources, repositories.organizations, audit, transaction, clock),
    registers: new RegisterService(
      repositories.registers,
      repositories.organizations,
      audit,
      transaction,
      clock,
      (registerId) => pipeline.registerChanged(registerId),
    ),
    stores,
    payments,
    cashDesk: new CashDeskService({ ...repositories, payments, audit, transaction, clock }),
    pipeline,
    registerOperations: new RegisterOperations(pipeline),
    lifecycle: new LifecycleScheduler({
      registers: repositories.registers,
      registerStates: stores.registerStates,
      tasks: maintenanceTasks,
      shiftClose,
      settings,
      clock,
      logger: logger.child({ module: 'lifecycle' }),
      onEnqueued: (registerId) => pipeline.worker(registerId)?.wake(),
    }),
    maintenanceTasks,
    fnForecasts,
    fnReplacement: new FnReplacement({ pipeline, audit }),
    journal,
    events,
    settings,
    dashboard,
    dashboardFeed: new DashboardFeed(events, () => dashboard.build(), {
      onError: (error) => feedLogger.error({ err: error }, 'the dashboard could not be built'),
      ...options.dashboardFeed,
    }),
    stats: new StatsService({ operations, samples: statusSamples, settings }),
    alerts,
    alertThresholds,
    notifications,
    metrics: new BoxMetrics({
      dashboard,
      activeAlerts: () => alerts.active(),
      receipts: new ReceiptTally(metricsReads),
      journal,
      clock,
      version: VERSION,
    }),
    alertRunner: new AlertRunner(() => alerts.evaluateNow(), events, alertLogger),
    billing,
    pollers,
    results,
    channels,
    atolOnline,
    updates: new UpdateService({
      settings: config.update,
      dataDir: config.dataDir,
      db,
      audit,
      transaction,
      clock,
      runningVersion: VERSION,
    }),
  };
}
