// Phone messages and tasks: one line per command of
// src-tauri/src/commands/messages.rs, arguments in camelCase.
import { invoke } from '@tauri-apps/api/core';
import type { DeskCounts } from './bindings/DeskCounts';
import type { MessageDraft } from './bindings/MessageDraft';
import type { MessageState } from './bindings/MessageState';
import type { PhoneMessage } from './bindings/PhoneMessage';
import type { Task } from './bindings/Task';
import type { TaskDraft } from './bindings/TaskDraft';
import type { TaskOwner } from './bindings/TaskOwner';

import type { MessageKey } from './i18n';

/** How a message's state is said, in every list that shows it. */
export const STATE_LABEL: Record<MessageState, MessageKey> = {
  nouveau: 'messages.state.nouveau',
  lu: 'messages.state.lu',
  traite: 'messages.state.traite',
  rappele: 'messages.state.rappele',
};

export type { DeskCounts, MessageDraft, MessageState, PhoneMessage, Task, TaskDraft, TaskOwner };

export const messagesApi = {
  deskCounts: () => invoke<DeskCounts>('desk_counts'),
  takeMessage: (draft: MessageDraft) => invoke<string>('take_message', { draft }),
  // Unanswered first (urgent, then oldest), then those answered this week.
  practitionerMessages: (calendarId: string | null) => invoke<PhoneMessage[]>('practitioner_messages', { calendarId }),
  messagesToCallBack: () => invoke<PhoneMessage[]>('messages_to_call_back'),
  patientMessages: (patientId: string) => invoke<PhoneMessage[]>('patient_messages', { patientId }),
  markMessageRead: (id: string) => invoke<void>('mark_message_read', { id }),
  answerMessage: (id: string, answer: string) => invoke<void>('answer_message', { id, answer }),
  markCalledBack: (id: string) => invoke<void>('mark_called_back', { id }),
  addTask: (draft: TaskDraft) => invoke<string>('add_task', { draft }),
  // The day's list (due today and overdue), or every open task.
  listTasks: (all: boolean) => invoke<Task[]>('list_tasks', { all }),
  markTaskDone: (id: string) => invoke<void>('mark_task_done', { id }),
};
