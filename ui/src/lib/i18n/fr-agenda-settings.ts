// French texts of one part of the agenda (spread into ./fr.ts). Keys start
// with 'agendaSettings.'.
export const frAgendaSettings = {
  'agendaSettings.title': 'Réglages de l’agenda',
} as const;
