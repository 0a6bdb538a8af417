//! Phone messages and tasks: one core call each.

use carnet_core::messages::phone_messages::{self, MessageDraft, PhoneMessage};
use carnet_core::messages::tasks::{self, Task, TaskDraft};
use carnet_core::messages::{self, DeskCounts};
use carnet_core::session::AppState;
use tauri::{Runtime, State, WebviewWindow};

use super::on_cabinet;
use crate::error::CommandResult;

/// How many days of answered messages the doctor's list still shows.
const ANSWERED_DAYS_SHOWN: u32 = 7;

#[tauri::command]
pub async fn desk_counts<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<DeskCounts> {
    on_cabinet(&state, &window, |c| messages::counts(c)).await
}

#[tauri::command]
pub async fn take_message<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: MessageDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| phone_messages::take(c, &draft)).await
}

#[tauri::command]
pub async fn practitioner_messages<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    calendar_id: Option<String>,
) -> CommandResult<Vec<PhoneMessage>> {
    on_cabinet(&state, &window, move |c| {
        phone_messages::for_practitioner(c, calendar_id.as_deref(), ANSWERED_DAYS_SHOWN)
    })
    .await
}

#[tauri::command]
pub async fn messages_to_call_back<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<PhoneMessage>> {
    on_cabinet(&state, &window, |c| phone_messages::to_call_back(c)).await
}

#[tauri::command]
pub async fn patient_messages<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    patient_id: String,
) -> CommandResult<Vec<PhoneMessage>> {
    on_cabinet(&state, &window, move |c| {
        phone_messages::about_patient(c, &patient_id)
    })
    .await
}

#[tauri::command]
pub async fn mark_message_read<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| phone_messages::mark_read(c, &id)).await
}

#[tauri::command]
pub async fn answer_message<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    answer: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        phone_messages::answer(c, &id, &answer)
    })
    .await
}

#[tauri::command]
pub async fn mark_called_back<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        phone_messages::mark_called_back(c, &id)
    })
    .await
}

#[tauri::command]
pub async fn add_task<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: TaskDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| tasks::add(c, &draft)).await
}

/// The day's list (due today and overdue), or every open task with `all`.
#[tauri::command]
pub async fn list_tasks<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    all: bool,
) -> CommandResult<Vec<Task>> {
    on_cabinet(&state, &window, move |c| {
        if all {
            tasks::open(c)
        } else {
            tasks::due(c)
        }
    })
    .await
}

#[tauri::command]
pub async fn mark_task_done<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| tasks::mark_done(c, &id)).await
}
