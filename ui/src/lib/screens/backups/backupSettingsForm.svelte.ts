// The backup settings as saved, and the rotation numbers as typed: the
// numbers are saved by a button, offered (and leaving asks first) only when
// they differ from the saved ones. The folders are saved at once.
import type { MessageKey } from '../../i18n';
import type { BackupSettings } from '../../safety';

export type NumberKey = 'keepDaily' | 'keepWeekly' | 'keepMonthly' | 'maxAgeHours';

/** How many daily, weekly and monthly backups are kept. */
export const KEEP: { key: NumberKey; label: MessageKey }[] = [
  { key: 'keepDaily', label: 'backups.settings.daily' },
  { key: 'keepWeekly', label: 'backups.settings.weekly' },
  { key: 'keepMonthly', label: 'backups.settings.monthly' },
];

/** Every number of the form. */
export const NUMBERS: { key: NumberKey }[] = [...KEEP, { key: 'maxAgeHours' }];

export class BackupSettingsForm {
  settings = $state<BackupSettings | null>(null);
  numbers = $state<Record<string, string>>({});

  readonly dirty = $derived(
    this.settings !== null && NUMBERS.some(({ key }) => this.numbers[key]?.trim() !== String(this.settings?.[key])),
  );

  /** The saved settings, and the numbers as saved. */
  fill(saved: BackupSettings) {
    this.settings = saved;
    this.numbers = Object.fromEntries(NUMBERS.map(({ key }) => [key, String(saved[key])]));
  }
}
