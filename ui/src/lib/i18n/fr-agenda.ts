// French texts of one part of the agenda (spread into ./fr.ts). Keys start
// with 'agenda.'.
export const frAgenda = {
  'agenda.title': 'Agenda',
} as const;
