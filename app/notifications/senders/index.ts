// The sender of a channel kind, made from the channel's stored config.
import type {
  ChannelConfig,
  ChannelKind,
  EmailConfig,
  SmsConfig,
  TelegramConfig,
  WebhookConfig,
} from '../channel-config.ts';
import { EmailSender } from './email-sender.ts';
import type { Sender } from './sender.ts';
import { SmsSender } from './sms-sender.ts';
import { TelegramSender } from './telegram-sender.ts';
import { WebhookSender } from './webhook-sender.ts';

export type SenderFactory = (kind: ChannelKind, config: ChannelConfig) => Sender;

export const createSender: SenderFactory = (kind, config) => {
  switch (kind) {
    case 'email':
      return new EmailSender(config as EmailConfig);
    case 'telegram':
      return new TelegramSender(config as TelegramConfig);
    case 'webhook':
      return new WebhookSender(config as WebhookConfig);
    case 'sms':
      return new SmsSender(config as SmsConfig);
  }
};
