// Whether the profile working now is an administrator: the screens only hide
// or disable what the shell would refuse anyway (it checks again).
import { api } from '../../api';

export async function isAdministrator(): Promise<boolean> {
  try {
    const state = await api.sessionState();
    return state.state === 'open' && state.user?.role === 'administrateur';
  } catch {
    return false;
  }
}
