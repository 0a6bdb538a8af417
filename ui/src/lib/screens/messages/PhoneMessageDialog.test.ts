import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Calendar } from '../../agenda';
import { desk } from '../../desk.svelte';
import { commandError } from '../../../test/fixtures';
import PhoneMessageDialog from './PhoneMessageDialog.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const CALENDARS: Calendar[] = [
  { id: 'cal-salle', name: 'Salle de soins', kind: 'ressource', colour: '#888888', archived: false },
  { id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false },
  { id: 'cal-old', name: 'Dr Ancien', kind: 'praticien', colour: '#1a7f37', archived: true },
];

function shell(refuse: { field: string; message: string } | null = null) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_calendars':
        return CALENDARS;
      case 'take_message':
        if (refuse) throw commandError('invalidInput', refuse.message, refuse.field);
        return 'm-1';
      case 'desk_counts':
        return {
          unanswered: 1,
          unansweredUrgent: 1,
          toCallBack: 0,
          tasksToday: 0,
          tasksOverdue: 0,
          mailToSee: 0,
          mailUrgent: 0,
          mailToFile: 0,
        };
      default:
        return null;
    }
  });
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const taken = () => calls.filter((c) => c.cmd === 'take_message');

beforeEach(() => {
  calls.length = 0;
  desk.reset();
});

afterEach(() => {
  cleanup();
  clearMocks();
  desk.reset();
});

describe('PhoneMessageDialog', () => {
  it('takes a message for a practitioner in service and closes', async () => {
    shell();
    let saved: string | null = null;
    render(PhoneMessageDialog, { onsaved: (who: string) => (saved = who) });
    desk.dialogOpen = true;
    // Only practitioners in service are offered.
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Dr Claire Martin']));
    await fireEvent.input(input('phone-message-caller-name'), { target: { value: 'Mme Lambert' } });
    await fireEvent.input(input('phone-message-caller-phone'), { target: { value: '06 12 34 56 78' } });
    await fireEvent.input(input('phone-message-about'), { target: { value: 'Demande ses résultats' } });
    await fireEvent.click(screen.getByTestId('phone-message-urgent'));
    await fireEvent.submit(input('phone-message-about').form!);

    await waitFor(() => expect(taken()).toHaveLength(1));
    expect(taken()[0]!.args['draft']).toEqual({
      patientId: null,
      callerName: 'Mme Lambert',
      callerPhone: '06 12 34 56 78',
      forCalendarId: 'cal-martin',
      about: 'Demande ses résultats',
      urgent: true,
      callBack: true,
    });
    await waitFor(() => expect(desk.dialogOpen).toBe(false));
    expect(saved).toBe('Mme Lambert');
    await waitFor(() => expect(desk.counts.unanswered).toBe(1));
  });

  it('shows a refused phone number next to its field and stays open', async () => {
    shell({ field: 'callerPhone', message: '« 12 34 » n’est pas un numéro de téléphone' });
    render(PhoneMessageDialog);
    desk.dialogOpen = true;
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await fireEvent.input(input('phone-message-caller-name'), { target: { value: 'M. Petit' } });
    await fireEvent.input(input('phone-message-caller-phone'), { target: { value: '12 34' } });
    await fireEvent.input(input('phone-message-about'), { target: { value: 'rappeler' } });
    await fireEvent.submit(input('phone-message-about').form!);

    await waitFor(() => expect(screen.getByTestId('error-callerPhone').textContent).toContain('12 34'));
    expect(desk.dialogOpen).toBe(true);
    expect(input('phone-message-caller-phone').getAttribute('aria-invalid')).toBe('true');
  });
});
