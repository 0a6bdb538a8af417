// What the screen can tell about a typed PIN before asking the shell: a
// wrong length or a letter would only waste one of the five attempts.
import type { MessageKey } from '../../i18n';

/** The message for a PIN that cannot be right, or null to let the shell judge. */
export function pinProblem(pin: string): MessageKey | null {
  if (pin === '') return 'pin.required';
  if (!/^[0-9]{4,8}$/.test(pin)) return 'pin.format';
  return null;
}

/** Wrong PINs allowed before the shell closes the cabinet (as in the core). */
export const MAX_PIN_ATTEMPTS = 5;
